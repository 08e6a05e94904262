// SPDX-License-Identifier: GPL-3.0-or-later
#include "review/PhoneLayout.h"

#include <QCoreApplication>

#include <algorithm>

using namespace Qt::StringLiterals;

// Greedy wrapping, as a text view does: words move to the next line when they do not fit, and
// a word longer than a line (a long link) is broken across lines.
PhoneLayout::PhoneLayout(const QString &body) {
    // Trailing spaces and line breaks add no visible lines.
    qsizetype length = body.size();
    while (length > 0 && body.at(length - 1).isSpace())
        --length;
    qsizetype paragraphStart = 0;
    do {
        qsizetype paragraphEnd = body.indexOf(u'\n', paragraphStart);
        if (paragraphEnd < 0 || paragraphEnd > length)
            paragraphEnd = length;
        m_lineStarts.append(paragraphStart);
        qsizetype lineStart = paragraphStart;
        qsizetype i = paragraphStart;
        while (i < paragraphEnd) {
            // The next word and the spaces before it.
            qsizetype wordStart = i;
            while (wordStart < paragraphEnd && body.at(wordStart).isSpace())
                ++wordStart;
            qsizetype wordEnd = wordStart;
            while (wordEnd < paragraphEnd && !body.at(wordEnd).isSpace())
                ++wordEnd;
            if (wordEnd - lineStart > CharactersPerLine && wordStart > lineStart) {
                lineStart = wordStart;
                m_lineStarts.append(lineStart);
            }
            while (wordEnd - lineStart > CharactersPerLine) {
                lineStart += CharactersPerLine;
                m_lineStarts.append(lineStart);
            }
            i = wordEnd;
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
