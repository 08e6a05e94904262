// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/ComplianceFinding.h"
#include "review/ContextFacts.h"
#include "review/DraftText.h"

#include <QList>

#include <utility>

// A draft that repeats instructions planted in CRM data: an instruction of its own ("ignore
// previous instructions"), a span of ContextFacts::InjectedSpanWords words copied from a CRM text
// that holds one, or an address the planted text names (other than the prospect's or the
// assignee's own). Blocking. Figures that only planted text asks for are FigureCheck's.
class PlantedInstructionCheck {
public:
    explicit PlantedInstructionCheck(ContextFacts facts)
        : m_facts(std::move(facts)) {}

    // Per part, the repeated and copied text (overlapping and adjacent runs merged), then the
    // addresses.
    QList<ComplianceFinding> check(const DraftText &draft) const;

private:
    ContextFacts m_facts;
};
