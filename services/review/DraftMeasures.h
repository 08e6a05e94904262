// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "review/ReadingLevel.h"
#include "review/TextSegments.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

// The figures the draft coach measures on a draft, before it judges them: counts, the reading
// level, the questions, the links and where the draft falls on a phone screen.
struct DraftMeasures {
    // The lower-case primary language subtag the draft was measured as ("de").
    QString language;
    // No locale was given: English was assumed.
    bool languageGuessed = false;
    // Japanese, Chinese, Thai…: lengths are counted in characters, not words.
    bool countsCharacters = false;

    int words = 0;
    int characters = 0; // letters and digits
    int syllables = 0;  // over the words, for the Flesch family
    int longWords = 0;  // more than six letters, for LIX
    QList<TextSegments::Sentence> sentences;
    int readingSeconds = 0;

    ReadingLevel::Formula formula = ReadingLevel::Formula::None;
    std::optional<double> readingScore;

    int questions = 0;
    qsizetype firstQuestion = -1; // where in the body the first one ends

    int subjectCharacters = 0; // user-perceived characters (graphemes)
    int subjectWords = 0;

    int links = 0;
    int images = 0;

    QStringList spamWords; // in the subject, then the body

    QString inboxLine;
    int phoneLines = 0;
    int askLine = -1; // the 0-based phone line of the first question, or -1
};
