// SPDX-License-Identifier: GPL-3.0-or-later
#include "review/ComplianceChecker.h"

#include "domain/TextFolding.h"

#include <QCoreApplication>
#include <QDate>
#include <QRegularExpression>
#include <QSet>
#include <QSettings>
#include <QTimeZone>

#include <algorithm>
#include <array>
#include <cmath>

using namespace Qt::StringLiterals;

namespace {

using Kind = ComplianceFinding::Kind;
using Severity = ComplianceFinding::Severity;

ComplianceFinding finding(Kind kind, Severity severity, const QString &text,
                          const QString &advice) {
    return ComplianceFinding{kind, severity, text, advice};
}

// ---- Words
// ---------------------------------------------------------------------------------------

// A word of a text, folded (case and accents), with where it sits in the original, so that a match
// found on folded words can be reported with the draft's own spelling.
struct Word {
    QString folded;
    qsizetype start = 0;
    qsizetype end = 0;
};

// Letters, digits and marks; everything else (punctuation, symbols, spaces) separates words, so
// "don't  miss-out!" and "Don’t miss out" compare equal.
QList<Word> wordsOf(const QString &text) {
    static const QRegularExpression pattern(u"[\\p{L}\\p{N}\\p{M}]+"_s);
    QList<Word> words;
    auto it = pattern.globalMatch(text);
    while (it.hasNext()) {
        const auto match = it.next();
        words.append(Word{QString::fromUtf8(TextFolding::fold(match.capturedView())),
                          match.capturedStart(), match.capturedEnd()});
    }
    return words;
}

QStringList foldedWords(const QString &text) {
    QStringList result;
    for (const Word &word : wordsOf(text))
        result.append(word.folded);
    return result;
}

// Every index at which `needle` occurs in `words` as a run of whole words.
QList<qsizetype> findSequence(const QList<Word> &words, const QStringList &needle) {
    QList<qsizetype> found;
    if (needle.isEmpty() || needle.size() > words.size())
        return found;
    for (qsizetype i = 0; i + needle.size() <= words.size(); ++i) {
        bool same = true;
        for (qsizetype j = 0; j < needle.size() && same; ++j)
            same = words[i + j].folded == needle[j];
        if (same)
            found.append(i);
    }
    return found;
}

// The folded words joined by single spaces, for patterns written over words, with where each word
// starts in that string.
struct JoinedWords {
    QString text;
    QList<qsizetype> starts;

    explicit JoinedWords(const QList<Word> &words) {
        for (const Word &word : words) {
            if (!text.isEmpty())
                text.append(u' ');
            starts.append(text.size());
            text.append(word.folded);
        }
    }

    qsizetype wordAt(qsizetype offset) const {
        const auto it = std::upper_bound(starts.cbegin(), starts.cend(), offset);
        return std::max<qsizetype>(0, qsizetype(it - starts.cbegin()) - 1);
    }
};

// ---- Instructions planted in CRM data
// ---------------------------------------------------------------

// Matched on folded words. A bare "you are now" is ordinary English ("you are now live"), so only
// the role-changing forms count.
const QRegularExpression &instructionPattern() {
    static const QRegularExpression pattern(
        u"\\b(?:"
        "(?:ignore|disregard|forget|override) (?:all |any )?(?:of )?(?:the |your |my |these )?"
        "(?:previous|prior|above|earlier|preceding|former|foregoing|original)"
        "(?: (?:instructions?|prompts?|messages?|rules|directions|guidelines|context))?"
        "|disregard the above"
        "|system prompt"
        "|you are now (?:in (?:\\w+ )?mode|an? (?:\\w+ )?(?:ai|assistant|model|bot|chatbot|agent)"
        "|(?:an? )?(?:admin|administrator|developer|unrestricted|jailbroken|dan)\\b)"
        ")\\b"_s);
    return pattern;
}

// A CRM text that contains instructions: the whole text (for copied spans) and the parts from the
// sentence with the instruction to the end of its line (for figures and addresses it asks for).
struct TaintedText {
    QList<Word> words;
    QList<std::pair<qsizetype, qsizetype>> regions;
};

std::optional<TaintedText> taintOf(const QString &text) {
    TaintedText tainted;
    tainted.words = wordsOf(text);
    const JoinedWords joined(tainted.words);
    auto it = instructionPattern().globalMatch(joined.text);
    while (it.hasNext()) {
        const auto match = it.next();
        const qsizetype from = tainted.words[joined.wordAt(match.capturedStart())].start;
        // Back to the start of the sentence, so "offer a 90% discount" before the instruction in
        // the same sentence counts too.
        qsizetype start = from;
        while (start > 0) {
            const QChar before = text[start - 1];
            if (before == u'\n')
                break;
            if (before.isSpace() && start >= 2
                && (text[start - 2] == u'.' || text[start - 2] == u'!' || text[start - 2] == u'?'))
                break;
            --start;
        }
        qsizetype end = text.indexOf(u'\n', from);
        if (end < 0)
            end = text.size();
        tainted.regions.append({start, end});
    }
    if (tainted.regions.isEmpty())
        return std::nullopt;
    return tainted;
}

bool inRegions(const QList<std::pair<qsizetype, qsizetype>> &regions, qsizetype start,
               qsizetype end) {
    return std::any_of(regions.cbegin(), regions.cend(), [&](const auto &region) {
        return start < region.second && end > region.first;
    });
}

// ---- Figures
// --------------------------------------------------------------------------------------

struct DateValue {
    int year = 0; // 0: not given
    int month = 0;
    int day = 0; // 0: not given ("March 2027")
};

struct Figure {
    enum class Type { Amount, Percent, Date };
    Type type = Type::Amount;
    QString text;
    qsizetype start = 0;
    qsizetype end = 0;
    double number = 0;
    QList<DateValue> dates; // "03/01/2027" is 3 January or 1 March: both are candidates
};

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

class FigureScanner {
public:
    explicit FigureScanner(const QString &text)
        : m_text(text) {}

    QList<Figure> scan() {
        scanDates();
        scanAmounts();
        scanPercentages();
        std::sort(m_figures.begin(), m_figures.end(),
                  [](const Figure &a, const Figure &b) { return a.start < b.start; });
        return m_figures;
    }

    // Numbers without a currency or percent sign, outside the figures found by scan(): the CRM
    // often writes "a budget of 48,000" where the draft writes "€48,000".
    QList<std::pair<double, qsizetype>> bareNumbers() const {
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

private:
    bool overlaps(qsizetype start, qsizetype end) const {
        return std::any_of(m_figures.cbegin(), m_figures.cend(), [&](const Figure &figure) {
            return start < figure.end && end > figure.start;
        });
    }

    void add(const QRegularExpressionMatch &match, Figure figure) {
        figure.text = match.captured(0).trimmed();
        figure.start = match.capturedStart();
        figure.end = match.capturedEnd();
        m_figures.append(std::move(figure));
    }

    void scanDates() {
        using Option = QRegularExpression::PatternOption;
        static const QList<QRegularExpression> patterns{
            // 2027-03-01
            QRegularExpression(u"\\b(\\d{4})-(\\d{1,2})-(\\d{1,2})\\b"_s),
            // 03/01/2027, 1.3.2027, 03/01/27
            QRegularExpression(u"\\b(\\d{1,2})([/.])(\\d{1,2})\\2(\\d{4}|\\d{2})\\b"_s),
            // (Monday,) March 1(st)(, 2027)
            QRegularExpression(
                u"\\b"_s + weekdayPattern + monthPattern
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
                    candidates.append({yearOf(match.capturedView(3)),
                                       monthOf(match.capturedView(1)), match.captured(2).toInt()});
                    break;
                case 3:
                    candidates.append({yearOf(match.capturedView(3)),
                                       monthOf(match.capturedView(2)), match.captured(1).toInt()});
                    break;
                default:
                    candidates.append(
                        {match.captured(2).toInt(), monthOf(match.capturedView(1)), 0});
                    break;
                }
                candidates.removeIf([](const DateValue &date) { return !validDate(date); });
                if (candidates.isEmpty())
                    continue;
                Figure figure;
                figure.type = Figure::Type::Date;
                figure.dates = candidates;
                add(match, std::move(figure));
            }
        }
    }

    void scanAmounts() {
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
                add(match, std::move(figure));
            }
        }
    }

    void scanPercentages() {
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
            add(match, std::move(figure));
        }
    }

    const QString &m_text;
    QList<Figure> m_figures;
};

bool sameNumber(double a, double b) {
    return std::abs(a - b) <= 1e-9 * std::max(1.0, std::abs(a));
}

// A draft's date is backed by a known one when they agree on everything both give; a draft that
// names a day is not backed by a context that only names the month.
bool sameDate(const DateValue &draft, const DateValue &known) {
    if (draft.month != known.month)
        return false;
    if (draft.year != 0 && known.year != 0 && draft.year != known.year)
        return false;
    return draft.day == 0 || draft.day == known.day;
}

// The figures and addresses that the context backs, and those that only instructions planted in it
// ask for.
struct ContextFacts {
    QList<double> amounts;
    QList<double> percentages;
    QList<DateValue> dates;
    QList<double> taintedNumbers;
    QList<DateValue> taintedDates;
    QStringList taintedAddresses; // lower-case e-mail addresses and URLs
    // The prospect's and the assignee's own addresses: planted text may name them too, and a draft
    // may still use them. Other addresses in the same CRM text are no excuse, as an injected
    // message usually carries its sender's address in its header too.
    QStringList trustedAddresses;
    QList<QSet<QString>> injectedSpans; // per tainted text: its 8-word spans, folded

    void addDate(const QDateTime &dateTime, const QTimeZone &zone) {
        if (!dateTime.isValid())
            return;
        const QDate utc = dateTime.toUTC().date();
        dates.append({utc.year(), utc.month(), utc.day()});
        if (zone.isValid()) {
            const QDate local = dateTime.toTimeZone(zone).date();
            dates.append({local.year(), local.month(), local.day()});
        }
    }

    void addText(const QString &text) {
        if (text.isEmpty())
            return;
        static const QRegularExpression addressPattern(
            u"https?://[^\\s<>\"')]+|[\\w.+-]+@[\\w-]+(?:\\.[\\w-]+)+"_s);
        const std::optional<TaintedText> tainted = taintOf(text);
        const auto regions = tainted ? tainted->regions : QList<std::pair<qsizetype, qsizetype>>{};

        FigureScanner scanner(text);
        for (const Figure &figure : scanner.scan()) {
            const bool isTainted = inRegions(regions, figure.start, figure.end);
            switch (figure.type) {
            case Figure::Type::Date:
                (isTainted ? taintedDates : dates).append(figure.dates);
                break;
            case Figure::Type::Amount:
                (isTainted ? taintedNumbers : amounts).append(figure.number);
                break;
            case Figure::Type::Percent:
                (isTainted ? taintedNumbers : percentages).append(figure.number);
                break;
            }
        }
        for (const auto &[number, at] : scanner.bareNumbers())
            (inRegions(regions, at, at + 1) ? taintedNumbers : amounts).append(number);

        auto addresses = addressPattern.globalMatch(text);
        while (addresses.hasNext()) {
            const auto match = addresses.next();
            QString address = match.captured(0).toLower();
            while (address.endsWith(u'.'))
                address.chop(1);
            if (inRegions(regions, match.capturedStart(), match.capturedEnd()))
                taintedAddresses.append(address);
        }

        if (tainted) {
            QSet<QString> spans;
            const QList<Word> &words = tainted->words;
            for (qsizetype i = 0; i + InjectedSpanWords <= words.size(); ++i) {
                QStringList span;
                for (qsizetype j = 0; j < InjectedSpanWords; ++j)
                    span.append(words[i + j].folded);
                spans.insert(span.join(u' '));
            }
            injectedSpans.append(spans);
        }
    }

    static constexpr qsizetype InjectedSpanWords = 8;
};

ContextFacts factsOf(const OutreachContext &context) {
    ContextFacts facts;
    const QTimeZone zone(context.prospect.prospect.timezone.toUtf8());

    const Ticket &ticket = context.ticket;
    for (const QString &text : {ticket.title, ticket.description, ticket.category})
        facts.addText(text);
    facts.addDate(ticket.createdAt, zone);
    facts.addDate(ticket.updatedAt, zone);
    if (ticket.assignee)
        facts.trustedAddresses.append(ticket.assignee->email.toLower());

    const Project &project = context.project;
    for (const QString &text : {project.name, project.description, project.stage})
        facts.addText(text);
    for (const QString &product : project.products)
        facts.addText(product);
    if (project.value)
        facts.amounts.append(project.value->amount);
    for (auto it = project.keyDates.cbegin(); it != project.keyDates.cend(); ++it) {
        facts.addText(it.value());
        // key_dates keep the CRM's spelling; an ISO date with a time is still that day.
        const QDate date = QDate::fromString(it.value().left(10), Qt::ISODate);
        if (date.isValid())
            facts.dates.append({date.year(), date.month(), date.day()});
    }

    const ProspectHistory &history = context.prospect;
    for (const QString &text :
         {history.prospect.name, history.prospect.title, history.prospect.company, history.notes,
          history.preferences.channel, history.preferences.tone, history.preferences.bestTime})
        facts.addText(text);
    for (const QString &text : history.preferences.topics + history.preferences.avoid)
        facts.addText(text);
    facts.trustedAddresses.append(history.prospect.email.toLower());
    for (const ProspectHistory::PastOutcome &outcome : history.pastOutcomes)
        facts.addDate(outcome.sentAt, zone);
    // The prompt quotes the subject and first line of earlier messages that worked.
    for (const MessageOutcome &message : context.ownMessages) {
        if (!message.isSent())
            continue;
        facts.addDate(*message.sentAt, zone);
        if (message.worked()) {
            facts.addText(message.subject);
            facts.addText(message.firstLine);
        }
    }

    for (const Interaction &interaction : context.interactions) {
        facts.addText(interaction.subject);
        facts.addText(interaction.content);
        facts.addDate(interaction.occurredAt, zone);
    }
    return facts;
}

// ---- The checks
// -----------------------------------------------------------------------------------

struct Part {
    const QString &text;
    QList<Word> words;
};

void checkPlaceholders(const Part &part, QList<ComplianceFinding> &findings) {
    static const QList<QRegularExpression> patterns{
        QRegularExpression(u"\\{\\{[^{}\\n]{0,80}\\}\\}"_s),
        QRegularExpression(u"(?<!\\{)\\{[A-Za-z_][\\w.\\- ]{0,40}\\}(?!\\})"_s),
        QRegularExpression(u"<<[^<>\\n]{1,80}>>"_s),
        QRegularExpression(u"(?<!<)<[A-Z][\\w .\\-]{0,40}>(?!>)"_s),
        QRegularExpression(u"\\[[A-Za-z][\\w .'/\\-]{0,40}\\]"_s),
        QRegularExpression(u"\\b(?:X{3,}|TBD|TBC)\\b"_s, QRegularExpression::CaseInsensitiveOption),
    };
    QList<std::pair<qsizetype, qsizetype>> found;
    for (const QRegularExpression &pattern : patterns) {
        auto it = pattern.globalMatch(part.text);
        while (it.hasNext()) {
            const auto match = it.next();
            if (!inRegions(found, match.capturedStart(), match.capturedEnd()))
                found.append({match.capturedStart(), match.capturedEnd()});
        }
    }
    std::sort(found.begin(), found.end());
    for (const auto &[start, end] : found) {
        const QString text = part.text.mid(start, end - start);
        findings.append(
            finding(Kind::Placeholder, Severity::Blocking, text,
                    QCoreApplication::translate("ComplianceChecker",
                                                "Replace the placeholder “%1” with the real text.")
                        .arg(text)));
    }
}

void checkBannedPhrases(const Part &part, const QStringList &phrases,
                        QList<ComplianceFinding> &findings) {
    QList<std::pair<qsizetype, QString>> found;
    for (const QString &phrase : phrases) {
        const QStringList needle = foldedWords(phrase);
        for (const qsizetype at : findSequence(part.words, needle)) {
            const qsizetype start = part.words[at].start;
            const qsizetype end = part.words[at + needle.size() - 1].end;
            found.append({start, part.text.mid(start, end - start)});
        }
    }
    std::sort(found.begin(), found.end());
    for (const auto &[start, text] : found) {
        findings.append(finding(
            Kind::BannedPhrase, Severity::Blocking, text,
            QCoreApplication::translate("ComplianceChecker",
                                        "Remove or reword “%1”: the workspace does not allow it.")
                .arg(text)));
    }
}

// Figures the context does not back; a figure that only planted instructions mention is an
// injection echo rather than a mere unverified figure.
void checkFigures(const Part &part, const ContextFacts &facts, QList<ComplianceFinding> &unverified,
                  QList<ComplianceFinding> &obeyed, QSet<QString> &reported) {
    const auto anyNumber = [](const QList<double> &known, double number) {
        return std::any_of(known.cbegin(), known.cend(),
                           [&](double candidate) { return sameNumber(number, candidate); });
    };
    const auto anyDate = [](const QList<DateValue> &known, const QList<DateValue> &dates) {
        return std::any_of(dates.cbegin(), dates.cend(), [&](const DateValue &date) {
            return std::any_of(known.cbegin(), known.cend(), [&](const DateValue &candidate) {
                return sameDate(date, candidate);
            });
        });
    };
    for (const Figure &figure : FigureScanner(part.text).scan()) {
        bool backed = false;
        bool tainted = false;
        switch (figure.type) {
        case Figure::Type::Amount:
            backed = anyNumber(facts.amounts, figure.number);
            tainted = anyNumber(facts.taintedNumbers, figure.number);
            break;
        case Figure::Type::Percent:
            backed = anyNumber(facts.percentages, figure.number);
            tainted = anyNumber(facts.taintedNumbers, figure.number);
            break;
        case Figure::Type::Date:
            backed = anyDate(facts.dates, figure.dates);
            tainted = anyDate(facts.taintedDates, figure.dates);
            break;
        }
        if (backed || reported.contains(figure.text))
            continue;
        reported.insert(figure.text);
        if (tainted) {
            obeyed.append(
                finding(Kind::InjectionEcho, Severity::Blocking, figure.text,
                        QCoreApplication::translate(
                            "ComplianceChecker",
                            "“%1” comes only from instructions planted in the CRM data; remove it.")
                            .arg(figure.text)));
        } else {
            unverified.append(finding(
                Kind::UnverifiedFigure, Severity::Warning, figure.text,
                QCoreApplication::translate("ComplianceChecker",
                                            "“%1” appears nowhere in the CRM data; check it or "
                                            "remove it.")
                    .arg(figure.text)));
        }
    }
}

void checkInjection(const Part &part, const ContextFacts &facts,
                    QList<ComplianceFinding> &findings) {
    // Word ranges [first, last] that repeat an instruction or copy a span of a text containing one.
    QList<std::pair<qsizetype, qsizetype>> ranges;
    const JoinedWords joined(part.words);
    auto it = instructionPattern().globalMatch(joined.text);
    while (it.hasNext()) {
        const auto match = it.next();
        ranges.append(
            {joined.wordAt(match.capturedStart()), joined.wordAt(match.capturedEnd() - 1)});
    }
    constexpr qsizetype span = ContextFacts::InjectedSpanWords;
    for (qsizetype i = 0; i + span <= part.words.size(); ++i) {
        QStringList words;
        for (qsizetype j = 0; j < span; ++j)
            words.append(part.words[i + j].folded);
        const QString key = words.join(u' ');
        const bool copied =
            std::any_of(facts.injectedSpans.cbegin(), facts.injectedSpans.cend(),
                        [&](const QSet<QString> &spans) { return spans.contains(key); });
        if (copied)
            ranges.append({i, i + span - 1});
    }
    std::sort(ranges.begin(), ranges.end());
    QList<std::pair<qsizetype, qsizetype>> merged;
    for (const auto &range : ranges) {
        if (!merged.isEmpty() && range.first <= merged.last().second + 1)
            merged.last().second = std::max(merged.last().second, range.second);
        else
            merged.append(range);
    }
    for (const auto &[first, last] : merged) {
        const qsizetype start = part.words[first].start;
        const QString text = part.text.mid(start, part.words[last].end - start);
        findings.append(finding(
            Kind::InjectionEcho, Severity::Blocking, text,
            QCoreApplication::translate("ComplianceChecker",
                                        "The draft repeats instructions planted in the CRM data "
                                        "(“%1”); remove them and do not act on them.")
                .arg(text)));
    }

    const QString lower = part.text.toLower();
    for (const QString &address : facts.taintedAddresses) {
        if (facts.trustedAddresses.contains(address) || !lower.contains(address))
            continue;
        const qsizetype at = lower.indexOf(address);
        const QString text = part.text.mid(at, address.size());
        findings.append(
            finding(Kind::InjectionEcho, Severity::Blocking, text,
                    QCoreApplication::translate(
                        "ComplianceChecker",
                        "“%1” comes only from instructions planted in the CRM data; remove it.")
                        .arg(text)));
    }
}

} // namespace

ComplianceSettings ComplianceSettings::load(const QSettings &settings) {
    ComplianceSettings result;
    if (settings.contains(u"compliance/bannedPhrases"_s))
        result.bannedPhrases = settings.value(u"compliance/bannedPhrases"_s).toStringList();
    result.requiredOptOutLine = settings.value(u"compliance/optOutLine"_s).toString();
    bool ok = false;
    const int minLength = settings.value(u"compliance/minLength"_s).toInt(&ok);
    if (ok && minLength >= 0)
        result.minLength = minLength;
    const int maxLength = settings.value(u"compliance/maxLength"_s).toInt(&ok);
    if (ok && maxLength > 0)
        result.maxLength = maxLength;
    return result;
}

void ComplianceSettings::save(QSettings &settings) const {
    settings.setValue(u"compliance/bannedPhrases"_s, bannedPhrases);
    settings.setValue(u"compliance/optOutLine"_s, requiredOptOutLine);
    settings.setValue(u"compliance/minLength"_s, minLength);
    settings.setValue(u"compliance/maxLength"_s, maxLength);
}

std::optional<ComplianceFinding>
ComplianceChecker::refuseBeforeGeneration(const OutreachContext &context) {
    const ProspectHistory::Prospect &prospect = context.prospect.prospect;
    if (!prospect.doNotContact)
        return std::nullopt;
    return finding(Kind::DoNotContact, Severity::Blocking, prospect.name,
                   QCoreApplication::translate("ComplianceChecker",
                                               "%1 is marked do-not-contact in the CRM: no "
                                               "outreach may be sent to them.")
                       .arg(prospect.name));
}

QList<ComplianceFinding> ComplianceChecker::check(const QString &subject, const QString &message,
                                                  const OutreachContext &context,
                                                  const ComplianceSettings &settings) {
    QList<ComplianceFinding> findings;
    if (auto refused = refuseBeforeGeneration(context))
        findings.append(*refused);

    // A runaway answer (megabytes from an endpoint that would not stop) is no message: say so,
    // blocking, instead of spending seconds on checks whose verdict cannot change that.
    const qsizetype size = subject.size() + message.size();
    if (size > std::max<qsizetype>(UncheckedSizeLimit, qsizetype(settings.maxLength) * 10)) {
        findings.append(finding(
            Kind::TooLong, Severity::Blocking, QString::number(message.trimmed().size()),
            QCoreApplication::translate("ComplianceChecker",
                                        "The text has %1 characters, far more than a message "
                                        "(the maximum is %2). Cut it down to have it checked.")
                .arg(message.trimmed().size())
                .arg(settings.maxLength)));
        return findings;
    }

    const std::array<Part, 2> parts{Part{subject, wordsOf(subject)},
                                    Part{message, wordsOf(message)}};
    for (const Part &part : parts)
        checkPlaceholders(part, findings);
    for (const Part &part : parts)
        checkBannedPhrases(part, settings.bannedPhrases, findings);

    const QStringList optOut = foldedWords(settings.requiredOptOutLine);
    if (!optOut.isEmpty() && findSequence(parts[1].words, optOut).isEmpty()) {
        findings.append(
            finding(Kind::MissingOptOut, Severity::Blocking, settings.requiredOptOutLine,
                    QCoreApplication::translate("ComplianceChecker",
                                                "Add the workspace's opt-out line: “%1”.")
                        .arg(settings.requiredOptOutLine)));
    }

    const qsizetype length = message.trimmed().size();
    if (length < settings.minLength) {
        findings.append(
            finding(Kind::TooShort, Severity::Warning, QString::number(length),
                    QCoreApplication::translate("ComplianceChecker",
                                                "The message has %1 characters; the minimum is %2.")
                        .arg(length)
                        .arg(settings.minLength)));
    } else if (length > settings.maxLength) {
        findings.append(
            finding(Kind::TooLong, Severity::Warning, QString::number(length),
                    QCoreApplication::translate("ComplianceChecker",
                                                "The message has %1 characters; the maximum is %2.")
                        .arg(length)
                        .arg(settings.maxLength)));
    }

    const ContextFacts facts = factsOf(context);
    QList<ComplianceFinding> obeyed;
    QSet<QString> reported;
    for (const Part &part : parts)
        checkFigures(part, facts, findings, obeyed, reported);
    findings.append(obeyed);
    for (const Part &part : parts)
        checkInjection(part, facts, findings);
    return findings;
}
