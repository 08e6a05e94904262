// SPDX-License-Identifier: GPL-3.0-or-later
#include "domain/EffectivenessMetrics.h"

#include "domain/EnumTable.h"
#include "domain/JsonReader.h"

#include <QCoreApplication>
#include <QJsonValue>

using namespace Qt::StringLiterals;

namespace {

// None is deliberately not in the table: on the wire it is null, never a name.
constexpr EnumTable sentimentNames{std::array{
    std::pair{EffectivenessMetrics::Sentiment::Positive, "positive"},
    std::pair{EffectivenessMetrics::Sentiment::Neutral, "neutral"},
    std::pair{EffectivenessMetrics::Sentiment::Negative, "negative"},
}};

} // namespace

QString EffectivenessMetrics::sentimentName(Sentiment sentiment) {
    return sentimentNames.name(sentiment);
}

std::optional<EffectivenessMetrics::Sentiment>
EffectivenessMetrics::sentimentFromName(const QString &name) {
    return sentimentNames.value(name);
}

QString EffectivenessMetrics::sentimentLabel(Sentiment sentiment) {
    switch (sentiment) {
    case Sentiment::None:
        return QCoreApplication::translate("EffectivenessMetrics", "Not rated");
    case Sentiment::Positive:
        return QCoreApplication::translate("EffectivenessMetrics", "Positive");
    case Sentiment::Neutral:
        return QCoreApplication::translate("EffectivenessMetrics", "Neutral");
    case Sentiment::Negative:
        return QCoreApplication::translate("EffectivenessMetrics", "Negative");
    }
    return {};
}

Result<EffectivenessMetrics> EffectivenessMetrics::fromJson(const QJsonObject &json,
                                                            const QString &messageId) {
    JsonReader reader(json, u"effectiveness metrics"_s, messageId);
    EffectivenessMetrics metrics;
    metrics.sentAt = reader.optionalTimestamp(u"sent_at"_s);
    metrics.opened = reader.optionalBool(u"opened"_s, false);
    metrics.openCount = reader.optionalCount(u"open_count"_s).value_or(0);
    metrics.clicked = reader.optionalBool(u"clicked"_s, false);
    metrics.replied = reader.optionalBool(u"replied"_s, false);
    // Null and absent both mean "no sentiment"; a name, when given, must be a known one.
    const QJsonValue sentiment = json.value(u"reply_sentiment"_s);
    if (!sentiment.isNull() && !sentiment.isUndefined())
        metrics.replySentiment =
            reader.requiredEnum(u"reply_sentiment"_s, sentimentNames).value_or(Sentiment::None);
    metrics.meetingBooked = reader.optionalBool(u"meeting_booked"_s, false);
    metrics.updatedAt = reader.requiredTimestamp(u"updated_at"_s);

    if (!reader.ok())
        return reader.error();
    return metrics;
}

QJsonObject EffectivenessMetrics::toJson() const {
    return QJsonObject{
        {u"sent_at"_s,
         sentAt ? QJsonValue(JsonReader::timestampString(*sentAt)) : QJsonValue(QJsonValue::Null)},
        {u"opened"_s, opened},
        {u"open_count"_s, openCount},
        {u"clicked"_s, clicked},
        {u"replied"_s, replied},
        {u"reply_sentiment"_s, replySentiment == Sentiment::None
                                   ? QJsonValue(QJsonValue::Null)
                                   : QJsonValue(sentimentName(replySentiment))},
        {u"meeting_booked"_s, meetingBooked},
        {u"updated_at"_s, JsonReader::timestampString(updatedAt)},
    };
}
