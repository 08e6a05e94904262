// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>

#include <utility>

// Character ranges [start, end) of one text, to ask whether a match touches any of them.
class TextRanges {
public:
    void add(qsizetype start, qsizetype end) { m_ranges.append({start, end}); }
    bool overlaps(qsizetype start, qsizetype end) const;

    bool isEmpty() const { return m_ranges.isEmpty(); }
    // In the order they were added.
    const QList<std::pair<qsizetype, qsizetype>> &ranges() const { return m_ranges; }

private:
    QList<std::pair<qsizetype, qsizetype>> m_ranges;
};
