// SPDX-License-Identifier: GPL-3.0-or-later
#include "domain/OutreachActivity.h"

#include "domain/JsonReader.h"

#include <QJsonArray>
#include <QLocale>

using namespace Qt::StringLiterals;

Result<OutreachActivity> OutreachActivity::fromJson(const QJsonObject &json) {
    JsonReader reader(json, u"outreach activity"_s);
    OutreachActivity activity;
    activity.messageId = reader.requiredString(u"message_id"_s);
    reader.setEntityId(activity.messageId);
    activity.type = reader.requiredString(u"type"_s);
    activity.subject = reader.optionalString(u"subject"_s);
    activity.content = reader.requiredString(u"content"_s);

    if (const auto metadataJson = reader.optionalObject(u"metadata"_s)) {
        JsonReader nested(*metadataJson, u"outreach activity"_s, activity.messageId,
                          u"metadata."_s);
        Metadata &metadata = activity.metadata;
        metadata.usedContext = nested.optionalStringList(u"used_context"_s);
        metadata.confidence = nested.optionalNumber(u"confidence"_s);
        if (metadata.confidence && !(*metadata.confidence >= 0 && *metadata.confidence <= 1)) {
            nested.fail(u"confidence"_s,
                        u"must lie between 0 and 1, not %1"_s.arg(QString::number(
                            *metadata.confidence, 'g', QLocale::FloatingPointShortest)));
        }
        metadata.suggestedFollowUp = nested.optionalString(u"suggested_follow_up"_s);
        metadata.model = nested.optionalString(u"model"_s);
        metadata.prompt = nested.optionalString(u"prompt"_s);
        metadata.preset = nested.optionalString(u"preset"_s);
        metadata.tone = nested.optionalString(u"tone"_s);
        reader.adopt(nested);
    }
    activity.createdAt = reader.requiredTimestamp(u"created_at"_s);

    if (!reader.ok())
        return reader.error();
    return activity;
}

QJsonObject OutreachActivity::toJson() const {
    QJsonObject metadataJson{
        {u"used_context"_s, QJsonArray::fromStringList(metadata.usedContext)},
        {u"suggested_follow_up"_s, metadata.suggestedFollowUp},
        {u"model"_s, metadata.model},
        {u"prompt"_s, metadata.prompt},
    };
    if (metadata.confidence)
        metadataJson.insert(u"confidence"_s, *metadata.confidence);
    // Local additions: absent rather than "" when unset, so older payloads round-trip unchanged.
    if (!metadata.preset.isEmpty())
        metadataJson.insert(u"preset"_s, metadata.preset);
    if (!metadata.tone.isEmpty())
        metadataJson.insert(u"tone"_s, metadata.tone);
    return QJsonObject{
        {u"message_id"_s, messageId},  {u"type"_s, type},
        {u"subject"_s, subject},       {u"content"_s, content},
        {u"metadata"_s, metadataJson}, {u"created_at"_s, JsonReader::timestampString(createdAt)},
    };
}
