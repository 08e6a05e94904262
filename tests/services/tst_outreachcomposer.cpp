// SPDX-License-Identifier: GPL-3.0-or-later
// The one composition pipeline, against the fake CRM and the fake model endpoint: a streamed
// draft with its stages in order, a do-not-contact prospect refused before any model request, an
// assembly failure that says why, a stop mid-stream that keeps the partial text, a context from
// the cache when the CRM is unreachable, and a second composition refused while one runs.
#include "FakeModelServer.h"
#include "composition/OutreachComposer.h"
#include "crm/ContextAssembler.h"
#include "support/AwaitTask.h"
#include "support/CrmTestRig.h"
#include "support/TestRetryPolicies.h"

#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using Stage = OutreachComposer::Stage;

class TestOutreachComposer : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void composesAStreamedDraft();
    void refusesADoNotContactProspectBeforeTheModel();
    void anAssemblyFailureSaysWhy();
    void stoppingMidStreamKeepsThePartialText();
    void composesFromTheCacheWhenTheCrmIsUnreachable();
    void aSecondCompositionWhileOneRunsIsRefused();
    void theServersOwnWindowIsWhatThePromptIsBuiltFor();

private:
    OutreachComposer::Request request(const QString &ticketId) const {
        return {ticketId, u"Follow up on their demo request."_s, {}, {}};
    }
    // Chat completions only: a compatible server is also asked for its context window.
    int modelRequests() const { return int(m_model->requests(u"openai"_s).size()); }

    std::unique_ptr<CrmTestRig> m_rig;
    std::unique_ptr<FakeModelServer> m_model;
    std::unique_ptr<ContextAssembler> m_assembler;
    std::unique_ptr<OutreachComposer> m_composer;
};

void TestOutreachComposer::init() {
    m_rig = std::make_unique<CrmTestRig>();
    QVERIFY(m_rig->start());
    m_model = std::make_unique<FakeModelServer>();
    QVERIFY(m_model->start());
    m_assembler = std::make_unique<ContextAssembler>(*m_rig->cache, &m_rig->client);
    m_composer = std::make_unique<OutreachComposer>(*m_assembler);
    ModelEndpoint endpoint;
    endpoint.provider = ModelEndpoint::Provider::Compatible;
    endpoint.baseUrl = m_model->openAiBaseUrl();
    endpoint.model = u"fake-model"_s;
    m_composer->setEndpoint(endpoint);
    m_composer->setRetryPolicy(TestRetryPolicies::quick());
}

void TestOutreachComposer::cleanup() {
    m_composer.reset();
    m_assembler.reset();
    m_model.reset();
    m_rig.reset();
}

void TestOutreachComposer::composesAStreamedDraft() {
    QList<Stage> stages;
    connect(m_composer.get(), &OutreachComposer::stageChanged, this,
            [&stages](Stage stage) { stages.append(stage); });
    QSignalSpy assembled(m_composer.get(), &OutreachComposer::contextAssembled);
    QString subject;
    QString message;
    connect(m_composer.get(), &OutreachComposer::subjectDelta, this,
            [&subject](const QString &text) { subject += text; });
    connect(m_composer.get(), &OutreachComposer::messageDelta, this,
            [&message](const QString &text) { message += text; });

    const OutreachComposer::Composition composition =
        awaitTask(m_composer->compose(request(u"T-1001"_s)));

    QVERIFY2(composition.ok(),
             qPrintable(composition.error ? composition.error->toString() : QString()));
    QVERIFY(!composition.refused);
    QVERIFY(composition.context);
    QCOMPARE(composition.context->ticket.id, u"T-1001"_s);
    QCOMPARE(composition.context->source, OutreachContext::Source::Crm);
    QCOMPARE(assembled.count(), 1);
    QVERIFY(composition.response);
    // What streamed is what was read: nothing added, nothing lost between the two.
    QVERIFY(!message.isEmpty());
    QCOMPARE(composition.generated.message, message);
    QCOMPARE(composition.generated.subject, subject);
    QCOMPARE(composition.response->message, message.trimmed());
    QCOMPARE(composition.generated.finishReason, u"stop"_s);
    QCOMPARE(modelRequests(), 1);
    QCOMPARE(stages,
             (QList<Stage>{Stage::Assembling, Stage::Generating, Stage::Processing, Stage::Idle}));
    QVERIFY(!m_composer->isRunning());
}

void TestOutreachComposer::refusesADoNotContactProspectBeforeTheModel() {
    QSignalSpy deltas(m_composer.get(), &OutreachComposer::messageDelta);
    // T-1039's prospect (C-303) is marked do_not_contact in the demo workspace.
    const OutreachComposer::Composition composition =
        awaitTask(m_composer->compose(request(u"T-1039"_s)));

    QVERIFY(composition.refused);
    QVERIFY(!composition.ok());
    QVERIFY(!composition.cancelled());
    QVERIFY(composition.error->message().contains(u"do_not_contact"_s)
            || composition.error->toString().contains(u"do_not_contact"_s));
    QCOMPARE(modelRequests(), 0);
    QCOMPARE(deltas.count(), 0);
    // The refusal shows as a blocking finding, like any other reason not to send.
    QVERIFY(composition.response);
    QVERIFY(!composition.response->isReady());
    bool doNotContact = false;
    for (const ComplianceFinding &finding : composition.response->metadata.findings)
        doNotContact |= finding.kind == ComplianceFinding::Kind::DoNotContact;
    QVERIFY(doNotContact);
}

void TestOutreachComposer::anAssemblyFailureSaysWhy() {
    QSignalSpy assembled(m_composer.get(), &OutreachComposer::contextAssembled);
    const OutreachComposer::Composition composition =
        awaitTask(m_composer->compose(request(u"T-9999"_s)));

    QVERIFY(!composition.ok());
    QVERIFY(!composition.cancelled());
    QVERIFY(!composition.context);
    QVERIFY(!composition.response);
    QVERIFY(composition.error->toString().contains(u"T-9999"_s));
    QCOMPARE(assembled.count(), 0);
    QCOMPARE(modelRequests(), 0);
    QCOMPARE(m_composer->stage(), Stage::Idle);
}

void TestOutreachComposer::stoppingMidStreamKeepsThePartialText() {
    m_model->setReplyTokens(200);
    m_model->setChunkDelay(15);
    QString streamed;
    connect(m_composer.get(), &OutreachComposer::messageDelta, this,
            [this, &streamed](const QString &text) {
                streamed += text;
                if (streamed.size() > 20)
                    m_composer->cancel();
            });

    const OutreachComposer::Composition composition =
        awaitTask(m_composer->compose(request(u"T-1001"_s)));

    QVERIFY(composition.cancelled());
    QVERIFY(composition.context);
    QVERIFY(composition.generated.message.size() > 20);
    QVERIFY(streamed.startsWith(composition.generated.message)
            || composition.generated.message.startsWith(streamed));
    // The stop came long before the 200 tokens' end.
    QVERIFY(composition.generated.finishReason.isEmpty());
    QCOMPARE(m_composer->stage(), Stage::Idle);
}

void TestOutreachComposer::composesFromTheCacheWhenTheCrmIsUnreachable() {
    const OutreachComposer::Composition online =
        awaitTask(m_composer->compose(request(u"T-1001"_s)));
    QVERIFY(online.ok());

    m_rig->server.setFault(u"*"_s, FakeCrmServer::Fault::dropConnection());
    const OutreachComposer::Composition offline =
        awaitTask(m_composer->compose(request(u"T-1001"_s)));

    QVERIFY2(offline.ok(), qPrintable(offline.error ? offline.error->toString() : QString()));
    QVERIFY(offline.context);
    QCOMPARE(offline.context->source, OutreachContext::Source::Cache);
    QCOMPARE(offline.context->ticket.id, u"T-1001"_s);
    QCOMPARE(offline.context->project.id, online.context->project.id);
    QVERIFY(!offline.generated.message.isEmpty());
    QCOMPARE(modelRequests(), 2);
}

void TestOutreachComposer::aSecondCompositionWhileOneRunsIsRefused() {
    m_model->setChunkDelay(10);
    QCoro::Task<OutreachComposer::Composition> first = m_composer->compose(request(u"T-1001"_s));
    QVERIFY(m_composer->isRunning());
    const OutreachComposer::Composition second =
        awaitTask(m_composer->compose(request(u"T-1002"_s)));
    QVERIFY(second.cancelled());
    QVERIFY(!second.context);

    const OutreachComposer::Composition composition = awaitTask(std::move(first));
    QVERIFY(composition.ok());
    QCOMPARE(composition.context->ticket.id, u"T-1001"_s);
    QCOMPARE(modelRequests(), 1);
}

QTEST_GUILESS_MAIN(TestOutreachComposer)
#include "tst_outreachcomposer.moc"

// A llama.cpp server started with a small context: the composer asks it, the request fits it,
// and nothing is cut or refused, while the setting (128,000) alone would have overflowed it.
void TestOutreachComposer::theServersOwnWindowIsWhatThePromptIsBuiltFor() {
    m_model->setFlavour(FakeModelServer::Flavour::LlamaCpp);
    FakeModelServer::Model model;
    model.id = u"fake-model"_s;
    model.contextLength = 32768;
    model.runContext = 3000;
    m_model->setModels({model});
    m_model->setContextWindow(3000);
    const OutreachComposer::Composition composition =
        awaitTask(m_composer->compose(request(u"T-1001"_s)));
    QVERIFY2(composition.ok(),
             qPrintable(composition.error ? composition.error->toString() : QString()));
    QCOMPARE(m_model->requests(u"llamacpp.props"_s).size(), 1);
    const int output = m_model->lastRequestBody().value(u"max_tokens"_s).toInt();
    QVERIFY2(output < 4000, qPrintable(QString::number(output)));
    QVERIFY(composition.generated.usage->promptTokens + output <= 3000);
    QVERIFY(composition.response->isReady() || !composition.response->metadata.findings.isEmpty());
    for (const ComplianceFinding &finding : composition.response->metadata.findings)
        QVERIFY(finding.kind != ComplianceFinding::Kind::IncompleteDraft);

    // A server that tells nothing: the setting is used, and the prompt it cuts is caught.
    m_model->setFlavour(FakeModelServer::Flavour::OpenAI);
    m_model->setContextWindow(1500);
    const OutreachComposer::Composition cut = awaitTask(m_composer->compose(request(u"T-1001"_s)));
    QVERIFY(!cut.ok());
    QCOMPARE(cut.error->serverCode(), u"prompt_cut"_s);
    QVERIFY(!cut.response->isReady());
}
