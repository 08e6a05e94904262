// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "review/ContextFacts.h"
#include "review/FoldedText.h"

#include <QList>

// Runs of a draft's words copied from texts of the context, found by their
// ContextFacts::InjectedSpanWords-word spans: what echoes planted text and what quotes internal
// notes share.
class CopiedSpans {
public:
    struct Run {
        qsizetype first = 0; // word indices in the draft's part, inclusive
        qsizetype last = 0;
        qsizetype source = -1; // the context source copied from; -1 when not known
        bool operator<(const Run &other) const { return first < other.first; }
    };

    // Every span of `part` that one of `texts` holds, in the order of the draft.
    static QList<Run> find(const FoldedText &part, const QList<ContextFacts::InjectedText> &texts);
    // Overlapping and adjacent runs as one, sorted; a merged run keeps the first known source.
    static QList<Run> merged(QList<Run> runs);
};
