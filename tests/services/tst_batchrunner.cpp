// SPDX-License-Identifier: GPL-3.0-or-later
// Batch drafting against the fake model server on the demo workspace: every ticket drafted into
// its own autosaved draft, skips and failures with their reasons, a 429 that holds every worker,
// pause and resume without drafting a ticket twice, and cancel keeping what was finished.

#include "FakeModelServer.h"
#include "batch/BatchRunner.h"
#include "crm/ContextAssembler.h"
#include "domain/Draft.h"
#include "storage/BatchStore.h"
#include "storage/CacheStore.h"
#include "storage/DemoWorkspace.h"
#include "storage/DraftStore.h"
#include "support/TestRetryPolicies.h"

#include <QCoroTask>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

class TestBatchRunner : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void draftsEachTicketIntoItsDraft();
    void skipsAndFailsWithTheReason();
    void aModelFailureFailsTheTicketWithTheReason();
    void aRateLimitHoldsEveryWorker();
    void pauseAndResumeDraftEachTicketOnce();
    void cancelKeepsWhatIsFinished();

private:
    qint64 createJob(const QStringList &tickets) {
        BatchJob job;
        job.prompt = u"Follow up on their demo request."_s;
        job.scope = u"test"_s;
        const Result<qint64> id = m_runner->store().createJob(job, tickets);
        return id.ok() ? id.value() : 0;
    }
    void run(qint64 jobId) {
        QCoro::Task<void> running = m_runner->run(jobId);
        QCoro::waitFor(std::move(running));
    }
    // Chat requests per ticket, read off the ids in each request's user message.
    QHash<QString, int> requestsPerTicket() const {
        QHash<QString, int> counts;
        static const QRegularExpression ticketId(u"T-\\d+"_s);
        for (const RecordedRequest &request : m_model->requests(u"openai"_s)) {
            const QJsonArray messages =
                QJsonDocument::fromJson(request.body).object().value(u"messages"_s).toArray();
            const QString user = messages.last().toObject().value(u"content"_s).toString();
            const QRegularExpressionMatch match = ticketId.match(user);
            if (match.hasMatch())
                ++counts[match.captured()];
        }
        return counts;
    }
    const QStringList openTickets{u"T-1005"_s, u"T-1029"_s, u"T-1027"_s,
                                  u"T-1036"_s, u"T-1046"_s, u"T-1034"_s};

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<CacheStore> m_cache;
    std::unique_ptr<FakeModelServer> m_model;
    std::unique_ptr<ContextAssembler> m_assembler;
    std::unique_ptr<BatchRunner> m_runner;
    BatchRunner::Settings m_settings;
};

void TestBatchRunner::init() {
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    Result<std::unique_ptr<CacheStore>> opened =
        CacheStore::open(m_dir->filePath(u"cache.sqlite"_s));
    QVERIFY(opened.ok());
    m_cache = std::move(opened).value();
    QVERIFY(DemoWorkspace::load(*m_cache).ok());
    m_model = std::make_unique<FakeModelServer>();
    QVERIFY(m_model->start());
    m_assembler = std::make_unique<ContextAssembler>(*m_cache, nullptr);
    m_runner = std::make_unique<BatchRunner>(*m_cache, *m_assembler);
    m_settings = {};
    m_settings.endpoint.provider = ModelEndpoint::Provider::OpenAI;
    m_settings.endpoint.baseUrl = m_model->openAiBaseUrl();
    m_settings.endpoint.model = u"gpt-4o-mini"_s;
    m_settings.endpoint.apiKey = u"sk-test-batch"_s;
    m_settings.retryPolicy = TestRetryPolicies::quick();
    m_runner->setSettings(m_settings);
}

void TestBatchRunner::cleanup() {
    m_runner.reset();
    m_assembler.reset();
    m_model.reset();
    m_cache.reset();
    m_dir.reset();
}

void TestBatchRunner::draftsEachTicketIntoItsDraft() {
    const qint64 jobId = createJob(openTickets);
    QSignalSpy finished(m_runner.get(), &BatchRunner::itemFinished);
    run(jobId);
    QVERIFY(!m_runner->lastError());
    const BatchStore::Counts counts = m_runner->store().counts(jobId);
    QCOMPARE(counts.drafted, int(openTickets.size()));
    QCOMPARE(counts.pending, 0);
    QCOMPARE(finished.count(), int(openTickets.size()));
    QCOMPARE(m_runner->store().job(jobId)->state, BatchJob::State::Finished);
    DraftStore drafts(*m_cache);
    for (const BatchItem &item : m_runner->store().items(jobId)) {
        QCOMPARE(item.status, BatchItem::Status::Drafted);
        QVERIFY(item.confidence.has_value());
        QVERIFY(item.promptTokens > 0);
        QVERIFY(item.completionTokens > 0);
        const std::optional<Draft> draft = drafts.load(item.ticketId);
        QVERIFY(draft.has_value());
        // The fake names the ticket it was asked about: each draft is its own ticket's.
        QVERIFY(draft->body.contains(item.ticketId));
        QCOMPARE(draft->subject, item.subject);
        QCOMPARE(draft->versionId, item.versionId);
        QCOMPARE(drafts.versions(item.ticketId).size(), 1);
    }
    for (const QString &ticket : openTickets)
        QCOMPARE(requestsPerTicket().value(ticket), 1);
    // Rate limits charge the output cap: a batch asks for what its length needs, not the
    // endpoint's general 4,000.
    for (const RecordedRequest &request : m_model->requests(u"openai"_s))
        QCOMPARE(QJsonDocument::fromJson(request.body)
                     .object()
                     .value(u"max_completion_tokens"_s)
                     .toInt(),
                 BatchRunner::outputCap(MessageLength::Medium));
}

void TestBatchRunner::skipsAndFailsWithTheReason() {
    // The rep's own unsent draft of T-1029, newer than its last interaction.
    DraftStore drafts(*m_cache);
    Draft mine;
    mine.ticketId = u"T-1029"_s;
    mine.body = u"Hi Ana, my own words."_s;
    QVERIFY(drafts.save(mine).ok());
    const qint64 jobId = createJob({u"T-1005"_s, u"T-1039"_s, u"T-1029"_s, u"T-9999"_s});
    run(jobId);
    QHash<QString, BatchItem> byTicket;
    for (const BatchItem &item : m_runner->store().items(jobId))
        byTicket.insert(item.ticketId, item);
    QCOMPARE(byTicket.value(u"T-1005"_s).status, BatchItem::Status::Drafted);
    // T-1039's prospect is marked do-not-contact in the demo workspace.
    QCOMPARE(byTicket.value(u"T-1039"_s).status, BatchItem::Status::Skipped);
    QVERIFY2(byTicket.value(u"T-1039"_s).reason.contains(u"do-not-contact"_s),
             qPrintable(byTicket.value(u"T-1039"_s).reason));
    QCOMPARE(byTicket.value(u"T-1029"_s).status, BatchItem::Status::Skipped);
    QVERIFY2(byTicket.value(u"T-1029"_s).reason.contains(u"unsent draft"_s),
             qPrintable(byTicket.value(u"T-1029"_s).reason));
    QCOMPARE(drafts.load(u"T-1029"_s)->body, mine.body);
    QCOMPARE(byTicket.value(u"T-9999"_s).status, BatchItem::Status::Failed);
    QVERIFY2(byTicket.value(u"T-9999"_s).reason.contains(u"could not be assembled"_s),
             qPrintable(byTicket.value(u"T-9999"_s).reason));
    // Only the one ticket that was drafted reached the model.
    QCOMPARE(requestsPerTicket().keys(), QList<QString>{u"T-1005"_s});
}

void TestBatchRunner::aModelFailureFailsTheTicketWithTheReason() {
    m_model->setFault(FakeModelServer::Fault::unauthorized());
    const qint64 jobId = createJob({u"T-1005"_s, u"T-1029"_s});
    run(jobId);
    const QList<BatchItem> items = m_runner->store().items(jobId);
    for (const BatchItem &item : items) {
        QCOMPARE(item.status, BatchItem::Status::Failed);
        QVERIFY2(item.reason.contains(u"401"_s), qPrintable(item.reason));
        QCOMPARE(item.promptTokens, 0);
    }
    QVERIFY(!DraftStore(*m_cache).load(u"T-1005"_s).has_value());
    QCOMPARE(m_runner->store().job(jobId)->state, BatchJob::State::Finished);
}

void TestBatchRunner::aRateLimitHoldsEveryWorker() {
    // Generous limits, so the headers let several requests fly; then one 429 of one second.
    m_model->setRateLimits(1000, 10'000'000);
    m_model->setChunkDelay(8);
    m_model->setReplyTokens(30);
    int arrived = 0;
    connect(m_model.get(), &FakeHttpServer::requestArrived, this,
            [this, &arrived](const RecordedRequest &request) {
                if (request.route == u"openai"_s && ++arrived == 3)
                    m_model->setFault(FakeModelServer::Fault::rateLimit("1", "1000"), 1);
            });
    m_settings.maxConcurrency = 3;
    m_runner->setSettings(m_settings);
    QSignalSpy rateLimited(m_runner.get(), &BatchRunner::rateLimited);
    const QStringList tickets = openTickets + QStringList{u"T-1009"_s, u"T-1030"_s, u"T-1044"_s};
    const qint64 jobId = createJob(tickets);
    run(jobId);
    QCOMPARE(m_runner->store().counts(jobId).drafted, int(tickets.size()));
    QCOMPARE(rateLimited.count(), 1);
    QCOMPARE(m_runner->progress().rateLimited, 1);

    const QList<RecordedRequest> requests = m_model->requests(u"openai"_s);
    const auto refused = std::find_if(requests.cbegin(), requests.cend(),
                                      [](const RecordedRequest &r) { return r.status == 429; });
    QVERIFY(refused != requests.cend());
    const qint64 at = refused->arrivedMs;
    // Requests sent before the 429 came back may still arrive just after it; every one sent
    // later waited out the retry-after, the refused request's worker and the others alike.
    int later = 0;
    for (const RecordedRequest &request : requests) {
        if (request.arrivedMs <= at + 50)
            continue;
        ++later;
        QVERIFY2(request.arrivedMs >= at + 950,
                 qPrintable(u"request %1 arrived %2 ms after the 429"_s.arg(request.sequence)
                                .arg(request.arrivedMs - at)));
    }
    QVERIFY(later >= 3);
}

void TestBatchRunner::pauseAndResumeDraftEachTicketOnce() {
    m_model->setChunkDelay(5);
    m_settings.maxConcurrency = 2;
    m_runner->setSettings(m_settings);
    const qint64 jobId = createJob(openTickets);
    connect(
        m_runner.get(), &BatchRunner::itemFinished, this, [this] { m_runner->pause(); },
        Qt::SingleShotConnection);
    run(jobId);
    const BatchStore::Counts paused = m_runner->store().counts(jobId);
    QCOMPARE(m_runner->store().job(jobId)->state, BatchJob::State::Paused);
    QVERIFY(paused.drafted >= 1);
    QVERIFY(paused.pending >= 1);
    QVERIFY(m_runner->store().resumableJob().has_value());

    // A crash would leave a claimed ticket behind: the next run takes it up again.
    Result<std::optional<BatchItem>> claimed = m_runner->store().claimNext(jobId);
    QVERIFY(claimed.ok() && claimed.value());
    run(jobId);
    QCOMPARE(m_runner->store().counts(jobId).drafted, int(openTickets.size()));
    QCOMPARE(m_runner->store().job(jobId)->state, BatchJob::State::Finished);
    QVERIFY(!m_runner->store().resumableJob().has_value());
    const QHash<QString, int> requests = requestsPerTicket();
    for (const QString &ticket : openTickets)
        QCOMPARE(requests.value(ticket), 1);
}

void TestBatchRunner::cancelKeepsWhatIsFinished() {
    m_model->setChunkDelay(20);
    m_model->setReplyTokens(40);
    m_settings.maxConcurrency = 2;
    m_runner->setSettings(m_settings);
    const qint64 jobId = createJob(openTickets);
    connect(
        m_runner.get(), &BatchRunner::itemFinished, this, [this] { m_runner->cancel(); },
        Qt::SingleShotConnection);
    run(jobId);
    const BatchStore::Counts counts = m_runner->store().counts(jobId);
    QCOMPARE(m_runner->store().job(jobId)->state, BatchJob::State::Cancelled);
    QVERIFY(counts.drafted >= 1);
    QCOMPARE(counts.failed, 0);
    QCOMPARE(counts.drafted + counts.pending, int(openTickets.size()));
    // What was in flight went back to the queue rather than failing.
    for (const BatchItem &item : m_runner->store().items(jobId))
        QVERIFY(item.status == BatchItem::Status::Drafted
                || item.status == BatchItem::Status::Pending);
    QVERIFY(!m_runner->store().resumableJob().has_value());
}

QTEST_GUILESS_MAIN(TestBatchRunner)
#include "tst_batchrunner.moc"
