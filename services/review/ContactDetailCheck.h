// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/ComplianceFinding.h"
#include "review/ContextFacts.h"
#include "review/DraftText.h"

#include <QList>

// Links, e-mail addresses and phone numbers in a draft. Only trusted context backs one: a link or
// address that only outsider-written text gives is blocking (planted links and "send it to …"
// addresses come that way); one found nowhere is a warning.
class ContactDetailCheck {
public:
    explicit ContactDetailCheck(const ContextFacts &facts)
        : m_facts(facts) {}

    QList<ComplianceFinding> check(const DraftText &draft) const;

private:
    const ContextFacts &m_facts;
};
