// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/ComplianceFinding.h"
#include "review/DraftText.h"

#include <QList>
#include <QString>
#include <QStringList>

// The workspace's required opt-out line, looked for in the message as whole words, ignoring case,
// accents, punctuation and line breaks. Blocking when missing; nothing to check when no line is
// required.
class OptOutCheck {
public:
    explicit OptOutCheck(const QString &requiredLine);

    QList<ComplianceFinding> check(const DraftText &draft) const;

private:
    QString m_line;
    QStringList m_words; // folded
};
