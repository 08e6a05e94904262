// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

// A text and its words folded for comparison (case and accents; punctuation and spaces only
// separate words), each word knowing where it sits in the text, so that a match found on folded
// words can be quoted in the text's own spelling.
class FoldedText {
public:
    struct Word {
        QString folded;
        qsizetype start = 0;
        qsizetype end = 0;
    };

    // The folded words joined by single spaces, for patterns written over words, with where each
    // word starts in that string.
    struct Joined {
        QString text;
        QList<qsizetype> starts;

        // The index of the word that `offset` (in `text`) falls in.
        qsizetype wordAt(qsizetype offset) const;
    };

    explicit FoldedText(const QString &text);

    // Just the folded words, for phrases to look for: "Don’t  miss-out!" -> {"don", "t", "miss",
    // "out"}.
    static QStringList foldedWords(const QString &text);

    const QString &text() const { return m_text; }
    const QList<Word> &words() const { return m_words; }

    // Every index at which `needle` (folded words) occurs as a run of whole words.
    QList<qsizetype> find(const QStringList &needle) const;

    // The text from the start of word `first` to the end of word `last`, as written.
    QString quote(qsizetype first, qsizetype last) const;

    // `count` folded words from `first`, joined by single spaces.
    QString span(qsizetype first, qsizetype count) const;

    Joined joined() const;

private:
    QString m_text;
    QList<Word> m_words;
};
