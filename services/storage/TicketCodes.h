// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/Ticket.h"

#include <QString>

// The small integers the tickets table stores for a ticket's status and priority. The ticket list
// reads them for every row, and an integer costs no string allocation there.
class TicketCodes {
public:
    static int ofStatus(Ticket::Status status);
    static int ofPriority(Ticket::Priority priority);
    // Unknown codes (a file from a newer build) read as Open and Normal.
    static Ticket::Status status(int code);
    static Ticket::Priority priority(int code);

    // The wire names, built once and shared, so a 100k-row scan copies a pointer instead of
    // allocating. Empty for an unknown code.
    static const QString &statusName(int code);
    static const QString &priorityName(int code);
};
