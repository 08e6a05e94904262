// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>

// The chat request's two messages, and what had to give way to fit the context window.
struct BuiltPrompt {
    QString system;
    QString user;
    int estimatedTokens = 0; // system + user + chat overhead, pessimistic
    // What was left out or shortened, in that order: "interaction:I-5001",
    // "ticket.description (shortened)", "interaction:I-5002.content (shortened)".
    QStringList dropped;
    // The ids of the data blocks in `user`, which the model may cite in used_context.
    QStringList availableContextIds;
    // False when even the smallest prompt exceeds the context window less the output budget; the
    // prompt is then as small as it gets.
    bool fits = true;
};
