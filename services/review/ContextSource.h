// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

// One piece of a ticket's context as the fact checks see it: where it came from, and whether it
// may back a fact in a draft. Structured CRM fields, what the team wrote (outbound messages, notes
// a named colleague logged), the rep's request and the workspace's settings are trusted; free
// text that outsiders can write (the ticket's description from forms, inbound mail, notes of
// unknown origin) is not, however official it sounds.
struct ContextSource {
    enum class Trust { Trusted, Outsider };

    enum class Kind {
        Record,     // a CRM record or a text from outside
        SentByTeam, // what the team told the prospect, or the rep asks to tell them
        Internal,   // written for the team, not for the prospect: internal notes and mail
    };

    Trust trust = Trust::Outsider;
    Kind kind = Kind::Record;
    QString label; // translated, for advice: "the ticket's description"
    QString text;  // as written; empty for a structured field such as the project's value

    bool trusted() const { return trust == Trust::Trusted; }
    // An offer made here stands; an internal note that speaks of a discount ("no discount")
    // makes none.
    bool speaksForTheTeam() const { return kind == Kind::SentByTeam; }
};
