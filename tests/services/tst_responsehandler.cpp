// SPDX-License-Identifier: GPL-3.0-or-later
// ResponseHandler: cited context checked against what was sent (the CRM's own ids accepted as
// aliases), compliance findings attached, and the confidence from the written-down formula.
#include "generation/PromptBuilder.h"
#include "review/ResponseHandler.h"
#include "support/DemoContext.h"

#include <QJsonArray>
#include <QTest>

#include <algorithm>
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

    // "Ready" means a whole, non-empty draft: how the generation ended counts as much as the text.
    void anUnfinishedGenerationIsNeverReady_data() {
        QTest::addColumn<QString>("finishReason");
        QTest::addColumn<int>("error"); // -1: none, else an OutreachError::Code
        QTest::addColumn<bool>("emptyMessage");
        QTest::addColumn<bool>("ready");
        using Code = OutreachError::Code;
        QTest::newRow("clean") << u"stop"_s << -1 << false << true;
        QTest::newRow("output limit") << u"length"_s << -1 << false << false;
        QTest::newRow("content filter") << u"content_filter"_s << -1 << false << false;
        QTest::newRow("empty message") << u"stop"_s << -1 << true << false;
        QTest::newRow("API error, no text") << QString() << int(Code::ApiError) << true << false;
        QTest::newRow("auth error") << QString() << int(Code::Auth) << true << false;
        QTest::newRow("stream cut, text kept") << QString() << int(Code::Network) << false << false;
        QTest::newRow("stopped") << QString() << int(Code::Cancelled) << false << false;
    }
    void anUnfinishedGenerationIsNeverReady() {
        QFETCH(QString, finishReason);
        QFETCH(int, error);
        QFETCH(bool, emptyMessage);
        QFETCH(bool, ready);
        const OutreachContext context = *m_demo.context(u"T-1001"_s);
        GenerationResult result =
            generated(context, emptyMessage ? QString() : cleanMessage(context));
        result.finishReason = finishReason;
        if (error >= 0)
            result.error = OutreachError(OutreachError::Code(error), u"it went wrong"_s);
        const OutreachResponse response =
            ResponseHandler::process(result, context, ComplianceSettings());
        QCOMPARE(response.isReady(), ready);
        const auto incomplete =
            std::count_if(response.metadata.findings.cbegin(), response.metadata.findings.cend(),
                          [](const ComplianceFinding &finding) {
                              return finding.kind == ComplianceFinding::Kind::IncompleteDraft
                                     && finding.severity == ComplianceFinding::Severity::Blocking;
                          });
        QCOMPARE(incomplete, ready ? 0 : 1);
        if (error >= 0)
            QCOMPARE(response.metadata.findings.constFirst().text, u"it went wrong"_s);
        // The wire name survives a round trip through a stored draft.
        QCOMPARE(OutreachResponse::fromJson(response.toJson()), response);
    }

    void aRefusalIsNotAlsoIncomplete() {
        OutreachContext context = *m_demo.context(u"T-1001"_s);
        context.prospect.prospect.doNotContact = true;
        GenerationResult result;
        result.structured = false;
        result.error = OutreachError(OutreachError::Code::ContextInvalid, u"do not contact"_s);
        const OutreachResponse response =
            ResponseHandler::process(result, context, ComplianceSettings());
        QVERIFY(!response.isReady());
        for (const ComplianceFinding &finding : response.metadata.findings)
            QVERIFY(finding.kind != ComplianceFinding::Kind::IncompleteDraft);
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
