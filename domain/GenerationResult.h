// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/BuiltPrompt.h"
#include "domain/OutreachError.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

// What one generation produced: the text (complete, or as far as it got), what the model said
// about it, and how the exchange went. A failed or stopped generation keeps its partial text.
struct GenerationResult {
    struct Usage {
        int promptTokens = 0;
        int completionTokens = 0;
        int totalTokens = 0;
    };

    QString subject;
    QString message;
    QStringList usedContext; // as the model cited them; checked later against the context
    QString suggestedFollowUp;
    std::optional<QList<double>> logprobs; // one per generated token, when the endpoint gave them
    std::optional<Usage> usage;
    QString model;
    QString finishReason; // "stop", "length", … ; empty when the stream was cut
    QString requestId;
    bool structured = true; // json_schema output; false after the endpoint refused it
    BuiltPrompt prompt;     // what was sent (dropped context included)
    std::optional<OutreachError> error;

    bool ok() const { return !error.has_value(); }
};
