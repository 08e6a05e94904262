// SPDX-License-Identifier: GPL-3.0-or-later
#include "review/TextSegments.h"

#include <QTextBoundaryFinder>

namespace {

bool isWordCharacter(QChar c) {
    return c.isLetterOrNumber() || c.isMark();
}

} // namespace

TextSegments::TextSegments(const QString &text, const QList<Atom> &atoms) {
    // Words: each segment between word boundaries that holds a letter or digit, except inside
    // atoms, which stand for themselves.
    QTextBoundaryFinder words(QTextBoundaryFinder::Word, text);
    qsizetype atom = 0;
    qsizetype start = 0;
    for (qsizetype end = words.toNextBoundary(); end != -1; end = words.toNextBoundary()) {
        while (atom < atoms.size() && atoms[atom].end <= start) {
            ++atom;
        }
        if (atom < atoms.size() && atoms[atom].start < end && start < atoms[atom].end) {
            // Inside an atom: the atom's word (if any) is added once, at its first segment.
            if (atoms[atom].words > 0
                && (m_words.isEmpty() || m_words.constLast().start != atoms[atom].start))
                m_words.append({atoms[atom].start, atoms[atom].end});
            start = end;
            continue;
        }
        bool counts = false;
        for (qsizetype i = start; i < end; ++i) {
            if (isWordCharacter(text.at(i))) {
                counts = true;
                ++m_characters;
            }
        }
        if (counts)
            m_words.append({start, end});
        start = end;
    }

    // Sentences, each with the words that start inside it.
    QTextBoundaryFinder sentences(QTextBoundaryFinder::Sentence, text);
    qsizetype word = 0;
    start = 0;
    for (qsizetype end = sentences.toNextBoundary(); end != -1; end = sentences.toNextBoundary()) {
        Sentence sentence{start, end, 0, 0};
        // A sentence boundary can fall inside an atom ("example.com. Next"): the atom's word
        // belongs to the sentence it starts in.
        while (word < m_words.size() && m_words[word].start < end) {
            ++sentence.words;
            for (qsizetype i = m_words[word].start; i < m_words[word].end; ++i) {
                if (isWordCharacter(text.at(i)))
                    ++sentence.characters;
            }
            ++word;
        }
        if (sentence.words > 0) {
            // Trailing spaces and line breaks are not part of what the rep would select.
            while (sentence.end > sentence.start && text.at(sentence.end - 1).isSpace())
                --sentence.end;
            m_sentences.append(sentence);
        }
        start = end;
    }
}
