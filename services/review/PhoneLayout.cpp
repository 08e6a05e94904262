// SPDX-License-Identifier: GPL-3.0-or-later
#include "review/PhoneLayout.h"

#include <QCoreApplication>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

// Columns a character takes: CJK characters are as wide as two Latin ones.
int columns(QChar c) {
    switch (c.script()) {
    case QChar::Script_Han:
    case QChar::Script_Hiragana:
    case QChar::Script_Katakana:
    case QChar::Script_Hangul:
        return 2;
    default:
        break;
    }
    const char16_t u = c.unicode();
    // Full-width punctuation and forms ("。", "？", "Ａ").
    return (u >= 0x3000 && u <= 0x303F) || (u >= 0xFF01 && u <= 0xFF60) ? 2 : 1;
}

} // namespace

// Greedy wrapping, as a text view does: a word moves to the next line when it does not fit, and
// a word longer than a line (a long link, a paragraph of Japanese) is broken across lines.
PhoneLayout::PhoneLayout(const QString &body) {
    // Trailing spaces and line breaks add no visible lines.
    qsizetype length = body.size();
    while (length > 0 && body.at(length - 1).isSpace())
        --length;
    const auto width = [&body](qsizetype from, qsizetype to) {
        int sum = 0;
        for (qsizetype i = from; i < to; ++i)
            sum += columns(body.at(i));
        return sum;
    };
    qsizetype paragraphStart = 0;
    do {
        qsizetype paragraphEnd = body.indexOf(u'\n', paragraphStart);
        if (paragraphEnd < 0 || paragraphEnd > length)
            paragraphEnd = length;
        m_lineStarts.append(paragraphStart);
        int used = 0; // columns on the current line
        qsizetype i = paragraphStart;
        while (i < paragraphEnd) {
            const qsizetype spaceStart = i;
            while (i < paragraphEnd && body.at(i).isSpace())
                ++i;
            const qsizetype wordStart = i;
            while (i < paragraphEnd && !body.at(i).isSpace())
                ++i;
            const int spaces = width(spaceStart, wordStart);
            if (used > 0 && used + spaces + width(wordStart, i) > CharactersPerLine) {
                m_lineStarts.append(wordStart);
                used = 0;
            } else {
                used += spaces;
            }
            for (qsizetype k = wordStart; k < i; ++k) {
                const int c = columns(body.at(k));
                if (used > 0 && used + c > CharactersPerLine) {
                    m_lineStarts.append(k);
                    used = 0;
                }
                used += c;
            }
        }
        paragraphStart = paragraphEnd + 1;
    } while (paragraphStart <= length);
}

int PhoneLayout::lineOf(qsizetype offset) const {
    const auto it = std::upper_bound(m_lineStarts.cbegin(), m_lineStarts.cend(), offset);
    return std::max(0, int(it - m_lineStarts.cbegin()) - 1);
}

QString PhoneLayout::opening(const QString &body, int characters) {
    const QString flat = body.simplified();
    if (flat.size() <= characters)
        return flat;
    qsizetype cut = flat.lastIndexOf(u' ', characters);
    if (cut < characters / 2)
        cut = characters;
    return flat.left(cut).trimmed() + u'…';
}

QString PhoneLayout::inboxLine(const QString &subject, const QString &body) {
    const QString shownSubject = subject.simplified().isEmpty()
                                     ? QCoreApplication::translate("DraftCoach", "(no subject)")
                                     : subject.simplified();
    const QString start = opening(body, PreviewCharacters);
    return start.isEmpty() ? shownSubject : shownSubject + u" — "_s + start;
}
