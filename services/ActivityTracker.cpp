#include "ActivityTracker.h"

#include "CacheStore.h"
#include "CrmClient.h"
#include "JsonReader.h"
#include "Outbox.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace {

QString compact(const QJsonObject &object) {
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

QJsonObject parsed(const QString &json) {
    return QJsonDocument::fromJson(json.toUtf8()).object();
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
    write.method = "POST"_ba;
    write.path = CrmClient::activitiesPath(ticketId);
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
        query.addBindValue(compact(body.value(u"metadata"_s).toObject()));
        query.addBindValue(JsonReader::timestampString(activity.createdAt));
        query.addBindValue(activity.createdAt.toMSecsSinceEpoch());
        if (!query.exec())
            return CacheStore::sqlError(
                QCoreApplication::translate("ActivityTracker", "Could not store message %1")
                    .arg(activity.messageId),
                query.lastError());
        return {};
    });
}

Result<QByteArray> ActivityTracker::trackOutreachActivity(const QString &ticketId,
                                                          const QString &messageId,
                                                          const ActivityEvent &event) {
    Outbox::Write write;
    write.kind = Outbox::Kind::Event;
    write.method = "POST"_ba;
    write.path = CrmClient::eventsPath(ticketId, messageId);
    write.body = event.toJson();
    write.ticketId = ticketId;
    write.messageId = messageId;
    return enqueue(write, [&]() -> Result<void> {
        QSqlQuery query(m_cache.database());
        query.prepare(u"INSERT INTO message_events (message_id, ticket_id, type, occurred_at) "
                      "VALUES (?, ?, ?, ?)"_s);
        query.addBindValue(messageId);
        query.addBindValue(ticketId);
        query.addBindValue(ActivityEvent::typeName(event.type));
        query.addBindValue(JsonReader::timestampString(event.occurredAt));
        if (!query.exec())
            return CacheStore::sqlError(
                QCoreApplication::translate("ActivityTracker",
                                            "Could not store an event of message %1")
                    .arg(messageId),
                query.lastError());
        return {};
    });
}

Result<QByteArray> ActivityTracker::updateEffectiveness(const QString &ticketId,
                                                        const QString &messageId,
                                                        const EffectivenessMetrics &metrics) {
    Outbox::Write write;
    write.kind = Outbox::Kind::Effectiveness;
    write.method = "PUT"_ba;
    write.path = CrmClient::effectivenessPath(messageId);
    write.body = metrics.toJson();
    write.ticketId = ticketId;
    write.messageId = messageId;
    return enqueue(write, [&]() -> Result<void> {
        QSqlQuery query(m_cache.database());
        query.prepare(u"INSERT INTO message_effectiveness (message_id, metrics, updated_at) "
                      "VALUES (?, ?, ?) ON CONFLICT (message_id) DO UPDATE SET "
                      "metrics = excluded.metrics, updated_at = excluded.updated_at"_s);
        query.addBindValue(messageId);
        query.addBindValue(compact(write.body));
        query.addBindValue(JsonReader::timestampString(metrics.updatedAt));
        if (!query.exec())
            return CacheStore::sqlError(
                QCoreApplication::translate("ActivityTracker",
                                            "Could not store the effectiveness of message %1")
                    .arg(messageId),
                query.lastError());
        return {};
    });
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
            {u"metadata"_s, parsed(query.value(3).toString())},
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
