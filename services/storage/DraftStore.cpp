// SPDX-License-Identifier: GPL-3.0-or-later
#include "storage/DraftStore.h"

#include "domain/JsonReader.h"
#include "storage/CacheStore.h"
#include "storage/Sql.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QTimeZone>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

// Version 3: the rep's work in progress. One autosaved draft per ticket (prompt, subject, body and
// the metadata of the generation behind it), and every generation as a version that can be put
// back into the editor.
constexpr const char *migrationTo3[] = {
    R"sql(CREATE TABLE drafts (
        ticket_id     TEXT PRIMARY KEY NOT NULL,
        state         TEXT NOT NULL,    -- JSON object, Draft::toJson
        updated_at_ms INTEGER NOT NULL
    ))sql",
    R"sql(CREATE TABLE draft_versions (
        id            INTEGER PRIMARY KEY,
        ticket_id     TEXT NOT NULL,
        created_at_ms INTEGER NOT NULL,
        status        TEXT NOT NULL,    -- complete | stopped | failed | template | edited
        prompt        TEXT NOT NULL,
        model         TEXT,
        confidence    REAL,             -- NULL: no confidence (a template, a cut stream)
        subject       TEXT,
        body          TEXT NOT NULL,
        response      TEXT NOT NULL     -- JSON object, OutreachResponse::toJson
    ))sql",
    "CREATE INDEX draft_versions_by_ticket ON draft_versions(ticket_id, created_at_ms DESC)",
};

constexpr CacheSchema::Step steps[] = {{3, migrationTo3}};

constexpr auto VersionColumns =
    "id, ticket_id, created_at_ms, status, prompt, response FROM draft_versions";

DraftVersion versionFrom(const QSqlQuery &query) {
    DraftVersion version;
    version.id = query.value(0).toLongLong();
    version.ticketId = query.value(1).toString();
    version.createdAt =
        QDateTime::fromMSecsSinceEpoch(query.value(2).toLongLong(), QTimeZone::utc());
    version.status = DraftVersion::statusFromName(query.value(3).toString());
    version.prompt = query.value(4).toString();
    version.response =
        OutreachResponse::fromJson(JsonReader::objectFromText(query.value(5).toString()));
    return version;
}

} // namespace

DraftStore::DraftStore(CacheStore &cache)
    : m_cache(cache) {}

std::span<const CacheSchema::Step> DraftStore::schemaSteps() {
    return steps;
}

Result<void> DraftStore::save(const Draft &draft) {
    if (draft.isEmpty())
        return remove(draft.ticketId);
    QSqlQuery query(m_cache.database());
    query.prepare(u"INSERT INTO drafts (ticket_id, state, updated_at_ms) VALUES (?, ?, ?) "
                  "ON CONFLICT (ticket_id) DO UPDATE SET state = excluded.state, "
                  "updated_at_ms = excluded.updated_at_ms"_s);
    query.addBindValue(draft.ticketId);
    query.addBindValue(JsonReader::compactText(draft.toJson()));
    query.addBindValue(QDateTime::currentMSecsSinceEpoch());
    if (!query.exec())
        return Sql::error(
            QCoreApplication::translate("DraftStore", "Could not save the draft of ticket %1")
                .arg(draft.ticketId),
            query.lastError());
    return {};
}

std::optional<Draft> DraftStore::load(const QString &ticketId) const {
    QSqlQuery query(m_cache.database());
    query.prepare(u"SELECT state, updated_at_ms FROM drafts WHERE ticket_id = ?"_s);
    query.addBindValue(ticketId);
    if (!query.exec() || !query.next())
        return std::nullopt;
    Draft draft = Draft::fromJson(ticketId, JsonReader::objectFromText(query.value(0).toString()));
    draft.updatedAt = QDateTime::fromMSecsSinceEpoch(query.value(1).toLongLong(), QTimeZone::utc());
    return draft;
}

Result<void> DraftStore::remove(const QString &ticketId) {
    QSqlQuery query(m_cache.database());
    query.prepare(u"DELETE FROM drafts WHERE ticket_id = ?"_s);
    query.addBindValue(ticketId);
    if (!query.exec())
        return Sql::error(
            QCoreApplication::translate("DraftStore", "Could not remove the draft of ticket %1")
                .arg(ticketId),
            query.lastError());
    return {};
}

QStringList DraftStore::ticketsWithDrafts() const {
    QStringList ids;
    QSqlQuery query(m_cache.database());
    query.setForwardOnly(true);
    if (!query.exec(u"SELECT ticket_id FROM drafts ORDER BY updated_at_ms DESC"_s))
        return ids;
    while (query.next())
        ids.append(query.value(0).toString());
    return ids;
}

Result<qint64> DraftStore::addVersion(const DraftVersion &version) {
    QSqlQuery query(m_cache.database());
    query.prepare(u"INSERT INTO draft_versions (ticket_id, created_at_ms, status, prompt, model, "
                  "confidence, subject, body, response) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"_s);
    const OutreachResponse &response = version.response;
    const bool hasConfidence = version.status == DraftVersion::Status::Complete;
    query.addBindValue(version.ticketId);
    query.addBindValue(version.createdAt.isValid() ? version.createdAt.toMSecsSinceEpoch()
                                                   : QDateTime::currentMSecsSinceEpoch());
    query.addBindValue(DraftVersion::statusName(version.status));
    query.addBindValue(Sql::text(version.prompt));
    query.addBindValue(response.metadata.model);
    query.addBindValue(hasConfidence ? QVariant(response.metadata.confidence) : QVariant());
    query.addBindValue(response.subject);
    query.addBindValue(Sql::text(response.message));
    query.addBindValue(JsonReader::compactText(response.toJson()));
    if (!query.exec())
        return Sql::error(QCoreApplication::translate(
                              "DraftStore", "Could not store a version of the draft of ticket %1")
                              .arg(version.ticketId),
                          query.lastError());
    return query.lastInsertId().toLongLong();
}

QList<DraftVersion> DraftStore::versions(const QString &ticketId) const {
    QList<DraftVersion> result;
    QSqlQuery query(m_cache.database());
    query.setForwardOnly(true);
    query.prepare(u"SELECT %1 WHERE ticket_id = ? ORDER BY created_at_ms DESC, id DESC"_s.arg(
        QLatin1StringView(VersionColumns)));
    query.addBindValue(ticketId);
    if (!query.exec())
        return result;
    while (query.next())
        result.append(versionFrom(query));
    return result;
}

std::optional<DraftVersion> DraftStore::version(qint64 id) const {
    QSqlQuery query(m_cache.database());
    query.prepare(u"SELECT %1 WHERE id = ?"_s.arg(QLatin1StringView(VersionColumns)));
    query.addBindValue(id);
    if (!query.exec() || !query.next())
        return std::nullopt;
    return versionFrom(query);
}

Result<int> DraftStore::trimVersions(int keepPerTicket, std::chrono::milliseconds maxAge,
                                     const QDateTime &now) {
    QSqlQuery query(m_cache.database());
    // The newest first per ticket, as versions() lists them; a draft touched within maxAge
    // keeps its ticket's older versions (the rep may still go back to one).
    query.prepare(u"DELETE FROM draft_versions WHERE id IN ("
                  "SELECT id FROM (SELECT id, ticket_id, created_at_ms, row_number() OVER ("
                  "PARTITION BY ticket_id ORDER BY created_at_ms DESC, id DESC) AS newest "
                  "FROM draft_versions) AS ranked "
                  "WHERE newest > :keep OR (created_at_ms < :cutoff AND NOT EXISTS ("
                  "SELECT 1 FROM drafts WHERE drafts.ticket_id = ranked.ticket_id "
                  "AND drafts.updated_at_ms >= :cutoff)))"_s);
    query.bindValue(u":keep"_s, std::max(keepPerTicket, 1));
    query.bindValue(u":cutoff"_s, now.toMSecsSinceEpoch() - maxAge.count());
    if (!query.exec())
        return Sql::error(
            QCoreApplication::translate("DraftStore", "Could not trim the draft versions"),
            query.lastError());
    return query.numRowsAffected();
}
