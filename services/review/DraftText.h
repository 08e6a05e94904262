// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "review/FoldedText.h"

#include <array>

// A draft as the compliance checks read it: its subject and message, each folded once for all of
// them. Checks report the subject's findings first.
struct DraftText {
    FoldedText subject;
    FoldedText message;

    DraftText(const QString &subject, const QString &message)
        : subject(subject)
        , message(message) {}

    std::array<const FoldedText *, 2> parts() const { return {&subject, &message}; }
};
