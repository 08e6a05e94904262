// SPDX-License-Identifier: GPL-3.0-or-later
#include "generation/TokenBudget.h"

#include <algorithm>
#include <cmath>
#include <limits>

int TokenBudget::minimumOutputTokens(MessageLength length, bool structured) {
    int body = 0;
    switch (length) {
    case MessageLength::Short:
        body = 250; // about 80 words
        break;
    case MessageLength::Medium:
        body = 450; // about 180 words
        break;
    case MessageLength::Long:
        body = 850; // about 350 words
        break;
    }
    return body + (structured ? 200 : 50);
}

TokenBudget::Plan TokenBudget::plan(const OutreachContext &context, PromptOptions options,
                                    double margin) {
    margin = std::max(1.0, margin);
    const int window = std::max(0, options.contextWindowTokens);
    const int cap = std::max(1, options.maxOutputTokens);
    const auto scaled = [margin](qint64 tokens) {
        return qint64(std::ceil(double(tokens) * margin));
    };

    Plan plan;
    plan.contextWindow = window;
    // Everything first: when it fits beside the full cap there is nothing to trim.
    PromptOptions whole = options;
    whole.contextWindowTokens = std::numeric_limits<int>::max();
    whole.maxOutputTokens = 0;
    BuiltPrompt full = PromptBuilder::build(context, whole);
    const qint64 room = qint64(window) - scaled(full.estimatedTokens);
    if (room >= cap) {
        plan.prompt = std::move(full);
        plan.outputTokens = cap;
        return plan;
    }

    // The answer gives way first, down to what the asked length needs; then the prompt.
    const int minimum =
        std::min(cap, minimumOutputTokens(options.length, options.structuredOutput));
    plan.outputTokens = int(std::clamp<qint64>(room, minimum, cap));
    PromptOptions trimmed = options;
    trimmed.contextWindowTokens =
        int(std::max<qint64>(0, qint64(double(window - plan.outputTokens) / margin)));
    trimmed.maxOutputTokens = 0;
    plan.prompt = PromptBuilder::build(context, trimmed);
    plan.fits = plan.prompt.fits && window > plan.outputTokens;
    return plan;
}
