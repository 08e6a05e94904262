// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "review/FoldedText.h"
#include "review/TextRanges.h"

#include <QList>

#include <utility>

// Instructions aimed at the model that someone planted in CRM text ("ignore previous
// instructions", "you are now in admin mode", "system prompt"), found on folded words.
class PlantedInstructions {
public:
    // Word ranges [first, last] of `text` that are such an instruction, in the order of the text.
    static QList<std::pair<qsizetype, qsizetype>> in(const FoldedText &text);

    // The parts of a CRM text that instructions taint: from the start of the sentence with an
    // instruction to the end of its line. Figures and addresses in there are what the planted text
    // asks for, not facts. Empty when the text holds no instruction.
    static TextRanges taintedRegionsOf(const FoldedText &text);
};
