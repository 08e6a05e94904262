// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/BuiltPrompt.h"
#include "domain/MessageStyle.h"
#include "domain/OutreachContext.h"
#include "domain/RewriteRequest.h"

#include <QString>
#include <QStringList>
#include <QStringView>

#include <optional>

// What the rep asks for: their request, the tone and length, and the model's budget.
struct PromptOptions {
    QString userRequest;
    MessageTone tone = MessageTone::Concise;
    MessageLength length = MessageLength::Medium;
    int contextWindowTokens = 128000;
    int maxOutputTokens = 4000;
    bool structuredOutput = true; // ask for the JSON object rather than plain text
    // Set: rewrite a passage of the rep's draft instead of writing a message (the request, tone
    // and length are then not asked for).
    std::optional<RewriteRequest> rewrite;
};

// Builds the chat request: a system prompt that treats CRM text as data, and a user message with
// the ticket, project, prospect and interaction history in delimited JSON blocks that CRM text
// cannot close (CRM text is data, never instructions), the rep's request, tone, length and the
// four requirements; or, for a rewrite, the same blocks with the draft and the passage in blocks of
// their own and what to change, the answer's "message" being the rewritten passage only. Trimmed
// to the token budget: oldest interactions first, then long texts shortened.
class PromptBuilder {
public:
    // Appended where a text was cut to fit.
    static constexpr QStringView ShortenedMarker = u"… [shortened]";
    // A shortened text keeps at least this many characters; shorter texts are never shortened.
    static constexpr qsizetype MinimumKeptCharacters = 200;

    static BuiltPrompt build(const OutreachContext &context, const PromptOptions &options);

    // The id of an interaction's block, "interaction:I-5001" (characters outside
    // [A-Za-z0-9._:-] percent-encoded so an id cannot break the tag).
    static QString interactionBlockId(const Interaction &interaction);
    // `json` as it appears inside a block: compact, with '<' and '>' written as \u003c and \u003e
    // so that no CRM text can close the block or open another.
    static QString encodeBlockJson(const QJsonObject &json);
};
