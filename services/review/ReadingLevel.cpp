// SPDX-License-Identifier: GPL-3.0-or-later
#include "review/ReadingLevel.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

ReadingLevel::Formula ReadingLevel::forLanguage(QStringView language) {
    if (language == u"en")
        return Formula::FleschReadingEase;
    if (language == u"de")
        return Formula::Amstad;
    if (language == u"fr")
        return Formula::KandelMoles;
    if (language == u"es")
        return Formula::FernandezHuerta;
    if (isWrittenWithoutSpaces(language))
        return Formula::None;
    return Formula::Lix;
}

bool ReadingLevel::isWrittenWithoutSpaces(QStringView language) {
    // Japanese, Chinese (and Cantonese), Thai, Lao, Khmer, Burmese, Tibetan.
    for (const QStringView spaceless : {u"ja", u"zh", u"yue", u"th", u"lo", u"km", u"my", u"bo"}) {
        if (language == spaceless)
            return true;
    }
    return false;
}

std::optional<double> ReadingLevel::score(Formula formula, int words, int sentences, int syllables,
                                          int longWords) {
    if (formula == Formula::None || words <= 0 || sentences <= 0)
        return std::nullopt;
    const double wordsPerSentence = double(words) / sentences;
    const double syllablesPerWord = double(syllables) / words;
    switch (formula) {
    case Formula::FleschReadingEase:
        return 206.835 - 1.015 * wordsPerSentence - 84.6 * syllablesPerWord;
    case Formula::Amstad:
        return 180.0 - wordsPerSentence - 58.5 * syllablesPerWord;
    case Formula::KandelMoles:
        return 207.0 - 1.015 * wordsPerSentence - 73.6 * syllablesPerWord;
    case Formula::FernandezHuerta:
        return 206.84 - 1.02 * wordsPerSentence - 60.0 * syllablesPerWord;
    case Formula::Lix:
        return wordsPerSentence + 100.0 * longWords / words;
    case Formula::None:
        break;
    }
    return std::nullopt;
}

QString ReadingLevel::name(Formula formula) {
    switch (formula) {
    case Formula::FleschReadingEase:
        return QCoreApplication::translate("DraftCoach", "Flesch reading ease");
    case Formula::Amstad:
        return QCoreApplication::translate("DraftCoach", "Flesch–Amstad");
    case Formula::KandelMoles:
        return QCoreApplication::translate("DraftCoach", "Kandel & Moles");
    case Formula::FernandezHuerta:
        return QCoreApplication::translate("DraftCoach", "Fernández Huerta");
    case Formula::Lix:
        return QCoreApplication::translate("DraftCoach", "LIX");
    case Formula::None:
        break;
    }
    return {};
}

QString ReadingLevel::band(Formula formula, double score) {
    if (formula == Formula::Lix) {
        if (score < 30)
            return QCoreApplication::translate("DraftCoach", "very easy");
        if (score < 40)
            return QCoreApplication::translate("DraftCoach", "easy");
        if (score < 50)
            return QCoreApplication::translate("DraftCoach", "medium");
        if (score < 60)
            return QCoreApplication::translate("DraftCoach", "difficult");
        return QCoreApplication::translate("DraftCoach", "very difficult");
    }
    // Flesch's bands, which the adaptations keep on the same 0–100 scale.
    if (score >= 90)
        return QCoreApplication::translate("DraftCoach", "very easy");
    if (score >= 80)
        return QCoreApplication::translate("DraftCoach", "easy");
    if (score >= 70)
        return QCoreApplication::translate("DraftCoach", "fairly easy");
    if (score >= 60)
        return QCoreApplication::translate("DraftCoach", "plain");
    if (score >= 50)
        return QCoreApplication::translate("DraftCoach", "fairly difficult");
    if (score >= 30)
        return QCoreApplication::translate("DraftCoach", "difficult");
    return QCoreApplication::translate("DraftCoach", "very difficult");
}
