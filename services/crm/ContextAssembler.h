// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/OutreachContext.h"
#include "domain/Result.h"

#include <QCoroTask>
#include <QObject>
#include <QString>

class CacheStore;
class CrmConnector;

// Assembles a ticket's context for the prompt: the ticket, its project, the prospect's history and
// the newest interactions, fetched concurrently (the ticket first when it is not cached, since it
// names the other two; all four at once when it is). Every fetch refreshes the cache; with the
// CRM unreachable the context comes from the cache and says how old it is.
class ContextAssembler : public QObject {
    Q_OBJECT
public:
    // `crm` may be null (no CRM configured, the demo): contexts then come from the cache.
    ContextAssembler(CacheStore &cache, CrmConnector *crm, QObject *parent = nullptr);

    // How many of the newest interactions a context keeps.
    void setInteractionLimit(int limit) { m_interactionLimit = std::max(1, limit); }
    int interactionLimit() const { return m_interactionLimit; }

    QCoro::Task<Result<OutreachContext>> assembleContext(QString ticketId);
    // What the cache holds for `ticketId` now, without asking the CRM: the ticket with its
    // project and prospect history (empty where they are not cached), the newest interactions,
    // the rep's own messages and how old it all is. Nullopt when the ticket is not cached.
    std::optional<OutreachContext> cachedContext(const QString &ticketId) const;

    // For the window: assembles `ticketId` and reports it only while it is still the ticket the
    // rep is looking at. Replies for a ticket the rep has left are dropped (they still refresh
    // the cache).
    void requestContext(const QString &ticketId);
    QString currentTicketId() const { return m_currentTicketId; }

signals:
    void contextReady(const OutreachContext &context);
    void contextFailed(const QString &ticketId, const OutreachError &error);

private:
    Result<OutreachContext> fromCache(const QString &ticketId, const OutreachError &why) const;

    CacheStore &m_cache;
    CrmConnector *m_crm;
    int m_interactionLimit = 50;
    QString m_currentTicketId;
    quint64 m_generation = 0;
};
