// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/Result.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

// A generated message as stored on a ticket's history in the CRM (docs/crm-api.md
// "OutreachActivity", the body of `POST /v1/tickets/{id}/activities` and of its answer).
struct OutreachActivity {
    // How the message came about: what it drew on and how sure the model was.
    struct Metadata {
        QStringList usedContext;          // "ticket", "prospect.preferences", "interaction:I-5001"
        std::optional<double> confidence; // 0..1 when the model endpoint gave one
        QString suggestedFollowUp;
        QString model;
        QString prompt;
        // What the rep chose for the generation, so effectiveness can be compared by them. Not in
        // docs/crm-api.md (the CRM ignores unknown fields); written only when set, so an activity
        // without them reads and writes exactly as before.
        QString preset; // the prompt preset's wire name ("follow_up"); empty: the rep's own request
        QString tone;   // PromptOptions' wire name ("concise")
        bool operator==(const Metadata &) const = default;
    };

    QString messageId; // a UUID the client generated
    // Always "outreach_message" from this client; kept as read, so a stored activity round-trips.
    QString type = QStringLiteral("outreach_message");
    QString subject;
    QString content;
    Metadata metadata;
    QDateTime createdAt; // UTC

    // Required: message_id, type, content, created_at. Optional: subject and metadata (with all of
    // its fields, preset and tone included); metadata.confidence must lie in 0..1. Null counts as
    // absent. Errors name the message id and the dotted field ("metadata.confidence",
    // "metadata.used_context[1]").
    static Result<OutreachActivity> fromJson(const QJsonObject &json);
    QJsonObject toJson() const;

    bool operator==(const OutreachActivity &) const = default;
};
