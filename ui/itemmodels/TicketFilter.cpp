// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/itemmodels/TicketFilter.h"

#include "domain/TextFolding.h"

void TicketFilter::setText(const QString &text) {
    m_text = text;
    m_terms.clear();
    const QByteArray folded = TextFolding::fold(text.simplified());
    for (const QByteArray &term : folded.split(' ')) {
        const QByteArray trimmed = term.trimmed();
        if (!trimmed.isEmpty())
            m_terms.append(trimmed);
    }
}

bool TicketFilter::isEmpty() const {
    return m_terms.isEmpty() && m_statuses == allStatuses && m_priorities == allPriorities;
}

bool TicketFilter::isRefinedBy(const TicketFilter &next) const {
    if ((next.m_statuses & ~m_statuses) != 0 || (next.m_priorities & ~m_priorities) != 0)
        return false;
    // Every term of ours must be implied by a term of next: a term that contains ours as a
    // substring can only match where ours matches too.
    for (const QByteArray &term : m_terms) {
        bool implied = false;
        for (const QByteArray &candidate : next.m_terms) {
            if (candidate.contains(term)) {
                implied = true;
                break;
            }
        }
        if (!implied)
            return false;
    }
    return true;
}

bool TicketFilter::operator==(const TicketFilter &other) const {
    return m_terms == other.m_terms && m_statuses == other.m_statuses
           && m_priorities == other.m_priorities;
}
