// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/ComplianceFinding.h"
#include "review/DraftText.h"

#include <QList>
#include <QStringList>

// Phrases the workspace does not allow ("guaranteed", "risk-free"), matched as whole words and
// case-, accent- and punctuation-insensitively, so "GUARANTÉED" and "Risk Free" count. Blocking.
class BannedPhraseCheck {
public:
    explicit BannedPhraseCheck(const QStringList &phrases);

    QList<ComplianceFinding> check(const DraftText &draft) const;

private:
    QList<QStringList> m_phrases; // folded words
};
