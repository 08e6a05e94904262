// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/Project.h"
#include "domain/ProspectHistory.h"
#include "domain/Ticket.h"

#include <QList>

// A deterministic, realistic-looking CRM workspace for benchmarks: `ticketCount` tickets, about
// ticketCount / 50 projects and ticketCount / 10 prospects. Titles are 30-80 characters,
// descriptions 100-400, there are 8 categories and 40 assignees, and some names, companies and
// words are non-ASCII ("Zoë Müller", "Zürich"). The same seed always gives the same workspace.
struct SyntheticWorkspace {
    QList<Ticket> tickets;
    QList<Project> projects;
    QList<ProspectHistory> prospects;

    static SyntheticWorkspace generate(int ticketCount, quint32 seed);
};
