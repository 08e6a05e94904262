// SPDX-License-Identifier: GPL-3.0-or-later
#include "review/PlaceholderCheck.h"

#include "review/TextRanges.h"

#include <QCoreApplication>
#include <QRegularExpression>

#include <algorithm>

using namespace Qt::StringLiterals;

QList<ComplianceFinding> PlaceholderCheck::check(const DraftText &draft) const {
    static const QList<QRegularExpression> patterns{
        QRegularExpression(u"\\{\\{[^{}\\n]{0,80}\\}\\}"_s),
        QRegularExpression(u"(?<!\\{)\\{[A-Za-z_][\\w.\\- ]{0,40}\\}(?!\\})"_s),
        QRegularExpression(u"<<[^<>\\n]{1,80}>>"_s),
        QRegularExpression(u"(?<!<)<[A-Z][\\w .\\-]{0,40}>(?!>)"_s),
        QRegularExpression(u"\\[[A-Za-z][\\w .'/\\-]{0,40}\\]"_s),
        QRegularExpression(u"\\b(?:X{3,}|TBD|TBC)\\b"_s, QRegularExpression::CaseInsensitiveOption),
    };
    QList<ComplianceFinding> findings;
    for (const FoldedText *part : draft.parts()) {
        TextRanges found;
        for (const QRegularExpression &pattern : patterns) {
            auto it = pattern.globalMatch(part->text());
            while (it.hasNext()) {
                const auto match = it.next();
                if (!found.overlaps(match.capturedStart(), match.capturedEnd()))
                    found.add(match.capturedStart(), match.capturedEnd());
            }
        }
        auto ranges = found.ranges();
        std::sort(ranges.begin(), ranges.end());
        for (const auto &[start, end] : ranges) {
            const QString text = part->text().mid(start, end - start);
            findings.append(
                {ComplianceFinding::Kind::Placeholder, ComplianceFinding::Severity::Blocking, text,
                 QCoreApplication::translate("ComplianceChecker",
                                             "Replace the placeholder “%1” with the real text.")
                     .arg(text)});
        }
    }
    return findings;
}
