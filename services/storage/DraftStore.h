// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/Draft.h"
#include "domain/DraftVersion.h"
#include "domain/Result.h"
#include "storage/CacheSchema.h"

#include <QDateTime>
#include <QList>
#include <QString>

#include <chrono>
#include <optional>
#include <span>

class CacheStore;

// Keeps each ticket's draft and its history of generated versions in the local SQLite file
// (tables drafts and draft_versions), so a restart or a crash never loses what the rep typed or
// what the model wrote.
class DraftStore {
public:
    explicit DraftStore(CacheStore &cache);

    // Replaces the ticket's draft (an empty draft removes it). Stamps updatedAt.
    Result<void> save(const Draft &draft);
    std::optional<Draft> load(const QString &ticketId) const;
    Result<void> remove(const QString &ticketId);
    // Tickets with a non-empty draft, most recently changed first.
    QStringList ticketsWithDrafts() const;

    // Appends a version and returns its id.
    Result<qint64> addVersion(const DraftVersion &version);
    // The ticket's versions, newest first.
    QList<DraftVersion> versions(const QString &ticketId) const;
    std::optional<DraftVersion> version(qint64 id) const;
    // Bounds the version history: each ticket keeps its newest `keepPerTicket` versions, and a
    // ticket whose draft nobody touched within `maxAge` of `now` keeps none older than that.
    // Returns how many versions were removed.
    Result<int> trimVersions(int keepPerTicket, std::chrono::milliseconds maxAge,
                             const QDateTime &now);

    // The statements that create and upgrade these tables; CacheSchema runs them when the file
    // opens, in version order with the other stores' steps.
    static std::span<const CacheSchema::Step> schemaSteps();

private:
    CacheStore &m_cache;
};
