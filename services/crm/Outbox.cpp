// SPDX-License-Identifier: GPL-3.0-or-later
#include "crm/Outbox.h"

#include "crm/CrmConnector.h"
#include "net/RetryPolicy.h"
#include "storage/CacheStore.h"
#include "storage/Sql.h"

#include <QCoroTask>
#include <QHash>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QPointer>
#include <QSqlError>
#include <QSqlQuery>
#include <QTimeZone>
#include <QTimer>
#include <QUuid>

#include <algorithm>
#include <array>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcOutbox, "outreach.outbox")

namespace {

constexpr std::array kindNames = {
    std::pair{Outbox::Kind::Activity, "activity"},
    std::pair{Outbox::Kind::Event, "event"},
    std::pair{Outbox::Kind::Effectiveness, "effectiveness"},
};
constexpr std::array stateNames = {
    std::pair{Outbox::State::Pending, "pending"},
    std::pair{Outbox::State::Failed, "failed"},
    std::pair{Outbox::State::Delivered, "delivered"},
    std::pair{Outbox::State::Dropped, "dropped"},
};

// A row waits while an earlier write of the same message is refused: a "replied" must not reach
// the CRM for a message the CRM never got. Rows without a message never wait.
constexpr auto NotWaiting =
    "NOT (coalesce(outbox.message_id, '') <> '' AND EXISTS (SELECT 1 FROM outbox AS refused "
    "WHERE refused.state = 'failed' AND refused.message_id = outbox.message_id "
    "AND refused.seq < outbox.seq))";

template <typename Enum, std::size_t N>
Enum fromName(const std::array<std::pair<Enum, const char *>, N> &names, const QString &name,
              Enum fallback) {
    for (const auto &[value, text] : names) {
        if (name == QLatin1StringView(text))
            return value;
    }
    return fallback;
}

// The server refused this write itself (a 4xx other than 408, 409 and 429): retrying the same
// bytes cannot help, so the row waits for the rep. 401 and 403 are about the token, not the
// write: those rows stay queued and go out once the token is fixed.
bool refusedForGood(const OutreachError &error) {
    const int status = error.httpStatus();
    return status >= 400 && status <= 499 && !RetryPolicy::isRetryableStatus(status)
           && status != 401 && status != 403;
}

// Between delivery runs (each already retried by the policy) the outbox backs off further: the
// CRM is down or we are offline, and hammering it helps nobody.
std::chrono::milliseconds backoffBetweenRuns(int attempts) {
    const qint64 seconds = qint64(30) << std::clamp(attempts - 1, 0, 6); // 30 s .. 32 min
    return std::chrono::milliseconds(std::min<qint64>(seconds, 30 * 60) * 1000);
}

qint64 nowMs() {
    return QDateTime::currentMSecsSinceEpoch();
}

QDateTime fromMs(const QVariant &value) {
    if (value.isNull())
        return {};
    return QDateTime::fromMSecsSinceEpoch(value.toLongLong(), QTimeZone::utc());
}

constexpr auto EntryColumns =
    "seq, idempotency_key, kind, method, path, body, ticket_id, message_id, state, attempts, "
    "last_error, created_at_ms, next_attempt_ms, delivered_at_ms";

Outbox::Entry entryFrom(const QSqlQuery &query) {
    Outbox::Entry entry;
    entry.seq = query.value(0).toLongLong();
    entry.idempotencyKey = query.value(1).toString().toLatin1();
    entry.kind = fromName(kindNames, query.value(2).toString(), Outbox::Kind::Activity);
    entry.method = query.value(3).toString().toLatin1();
    entry.path = query.value(4).toString();
    entry.body = query.value(5).toByteArray();
    entry.ticketId = query.value(6).toString();
    entry.messageId = query.value(7).toString();
    entry.state = fromName(stateNames, query.value(8).toString(), Outbox::State::Pending);
    entry.attempts = query.value(9).toInt();
    entry.lastError = query.value(10).toString();
    entry.createdAt = fromMs(query.value(11));
    entry.nextAttemptAt = fromMs(query.value(12));
    entry.deliveredAt = fromMs(query.value(13));
    return entry;
}

} // namespace

Outbox::Outbox(CacheStore &cache, CrmConnector &crm, QObject *parent)
    : QObject(parent)
    , m_cache(cache)
    , m_crm(crm)
    , m_kickTimer(new QTimer(this))
    , m_retryTimer(new QTimer(this)) {
    m_kickTimer->setSingleShot(true);
    connect(m_kickTimer, &QTimer::timeout, this, [this] {
        if (m_paused || m_delivering)
            return;
        QCoro::connect(deliver(Mode::Background), this, [](const Report &) {});
    });
    m_retryTimer->setSingleShot(true);
    connect(m_retryTimer, &QTimer::timeout, this, [this] { scheduleDelivery(); });
}

QString Outbox::kindName(Kind kind) {
    for (const auto &[value, text] : kindNames) {
        if (value == kind)
            return QString::fromLatin1(text);
    }
    return {};
}

QString Outbox::stateName(State state) {
    for (const auto &[value, text] : stateNames) {
        if (value == state)
            return QString::fromLatin1(text);
    }
    return {};
}

Result<QByteArray> Outbox::enqueue(const Write &write,
                                   const std::function<Result<void>()> &localRecord) {
    Result<QList<QByteArray>> keys = enqueueAll({write}, localRecord);
    if (!keys.ok())
        return keys.error();
    return keys->constFirst();
}

Result<QList<QByteArray>> Outbox::enqueueAll(const QList<Write> &writes,
                                             const std::function<Result<void>()> &localRecord) {
    QList<QByteArray> keys;
    const Result<void> stored = m_cache.inTransaction([&]() -> Result<void> {
        if (localRecord) {
            if (Result<void> local = localRecord(); !local.ok())
                return local;
        }
        QSqlQuery query(m_cache.database());
        query.prepare(u"INSERT INTO outbox (idempotency_key, kind, method, path, body, ticket_id, "
                      "message_id, created_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"_s);
        for (const Write &write : writes) {
            const QByteArray key = QUuid::createUuid().toByteArray(QUuid::WithoutBraces);
            query.bindValue(0, QString::fromLatin1(key));
            query.bindValue(1, kindName(write.kind));
            query.bindValue(2, QString::fromLatin1(write.method));
            query.bindValue(3, write.path);
            query.bindValue(4, QJsonDocument(write.body).toJson(QJsonDocument::Compact));
            query.bindValue(5, write.ticketId);
            query.bindValue(6, write.messageId);
            query.bindValue(7, nowMs());
            if (!query.exec())
                return Sql::error(tr("Could not queue a write for the CRM"), query.lastError());
            keys.append(key);
        }
        return {};
    });
    if (!stored.ok())
        return stored.error();
    emitCounts();
    if (!writes.isEmpty())
        scheduleDelivery();
    return keys;
}

std::optional<Outbox::Entry> Outbox::nextPending(bool dueOnly) const {
    QSqlQuery query(m_cache.database());
    query.setForwardOnly(true);
    query.prepare(
        u"SELECT %1 FROM outbox WHERE state = 'pending' AND %2 ORDER BY seq LIMIT 1"_s.arg(
            QLatin1StringView(EntryColumns), QLatin1StringView(NotWaiting)));
    if (!query.exec() || !query.next())
        return std::nullopt;
    Entry entry = entryFrom(query);
    // Order matters (an event after its message): a row that is not due holds the ones behind.
    if (dueOnly && entry.nextAttemptAt.isValid()
        && entry.nextAttemptAt.toMSecsSinceEpoch() > nowMs())
        return std::nullopt;
    return entry;
}

QCoro::Task<Outbox::Report> Outbox::deliver(Mode mode) {
    Report report;
    if (m_delivering) {
        report.pending = pendingCount();
        co_return report;
    }
    m_delivering = true;
    m_retryTimer->stop();
    emit deliveryStarted();

    // In Flush mode a row that keeps failing transiently gets a few rounds, then the run ends.
    const int maxRounds = mode == Mode::Flush ? 3 : 1;
    QHash<qint64, int> rounds;
    QPointer<Outbox> self(this);
    while (true) {
        const std::optional<Entry> entry = nextPending(mode == Mode::Background);
        if (!entry)
            break;
        if (rounds.value(entry->seq) >= maxRounds)
            break;
        ++rounds[entry->seq];

        CrmWrite write;
        write.kind = entry->kind;
        write.ticketId = entry->ticketId;
        write.messageId = entry->messageId;
        write.body = entry->body;
        write.idempotencyKey = entry->idempotencyKey;
        write.earlierAttempts = entry->attempts;
        QCoro::Task<Result<QJsonObject>> delivering = m_crm.deliver(write);
        const Result<QJsonObject> result = co_await delivering;
        if (!self)
            co_return report; // destroyed while the write was in flight; the row stays queued

        if (result.ok()) {
            if (const Result<void> r = recordAttempt(*entry, {}, State::Delivered, {}); !r.ok())
                qCWarning(lcOutbox).noquote() << r.error().message();
            ++report.delivered;
            emit entryDelivered(entry->seq);
            emitCounts();
            continue;
        }

        const OutreachError &error = result.error();
        if (refusedForGood(error)) {
            if (const Result<void> r = recordAttempt(*entry, error, State::Failed, {}); !r.ok())
                qCWarning(lcOutbox).noquote() << r.error().message();
            ++report.failed;
            emit entryFailed(entry->seq, error.message());
            emitCounts();
            continue;
        }

        // Offline, the CRM in trouble, a rate limit or a token to fix: the row keeps its place.
        std::chrono::milliseconds wait = backoffBetweenRuns(entry->attempts + 1);
        if (error.retryAfter())
            wait = std::max(wait, *error.retryAfter());
        const QDateTime next =
            QDateTime::fromMSecsSinceEpoch(nowMs() + wait.count(), QTimeZone::utc());
        if (const Result<void> r = recordAttempt(*entry, error, std::nullopt, next); !r.ok())
            qCWarning(lcOutbox).noquote() << r.error().message();
        report.stoppedBy = error;
        const bool worthAnotherRound =
            error.isTransient() && error.code() != OutreachError::Code::Cancelled;
        if (mode == Mode::Flush && worthAnotherRound)
            continue;
        break;
    }
    if (report.stoppedBy && nextPending(false) == std::nullopt)
        report.stoppedBy.reset(); // it was retried and went out after all
    report.pending = pendingCount();
    m_delivering = false;
    armRetryTimer();
    emitCounts();
    emit deliveryFinished(report);
    co_return report;
}

Result<void> Outbox::recordAttempt(const Entry &entry, const std::optional<OutreachError> &error,
                                   std::optional<State> newState, const QDateTime &nextAttempt) {
    QSqlQuery query(m_cache.database());
    query.prepare(u"UPDATE outbox SET attempts = attempts + 1, last_error = ?, "
                  "state = coalesce(?, state), next_attempt_ms = ?, delivered_at_ms = ? "
                  "WHERE seq = ?"_s);
    query.addBindValue(error ? error->message() : QString());
    query.addBindValue(newState ? stateName(*newState) : QVariant(QMetaType(QMetaType::QString)));
    query.addBindValue(nextAttempt.isValid() ? nextAttempt.toMSecsSinceEpoch() : qint64(0));
    query.addBindValue(newState == State::Delivered ? QVariant(nowMs())
                                                    : QVariant(QMetaType(QMetaType::LongLong)));
    query.addBindValue(entry.seq);
    if (!query.exec())
        return Sql::error(tr("Could not update the outbox"), query.lastError());
    return {};
}

void Outbox::scheduleDelivery(int delayMs) {
    if (m_paused)
        return;
    if (!m_kickTimer->isActive() || m_kickTimer->remainingTime() > delayMs)
        m_kickTimer->start(delayMs);
}

void Outbox::deliverWaitingNow() {
    QSqlQuery query(m_cache.database());
    if (!query.exec(u"UPDATE outbox SET next_attempt_ms = 0 WHERE state = 'pending'"_s))
        qCWarning(lcOutbox).noquote()
            << Sql::error(tr("Could not update the outbox"), query.lastError()).message();
    scheduleDelivery();
}

void Outbox::setPaused(bool paused) {
    m_paused = paused;
    if (paused) {
        m_kickTimer->stop();
        m_retryTimer->stop();
    } else {
        scheduleDelivery();
    }
}

void Outbox::armRetryTimer() {
    QSqlQuery query(m_cache.database());
    // Waiting rows are left out: they go when the rep retries the refused one, not on a timer.
    if (!query.exec(u"SELECT min(next_attempt_ms) FROM outbox WHERE state = 'pending' AND %1"_s.arg(
            QLatin1StringView(NotWaiting)))
        || !query.next() || query.value(0).isNull())
        return;
    const qint64 wait = std::clamp<qint64>(query.value(0).toLongLong() - nowMs(), 0, 3'600'000);
    if (!m_paused)
        m_retryTimer->start(int(wait));
}

Result<int> Outbox::retryFailed(qint64 seq) {
    QSqlQuery query(m_cache.database());
    if (seq < 0) {
        query.prepare(u"UPDATE outbox SET state = 'pending', next_attempt_ms = 0 "
                      "WHERE state = 'failed'"_s);
    } else {
        query.prepare(u"UPDATE outbox SET state = 'pending', next_attempt_ms = 0 "
                      "WHERE state = 'failed' AND seq = ?"_s);
        query.addBindValue(seq);
    }
    if (!query.exec())
        return Sql::error(tr("Could not requeue a failed write"), query.lastError());
    const int requeued = query.numRowsAffected();
    emitCounts();
    scheduleDelivery();
    return requeued;
}

Result<int> Outbox::dropFailed(qint64 seq) {
    int dropped = 0;
    const Result<void> done = m_cache.inTransaction([&]() -> Result<void> {
        QSqlQuery query(m_cache.database());
        // The refused row, and the rows of its message after it that are not delivered yet.
        query.prepare(u"UPDATE outbox SET state = 'dropped' WHERE state IN ('pending', 'failed') "
                      "AND (seq = :seq OR (coalesce(message_id, '') <> '' AND seq > :seq "
                      "AND message_id = (SELECT message_id FROM outbox WHERE seq = :seq "
                      "AND state = 'failed'))) "
                      "AND EXISTS (SELECT 1 FROM outbox WHERE seq = :seq AND state = 'failed')"_s);
        query.bindValue(u":seq"_s, seq);
        if (!query.exec())
            return Sql::error(tr("Could not drop a refused write"), query.lastError());
        dropped = query.numRowsAffected();
        return {};
    });
    if (!done.ok())
        return done.error();
    emitCounts();
    scheduleDelivery();
    return dropped;
}

Result<int> Outbox::pruneFinished(CacheStore &cache, std::chrono::milliseconds retention,
                                  const QDateTime &now) {
    QSqlQuery query(cache.database());
    // A dropped row never got a delivery time: it is as old as its queueing.
    query.prepare(u"DELETE FROM outbox WHERE state IN ('delivered', 'dropped') "
                  "AND coalesce(delivered_at_ms, created_at_ms) < ?"_s);
    query.addBindValue(now.toMSecsSinceEpoch() - retention.count());
    if (!query.exec())
        return Sql::error(tr("Could not prune the outbox"), query.lastError());
    return query.numRowsAffected();
}

int Outbox::waitingCount() const {
    QSqlQuery query(m_cache.database());
    if (!query.exec(u"SELECT count(*) FROM outbox WHERE state = 'pending' AND NOT %1"_s.arg(
            QLatin1StringView(NotWaiting)))
        || !query.next())
        return -1;
    return query.value(0).toInt();
}

int Outbox::pendingCount() const {
    QSqlQuery query(m_cache.database());
    if (!query.exec(u"SELECT count(*) FROM outbox WHERE state = 'pending'"_s) || !query.next())
        return -1;
    return query.value(0).toInt();
}

int Outbox::failedCount() const {
    QSqlQuery query(m_cache.database());
    if (!query.exec(u"SELECT count(*) FROM outbox WHERE state = 'failed'"_s) || !query.next())
        return -1;
    return query.value(0).toInt();
}

QList<Outbox::Entry> Outbox::entries(State state) const {
    QList<Entry> result;
    QSqlQuery query(m_cache.database());
    query.setForwardOnly(true);
    // The last column: for a failed row, the later rows of its message that wait behind it.
    query.prepare(
        u"SELECT %1, CASE WHEN outbox.state = 'failed' "
        "AND coalesce(outbox.message_id, '') <> '' THEN (SELECT count(*) FROM outbox "
        "AS later WHERE later.state = 'pending' AND later.message_id = outbox.message_id "
        "AND later.seq > outbox.seq) ELSE 0 END FROM outbox WHERE state = ? ORDER BY seq"_s.arg(
            QLatin1StringView(EntryColumns)));
    query.addBindValue(stateName(state));
    if (!query.exec())
        return result;
    while (query.next()) {
        Entry entry = entryFrom(query);
        entry.waiting = query.value(14).toInt();
        result.append(std::move(entry));
    }
    return result;
}

void Outbox::emitCounts() {
    const int pending = pendingCount();
    const int failed = failedCount();
    if (pending == m_lastPending && failed == m_lastFailed)
        return;
    m_lastPending = pending;
    m_lastFailed = failed;
    emit countsChanged(pending, failed);
}
