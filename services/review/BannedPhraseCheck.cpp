// SPDX-License-Identifier: GPL-3.0-or-later
#include "review/BannedPhraseCheck.h"

#include <QCoreApplication>

#include <algorithm>
#include <utility>

BannedPhraseCheck::BannedPhraseCheck(const QStringList &phrases) {
    for (const QString &phrase : phrases)
        m_phrases.append(FoldedText::foldedWords(phrase));
}

QList<ComplianceFinding> BannedPhraseCheck::check(const DraftText &draft) const {
    QList<ComplianceFinding> findings;
    for (const FoldedText *part : draft.parts()) {
        QList<std::pair<qsizetype, QString>> found;
        for (const QStringList &needle : m_phrases) {
            for (const qsizetype at : part->find(needle))
                found.append({part->words()[at].start, part->quote(at, at + needle.size() - 1)});
        }
        std::sort(found.begin(), found.end());
        for (const auto &[start, text] : found) {
            findings.append(
                {ComplianceFinding::Kind::BannedPhrase, ComplianceFinding::Severity::Blocking, text,
                 QCoreApplication::translate(
                     "ComplianceChecker", "Remove or reword “%1”: the workspace does not allow it.")
                     .arg(text)});
        }
    }
    return findings;
}
