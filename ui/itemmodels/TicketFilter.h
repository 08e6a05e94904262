// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/Ticket.h"

#include <QByteArrayList>
#include <QString>

// What the rep asked the ticket list to show: search text (every word must match the title,
// description, prospect, company or ticket id, ignoring case and accents) plus status and
// priority quick filters.
class TicketFilter {
public:
    static constexpr quint32 allStatuses = 0b11111;
    static constexpr quint32 allPriorities = 0b1111;

    QString text() const { return m_text; }
    void setText(const QString &text);
    // The folded words of text(), each of which must occur in a matching ticket.
    const QByteArrayList &terms() const { return m_terms; }

    quint32 statuses() const { return m_statuses; }
    void setStatuses(quint32 mask) { m_statuses = mask & allStatuses; }
    bool acceptsStatus(Ticket::Status status) const { return m_statuses & bit(status); }
    static quint32 bit(Ticket::Status status) { return 1u << static_cast<int>(status); }

    quint32 priorities() const { return m_priorities; }
    void setPriorities(quint32 mask) { m_priorities = mask & allPriorities; }
    bool acceptsPriority(Ticket::Priority priority) const { return m_priorities & bit(priority); }
    static quint32 bit(Ticket::Priority priority) { return 1u << static_cast<int>(priority); }

    bool isEmpty() const;
    // True when everything `next` accepts is also accepted by this filter, so `next` can be
    // applied to this filter's results instead of to every ticket (typing one more letter).
    bool isRefinedBy(const TicketFilter &next) const;

    bool operator==(const TicketFilter &other) const;

private:
    QString m_text;
    QByteArrayList m_terms;
    quint32 m_statuses = allStatuses;
    quint32 m_priorities = allPriorities;
};
