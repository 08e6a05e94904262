#include "TextFolding.h"

#include <QString>

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

} // namespace

QByteArray TextFolding::fold(QStringView text) {
    QByteArray out;
    out.reserve(text.size());
    bool ascii = true;
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        if (u >= 0x80) {
            ascii = false;
            break;
        }
        out.append(static_cast<char>(u >= 'A' && u <= 'Z' ? u + ('a' - 'A') : u));
    }
    if (ascii)
        return out;

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
