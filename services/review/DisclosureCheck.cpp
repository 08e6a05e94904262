// SPDX-License-Identifier: GPL-3.0-or-later
#include "review/DisclosureCheck.h"

#include "review/CopiedSpans.h"

#include <QCoreApplication>

QList<ComplianceFinding> DisclosureCheck::check(const DraftText &draft) const {
    QList<ComplianceFinding> findings;
    for (const FoldedText *part : draft.parts()) {
        for (const CopiedSpans::Run &run :
             CopiedSpans::merged(CopiedSpans::find(*part, m_facts.internalSpans))) {
            const QString text = part->quote(run.first, run.last);
            findings.append(
                {ComplianceFinding::Kind::Disclosure, ComplianceFinding::Severity::Blocking, text,
                 QCoreApplication::translate("ComplianceChecker",
                                             "The draft quotes %2, which was written for your "
                                             "team, not for the prospect (“%1”); take it out.")
                     .arg(text, m_facts.sources.at(run.source).label)});
        }
    }
    return findings;
}
