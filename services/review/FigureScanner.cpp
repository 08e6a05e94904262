// SPDX-License-Identifier: GPL-3.0-or-later
#include "review/FigureScanner.h"

#include <QDate>
#include <QRegularExpression>
#include <QStringList>

#include <algorithm>
#include <optional>

using namespace Qt::StringLiterals;

namespace {

using DateValue = Figure::Date;

const QString numberPattern =
    u"(?:\\d{1,3}(?:[,.\\x{a0}\\x{202f} ']\\d{3})+(?:[.,]\\d+)?|\\d+(?:[.,]\\d+)?)"_s;
const QString scalePattern = u"(?:\\s?(?:k|m|mn|bn)\\b|\\s(?:thousand|million|billion)\\b)"_s;
// No trailing "." here: "Nov." keeps its period only where a day or year follows, so that a
// sentence ending in "28 November." does not end up in the figure.
const QString monthPattern =
    u"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    "|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"_s;
const QString weekdayPattern =
    u"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\\.?,?\\s+(?:the\\s+)?)?"_s;

// "48,000" and "48.000" are 48000; "1.2", "1,5" and "48.000,50" have decimals. A single separator
// followed by exactly three digits groups thousands, as prices are written that way far more often
// than with three decimals.
std::optional<double> parseNumber(QStringView raw) {
    QString digits;
    for (const QChar c : raw) {
        if (c.isDigit() || c == u'.' || c == u',')
            digits.append(c);
    }
    const qsizetype last = std::max(digits.lastIndexOf(u'.'), digits.lastIndexOf(u','));
    QString plain = digits;
    if (last >= 0) {
        const bool bothKinds = digits.contains(u'.') && digits.contains(u',');
        const bool repeated = digits.count(digits[last]) > 1;
        const qsizetype after = digits.size() - last - 1;
        QString integer = digits.left(last);
        integer.remove(u'.').remove(u',');
        if (bothKinds || (!repeated && after != 3))
            plain = integer + u'.' + digits.mid(last + 1);
        else
            plain = integer + digits.mid(last + 1);
    }
    bool ok = false;
    const double value = plain.toDouble(&ok);
    return ok ? std::optional<double>(value) : std::nullopt;
}

double scaleOf(QStringView suffix) {
    const QString s = suffix.trimmed().toString().toLower();
    if (s == u"k"_s || s == u"thousand"_s)
        return 1e3;
    if (s == u"m"_s || s == u"mn"_s || s == u"million"_s)
        return 1e6;
    if (s == u"bn"_s || s == u"billion"_s)
        return 1e9;
    return 1;
}

int monthOf(QStringView name) {
    static const QStringList prefixes{u"jan"_s, u"feb"_s, u"mar"_s, u"apr"_s, u"may"_s, u"jun"_s,
                                      u"jul"_s, u"aug"_s, u"sep"_s, u"oct"_s, u"nov"_s, u"dec"_s};
    return int(prefixes.indexOf(name.left(3).toString().toLower())) + 1;
}

int yearOf(QStringView digits) {
    if (digits.isEmpty())
        return 0;
    const int year = digits.toInt();
    return digits.size() == 2 ? 2000 + year : year;
}

bool validDate(const DateValue &date) {
    if (date.month < 1 || date.month > 12 || date.day < 0 || date.day > 31)
        return false;
    return date.year == 0 || date.day == 0 || QDate(date.year, date.month, date.day).isValid();
}

Figure located(const QRegularExpressionMatch &match, Figure figure) {
    figure.text = match.captured(0).trimmed();
    figure.start = match.capturedStart();
    figure.end = match.capturedEnd();
    return figure;
}

} // namespace

QList<Figure> FigureScanner::scan() {
    scanDates();
    scanAmounts();
    scanPercentages();
    std::sort(m_figures.begin(), m_figures.end(),
              [](const Figure &a, const Figure &b) { return a.start < b.start; });
    return m_figures;
}

QList<std::pair<double, qsizetype>> FigureScanner::bareNumbers() const {
    static const QRegularExpression pattern(u"(?<![\\w.,])("_s + numberPattern + u")("_s
                                                + scalePattern + u")?"_s,
                                            QRegularExpression::CaseInsensitiveOption);
    QList<std::pair<double, qsizetype>> numbers;
    auto it = pattern.globalMatch(m_text);
    while (it.hasNext()) {
        const auto match = it.next();
        if (overlaps(match.capturedStart(), match.capturedEnd()))
            continue;
        if (const auto value = parseNumber(match.capturedView(1)))
            numbers.append({*value * scaleOf(match.capturedView(2)), match.capturedStart()});
    }
    return numbers;
}

bool FigureScanner::overlaps(qsizetype start, qsizetype end) const {
    return std::any_of(m_figures.cbegin(), m_figures.cend(), [&](const Figure &figure) {
        return start < figure.end && end > figure.start;
    });
}

void FigureScanner::scanDates() {
    using Option = QRegularExpression::PatternOption;
    static const QList<QRegularExpression> patterns{
        // 2027-03-01
        QRegularExpression(u"\\b(\\d{4})-(\\d{1,2})-(\\d{1,2})\\b"_s),
        // 03/01/2027, 1.3.2027, 03/01/27
        QRegularExpression(u"\\b(\\d{1,2})([/.])(\\d{1,2})\\2(\\d{4}|\\d{2})\\b"_s),
        // (Monday,) March 1(st)(, 2027)
        QRegularExpression(u"\\b"_s + weekdayPattern + monthPattern
                               + u"\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?\\b(?:,?\\s+(\\d{4})\\b)?"_s,
                           Option::CaseInsensitiveOption),
        // (Monday,) 1(st) (of) March(, 2027)
        QRegularExpression(u"\\b"_s + weekdayPattern
                               + u"(\\d{1,2})(?:st|nd|rd|th)?(?:\\s+of)?\\s+"_s + monthPattern
                               + u"(?!\\w)(?:\\.?,?\\s+(\\d{4})\\b)?"_s,
                           Option::CaseInsensitiveOption),
        // March 2027
        QRegularExpression(u"\\b"_s + monthPattern + u"\\.?\\s+(\\d{4})\\b"_s,
                           Option::CaseInsensitiveOption),
    };
    for (qsizetype p = 0; p < patterns.size(); ++p) {
        auto it = patterns[p].globalMatch(m_text);
        while (it.hasNext()) {
            const auto match = it.next();
            if (overlaps(match.capturedStart(), match.capturedEnd()))
                continue;
            QList<DateValue> candidates;
            switch (p) {
            case 0:
                candidates.append({match.captured(1).toInt(), match.captured(2).toInt(),
                                   match.captured(3).toInt()});
                break;
            case 1: {
                const int first = match.captured(1).toInt();
                const int second = match.captured(3).toInt();
                const int year = yearOf(match.capturedView(4));
                candidates.append({year, first, second});
                if (first != second)
                    candidates.append({year, second, first});
                break;
            }
            case 2:
                candidates.append({yearOf(match.capturedView(3)), monthOf(match.capturedView(1)),
                                   match.captured(2).toInt()});
                break;
            case 3:
                candidates.append({yearOf(match.capturedView(3)), monthOf(match.capturedView(2)),
                                   match.captured(1).toInt()});
                break;
            default:
                candidates.append({match.captured(2).toInt(), monthOf(match.capturedView(1)), 0});
                break;
            }
            candidates.removeIf([](const DateValue &date) { return !validDate(date); });
            if (candidates.isEmpty())
                continue;
            Figure figure;
            figure.type = Figure::Type::Date;
            figure.dates = candidates;
            m_figures.append(located(match, std::move(figure)));
        }
    }
}

void FigureScanner::scanAmounts() {
    static const QString currencyCodes =
        u"(?:EUR|USD|GBP|CHF|JPY|SEK|NOK|DKK|PLN|SGD|AUD|CAD|CNY|INR)"_s;
    static const QList<QRegularExpression> patterns{
        // €48,000, $1.2k, USD 500, US$ 3 million
        QRegularExpression(u"(?:(?:US)?\\$|€|£|¥|\\b"_s + currencyCodes + u")\\s?("_s
                               + numberPattern + u")("_s + scalePattern + u")?"_s,
                           QRegularExpression::CaseInsensitiveOption),
        // 48 000 EUR, 48k €, 500 dollars
        QRegularExpression(u"(?<![\\w.,])("_s + numberPattern + u")("_s + scalePattern
                               + u")?\\s?(?:[€$£¥]|(?:"_s + currencyCodes
                               + u"|euros?|dollars?|pounds?)\\b)"_s,
                           QRegularExpression::CaseInsensitiveOption),
    };
    for (const QRegularExpression &pattern : patterns) {
        auto it = pattern.globalMatch(m_text);
        while (it.hasNext()) {
            const auto match = it.next();
            if (overlaps(match.capturedStart(), match.capturedEnd()))
                continue;
            const auto value = parseNumber(match.capturedView(1));
            if (!value)
                continue;
            Figure figure;
            figure.type = Figure::Type::Amount;
            figure.number = *value * scaleOf(match.capturedView(2));
            m_figures.append(located(match, std::move(figure)));
        }
    }
}

void FigureScanner::scanPercentages() {
    static const QRegularExpression pattern(u"(?<![\\w.,])("_s + numberPattern
                                                + u")\\s?(?:%|percent\\b|per cent\\b)"_s,
                                            QRegularExpression::CaseInsensitiveOption);
    auto it = pattern.globalMatch(m_text);
    while (it.hasNext()) {
        const auto match = it.next();
        if (overlaps(match.capturedStart(), match.capturedEnd()))
            continue;
        const auto value = parseNumber(match.capturedView(1));
        if (!value)
            continue;
        Figure figure;
        figure.type = Figure::Type::Percent;
        figure.number = *value;
        m_figures.append(located(match, std::move(figure)));
    }
}
