// SPDX-License-Identifier: GPL-3.0-or-later
#include "review/LengthCheck.h"

#include <QCoreApplication>

QList<ComplianceFinding> LengthCheck::check(const DraftText &draft) const {
    const qsizetype length = draft.message.text().trimmed().size();
    if (length < m_minLength) {
        return {{ComplianceFinding::Kind::TooShort, ComplianceFinding::Severity::Warning,
                 QString::number(length),
                 QCoreApplication::translate("ComplianceChecker",
                                             "The message has %1 characters; the minimum is %2.")
                     .arg(length)
                     .arg(m_minLength)}};
    }
    if (length > m_maxLength) {
        return {{ComplianceFinding::Kind::TooLong, ComplianceFinding::Severity::Warning,
                 QString::number(length),
                 QCoreApplication::translate("ComplianceChecker",
                                             "The message has %1 characters; the maximum is %2.")
                     .arg(length)
                     .arg(m_maxLength)}};
    }
    return {};
}
