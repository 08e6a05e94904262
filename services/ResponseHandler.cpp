#include "ResponseHandler.h"

#include "ConfidenceEstimator.h"
#include "PromptBuilder.h"

#include <QCoreApplication>
#include <QHash>
#include <QRegularExpression>
#include <QSet>

using namespace Qt::StringLiterals;

namespace {

// "interaction:I-5001" and "prospect.preferences" count towards "interaction" and "prospect".
QString kindOf(const QString &id) {
    const qsizetype cut = id.indexOf(QRegularExpression(u"[:.]"_s));
    return cut < 0 ? id : id.left(cut);
}

} // namespace

double ResponseHandler::contextCoverage(const QStringList &cited, const QStringList &available) {
    QSet<QString> availableKinds;
    for (const QString &id : available)
        availableKinds.insert(kindOf(id));
    if (availableKinds.isEmpty())
        return 0.0;
    QSet<QString> citedKinds;
    for (const QString &id : cited) {
        if (availableKinds.contains(kindOf(id)))
            citedKinds.insert(kindOf(id));
    }
    return double(citedKinds.size()) / double(availableKinds.size());
}

OutreachResponse ResponseHandler::process(const GenerationResult &generated,
                                          const OutreachContext &context,
                                          const ComplianceSettings &settings) {
    OutreachResponse response;
    response.subject = generated.subject.trimmed();
    response.message = generated.message.trimmed();

    OutreachResponse::Metadata &metadata = response.metadata;
    metadata.model = generated.model;
    metadata.suggestedFollowUp = generated.suggestedFollowUp.trimmed();
    metadata.droppedContext = generated.prompt.dropped;
    metadata.finishReason = generated.finishReason;
    metadata.requestId = generated.requestId;
    metadata.structured = generated.structured;
    if (generated.usage) {
        metadata.usage = OutreachResponse::Usage{generated.usage->promptTokens,
                                                 generated.usage->completionTokens,
                                                 generated.usage->totalTokens};
    }

    // Only ids that were really in the prompt count; the others are reported, not shown.
    const QSet<QString> available(generated.prompt.availableContextIds.cbegin(),
                                  generated.prompt.availableContextIds.cend());
    // Models also cite the CRM's own ids ("T-1042", "I-5001"); those name the same blocks.
    QHash<QString, QString> aliases{{context.ticket.id, u"ticket"_s},
                                    {context.project.id, u"project"_s},
                                    {context.prospect.prospect.id, u"prospect"_s}};
    for (const Interaction &interaction : context.interactions)
        aliases.insert(interaction.id, PromptBuilder::interactionBlockId(interaction));
    for (const ProspectHistory::PastOutcome &outcome : context.prospect.pastOutcomes)
        aliases.insert(outcome.messageId, u"prospect.past_outcomes"_s);
    for (const QString &id : generated.usedContext) {
        const QString trimmed = aliases.value(id.trimmed(), id.trimmed());
        if (available.contains(trimmed)) {
            if (!metadata.usedContext.contains(trimmed))
                metadata.usedContext.append(trimmed);
            continue;
        }
        ComplianceFinding unknown;
        unknown.kind = ComplianceFinding::Kind::UnknownContextId;
        unknown.severity = ComplianceFinding::Severity::Warning;
        unknown.text = trimmed;
        unknown.advice = QCoreApplication::translate(
            "ResponseHandler",
            "The model cited context that was not sent to it; check the facts it used.");
        metadata.findings.append(unknown);
    }
    metadata.findings.append(
        ComplianceChecker::check(response.subject, response.message, context, settings));

    const Confidence confidence = ConfidenceEstimator::estimate(
        generated.logprobs,
        contextCoverage(metadata.usedContext, generated.prompt.availableContextIds),
        metadata.findings);
    metadata.confidence = confidence.value;
    metadata.confidenceEstimated = confidence.estimated;
    metadata.confidenceExplanation = confidence.explanation;
    return response;
}
