// SPDX-License-Identifier: GPL-3.0-or-later
#include "review/FoldedText.h"

#include "domain/TextFolding.h"

#include <QRegularExpression>

#include <algorithm>

using namespace Qt::StringLiterals;

// Letters, digits and marks; everything else (punctuation, symbols, spaces) separates words, so
// "don't  miss-out!" and "Don’t miss out" compare equal.
FoldedText::FoldedText(const QString &text)
    : m_text(text) {
    static const QRegularExpression pattern(u"[\\p{L}\\p{N}\\p{M}]+"_s);
    auto it = pattern.globalMatch(text);
    while (it.hasNext()) {
        const auto match = it.next();
        m_words.append(Word{QString::fromUtf8(TextFolding::fold(match.capturedView())),
                            match.capturedStart(), match.capturedEnd()});
    }
}

QStringList FoldedText::foldedWords(const QString &text) {
    QStringList result;
    const FoldedText folded(text);
    for (const Word &word : folded.words())
        result.append(word.folded);
    return result;
}

QList<qsizetype> FoldedText::find(const QStringList &needle) const {
    QList<qsizetype> found;
    if (needle.isEmpty() || needle.size() > m_words.size())
        return found;
    for (qsizetype i = 0; i + needle.size() <= m_words.size(); ++i) {
        bool same = true;
        for (qsizetype j = 0; j < needle.size() && same; ++j)
            same = m_words[i + j].folded == needle[j];
        if (same)
            found.append(i);
    }
    return found;
}

QString FoldedText::quote(qsizetype first, qsizetype last) const {
    const qsizetype start = m_words[first].start;
    return m_text.mid(start, m_words[last].end - start);
}

QString FoldedText::span(qsizetype first, qsizetype count) const {
    QStringList words;
    for (qsizetype j = 0; j < count; ++j)
        words.append(m_words[first + j].folded);
    return words.join(u' ');
}

FoldedText::Joined FoldedText::joined() const {
    Joined joined;
    for (const Word &word : m_words) {
        if (!joined.text.isEmpty())
            joined.text.append(u' ');
        joined.starts.append(joined.text.size());
        joined.text.append(word.folded);
    }
    return joined;
}

qsizetype FoldedText::Joined::wordAt(qsizetype offset) const {
    const auto it = std::upper_bound(starts.cbegin(), starts.cend(), offset);
    return std::max<qsizetype>(0, qsizetype(it - starts.cbegin()) - 1);
}
