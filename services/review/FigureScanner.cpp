// SPDX-License-Identifier: GPL-3.0-or-later
#include "review/FigureScanner.h"

#include "domain/TextFolding.h"
#include "review/FoldedText.h"
#include "review/NumberWords.h"

#include <QDate>
#include <QHash>
#include <QRegularExpression>
#include <QStringList>

#include <algorithm>
#include <optional>

using namespace Qt::StringLiterals;

namespace {

using DateValue = Figure::Date;

const QString numberPattern = u"(?:\\d{1,3}(?:[,. ']\\d{3})+(?:[.,]\\d+)?|\\d+(?:[.,]\\d+)?)"_s;
// "k", "m" and "bn" only written onto the number ("15k"), as "15 m" is fifteen metres; the
// abbreviations with their period and the words with a space.
const QString scalePattern =
    u"(?:(?:k|m|mn|bn)(?!\\p{L})|\\s?(?:mio|mrd|tsd)\\.|\\s?k(?=\\s?[€$£])"
    "|\\s(?:thousand|million|millions|billion|billions|tausend|millionen|million|milliarden"
    "|milliarde|mille|milliards|milliard|mil|millones|millón|millon|tusen|miljoner|miljon"
    "|miljarder|tusind|millioner)(?!\\p{L}))"_s;
const QString currencyCodes =
    u"(?:EUR|USD|GBP|CHF|JPY|SEK|NOK|DKK|PLN|SGD|AUD|CAD|CNY|INR|NZD|HKD|MXN)"_s;
const QString currencyBefore =
    u"(US\\$|C\\$|CA\\$|A\\$|AU\\$|S\\$|NZ\\$|HK\\$|\\$|€|£|¥|₹|\\b"_s + currencyCodes + u")"_s;
const QString currencyAfter =
    u"([€$£¥₹円]|zł|kr\\.?(?!\\p{L})|(?:(?:d'|de\\s)\\s?)?(?:"_s + currencyCodes
    + u"|euros?|dollars?|dólares|pounds?|livres?|libras?|kronor|kroner|kronen|kr|yen|złotych"
      "|zlotych|złoty|zloty|francs?|franken)(?!\\p{L}))"_s;
const QString percentWords =
    u"(%|percent(?!\\p{L})|per cent(?!\\p{L})|prozent(?!\\p{L})|pour cent(?!\\p{L})"
    "|pourcent(?!\\p{L})|por ciento(?!\\p{L})|procent(?!\\p{L})|pct(?!\\p{L}))"_s;

// The month names of the languages the app writes, folded, with their abbreviations.
const QHash<QString, int> &monthNames() {
    static const QHash<QString, int> names = [] {
        QHash<QString, int> result;
        const QList<QStringList> months{
            {u"january"_s, u"jan"_s, u"januar"_s, u"janner"_s, u"janvier"_s, u"janv"_s, u"enero"_s,
             u"ene"_s, u"januari"_s},
            {u"february"_s, u"feb"_s, u"februar"_s, u"fevrier"_s, u"fevr"_s, u"febrero"_s,
             u"februari"_s},
            {u"march"_s, u"mar"_s, u"marz"_s, u"mars"_s, u"marzo"_s, u"marts"_s},
            {u"april"_s, u"apr"_s, u"avril"_s, u"avr"_s, u"abril"_s, u"abr"_s},
            {u"may"_s, u"mai"_s, u"mayo"_s, u"maj"_s},
            {u"june"_s, u"jun"_s, u"juni"_s, u"juin"_s, u"junio"_s},
            {u"july"_s, u"jul"_s, u"juli"_s, u"juillet"_s, u"juil"_s, u"julio"_s},
            {u"august"_s, u"aug"_s, u"aout"_s, u"agosto"_s, u"ago"_s, u"augusti"_s},
            {u"september"_s, u"sep"_s, u"sept"_s, u"septembre"_s, u"septiembre"_s, u"setiembre"_s},
            {u"october"_s, u"oct"_s, u"oktober"_s, u"okt"_s, u"octobre"_s, u"octubre"_s},
            {u"november"_s, u"nov"_s, u"novembre"_s, u"noviembre"_s},
            {u"december"_s, u"dec"_s, u"dezember"_s, u"dez"_s, u"decembre"_s, u"diciembre"_s,
             u"dic"_s},
        };
        for (qsizetype i = 0; i < months.size(); ++i) {
            for (const QString &name : months[i])
                result.insert(name, int(i) + 1);
        }
        return result;
    }();
    return names;
}

// The names as a pattern, accented spellings included, longest first so that "mars" is not
// read as "mar".
QString monthPattern() {
    static const QString pattern = []() -> QString {
        QStringList spellings = monthNames().keys();
        spellings += {u"jänner"_s, u"märz"_s, u"février"_s, u"févr"_s, u"août"_s, u"décembre"_s};
        std::sort(spellings.begin(), spellings.end(), [](const QString &a, const QString &b) {
            return a.size() != b.size() ? a.size() > b.size() : a < b;
        });
        return u"("_s + spellings.join(u'|') + u")(?!\\p{L})"_s;
    }();
    return pattern;
}

const QString weekdayPattern =
    u"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\\.?,?\\s+(?:the\\s+)?)?"_s;

// "48,000" and "48.000" are 48000; "1.2", "1,5" and "48.000,50" have decimals; "48 000" and
// "1'200" group with a space or an apostrophe. A single separator followed by exactly three
// digits groups thousands, as prices are written that way far more often than with three
// decimals.
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
    QString s = suffix.trimmed().toString().toLower();
    if (s.endsWith(u'.'))
        s.chop(1);
    static const QHash<QString, double> scales{
        {u"k"_s, 1e3},         {u"tsd"_s, 1e3},        {u"thousand"_s, 1e3}, {u"tausend"_s, 1e3},
        {u"mille"_s, 1e3},     {u"mil"_s, 1e3},        {u"tusen"_s, 1e3},    {u"tusind"_s, 1e3},
        {u"m"_s, 1e6},         {u"mn"_s, 1e6},         {u"mio"_s, 1e6},      {u"million"_s, 1e6},
        {u"millions"_s, 1e6},  {u"millionen"_s, 1e6},  {u"millones"_s, 1e6}, {u"millón"_s, 1e6},
        {u"millon"_s, 1e6},    {u"miljon"_s, 1e6},     {u"miljoner"_s, 1e6}, {u"millioner"_s, 1e6},
        {u"bn"_s, 1e9},        {u"mrd"_s, 1e9},        {u"billion"_s, 1e9},  {u"billions"_s, 1e9},
        {u"milliarde"_s, 1e9}, {u"milliarden"_s, 1e9}, {u"milliard"_s, 1e9}, {u"milliards"_s, 1e9},
        {u"miljarder"_s, 1e9},
    };
    return scales.value(s, 1);
}

// The ISO codes a currency sign, code or word stands for.
QStringList currenciesOf(QStringView written) {
    QString s = written.trimmed().toString();
    if (s.startsWith(u"d'"_s) || s.startsWith(u"de "_s) || s.startsWith(u"de\u00a0"_s))
        s = s.mid(s.indexOf(s.startsWith(u'd') && s[1] == u'\'' ? u'\'' : u' ') + 1).trimmed();
    if (s.endsWith(u'.'))
        s.chop(1);
    const QString upper = s.toUpper();
    static const QStringList dollars{u"USD"_s, u"CAD"_s, u"AUD"_s, u"NZD"_s,
                                     u"SGD"_s, u"HKD"_s, u"MXN"_s};
    static const QHash<QString, QStringList> byUpper{
        {u"US$"_s, {u"USD"_s}},
        {u"C$"_s, {u"CAD"_s}},
        {u"CA$"_s, {u"CAD"_s}},
        {u"A$"_s, {u"AUD"_s}},
        {u"AU$"_s, {u"AUD"_s}},
        {u"S$"_s, {u"SGD"_s}},
        {u"NZ$"_s, {u"NZD"_s}},
        {u"HK$"_s, {u"HKD"_s}},
        {u"$"_s, dollars},
        {u"DOLLAR"_s, dollars},
        {u"DOLLARS"_s, dollars},
        {u"DÓLARES"_s, dollars},
        {u"€"_s, {u"EUR"_s}},
        {u"EURO"_s, {u"EUR"_s}},
        {u"EUROS"_s, {u"EUR"_s}},
        {u"£"_s, {u"GBP"_s}},
        {u"POUND"_s, {u"GBP"_s}},
        {u"POUNDS"_s, {u"GBP"_s}},
        {u"LIVRE"_s, {u"GBP"_s}},
        {u"LIVRES"_s, {u"GBP"_s}},
        {u"LIBRA"_s, {u"GBP"_s}},
        {u"LIBRAS"_s, {u"GBP"_s}},
        {u"¥"_s, {u"JPY"_s, u"CNY"_s}},
        {u"円"_s, {u"JPY"_s}},
        {u"YEN"_s, {u"JPY"_s}},
        {u"₹"_s, {u"INR"_s}},
        {u"ZŁ"_s, {u"PLN"_s}},
        {u"ZŁOTY"_s, {u"PLN"_s}},
        {u"ZLOTY"_s, {u"PLN"_s}},
        {u"ZŁOTYCH"_s, {u"PLN"_s}},
        {u"ZLOTYCH"_s, {u"PLN"_s}},
        {u"KR"_s, {u"SEK"_s, u"DKK"_s, u"NOK"_s}},
        {u"KRONOR"_s, {u"SEK"_s}},
        {u"KRONER"_s, {u"DKK"_s, u"NOK"_s}},
        {u"KRONEN"_s, {u"SEK"_s, u"DKK"_s, u"NOK"_s}},
        {u"FRANC"_s, {u"CHF"_s}},
        {u"FRANCS"_s, {u"CHF"_s}},
        {u"FRANKEN"_s, {u"CHF"_s}},
    };
    if (const auto it = byUpper.constFind(upper); it != byUpper.cend())
        return *it;
    if (upper.size() == 3)
        return {upper};
    return {};
}

int monthOf(QStringView name) {
    return monthNames().value(QString::fromUtf8(TextFolding::fold(name)), 0);
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

// The language a percent word belongs to, so a number word of that language is chosen.
QStringList languagesOfPercent(const QString &word) {
    const QString w = word.toLower();
    if (w == u"%"_s)
        return {};
    if (w.startsWith(u"per"_s) || w == u"pct"_s)
        return {u"en"_s};
    if (w.startsWith(u"prozent"_s))
        return {u"de"_s};
    if (w.startsWith(u"pour"_s))
        return {u"fr"_s};
    if (w.startsWith(u"por"_s))
        return {u"es"_s};
    return {u"sv"_s, u"da"_s};
}

} // namespace

FigureScanner::FigureScanner(const QString &text)
    : m_original(text)
    , m_text(normalized(text)) {}

QString FigureScanner::normalized(const QString &text) {
    QString result = text;
    for (QChar &c : result) {
        const char16_t u = c.unicode();
        if (u < 0x80)
            continue;
        if (c.category() == QChar::Separator_Space)
            c = u' ';
        else if (u == 0x2019 || u == 0x02BC || u == 0x2032 || u == 0x2018)
            c = u'\'';
        else if (u >= 0xFF10 && u <= 0xFF19)
            c = QChar(u'0' + (u - 0xFF10));
        else if (u == 0xFF05)
            c = u'%';
        else if (u == 0xFF0C)
            c = u',';
        else if (u == 0xFF0E)
            c = u'.';
        else if (u == 0x2212 || u == 0x2010 || u == 0x2011)
            c = u'-';
    }
    return result;
}

QList<Figure> FigureScanner::scan() {
    scanDates();
    scanAmounts();
    scanPercentages();
    scanWords();
    std::sort(m_figures.begin(), m_figures.end(),
              [](const Figure &a, const Figure &b) { return a.start < b.start; });
    joinRanges();
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

void FigureScanner::add(Figure figure, qsizetype start, qsizetype end) {
    // Trailing spaces and sentence punctuation belong to the text around the figure.
    while (end > start && (m_text[end - 1].isSpace() || m_text[end - 1] == u','))
        --end;
    figure.start = start;
    figure.end = end;
    figure.text = m_original.mid(start, end - start);
    if (figure.type != Figure::Type::Date)
        figure.high = figure.number;
    m_figures.append(std::move(figure));
}

void FigureScanner::scanDates() {
    using Option = QRegularExpression::PatternOption;
    const QString month = monthPattern();
    static const QList<QRegularExpression> patterns{
        // 2027-03-01
        QRegularExpression(u"\\b(\\d{4})-(\\d{1,2})-(\\d{1,2})\\b"_s),
        // 03/01/2027, 1.3.2027, 03/01/27
        QRegularExpression(u"\\b(\\d{1,2})([/.])(\\d{1,2})\\2(\\d{4}|\\d{2})\\b"_s),
        // (Monday,) March 1(st)(, 2027)
        QRegularExpression(u"(?<!\\p{L})"_s + weekdayPattern + month
                               + u"\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?\\b(?:,?\\s+(\\d{4})\\b)?"_s,
                           Option::CaseInsensitiveOption),
        // (Monday,) 1(st) (of) March(, 2027); 27. November 2026; 1er mars; 15 de marzo de 2027
        QRegularExpression(u"(?<![\\w.])"_s + weekdayPattern
                               + u"(\\d{1,2})(?:st|nd|rd|th|er|\\.)?(?:\\s+(?:of|de))?\\s+"_s
                               + month + u"(?:\\.?,?\\s+(?:de\\s+)?(\\d{4})\\b)?"_s,
                           Option::CaseInsensitiveOption),
        // March 2027, noviembre de 2026
        QRegularExpression(u"(?<!\\p{L})"_s + month + u"\\.?\\s+(?:de\\s+)?(\\d{4})\\b"_s,
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
            add(std::move(figure), match.capturedStart(), match.capturedEnd());
        }
    }
}

void FigureScanner::scanAmounts() {
    using Option = QRegularExpression::PatternOption;
    static const QList<QRegularExpression> patterns{
        // €48,000, $1.2k, USD 500, US$ 3 million
        QRegularExpression(currencyBefore + u"\\s?("_s + numberPattern + u")("_s + scalePattern
                               + u")?"_s,
                           Option::CaseInsensitiveOption),
        // 48 000 EUR, 48k €, 48.000 €, 500 dollars, 3 millions d'euros, 1'200 CHF
        QRegularExpression(u"(?<![\\w.,])("_s + numberPattern + u")("_s + scalePattern + u")?\\s?"_s
                               + currencyAfter,
                           Option::CaseInsensitiveOption),
        // another 15k, 1.5 million: a scaled number is a figure even without a currency
        QRegularExpression(u"(?<![\\w.,])("_s + numberPattern + u")("_s + scalePattern + u")"_s,
                           Option::CaseInsensitiveOption),
    };
    for (qsizetype p = 0; p < patterns.size(); ++p) {
        auto it = patterns[p].globalMatch(m_text);
        while (it.hasNext()) {
            const auto match = it.next();
            if (overlaps(match.capturedStart(), match.capturedEnd()))
                continue;
            const int numberGroup = p == 0 ? 2 : 1;
            const auto value = parseNumber(match.capturedView(numberGroup));
            if (!value)
                continue;
            Figure figure;
            figure.type = Figure::Type::Amount;
            figure.number = *value * scaleOf(match.capturedView(numberGroup + 1));
            if (p == 0)
                figure.currencies = currenciesOf(match.capturedView(1));
            else if (p == 1)
                figure.currencies = currenciesOf(match.capturedView(3));
            add(std::move(figure), match.capturedStart(), match.capturedEnd());
        }
    }
}

void FigureScanner::scanPercentages() {
    static const QRegularExpression pattern(u"(?<![\\w.,])("_s + numberPattern + u")\\s?"_s
                                                + percentWords,
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
        add(std::move(figure), match.capturedStart(), match.capturedEnd());
    }
}

void FigureScanner::scanWords() {
    using Option = QRegularExpression::PatternOption;
    static const QRegularExpression percentAfter(u"^\\s?"_s + percentWords,
                                                 Option::CaseInsensitiveOption);
    static const QRegularExpression currencyAfterWords(u"^\\s?"_s + currencyAfter,
                                                       Option::CaseInsensitiveOption);
    const FoldedText folded(m_text);
    for (const NumberWords::Match &number : NumberWords::find(folded)) {
        if (overlaps(number.start, number.end))
            continue;
        const QStringView rest = QStringView(m_text).mid(number.end);
        Figure figure;
        qsizetype end = number.end;
        if (const auto percent = percentAfter.match(rest); percent.hasMatch()) {
            const QStringList languages = languagesOfPercent(percent.captured(1));
            if (!languages.isEmpty() && !languages.contains(number.language))
                continue;
            figure.type = Figure::Type::Percent;
            end += percent.capturedEnd();
        } else if (const auto currency = currencyAfterWords.match(rest); currency.hasMatch()) {
            figure.type = Figure::Type::Amount;
            figure.currencies = currenciesOf(currency.captured(1));
            end += currency.capturedEnd();
        } else if (number.scaled) {
            figure.type = Figure::Type::Amount;
        } else {
            continue;
        }
        figure.number = number.value;
        add(std::move(figure), number.start, end);
    }
}

void FigureScanner::joinRanges() {
    // "10–15 %", "10 to 15 percent", "€40k–50k", "40,000–50,000 EUR": the first number of a range
    // carries no unit of its own, so it is found here, next to a figure that has one.
    using Option = QRegularExpression::PatternOption;
    static const QRegularExpression before(u"(?<![\\w.,])("_s + numberPattern + u")("_s
                                               + scalePattern
                                               + u")?\\s?(?:[-–—]|to|bis|à|a|till|til)\\s?$"_s,
                                           Option::CaseInsensitiveOption);
    static const QRegularExpression after(u"^\\s?(?:[-–—]|to|bis|à|a|till|til)\\s?("_s
                                              + numberPattern + u")("_s + scalePattern
                                              + u")?(?![\\w])"_s,
                                          Option::CaseInsensitiveOption);
    qsizetype previousEnd = 0;
    for (Figure &figure : m_figures) {
        if (figure.type == Figure::Type::Date) {
            previousEnd = figure.end;
            continue;
        }
        const qsizetype from = std::max(previousEnd, figure.start - 40);
        const QStringView lead = QStringView(m_text).mid(from, figure.start - from);
        if (const auto match = before.match(lead); match.hasMatch()) {
            if (const auto low = parseNumber(match.capturedView(1))) {
                // "40–50k": the scale written once applies to both.
                const double written = parseNumber(figure.text).value_or(0);
                const double scale = match.capturedLength(2) > 0 ? scaleOf(match.capturedView(2))
                                     : written > 0               ? figure.number / written
                                                                 : 1;
                figure.high = figure.number;
                figure.number = *low * scale;
                figure.start = from + match.capturedStart();
                figure.text = m_original.mid(figure.start, figure.end - figure.start);
            }
        } else {
            const QStringView tail = QStringView(m_text).mid(figure.end);
            const qsizetype nextStart = [&]() -> qsizetype {
                for (const Figure &other : m_figures) {
                    if (other.start >= figure.end)
                        return other.start;
                }
                return m_text.size();
            }();
            if (const auto match = after.match(tail);
                match.hasMatch() && figure.end + match.capturedEnd() <= nextStart) {
                if (const auto high = parseNumber(match.capturedView(1))) {
                    figure.high = *high * scaleOf(match.capturedView(2));
                    figure.end += match.capturedEnd();
                    figure.text = m_original.mid(figure.start, figure.end - figure.start);
                }
            }
        }
        previousEnd = figure.end;
    }
}
