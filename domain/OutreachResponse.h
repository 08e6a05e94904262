// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/ComplianceFinding.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

// A generation as the rep sees it once it has been checked: the message and subject, and what the
// rep needs to judge them (the context used, a confidence with how it was reached, a suggested
// follow-up, token usage, what context had to be dropped, and every compliance finding).
struct OutreachResponse {
    struct Usage {
        int promptTokens = 0;
        int completionTokens = 0;
        int totalTokens = 0;
        bool operator==(const Usage &) const = default;
    };

    struct Metadata {
        QStringList usedContext;         // only ids that exist in the context
        double confidence = 0.0;         // 0..1
        bool confidenceEstimated = true; // no token log-probabilities behind it
        QString confidenceExplanation;
        QString suggestedFollowUp;
        QString model;
        std::optional<Usage> usage;
        QStringList droppedContext;
        QList<ComplianceFinding> findings;
        QString finishReason;
        QString requestId;
        bool structured = true;
        bool operator==(const Metadata &) const = default;
    };

    QString subject;
    QString message;
    Metadata metadata;

    // Ready to send: a message that is not empty, and no blocking finding.
    bool isReady() const;
    // For --json, logs and autosaved drafts.
    QJsonObject toJson() const;
    // Reads toJson()'s output back (our own stored drafts); anything missing keeps its default
    // and a finding of an unknown kind is left out.
    static OutreachResponse fromJson(const QJsonObject &json);

    bool operator==(const OutreachResponse &) const = default;
};
