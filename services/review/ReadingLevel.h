// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringView>

#include <optional>

// The reading-level formula that fits a draft's language, and its score:
//   English  Flesch reading ease   206.835 − 1.015 × words/sentence − 84.6 × syllables/word
//   German   Amstad                180 − words/sentence − 58.5 × syllables/word
//   French   Kandel & Moles        207 − 1.015 × words/sentence − 73.6 × syllables/word
//   Spanish  Fernández Huerta      206.84 − 1.02 × words/sentence − 60 × syllables/word (as
//            corrected by Law, 2011: the often-quoted "sentences per 100 words" is an error)
//   other languages written with spaces: LIX = words/sentence + 100 × long words/words, where
//            a long word has more than six letters (Björnsson; language-independent)
// Languages written without spaces between words (Japanese, Chinese, Thai, …) get none: the
// formulas count words.
class ReadingLevel {
public:
    enum class Formula { FleschReadingEase, Amstad, KandelMoles, FernandezHuerta, Lix, None };

    // `language` is a lower-case primary subtag ("de").
    static Formula forLanguage(QStringView language);
    // Languages whose text has no spaces between words: word counts mean little there.
    static bool isWrittenWithoutSpaces(QStringView language);

    // nullopt for Formula::None or a text without words or sentences.
    static std::optional<double> score(Formula formula, int words, int sentences, int syllables,
                                       int longWords);
    // Higher is easier for the Flesch family; LIX is the other way round.
    static bool higherIsEasier(Formula formula) { return formula != Formula::Lix; }

    // Translated: "Flesch reading ease", "LIX".
    static QString name(Formula formula);
    // Translated: "easy", "fairly difficult", … for the score on the formula's own scale.
    static QString band(Formula formula, double score);
};
