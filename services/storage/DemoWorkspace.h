// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/Result.h"
#include "storage/CacheStore.h"

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
    };

    // ":/demo", the bundled copy.
    static QString defaultSource();

    // Reads tickets.json ({"items": [...]}), projects.json ([...]), prospects.json ([...]) and
    // interactions.json ({"items": [...]}) from `sourceDir`, validates all of them, then stores
    // them in one transaction and marks the cache as the demo workspace. A missing file or an
    // invalid payload gives CONTEXT_INVALID naming the file (and the entity, id and field), and
    // leaves the cache untouched. Loading again replaces the same rows. Meant for a cache of its
    // own (a separate data directory): loaded next to a real CRM's data, the two would mix.
    static Result<Counts> load(CacheStore &cache, const QString &sourceDir = defaultSource());

    // True when the cache holds the demo workspace rather than a real CRM's data.
    static bool isDemo(const CacheStore &cache);

    // Removes the demo's CRM data (tickets, projects, prospects, interactions, fetch times) so a
    // real CRM can be synced into the same cache, in one transaction. The rep's own tables
    // (drafts, versions, messages, outbox) are left alone: nothing they wrote is deleted.
    static Result<void> clear(CacheStore &cache);
};
