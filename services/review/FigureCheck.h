// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/ComplianceFinding.h"
#include "review/ContextFacts.h"
#include "review/DraftText.h"

#include <QList>

// Prices, amounts, percentages and dates in a draft, parsed and compared by value, currency and
// unit with what the context gives ("€48,000" is backed by "a budget of 48000 EUR", "20 %" by
// "twenty percent"). Only trusted context backs a figure: one that only outsider-written text
// gives is blocking and quotes where it came from; one the trusted context gives in another
// currency is blocking; one found nowhere is a warning (the rep may know a figure the CRM does
// not). Each figure is reported once, at its first occurrence.
class FigureCheck {
public:
    explicit FigureCheck(const ContextFacts &facts)
        : m_facts(facts) {}

    // In the order of the draft, subject first.
    QList<ComplianceFinding> check(const DraftText &draft) const;

private:
    const ContextFacts &m_facts;
};
