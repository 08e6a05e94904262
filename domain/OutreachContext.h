// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/Interaction.h"
#include "domain/MessageOutcome.h"
#include "domain/Project.h"
#include "domain/ProspectHistory.h"
#include "domain/Ticket.h"

#include <QDateTime>
#include <QList>
#include <QString>

// Everything the CRM knows about one ticket, gathered by context assembly for message generation:
// the ticket, its project, the prospect's history and the ticket's interactions, and
// whether that came live from the CRM or from the local cache (and then how old it is).
struct OutreachContext {
    enum class Source { Crm, Cache };

    Ticket ticket;
    Project project;
    ProspectHistory prospect;
    QList<Interaction> interactions; // newest first, as the CRM lists them
    // The rep's own messages to this prospect stored on this computer (any of their tickets),
    // newest first, with their outcomes merged with the CRM's: what actually worked with them.
    QList<MessageOutcome> ownMessages;
    QDateTime assembledAt; // UTC
    Source source = Source::Crm;
    QDateTime cachedAsOf; // UTC; with Source::Cache, when that data was last fetched from the CRM

    // A translated line for the rep: "Live from the CRM", or "From cache, as of 25 Nov 2026 14:03
    // UTC" (always in UTC and English month names, so it reads the same on every machine).
    QString sourceDescription() const;

    bool operator==(const OutreachContext &) const = default;
};
