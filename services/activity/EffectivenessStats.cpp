// SPDX-License-Identifier: GPL-3.0-or-later
#include "activity/EffectivenessStats.h"

#include "domain/MessageStyle.h"
#include "domain/PromptPreset.h"
#include "storage/CacheStore.h"
#include "storage/OutcomeReader.h"

#include <QHash>
#include <QMap>
#include <QSaveFile>
#include <QStringList>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace {

using Stats = EffectivenessStats;

void count(Stats::Group &group, const MessageOutcome &message) {
    ++group.sent;
    if (message.bounced) {
        ++group.bounced;
        return;
    }
    ++group.delivered;
    group.replies += message.replied ? 1 : 0;
    group.positiveReplies += message.repliedPositively() ? 1 : 0;
    group.meetings += message.meetingBooked ? 1 : 0;
    group.opens += message.opened || message.openCount > 0 ? 1 : 0;
}

QDate mondayOf(const QDateTime &time) {
    const QDate day = time.toUTC().date();
    return day.addDays(1 - day.dayOfWeek());
}

// "first_outreach" → "First outreach": presets are recorded by wire name.
QString humanised(const QString &name) {
    QString text = name;
    text.replace(u'_', u' ');
    if (!text.isEmpty())
        text[0] = text.at(0).toUpper();
    return text;
}

QString groupLabel(Stats::Dimension dimension, const QString &key, const QDate &weekStart) {
    switch (dimension) {
    case Stats::Dimension::Overall:
        return EffectivenessStats::tr("All messages");
    case Stats::Dimension::Week:
        return QLocale().toString(weekStart, QLocale::ShortFormat);
    case Stats::Dimension::Preset:
        if (key.isEmpty())
            return EffectivenessStats::tr("Own request (no preset)");
        if (const auto preset = PromptPreset::fromName(key))
            return PromptPreset::label(*preset);
        return humanised(key);
    case Stats::Dimension::Category:
        return key.isEmpty() ? EffectivenessStats::tr("Uncategorised") : key;
    case Stats::Dimension::Tone:
        if (key.isEmpty())
            return EffectivenessStats::tr("Not recorded");
        if (const auto tone = MessageStyle::toneFromName(key))
            return MessageStyle::label(*tone);
        return humanised(key);
    }
    return key;
}

QList<Stats::Group> breakdownBy(const QList<const MessageOutcome *> &sent,
                                Stats::Dimension dimension,
                                QString (*keyOf)(const MessageOutcome &)) {
    QHash<QString, Stats::Group> groups;
    for (const MessageOutcome *message : sent) {
        const QString key = keyOf(*message);
        auto it = groups.find(key);
        if (it == groups.end()) {
            Stats::Group group;
            group.dimension = dimension;
            group.key = key;
            group.label = groupLabel(dimension, key, {});
            it = groups.insert(key, group);
        }
        count(*it, *message);
    }
    QList<Stats::Group> list = groups.values();
    std::sort(list.begin(), list.end(), [](const Stats::Group &a, const Stats::Group &b) {
        if (a.delivered != b.delivered)
            return a.delivered > b.delivered;
        if (a.sent != b.sent)
            return a.sent > b.sent;
        return a.label.localeAwareCompare(b.label) < 0;
    });
    return list;
}

QString fraction(const std::optional<double> &value) {
    return value ? QString::number(*value, 'f', 4) : QString();
}

} // namespace

std::optional<double> EffectivenessStats::Proportion::value() const {
    if (n <= 0)
        return std::nullopt;
    return double(successes) / n;
}

EffectivenessStats::Proportion EffectivenessStats::Group::rate(Rate rate) const {
    switch (rate) {
    case Rate::Reply:
        return {replies, delivered};
    case Rate::PositiveReply:
        return {positiveReplies, delivered};
    case Rate::Meeting:
        return {meetings, delivered};
    case Rate::Open:
        return {opens, delivered};
    }
    return {};
}

const QList<EffectivenessStats::Group> &
EffectivenessStats::Summary::breakdown(Dimension dimension) const {
    switch (dimension) {
    case Dimension::Preset:
        return byPreset;
    case Dimension::Category:
        return byCategory;
    case Dimension::Tone:
        return byTone;
    case Dimension::Overall:
    case Dimension::Week:
        break;
    }
    return weeks;
}

EffectivenessStats::Summary EffectivenessStats::compute(const QList<MessageOutcome> &messages) {
    Summary summary;
    summary.overall.dimension = Dimension::Overall;
    summary.overall.label = groupLabel(Dimension::Overall, {}, {});
    QList<const MessageOutcome *> sent;
    QMap<QDate, Group> weeks;
    for (const MessageOutcome &message : messages) {
        if (!message.isSent()) {
            ++summary.notSent;
            continue;
        }
        sent.append(&message);
        count(summary.overall, message);
        const QDate monday = mondayOf(*message.sentAt);
        auto it = weeks.find(monday);
        if (it == weeks.end()) {
            Group week;
            week.dimension = Dimension::Week;
            week.weekStart = monday;
            week.key = monday.toString(Qt::ISODate);
            week.label = groupLabel(Dimension::Week, week.key, monday);
            it = weeks.insert(monday, week);
        }
        count(*it, message);
    }
    summary.weeks = weeks.values(); // QMap: oldest first
    summary.byPreset =
        breakdownBy(sent, Dimension::Preset, [](const MessageOutcome &m) { return m.preset; });
    summary.byCategory =
        breakdownBy(sent, Dimension::Category, [](const MessageOutcome &m) { return m.category; });
    summary.byTone =
        breakdownBy(sent, Dimension::Tone, [](const MessageOutcome &m) { return m.tone; });
    return summary;
}

Result<EffectivenessStats::Summary> EffectivenessStats::load(const CacheStore &cache) {
    Result<QList<MessageOutcome>> messages = OutcomeReader::all(cache);
    if (!messages.ok())
        return messages.error();
    return compute(messages.value());
}

QString EffectivenessStats::rateName(Rate rate) {
    switch (rate) {
    case Rate::Reply:
        return u"reply_rate"_s;
    case Rate::PositiveReply:
        return u"positive_reply_rate"_s;
    case Rate::Meeting:
        return u"meeting_rate"_s;
    case Rate::Open:
        return u"open_rate_unreliable"_s;
    }
    return {};
}

QString EffectivenessStats::rateLabel(Rate rate) {
    switch (rate) {
    case Rate::Reply:
        return tr("Reply rate");
    case Rate::PositiveReply:
        return tr("Positive-reply rate");
    case Rate::Meeting:
        return tr("Meeting rate");
    case Rate::Open:
        return tr("Open rate (unreliable)");
    }
    return {};
}

QString EffectivenessStats::dimensionName(Dimension dimension) {
    switch (dimension) {
    case Dimension::Overall:
        return u"all"_s;
    case Dimension::Week:
        return u"week"_s;
    case Dimension::Preset:
        return u"preset"_s;
    case Dimension::Category:
        return u"category"_s;
    case Dimension::Tone:
        return u"tone"_s;
    }
    return {};
}

QString EffectivenessStats::dimensionLabel(Dimension dimension) {
    switch (dimension) {
    case Dimension::Overall:
        return tr("All messages");
    case Dimension::Week:
        return tr("Week");
    case Dimension::Preset:
        return tr("Prompt preset");
    case Dimension::Category:
        return tr("Ticket category");
    case Dimension::Tone:
        return tr("Tone");
    }
    return {};
}

QString EffectivenessStats::formatPercent(double fraction, const QLocale &locale) {
    //: A whole percentage, e.g. "38 %".
    return tr("%1 %").arg(locale.toString(std::lround(fraction * 100)));
}

QString EffectivenessStats::formatProportion(const Proportion &proportion, const QLocale &locale) {
    const std::optional<double> value = proportion.value();
    if (!value)
        return tr("no data (n = 0)");
    const WilsonInterval interval = proportion.interval();
    //: Rate, then its 95 % interval and the sample size: "38 % (27–50 %, n = 64)".
    return tr("%1 % (%2–%3 %, n = %4)")
        .arg(locale.toString(std::lround(*value * 100)),
             locale.toString(std::lround(interval.low * 100)),
             locale.toString(std::lround(interval.high * 100)), locale.toString(proportion.n));
}

QString EffectivenessStats::csvField(const QString &text) {
    QString field = text;
    if (!field.isEmpty()
        && (field.front() == u'=' || field.front() == u'+' || field.front() == u'-'
            || field.front() == u'@' || field.front() == u'\t' || field.front() == u'\r'))
        field.prepend(u'\'');
    if (field.contains(u',') || field.contains(u'"') || field.contains(u'\r')
        || field.contains(u'\n')) {
        field.replace(u"\""_s, u"\"\""_s);
        field = u'"' + field + u'"';
    }
    return field;
}

QString EffectivenessStats::toCsv(const Summary &summary) {
    static const QString lineEnd = u"\r\n"_s;
    QStringList header{u"dimension"_s, u"group"_s, u"label"_s,   u"sent"_s,
                       u"bounced"_s,   u"n"_s,     u"replies"_s, u"positive_replies"_s,
                       u"meetings"_s,  u"opens"_s};
    for (const Rate rate : AllRates) {
        const QString name = rateName(rate);
        header << name << name + u"_ci95_low"_s << name + u"_ci95_high"_s;
    }
    QString csv = header.join(u',') + lineEnd;

    const auto row = [&](const Group &group) {
        QStringList fields{dimensionName(group.dimension),  csvField(group.key),
                           csvField(group.label),           QString::number(group.sent),
                           QString::number(group.bounced),  QString::number(group.delivered),
                           QString::number(group.replies),  QString::number(group.positiveReplies),
                           QString::number(group.meetings), QString::number(group.opens)};
        for (const Rate rate : AllRates) {
            const Proportion proportion = group.rate(rate);
            const std::optional<double> value = proportion.value();
            const WilsonInterval interval = proportion.interval();
            fields << fraction(value)
                   << fraction(value ? std::optional(interval.low) : std::nullopt)
                   << fraction(value ? std::optional(interval.high) : std::nullopt);
        }
        csv += fields.join(u',') + lineEnd;
    };
    row(summary.overall);
    for (const Group &week : summary.weeks)
        row(week);
    for (const Dimension dimension : Breakdowns) {
        for (const Group &group : summary.breakdown(dimension))
            row(group);
    }
    return csv;
}

Result<void> EffectivenessStats::exportCsv(const Summary &summary, const QString &path) {
    QSaveFile file(path);
    const auto failed = [&] {
        return OutreachError(OutreachError::Code::Storage,
                             tr("Could not write %1: %2").arg(path, file.errorString()));
    };
    if (!file.open(QIODevice::WriteOnly))
        return failed();
    if (file.write(toCsv(summary).toUtf8()) < 0)
        return failed();
    if (!file.commit())
        return failed();
    return {};
}
