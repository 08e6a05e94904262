// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "review/CoachingDraft.h"
#include "review/CoachingItem.h"
#include "review/DraftMeasures.h"

#include <QList>

// Coaching on a draft, computed on this computer as the rep types: its length, reading level,
// sentences, questions, subject line, links, spam-trigger words and how it reads on a phone,
// each measured, judged against what works and explained. Fast enough for every keystroke
// (a few milliseconds for a 3,000-character draft).
class DraftCoach {
public:
    // The word range the prompt asks the model for at each length (PromptBuilder), so the coach
    // and the generation agree; Short has no lower bound there.
    struct WordRange {
        int minimum = 0;
        int maximum = 0;
    };
    static WordRange wordRange(MessageLength length);

    // Sentences longer than this many words are flagged (in characters for languages without
    // spaces: LongSentenceCharacters).
    static constexpr int LongSentenceWords = 25;
    static constexpr int LongSentenceCharacters = 60;

    static DraftMeasures measure(const CoachingDraft &draft);
    // The items in a fixed order: length, reading level, sentences, questions, subject, links
    // and images, spam-trigger words, phone.
    static QList<CoachingItem> coach(const CoachingDraft &draft);
    static QList<CoachingItem> coach(const DraftMeasures &measures, MessageLength length);

    // The primary language subtag of a BCP-47 tag, lower case: "de-CH" -> "de"; empty -> "".
    static QString languageOf(const QString &locale);
};
