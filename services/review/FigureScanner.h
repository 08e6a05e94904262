// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "review/Figure.h"

#include <QList>
#include <QString>

#include <utility>

// Finds the amounts, percentages and dates of a text in the spellings people write them in, in
// the languages the app writes: "€48,000", "48.000 €", "48 000 EUR", "1’200 CHF", "another 15k",
// "thirty percent", "zwanzig Prozent", "10–15 %", "27.11.2026", "Friday, 27 November",
// "27. November 2026", "le 1er mars", "15 de marzo de 2027". Any Unicode space may separate a
// number from its groups, sign or unit, and full-width digits count as digits.
class FigureScanner {
public:
    explicit FigureScanner(const QString &text);

    // In the order of the text. Dates are looked for first, then amounts, then percentages, then
    // figures written in words; a match that overlaps a figure found before it is no figure of
    // its own. Two figures joined by a dash or "to" ("10–15 %") are one range.
    QList<Figure> scan();

    // Numbers without a currency or percent sign (value, where it starts), outside the figures
    // found by scan(), so call that first: the CRM often writes "a budget of 48,000" where the
    // draft writes "€48,000".
    QList<std::pair<double, qsizetype>> bareNumbers() const;

    // `text` with every space character as U+0020, typographic apostrophes as "'", full-width
    // digits and signs as ASCII: the same length, so offsets into it are offsets into `text`.
    static QString normalized(const QString &text);

private:
    bool overlaps(qsizetype start, qsizetype end) const;
    void add(Figure figure, qsizetype start, qsizetype end);
    void scanDates();
    void scanAmounts();
    void scanPercentages();
    void scanWords();
    void joinRanges();

    QString m_original;
    QString m_text; // normalized()
    QList<Figure> m_figures;
};
