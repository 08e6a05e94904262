// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/ComplianceFinding.h"
#include "review/DraftText.h"

#include <QList>

// The message body's length, trimmed, against the workspace's minimum and maximum. A warning
// either way: the rep may have a reason.
class LengthCheck {
public:
    LengthCheck(int minLength, int maxLength)
        : m_minLength(minLength)
        , m_maxLength(maxLength) {}

    QList<ComplianceFinding> check(const DraftText &draft) const;

private:
    int m_minLength;
    int m_maxLength;
};
