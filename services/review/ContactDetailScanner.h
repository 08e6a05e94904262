// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>

// Finds the links, e-mail addresses and phone numbers of a text, each with a key that compares
// equal however it is written ("https://www.Acme.example/pay/" and "acme.example/pay";
// "+49 30 1234-5678" and "030 12345678").
class ContactDetailScanner {
public:
    struct Detail {
        enum class Kind { Link, Email, Phone };
        Kind kind = Kind::Link;
        QString key;
        qsizetype start = 0;
        qsizetype end = 0;
    };

    // In the order of the text.
    static QList<Detail> scan(const QString &text);
    // Whether `draft` is backed by `known`: the same key, or a link on the known one's site
    // below it ("acme.example/pricing" by "acme.example").
    static bool backs(const Detail &known, const Detail &draft);
};
