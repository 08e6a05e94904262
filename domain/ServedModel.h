// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

// One model a model server offers, as its own API names it, with the context window the server
// gives it where the server says so.
struct ServedModel {
    QString id;            // what goes in a request's "model"
    int contextTokens = 0; // the context the server really runs it with; 0 when it does not say
    QString detail;        // a short note for the rep ("loaded", "largest 131072"); may be empty

    bool operator==(const ServedModel &other) const = default;
};
