// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "batch/BatchRunner.h"
#include "domain/BatchItem.h"

#include <QPointer>
#include <QWidget>

class BatchController;
class BatchItemListModel;
class ComposeSession;
class QAction;
class QLabel;
class QLineEdit;
class QListView;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QTimer;

// The batch window: how far the running batch has got (counts, time, tokens and cost, a rate
// limit wait) with Pause, Resume and Cancel, and the review queue, where each draft is read,
// edited, approved, regenerated, skipped or rejected from the keyboard. Its own window, so that
// its shortcuts (Ctrl+Return approves) never compete with the compose area's.
class BatchPanel : public QWidget {
    Q_OBJECT

public:
    BatchPanel(BatchController &controller, QWidget *parent = nullptr);

    // "Batch: 12 of 40 done · 3 min left", for the main window's status bar.
    static QString statusLine(const BatchRunner::Progress &progress);
    // "2 h 5 min", "3 min", "40 s".
    static QString duration(qint64 ms);
    // Offers to resume a job an earlier run left open; nothing is asked in a modal dialog.
    void offerResume(const BatchJob &job);

    QAction *nextAction() const { return m_next; }
    QAction *previousAction() const { return m_previous; }
    QAction *approveAction() const { return m_approve; }
    QAction *regenerateAction() const { return m_regenerate; }
    QAction *skipAction() const { return m_skip; }
    QAction *rejectAction() const { return m_reject; }
    QAction *approveAllAction() const { return m_approveAll; }
    QAction *pauseAction() const { return m_pause; }
    QAction *resumeAction() const { return m_resume; }
    QAction *cancelAction() const { return m_cancel; }
    BatchItemListModel *model() const { return m_model; }
    QListView *queue() const { return m_queue; }
    // The item shown for review, or nullopt.
    std::optional<BatchItem> currentItem() const;

signals:
    void statusMessage(const QString &text);

private:
    QAction *makeAction(const QString &name, const QString &text, const QKeySequence &shortcut,
                        const QString &what);
    void reloadItems();
    void refreshProgress();
    void showCurrent();
    void bindSession(ComposeSession *session);
    void updateReview();
    void updateActions();
    void step(int delta);
    void moveToNextUnreviewed();
    void report(const Result<void> &result);

    BatchController &m_controller;
    BatchItemListModel *m_model;
    QPointer<ComposeSession> m_session;
    QList<QMetaObject::Connection> m_sessionConnections;

    QWidget *m_resumeBar = nullptr;
    QLabel *m_resumeText = nullptr;
    qint64 m_offeredJob = 0;
    QLabel *m_scope = nullptr;
    QProgressBar *m_bar = nullptr;
    QLabel *m_counts = nullptr;
    QLabel *m_times = nullptr;
    QLabel *m_tokens = nullptr;
    QLabel *m_rateLimit = nullptr;
    QListView *m_queue = nullptr;
    QLabel *m_itemHeader = nullptr;
    QLabel *m_reason = nullptr;
    QLineEdit *m_subject = nullptr;
    QPlainTextEdit *m_body = nullptr;
    QLabel *m_findings = nullptr;
    QLabel *m_metadata = nullptr;
    QLineEdit *m_request = nullptr;
    QTimer *m_tick = nullptr;

    QAction *m_next = nullptr;
    QAction *m_previous = nullptr;
    QAction *m_approve = nullptr;
    QAction *m_regenerate = nullptr;
    QAction *m_skip = nullptr;
    QAction *m_reject = nullptr;
    QAction *m_approveAll = nullptr;
    QAction *m_pause = nullptr;
    QAction *m_resume = nullptr;
    QAction *m_cancel = nullptr;
};
