// SPDX-License-Identifier: GPL-3.0-or-later
#include "storage/CacheSchema.h"

#include "storage/BatchStore.h"
#include "storage/DraftStore.h"
#include "storage/MailStore.h"
#include "storage/Sql.h"

#include <QSqlQuery>
#include <QVariant>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

// The steps of CacheStore's tables, and of the tables that classes in the layers above storage/
// keep in this file (messages and their events and effectiveness: ActivityTracker; outbox:
// Outbox). Those cannot hand their steps in from above, because every step has to be known before
// the file is opened and upgraded. The text is stored in the file (sqlite_master), comments and
// all: the codes a comment calls "below" are TicketCodes.

// Version 1: the CRM's data, cached for offline review.
constexpr const char *migrationTo1[] = {
    R"sql(CREATE TABLE tickets (
        id             TEXT PRIMARY KEY NOT NULL,
        title          TEXT NOT NULL,
        description    TEXT,
        status         INTEGER NOT NULL, -- statusCodes below
        category       TEXT,
        priority       INTEGER NOT NULL, -- priorityCodes below
        assignee_name  TEXT,           -- NULL: no assignee
        assignee_email TEXT,
        project_id     TEXT NOT NULL,  -- no foreign keys: the CRM delivers entities in any order
        prospect_id    TEXT NOT NULL,
        created_at     TEXT NOT NULL,  -- ISO 8601 UTC with milliseconds
        updated_at     TEXT NOT NULL,
        updated_at_ms  INTEGER NOT NULL,
        title_key      BLOB NOT NULL,  -- TextFolding::fold(title)
        search_key     BLOB NOT NULL   -- TextFolding::fold(title + ' ' + description)
    ))sql",
    // Lets the window paint the newest tickets before the whole list has been read.
    R"sql(CREATE INDEX tickets_by_updated ON tickets (updated_at_ms DESC))sql",
    R"sql(CREATE TABLE projects (
        id             TEXT PRIMARY KEY NOT NULL,
        name           TEXT NOT NULL,
        description    TEXT,
        stage          TEXT,
        value_amount   REAL,           -- value_*: NULL when the CRM gave no value
        value_currency TEXT,
        products       TEXT NOT NULL,  -- JSON array of strings
        key_dates      TEXT NOT NULL   -- JSON object, name -> date as the CRM wrote it
    ))sql",
    R"sql(CREATE TABLE prospects (
        id             TEXT PRIMARY KEY NOT NULL,
        name           TEXT NOT NULL,
        title          TEXT,
        company        TEXT,
        email          TEXT,
        timezone       TEXT,
        locale         TEXT,
        do_not_contact INTEGER NOT NULL,
        channel        TEXT,           -- channel .. avoid: the prospect's preferences
        tone           TEXT,
        best_time      TEXT,
        topics         TEXT NOT NULL,  -- JSON array of strings
        avoid          TEXT NOT NULL,  -- JSON array of strings
        notes          TEXT,
        prospect_key   BLOB NOT NULL   -- TextFolding::fold(name + ' ' + company)
    ))sql",
    R"sql(CREATE TABLE prospect_outcomes (
        prospect_id    TEXT NOT NULL REFERENCES prospects(id) ON DELETE CASCADE,
        position       INTEGER NOT NULL,  -- keeps the CRM's order
        message_id     TEXT NOT NULL,
        sent_at        TEXT NOT NULL,
        replied        INTEGER NOT NULL,
        meeting_booked INTEGER NOT NULL,
        PRIMARY KEY (prospect_id, position)
    ) WITHOUT ROWID)sql",
    R"sql(CREATE TABLE interactions (
        id          TEXT PRIMARY KEY NOT NULL,
        ticket_id   TEXT NOT NULL,
        type        TEXT NOT NULL,   -- wire name, "outreach_message"
        direction   TEXT NOT NULL,   -- wire name, "inbound"
        occurred_at TEXT NOT NULL,   -- fixed-width ISO 8601 UTC, so text order is time order
        author      TEXT,
        subject     TEXT,
        content     TEXT NOT NULL
    ))sql",
    "CREATE INDEX interactions_by_ticket ON interactions(ticket_id, occurred_at DESC)",
    "CREATE TABLE meta (key TEXT PRIMARY KEY NOT NULL, value TEXT)",
};

// Version 2: the rep's own records (stored messages, their events and effectiveness), the outbox
// that delivers them to the CRM, and when each cached entity was last fetched. A sync never
// writes the first four tables.
constexpr const char *migrationTo2[] = {
    R"sql(CREATE TABLE messages (
        id            TEXT PRIMARY KEY NOT NULL,  -- the client-generated message_id (UUID)
        ticket_id     TEXT NOT NULL,
        subject       TEXT,
        content       TEXT NOT NULL,
        metadata      TEXT NOT NULL,  -- JSON object as sent to the CRM
        created_at    TEXT NOT NULL,  -- ISO 8601 UTC
        created_at_ms INTEGER NOT NULL
    ))sql",
    "CREATE INDEX messages_by_ticket ON messages(ticket_id, created_at_ms DESC)",
    R"sql(CREATE TABLE message_events (
        id           INTEGER PRIMARY KEY,
        message_id   TEXT NOT NULL,
        ticket_id    TEXT NOT NULL,
        type         TEXT NOT NULL,   -- wire name, "meeting_booked"
        occurred_at  TEXT NOT NULL
    ))sql",
    "CREATE INDEX message_events_by_message ON message_events(message_id)",
    R"sql(CREATE TABLE message_effectiveness (
        message_id  TEXT PRIMARY KEY NOT NULL,
        metrics     TEXT NOT NULL,    -- JSON object as sent to the CRM
        updated_at  TEXT NOT NULL
    ))sql",
    R"sql(CREATE TABLE outbox (
        seq             INTEGER PRIMARY KEY AUTOINCREMENT,  -- delivery order
        idempotency_key TEXT NOT NULL UNIQUE,
        kind            TEXT NOT NULL,   -- activity | event | effectiveness
        method          TEXT NOT NULL,
        path            TEXT NOT NULL,
        body            BLOB NOT NULL,
        ticket_id       TEXT,
        message_id      TEXT,
        state           TEXT NOT NULL DEFAULT 'pending',  -- pending | failed | delivered
        attempts        INTEGER NOT NULL DEFAULT 0,
        last_error      TEXT,
        created_at_ms   INTEGER NOT NULL,
        next_attempt_ms INTEGER NOT NULL DEFAULT 0,
        delivered_at_ms INTEGER
    ))sql",
    "CREATE INDEX outbox_by_state ON outbox(state, seq)",
    R"sql(CREATE TABLE fetch_times (
        entity        TEXT NOT NULL,    -- ticket | project | prospect | interactions
        id            TEXT NOT NULL,
        fetched_at_ms INTEGER NOT NULL,
        PRIMARY KEY (entity, id)
    ) WITHOUT ROWID)sql",
};
constexpr CacheSchema::Step cacheSteps[] = {{1, migrationTo1}, {2, migrationTo2}};

} // namespace

QList<CacheSchema::Step> CacheSchema::steps() {
    QList<Step> all(std::begin(cacheSteps), std::end(cacheSteps));
    for (const Step &step : DraftStore::schemaSteps())
        all.append(step);
    for (const Step &step : BatchStore::schemaSteps())
        all.append(step);
    for (const Step &step : MailStore::schemaSteps())
        all.append(step);
    std::stable_sort(all.begin(), all.end(),
                     [](const Step &a, const Step &b) { return a.version < b.version; });
    return all;
}

int CacheSchema::versionOf(QSqlDatabase db) {
    const Result<QVariant> value = Sql::scalar(db, u"PRAGMA user_version"_s, {});
    return value ? value.value().toInt() : -1;
}

std::optional<CacheSchema::Failure> CacheSchema::upgrade(QSqlDatabase db, int from) {
    const QList<Step> all = steps();
    QSqlQuery q(db);
    for (int version = from + 1; version <= Version; ++version) {
        if (!q.exec(u"BEGIN IMMEDIATE"_s))
            return Failure{version, q.lastError()};
        bool done = true;
        for (const Step &step : all) {
            if (step.version != version)
                continue;
            for (const char *statement : step.statements) {
                done = q.exec(QString::fromUtf8(statement));
                if (!done)
                    break;
            }
            if (!done)
                break;
        }
        done = done && q.exec(u"PRAGMA user_version = %1"_s.arg(version)) && q.exec(u"COMMIT"_s);
        if (!done) {
            Failure failed{version, q.lastError()};
            QSqlQuery(db).exec(u"ROLLBACK"_s);
            return failed;
        }
    }
    return std::nullopt;
}

OutreachError CacheSchema::newerVersionError(int version, const QString &where) {
    return OutreachError(OutreachError::Code::Storage,
                         u"The local cache %1 was written by a newer version of OutreachGPT "
                         "(schema %2; this build understands schema %3 and older). Update "
                         "OutreachGPT to use it. The file was not changed."_s.arg(where)
                             .arg(version)
                             .arg(Version));
}
