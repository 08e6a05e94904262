// SPDX-License-Identifier: GPL-3.0-or-later
#include "review/ContactDetailCheck.h"

#include <QCoreApplication>
#include <QSet>

namespace {

using Kind = ComplianceFinding::Kind;
using Severity = ComplianceFinding::Severity;

} // namespace

QList<ComplianceFinding> ContactDetailCheck::check(const DraftText &draft) const {
    QList<ComplianceFinding> findings;
    QSet<QString> reported;
    for (const FoldedText *part : draft.parts()) {
        for (const ContactDetailScanner::Detail &detail :
             ContactDetailScanner::scan(part->text())) {
            const QString written = part->text().mid(detail.start, detail.end - detail.start);
            if (reported.contains(detail.key))
                continue;
            const ContextFacts::Detail *outsider = nullptr;
            bool backed = false;
            for (const ContextFacts::Detail &known : m_facts.details) {
                if (!ContactDetailScanner::backs(known.detail, detail))
                    continue;
                if (m_facts.sources.at(known.source).trusted()) {
                    backed = true;
                    break;
                }
                if (!outsider)
                    outsider = &known;
            }
            if (backed)
                continue;
            reported.insert(detail.key);
            if (outsider) {
                findings.append(
                    {Kind::OutsiderFact, Severity::Blocking, written,
                     QCoreApplication::translate(
                         "ComplianceChecker",
                         "“%1” comes only from text an outsider wrote (%2). A link, address or "
                         "number only outsiders give may be planted: use the CRM's own, or "
                         "remove it.")
                         .arg(written, m_facts.excerpt(outsider->source, outsider->detail.start,
                                                       outsider->detail.end))});
            } else {
                findings.append({Kind::UnverifiedFigure, Severity::Warning, written,
                                 QCoreApplication::translate(
                                     "ComplianceChecker",
                                     "“%1” appears nowhere in the CRM data; check it or remove it.")
                                     .arg(written)});
            }
        }
    }
    return findings;
}
