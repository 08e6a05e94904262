// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/OutreachContext.h"
#include "review/Figure.h"

#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>

class QDateTime;
class QTimeZone;

// What a context backs, for the checks that compare a draft with it: the figures the CRM data
// gives, and the figures, addresses and wording that only instructions planted in it ask for.
struct ContextFacts {
    // Copying this many words of a text with planted instructions is repeating it.
    static constexpr qsizetype InjectedSpanWords = 8;

    QList<double> amounts;
    QList<double> percentages;
    QList<Figure::Date> dates;
    QList<double> taintedNumbers;
    QList<Figure::Date> taintedDates;
    QStringList taintedAddresses; // lower-case e-mail addresses and URLs
    // The prospect's and the assignee's own addresses: planted text may name them too, and a draft
    // may still use them. Other addresses in the same CRM text are no excuse, as an injected
    // message usually carries its sender's address in its header too.
    QStringList trustedAddresses;
    QList<QSet<QString>>
        injectedSpans; // per tainted text: its InjectedSpanWords-word spans, folded

    // From the texts of the ticket, project, prospect history, interactions and the rep's
    // messages that worked, the project's value and key dates, and the timestamps (each on its
    // day in UTC and in the prospect's time zone, where the draft is read).
    static ContextFacts of(const OutreachContext &context);

private:
    void addDate(const QDateTime &dateTime, const QTimeZone &zone);
    void addText(const QString &text);
};
