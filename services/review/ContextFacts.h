// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/OutreachContext.h"
#include "review/ContactDetailScanner.h"
#include "review/ContextSource.h"
#include "review/Figure.h"

#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>

class QDateTime;
class QTimeZone;

// What a context backs, for the checks that compare a draft with it: every figure, date, link,
// address and phone number it gives, the people it names and the offers it mentions, each with
// the source it came from — so a fact that only outsider-written text gives can be told from one
// the CRM itself, the rep or the workspace gives.
struct ContextFacts {
    // Copying this many words of a text with planted instructions is repeating it.
    static constexpr qsizetype InjectedSpanWords = 8;

    // What the rep and the workspace add to the CRM's data: also trusted.
    struct Trusted {
        QString repRequest; // what the rep asked for
        QString optOutLine; // the workspace's required opt-out line
        QString senderName; // how the rep signs
    };

    struct Fact {
        Figure figure; // start and end within its source's text; both 0 for a structured field
        qsizetype source = 0;
    };
    struct Detail {
        ContactDetailScanner::Detail detail;
        qsizetype source = 0;
    };
    struct Offer {
        qsizetype source = 0;
        qsizetype start = 0;
        qsizetype end = 0;
    };

    QList<ContextSource> sources;
    QList<Fact> facts;
    QList<Detail> details;
    QList<Offer> offers;
    // The prospect, the interactions' authors and the people the context names ("Jonas Weber
    // from our IT will join"): whom a greeting may address.
    QStringList people;
    // The rep (the ticket's assignee, the name set in the settings) and the colleagues who wrote
    // to the prospect or logged notes: who may sign.
    QStringList team;
    // Whether the rep's own name is known, which a sign-off is judged by.
    bool repKnown = false;
    // Per outsider text with planted instructions: its source and InjectedSpanWords-word spans,
    // folded.
    struct InjectedText {
        qsizetype source = 0;
        QSet<QString> spans;
    };
    QList<InjectedText> injectedSpans;
    // The same for each internal text, which a draft must not quote to the prospect.
    QList<InjectedText> internalSpans;

    // From the ticket, project, prospect history, interactions and the rep's messages that
    // worked, the project's value and key dates, and the timestamps (each on its day in UTC and
    // in the prospect's time zone, where the draft is read).
    static ContextFacts of(const OutreachContext &context, const Trusted &trusted = {});

    // A short quote of the source text around [start, end), for advice: "…offer a 90% discount
    // on…"; the source's label alone for a structured field.
    QString excerpt(qsizetype source, qsizetype start, qsizetype end) const;

private:
    qsizetype addSource(ContextSource::Trust trust, const QString &label, const QString &text,
                        ContextSource::Kind kind = ContextSource::Kind::Record);
    void addDate(const QDateTime &dateTime, const QTimeZone &zone, qsizetype source);
    void addText(ContextSource::Trust trust, const QString &label, const QString &text,
                 ContextSource::Kind kind = ContextSource::Kind::Record);
};
