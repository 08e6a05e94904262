// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/GenerationResult.h"
#include "domain/OutreachContext.h"
#include "domain/OutreachResponse.h"
#include "review/ComplianceChecker.h"

// Turns what the model produced into an OutreachResponse the rep
// can judge — cited context checked against what was really sent, the compliance findings, and
// a confidence computed by ConfidenceEstimator's written-down formula.
class ResponseHandler {
public:
    // `repRequest` is what the rep asked for, which the checks trust.
    static OutreachResponse process(const GenerationResult &generated,
                                    const OutreachContext &context,
                                    const ComplianceSettings &settings,
                                    const QString &repRequest = {});

    // The blocking finding for a generation that did not end in a whole draft: an error (the
    // stream, the server, a prompt the server cut, a stop), the output limit, a content filter,
    // or an empty message. Nullopt for a clean one, and for a refusal (do-not-contact says it).
    static std::optional<ComplianceFinding> incompleteness(const GenerationResult &generated,
                                                           const OutreachContext &context);

    // For plain-text answers (an endpoint without structured output): the blocks the draft
    // evidently drew on — it names the ticket's title, the project or a product, the prospect or
    // their company, a preferred topic, an interaction's subject. Only ids in `available`.
    static QStringList deriveUsedContext(const QString &subject, const QString &message,
                                         const OutreachContext &context,
                                         const QStringList &available);

    // Share of the context kinds that were available (ticket, project, prospect, interactions)
    // that the message cites: 0..1.
    static double contextCoverage(const QStringList &cited, const QStringList &available);
};
