// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/OutreachContext.h"

#include <QString>
#include <QStringList>
#include <QStringView>

#include <optional>

// What the rep asks for: their request, the tone and length, and the model's budget.
struct PromptOptions {
    enum class Tone { Concise, Warm, Formal, Friendly, Direct };
    enum class Length { Short, Medium, Long };

    QString userRequest;
    Tone tone = Tone::Concise;
    Length length = Length::Medium;
    int contextWindowTokens = 128000;
    int maxOutputTokens = 4000;
    bool structuredOutput = true; // ask for the JSON object rather than plain text

    // Wire names for settings and the command line ("concise", "medium"); nullopt for others.
    static QString toneName(Tone tone);
    static std::optional<Tone> toneFromName(QStringView name);
    static QString lengthName(Length length);
    static std::optional<Length> lengthFromName(QStringView name);
    // Translated labels for the UI ("Concise", "Medium").
    static QString toneLabel(Tone tone);
    static QString lengthLabel(Length length);
};

// The chat request's two messages, and what had to give way to fit the context window.
struct BuiltPrompt {
    QString system;
    QString user;
    int estimatedTokens = 0; // system + user + chat overhead, by TokenEstimator (pessimistic)
    // What was left out or shortened, in that order: "interaction:I-5001",
    // "ticket.description (shortened)", "interaction:I-5002.content (shortened)".
    QStringList dropped;
    // The ids of the data blocks in `user`, which the model may cite in used_context.
    QStringList availableContextIds;
    // False when even the smallest prompt exceeds contextWindowTokens - maxOutputTokens; the
    // prompt is then returned as small as it gets.
    bool fits = true;
};

// The seed's buildPrompt: a system prompt that treats CRM text as data, and a user message with the
// ticket, project, prospect and interaction history in delimited JSON blocks that CRM text cannot
// close (CRM text is data, never instructions), the rep's request, tone, length and the four
// requirements. Trimmed to the token budget: oldest interactions first, then long texts shortened.
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
