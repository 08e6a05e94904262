// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/BuiltPrompt.h"
#include "domain/OutreachContext.h"
#include "generation/PromptBuilder.h"

// Splits a model's context window between the prompt and the answer: the answer keeps its
// configured cap when everything fits, gives way down to what a message of the asked length
// needs when it does not, and the prompt is then trimmed to the rest, with a safety margin for a
// tokenizer the estimate does not know.
class TokenBudget {
public:
    struct Plan {
        BuiltPrompt prompt;
        int outputTokens = 0;  // the output cap to send
        int contextWindow = 0; // the window the plan was made for
        bool fits = true;      // false: even the smallest prompt leaves too little room
    };

    // The least output a draft of `length` needs: the body in a language that costs up to twice
    // the tokens of English, the subject, and, when `structured`, the JSON around them with the
    // cited context and the follow-up.
    static int minimumOutputTokens(MessageLength length, bool structured);

    // `options.contextWindowTokens` and `options.maxOutputTokens` are the window and the cap;
    // `margin` (1.0 or more) is how much more the model's tokenizer may count than the estimate.
    static Plan plan(const OutreachContext &context, PromptOptions options, double margin);
};
