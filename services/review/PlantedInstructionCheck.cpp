// SPDX-License-Identifier: GPL-3.0-or-later
#include "review/PlantedInstructionCheck.h"

#include "review/CopiedSpans.h"
#include "review/PlantedInstructions.h"

#include <QCoreApplication>

#include <algorithm>

namespace {

using Kind = ComplianceFinding::Kind;
using Severity = ComplianceFinding::Severity;

void checkPart(const FoldedText &part, const ContextFacts &facts,
               QList<ComplianceFinding> &findings) {
    // Word runs that repeat an instruction or copy a span of a text containing one.
    QList<CopiedSpans::Run> runs = CopiedSpans::find(part, facts.injectedSpans);
    for (const auto &[first, last] : PlantedInstructions::in(part))
        runs.append({first, last, -1});
    for (const CopiedSpans::Run &range : CopiedSpans::merged(runs)) {
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
