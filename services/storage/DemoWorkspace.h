// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/Result.h"
#include "storage/CacheStore.h"

#include <QDateTime>
#include <QString>

// Fills the cache with the bundled demo workspace (CRM API JSON compiled in under ":/demo"), so
// the app can be tried, screenshotted and tested without a CRM account.
class DemoWorkspace {
public:
    struct Counts {
        int tickets = 0;
        int projects = 0;
        int prospects = 0;
        int interactions = 0;
        int messages = 0; // the seeded history (DemoHistory)
    };

    // ":/demo", the bundled copy.
    static QString defaultSource();

    // Reads tickets.json ({"items": [...]}), projects.json ([...]), prospects.json ([...]),
    // interactions.json ({"items": [...]}) and messages.json ([...], the seeded history of
    // messages the rep "sent" earlier, see DemoHistory::fromJson) from `sourceDir`, validates all
    // of them, then stores them in one transaction and marks the cache as the demo workspace.
    // The seeded messages, their events and effectiveness become the rep's local records (what
    // ActivityTracker would have stored), with their times resolved against `now` (default: the
    // current time), so the effectiveness view and the History tab have figures on first start;
    // nothing is queued for a CRM. A missing file or an invalid payload gives CONTEXT_INVALID
    // naming the file (and the entity, id and field), and leaves the cache untouched. Loading
    // again replaces the same rows: a seeded message keeps its id, and its events are replaced
    // by the bundled ones (any outcome recorded on it since is reset). Meant for a cache of its
    // own (a separate data directory): loaded next to a real CRM's data, the two would mix.
    static Result<Counts> load(CacheStore &cache, const QString &sourceDir = defaultSource(),
                               const QDateTime &now = {});

    // True when the cache holds the demo workspace rather than a real CRM's data.
    static bool isDemo(const CacheStore &cache);

    // Removes the demo's CRM data (tickets, projects, prospects, interactions, fetch times) and
    // the seeded history (exactly the messages load() listed in the meta key
    // DemoHistory::SeededKey, with their events and effectiveness, so that made-up figures never
    // mix with a real CRM's) so a real CRM can be synced into the same cache, in one
    // transaction. Everything else the rep wrote is left alone: drafts, versions, the outbox and
    // every message the rep saved themselves, also on a demo ticket.
    static Result<void> clear(CacheStore &cache);
};
