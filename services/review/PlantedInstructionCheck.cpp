// SPDX-License-Identifier: GPL-3.0-or-later
#include "review/PlantedInstructionCheck.h"

#include "review/PlantedInstructions.h"

#include <QCoreApplication>

#include <algorithm>

namespace {

using Kind = ComplianceFinding::Kind;
using Severity = ComplianceFinding::Severity;

struct Range {
    qsizetype first = 0;
    qsizetype last = 0;
    qsizetype source = -1; // the outsider text it was copied from; -1 for a phrase of its own
    bool operator<(const Range &other) const { return first < other.first; }
};

void checkPart(const FoldedText &part, const ContextFacts &facts,
               QList<ComplianceFinding> &findings) {
    // Word ranges that repeat an instruction or copy a span of a text containing one.
    QList<Range> ranges;
    for (const auto &[first, last] : PlantedInstructions::in(part))
        ranges.append({first, last, -1});
    constexpr qsizetype span = ContextFacts::InjectedSpanWords;
    for (qsizetype i = 0; i + span <= part.words().size(); ++i) {
        const QString key = part.span(i, span);
        for (const ContextFacts::InjectedText &injected : facts.injectedSpans) {
            if (injected.spans.contains(key)) {
                ranges.append({i, i + span - 1, injected.source});
                break;
            }
        }
    }
    std::sort(ranges.begin(), ranges.end());
    QList<Range> merged;
    for (const Range &range : ranges) {
        if (!merged.isEmpty() && range.first <= merged.last().last + 1) {
            merged.last().last = std::max(merged.last().last, range.last);
            if (merged.last().source < 0)
                merged.last().source = range.source;
        } else {
            merged.append(range);
        }
    }
    for (const Range &range : merged) {
        const QString text = part.quote(range.first, range.last);
        const QString advice =
            range.source < 0
                ? QCoreApplication::translate("ComplianceChecker",
                                              "The draft repeats instructions planted in the CRM "
                                              "data (“%1”); remove them and do not act on them.")
                      .arg(text)
                : QCoreApplication::translate("ComplianceChecker",
                                              "The draft repeats instructions planted in %2 "
                                              "(“%1”); remove them and do not act on them.")
                      .arg(text, facts.sources.at(range.source).label);
        findings.append({Kind::InjectionEcho, Severity::Blocking, text, advice});
    }
}

} // namespace

QList<ComplianceFinding> PlantedInstructionCheck::check(const DraftText &draft) const {
    QList<ComplianceFinding> findings;
    for (const FoldedText *part : draft.parts())
        checkPart(*part, m_facts, findings);
    return findings;
}
