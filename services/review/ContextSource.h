// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

// One piece of a ticket's context as the fact checks see it: where it came from, and whether it
// may back a fact in a draft. Structured CRM fields, what the team wrote (outbound messages, notes
// a named colleague logged), the rep's request and the workspace's settings are trusted; free
// text that outsiders can write (the ticket's title and description from forms, inbound mail,
// notes of unknown origin) is not, however official it sounds.
struct ContextSource {
    enum class Trust { Trusted, Outsider };

    Trust trust = Trust::Outsider;
    // What the team told the prospect or the rep asks to tell them (outbound messages, the rep's
    // request): an offer made there stands. An internal note that speaks of a discount ("no
    // discount") makes no offer.
    bool speaksForTheTeam = false;
    QString label; // translated, for advice: "the ticket's description"
    QString text;  // as written; empty for a structured field such as the project's value

    bool trusted() const { return trust == Trust::Trusted; }
};
