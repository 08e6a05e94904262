// SPDX-License-Identifier: GPL-3.0-or-later
#include "storage/DemoHistory.h"

#include "domain/JsonReader.h"
#include "domain/MessageStyle.h"
#include "domain/PromptPreset.h"
#include "storage/CacheStore.h"
#include "storage/Sql.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
#include <QSet>
#include <QTime>
#include <QTimeZone>
#include <QUuid>

#include <cmath>

using namespace Qt::StringLiterals;

namespace {

const QString entityName = u"demo message"_s;

// How long before sending the rep saved the message to the ticket's history.
constexpr int savedMinutesBeforeSent = 15;

QString number(double value) {
    return QString::number(value, 'g', QLocale::FloatingPointShortest);
}

// OutreachActivity's own validation, re-issued for the demo message (same id and field), so the
// error reads like every other one about messages.json.
OutreachError asDemoMessage(const OutreachError &error) {
    if (error.field().isEmpty())
        return error;
    const QString prefix =
        u"%1 %2: field \"%3\" "_s.arg(error.entity(), error.entityId(), error.field());
    const QString problem =
        error.message().startsWith(prefix) ? error.message().mid(prefix.size()) : error.message();
    return OutreachError::invalidField(entityName, error.entityId(), error.field(), problem);
}

QString seededText(const QStringList &ids) {
    return QString::fromUtf8(
        QJsonDocument(QJsonArray::fromStringList(ids)).toJson(QJsonDocument::Compact));
}

} // namespace

Result<DemoHistory::Message> DemoHistory::fromJson(const QJsonObject &json,
                                                   const QDateTime &loadedAt,
                                                   const QHash<QString, bool> &doNotContact) {
    JsonReader reader(json, entityName);
    Message message;
    const QString id = reader.requiredString(u"message_id"_s);
    reader.setEntityId(id);
    if (reader.ok() && QUuid::fromString(id).isNull())
        reader.fail(u"message_id"_s, u"must be a UUID, as the app writes them"_s);
    message.ticketId = reader.requiredString(u"ticket_id"_s);
    if (reader.ok()) {
        const auto ticket = doNotContact.constFind(message.ticketId);
        if (ticket == doNotContact.constEnd())
            reader.fail(u"ticket_id"_s,
                        u"names %1, which is not in tickets.json"_s.arg(message.ticketId));
        else if (*ticket)
            reader.fail(u"ticket_id"_s, u"names %1, whose prospect must not be contacted: the rep "
                                        "sent them nothing"_s.arg(message.ticketId));
    }
    const QString subject = reader.requiredString(u"subject"_s);
    const QString content = reader.requiredString(u"content"_s);

    const double days = reader.requiredNumber(u"sent_days_ago"_s);
    if (reader.ok() && (days < 1 || days > 3650 || days != std::floor(days)))
        reader.fail(u"sent_days_ago"_s,
                    u"must be a whole number of days from 1 to 3650, not %1"_s.arg(number(days)));
    const QString timeText = reader.requiredString(u"sent_time"_s);
    const QTime sentTime = QTime::fromString(timeText, u"HH:mm"_s);
    if (reader.ok() && !sentTime.isValid())
        reader.fail(u"sent_time"_s,
                    u"must be a UTC time of day as HH:mm, not \"%1\""_s.arg(timeText.left(20)));

    const QJsonObject metadata = reader.requiredObject(u"metadata"_s);
    if (reader.ok()) {
        const QString preset = metadata.value(u"preset"_s).toString();
        if (!preset.isEmpty() && !PromptPreset::fromName(preset))
            reader.fail(u"metadata.preset"_s,
                        u"has the unknown preset \"%1\""_s.arg(preset.left(40)));
        const QString tone = metadata.value(u"tone"_s).toString();
        if (!tone.isEmpty() && !MessageStyle::toneFromName(tone))
            reader.fail(u"metadata.tone"_s, u"has the unknown tone \"%1\""_s.arg(tone.left(40)));
    }
    const std::optional<QJsonArray> events = reader.optionalArray(u"events"_s);
    if (reader.ok() && (!events || events->isEmpty()))
        reader.fail(u"events"_s, u"is missing: a seeded message has at least its \"sent\" event"_s);
    if (!reader.ok())
        return reader.error();

    const QDateTime sentAt(loadedAt.toUTC().date().addDays(-qint64(days)), sentTime,
                           QTimeZone::utc());
    Result<OutreachActivity> activity = OutreachActivity::fromJson(QJsonObject{
        {u"message_id"_s, id},
        {u"type"_s, u"outreach_message"_s},
        {u"subject"_s, subject},
        {u"content"_s, content},
        {u"metadata"_s, metadata},
        {u"created_at"_s,
         JsonReader::timestampString(sentAt.addSecs(-60 * savedMinutesBeforeSent))},
    });
    if (!activity.ok())
        return asDemoMessage(activity.error());
    message.activity = std::move(activity).value();

    // The latest an event may happen: before the day of the load, whenever that is.
    const double hoursLeft = days * 24 - (sentTime.msecsSinceStartOfDay() / 3'600'000.0);
    EffectivenessMetrics &metrics = message.metrics;
    QSet<ActivityEvent::Type> seen;
    double previousHours = 0;
    for (qsizetype i = 0; i < events->size(); ++i) {
        const QString at = u"events[%1]"_s.arg(i);
        if (!events->at(i).isObject()) {
            reader.fail(at, u"must be an object"_s);
            return reader.error();
        }
        JsonReader nested(events->at(i).toObject(), entityName, id, at + u'.');
        const QString typeName = nested.requiredString(u"type"_s);
        const std::optional<ActivityEvent::Type> type = ActivityEvent::typeFromName(typeName);
        if (nested.ok() && !type)
            nested.fail(u"type"_s, u"has the unknown value \"%1\""_s.arg(typeName.left(40)));
        const double hours = nested.requiredNumber(u"hours_after_sent"_s);
        if (nested.ok() && !(hours >= 0))
            nested.fail(u"hours_after_sent"_s, u"must not be negative"_s);
        const QString sentimentName = nested.optionalString(u"sentiment"_s);
        std::optional<EffectivenessMetrics::Sentiment> sentiment;
        if (nested.ok() && !sentimentName.isEmpty()) {
            sentiment = EffectivenessMetrics::sentimentFromName(sentimentName);
            if (*type != ActivityEvent::Type::Replied)
                nested.fail(u"sentiment"_s, u"belongs only on a \"replied\" event"_s);
            else if (!sentiment)
                nested.fail(u"sentiment"_s,
                            u"has the unknown value \"%1\" (expected positive, neutral or "
                            "negative)"_s.arg(sentimentName.left(40)));
        }
        if (nested.ok()) {
            const bool bounced = seen.contains(ActivityEvent::Type::Bounced);
            if (i == 0 && (*type != ActivityEvent::Type::Sent || hours != 0))
                nested.fail(u"type"_s, u"must be \"sent\" at hours_after_sent 0: the events "
                                       "start with the message going out"_s);
            else if (i > 0 && *type != ActivityEvent::Type::Opened && seen.contains(*type))
                nested.fail(u"type"_s, u"\"%1\" happens once per message"_s.arg(typeName));
            else if (hours < previousHours)
                nested.fail(u"hours_after_sent"_s,
                            u"is earlier than the event before it: list the events in time "
                            "order"_s);
            else if (hours >= hoursLeft)
                nested.fail(u"hours_after_sent"_s,
                            u"is %1, past the day of loading (sent %2 days before at %3, so at "
                            "less than %4)"_s.arg(number(hours), number(days), timeText,
                                                  number(hoursLeft)));
            else if (i > 0
                     && (bounced || (*type == ActivityEvent::Type::Bounced && seen.size() > 1)))
                nested.fail(u"type"_s,
                            u"cannot go with a bounce: a bounced message reached nobody"_s);
        }
        reader.adopt(nested);
        if (!reader.ok())
            return reader.error();

        seen.insert(*type);
        previousHours = hours;
        ActivityEvent event;
        event.type = *type;
        event.occurredAt = sentAt.addMSecs(qint64(std::llround(hours * 3'600'000.0)));
        message.events.append(event);
        metrics.updatedAt = event.occurredAt;
        switch (*type) {
        case ActivityEvent::Type::Sent:
            metrics.sentAt = event.occurredAt;
            break;
        case ActivityEvent::Type::Opened:
            metrics.opened = true;
            ++metrics.openCount;
            break;
        case ActivityEvent::Type::Clicked:
            metrics.clicked = true;
            break;
        case ActivityEvent::Type::Replied:
            metrics.replied = true;
            metrics.replySentiment = sentiment.value_or(EffectivenessMetrics::Sentiment::None);
            break;
        case ActivityEvent::Type::MeetingBooked:
            metrics.meetingBooked = true;
            break;
        case ActivityEvent::Type::Bounced:
            break; // the metrics have no bounce: the event says it
        }
    }
    return message;
}

Result<void> DemoHistory::store(CacheStore &cache, const QList<Message> &messages) {
    return cache.inTransaction([&]() -> Result<void> {
        QSqlDatabase db = cache.database();
        const QString what = u"Could not store the demo workspace's message history"_s;
        // The rows ActivityTracker writes for a message saved, tracked and measured.
        Result<QSqlQuery> upsertMessage = Sql::prepare(
            db,
            u"INSERT INTO messages (id, ticket_id, subject, content, metadata, created_at, "
            "created_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
            "ticket_id = excluded.ticket_id, subject = excluded.subject, "
            "content = excluded.content, metadata = excluded.metadata, "
            "created_at = excluded.created_at, created_at_ms = excluded.created_at_ms"_s,
            what);
        Result<QSqlQuery> deleteEvents =
            Sql::prepare(db, u"DELETE FROM message_events WHERE message_id = ?"_s, what);
        Result<QSqlQuery> insertEvent =
            Sql::prepare(db,
                         u"INSERT INTO message_events (message_id, ticket_id, type, occurred_at) "
                         "VALUES (?, ?, ?, ?)"_s,
                         what);
        Result<QSqlQuery> upsertMetrics =
            Sql::prepare(db,
                         u"INSERT INTO message_effectiveness (message_id, metrics, updated_at) "
                         "VALUES (?, ?, ?) ON CONFLICT (message_id) DO UPDATE SET "
                         "metrics = excluded.metrics, updated_at = excluded.updated_at"_s,
                         what);
        for (Result<QSqlQuery> *prepared :
             {&upsertMessage, &deleteEvents, &insertEvent, &upsertMetrics}) {
            if (!prepared->ok())
                return prepared->error();
        }

        QStringList seeded = seededIds(cache);
        for (const Message &message : messages) {
            const OutreachActivity &activity = message.activity;
            QSqlQuery &m = upsertMessage.value();
            m.bindValue(0, activity.messageId);
            m.bindValue(1, message.ticketId);
            m.bindValue(2, Sql::text(activity.subject));
            m.bindValue(3, Sql::text(activity.content));
            m.bindValue(4,
                        JsonReader::compactText(activity.toJson().value(u"metadata"_s).toObject()));
            m.bindValue(5, JsonReader::timestampString(activity.createdAt));
            m.bindValue(6, activity.createdAt.toMSecsSinceEpoch());
            if (!m.exec())
                return Sql::error(what, m.lastError());

            deleteEvents->bindValue(0, activity.messageId);
            if (!deleteEvents->exec())
                return Sql::error(what, deleteEvents->lastError());
            for (const ActivityEvent &event : message.events) {
                QSqlQuery &e = insertEvent.value();
                e.bindValue(0, activity.messageId);
                e.bindValue(1, message.ticketId);
                e.bindValue(2, ActivityEvent::typeName(event.type));
                e.bindValue(3, JsonReader::timestampString(event.occurredAt));
                if (!e.exec())
                    return Sql::error(what, e.lastError());
            }

            QSqlQuery &e = upsertMetrics.value();
            e.bindValue(0, activity.messageId);
            e.bindValue(1, JsonReader::compactText(message.metrics.toJson()));
            e.bindValue(2, JsonReader::timestampString(message.metrics.updatedAt));
            if (!e.exec())
                return Sql::error(what, e.lastError());
            if (!seeded.contains(activity.messageId))
                seeded.append(activity.messageId);
        }
        return cache.setMeta(QString::fromLatin1(SeededKey), seededText(seeded));
    });
}

Result<void> DemoHistory::remove(CacheStore &cache) {
    const QStringList seeded = seededIds(cache);
    return cache.inTransaction([&]() -> Result<void> {
        QSqlDatabase db = cache.database();
        const QString what = u"Could not remove the demo workspace's message history"_s;
        for (const QString &table : {u"message_events"_s, u"message_effectiveness"_s}) {
            Result<QSqlQuery> remove =
                Sql::prepare(db, u"DELETE FROM %1 WHERE message_id = ?"_s.arg(table), what);
            if (!remove.ok())
                return remove.error();
            for (const QString &id : seeded) {
                remove->bindValue(0, id);
                if (!remove->exec())
                    return Sql::error(what, remove->lastError());
            }
        }
        Result<QSqlQuery> remove = Sql::prepare(db, u"DELETE FROM messages WHERE id = ?"_s, what);
        if (!remove.ok())
            return remove.error();
        for (const QString &id : seeded) {
            remove->bindValue(0, id);
            if (!remove->exec())
                return Sql::error(what, remove->lastError());
        }
        return cache.removeMeta(QString::fromLatin1(SeededKey));
    });
}

QStringList DemoHistory::seededIds(const CacheStore &cache) {
    QStringList ids;
    const QJsonArray listed =
        QJsonDocument::fromJson(cache.meta(QString::fromLatin1(SeededKey)).toUtf8()).array();
    for (const QJsonValue &id : listed) {
        if (id.isString() && !id.toString().isEmpty())
            ids.append(id.toString());
    }
    return ids;
}
