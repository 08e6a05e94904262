// SPDX-License-Identifier: GPL-3.0-or-later
#include "crm/ContextAssembler.h"

#include "crm/CrmConnector.h"
#include "storage/CacheStore.h"
#include "storage/OutcomeReader.h"

#include <QLoggingCategory>
#include <QPointer>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcContext, "outreach.context")

namespace {

// Failures after which the cache is a fair substitute: the CRM could not be reached, was in
// trouble, rate-limited us, or rejected the token. A CONTEXT_INVALID answer (missing id,
// malformed payload) is the CRM's word and is reported instead.
bool cacheMayStandIn(const OutreachError &error) {
    using Code = OutreachError::Code;
    return error.code() == Code::Network || error.code() == Code::RateLimit
           || error.code() == Code::Auth || error.code() == Code::Cancelled
           || (error.code() == Code::ApiError && error.isTransient());
}

// A 404 for the project or prospect is the ticket's fault: say which of its fields is dangling.
OutreachError danglingReference(const Ticket &ticket, const QString &field, const QString &what,
                                const QString &id, const OutreachError &cause) {
    if (cause.code() != OutreachError::Code::ContextInvalid || cause.httpStatus() != 404)
        return cause;
    OutreachError error = OutreachError::invalidField(
        u"ticket"_s, ticket.id, field,
        ContextAssembler::tr("names %1 %2, which does not exist in the CRM").arg(what, id));
    error.setHttpStatus(404);
    return error;
}

// The rep's own messages to the prospect with how they went: part of the context, so the
// model sees what worked with this prospect (and what did not).
QList<MessageOutcome> ownMessages(const CacheStore &cache, const QString &prospectId) {
    if (prospectId.isEmpty())
        return {};
    Result<QList<MessageOutcome>> messages = OutcomeReader::forProspect(cache, prospectId);
    if (!messages.ok()) {
        qCWarning(lcContext).noquote() << messages.error().message();
        return {};
    }
    return std::move(messages).value();
}

} // namespace

ContextAssembler::ContextAssembler(CacheStore &cache, CrmConnector *crm, QObject *parent)
    : QObject(parent)
    , m_cache(cache)
    , m_crm(crm) {}

void ContextAssembler::requestContext(const QString &ticketId) {
    m_currentTicketId = ticketId;
    const quint64 generation = ++m_generation;
    QCoro::connect(assembleContext(ticketId), this,
                   [this, generation, ticketId](const Result<OutreachContext> &context) {
                       if (generation != m_generation)
                           return; // the rep has moved on to another ticket
                       if (context.ok())
                           emit contextReady(context.value());
                       else
                           emit contextFailed(ticketId, context.error());
                   });
}

QCoro::Task<Result<OutreachContext>> ContextAssembler::assembleContext(QString ticketId) {
    if (!m_crm || !m_crm->hasToken()) {
        co_return fromCache(
            ticketId, OutreachError(OutreachError::Code::Network, tr("No CRM is configured.")));
    }
    QPointer<ContextAssembler> self(this);
    const std::optional<Ticket> cached = m_cache.ticket(ticketId);

    Ticket ticket;
    std::optional<QCoro::Task<Result<Project>>> projectTask;
    std::optional<QCoro::Task<Result<ProspectHistory>>> prospectTask;
    std::optional<QCoro::Task<Result<Ticket>>> ticketTask;
    std::optional<QCoro::Task<Result<QList<Interaction>>>> interactionsTask;
    if (cached) {
        // One round trip: the cached ticket names the project and prospect.
        ticketTask.emplace(m_crm->ticket(ticketId));
        projectTask.emplace(m_crm->project(cached->projectId));
        prospectTask.emplace(m_crm->prospectHistory(cached->prospectId));
        interactionsTask.emplace(m_crm->interactions(ticketId, m_interactionLimit));
    }

    if (!ticketTask)
        ticketTask.emplace(m_crm->ticket(ticketId));
    // Tasks are awaited where they are stored: GCC 12 destroys a temporary Task in a co_await
    // operand too early, and QCoro then resumes into freed memory.
    Result<Ticket> fetchedTicket = co_await std::move(*ticketTask);
    if (!self)
        co_return OutreachError(OutreachError::Code::Cancelled, tr("Stopped."));
    if (!fetchedTicket.ok()) {
        if (!cacheMayStandIn(fetchedTicket.error()))
            co_return fetchedTicket.error();
        co_return fromCache(ticketId, fetchedTicket.error());
    }
    ticket = fetchedTicket.value();
    // Not cached, or the CRM has moved the ticket to another project or prospect since.
    if (!cached || cached->projectId != ticket.projectId)
        projectTask.emplace(m_crm->project(ticket.projectId));
    if (!cached || cached->prospectId != ticket.prospectId)
        prospectTask.emplace(m_crm->prospectHistory(ticket.prospectId));
    // Fresh, the interactions wait for the ticket too: an unknown ticket costs one request, not
    // two, and the CRM sees one ticket's context as one burst.
    if (!interactionsTask)
        interactionsTask.emplace(m_crm->interactions(ticketId, m_interactionLimit));

    Result<Project> project = co_await std::move(*projectTask);
    Result<ProspectHistory> prospect = co_await std::move(*prospectTask);
    Result<QList<Interaction>> interactions = co_await std::move(*interactionsTask);
    if (!self)
        co_return OutreachError(OutreachError::Code::Cancelled, tr("Stopped."));

    // Store what arrived, even if another part failed: the next offline look benefits. Only
    // the CRM's mirror is written, which the CRM restores: a bulk write, no wait for the disk.
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const Result<void> stored = m_cache.inBulkTransaction([&]() -> Result<void> {
        if (Result<void> r = m_cache.upsertTickets({ticket}); !r.ok())
            return r;
        if (Result<void> r = m_cache.markFetched(u"ticket"_s, {ticket.id}, now); !r.ok())
            return r;
        if (project.ok()) {
            if (Result<void> r = m_cache.upsertProjects({project.value()}); !r.ok())
                return r;
            if (Result<void> r = m_cache.markFetched(u"project"_s, {project->id}, now); !r.ok())
                return r;
        }
        if (prospect.ok()) {
            if (Result<void> r = m_cache.upsertProspects({prospect.value()}); !r.ok())
                return r;
            if (Result<void> r = m_cache.markFetched(u"prospect"_s, {prospect->prospect.id}, now);
                !r.ok())
                return r;
        }
        if (interactions.ok()) {
            if (Result<void> r = m_cache.upsertInteractions(interactions.value()); !r.ok())
                return r;
            if (Result<void> r = m_cache.markFetched(u"interactions"_s, {ticket.id}, now); !r.ok())
                return r;
        }
        return {};
    });
    if (!stored.ok())
        qCWarning(lcContext).noquote() << stored.error().message();

    if (!project.ok() && !cacheMayStandIn(project.error()))
        co_return danglingReference(ticket, u"project_id"_s, tr("project"), ticket.projectId,
                                    project.error());
    if (!prospect.ok() && !cacheMayStandIn(prospect.error()))
        co_return danglingReference(ticket, u"prospect_id"_s, tr("prospect"), ticket.prospectId,
                                    prospect.error());
    if (!interactions.ok() && !cacheMayStandIn(interactions.error()))
        co_return interactions.error();
    if (!project.ok())
        co_return fromCache(ticketId, project.error());
    if (!prospect.ok())
        co_return fromCache(ticketId, prospect.error());
    if (!interactions.ok())
        co_return fromCache(ticketId, interactions.error());

    OutreachContext context;
    context.ticket = std::move(ticket);
    context.project = std::move(project).value();
    context.prospect = std::move(prospect).value();
    context.interactions = std::move(interactions).value();
    context.ownMessages = ownMessages(m_cache, context.prospect.prospect.id);
    context.assembledAt = now;
    context.source = OutreachContext::Source::Crm;
    co_return context;
}

std::optional<OutreachContext> ContextAssembler::cachedContext(const QString &ticketId) const {
    const std::optional<Ticket> ticket = m_cache.ticket(ticketId);
    if (!ticket)
        return std::nullopt;
    OutreachContext context;
    context.ticket = *ticket;
    context.project = m_cache.project(ticket->projectId).value_or(Project{});
    context.prospect = m_cache.prospect(ticket->prospectId).value_or(ProspectHistory{});
    context.interactions = m_cache.interactions(ticketId, m_interactionLimit);
    context.ownMessages = ownMessages(m_cache, context.prospect.prospect.id);
    context.assembledAt = QDateTime::currentDateTimeUtc();
    context.source = OutreachContext::Source::Cache;
    // As old as its oldest part; data never fetched (the demo) is as old as the last sync.
    QDateTime asOf;
    const std::pair<QString, QString> parts[] = {{u"ticket"_s, ticketId},
                                                 {u"project"_s, ticket->projectId},
                                                 {u"prospect"_s, ticket->prospectId},
                                                 {u"interactions"_s, ticketId}};
    for (const auto &[entity, id] : parts) {
        const std::optional<QDateTime> fetched = m_cache.fetchedAt(entity, id);
        if (fetched && (!asOf.isValid() || *fetched < asOf))
            asOf = *fetched;
    }
    if (!asOf.isValid())
        asOf = QDateTime::fromString(m_cache.meta(u"sync/last_success"_s), Qt::ISODateWithMs);
    context.cachedAsOf = asOf;
    return context;
}

Result<OutreachContext> ContextAssembler::fromCache(const QString &ticketId,
                                                    const OutreachError &why) const {
    // Offline: everything from the cache, or a NETWORK error naming what it does not have.
    const auto missing = [&](const QString &what) {
        OutreachError error(OutreachError::Code::Network,
                            tr("%1 is not in the local cache, and the CRM could not be used (%2).")
                                .arg(what, why.message()));
        error.setTransient(why.isTransient());
        return error;
    };
    std::optional<OutreachContext> context = cachedContext(ticketId);
    if (!context)
        return missing(tr("Ticket %1").arg(ticketId));
    const Ticket &ticket = context->ticket;
    if (context->project.id.isEmpty())
        return missing(tr("Project %1 (of ticket %2)").arg(ticket.projectId, ticketId));
    if (context->prospect.prospect.id.isEmpty())
        return missing(
            tr("The history of prospect %1 (of ticket %2)").arg(ticket.prospectId, ticketId));
    qCInfo(lcContext).noquote() << "Context for" << ticketId << "from the cache:" << why.message();
    return std::move(*context);
}
