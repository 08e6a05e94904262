// SPDX-License-Identifier: GPL-3.0-or-later
#include "review/ResponseHandler.h"

#include "generation/PromptBuilder.h"
#include "review/ConfidenceEstimator.h"

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

bool mentions(const QString &text, const QString &phrase) {
    return phrase.trimmed().size() >= 3 && text.contains(phrase.trimmed(), Qt::CaseInsensitive);
}

} // namespace

std::optional<ComplianceFinding> ResponseHandler::incompleteness(const GenerationResult &generated,
                                                                 const OutreachContext &context) {
    const auto tr = [](const char *text) {
        return QCoreApplication::translate("ResponseHandler", text);
    };
    ComplianceFinding finding;
    finding.kind = ComplianceFinding::Kind::IncompleteDraft;
    finding.severity = ComplianceFinding::Severity::Blocking;
    if (generated.error) {
        // A refusal is a do-not-contact finding already; nothing was generated to be incomplete.
        if (ComplianceChecker::refuseBeforeGeneration(context))
            return std::nullopt;
        finding.text = generated.error->message();
        finding.advice =
            generated.error->code() == OutreachError::Code::Cancelled
                ? tr("The generation was stopped before the end: finish the text yourself or "
                     "generate again.")
                : tr("The generation did not complete, so this is not a finished draft: "
                     "generate again, or finish the text yourself.");
        return finding;
    }
    if (generated.finishReason == u"length"_s) {
        finding.text = tr("The model reached its output limit and stopped mid-way.");
        finding.advice = tr("Raise the maximum output tokens in Settings → Model, ask for a "
                            "shorter message, or finish the text yourself.");
        return finding;
    }
    if (generated.finishReason == u"content_filter"_s) {
        finding.text = tr("The endpoint's content filter stopped the answer.");
        finding.advice = tr("Reword the request or finish the text yourself.");
        return finding;
    }
    if (generated.message.trimmed().isEmpty()) {
        finding.text = tr("The model wrote no message.");
        finding.advice = tr("Generate again, or write the message yourself.");
        return finding;
    }
    return std::nullopt;
}

QStringList ResponseHandler::deriveUsedContext(const QString &subject, const QString &message,
                                               const OutreachContext &context,
                                               const QStringList &available) {
    // Plain-text answers cite nothing: credit a block when the draft names what only it holds.
    const QString text = subject + u'\n' + message;
    QStringList used;
    const auto add = [&](const QString &id) {
        if (available.contains(id) && !used.contains(id))
            used.append(id);
    };
    if (mentions(text, context.ticket.title) || text.contains(context.ticket.id))
        add(u"ticket"_s);
    bool project = mentions(text, context.project.name);
    for (const QString &product : context.project.products)
        project = project || mentions(text, product);
    if (project)
        add(u"project"_s);
    const ProspectHistory::Prospect &prospect = context.prospect.prospect;
    if (mentions(text, prospect.name) || mentions(text, prospect.name.section(u' ', 0, 0))
        || mentions(text, prospect.company))
        add(u"prospect"_s);
    for (const QString &topic : context.prospect.preferences.topics) {
        if (mentions(text, topic))
            add(u"prospect.preferences"_s);
    }
    for (const Interaction &interaction : context.interactions) {
        if (mentions(text, interaction.subject))
            add(PromptBuilder::interactionBlockId(interaction));
    }
    return used;
}

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
                                          const ComplianceSettings &settings,
                                          const QString &repRequest) {
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

    if (!generated.structured && generated.usedContext.isEmpty())
        metadata.usedContext = deriveUsedContext(response.subject, response.message, context,
                                                 generated.prompt.availableContextIds);
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
    for (const MessageOutcome &message : context.ownMessages) {
        if (message.isSent())
            aliases.insert(message.messageId, u"prospect.past_outcomes"_s);
    }
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
    metadata.findings.append(ComplianceChecker::check(response.subject, response.message, context,
                                                      settings, repRequest));
    if (std::optional<ComplianceFinding> incomplete = incompleteness(generated, context))
        metadata.findings.prepend(*std::move(incomplete));

    const Confidence confidence = ConfidenceEstimator::estimate(
        generated.logprobs,
        contextCoverage(metadata.usedContext, generated.prompt.availableContextIds),
        metadata.findings);
    metadata.confidence = confidence.value;
    metadata.confidenceEstimated = confidence.estimated;
    metadata.confidenceExplanation = confidence.explanation;
    return response;
}
