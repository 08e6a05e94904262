#pragma once

#include "DraftVersion.h"
#include "OutreachActivity.h"

#include <QWidget>

class QPushButton;
class QTreeWidget;
class QTreeWidgetItem;

// A ticket's message history in the compose area: the messages saved to the ticket's history
// (and whether they were marked sent), and every generated version, any of which can be put back
// into the editor.
class HistoryPanel : public QWidget {
    Q_OBJECT
public:
    explicit HistoryPanel(QWidget *parent = nullptr);

    struct SavedMessage {
        OutreachActivity activity;
        bool sent = false;
    };
    void setHistory(const QList<SavedMessage> &saved, const QList<DraftVersion> &versions,
                    bool restoreAllowed);

    QTreeWidget *tree() const { return m_tree; }
    int savedCount() const { return m_savedCount; }
    int versionCount() const { return m_versionCount; }
    // The id of the version at `row` under "Versions", newest first; 0 when there is none.
    qint64 versionIdAt(int row) const;

signals:
    void restoreRequested(qint64 versionId);

private:
    qint64 selectedVersionId() const;
    void updateButton();

    QTreeWidget *m_tree;
    QPushButton *m_restore;
    QTreeWidgetItem *m_savedRoot = nullptr;
    QTreeWidgetItem *m_versionRoot = nullptr;
    int m_savedCount = 0;
    int m_versionCount = 0;
    bool m_restoreAllowed = true;
};
