// SPDX-License-Identifier: GPL-3.0-or-later
#include "domain/OutreachResponse.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

bool OutreachResponse::isReady() const {
    return !message.trimmed().isEmpty()
           && std::none_of(metadata.findings.cbegin(), metadata.findings.cend(),
                           [](const ComplianceFinding &finding) {
                               return finding.severity == ComplianceFinding::Severity::Blocking;
                           });
}

QJsonObject OutreachResponse::toJson() const {
    QJsonArray findings;
    for (const ComplianceFinding &finding : metadata.findings) {
        findings.append(QJsonObject{
            {u"kind"_s, ComplianceFinding::kindName(finding.kind)},
            {u"severity"_s, ComplianceFinding::severityName(finding.severity)},
            {u"text"_s, finding.text},
            {u"advice"_s, finding.advice},
        });
    }
    QJsonObject meta{
        {u"used_context"_s, QJsonArray::fromStringList(metadata.usedContext)},
        {u"confidence"_s, metadata.confidence},
        {u"confidence_estimated"_s, metadata.confidenceEstimated},
        {u"confidence_explanation"_s, metadata.confidenceExplanation},
        {u"suggested_follow_up"_s, metadata.suggestedFollowUp},
        {u"model"_s, metadata.model},
        {u"dropped_context"_s, QJsonArray::fromStringList(metadata.droppedContext)},
        {u"findings"_s, findings},
        {u"finish_reason"_s, metadata.finishReason},
        {u"request_id"_s, metadata.requestId},
        {u"structured"_s, metadata.structured},
        {u"ready"_s, isReady()},
    };
    if (metadata.usage) {
        meta.insert(u"usage"_s,
                    QJsonObject{{u"prompt_tokens"_s, metadata.usage->promptTokens},
                                {u"completion_tokens"_s, metadata.usage->completionTokens},
                                {u"total_tokens"_s, metadata.usage->totalTokens}});
    }
    return QJsonObject{{u"subject"_s, subject}, {u"message"_s, message}, {u"metadata"_s, meta}};
}

OutreachResponse OutreachResponse::fromJson(const QJsonObject &json) {
    const auto strings = [](const QJsonValue &value) {
        QStringList out;
        for (const QJsonValue &item : value.toArray())
            out.append(item.toString());
        return out;
    };
    OutreachResponse response;
    response.subject = json.value(u"subject"_s).toString();
    response.message = json.value(u"message"_s).toString();
    const QJsonObject meta = json.value(u"metadata"_s).toObject();
    Metadata &m = response.metadata;
    m.usedContext = strings(meta.value(u"used_context"_s));
    m.confidence = meta.value(u"confidence"_s).toDouble();
    m.confidenceEstimated = meta.value(u"confidence_estimated"_s).toBool(true);
    m.confidenceExplanation = meta.value(u"confidence_explanation"_s).toString();
    m.suggestedFollowUp = meta.value(u"suggested_follow_up"_s).toString();
    m.model = meta.value(u"model"_s).toString();
    m.droppedContext = strings(meta.value(u"dropped_context"_s));
    m.finishReason = meta.value(u"finish_reason"_s).toString();
    m.requestId = meta.value(u"request_id"_s).toString();
    m.structured = meta.value(u"structured"_s).toBool(true);
    if (meta.value(u"usage"_s).isObject()) {
        const QJsonObject usage = meta.value(u"usage"_s).toObject();
        m.usage = Usage{usage.value(u"prompt_tokens"_s).toInt(),
                        usage.value(u"completion_tokens"_s).toInt(),
                        usage.value(u"total_tokens"_s).toInt()};
    }
    for (const QJsonValue &value : meta.value(u"findings"_s).toArray()) {
        const QJsonObject object = value.toObject();
        const auto kind = ComplianceFinding::kindFromName(object.value(u"kind"_s).toString());
        const auto severity =
            ComplianceFinding::severityFromName(object.value(u"severity"_s).toString());
        if (!kind || !severity)
            continue;
        m.findings.append(ComplianceFinding{*kind, *severity, object.value(u"text"_s).toString(),
                                            object.value(u"advice"_s).toString()});
    }
    return response;
}
