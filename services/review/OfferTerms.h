// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "review/FoldedText.h"

#include <QList>
#include <QString>

// The words that make a message an offer — a discount, a rebate, something for free — in the
// languages the app writes: what a draft may only promise when the rep or the CRM's own data
// asked for it.
class OfferTerms {
public:
    struct Match {
        qsizetype start = 0; // in the text
        qsizetype end = 0;
    };

    static QList<Match> find(const FoldedText &text);
};
