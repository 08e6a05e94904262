// SPDX-License-Identifier: GPL-3.0-or-later
#include "review/ContactDetailScanner.h"

#include <QRegularExpression>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

using Detail = ContactDetailScanner::Detail;

QString trimmedTail(QString text) {
    while (!text.isEmpty() && QStringLiteral(".,;:!?)]}'\"”’»").contains(text.back()))
        text.chop(1);
    return text;
}

QString linkKey(const QString &written) {
    QString key = trimmedTail(written).toLower();
    static const QRegularExpression scheme(u"^[a-z][a-z0-9+.-]*://"_s);
    key.remove(scheme);
    if (key.startsWith(u"www."_s))
        key.remove(0, 4);
    while (key.endsWith(u'/'))
        key.chop(1);
    return key;
}

// The last nine digits: enough to tell numbers apart, and the same with or without the country
// code or a trunk prefix ("+49 30 …" and "030 …").
QString phoneKey(const QString &written) {
    QString digits;
    for (const QChar c : written) {
        if (c.isDigit())
            digits.append(QChar(u'0' + c.digitValue()));
    }
    return digits.right(9);
}

bool overlapsAny(const QList<Detail> &details, qsizetype start, qsizetype end) {
    return std::any_of(details.cbegin(), details.cend(), [&](const Detail &detail) {
        return start < detail.end && end > detail.start;
    });
}

} // namespace

QList<Detail> ContactDetailScanner::scan(const QString &text) {
    static const QRegularExpression email(u"[\\w.+-]+@[\\w-]+(?:\\.[\\w-]+)+"_s,
                                          QRegularExpression::UseUnicodePropertiesOption);
    static const QRegularExpression link(
        u"\\b(?:https?://|www\\.)[^\\s<>\"'()\\[\\]{}]+"
        "|\\b[a-z0-9][a-z0-9-]*(?:\\.[a-z0-9-]+)*\\.[a-z]{2,}/[^\\s<>\"'()\\[\\]{}]*"_s,
        QRegularExpression::CaseInsensitiveOption);
    // A leading "+", "00" or "0" and eight to fifteen digits; dates and prices do not start so.
    static const QRegularExpression phone(
        u"(?<![\\w+.,/-])(?:\\+|\\(0|0)[\\d\\s().\\-/]{6,22}\\d"_s);
    static const QRegularExpression date(u"^\\d{1,4}[./-]\\d{1,2}[./-]\\d{1,4}$"_s);

    QList<Detail> details;
    for (auto it = email.globalMatch(text); it.hasNext();) {
        const auto match = it.next();
        const QString written = trimmedTail(match.captured());
        details.append({Detail::Kind::Email, written.toLower(), match.capturedStart(),
                        match.capturedStart() + written.size()});
    }
    for (auto it = link.globalMatch(text); it.hasNext();) {
        const auto match = it.next();
        if (overlapsAny(details, match.capturedStart(), match.capturedEnd()))
            continue;
        const QString written = trimmedTail(match.captured());
        details.append({Detail::Kind::Link, linkKey(written), match.capturedStart(),
                        match.capturedStart() + written.size()});
    }
    for (auto it = phone.globalMatch(text); it.hasNext();) {
        const auto match = it.next();
        const QString written = match.captured().trimmed();
        const qsizetype digits =
            std::count_if(written.cbegin(), written.cend(), [](QChar c) { return c.isDigit(); });
        if (digits < 8 || digits > 15 || date.match(written).hasMatch()
            || overlapsAny(details, match.capturedStart(), match.capturedEnd()))
            continue;
        details.append({Detail::Kind::Phone, phoneKey(written), match.capturedStart(),
                        match.capturedStart() + written.size()});
    }
    std::sort(details.begin(), details.end(),
              [](const Detail &a, const Detail &b) { return a.start < b.start; });
    return details;
}

bool ContactDetailScanner::backs(const Detail &known, const Detail &draft) {
    if (known.kind != draft.kind || known.key.isEmpty())
        return false;
    if (known.key == draft.key)
        return true;
    return draft.kind == Detail::Kind::Link && draft.key.startsWith(known.key + u'/');
}
