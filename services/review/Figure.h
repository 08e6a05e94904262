// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

// A price or amount, a percentage or a date found in a text by FigureScanner, with its value and
// unit for comparing it with the figures of another text.
struct Figure {
    struct Date {
        int year = 0; // 0: not given
        int month = 0;
        int day = 0; // 0: not given ("March 2027")
    };

    enum class Type { Amount, Percent, Date };
    Type type = Type::Amount;
    QString text; // as written
    qsizetype start = 0;
    qsizetype end = 0;
    // An amount with its scale applied ("48k" is 48000), or the percentage. A range ("10–15 %",
    // "€40k–50k") runs from `number` to `high`; a single figure has both the same.
    double number = 0;
    double high = 0;
    // The ISO 4217 codes an amount's currency sign or word can stand for ("$" is USD, CAD, AUD
    // and more; "kr" SEK, DKK or NOK); empty when no currency is written.
    QStringList currencies;
    QList<Date> dates; // "03/01/2027" is 3 January or 1 March: both are candidates

    bool isRange() const { return high != number; }
};
