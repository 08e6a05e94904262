// SPDX-License-Identifier: GPL-3.0-or-later
#include "support/FindingText.h"

#include <QStringList>

using namespace Qt::StringLiterals;

QString FindingText::describe(const QList<ComplianceFinding> &findings) {
    QStringList lines;
    for (const ComplianceFinding &finding : findings)
        lines.append(ComplianceFinding::kindName(finding.kind) + u": "_s + finding.text);
    return lines.join(u"; "_s);
}
