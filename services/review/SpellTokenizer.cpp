// SPDX-License-Identifier: GPL-3.0-or-later
#include "review/SpellTokenizer.h"

#include "review/TextRanges.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace {

// The code point at `i` and how many UTF-16 units it takes (letters outside the BMP exist).
std::pair<char32_t, qsizetype> codePointAt(QStringView text, qsizetype i) {
    const QChar unit = text.at(i);
    if (unit.isHighSurrogate() && i + 1 < text.size() && text.at(i + 1).isLowSurrogate())
        return {QChar::surrogateToUcs4(unit, text.at(i + 1)), 2};
    return {unit.unicode(), 1};
}

bool isWordChar(char32_t c) {
    return QChar::isLetterOrNumber(c) || QChar::isMark(c);
}

bool isApostrophe(char32_t c) {
    return c == U'\'' || c == U'\u2019' || c == U'\u02BC';
}

bool isHyphen(char32_t c) {
    return c == U'-' || c == U'\u2010' || c == U'\u2011';
}

// Characters that make a run of letters part of something that is not prose.
bool isNameJoiner(char32_t c) {
    return c == U'.' || c == U'/' || c == U'\\' || c == U'_' || c == U'@' || c == U'#';
}

TextRanges notProse(QStringView text) {
    static const QList<QRegularExpression> patterns{
        // URLs with a scheme, and the www. ones without.
        QRegularExpression(u"\\b[A-Za-z][A-Za-z0-9+.\\-]*://[^\\s<>\"]*|\\bwww\\.[^\\s<>\"]+"_s),
        QRegularExpression(u"[\\w.%+\\-]+@[\\w\\-]+(?:\\.[\\w\\-]+)+"_s,
                           QRegularExpression::UseUnicodePropertiesOption),
        // Placeholders, as the placeholder check knows them.
        QRegularExpression(
            u"\\{\\{[^{}\\n]*\\}\\}|\\{[A-Za-z_][\\w.\\- ]{0,40}\\}|<<[^<>\\n]*>>"_s),
    };
    TextRanges ranges;
    for (const QRegularExpression &pattern : patterns) {
        for (auto it = pattern.globalMatch(text); it.hasNext();) {
            const QRegularExpressionMatch match = it.next();
            ranges.add(match.capturedStart(), match.capturedEnd());
        }
    }
    return ranges;
}

} // namespace

bool SpellTokenizer::isCheckable(QStringView word) {
    int letters = 0;
    bool lower = false;
    for (qsizetype i = 0; i < word.size();) {
        const auto [c, units] = codePointAt(word, i);
        i += units;
        if (QChar::isDigit(c) || QChar::category(c) == QChar::Number_Letter
            || QChar::category(c) == QChar::Number_Other)
            return false;
        if (QChar::isLetter(c)) {
            ++letters;
            // Letters without case (CJK, Arabic) count as lower case: they are no acronym.
            lower = lower || QChar::isLower(c) || QChar::isTitleCase(c)
                    || QChar::toUpper(c) == QChar::toLower(c);
        }
    }
    return letters >= 2 && lower;
}

QList<SpellTokenizer::Word> SpellTokenizer::words(QStringView text) {
    const TextRanges skipped = notProse(text);
    QList<Word> result;
    qsizetype i = 0;
    while (i < text.size()) {
        auto [c, units] = codePointAt(text, i);
        if (!isWordChar(c)) {
            i += units;
            continue;
        }
        const qsizetype start = i;
        bool joinedByDot = start > 0 && isNameJoiner(text.at(start - 1).unicode());
        qsizetype end = i + units;
        while (end < text.size()) {
            const auto [next, nextUnits] = codePointAt(text, end);
            if (isWordChar(next)) {
                end += nextUnits;
                continue;
            }
            // A joiner belongs to the word only between two word characters.
            const qsizetype after = end + nextUnits;
            const bool followedByWord =
                after < text.size() && isWordChar(codePointAt(text, after).first);
            if (followedByWord && (isApostrophe(next) || isHyphen(next))) {
                end = after;
                continue;
            }
            if (followedByWord && isNameJoiner(next)) {
                joinedByDot = true;
                end = after;
                continue;
            }
            break;
        }
        if (end < text.size() && (text.at(end) == u'@' || text.at(end) == u'_'))
            joinedByDot = true;
        i = end;
        if (joinedByDot || skipped.overlaps(start, end))
            continue;
        if (!parts(text.sliced(start, end - start)).isEmpty())
            result.append({start, end - start});
    }
    return result;
}

QList<SpellTokenizer::Word> SpellTokenizer::parts(QStringView word) {
    QList<Word> result;
    qsizetype start = 0;
    for (qsizetype i = 0; i <= word.size();) {
        const bool atEnd = i == word.size();
        const auto [c, units] = atEnd ? std::pair<char32_t, qsizetype>{0, 1} : codePointAt(word, i);
        if (atEnd || isHyphen(c)) {
            const QStringView part = word.sliced(start, i - start);
            if (isCheckable(part))
                result.append({start, i - start});
            start = i + units;
        }
        i += units;
    }
    return result;
}
