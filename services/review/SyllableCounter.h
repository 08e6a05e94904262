// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringView>

// Syllables of one word, estimated from its groups of vowels with a few rules per language, for
// the reading-ease formulas. An approximation (no dictionary, no hyphenation patterns): each
// run of vowels is one syllable, then
//   English: a silent final "e" (not "-le" after a consonant), "-ed" unless after t or d, and
//            "-es" unless after s, x, z, c, g, "sh" or "ch" are dropped; "y" is a vowel except
//            at the start of a word;
//   German:  ä, ö, ü are vowels and diphthongs (ei, au, eu, äu, ie) are one group already;
//   French:  an unaccented final "e" or "es" is silent;
//   Spanish: two strong vowels side by side (a, e, o, or an accented í, ú) are two syllables
//            (hiatus: "le-er", "dí-a"), weak ones join them (diphthong: "bue-no"); "y" is a
//            vowel only at the end of a word ("hoy", not "a-yer").
// Every word with a letter has at least one syllable; a word of digits counts as one.
class SyllableCounter {
public:
    // `language` is a lower-case primary subtag: "en", "de", "fr", "es"; others get the plain
    // vowel groups.
    static int count(QStringView word, QStringView language);
};
