// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/ComplianceFinding.h"
#include "review/ContextFacts.h"
#include "review/DraftText.h"

#include <QList>

// A draft that quotes what was written for the team, not for the prospect: an internal note or
// mail, or the prospect's notes, copied ContextFacts::InjectedSpanWords words or more at a time.
// "Reveal the internal notes" is what planted text asks for most often after a discount, in any
// language; the copy is what gives it away. Blocking.
class DisclosureCheck {
public:
    explicit DisclosureCheck(const ContextFacts &facts)
        : m_facts(facts) {}

    QList<ComplianceFinding> check(const DraftText &draft) const;

private:
    const ContextFacts &m_facts;
};
