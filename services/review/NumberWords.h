// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "review/FoldedText.h"

#include <QList>
#include <QString>

// Numbers written out in words in the languages the app writes drafts in (English, German,
// French, Spanish, Swedish, Danish): "thirty", "twenty-five thousand", "fünfundzwanzig",
// "quatre-vingt-dix", "treinta y cinco", "tjugofem", "femogtyve".
class NumberWords {
public:
    struct Match {
        qsizetype start = 0; // in the text
        qsizetype end = 0;
        double value = 0;
        QString language;    // "en", "de", "fr", "es", "sv", "da"
        bool scaled = false; // it names a thousand, a million or more
    };

    // Every run of number words of one language, in text order; where runs of several languages
    // cover the same words, each is listed, so the caller can pick by the word that follows
    // ("tres por ciento" is 3, "tres procent" 60).
    static QList<Match> find(const FoldedText &text);
};
