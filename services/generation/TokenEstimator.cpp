// SPDX-License-Identifier: GPL-3.0-or-later
#include "generation/TokenEstimator.h"

#include <algorithm>
#include <limits>

namespace {

// Costs are counted in tenths of a token so the per-character rates stay integers.
constexpr int Tenth = 10;

enum class Kind { None, Word, Digits, Punct, Newline };

bool isAsciiLetter(char32_t c) {
    return (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z');
}

// Latin-1 Supplement letters and Latin Extended-A/B (but not × and ÷).
bool isAccentedLatin(char32_t c) {
    return c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7;
}

bool isCjk(char32_t c) {
    return (c >= 0x1100 && c <= 0x11FF)       // Hangul Jamo
           || (c >= 0x2E80 && c <= 0x9FFF)    // CJK radicals, punctuation, kana, Han
           || (c >= 0xAC00 && c <= 0xD7AF)    // Hangul syllables
           || (c >= 0xF900 && c <= 0xFAFF)    // CJK compatibility ideographs
           || (c >= 0xFF00 && c <= 0xFFEF)    // half- and full-width forms
           || (c >= 0x20000 && c <= 0x3FFFF); // Han extensions B and later
}

// Costs, in tenths, of a character that is not part of a Latin word, digit run, punctuation run or
// whitespace. Zero means "not one of these".
int scriptCost(char32_t c) {
    if (c >= 0x370 && c <= 0x52F) // Greek, Cyrillic
        return 5;
    if (c >= 0x590 && c <= 0x6FF) // Hebrew, Arabic
        return 10;
    if (isCjk(c))
        return 12;
    if (c >= 0x10000) // emoji and other astral symbols: several byte-level tokens each
        return 30;
    return 0;
}

bool isPunctuation(char32_t c) {
    return c < 0x80 || (c >= 0x80 && c <= 0xBF) || (c >= 0x2000 && c <= 0x2BFF);
}

} // namespace

int TokenEstimator::estimate(QStringView text) {
    qint64 tenths = 0;
    Kind run = Kind::None;
    qint64 runLength = 0;
    qint64 accented = 0;
    qint64 characters = 0;

    const auto flush = [&] {
        switch (run) {
        case Kind::Word:
            tenths += std::max<qint64>(1, (runLength + 5) / 6) * Tenth + accented * Tenth;
            break;
        case Kind::Digits:
            tenths += (runLength + 2) / 3 * Tenth;
            break;
        case Kind::Punct:
            tenths += (1 + (runLength - 1) / 3) * Tenth;
            break;
        case Kind::Newline:
            tenths += Tenth;
            break;
        case Kind::None:
            break;
        }
        run = Kind::None;
        runLength = 0;
        accented = 0;
    };
    const auto extend = [&](Kind kind) {
        if (run != kind)
            flush();
        run = kind;
        ++runLength;
    };

    const qsizetype size = text.size();
    for (qsizetype i = 0; i < size; ++i) {
        char32_t c = text[i].unicode();
        if (QChar::isHighSurrogate(c) && i + 1 < size && text[i + 1].isLowSurrogate()) {
            c = QChar::surrogateToUcs4(text[i], text[i + 1]);
            ++i;
        }
        ++characters;
        if (isAsciiLetter(c)) {
            extend(Kind::Word);
        } else if (isAccentedLatin(c)) {
            extend(Kind::Word);
            ++accented;
        } else if (c >= U'0' && c <= U'9') {
            extend(Kind::Digits);
        } else if (c == U' ' || c == U'\t') {
            flush();
        } else if (c == U'\n' || c == U'\r') {
            extend(Kind::Newline);
        } else if (const int cost = scriptCost(c)) {
            flush();
            tenths += cost;
        } else if (isPunctuation(c)) {
            extend(Kind::Punct);
        } else { // Devanagari, Thai, Ethiopic, …: roughly a token or more per character
            flush();
            tenths += 12;
        }
    }
    flush();

    const qint64 byRuns = (tenths + Tenth - 1) / Tenth;
    // Characters / 4.5, rounded up, as a floor for text the run model reads too kindly.
    const qint64 byLength = (characters * 2 + 8) / 9;
    return int(std::min<qint64>(std::max(byRuns, byLength), std::numeric_limits<int>::max()));
}
