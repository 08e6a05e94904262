// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/Interaction.h"
#include "domain/InteractionCursor.h"
#include "domain/Project.h"
#include "domain/ProspectHistory.h"
#include "domain/Result.h"
#include "domain/Ticket.h"
#include "domain/TicketRow.h"
#include "storage/CacheSchema.h"

#include <QDateTime>
#include <QList>
#include <QSqlDatabase>
#include <QSqlError>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>

// The local SQLite cache of CRM data (tickets, projects, prospects, interactions) that lets a rep
// review tickets offline. One database file, WAL, foreign keys on, numbered migrations tracked in
// PRAGMA user_version (CacheSchema). Not thread-safe: use one instance per thread.
class CacheStore {
public:
    // The schema version this build writes. A file with a higher user_version is refused.
    static constexpr int SchemaVersion = CacheSchema::Version;

    ~CacheStore();
    CacheStore(const CacheStore &) = delete;
    CacheStore &operator=(const CacheStore &) = delete;

    // Opens (creating if absent) and migrates the database at `path`. A file written by a newer
    // version is left untouched and gives a STORAGE error saying so. A file SQLite cannot read
    // (not a database, corrupt) is moved aside to "<path>.corrupt-<UTC timestamp>" (with its -wal
    // and -shm files), a fresh database is created, and recoveredFrom() names where the old one is.
    static Result<std::unique_ptr<CacheStore>> open(const QString &path);

    QString path() const { return m_path; }
    // Non-empty when open() had to move an unreadable file aside: the path it was moved to.
    QString recoveredFrom() const { return m_recoveredFrom; }
    int schemaVersion() const;

    // Bulk upserts: one transaction, prepared statements. Re-upserting the same payload leaves the
    // same rows. A ticket whose project or prospect is not cached yet is still stored.
    Result<void> upsertTickets(const QList<Ticket> &tickets);
    Result<void> upsertProjects(const QList<Project> &projects);
    Result<void> upsertProspects(const QList<ProspectHistory> &prospects);
    Result<void> upsertInteractions(const QList<Interaction> &interactions);

    // Runs `work` as one transaction: everything it writes is stored, or nothing is when it (or
    // the commit) fails. Upserts called inside join it (they use savepoints), so a whole
    // workspace load is all-or-nothing.
    Result<void> inTransaction(const std::function<Result<void>()> &work);
    // inTransaction() for writes that only mirror the CRM (a sync, the bulk upserts above): when
    // it is the outermost transaction and the file runs PRAGMA synchronous = FULL, it commits
    // with NORMAL and restores FULL afterwards. In WAL mode a crash can then lose the mirrored
    // rows (the CRM has them) but never corrupts the file or anything committed before.
    Result<void> inBulkTransaction(const std::function<Result<void>()> &work);

    std::optional<Ticket> ticket(const QString &id) const;
    std::optional<Project> project(const QString &id) const;
    std::optional<ProspectHistory> prospect(const QString &id) const;
    // Newest first; `limit` < 0 means all.
    QList<Interaction> interactions(const QString &ticketId, int limit = -1) const;
    // One page of the history, newest first by (occurred_at, id): at most `limit` entries after
    // `after` (nullopt: from the newest; `limit` < 0: all). A keyset cursor rather than OFFSET,
    // so a page deep in the history costs what the first does: one range scan of
    // interactions_by_ticket.
    QList<Interaction> interactionPage(const QString &ticketId,
                                       const std::optional<InteractionCursor> &after,
                                       int limit) const;
    // How many interactions `ticketId` has (counted on the index); -1 when it cannot be read.
    int interactionCount(const QString &ticketId) const;

    // Row counts; -1 when the database cannot be read.
    int ticketCount() const;
    int projectCount() const;
    int prospectCount() const;
    int interactionCount() const;

    // Streams every ticket as a list row (joined with its prospect, whose strings all its rows
    // share), in no particular order, from one consistent snapshot.
    // The callback form avoids building a second copy of 100k rows.
    // With `newest` > 0, only the `newest` most recently updated tickets, newest first.
    Result<void> forEachTicketRow(const std::function<void(TicketRow &&)> &callback,
                                  int newest = -1) const;

    // When `entity` ("ticket", "project", "prospect", "interactions") `id` was last fetched
    // from the CRM, so an offline context can say how old it is.
    Result<void> markFetched(const QString &entity, const QStringList &ids, const QDateTime &at);
    std::optional<QDateTime> fetchedAt(const QString &entity, const QString &id) const;

    // Small key/value table for workspace facts ("workspace" -> "demo", "last_sync" -> ...).
    QString meta(const QString &key, const QString &fallback = {}) const;
    Result<void> setMeta(const QString &key, const QString &value);
    Result<void> removeMeta(const QString &key);

    // Removes the CRM's mirror: tickets, projects, prospects (and their outcomes as the CRM
    // reported them), interactions and their fetch times. The rep's own records (messages,
    // events, drafts, the outbox) stay.
    Result<void> clearCrmMirror();

    // The connection, for the classes that keep their own tables in this file (the outbox).
    QSqlDatabase database() const;

private:
    CacheStore(QString connectionName, QString path);

    QString m_connectionName;
    QString m_path;
    QString m_recoveredFrom;
    int m_transactionDepth = 0;
};
