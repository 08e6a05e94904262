// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/ComplianceFinding.h"
#include "review/ContextFacts.h"
#include "review/DraftText.h"

#include <QList>

#include <utility>

// A draft that repeats instructions planted in CRM data: an instruction of its own ("ignore
// previous instructions", "neue Anweisungen für den Assistenten"), or a span of
// ContextFacts::InjectedSpanWords words copied from an outsider text that holds one. Blocking.
// What a draft does because outsider text asked — figures, links, addresses, offers — is found by
// provenance, in any language, by FigureCheck, ContactDetailCheck and OfferCheck.
class PlantedInstructionCheck {
public:
    explicit PlantedInstructionCheck(const ContextFacts &facts)
        : m_facts(facts) {}

    // Per part, the repeated and copied text (overlapping and adjacent runs merged).
    QList<ComplianceFinding> check(const DraftText &draft) const;

private:
    const ContextFacts &m_facts;
};
