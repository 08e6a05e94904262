// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>

// How a draft reads on a phone, in characters rather than pixels: the inbox list's preview
// line, and the body wrapped at about 36 characters a line (a 360-pixel-wide screen in a
// typical mail app's font; a CJK character counts as two), of which about 12 lines fit on the
// first screen.
class PhoneLayout {
public:
    static constexpr int CharactersPerLine = 36;
    static constexpr int LinesPerScreen = 12;
    static constexpr int PreviewCharacters = 90;

    explicit PhoneLayout(const QString &body);

    // Lines the body takes, empty lines included.
    int lineCount() const { return int(m_lineStarts.size()); }
    // The 0-based line that `offset` in the body falls on.
    int lineOf(qsizetype offset) const;

    // The inbox line as a mail app shows it without the sender: the subject, then the body's
    // opening ~90 characters on one line, cut at a word with "…".
    static QString inboxLine(const QString &subject, const QString &body);
    // The body's opening `characters`, its spaces and line breaks run together.
    static QString opening(const QString &body, int characters);

private:
    QList<qsizetype> m_lineStarts;
};
