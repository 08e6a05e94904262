// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <optional>

// One problem the compliance check found in a draft: what kind,
// whether it keeps the draft from counting as ready, the offending text and what the rep should do
// about it.
struct ComplianceFinding {
    enum class Kind {
        DoNotContact,  // the prospect is marked do_not_contact
        Placeholder,   // an unfilled merge field or placeholder ("[Name]", "{{…}}", "TBD")
        BannedPhrase,  // a phrase the workspace does not allow
        MissingOptOut, // the workspace's required opt-out line is missing
        TooShort,      // the message is shorter than the workspace's minimum
        TooLong,       // the message is longer than the workspace's maximum
        // A figure, date, link, e-mail address or phone number the context does not contain.
        UnverifiedFigure,
        // One that only outsider-written context gives (a form, inbound mail, a note of unknown
        // origin): nothing the CRM itself or the rep wrote backs it.
        OutsiderFact,
        // A figure the trusted context gives with another currency or unit ("$72,000" where the
        // deal is GBP 72,000).
        MismatchedFigure,
        // A greeting or sign-off naming someone who is neither the prospect, a known contact of
        // the ticket nor the rep.
        UnknownName,
        // An offer (a discount, something free) that neither the rep nor the CRM's own data asked
        // for.
        UnrequestedOffer,
        // The draft quotes an internal note or mail, written for the team, not the prospect.
        Disclosure,
        UnknownContextId, // the model cited a context id that the context does not contain
        InjectionEcho,    // the draft repeats or obeys instructions planted in CRM data
        // The generation did not finish cleanly: the output limit cut it, a filter stopped it,
        // the stream or the server failed, or the server did not read the whole prompt.
        IncompleteDraft,
    };
    // Blocking: the draft is not ready until it is fixed. Warning: the rep should look at it.
    enum class Severity { Blocking, Warning };

    Kind kind = Kind::Placeholder;
    Severity severity = Severity::Blocking;
    QString text;   // the offending text, as it appears in the draft (or the context id)
    QString advice; // translated: what to fix

    // The wire names for JSON and command-line output ("unverified_figure", "blocking");
    // fromName returns nullopt for anything else.
    static QString kindName(Kind kind);
    static std::optional<Kind> kindFromName(const QString &name);
    static QString severityName(Severity severity);
    static std::optional<Severity> severityFromName(const QString &name);
    // Translated labels for the UI ("Unverified figure", "Blocking").
    static QString kindLabel(Kind kind);
    static QString severityLabel(Severity severity);

    bool operator==(const ComplianceFinding &) const = default;
};
