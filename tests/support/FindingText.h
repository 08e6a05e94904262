// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/ComplianceFinding.h"

#include <QList>
#include <QString>

// Compliance findings as one line for a failed check's message: "BANNED_PHRASE: guarantee; …".
class FindingText {
public:
    static QString describe(const QList<ComplianceFinding> &findings);
};
