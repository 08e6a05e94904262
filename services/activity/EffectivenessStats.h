// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "activity/WilsonInterval.h"
#include "domain/MessageOutcome.h"
#include "domain/Result.h"

#include <QCoreApplication>
#include <QDate>
#include <QList>
#include <QLocale>
#include <QString>

#include <array>
#include <optional>

class CacheStore;

// How the rep's messages do, from the local records (OutcomeReader): reply rate, positive-reply
// rate, meeting rate and open rate, per week and broken down by prompt preset, ticket category
// and tone, each with its sample size and a 95 % Wilson interval, so that a difference which is
// only noise can be seen as such. No widgets: EffectivenessView shows it, exportCsv writes it.
//
// Counting rules: a message counts once it has gone out (MessageOutcome::isSent). A bounced
// message never reached anyone and says nothing about the text, so the denominator n of every
// rate is the delivered messages (sent minus bounced). A reply whose sentiment nobody rated
// counts as a reply but not as a positive one. Open rates are unreliable: mail clients'
// privacy protection fetches tracking images without anyone reading the message.
class EffectivenessStats {
    Q_DECLARE_TR_FUNCTIONS(EffectivenessStats)

public:
    enum class Rate { Reply, PositiveReply, Meeting, Open };
    static constexpr std::array AllRates{Rate::Reply, Rate::PositiveReply, Rate::Meeting,
                                         Rate::Open};
    enum class Dimension { Overall, Week, Preset, Category, Tone };
    static constexpr std::array Breakdowns{Dimension::Preset, Dimension::Category, Dimension::Tone};

    // `successes` of `n` delivered messages.
    struct Proportion {
        int successes = 0;
        int n = 0;
        // Empty when n = 0: no rate, rather than a made-up 0 %.
        std::optional<double> value() const;
        WilsonInterval interval() const { return WilsonInterval::of(successes, n); }
        bool operator==(const Proportion &) const = default;
    };

    struct Group {
        Dimension dimension = Dimension::Overall;
        // Week: the ISO date of its Monday (UTC); Preset and Tone: the wire name; Category: as
        // the CRM wrote it. Empty for "not recorded".
        QString key;
        QString label; // translated, for display
        QDate weekStart;
        int sent = 0;
        int bounced = 0;
        int delivered = 0; // n
        int replies = 0;
        int positiveReplies = 0;
        int meetings = 0;
        int opens = 0;

        Proportion rate(Rate rate) const;
        bool operator==(const Group &) const = default;
    };

    struct Summary {
        Group overall;
        QList<Group> weeks; // oldest first; only weeks in which something was sent
        QList<Group> byPreset;
        QList<Group> byCategory;
        QList<Group> byTone; // each breakdown: largest n first, then by label
        int notSent = 0;     // stored messages not (yet) known to have gone out

        const QList<Group> &breakdown(Dimension dimension) const;
        bool isEmpty() const { return overall.sent == 0; }
        bool operator==(const Summary &) const = default;
    };

    static Summary compute(const QList<MessageOutcome> &messages);
    static Result<Summary> load(const CacheStore &cache);

    static bool isReliable(Rate rate) { return rate != Rate::Open; }
    // "reply_rate", … (the CSV columns); the open rate's name says it is unreliable.
    static QString rateName(Rate rate);
    // Translated: "Reply rate", "Open rate (unreliable)".
    static QString rateLabel(Rate rate);
    // "week", "preset", "category", "tone", "all" (the CSV's first column).
    static QString dimensionName(Dimension dimension);
    // Translated: "Prompt preset", "Ticket category", "Tone", "Week", "All messages".
    static QString dimensionLabel(Dimension dimension);
    // "38 % (27–50 %, n = 64)"; "no data (n = 0)".
    static QString formatProportion(const Proportion &proportion,
                                    const QLocale &locale = QLocale());
    // "38 %" (whole percent: the samples are too small for decimals).
    static QString formatPercent(double fraction, const QLocale &locale = QLocale());

    // One header row, then a row per group (all, each week, each preset, category and tone):
    // RFC 4180 (CRLF, fields quoted when they need it, quotes doubled), UTF-8, rates as decimal
    // fractions with a '.' whatever the locale, empty when n = 0.
    static QString toCsv(const Summary &summary);
    // Writes toCsv() to `path` atomically (a failed write leaves an existing file as it was).
    static Result<void> exportCsv(const Summary &summary, const QString &path);
    // One CSV field: quoted when it holds a comma, quote, CR or LF. A text that a spreadsheet
    // would run as a formula (starting with =, +, -, @, tab or CR; category names come from the
    // CRM) gets a leading apostrophe first.
    static QString csvField(const QString &text);
};
