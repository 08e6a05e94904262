// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/OutreachError.h"
#include "domain/Result.h"
#include "mail/ImapConnection.h"
#include "mail/ImapSearch.h"
#include "storage/MailStore.h"
#include "workspace/MailSettings.h"

#include <QObject>
#include <QPointer>
#include <QString>
#include <qcoro/qcorotask.h>

#include <chrono>
#include <coroutine>
#include <memory>

class ActivityTracker;
class CacheStore;
class QTimer;

// Watches the rep's mailbox for what became of the drafts they asked to be watched: the copy in
// the Sent folder with the draft's Message-ID (sent, at the real send time), a reply in the
// inbox (replied) and a failed delivery report naming it (bounced). Each outcome goes through
// ActivityTracker::recordOutcome, and so through the outbox, together with the record of where
// it was seen, in one transaction: seen again on a later check or after a crash, it changes
// nothing. Between checks it waits in IDLE on the inbox where the server offers it, and polls
// otherwise.
class MailOutcomeWatcher : public QObject {
    Q_OBJECT
public:
    explicit MailOutcomeWatcher(CacheStore &cache, QObject *parent = nullptr);
    // Stops the loop first (see stop()).
    ~MailOutcomeWatcher() override;

    // Where outcomes are recorded: the CRM session's tracker, or the local one. Null pauses
    // recording (checks fail) while the CRM session is replaced.
    void setTracker(ActivityTracker *tracker) { m_tracker = tracker; }

    void setSettings(const MailSettings &settings, const QString &password);
    // The longest wait between checks (the settings' pollSeconds unless set): IDLE ends early
    // when the inbox changes.
    void setInterval(std::chrono::milliseconds interval) { m_interval = interval; }

    struct Report {
        int checked = 0;  // watched messages looked for
        int recorded = 0; // outcomes recorded by this check
    };
    // One check of every watched message now (connecting when needed). Used by the loop and by
    // "Check Mailbox Now".
    QCoro::Task<Result<Report>> checkNow();

    // Runs checks until stop(): one now, then after each change IDLE reports or each interval.
    void start();
    // "Check Mailbox Now" (and a newly watched draft): the running loop checks again at once.
    void requestCheck();
    // Ends the loop: the connection is aborted, which ends a command or IDLE in progress at
    // once, and a wait between checks is cut short, so the loop has returned when this does.
    void stop();
    bool isRunning() const { return m_running; }

    // Folder names tried when the server marks no folder \Sent.
    static QStringList sentFallbackNames();

signals:
    void outcomeRecorded(const QString &ticketId, const QString &messageId,
                         MailStore::Outcome outcome);
    // A check failed (the server is unreachable, the password was refused); the loop goes on.
    void checkFailed(const OutreachError &error);

private:
    // The wait between checks. Its own awaiter, not a signal's: stop() ends it at once, so the
    // loop has returned before the watcher is destroyed and no coroutine is left suspended.
    struct Sleep {
        MailOutcomeWatcher *watcher;
        std::chrono::milliseconds duration;
        bool await_ready() const noexcept { return false; }
        void await_suspend(std::coroutine_handle<> handle);
        void await_resume() const noexcept {}
    };
    void endSleep();

    QCoro::Task<void> loop();
    QCoro::Task<Result<void>> ensureOpen();
    // The examined mailbox's messages that match `search`, fetched (with their text when asked).
    QCoro::Task<Result<QList<ImapConnection::FetchedMessage>>>
    findMessages(ImapConnection *connection, ImapSearch search, bool withText);
    QCoro::Task<Result<int>> checkSent(const QList<MailStore::Entry> &entries);
    QCoro::Task<Result<int>> checkInbox(const QList<MailStore::Entry> &entries);
    Result<bool> record(const MailStore::Entry &entry, MailStore::Outcome outcome,
                        const QDateTime &occurredAt, const QString &source);

    CacheStore &m_cache;
    ActivityTracker *m_tracker = nullptr;
    MailSettings m_settings;
    QString m_password;
    std::chrono::milliseconds m_interval{120000};
    std::unique_ptr<ImapConnection> m_connection;
    QTimer *m_sleepTimer;
    std::coroutine_handle<> m_sleeper;
    bool m_running = false; // the loop is on
    bool m_stopping = false;
    bool m_checking = false; // a check is in progress
    bool m_looping = false;  // the loop coroutine has not returned yet
    bool m_idling = false;
    bool m_checkRequested = false;
    bool m_reconnect = false; // the settings changed: the next check opens a new connection
};
