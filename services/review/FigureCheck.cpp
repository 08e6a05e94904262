// SPDX-License-Identifier: GPL-3.0-or-later
#include "review/FigureCheck.h"

#include "review/FigureScanner.h"

#include <QCoreApplication>
#include <QSet>

#include <algorithm>
#include <cmath>

namespace {

using Kind = ComplianceFinding::Kind;
using Severity = ComplianceFinding::Severity;

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

bool anyNumber(const QList<double> &known, double number) {
    return std::any_of(known.cbegin(), known.cend(),
                       [&](double candidate) { return sameNumber(number, candidate); });
}

bool anyDate(const QList<Figure::Date> &known, const QList<Figure::Date> &dates) {
    return std::any_of(dates.cbegin(), dates.cend(), [&](const Figure::Date &date) {
        return std::any_of(known.cbegin(), known.cend(), [&](const Figure::Date &candidate) {
            return sameDate(date, candidate);
        });
    });
}

} // namespace

QList<ComplianceFinding> FigureCheck::check(const DraftText &draft) const {
    QList<ComplianceFinding> unverified;
    QList<ComplianceFinding> obeyed;
    QSet<QString> reported;
    for (const FoldedText *part : draft.parts()) {
        for (const Figure &figure : FigureScanner(part->text()).scan()) {
            bool backed = false;
            bool tainted = false;
            switch (figure.type) {
            case Figure::Type::Amount:
                backed = anyNumber(m_facts.amounts, figure.number);
                tainted = anyNumber(m_facts.taintedNumbers, figure.number);
                break;
            case Figure::Type::Percent:
                backed = anyNumber(m_facts.percentages, figure.number);
                tainted = anyNumber(m_facts.taintedNumbers, figure.number);
                break;
            case Figure::Type::Date:
                backed = anyDate(m_facts.dates, figure.dates);
                tainted = anyDate(m_facts.taintedDates, figure.dates);
                break;
            }
            if (backed || reported.contains(figure.text))
                continue;
            reported.insert(figure.text);
            if (tainted) {
                obeyed.append({Kind::InjectionEcho, Severity::Blocking, figure.text,
                               QCoreApplication::translate("ComplianceChecker",
                                                           "“%1” comes only from instructions "
                                                           "planted in the CRM data; remove it.")
                                   .arg(figure.text)});
            } else {
                unverified.append({Kind::UnverifiedFigure, Severity::Warning, figure.text,
                                   QCoreApplication::translate("ComplianceChecker",
                                                               "“%1” appears nowhere in the CRM "
                                                               "data; check it or remove it.")
                                       .arg(figure.text)});
            }
        }
    }
    return unverified + obeyed;
}
