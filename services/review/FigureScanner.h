// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "review/Figure.h"

#include <QList>
#include <QString>

#include <utility>

// Finds the amounts, percentages and dates of a text in the spellings people write them in
// ("€48,000", "48k EUR", "60 percent", "27.11.2026", "Friday, 27 November").
class FigureScanner {
public:
    explicit FigureScanner(const QString &text)
        : m_text(text) {}

    // In the order of the text. Dates are looked for first, then amounts, then percentages; a
    // match that overlaps a figure found before it is no figure of its own.
    QList<Figure> scan();

    // Numbers without a currency or percent sign (value, where it starts), outside the figures
    // found by scan(), so call that first: the CRM often writes "a budget of 48,000" where the
    // draft writes "€48,000".
    QList<std::pair<double, qsizetype>> bareNumbers() const;

private:
    bool overlaps(qsizetype start, qsizetype end) const;
    void scanDates();
    void scanAmounts();
    void scanPercentages();

    QString m_text;
    QList<Figure> m_figures;
};
