// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QStringView>

// The words of a text a spell checker looks at, and where they are: letters (accented ones and
// combining marks included) joined by internal apostrophes (' and ’) and hyphens. What is not
// prose is left out: URLs, e-mail addresses, {{placeholders}}, numbers and words with digits,
// ALL-CAPS acronyms, single letters, and names joined by dots, slashes or underscores (hosts,
// files, handles).
class SpellTokenizer {
public:
    // A range of UTF-16 code units, as QString and QTextLayout count.
    struct Word {
        qsizetype start = 0;
        qsizetype length = 0;
        qsizetype end() const { return start + length; }
        bool operator==(const Word &) const = default;
    };

    static QList<Word> words(QStringView text);
    // The parts of a word worth checking on their own, relative to it: a hyphenated word's
    // ("follow-up": "follow", "up"; "IT-Abteilung": "Abteilung"), or the word itself.
    static QList<Word> parts(QStringView word);
    // Whether a lone word is one a checker looks at (no digits, not an acronym, not one letter).
    static bool isCheckable(QStringView word);
};
