// SPDX-License-Identifier: GPL-3.0-or-later
// ResponseHandler: cited context checked against what was sent (the CRM's own ids accepted as
// aliases), compliance findings attached, and the confidence from the written-down formula.
#include "generation/PromptBuilder.h"
#include "review/ResponseHandler.h"
#include "support/DemoContext.h"

#include <QJsonArray>
#include <QTest>

#include <cmath>

using namespace Qt::StringLiterals;

namespace {

GenerationResult generated(const OutreachContext &context, const QString &message) {
    GenerationResult result;
    result.prompt = PromptBuilder::build(context, PromptOptions());
    result.subject = u"  Next steps for %1  "_s.arg(context.project.name);
    result.message = message;
    result.model = u"gpt-test"_s;
    result.finishReason = u"stop"_s;
    result.requestId = u"req-7"_s;
    return result;
}

QString cleanMessage(const OutreachContext &context) {
    return u"Hi %1,\n\nthank you for the questions about %2. I would be glad to walk you through "
           "how the rollout would look for your team and answer anything that is still open. "
           "Would a short call next week work for you?\n\nBest regards"_s.arg(
               context.prospect.prospect.name.section(u' ', 0, 0), context.project.name);
}

} // namespace

class TestResponseHandler : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY2(m_demo.load(), qPrintable(m_demo.error())); }

    void citedContextIsCheckedAgainstWhatWasSent() {
        const OutreachContext context = *m_demo.context(u"T-1001"_s);
        GenerationResult result = generated(context, cleanMessage(context));
        const QString interaction = context.interactions.constFirst().id;
        result.usedContext = {u"ticket"_s, context.project.id, u"interaction:"_s + interaction,
                              interaction, u"I-99999"_s};
        const OutreachResponse response =
            ResponseHandler::process(result, context, ComplianceSettings());
        QCOMPARE(response.metadata.usedContext,
                 (QStringList{u"ticket"_s, u"project"_s, u"interaction:"_s + interaction}));
        QCOMPARE(response.metadata.findings.size(), 1);
        QCOMPARE(response.metadata.findings.constFirst().kind,
                 ComplianceFinding::Kind::UnknownContextId);
        QCOMPARE(response.metadata.findings.constFirst().text, u"I-99999"_s);
        QVERIFY(response.isReady()); // a warning, not a blocker
        QCOMPARE(response.subject, u"Next steps for %1"_s.arg(context.project.name));
        QCOMPARE(response.metadata.requestId, u"req-7"_s);
    }

    void confidenceWithAndWithoutLogprobs() {
        const OutreachContext context = *m_demo.context(u"T-1001"_s);
        GenerationResult result = generated(context, cleanMessage(context));
        result.usedContext = {u"ticket"_s, u"project"_s, u"prospect"_s};
        OutreachResponse response = ResponseHandler::process(result, context, ComplianceSettings());
        QVERIFY(response.metadata.confidenceEstimated);
        const double coverage = ResponseHandler::contextCoverage(response.metadata.usedContext,
                                                                 result.prompt.availableContextIds);
        QCOMPARE(response.metadata.confidence, 0.5 + 0.4 * coverage);

        result.logprobs = QList<double>{-0.1, -0.2, -0.3};
        response = ResponseHandler::process(result, context, ComplianceSettings());
        QVERIFY(!response.metadata.confidenceEstimated);
        QVERIFY(qAbs(response.metadata.confidence - (0.6 * std::exp(-0.2) + 0.4 * coverage))
                < 1e-9);
    }

    void plainTextAnswersGetTheirContextDerived() {
        const OutreachContext context = *m_demo.context(u"T-1001"_s);
        GenerationResult result = generated(context, cleanMessage(context));
        result.structured = false;
        const OutreachResponse response =
            ResponseHandler::process(result, context, ComplianceSettings());
        // The draft names the prospect's first name and the project.
        QVERIFY(response.metadata.usedContext.contains(u"project"_s));
        QVERIFY(response.metadata.usedContext.contains(u"prospect"_s));
        QVERIFY(!response.metadata.usedContext.contains(u"ticket"_s));
        QVERIFY(response.metadata.findings.isEmpty());
    }

    void coverageCountsKindsNotIds() {
        const QStringList available = {u"ticket"_s,          u"project"_s,
                                       u"prospect"_s,        u"prospect.preferences"_s,
                                       u"interaction:I-1"_s, u"interaction:I-2"_s};
        QCOMPARE(ResponseHandler::contextCoverage({}, available), 0.0);
        QCOMPARE(ResponseHandler::contextCoverage({u"interaction:I-1"_s, u"interaction:I-2"_s},
                                                  available),
                 0.25);
        QCOMPARE(ResponseHandler::contextCoverage(
                     {u"ticket"_s, u"project"_s, u"prospect.preferences"_s, u"interaction:I-2"_s},
                     available),
                 1.0);
    }

    void complianceFindingsMakeADraftNotReady() {
        const OutreachContext context = *m_demo.context(u"T-1001"_s);
        const GenerationResult result =
            generated(context, cleanMessage(context) + u"\n\n[Your name]"_s);
        const OutreachResponse response =
            ResponseHandler::process(result, context, ComplianceSettings());
        QVERIFY(!response.isReady());
        QVERIFY(response.metadata.confidence <= 0.3);
        const QJsonObject json = response.toJson();
        QCOMPARE(json.value(u"metadata"_s).toObject().value(u"ready"_s).toBool(), false);
        QCOMPARE(json.value(u"metadata"_s)
                     .toObject()
                     .value(u"findings"_s)
                     .toArray()
                     .first()
                     .toObject()
                     .value(u"kind"_s)
                     .toString(),
                 u"placeholder"_s);
    }

private:
    DemoContext m_demo;
};

QTEST_GUILESS_MAIN(TestResponseHandler)
#include "tst_responsehandler.moc"
