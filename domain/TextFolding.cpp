// SPDX-License-Identifier: GPL-3.0-or-later
#include "domain/TextFolding.h"

#include <QString>

#include <algorithm>
#include <array>
#include <cstring>
#include <utility>

namespace {

// Letters that Unicode does not decompose into a base letter plus a mark, but that a rep types
// without the accent all the same.
QStringView asciiFor(char16_t c) {
    switch (c) {
    case u'ß':
        return u"ss";
    case u'æ':
    case u'Æ':
        return u"ae";
    case u'œ':
    case u'Œ':
        return u"oe";
    case u'ø':
    case u'Ø':
        return u"o";
    case u'ł':
    case u'Ł':
        return u"l";
    case u'đ':
    case u'Đ':
    case u'ð':
    case u'Ð':
        return u"d";
    case u'þ':
    case u'Þ':
        return u"th";
    case u'ı':
        return u"i";
    default:
        return {};
    }
}

// Folds text that is not plain ASCII, as a whole.
QByteArray foldSlowly(QStringView text) {
    // Compatibility decomposition splits "é" into "e" + a combining accent (and "ﬁ" into "fi");
    // dropping the marks and case-folding what is left gives the accent-insensitive form.
    const QString decomposed = text.toString().normalized(QString::NormalizationForm_KD);
    QString stripped;
    stripped.reserve(decomposed.size());
    for (const QChar c : decomposed) {
        if (!c.isMark())
            stripped.append(c);
    }
    // Case-fold before replacing, so that capitals the table does not list fold onto a letter it
    // does ("ẞ" -> "ß" -> "ss").
    const QString caseFolded = std::move(stripped).toCaseFolded();
    QString folded;
    folded.reserve(caseFolded.size());
    for (const QChar c : caseFolded) {
        const QStringView replacement = asciiFor(c.unicode());
        if (!replacement.isEmpty())
            folded.append(replacement);
        else
            folded.append(c);
    }
    return folded.toUtf8();
}

// Latin-1 Supplement to Latin Extended-B (U+0080..U+024F) cover nearly every accented letter a
// CRM in Europe or the Americas holds; folding them from a table avoids normalising whole texts.
constexpr char16_t TableStart = 0x80;
constexpr char16_t TableEnd = 0x250;

const QByteArray &foldedLatin(char16_t c) {
    static const auto table = [] {
        std::array<QByteArray, TableEnd - TableStart> folded;
        for (char16_t u = TableStart; u < TableEnd; ++u) {
            const QChar single(u);
            folded[u - TableStart] = foldSlowly(QStringView(&single, 1));
        }
        return folded;
    }();
    return table[c - TableStart];
}

} // namespace

QByteArray TextFolding::fold(QStringView text) {
    // Written through a pointer into a buffer sized for the all-ASCII case rather than appended
    // byte by byte: QByteArray::append(char) checks sharing and capacity on every call, which
    // was most of the cost of folding the 100k tickets of a bulk import.
    const qsizetype size = text.size();
    const char16_t *in = text.utf16();
    QByteArray out(size, Qt::Uninitialized);
    char *dst = out.data();
    qsizetype written = 0;
    qsizetype i = 0;
    while (i < size) {
        const char16_t u = in[i];
        if (u < 0x80) {
            dst[written++] = static_cast<char>(u >= 'A' && u <= 'Z' ? u + ('a' - 'A') : u);
            ++i;
            continue;
        }
        // Decomposition, mark removal and case folding all work character by character, so a
        // run of non-ASCII characters folds on its own just as it would inside the whole text.
        qsizetype end = i + 1;
        while (end < size && in[end] >= 0x80)
            ++end;
        const bool fromTable = end - i == 1 && u < TableEnd;
        const QByteArray slow = fromTable ? QByteArray() : foldSlowly(text.mid(i, end - i));
        const QByteArray &folded = fromTable ? foldedLatin(u) : slow;
        // Room for this run and, at one byte each, for every character still to come.
        const qsizetype needed = written + folded.size() + (size - end);
        if (needed > out.size()) {
            out.resize(std::max(needed, out.size() + out.size() / 2));
            dst = out.data();
        }
        std::memcpy(dst + written, folded.constData(), static_cast<std::size_t>(folded.size()));
        written += folded.size();
        i = end;
    }
    out.truncate(written);
    return out;
}
