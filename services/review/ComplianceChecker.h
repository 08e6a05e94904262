// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/ComplianceFinding.h"
#include "domain/OutreachContext.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

class QSettings;

// What a workspace allows in a draft; kept in QSettings under "compliance/…".
struct ComplianceSettings {
    QStringList bannedPhrases;  // matched case-, accent- and punctuation-insensitively, whole words
    QString requiredOptOutLine; // empty: no opt-out line is required
    int minLength = 40;         // characters of the message body, trimmed
    int maxLength = 3000;
    QString senderName; // how the rep signs; a sign-off with another name is blocking

    // Keys compliance/bannedPhrases, compliance/optOutLine, compliance/minLength,
    // compliance/maxLength, compliance/senderName; a missing or unusable key keeps the default
    // above.
    static ComplianceSettings load(const QSettings &settings);
    void save(QSettings &settings) const;

    bool operator==(const ComplianceSettings &) const = default;
};

// Checks a draft before it counts as ready: do-not-contact, placeholders, banned phrases, the
// opt-out line, length, figures, links, addresses and phone numbers the trusted context does not
// back, names in the greeting and sign-off, offers nobody trusted asked for, instructions
// planted in CRM data that the draft repeats, and internal notes it quotes. Much CRM text is
// written by outsiders (prospects, customers, web forms); the prompt tells the model to treat it as
// information only (PromptBuilder), and these checks catch a draft that followed it anyway, by
// where each fact came from (ContextFacts). Each check is its own class in this folder
// (PlaceholderCheck, BannedPhraseCheck, OptOutCheck, LengthCheck, FigureCheck, ContactDetailCheck,
// NameCheck, OfferCheck, PlantedInstructionCheck, DisclosureCheck), run here in that order; their
// texts keep the translation context "ComplianceChecker".
class ComplianceChecker {
public:
    // Beyond this many characters (or ten times the workspace's maximum, if more) a text is not
    // checked in detail: it gets one blocking TooLong finding.
    static constexpr qsizetype UncheckedSizeLimit = 50000;

    // Every finding for `subject` and `message`, in the order of the checks above and, within a
    // check, in the order of the text (subject first). `repRequest` is what the rep asked for:
    // trusted, so a figure or offer the rep asked for is backed. Severities: do-not-contact,
    // placeholders, banned phrases, a missing opt-out line, facts only outsiders give, mismatched
    // currencies, unknown names, injection echoes and quoted internal notes block; length limits,
    // unverified figures and unrequested offers warn (the rep may know a figure the CRM does not).
    static QList<ComplianceFinding> check(const QString &subject, const QString &message,
                                          const OutreachContext &context,
                                          const ComplianceSettings &settings,
                                          const QString &repRequest = {});

    // A blocking DoNotContact finding when the prospect is marked do_not_contact: the caller must
    // not call the model at all (no tokens spent on a message that cannot be sent).
    static std::optional<ComplianceFinding> refuseBeforeGeneration(const OutreachContext &context);

    // Cited context ids are checked by ResponseHandler, against the blocks actually sent.
};
