// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/compose/ComposeRules.h"

#include "review/ComplianceChecker.h"

QString ComposeRules::generateBlocked(const Facts &facts) {
    if (!facts.context)
        return tr("Ticket %1 is not in the local cache yet.").arg(facts.ticketId);
    const OutreachContext &context = *facts.context;
    if (ComplianceChecker::refuseBeforeGeneration(context))
        return tr("%1 is marked do-not-contact in the CRM: no message may be generated or sent.")
            .arg(context.prospect.prospect.name.isEmpty() ? tr("This prospect")
                                                          : context.prospect.prospect.name);
    return {};
}

QString ComposeRules::saveBlocked(const Facts &facts) {
    if (facts.running)
        return tr("Wait for the generation to finish, or stop it.");
    if (!facts.hasMessage)
        return tr("There is no message to save yet.");
    if (facts.saved)
        return tr("This message is already on the ticket's history.");
    for (const ComplianceFinding &finding : facts.findings) {
        if (finding.severity == ComplianceFinding::Severity::Blocking)
            return tr("Fix what the checks found first: %1").arg(finding.advice);
    }
    return {};
}

QString ComposeRules::markSentBlocked(const Facts &facts) {
    if (!facts.saved)
        return tr("Save the message to the ticket's history first.");
    if (facts.markedSent)
        return tr("This message is already marked as sent.");
    return {};
}

QString ComposeRules::mailBlocked(const Facts &facts) {
    if (const QString blocked = generateBlocked(facts); !blocked.isEmpty() && facts.context)
        return blocked;
    if (!facts.hasMessage)
        return tr("There is no message to send yet.");
    if (prospectEmail(facts).isEmpty())
        return tr("The CRM has no email address for this prospect.");
    if (facts.running)
        return tr("Wait for the generation to finish, or stop it.");
    return {};
}

QString ComposeRules::prospectEmail(const Facts &facts) {
    return facts.context ? facts.context->prospect.prospect.email : QString();
}
