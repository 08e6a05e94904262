// SPDX-License-Identifier: GPL-3.0-or-later
#include "activity/ActivityTracker.h"

#include "crm/CrmWrite.h"
#include "crm/Outbox.h"
#include "domain/JsonReader.h"
#include "storage/CacheStore.h"
#include "storage/OutcomeReader.h"
#include "storage/Sql.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace {

// The local halves of trackOutreachActivity and updateEffectiveness (and of recordOutcome,
// which queues both).
Result<void> storeEvent(CacheStore &cache, const QString &ticketId, const QString &messageId,
                        const ActivityEvent &event) {
    QSqlQuery query(cache.database());
    query.prepare(u"INSERT INTO message_events (message_id, ticket_id, type, occurred_at) "
                  "VALUES (?, ?, ?, ?)"_s);
    query.addBindValue(messageId);
    query.addBindValue(ticketId);
    query.addBindValue(ActivityEvent::typeName(event.type));
    query.addBindValue(JsonReader::timestampString(event.occurredAt));
    if (!query.exec())
        return Sql::error(
            QCoreApplication::translate("ActivityTracker", "Could not store an event of message %1")
                .arg(messageId),
            query.lastError());
    return {};
}

Result<void> storeMetrics(CacheStore &cache, const QString &messageId,
                          const EffectivenessMetrics &metrics) {
    QSqlQuery query(cache.database());
    query.prepare(u"INSERT INTO message_effectiveness (message_id, metrics, updated_at) "
                  "VALUES (?, ?, ?) ON CONFLICT (message_id) DO UPDATE SET "
                  "metrics = excluded.metrics, updated_at = excluded.updated_at"_s);
    query.addBindValue(messageId);
    query.addBindValue(JsonReader::compactText(metrics.toJson()));
    query.addBindValue(JsonReader::timestampString(metrics.updatedAt));
    if (!query.exec())
        return Sql::error(QCoreApplication::translate(
                              "ActivityTracker", "Could not store the effectiveness of message %1")
                              .arg(messageId),
                          query.lastError());
    return {};
}

// The metrics this computer last queued for the message, if any.
std::optional<EffectivenessMetrics> storedMetrics(CacheStore &cache, const QString &messageId) {
    QSqlQuery query(cache.database());
    query.prepare(u"SELECT metrics FROM message_effectiveness WHERE message_id = ?"_s);
    query.addBindValue(messageId);
    if (!query.exec() || !query.next())
        return std::nullopt;
    Result<EffectivenessMetrics> metrics = EffectivenessMetrics::fromJson(
        JsonReader::objectFromText(query.value(0).toString()), messageId);
    if (!metrics.ok())
        return std::nullopt;
    return std::move(metrics).value();
}

bool sameApartFromTime(EffectivenessMetrics a, const EffectivenessMetrics &b) {
    a.updatedAt = b.updatedAt;
    return a == b;
}

// The CRM writes of trackOutreachActivity and updateEffectiveness (recordOutcome queues both).
Outbox::Write eventWrite(const QString &ticketId, const QString &messageId,
                         const ActivityEvent &event) {
    Outbox::Write write;
    write.kind = Outbox::Kind::Event;
    write.method = CrmWrite::restMethod(write.kind);
    write.path = CrmWrite::restPath(write.kind, ticketId, messageId);
    write.body = event.toJson();
    write.ticketId = ticketId;
    write.messageId = messageId;
    return write;
}

Outbox::Write metricsWrite(const QString &ticketId, const QString &messageId,
                           const EffectivenessMetrics &metrics) {
    Outbox::Write write;
    write.kind = Outbox::Kind::Effectiveness;
    write.method = CrmWrite::restMethod(write.kind);
    write.path = CrmWrite::restPath(write.kind, ticketId, messageId);
    write.body = metrics.toJson();
    write.ticketId = ticketId;
    write.messageId = messageId;
    return write;
}

} // namespace

ActivityTracker::ActivityTracker(CacheStore &cache, Outbox &outbox)
    : m_cache(cache)
    , m_outbox(&outbox) {}

ActivityTracker::ActivityTracker(CacheStore &cache)
    : m_cache(cache) {}

Result<QByteArray> ActivityTracker::enqueue(const Outbox::Write &write,
                                            const std::function<Result<void>()> &localRecord) {
    if (m_outbox)
        return m_outbox->enqueue(write, localRecord);
    if (const Result<void> stored = m_cache.inTransaction(localRecord); !stored.ok())
        return stored.error();
    return QUuid::createUuid().toByteArray(QUuid::WithoutBraces);
}

Result<QByteArray> ActivityTracker::addOutreachActivity(const QString &ticketId,
                                                        const OutreachActivity &activity) {
    // Validate what we are about to promise the CRM: a bad row would only fail at delivery.
    const QJsonObject body = activity.toJson();
    if (const Result<OutreachActivity> valid = OutreachActivity::fromJson(body); !valid.ok())
        return valid.error();
    Outbox::Write write;
    write.kind = Outbox::Kind::Activity;
    write.method = CrmWrite::restMethod(write.kind);
    write.path = CrmWrite::restPath(write.kind, ticketId, activity.messageId);
    write.body = body;
    write.ticketId = ticketId;
    write.messageId = activity.messageId;
    return enqueue(write, [&]() -> Result<void> {
        QSqlQuery query(m_cache.database());
        query.prepare(u"INSERT INTO messages (id, ticket_id, subject, content, metadata, "
                      "created_at, created_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?)"_s);
        query.addBindValue(activity.messageId);
        query.addBindValue(ticketId);
        query.addBindValue(activity.subject);
        query.addBindValue(activity.content);
        query.addBindValue(JsonReader::compactText(body.value(u"metadata"_s).toObject()));
        query.addBindValue(JsonReader::timestampString(activity.createdAt));
        query.addBindValue(activity.createdAt.toMSecsSinceEpoch());
        if (!query.exec())
            return Sql::error(
                QCoreApplication::translate("ActivityTracker", "Could not store message %1")
                    .arg(activity.messageId),
                query.lastError());
        return {};
    });
}

Result<QByteArray> ActivityTracker::trackOutreachActivity(const QString &ticketId,
                                                          const QString &messageId,
                                                          const ActivityEvent &event) {
    return enqueue(eventWrite(ticketId, messageId, event),
                   [&] { return storeEvent(m_cache, ticketId, messageId, event); });
}

Result<QByteArray> ActivityTracker::updateEffectiveness(const QString &ticketId,
                                                        const QString &messageId,
                                                        const EffectivenessMetrics &metrics) {
    return enqueue(metricsWrite(ticketId, messageId, metrics),
                   [&] { return storeMetrics(m_cache, messageId, metrics); });
}

QList<OutreachActivity> ActivityTracker::messages(const QString &ticketId) const {
    QList<OutreachActivity> result;
    QSqlQuery query(m_cache.database());
    query.setForwardOnly(true);
    query.prepare(u"SELECT id, subject, content, metadata, created_at FROM messages "
                  "WHERE ticket_id = ? ORDER BY created_at_ms DESC"_s);
    query.addBindValue(ticketId);
    if (!query.exec())
        return result;
    while (query.next()) {
        QJsonObject json{
            {u"message_id"_s, query.value(0).toString()},
            {u"type"_s, u"outreach_message"_s},
            {u"subject"_s, query.value(1).toString()},
            {u"content"_s, query.value(2).toString()},
            {u"metadata"_s, JsonReader::objectFromText(query.value(3).toString())},
            {u"created_at"_s, query.value(4).toString()},
        };
        if (Result<OutreachActivity> activity = OutreachActivity::fromJson(json); activity.ok())
            result.append(std::move(activity).value());
    }
    return result;
}

QList<ActivityEvent> ActivityTracker::events(const QString &messageId) const {
    QList<ActivityEvent> result;
    QSqlQuery query(m_cache.database());
    query.setForwardOnly(true);
    query.prepare(u"SELECT type, occurred_at FROM message_events WHERE message_id = ? "
                  "ORDER BY id"_s);
    query.addBindValue(messageId);
    if (!query.exec())
        return result;
    while (query.next()) {
        const QJsonObject json{{u"type"_s, query.value(0).toString()},
                               {u"occurred_at"_s, query.value(1).toString()}};
        if (Result<ActivityEvent> event = ActivityEvent::fromJson(json, messageId); event.ok())
            result.append(std::move(event).value());
    }
    return result;
}

Result<QList<QByteArray>>
ActivityTracker::recordOutcome(const QString &ticketId, const QString &messageId, Milestone outcome,
                               const QDateTime &occurredAt,
                               const std::function<Result<void>()> &alongside) {
    const QDateTime when =
        occurredAt.isValid() ? occurredAt.toUTC() : QDateTime::currentDateTimeUtc();
    Result<std::optional<MessageOutcome>> current = OutcomeReader::forMessage(m_cache, messageId);
    if (!current.ok())
        return current.error();
    if (!current.value())
        return OutreachError(
            OutreachError::Code::ContextInvalid,
            QCoreApplication::translate("ActivityTracker",
                                        "Message %1 is not stored on this computer, so no outcome "
                                        "can be recorded for it.")
                .arg(messageId));
    MessageOutcome state = *current.value();
    if (state.ticketId != ticketId)
        return OutreachError(
            OutreachError::Code::ContextInvalid,
            QCoreApplication::translate("ActivityTracker",
                                        "Message %1 belongs to ticket %2, not to ticket %3.")
                .arg(messageId, state.ticketId, ticketId));

    // Only what is new becomes an event: the CRM counts events, so a repeat would count twice.
    std::optional<ActivityEvent::Type> eventType;
    const auto reply = [&](EffectivenessMetrics::Sentiment sentiment) {
        if (!state.replied)
            eventType = ActivityEvent::Type::Replied;
        state.replied = true;
        state.sentiment = sentiment;
    };
    switch (outcome) {
    case Milestone::Sent:
        if (!state.isSent()) {
            eventType = ActivityEvent::Type::Sent;
            state.sentAt = when;
        }
        break;
    case Milestone::Replied:
        reply(state.sentiment);
        break;
    case Milestone::RepliedPositive:
        reply(EffectivenessMetrics::Sentiment::Positive);
        break;
    case Milestone::RepliedNeutral:
        reply(EffectivenessMetrics::Sentiment::Neutral);
        break;
    case Milestone::RepliedNegative:
        reply(EffectivenessMetrics::Sentiment::Negative);
        break;
    case Milestone::MeetingBooked:
        if (!state.meetingBooked)
            eventType = ActivityEvent::Type::MeetingBooked;
        state.meetingBooked = true;
        break;
    case Milestone::Bounced:
        if (!state.bounced)
            eventType = ActivityEvent::Type::Bounced;
        state.bounced = true;
        break;
    }
    if (!state.sentAt)
        state.sentAt = state.createdAt; // a reply, meeting or bounce means it went out

    // The PUT replaces the CRM's metrics, so it carries everything known, and goes out only when
    // that differs from what this computer last queued.
    const EffectivenessMetrics metrics = state.toMetrics(when);
    const std::optional<EffectivenessMetrics> previous = storedMetrics(m_cache, messageId);
    const bool metricsChanged = !previous || !sameApartFromTime(metrics, *previous);
    if (!eventType && !metricsChanged) {
        if (alongside) {
            if (Result<void> stored = m_cache.inTransaction(alongside); !stored.ok())
                return stored.error();
        }
        return QList<QByteArray>();
    }

    QList<Outbox::Write> writes;
    ActivityEvent event;
    if (eventType) {
        event.type = *eventType;
        event.occurredAt = when;
        writes.append(eventWrite(ticketId, messageId, event));
    }
    if (metricsChanged)
        writes.append(metricsWrite(ticketId, messageId, metrics));
    const auto local = [&]() -> Result<void> {
        if (eventType) {
            if (Result<void> r = storeEvent(m_cache, ticketId, messageId, event); !r.ok())
                return r;
        }
        if (metricsChanged) {
            if (Result<void> r = storeMetrics(m_cache, messageId, metrics); !r.ok())
                return r;
        }
        return alongside ? alongside() : Result<void>();
    };
    if (m_outbox)
        return m_outbox->enqueueAll(writes, local);
    // No CRM: the local records only.
    if (Result<void> stored = m_cache.inTransaction(local); !stored.ok())
        return stored.error();
    return QList<QByteArray>();
}

std::optional<MessageOutcome> ActivityTracker::outcome(const QString &messageId) const {
    Result<std::optional<MessageOutcome>> found = OutcomeReader::forMessage(m_cache, messageId);
    if (!found.ok())
        return std::nullopt;
    return found.value();
}

QHash<QString, MessageOutcome> ActivityTracker::outcomes(const QString &ticketId) const {
    QHash<QString, MessageOutcome> byMessage;
    Result<QList<MessageOutcome>> found = OutcomeReader::forTicket(m_cache, ticketId);
    if (!found.ok())
        return byMessage;
    for (MessageOutcome &outcome : found.value())
        byMessage.insert(outcome.messageId, std::move(outcome));
    return byMessage;
}
