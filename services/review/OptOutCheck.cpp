// SPDX-License-Identifier: GPL-3.0-or-later
#include "review/OptOutCheck.h"

#include <QCoreApplication>

OptOutCheck::OptOutCheck(const QString &requiredLine)
    : m_line(requiredLine)
    , m_words(FoldedText::foldedWords(requiredLine)) {}

QList<ComplianceFinding> OptOutCheck::check(const DraftText &draft) const {
    if (m_words.isEmpty() || !draft.message.find(m_words).isEmpty())
        return {};
    return {
        {ComplianceFinding::Kind::MissingOptOut, ComplianceFinding::Severity::Blocking, m_line,
         QCoreApplication::translate("ComplianceChecker", "Add the workspace's opt-out line: “%1”.")
             .arg(m_line)}};
}
