// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "crm/CrmWrite.h"
#include "domain/Result.h"

#include <QByteArray>
#include <QCoroTask>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QString>

#include <chrono>
#include <functional>

class CacheStore;
class CrmConnector;
class QTimer;

// CRM writes that must land exactly once. Each is committed to the outbox table, with a UUID
// idempotency key, in the same SQLite transaction as the rep's own record of it; then the rows
// are delivered in order with the retry policy. A crash, a kill or a day offline loses nothing,
// and the key makes a repeated delivery harmless. A message's writes reach the CRM in the order
// they were made: when the CRM refuses one, the later ones of that message wait with it.
class Outbox : public QObject {
    Q_OBJECT
public:
    using Kind = CrmWrite::Kind;
    // Dropped: the rep gave up on a refused write (and what waited behind it); never sent.
    enum class State { Pending, Failed, Delivered, Dropped };

    struct Entry {
        qint64 seq = 0;
        QByteArray idempotencyKey;
        Kind kind = Kind::Activity;
        QByteArray method;
        QString path;
        QByteArray body;
        QString ticketId;
        QString messageId;
        State state = State::Pending;
        int attempts = 0;
        QString lastError;
        QDateTime createdAt;
        QDateTime nextAttemptAt;
        QDateTime deliveredAt;
        // For a failed row: how many later writes of the same message wait behind it.
        int waiting = 0;
    };

    struct Write {
        Kind kind = Kind::Activity;
        QByteArray method;
        QString path;
        QJsonObject body;
        QString ticketId;
        QString messageId;
    };

    // How a delivery run treats rows that keep failing.
    enum class Mode {
        // Respects each row's next attempt time and stops at the first row that still fails
        // transiently, scheduling itself for later (the app's normal mode).
        Background,
        // Tries every due-or-not pending row now, a few rounds each (--flush-outbox).
        Flush,
    };

    struct Report {
        int delivered = 0;
        int failed = 0;                         // newly marked failed in this run
        int pending = 0;                        // still pending afterwards
        std::optional<OutreachError> stoppedBy; // why the run ended before the queue was empty
    };

    Outbox(CacheStore &cache, CrmConnector &crm, QObject *parent = nullptr);

    // Stores `write` and runs `localRecord` (the rep's own copy) in one transaction: both are
    // stored or neither is. Returns the new row's idempotency key. Schedules a delivery.
    Result<QByteArray> enqueue(const Write &write,
                               const std::function<Result<void>()> &localRecord = {});
    // Several writes that belong together (an outcome's event and the metrics it changes) and
    // their local record, in one transaction, queued in the order given. Returns their keys.
    Result<QList<QByteArray>> enqueueAll(const QList<Write> &writes,
                                         const std::function<Result<void>()> &localRecord = {});

    // Delivers pending rows in order. Only one run at a time: a call while one is running
    // returns an empty report at once (the running one picks up new rows).
    QCoro::Task<Report> deliver(Mode mode = Mode::Background);
    bool isDelivering() const { return m_delivering; }

    // Starts a background delivery soon (coalesces bursts; used after enqueue, at start-up, when
    // the network returns and when the CRM answered something else).
    void scheduleDelivery(int delayMs = 0);
    // Makes every pending row due and schedules a delivery. For a fresh start and for the CRM
    // answering again: the backoff between runs was about the CRM being away, and honouring it
    // then would hold the rep's writes for up to 32 minutes with the CRM right there.
    void deliverWaitingNow();
    // Stops background deliveries (the pending rows stay queued).
    void setPaused(bool paused);

    // Puts a failed row (or, with seq < 0, every failed row) back in the queue and delivers;
    // the writes that waited behind it follow it in their order.
    Result<int> retryFailed(qint64 seq = -1);
    // Gives up on a failed row and on the writes of the same message queued after it: they are
    // marked dropped and never sent (the rep's own records stay). Returns how many rows.
    Result<int> dropFailed(qint64 seq);

    // Pending rows, including the ones waiting behind a refused write.
    int pendingCount() const;
    // Pending rows that wait behind a refused write of the same message.
    int waitingCount() const;
    int failedCount() const;
    QList<Entry> entries(State state) const;

    // Removes delivered and dropped rows that finished before `now - retention`: the CRM has
    // them (or the rep gave up on them), and the rep's own records are kept in their own
    // tables. Pending and failed rows are never removed. Returns how many rows went.
    static Result<int> pruneFinished(CacheStore &cache, std::chrono::milliseconds retention,
                                     const QDateTime &now);

    static QString kindName(Kind kind);
    static QString stateName(State state);

signals:
    void countsChanged(int pending, int failed);
    void entryDelivered(qint64 seq);
    void entryFailed(qint64 seq, const QString &message);
    void deliveryStarted();
    void deliveryFinished(const Outbox::Report &report);

private:
    std::optional<Entry> nextPending(bool dueOnly) const;
    Result<void> recordAttempt(const Entry &entry, const std::optional<OutreachError> &error,
                               std::optional<State> newState, const QDateTime &nextAttempt);
    void emitCounts();
    void armRetryTimer();

    CacheStore &m_cache;
    CrmConnector &m_crm;
    QTimer *m_kickTimer;
    QTimer *m_retryTimer;
    bool m_delivering = false;
    bool m_paused = false;
    int m_lastPending = -1;
    int m_lastFailed = -1;
};
