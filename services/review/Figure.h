// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>

// A price or amount, a percentage or a date found in a text by FigureScanner, with its value for
// comparing it with the figures of another text.
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
    double number = 0; // an amount with its scale applied ("48k" is 48000), or the percentage
    QList<Date> dates; // "03/01/2027" is 3 January or 1 March: both are candidates
};
