// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The bundled demo workspace loaded into a throwaway cache, handing out OutreachContexts for its
// tickets the way context assembly does from the cache (for tests that need realistic contexts).

#include "domain/OutreachContext.h"
#include "storage/CacheStore.h"
#include "storage/DemoWorkspace.h"

#include <QTemporaryDir>

#include <memory>
#include <optional>

class DemoContext {
public:
    // False (with the reason in error()) when the cache cannot be opened or the demo not loaded.
    bool load() {
        using namespace Qt::StringLiterals;
        if (!m_dir.isValid()) {
            m_error = u"no temporary directory"_s;
            return false;
        }
        auto opened = CacheStore::open(m_dir.filePath(u"cache.sqlite"_s));
        if (!opened) {
            m_error = opened.error().toString();
            return false;
        }
        m_cache = std::move(opened).value();
        const auto loaded = DemoWorkspace::load(*m_cache);
        if (!loaded) {
            m_error = loaded.error().toString();
            return false;
        }
        return true;
    }

    QString error() const { return m_error; }

    std::optional<OutreachContext> context(const QString &ticketId) const {
        OutreachContext context;
        const auto ticket = m_cache->ticket(ticketId);
        if (!ticket)
            return std::nullopt;
        context.ticket = *ticket;
        const auto project = m_cache->project(ticket->projectId);
        const auto prospect = m_cache->prospect(ticket->prospectId);
        if (!project || !prospect)
            return std::nullopt;
        context.project = *project;
        context.prospect = *prospect;
        context.interactions = m_cache->interactions(ticketId);
        context.source = OutreachContext::Source::Cache;
        return context;
    }

private:
    QTemporaryDir m_dir;
    std::unique_ptr<CacheStore> m_cache;
    QString m_error;
};
