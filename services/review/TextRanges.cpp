// SPDX-License-Identifier: GPL-3.0-or-later
#include "review/TextRanges.h"

#include <algorithm>

bool TextRanges::overlaps(qsizetype start, qsizetype end) const {
    return std::any_of(m_ranges.cbegin(), m_ranges.cend(), [&](const auto &range) {
        return start < range.second && end > range.first;
    });
}
