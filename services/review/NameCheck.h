// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/ComplianceFinding.h"
#include "review/ContextFacts.h"
#include "review/DraftText.h"

#include <QList>
#include <QStringList>

// The greeting and the sign-off of a draft, in the languages the app writes ("Hi Anna,", "Sehr
// geehrte Frau Berg,", "Bien cordialement,\nMarc"): a person they name who is neither the
// prospect, a known contact of the ticket nor the rep is blocking — a draft addressed to someone
// else, or signed by someone planted text asked for, must not go out. The sign-off is checked
// only when the rep's name is known (the assignee, or the name set in the settings).
class NameCheck {
public:
    explicit NameCheck(const ContextFacts &facts)
        : m_facts(facts) {}

    QList<ComplianceFinding> check(const DraftText &draft) const;

    // The name a greeting line addresses, honorifics removed ("Sehr geehrte Frau Dr. Berg," ->
    // "Berg"); empty when the line is no greeting or greets no one in particular ("Hi team,").
    static QString greetingName(const QString &line);
    // The name a sign-off gives, from the closing line and the one after it; empty when none.
    static QString signOffName(const QStringList &lines);

private:
    // Whether every word of `name` is a word of one of `people`.
    static bool known(const QString &name, const QStringList &people);

    const ContextFacts &m_facts;
};
