// SPDX-License-Identifier: GPL-3.0-or-later
// Outbox: writes stored with the local record, delivered in order exactly once, kept through
// failures, restarts and a SIGKILL, and refused ones kept visible and retryable.
#include "activity/ActivityTracker.h"
#include "crm/Outbox.h"
#include "support/AwaitTask.h"
#include "support/CrmTestRig.h"
#include "support/TestRetryPolicies.h"

#include <QJsonDocument>
#include <QProcess>
#include <QSet>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTest>

using namespace Qt::StringLiterals;
using Fault = FakeCrmServer::Fault;

namespace {

OutreachActivity activity(const QString &messageId) {
    OutreachActivity result;
    result.messageId = messageId;
    result.subject = u"Re: pricing"_s;
    result.content = u"Hi Lee — following up on the analytics add-on. Grüße!"_s;
    result.metadata.usedContext = {u"ticket"_s, u"prospect.preferences"_s};
    result.metadata.confidence = 0.8;
    result.metadata.model = u"gpt-test"_s;
    result.createdAt = QDateTime::currentDateTimeUtc();
    return result;
}

int rowCount(CacheStore &cache, const QString &sql) {
    QSqlQuery query(cache.database());
    if (!query.exec(sql) || !query.next())
        return -1;
    return query.value(0).toInt();
}

QStringList messageIds(const QList<QJsonObject> &activities) {
    QStringList ids;
    for (const QJsonObject &activity : activities)
        ids.append(activity.value(u"message_id"_s).toString());
    return ids;
}

} // namespace

class TestOutbox : public QObject {
    Q_OBJECT

private slots:
    void deliversEachKindOnceWithItsLocalRecord() {
        CrmTestRig rig;
        QVERIFY(rig.start());
        Outbox outbox(*rig.cache, rig.client);
        outbox.setPaused(true);
        ActivityTracker tracker(*rig.cache, outbox);

        const auto key = tracker.addOutreachActivity(u"T-1001"_s, activity(u"M-1"_s));
        QVERIFY(key.ok());
        ActivityEvent sent;
        sent.type = ActivityEvent::Type::Sent;
        sent.occurredAt = QDateTime::currentDateTimeUtc();
        QVERIFY(tracker.trackOutreachActivity(u"T-1001"_s, u"M-1"_s, sent).ok());
        EffectivenessMetrics metrics;
        metrics.replied = true;
        metrics.replySentiment = EffectivenessMetrics::Sentiment::Positive;
        metrics.updatedAt = QDateTime::currentDateTimeUtc();
        QVERIFY(tracker.updateEffectiveness(u"T-1001"_s, u"M-1"_s, metrics).ok());

        // Stored locally before anything was sent.
        QCOMPARE(tracker.messages(u"T-1001"_s).size(), 1);
        QCOMPARE(tracker.messages(u"T-1001"_s).constFirst().content, activity(u"M-1"_s).content);
        QCOMPARE(tracker.events(u"M-1"_s).size(), 1);
        QCOMPARE(outbox.pendingCount(), 3);
        QVERIFY(rig.server.requests().isEmpty());

        const Outbox::Report report = awaitTask(outbox.deliver());
        QCOMPARE(report.delivered, 3);
        QCOMPARE(report.pending, 0);
        QCOMPARE(outbox.pendingCount(), 0);
        QCOMPARE(rig.server.activities(u"T-1001"_s).size(), 1);
        QCOMPARE(rig.server.activities(u"T-1001"_s).constFirst().value(u"content"_s).toString(),
                 activity(u"M-1"_s).content);
        QCOMPARE(rig.server.events(u"T-1001"_s).size(), 1);
        QCOMPARE(rig.server.effectiveness().value(u"M-1"_s).value(u"replied"_s).toBool(), true);
        QCOMPARE(rig.server.timesStored(key.value()), 1);
        // In the order they were queued.
        const auto requests = rig.server.requests();
        QCOMPARE(requests.size(), 3);
        QCOMPARE(requests.at(0).route, u"activities.post"_s);
        QCOMPARE(requests.at(1).route, u"events.post"_s);
        QCOMPARE(requests.at(2).route, u"effectiveness.put"_s);
        QCOMPARE(requests.at(0).header("Idempotency-Key"), key.value());
        QCOMPARE(outbox.entries(Outbox::State::Delivered).size(), 3);
    }

    void aFailedLocalRecordQueuesNothing() {
        CrmTestRig rig;
        QVERIFY(rig.start());
        Outbox outbox(*rig.cache, rig.client);
        outbox.setPaused(true);
        ActivityTracker tracker(*rig.cache, outbox);
        QVERIFY(tracker.addOutreachActivity(u"T-1001"_s, activity(u"M-1"_s)).ok());
        // The same message id again: the local insert fails, so no second write is queued.
        const auto again = tracker.addOutreachActivity(u"T-1001"_s, activity(u"M-1"_s));
        QVERIFY(!again.ok());
        QCOMPARE(again.error().code(), OutreachError::Code::Storage);
        QCOMPARE(outbox.pendingCount(), 1);
        // And an invalid activity is refused before anything is stored.
        OutreachActivity invalid = activity(u"M-2"_s);
        invalid.content.clear();
        QVERIFY(!tracker.addOutreachActivity(u"T-1001"_s, invalid).ok());
        QCOMPARE(outbox.pendingCount(), 1);
        QCOMPARE(rowCount(*rig.cache, u"SELECT count(*) FROM messages"_s), 1);
    }

    void aLostResponseIsRetriedWithTheSameKeyAndStoredOnce() {
        CrmTestRig rig;
        QVERIFY(rig.start());
        // Stored by the CRM, then the connection drops before the client hears it.
        rig.server.setFault(u"activities.post"_s, Fault::dropConnection().afterHandling(), 1);
        Outbox outbox(*rig.cache, rig.client);
        outbox.setPaused(true);
        ActivityTracker tracker(*rig.cache, outbox);
        const auto key = tracker.addOutreachActivity(u"T-1002"_s, activity(u"M-9"_s));
        QVERIFY(key.ok());
        const Outbox::Report report = awaitTask(outbox.deliver());
        QCOMPARE(report.delivered, 1);
        QCOMPARE(rig.server.writeAttempts(key.value()), 2);
        QCOMPARE(rig.server.timesStored(key.value()), 1);
        QCOMPARE(rig.server.activities().size(), 1);
    }

    void aRefusedWriteIsMarkedFailedVisiblyAndCanBeRetried() {
        CrmTestRig rig;
        QVERIFY(rig.start());
        Fault refused = Fault::httpStatus(422);
        refused.errorCode = u"invalid_activity"_s;
        rig.server.setFault(u"activities.post"_s, refused, 1);
        Outbox outbox(*rig.cache, rig.client);
        outbox.setPaused(true);
        QSignalSpy counts(&outbox, &Outbox::countsChanged);
        ActivityTracker tracker(*rig.cache, outbox);
        QVERIFY(tracker.addOutreachActivity(u"T-1003"_s, activity(u"M-1"_s)).ok());
        QVERIFY(tracker.addOutreachActivity(u"T-1003"_s, activity(u"M-2"_s)).ok());

        Outbox::Report report = awaitTask(outbox.deliver());
        // The refused row does not hold up the next one, and is never retried by itself.
        QCOMPARE(report.failed, 1);
        QCOMPARE(report.delivered, 1);
        QCOMPARE(outbox.failedCount(), 1);
        QCOMPARE(outbox.pendingCount(), 0);
        QCOMPARE(rig.server.requests(u"activities.post"_s).size(), 2);
        const QList<Outbox::Entry> failed = outbox.entries(Outbox::State::Failed);
        QCOMPARE(failed.size(), 1);
        QCOMPARE(failed.constFirst().messageId, u"M-1"_s);
        QVERIFY2(failed.constFirst().lastError.contains(u"422"_s),
                 qPrintable(failed.constFirst().lastError));
        QCOMPARE(counts.constLast().at(1).toInt(), 1);

        // By hand, once the cause is fixed.
        const Result<int> requeued = outbox.retryFailed(failed.constFirst().seq);
        QVERIFY(requeued.ok());
        QCOMPARE(requeued.value(), 1);
        report = awaitTask(outbox.deliver());
        QCOMPARE(report.delivered, 1);
        QCOMPARE(outbox.failedCount(), 0);
        QCOMPARE(rig.server.activities().size(), 2);
    }

    void aRefusedMessageHoldsItsEventsUntilRetried() {
        CrmTestRig rig;
        QVERIFY(rig.start());
        Fault refused = Fault::httpStatus(422);
        refused.errorCode = u"invalid_activity"_s;
        rig.server.setFault(u"activities.post"_s, refused, 1);
        Outbox outbox(*rig.cache, rig.client);
        outbox.setPaused(true);
        ActivityTracker tracker(*rig.cache, outbox);
        using Milestone = ActivityTracker::Milestone;
        QVERIFY(tracker.addOutreachActivity(u"T-1003"_s, activity(u"M-1"_s)).ok());
        QVERIFY(tracker.recordOutcome(u"T-1003"_s, u"M-1"_s, Milestone::RepliedPositive).ok());
        // Another message queued after it goes out: only M-1's own writes wait.
        QVERIFY(tracker.addOutreachActivity(u"T-1003"_s, activity(u"M-2"_s)).ok());
        QVERIFY(tracker.recordOutcome(u"T-1003"_s, u"M-2"_s, Milestone::Sent).ok());

        Outbox::Report report = awaitTask(outbox.deliver(Outbox::Mode::Flush));
        QCOMPARE(report.failed, 1);
        QCOMPARE(outbox.failedCount(), 1);
        QVERIFY(outbox.waitingCount() >= 2); // M-1's event and its metrics
        QCOMPARE(outbox.pendingCount(), outbox.waitingCount());
        QCOMPARE(messageIds(rig.server.activities()), QStringList{u"M-2"_s});
        QCOMPARE(rig.server.requests(u"events.post"_s).size(), 1); // M-2's only
        QVERIFY(rig.server.requests(u"events.post"_s).constFirst().path.contains(u"/M-2/"_s));
        const QList<Outbox::Entry> failed = outbox.entries(Outbox::State::Failed);
        QCOMPARE(failed.size(), 1);
        QCOMPARE(failed.constFirst().waiting, outbox.waitingCount());

        // A background run leaves them waiting too, and does not spin on them.
        report = awaitTask(outbox.deliver());
        QCOMPARE(report.delivered, 0);
        QCOMPARE(rig.server.requests(u"events.post"_s).size(), 1);

        // Retried, the message goes first and what waited follows it, in order.
        QVERIFY(outbox.retryFailed(failed.constFirst().seq).ok());
        report = awaitTask(outbox.deliver(Outbox::Mode::Flush));
        QCOMPARE(outbox.pendingCount(), 0);
        QCOMPARE(outbox.failedCount(), 0);
        QCOMPARE(messageIds(rig.server.activities()), (QStringList{u"M-2"_s, u"M-1"_s}));
        QCOMPARE(rig.server.events(u"T-1003"_s).size(), 2);
        const QList<RecordedRequest> writes = rig.server.requests();
        qsizetype m1Activity = -1, m1Event = -1;
        for (qsizetype i = 0; i < writes.size(); ++i) {
            const RecordedRequest &write = writes.at(i);
            if (write.route == u"activities.post"_s && write.body.contains("M-1")
                && write.status < 300)
                m1Activity = i;
            if (write.route == u"events.post"_s && write.path.contains(u"/M-1/"_s))
                m1Event = i;
        }
        QVERIFY(m1Activity >= 0);
        QVERIFY(m1Event > m1Activity);
    }

    void droppingARefusedMessageDropsWhatWaitsForIt() {
        CrmTestRig rig;
        QVERIFY(rig.start());
        rig.server.setFault(u"activities.post"_s, Fault::httpStatus(422), 1);
        Outbox outbox(*rig.cache, rig.client);
        outbox.setPaused(true);
        ActivityTracker tracker(*rig.cache, outbox);
        QVERIFY(tracker.addOutreachActivity(u"T-1003"_s, activity(u"M-1"_s)).ok());
        QVERIFY(
            tracker.recordOutcome(u"T-1003"_s, u"M-1"_s, ActivityTracker::Milestone::MeetingBooked)
                .ok());
        awaitTask(outbox.deliver(Outbox::Mode::Flush));
        const QList<Outbox::Entry> failed = outbox.entries(Outbox::State::Failed);
        QCOMPARE(failed.size(), 1);
        const int waiting = failed.constFirst().waiting;
        QVERIFY(waiting >= 1);

        const Result<int> none = outbox.dropFailed(failed.constFirst().seq + 1000); // no such row
        QVERIFY(none.ok());
        QCOMPARE(none.value(), 0);
        const Result<int> dropped = outbox.dropFailed(failed.constFirst().seq);
        QVERIFY(dropped.ok());
        QCOMPARE(dropped.value(), 1 + waiting);
        QCOMPARE(outbox.pendingCount(), 0);
        QCOMPARE(outbox.failedCount(), 0);
        QCOMPARE(outbox.entries(Outbox::State::Dropped).size(), 1 + waiting);
        awaitTask(outbox.deliver(Outbox::Mode::Flush));
        QCOMPARE(rig.server.events().size(), 0);
        // The rep's own record of the message stays.
        QCOMPARE(tracker.messages(u"T-1003"_s).size(), 1);
    }

    void transientFailuresKeepTheRowAndTheOrder() {
        CrmTestRig rig;
        QVERIFY(rig.start());
        rig.server.setFault(u"activities.post"_s, Fault::httpStatus(503));
        Outbox outbox(*rig.cache, rig.client);
        outbox.setPaused(true);
        ActivityTracker tracker(*rig.cache, outbox);
        QVERIFY(tracker.addOutreachActivity(u"T-1004"_s, activity(u"M-1"_s)).ok());
        ActivityEvent sent;
        sent.occurredAt = QDateTime::currentDateTimeUtc();
        QVERIFY(tracker.trackOutreachActivity(u"T-1004"_s, u"M-1"_s, sent).ok());

        Outbox::Report report = awaitTask(outbox.deliver());
        QCOMPARE(report.delivered, 0);
        QCOMPARE(report.failed, 0);
        QCOMPARE(report.pending, 2);
        QVERIFY(report.stoppedBy);
        QCOMPARE(report.stoppedBy->httpStatus(), 503);
        // 1 + 2 retries of the first row; the event behind it waits its turn.
        QCOMPARE(rig.server.requests(u"activities.post"_s).size(), 3);
        QCOMPARE(rig.server.requests(u"events.post"_s).size(), 0);
        const Outbox::Entry head = outbox.entries(Outbox::State::Pending).constFirst();
        QCOMPARE(head.attempts, 1);
        QVERIFY(head.nextAttemptAt > QDateTime::currentDateTimeUtc());
        // Not due yet: a background run leaves it alone.
        report = awaitTask(outbox.deliver());
        QCOMPARE(rig.server.requests(u"activities.post"_s).size(), 3);

        rig.server.clearFaults();
        report = awaitTask(outbox.deliver(Outbox::Mode::Flush));
        QCOMPARE(report.delivered, 2);
        QCOMPARE(rig.server.activities().size(), 1);
        QCOMPARE(rig.server.events().size(), 1);
    }

    void aRejectedTokenKeepsWritesQueued() {
        CrmTestRig rig;
        QVERIFY(rig.start());
        rig.client.setToken(u"expired"_s);
        Outbox outbox(*rig.cache, rig.client);
        outbox.setPaused(true);
        ActivityTracker tracker(*rig.cache, outbox);
        QVERIFY(tracker.addOutreachActivity(u"T-1005"_s, activity(u"M-1"_s)).ok());
        QVERIFY(tracker.addOutreachActivity(u"T-1005"_s, activity(u"M-2"_s)).ok());
        Outbox::Report report = awaitTask(outbox.deliver());
        QCOMPARE(report.failed, 0);
        QCOMPARE(report.pending, 2);
        QCOMPARE(report.stoppedBy->code(), OutreachError::Code::Auth);
        QCOMPARE(rig.server.requests().size(), 1); // 401 is not retried, and the run stops
        rig.client.setToken(u"test-token"_s);
        report = awaitTask(outbox.deliver(Outbox::Mode::Flush));
        QCOMPARE(report.delivered, 2);
    }

    void deliveryResumesAfterARestartAndWhenTheNetworkReturns() {
        CrmTestRig rig;
        QVERIFY(rig.start());
        const QUrl serverUrl = rig.server.baseUrl();
        {
            // Offline: a port nothing listens on.
            RestCrmConnector offline;
            offline.setBaseUrl(QUrl(u"http://127.0.0.1:9"_s));
            offline.setToken(u"test-token"_s);
            offline.transport()->setRetryPolicy(TestRetryPolicies::quick());
            Outbox outbox(*rig.cache, offline);
            outbox.setPaused(true);
            ActivityTracker tracker(*rig.cache, outbox);
            QVERIFY(tracker.addOutreachActivity(u"T-1006"_s, activity(u"M-1"_s)).ok());
            const Outbox::Report report = awaitTask(outbox.deliver());
            QCOMPARE(report.pending, 1);
            QCOMPARE(report.stoppedBy->code(), OutreachError::Code::Network);
        }
        // "Restart": a new cache connection and a new outbox on the same file.
        rig.cache.reset();
        auto reopened = CacheStore::open(rig.databasePath());
        QVERIFY(reopened.ok());
        rig.cache = std::move(reopened).value();
        Outbox outbox(*rig.cache, rig.client);
        QCOMPARE(outbox.pendingCount(), 1);
        QSignalSpy delivered(&outbox, &Outbox::entryDelivered);
        // A plain background run (after an enqueue, say) honours the backoff. The session itself
        // uses deliverWaitingNow() at start-up and when the CRM answers again (tst_crmintegration).
        outbox.scheduleDelivery();
        // The row is not due yet (it backed off), so the scheduled run waits for it...
        QTest::qWait(100);
        QCOMPARE(delivered.size(), 0);
        // ...and a Flush (the --flush-outbox path, or the rep pressing retry) sends it now.
        const Outbox::Report report = awaitTask(outbox.deliver(Outbox::Mode::Flush));
        QCOMPARE(report.delivered, 1);
        QCOMPARE(rig.server.activities(u"T-1006"_s).size(), 1);
        Q_UNUSED(serverUrl);
    }

    void killedMidDeliveryLosesNothingAndSendsNothingTwice() {
        CrmTestRig rig;
        QVERIFY(rig.start());
        // 30 % of writes are stored by the CRM and then answered 503 (the client must retry
        // with the same key), with a small latency so the kill lands mid-delivery.
        rig.server.setLatency(u"activities.post"_s, 3);
        rig.server.setFailureProbability(u"activities.post"_s, 0.3,
                                         Fault::httpStatus(503, "0"_ba).afterHandling(), 20261125);
        const QString dataDir = rig.dir.filePath(u"app"_s);
        QVERIFY(QDir().mkpath(dataDir));
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(u"OUTREACHGPT_CRM_TOKEN"_s, u"test-token"_s);

        QProcess producer;
        producer.setProcessEnvironment(environment);
        producer.start(QStringLiteral(OUTBOX_PRODUCER),
                       {dataDir, rig.server.baseUrl().toString(), u"200"_s});
        QVERIFY(producer.waitForStarted());
        QByteArray producerOutput;
        QTRY_VERIFY_WITH_TIMEOUT(
            (producerOutput += producer.readAllStandardOutput(),
             producerOutput.contains("queued 200") && rig.server.activities().size() >= 60)
                || producer.state() == QProcess::NotRunning,
            60'000);
        QCOMPARE(producer.state(), QProcess::Running);
        producer.kill(); // SIGKILL: no cleanup, no last commit
        QTRY_COMPARE_WITH_TIMEOUT(producer.state(), QProcess::NotRunning, 10'000);
        const qsizetype storedBeforeKill = rig.server.activities().size();
        QVERIFY2(storedBeforeKill < 200, "the kill came too late to test anything");

        // The second run is the app itself, headless.
        QProcess app;
        app.setProcessEnvironment(environment);
        app.start(QStringLiteral(OUTREACHGPT_EXECUTABLE),
                  {u"--data-dir"_s, dataDir, u"--crm-url"_s, rig.server.baseUrl().toString(),
                   u"--flush-outbox"_s});
        QVERIFY(app.waitForStarted());
        QTRY_COMPARE_WITH_TIMEOUT(app.state(), QProcess::NotRunning, 120'000);
        const QString output = QString::fromUtf8(app.readAllStandardOutput())
                               + QString::fromUtf8(app.readAllStandardError());
        QVERIFY2(app.exitCode() == 0, qPrintable(output));

        // Every message once: none lost, none twice.
        const QStringList ids = messageIds(rig.server.activities());
        QCOMPARE(QSet<QString>(ids.cbegin(), ids.cend()).size(), ids.size());
        auto cache = CacheStore::open(QDir(dataDir).filePath(u"outreachgpt.sqlite"_s));
        QVERIFY(cache.ok());
        QCOMPARE(rowCount(*cache.value(), u"SELECT count(*) FROM messages"_s), ids.size());
        QCOMPARE(
            rowCount(*cache.value(), u"SELECT count(*) FROM outbox WHERE state = 'delivered'"_s),
            ids.size());
        QCOMPARE(rowCount(*cache.value(), u"SELECT count(*) FROM outbox WHERE state != "
                                          "'delivered'"_s),
                 0);
        QCOMPARE(ids.size(), 200);
        QSqlQuery keys(cache.value()->database());
        QVERIFY(keys.exec(u"SELECT idempotency_key FROM outbox"_s));
        int checked = 0;
        while (keys.next()) {
            QCOMPARE(rig.server.timesStored(keys.value(0).toString().toLatin1()), 1);
            ++checked;
        }
        QCOMPARE(checked, ids.size());
        QVERIFY2(output.contains(u"0 pending"_s), qPrintable(output));
        qInfo("queued %lld, %lld stored before the kill, every one stored exactly once",
              qlonglong(ids.size()), qlonglong(storedBeforeKill));
    }
};

QTEST_GUILESS_MAIN(TestOutbox)
#include "tst_outbox.moc"
