// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/ComplianceFinding.h"
#include "review/ContextFacts.h"
#include "review/DraftText.h"

#include <QList>

// An offer in a draft (a discount, a rebate, something for free), in any of the languages the app
// writes. Backed when the rep's request or a message the team sent makes one; when only
// outsider-written text does, the draft is doing what planted text asked — however that text was
// phrased, and in whatever language — and it is blocking; an offer nobody asked for is a warning.
class OfferCheck {
public:
    explicit OfferCheck(const ContextFacts &facts)
        : m_facts(facts) {}

    QList<ComplianceFinding> check(const DraftText &draft) const;

private:
    const ContextFacts &m_facts;
};
