// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/MessageOutcome.h"
#include "domain/Result.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

class CacheStore;

// Reads the rep's stored messages with everything known about how each went (MessageOutcome):
// the messages table, its tracking events and effectiveness, the cached ticket (category,
// prospect) and the outcomes the CRM reported in the prospect's history. Read-only: the rep's
// records and the CRM's are kept in their own tables and only merged here, so a sync can never
// overwrite what the rep recorded.
class OutcomeReader {
public:
    // Every stored message, newest first.
    static Result<QList<MessageOutcome>> all(const CacheStore &cache);
    // The messages on any ticket of `prospectId`, newest first.
    static Result<QList<MessageOutcome>> forProspect(const CacheStore &cache,
                                                     const QString &prospectId);
    // The messages on `ticketId`, newest first: one read for a ticket's whole history panel.
    static Result<QList<MessageOutcome>> forTicket(const CacheStore &cache,
                                                   const QString &ticketId);
    // One message; nullopt when it is not stored on this computer.
    static Result<std::optional<MessageOutcome>> forMessage(const CacheStore &cache,
                                                            const QString &messageId);

    // Prospects whose outcomes may still change: they have a message sent since `since` that
    // neither bounced nor led to a meeting yet. Most recently sent first, at most `limit`.
    static Result<QStringList> prospectsAwaitingOutcomes(const CacheStore &cache,
                                                         const QDateTime &since, int limit);

private:
    enum class Filter { All, Prospect, Ticket, Message };
    static Result<QList<MessageOutcome>> read(const CacheStore &cache, Filter filter,
                                              const QString &value);
};
