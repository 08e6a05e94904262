// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/ComplianceFinding.h"
#include "review/DraftText.h"

#include <QList>

// Unfilled merge fields and placeholders in a draft: "[Name]", "{{first_name}}", "<Company>",
// "<<insert price>>", "XXX", "TBD". Blocking.
class PlaceholderCheck {
public:
    QList<ComplianceFinding> check(const DraftText &draft) const;
};
