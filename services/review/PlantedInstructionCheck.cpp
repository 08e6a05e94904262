// SPDX-License-Identifier: GPL-3.0-or-later
#include "review/PlantedInstructionCheck.h"

#include "review/PlantedInstructions.h"

#include <QCoreApplication>

#include <algorithm>

namespace {

using Kind = ComplianceFinding::Kind;
using Severity = ComplianceFinding::Severity;

void checkPart(const FoldedText &part, const ContextFacts &facts,
               QList<ComplianceFinding> &findings) {
    // Word ranges [first, last] that repeat an instruction or copy a span of a text containing one.
    QList<std::pair<qsizetype, qsizetype>> ranges = PlantedInstructions::in(part);
    constexpr qsizetype span = ContextFacts::InjectedSpanWords;
    for (qsizetype i = 0; i + span <= part.words().size(); ++i) {
        const QString key = part.span(i, span);
        const bool copied =
            std::any_of(facts.injectedSpans.cbegin(), facts.injectedSpans.cend(),
                        [&](const QSet<QString> &spans) { return spans.contains(key); });
        if (copied)
            ranges.append({i, i + span - 1});
    }
    std::sort(ranges.begin(), ranges.end());
    QList<std::pair<qsizetype, qsizetype>> merged;
    for (const auto &range : ranges) {
        if (!merged.isEmpty() && range.first <= merged.last().second + 1)
            merged.last().second = std::max(merged.last().second, range.second);
        else
            merged.append(range);
    }
    for (const auto &[first, last] : merged) {
        const QString text = part.quote(first, last);
        findings.append(
            {Kind::InjectionEcho, Severity::Blocking, text,
             QCoreApplication::translate("ComplianceChecker",
                                         "The draft repeats instructions planted in the CRM data "
                                         "(“%1”); remove them and do not act on them.")
                 .arg(text)});
    }

    const QString lower = part.text().toLower();
    for (const QString &address : facts.taintedAddresses) {
        if (facts.trustedAddresses.contains(address) || !lower.contains(address))
            continue;
        const qsizetype at = lower.indexOf(address);
        const QString text = part.text().mid(at, address.size());
        findings.append(
            {Kind::InjectionEcho, Severity::Blocking, text,
             QCoreApplication::translate(
                 "ComplianceChecker",
                 "“%1” comes only from instructions planted in the CRM data; remove it.")
                 .arg(text)});
    }
}

} // namespace

QList<ComplianceFinding> PlantedInstructionCheck::check(const DraftText &draft) const {
    QList<ComplianceFinding> findings;
    for (const FoldedText *part : draft.parts())
        checkPart(*part, m_facts, findings);
    return findings;
}
