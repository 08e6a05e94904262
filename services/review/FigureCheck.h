// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/ComplianceFinding.h"
#include "review/ContextFacts.h"
#include "review/DraftText.h"

#include <QList>

#include <utility>

// Prices, amounts, percentages and dates in a draft that the context does not back, in whatever
// spelling either writes them ("€48,000" is backed by "a budget of 48000 EUR"). A figure only
// planted instructions ask for is an injection echo (blocking); any other unbacked one an
// unverified figure (a warning: the rep may know a figure the CRM does not). Each figure is
// reported once, at its first occurrence.
class FigureCheck {
public:
    explicit FigureCheck(ContextFacts facts)
        : m_facts(std::move(facts)) {}

    // The unverified figures, then the injection echoes.
    QList<ComplianceFinding> check(const DraftText &draft) const;

private:
    ContextFacts m_facts;
};
