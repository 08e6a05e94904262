// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "activity/ActivityTracker.h"
#include "domain/DraftVersion.h"
#include "domain/MessageOutcome.h"
#include "domain/OutreachActivity.h"

#include <QHash>
#include <QWidget>

class QPushButton;
class QTreeWidget;
class QTreeWidgetItem;

// A ticket's message history in the compose area: the messages saved to the ticket's history with
// how each went (sent, replied, meeting, bounced; one click records an outcome), and every
// generated version, any of which can be put back into the editor.
class HistoryPanel : public QWidget {
    Q_OBJECT
public:
    explicit HistoryPanel(QWidget *parent = nullptr);

    // What the rep's mailbox says of a saved message: saved to Drafts, seen in Sent, a reply, a
    // bounce, each with where it was seen. Shown under the message.
    struct MailNote {
        QDateTime at;
        QString what;  // "In Drafts", "Sent", "Replied", "Bounced"
        QString where; // "seen in the Sent folder “Sent” of sam@imap.example.com"
    };
    struct SavedMessage {
        OutreachActivity activity;
        std::optional<MessageOutcome> outcome;
        QList<MailNote> mail;
    };
    void setHistory(const QList<SavedMessage> &saved, const QList<DraftVersion> &versions,
                    bool restoreAllowed);

    QTreeWidget *tree() const { return m_tree; }
    int savedCount() const { return m_savedCount; }
    int versionCount() const { return m_versionCount; }
    // The id of the version at `row` under "Versions", newest first; 0 when there is none.
    qint64 versionIdAt(int row) const;

    // Selects the saved message `messageId` (for the outcome buttons); false when not listed.
    bool selectSavedMessage(const QString &messageId);
    QPushButton *outcomeButton(ActivityTracker::Milestone outcome) const;

signals:
    void restoreRequested(qint64 versionId);
    void outcomeRequested(const QString &messageId, ActivityTracker::Milestone outcome);

private:
    qint64 selectedVersionId() const;
    QString selectedMessageId() const;
    static QString outcomeText(const SavedMessage &message);
    void updateButton();

    QTreeWidget *m_tree;
    QPushButton *m_restore;
    QHash<int, QPushButton *> m_outcomeButtons;
    QTreeWidgetItem *m_savedRoot = nullptr;
    QTreeWidgetItem *m_versionRoot = nullptr;
    int m_savedCount = 0;
    int m_versionCount = 0;
    bool m_restoreAllowed = true;
};
