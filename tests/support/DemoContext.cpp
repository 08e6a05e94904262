// SPDX-License-Identifier: GPL-3.0-or-later
#include "support/DemoContext.h"

#include "storage/DemoWorkspace.h"

using namespace Qt::StringLiterals;

bool DemoContext::load() {
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

std::optional<OutreachContext> DemoContext::context(const QString &ticketId) const {
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
