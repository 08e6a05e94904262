// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "review/CoachingItem.h"

#include <QMap>
#include <QPointer>
#include <QWidget>

class ComposeSession;
class PhonePreview;
class QBoxLayout;
class QLabel;
class QPushButton;
class QStackedLayout;
class QTimer;

// The compose area's "Coaching" tab: each piece of DraftCoach's coaching on the draft with its
// status, measured value, why it matters and what works, beside a phone preview. It follows
// the session's draft as the rep edits it, a moment after the typing pauses, and at once when a
// generation finishes.
class CoachingPanel : public QWidget {
    Q_OBJECT
public:
    // How long the typing pauses before the coaching is worked out again.
    static constexpr int DebounceMs = 150;

    explicit CoachingPanel(QWidget *parent = nullptr);

    // Follows `session` (nullptr: nothing).
    void setSession(ComposeSession *session);
    // Something the panel does not watch changed (the length chosen): coach again after the
    // pause.
    void scheduleUpdate();
    // Works the coaching out now, or as soon as the panel is shown.
    void updateNow();

    const QList<CoachingItem> &items() const { return m_items; }
    PhonePreview *phonePreview() const { return m_phone; }

signals:
    // The rep asked to see a stretch of the message body (a long sentence).
    void selectionRequested(qsizetype start, qsizetype length);

protected:
    void showEvent(QShowEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    struct Row {
        QLabel *status = nullptr;
        QLabel *title = nullptr;
        QLabel *reason = nullptr;
        QLabel *range = nullptr;
        QPushButton *select = nullptr;
    };

    Row &rowFor(CoachingItem::Kind kind);
    void showItems();
    void selectNextSpan();

    QPointer<ComposeSession> m_session;
    QTimer *m_debounce;
    QList<CoachingItem> m_items;
    bool m_stale = true; // the draft changed while the panel was hidden
    // Which long sentence the next click selects.
    qsizetype m_nextSpan = 0;

    QStackedLayout *m_stack = nullptr;
    QLabel *m_placeholder = nullptr;
    QWidget *m_rows = nullptr;
    QBoxLayout *m_columns = nullptr;
    QMap<CoachingItem::Kind, Row> m_rowByKind;
    PhonePreview *m_phone = nullptr;
};
