// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>

// A text cut into words and sentences by Unicode's rules (QTextBoundaryFinder, UAX #29), so
// "don't", "Zoë's" and "naïve" are one word each and "¿Qué tal?" is a sentence. Stretches the
// caller marks as atoms (links, images) count as one word or none, whatever they contain.
class TextSegments {
public:
    struct Word {
        qsizetype start = 0;
        qsizetype end = 0;
    };
    struct Sentence {
        qsizetype start = 0;
        qsizetype end = 0;
        int words = 0;      // words inside it
        int characters = 0; // letters and digits inside it, for languages without spaces
    };
    // [start, end) of the text; `words` is how many words it counts as (0 or 1).
    struct Atom {
        qsizetype start = 0;
        qsizetype end = 0;
        int words = 1;
    };

    // `atoms` sorted by start, not overlapping.
    TextSegments(const QString &text, const QList<Atom> &atoms);

    // Words, in order; an atom counted as a word is one entry spanning it.
    const QList<Word> &words() const { return m_words; }
    // Sentences with at least one word or letter, in order.
    const QList<Sentence> &sentences() const { return m_sentences; }
    // Letters and digits in the text, outside atoms.
    int characters() const { return m_characters; }

private:
    QList<Word> m_words;
    QList<Sentence> m_sentences;
    int m_characters = 0;
};
