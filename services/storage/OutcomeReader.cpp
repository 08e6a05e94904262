// SPDX-License-Identifier: GPL-3.0-or-later
#include "storage/OutcomeReader.h"

#include "domain/ActivityEvent.h"
#include "storage/CacheStore.h"
#include "storage/Sql.h"
#include "storage/UtcTimestamp.h"

#include <QCoreApplication>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QTimeZone>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

void keepEarliest(std::optional<QDateTime> &current, const QDateTime &candidate) {
    if (candidate.isValid() && (!current || candidate < *current))
        current = candidate;
}

OutreachError readError(const QSqlError &error) {
    return Sql::error(
        QCoreApplication::translate("OutcomeReader", "Could not read the stored messages"), error);
}

} // namespace

Result<QList<MessageOutcome>> OutcomeReader::all(const CacheStore &cache) {
    return read(cache, Filter::All, {});
}

Result<QList<MessageOutcome>> OutcomeReader::forProspect(const CacheStore &cache,
                                                         const QString &prospectId) {
    return read(cache, Filter::Prospect, prospectId);
}

Result<QList<MessageOutcome>> OutcomeReader::forTicket(const CacheStore &cache,
                                                       const QString &ticketId) {
    return read(cache, Filter::Ticket, ticketId);
}

Result<std::optional<MessageOutcome>> OutcomeReader::forMessage(const CacheStore &cache,
                                                                const QString &messageId) {
    Result<QList<MessageOutcome>> found = read(cache, Filter::Message, messageId);
    if (!found.ok())
        return found.error();
    if (found->isEmpty())
        return std::optional<MessageOutcome>();
    return std::optional<MessageOutcome>(found->constFirst());
}

Result<QStringList> OutcomeReader::prospectsAwaitingOutcomes(const CacheStore &cache,
                                                             const QDateTime &since, int limit) {
    Result<QList<MessageOutcome>> outcomes = all(cache);
    if (!outcomes.ok())
        return outcomes.error();
    QList<const MessageOutcome *> open;
    for (const MessageOutcome &outcome : std::as_const(outcomes.value())) {
        if (outcome.isSent() && *outcome.sentAt >= since && !outcome.bounced
            && !outcome.meetingBooked && !outcome.prospectId.isEmpty())
            open.append(&outcome);
    }
    std::stable_sort(
        open.begin(), open.end(),
        [](const MessageOutcome *a, const MessageOutcome *b) { return *a->sentAt > *b->sentAt; });
    QStringList prospects;
    QSet<QString> seen;
    for (const MessageOutcome *outcome : std::as_const(open)) {
        if (prospects.size() >= limit)
            break;
        if (!seen.contains(outcome->prospectId)) {
            seen.insert(outcome->prospectId);
            prospects.append(outcome->prospectId);
        }
    }
    return prospects;
}

Result<QList<MessageOutcome>> OutcomeReader::read(const CacheStore &cache, Filter filter,
                                                  const QString &value) {
    // The same selection of messages for all three queries; the joins are by primary key.
    QString where;
    switch (filter) {
    case Filter::All:
        where = u"1"_s;
        break;
    case Filter::Prospect:
        where = u"t.prospect_id = :value"_s;
        break;
    case Filter::Ticket:
        where = u"m.ticket_id = :value"_s;
        break;
    case Filter::Message:
        where = u"m.id = :value"_s;
        break;
    }
    const QString from =
        u" FROM messages m LEFT JOIN tickets t ON t.id = m.ticket_id WHERE "_s + where;
    const auto run = [&](QSqlQuery &query, const QString &sql) {
        query.setForwardOnly(true);
        if (!query.prepare(sql))
            return false;
        if (filter != Filter::All)
            query.bindValue(u":value"_s, value);
        return query.exec();
    };

    QList<MessageOutcome> outcomes;
    QHash<QString, qsizetype> index;
    QSqlQuery messages(cache.database());
    if (!run(messages, u"SELECT m.id, m.ticket_id, m.subject, m.content, m.metadata, "
                       "m.created_at_ms, t.prospect_id, t.category, "
                       "(SELECT metrics FROM message_effectiveness e WHERE e.message_id = m.id)"_s
                           + from + u" ORDER BY m.created_at_ms DESC, m.id"_s))
        return readError(messages.lastError());
    while (messages.next()) {
        MessageOutcome outcome;
        outcome.messageId = messages.value(0).toString();
        outcome.ticketId = messages.value(1).toString();
        outcome.subject = messages.value(2).toString();
        outcome.firstLine = MessageOutcome::openingLine(messages.value(3).toString());
        const QJsonObject metadata =
            QJsonDocument::fromJson(messages.value(4).toString().toUtf8()).object();
        outcome.preset = metadata.value(u"preset"_s).toString();
        outcome.tone = metadata.value(u"tone"_s).toString();
        outcome.model = metadata.value(u"model"_s).toString();
        outcome.createdAt =
            QDateTime::fromMSecsSinceEpoch(messages.value(5).toLongLong(), QTimeZone::utc());
        outcome.prospectId = messages.value(6).toString();
        outcome.category = messages.value(7).toString();
        if (!messages.value(8).isNull()) {
            // Our own JSON, validated when it was queued; a row that no longer parses is ignored
            // rather than hiding the message.
            const Result<EffectivenessMetrics> metrics = EffectivenessMetrics::fromJson(
                QJsonDocument::fromJson(messages.value(8).toString().toUtf8()).object(),
                outcome.messageId);
            if (metrics.ok()) {
                keepEarliest(outcome.sentAt, metrics->sentAt.value_or(QDateTime()));
                outcome.opened = metrics->opened;
                outcome.openCount = metrics->openCount;
                outcome.clicked = metrics->clicked;
                outcome.replied = metrics->replied;
                outcome.sentiment = metrics->replySentiment;
                outcome.meetingBooked = metrics->meetingBooked;
            }
        }
        index.insert(outcome.messageId, outcomes.size());
        outcomes.append(std::move(outcome));
    }
    if (messages.lastError().isValid())
        return readError(messages.lastError());
    if (outcomes.isEmpty())
        return outcomes;

    QSqlQuery events(cache.database());
    if (!run(events,
             u"SELECT e.message_id, e.type, e.occurred_at FROM message_events e "
             "JOIN messages m ON m.id = e.message_id LEFT JOIN tickets t ON t.id = m.ticket_id "
             "WHERE "_s
                 + where))
        return readError(events.lastError());
    QHash<QString, int> openEvents;
    while (events.next()) {
        const auto it = index.constFind(events.value(0).toString());
        const std::optional<ActivityEvent::Type> type =
            ActivityEvent::typeFromName(events.value(1).toString());
        if (it == index.constEnd() || !type)
            continue;
        MessageOutcome &outcome = outcomes[*it];
        switch (*type) {
        case ActivityEvent::Type::Sent:
            keepEarliest(outcome.sentAt, UtcTimestamp::parse(events.value(2).toString()));
            break;
        case ActivityEvent::Type::Opened:
            outcome.opened = true;
            ++openEvents[outcome.messageId];
            break;
        case ActivityEvent::Type::Clicked:
            outcome.clicked = true;
            break;
        case ActivityEvent::Type::Replied:
            outcome.replied = true;
            break;
        case ActivityEvent::Type::Bounced:
            outcome.bounced = true;
            break;
        case ActivityEvent::Type::MeetingBooked:
            outcome.meetingBooked = true;
            break;
        }
    }
    if (events.lastError().isValid())
        return readError(events.lastError());
    for (auto it = openEvents.constBegin(); it != openEvents.constEnd(); ++it) {
        MessageOutcome &outcome = outcomes[index.value(it.key())];
        outcome.openCount = std::max(outcome.openCount, it.value());
    }

    // What the CRM reports (cached with the prospect's history, replaced on every fetch).
    QSqlQuery crm(cache.database());
    if (!run(crm, u"SELECT o.message_id, o.sent_at, o.replied, o.meeting_booked "
                  "FROM prospect_outcomes o JOIN messages m ON m.id = o.message_id "
                  "LEFT JOIN tickets t ON t.id = m.ticket_id WHERE "_s
                      + where))
        return readError(crm.lastError());
    while (crm.next()) {
        const auto it = index.constFind(crm.value(0).toString());
        if (it == index.constEnd())
            continue;
        MessageOutcome &outcome = outcomes[*it];
        outcome.knownToCrm = true;
        keepEarliest(outcome.sentAt, UtcTimestamp::parse(crm.value(1).toString()));
        outcome.replied = outcome.replied || crm.value(2).toBool();
        outcome.meetingBooked = outcome.meetingBooked || crm.value(3).toBool();
    }
    if (crm.lastError().isValid())
        return readError(crm.lastError());

    // Any outcome means it went out, even when nobody recorded when.
    for (MessageOutcome &outcome : outcomes) {
        if (!outcome.sentAt
            && (outcome.opened || outcome.clicked || outcome.replied || outcome.bounced
                || outcome.meetingBooked || outcome.knownToCrm))
            outcome.sentAt = outcome.createdAt;
    }
    return outcomes;
}
