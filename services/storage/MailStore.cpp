// SPDX-License-Identifier: GPL-3.0-or-later
#include "storage/MailStore.h"

#include "domain/EnumTable.h"
#include "storage/CacheStore.h"
#include "storage/Sql.h"

#include <QCoreApplication>
#include <QSqlQuery>
#include <QTimeZone>

using namespace Qt::StringLiterals;

namespace {

// Version 5: messages the rep saved to their mailbox's Drafts folder, and the outcomes the app
// saw there. Kept apart from message_events: those are what the CRM is told, these say where an
// outcome was seen and keep a detection from being recorded twice.
constexpr const char *migrationTo5[] = {
    R"sql(CREATE TABLE mail_messages (
        message_id     TEXT PRIMARY KEY NOT NULL,  -- messages.id
        ticket_id      TEXT NOT NULL,
        rfc_message_id TEXT NOT NULL UNIQUE,       -- the Message-ID header, no angle brackets
        recipient      TEXT NOT NULL,
        subject        TEXT,
        account        TEXT NOT NULL,              -- user@host
        mailbox        TEXT NOT NULL,
        saved_at_ms    INTEGER NOT NULL,
        watched        INTEGER NOT NULL DEFAULT 0,
        sent_message_id TEXT                       -- the Sent copy's own, when it differs
    ))sql",
    R"sql(CREATE TABLE mail_outcomes (
        message_id     TEXT NOT NULL,
        outcome        TEXT NOT NULL,              -- sent | replied | bounced
        occurred_at_ms INTEGER NOT NULL,
        source         TEXT NOT NULL,
        detected_at_ms INTEGER NOT NULL,
        PRIMARY KEY (message_id, outcome)
    ) WITHOUT ROWID)sql",
};

constexpr CacheSchema::Step steps[] = {{5, migrationTo5}};

constexpr auto EntryColumns =
    "message_id, ticket_id, rfc_message_id, recipient, subject, "
    "account, mailbox, saved_at_ms, watched, sent_message_id FROM mail_messages";

constexpr EnumTable Outcomes{std::array{
    std::pair{MailStore::Outcome::Sent, "sent"},
    std::pair{MailStore::Outcome::Replied, "replied"},
    std::pair{MailStore::Outcome::Bounced, "bounced"},
}};

QString what(const char *text) {
    return QCoreApplication::translate("MailStore", text);
}

QDateTime utcFromMs(const QVariant &value) {
    return QDateTime::fromMSecsSinceEpoch(value.toLongLong(), QTimeZone::utc());
}

MailStore::Entry entryFrom(const QSqlQuery &query) {
    MailStore::Entry entry;
    entry.messageId = query.value(0).toString();
    entry.ticketId = query.value(1).toString();
    entry.rfcMessageId = query.value(2).toString();
    entry.recipient = query.value(3).toString();
    entry.subject = query.value(4).toString();
    entry.account = query.value(5).toString();
    entry.mailbox = query.value(6).toString();
    entry.savedAt = utcFromMs(query.value(7));
    entry.watched = query.value(8).toBool();
    entry.sentMessageId = query.value(9).toString();
    return entry;
}

QList<MailStore::Entry> entries(QSqlDatabase db, const QString &where, const QVariantList &binds) {
    QList<MailStore::Entry> result;
    QSqlQuery query(db);
    query.setForwardOnly(true);
    query.prepare(u"SELECT "_s + QLatin1StringView(EntryColumns) + u' ' + where);
    for (const QVariant &value : binds)
        query.addBindValue(value);
    if (!query.exec())
        return result;
    while (query.next())
        result.append(entryFrom(query));
    return result;
}

} // namespace

MailStore::MailStore(CacheStore &cache)
    : m_cache(cache) {}

std::span<const CacheSchema::Step> MailStore::schemaSteps() {
    return steps;
}

QString MailStore::outcomeName(Outcome outcome) {
    return Outcomes.name(outcome);
}

std::optional<MailStore::Outcome> MailStore::outcomeFromName(const QString &name) {
    return Outcomes.value(name);
}

Result<void> MailStore::addEntry(const Entry &entry) {
    QSqlQuery query(m_cache.database());
    // A draft saved again gets a new Message-ID: the row follows it, and what was detected of
    // the earlier copy stays.
    query.prepare(
        u"INSERT INTO mail_messages (message_id, ticket_id, rfc_message_id, recipient, "
        "subject, account, mailbox, saved_at_ms, watched) VALUES (?, ?, ?, ?, ?, ?, ?, "
        "?, ?) ON CONFLICT (message_id) DO UPDATE SET rfc_message_id = "
        "excluded.rfc_message_id, recipient = excluded.recipient, subject = "
        "excluded.subject, account = excluded.account, mailbox = excluded.mailbox, "
        "saved_at_ms = excluded.saved_at_ms, watched = excluded.watched, sent_message_id = "
        "NULL"_s);
    query.addBindValue(entry.messageId);
    query.addBindValue(entry.ticketId);
    query.addBindValue(entry.rfcMessageId);
    query.addBindValue(Sql::text(entry.recipient));
    query.addBindValue(entry.subject);
    query.addBindValue(Sql::text(entry.account));
    query.addBindValue(Sql::text(entry.mailbox));
    query.addBindValue(entry.savedAt.toMSecsSinceEpoch());
    query.addBindValue(entry.watched ? 1 : 0);
    if (!query.exec())
        return Sql::error(what("Could not store where the message was saved"), query.lastError());
    return {};
}

std::optional<MailStore::Entry> MailStore::entry(const QString &messageId) const {
    const QList<Entry> found = entries(m_cache.database(), u"WHERE message_id = ?"_s, {messageId});
    if (found.isEmpty())
        return std::nullopt;
    return found.first();
}

Result<void> MailStore::setWatched(const QString &messageId, bool watched) {
    QSqlQuery query(m_cache.database());
    query.prepare(u"UPDATE mail_messages SET watched = ? WHERE message_id = ?"_s);
    query.addBindValue(watched ? 1 : 0);
    query.addBindValue(messageId);
    if (!query.exec())
        return Sql::error(what("Could not change whether the message is watched"),
                          query.lastError());
    return {};
}

Result<void> MailStore::setSentMessageId(const QString &messageId, const QString &sentMessageId) {
    QSqlQuery query(m_cache.database());
    query.prepare(u"UPDATE mail_messages SET sent_message_id = ? WHERE message_id = ?"_s);
    query.addBindValue(Sql::textOrNull(sentMessageId));
    query.addBindValue(messageId);
    if (!query.exec())
        return Sql::error(what("Could not store the Message-ID of the sent copy"),
                          query.lastError());
    return {};
}

QList<MailStore::Entry> MailStore::watchedEntries() const {
    return entries(m_cache.database(),
                   u"WHERE watched = 1 AND NOT EXISTS (SELECT 1 FROM mail_outcomes o WHERE "
                   "o.message_id = mail_messages.message_id AND o.outcome IN ('replied', "
                   "'bounced')) ORDER BY saved_at_ms"_s,
                   {});
}

Result<bool> MailStore::addDetection(const Detection &detection) {
    QSqlQuery query(m_cache.database());
    query.prepare(u"INSERT INTO mail_outcomes (message_id, outcome, occurred_at_ms, source, "
                  "detected_at_ms) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING"_s);
    query.addBindValue(detection.messageId);
    query.addBindValue(outcomeName(detection.outcome));
    query.addBindValue(detection.occurredAt.toMSecsSinceEpoch());
    query.addBindValue(Sql::text(detection.source));
    query.addBindValue(detection.detectedAt.isValid() ? detection.detectedAt.toMSecsSinceEpoch()
                                                      : QDateTime::currentMSecsSinceEpoch());
    if (!query.exec())
        return Sql::error(what("Could not store what the mailbox showed"), query.lastError());
    return query.numRowsAffected() > 0;
}

bool MailStore::hasDetection(const QString &messageId, Outcome outcome) const {
    const Result<QVariant> found = [&]() -> Result<QVariant> {
        QSqlQuery query(m_cache.database());
        query.prepare(u"SELECT 1 FROM mail_outcomes WHERE message_id = ? AND outcome = ?"_s);
        query.addBindValue(messageId);
        query.addBindValue(outcomeName(outcome));
        if (!query.exec())
            return Sql::error(what("Could not read the mailbox outcomes"), query.lastError());
        return query.next() ? query.value(0) : QVariant();
    }();
    return found.ok() && !found.value().isNull();
}

QList<MailStore::Detection> MailStore::detections(const QString &messageId) const {
    QList<Detection> result;
    QSqlQuery query(m_cache.database());
    query.setForwardOnly(true);
    query.prepare(u"SELECT outcome, occurred_at_ms, source, detected_at_ms FROM mail_outcomes "
                  "WHERE message_id = ? ORDER BY occurred_at_ms"_s);
    query.addBindValue(messageId);
    if (!query.exec())
        return result;
    while (query.next()) {
        Detection detection;
        detection.messageId = messageId;
        detection.outcome = outcomeFromName(query.value(0).toString()).value_or(Outcome::Sent);
        detection.occurredAt = utcFromMs(query.value(1));
        detection.source = query.value(2).toString();
        detection.detectedAt = utcFromMs(query.value(3));
        result.append(detection);
    }
    return result;
}
