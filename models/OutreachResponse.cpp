#include "OutreachResponse.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

bool OutreachResponse::isReady() const {
    return std::none_of(metadata.findings.cbegin(), metadata.findings.cend(),
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
