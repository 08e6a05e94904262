// SPDX-License-Identifier: GPL-3.0-or-later
#include "review/FigureCheck.h"

#include "review/FigureScanner.h"

#include <QCoreApplication>
#include <QSet>

#include <algorithm>
#include <cmath>
#include <optional>

namespace {

using Kind = ComplianceFinding::Kind;
using Severity = ComplianceFinding::Severity;
using Fact = ContextFacts::Fact;

bool sameNumber(double a, double b) {
    return std::abs(a - b) <= 1e-9 * std::max(1.0, std::abs(a));
}

// A draft's date is backed by a known one when they agree on everything both give; a draft that
// names a day is not backed by a context that only names the month.
bool sameDate(const Figure::Date &draft, const Figure::Date &known) {
    if (draft.month != known.month)
        return false;
    if (draft.year != 0 && known.year != 0 && draft.year != known.year)
        return false;
    return draft.day == 0 || draft.day == known.day;
}

bool anyDate(const QList<Figure::Date> &known, const QList<Figure::Date> &dates) {
    return std::any_of(dates.cbegin(), dates.cend(), [&](const Figure::Date &date) {
        return std::any_of(known.cbegin(), known.cend(), [&](const Figure::Date &candidate) {
            return sameDate(date, candidate);
        });
    });
}

// Unknown on either side is no contradiction ("a budget of 48,000" backs "€48,000").
bool sameCurrency(const QStringList &a, const QStringList &b) {
    if (a.isEmpty() || b.isEmpty())
        return true;
    return std::any_of(a.cbegin(), a.cend(), [&](const QString &code) { return b.contains(code); });
}

bool hasValue(const Figure &known, double value) {
    return sameNumber(known.number, value) || sameNumber(known.high, value);
}

struct Verdict {
    enum class Kind { Backed, Mismatched, Outsider, Unverified };
    Kind kind = Kind::Unverified;
    const Fact *fact = nullptr; // the mismatched or outsider fact
};

Verdict judge(const ContextFacts &facts, const Figure &figure, double value, bool isDate) {
    const Fact *mismatched = nullptr;
    const Fact *outsider = nullptr;
    for (const Fact &fact : facts.facts) {
        const Figure &known = fact.figure;
        // A known amount backs a draft's percentage no more than the other way round.
        if (known.type != figure.type)
            continue;
        const bool same = isDate ? anyDate(known.dates, figure.dates) : hasValue(known, value);
        if (!same)
            continue;
        const bool currency = sameCurrency(known.currencies, figure.currencies);
        const bool trusted = facts.sources.at(fact.source).trusted();
        if (trusted && currency)
            return {Verdict::Kind::Backed, &fact};
        if (trusted && !mismatched)
            mismatched = &fact;
        if (!trusted && currency && !outsider)
            outsider = &fact;
    }
    if (mismatched)
        return {Verdict::Kind::Mismatched, mismatched};
    if (outsider)
        return {Verdict::Kind::Outsider, outsider};
    return {};
}

} // namespace

QList<ComplianceFinding> FigureCheck::check(const DraftText &draft) const {
    QList<ComplianceFinding> findings;
    QSet<QString> reported;
    for (const FoldedText *part : draft.parts()) {
        for (const Figure &figure : FigureScanner(part->text()).scan()) {
            const bool isDate = figure.type == Figure::Type::Date;
            QList<double> values{figure.number};
            if (!isDate && figure.isRange())
                values.append(figure.high);
            // The worst verdict of a range's ends is the range's.
            Verdict worst{Verdict::Kind::Backed, nullptr};
            for (const double value : values) {
                const Verdict verdict = judge(m_facts, figure, value, isDate);
                if (verdict.kind == Verdict::Kind::Backed)
                    continue;
                if (worst.kind == Verdict::Kind::Backed
                    || (verdict.kind == Verdict::Kind::Outsider
                        && worst.kind != Verdict::Kind::Outsider))
                    worst = verdict;
            }
            if (worst.kind == Verdict::Kind::Backed || reported.contains(figure.text))
                continue;
            reported.insert(figure.text);
            switch (worst.kind) {
            case Verdict::Kind::Outsider: {
                const Fact &fact = *worst.fact;
                findings.append(
                    {Kind::OutsiderFact, Severity::Blocking, figure.text,
                     QCoreApplication::translate(
                         "ComplianceChecker",
                         "“%1” comes only from text an outsider wrote (%2). Outsider text cannot "
                         "back a figure, and instructions hidden in it are how a planted offer "
                         "gets into a draft: check it against the CRM's own fields; if it is "
                         "right, name it in your request, or remove it.")
                         .arg(figure.text,
                              m_facts.excerpt(fact.source, fact.figure.start, fact.figure.end))});
                break;
            }
            case Verdict::Kind::Mismatched: {
                const Fact &fact = *worst.fact;
                findings.append(
                    {Kind::MismatchedFigure, Severity::Blocking, figure.text,
                     QCoreApplication::translate(
                         "ComplianceChecker",
                         "“%1” does not match the CRM, which gives %2 (%3). Use the CRM's "
                         "currency and unit.")
                         .arg(figure.text, fact.figure.currencies.join(u'/'),
                              m_facts.excerpt(fact.source, fact.figure.start, fact.figure.end))});
                break;
            }
            case Verdict::Kind::Unverified:
            case Verdict::Kind::Backed:
                findings.append({Kind::UnverifiedFigure, Severity::Warning, figure.text,
                                 QCoreApplication::translate(
                                     "ComplianceChecker",
                                     "“%1” appears nowhere in the CRM data; check it or remove it.")
                                     .arg(figure.text)});
                break;
            }
        }
    }
    return findings;
}
