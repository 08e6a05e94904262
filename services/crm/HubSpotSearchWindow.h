// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

// Where an incremental ticket sync stands in HubSpot's CRM search, which pages with an `after`
// offset but stops at 10,000 results per query. Changes are walked on hs_lastmodifieddate in
// ascending order; when a query would page past the cap, the walk starts a new query from the
// last modification time it saw. Tickets sharing that millisecond are then read in a query of
// their own, ordered by id (HubSpot orders ties arbitrarily), before the walk goes on after it,
// so no ticket is skipped however many share a millisecond. The state travels as the sync's
// opaque page cursor.
class HubSpotSearchWindow {
public:
    static constexpr int MaxResults = 10'000; // what one search query can page through
    static constexpr int MaxPageSize = 200;

    // The first page of changes since `since` (inclusive); an invalid `since` means all.
    static HubSpotSearchWindow startingAt(const QDateTime &since);
    // Nullopt for a cursor this class did not write.
    static std::optional<HubSpotSearchWindow> fromCursor(const QString &cursor);
    QString cursor() const;

    // The body of `POST /crm/v3/objects/tickets/search` for this page.
    QJsonObject searchBody(const QStringList &properties, int limit) const;

    // What follows a page that returned `nextAfter` (paging.next.after; nullopt when HubSpot
    // said there is no more) and whose last result was modified at `lastModifiedMs` with id
    // `lastId`. Nullopt when the walk is complete.
    std::optional<HubSpotSearchWindow> next(std::optional<int> nextAfter, int limit,
                                            qint64 lastModifiedMs, const QString &lastId) const;

    bool isTieQuery() const { return m_tie; }
    qint64 fromMs() const { return m_fromMs; }
    int after() const { return m_after; }

    bool operator==(const HubSpotSearchWindow &) const = default;

private:
    bool m_tie = false;      // reading the tickets of one millisecond by id
    qint64 m_fromMs = -1;    // range: the lower bound (-1: none); tie: the millisecond
    bool m_inclusive = true; // range: GTE rather than GT
    QString m_afterId;       // tie: only ids above this one (empty: all)
    int m_after = 0;         // HubSpot's offset within the current query
};
