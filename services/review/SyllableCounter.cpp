// SPDX-License-Identifier: GPL-3.0-or-later
#include "review/SyllableCounter.h"

#include <QString>

using namespace Qt::StringLiterals;

namespace {

// The letter without its accents, lower case: "É" -> 'e', "ü" -> 'u'.
QChar baseLetter(QChar c) {
    const QString decomposed = c.decomposition();
    const QChar base = decomposed.isEmpty() ? c : decomposed.at(0);
    return base.toLower();
}

bool isVowel(QChar base, bool yIsVowel) {
    switch (base.unicode()) {
    case 'a':
    case 'e':
    case 'i':
    case 'o':
    case 'u':
    case 0x00E6: // æ
    case 0x00F8: // ø
    case 0x0153: // œ
        return true;
    case 'y':
        return yIsVowel;
    default:
        return false;
    }
}

// Spanish strong vowels, and the weak ones an accent makes strong.
bool isStrongSpanish(QChar original) {
    switch (original.toLower().unicode()) {
    case 'a':
    case 'e':
    case 'o':
    case 0x00E1: // á
    case 0x00E9: // é
    case 0x00F3: // ó
    case 0x00ED: // í
    case 0x00FA: // ú
        return true;
    default:
        return false;
    }
}

bool endsWith(const QString &word, QStringView suffix) {
    return word.endsWith(suffix);
}

} // namespace

int SyllableCounter::count(QStringView word, QStringView language) {
    QString lower;
    QString bases;
    lower.reserve(word.size());
    bases.reserve(word.size());
    bool hasLetter = false;
    for (const QChar c : word) {
        if (!c.isLetter())
            continue;
        hasLetter = true;
        lower.append(c.toLower());
        bases.append(baseLetter(c));
    }
    if (!hasLetter)
        return word.isEmpty() ? 0 : 1;

    const bool english = language == u"en";
    const bool spanish = language == u"es";
    int syllables = 0;
    bool inGroup = false;
    for (qsizetype i = 0; i < bases.size(); ++i) {
        // English "y" is a consonant only at the start ("yes"); Spanish "y" only before a
        // vowel ("ayer", but "hoy").
        const bool yIsVowel = english ? i > 0 : !spanish || i == bases.size() - 1;
        const bool vowel = isVowel(bases.at(i), yIsVowel);
        if (vowel && !inGroup)
            ++syllables;
        else if (vowel && spanish && isStrongSpanish(lower.at(i - 1))
                 && isStrongSpanish(lower.at(i)))
            ++syllables;
        inGroup = vowel;
    }

    if (english && syllables > 1) {
        const qsizetype n = bases.size();
        const auto consonantAt = [&](qsizetype i) {
            return i >= 0 && i < n && !isVowel(bases.at(i), i > 0);
        };
        if (endsWith(bases, u"e") && !(endsWith(bases, u"le") && consonantAt(n - 3))
            && consonantAt(n - 2))
            --syllables;
        else if (endsWith(bases, u"ed") && consonantAt(n - 3) && !endsWith(bases, u"ted")
                 && !endsWith(bases, u"ded"))
            --syllables;
        else if (endsWith(bases, u"es") && consonantAt(n - 3)
                 && !(endsWith(bases, u"ses") || endsWith(bases, u"xes") || endsWith(bases, u"zes")
                      || endsWith(bases, u"ces") || endsWith(bases, u"ges")
                      || endsWith(bases, u"shes") || endsWith(bases, u"ches")))
            --syllables;
    } else if (language == u"fr" && syllables > 1) {
        // `lower` keeps the accents: "café" keeps its final syllable, "date" loses it.
        if ((lower.endsWith(u'e') && !lower.endsWith(u"ee"_s))
            || (lower.endsWith(u"es"_s) && !lower.endsWith(u"ees"_s)))
            --syllables;
    }
    return std::max(1, syllables);
}
