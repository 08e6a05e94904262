// TicketSync: the first sync fetches everything (and the projects and prospects it names), later
// ones only what changed; an interrupted sync resumes; invalid tickets are reported, not stored;
// the CRM wins for its data and the rep's own records are never touched.
#include "ActivityTracker.h"
#include "AwaitTask.h"
#include "CrmTestRig.h"
#include "Outbox.h"
#include "TicketSync.h"

#include <QSignalSpy>
#include <QSqlQuery>

using namespace Qt::StringLiterals;
using Fault = FakeCrmServer::Fault;

class TestTicketSync : public QObject {
    Q_OBJECT

private slots:
    void firstSyncFetchesEverythingAndReportsProgress() {
        CrmTestRig rig;
        QVERIFY(rig.start());
        TicketSync sync(*rig.cache, rig.client);
        sync.setPageSize(20);
        QSignalSpy progress(&sync, &TicketSync::progress);
        const TicketSync::Report report = awaitTask(sync.sync());
        QVERIFY2(report.ok(), qPrintable(report.ok() ? QString() : report.error->toString()));
        const int total = int(rig.server.ticketIds().size());
        QCOMPARE(report.fetched, total);
        QCOMPARE(report.stored, total);
        QCOMPARE(report.pages, (total + 19) / 20);
        QCOMPARE(progress.size(), report.pages);
        QCOMPARE(progress.constLast().at(0).toInt(), total);
        QCOMPARE(rig.cache->ticketCount(), total);
        // The projects and prospects the tickets name came along, so the list is complete.
        QVERIFY(report.relatedFetched > 0);
        for (const QString &id : rig.server.ticketIds()) {
            const std::optional<Ticket> ticket = rig.cache->ticket(id);
            QVERIFY(ticket);
            QVERIFY2(rig.cache->project(ticket->projectId), qPrintable(ticket->projectId));
            QVERIFY2(rig.cache->prospect(ticket->prospectId), qPrintable(ticket->prospectId));
        }
        QVERIFY(sync.lastSuccess().isValid());
        QVERIFY(!rig.cache->meta(QString::fromLatin1(TicketSync::HighWaterKey)).isEmpty());
    }

    void laterSyncsFetchOnlyWhatChangedAndTheCrmWins() {
        CrmTestRig rig;
        QVERIFY(rig.start());
        TicketSync sync(*rig.cache, rig.client);
        QVERIFY(awaitTask(sync.sync()).ok());
        rig.server.clearRequests();

        TicketSync::Report report = awaitTask(sync.sync());
        QVERIFY(report.ok());
        QVERIFY2(report.fetched <= 2, qPrintable(QString::number(report.fetched))); // the boundary
        QVERIFY(rig.server.requests(u"tickets.list"_s)
                    .constFirst()
                    .query.hasQueryItem(u"updated_since"_s));

        QJsonObject changed = rig.server.ticket(u"T-1001"_s);
        changed[u"title"_s] = u"Changed in the CRM"_s;
        changed[u"status"_s] = u"won"_s;
        changed[u"updated_at"_s] = u"2030-01-01T00:00:00Z"_s;
        QVERIFY(rig.server.putTicket(changed));
        report = awaitTask(sync.sync());
        QVERIFY(report.ok());
        QVERIFY(report.fetched <= 2);
        QCOMPARE(rig.cache->ticket(u"T-1001"_s)->title, u"Changed in the CRM"_s);
        QCOMPARE(rig.cache->ticket(u"T-1001"_s)->status, Ticket::Status::Won);
    }

    void anInterruptedSyncResumesWhereItStopped() {
        CrmTestRig rig;
        QVERIFY(rig.start());
        TicketSync sync(*rig.cache, rig.client);
        sync.setPageSize(10);
        // The first page goes through, then the CRM refuses.
        QObject::connect(&rig.server, &FakeHttpServer::requestCompleted, &rig.server,
                         [&rig](const RecordedRequest &request) {
                             if (request.route == u"tickets.list"_s)
                                 rig.server.setFault(u"tickets.list"_s, Fault::httpStatus(400));
                         });
        TicketSync::Report report = awaitTask(sync.sync());
        QVERIFY(!report.ok());
        QCOMPARE(report.stored, 10);
        QCOMPARE(rig.cache->ticketCount(), 10);
        QObject::disconnect(&rig.server, &FakeHttpServer::requestCompleted, nullptr, nullptr);
        rig.server.clearFaults();
        rig.server.clearRequests();

        report = awaitTask(sync.sync());
        QVERIFY(report.ok());
        QCOMPARE(rig.cache->ticketCount(), int(rig.server.ticketIds().size()));
        // It did not start over: the tenth ticket (the boundary) is the only one fetched twice.
        QVERIFY(report.fetched <= int(rig.server.ticketIds().size()) - 9);
    }

    void invalidTicketsAreReportedAndTheRestStored() {
        CrmTestRig rig;
        QVERIFY(rig.start());
        QJsonObject broken = rig.server.ticket(u"T-1002"_s);
        broken[u"status"_s] = u"archived"_s;
        QVERIFY(rig.server.putTicket(broken));
        TicketSync sync(*rig.cache, rig.client);
        const TicketSync::Report report = awaitTask(sync.sync());
        QVERIFY(report.ok());
        QCOMPARE(report.rejected.size(), 1);
        QCOMPARE(report.rejected.constFirst().entityId(), u"T-1002"_s);
        QCOMPARE(report.rejected.constFirst().field(), u"status"_s);
        QCOMPARE(rig.cache->ticketCount(), int(rig.server.ticketIds().size()) - 1);
        QVERIFY(!rig.cache->ticket(u"T-1002"_s));
    }

    void aSyncNeverTouchesTheRepsOwnRecords() {
        CrmTestRig rig;
        QVERIFY(rig.start());
        Outbox outbox(*rig.cache, rig.client);
        outbox.setPaused(true);
        ActivityTracker tracker(*rig.cache, outbox);
        OutreachActivity activity;
        activity.messageId = u"M-local"_s;
        activity.content = u"My draft, stored locally."_s;
        activity.createdAt = QDateTime::currentDateTimeUtc();
        QVERIFY(tracker.addOutreachActivity(u"T-1001"_s, activity).ok());

        TicketSync sync(*rig.cache, rig.client);
        QVERIFY(awaitTask(sync.sync()).ok());
        QCOMPARE(tracker.messages(u"T-1001"_s).size(), 1);
        QCOMPARE(tracker.messages(u"T-1001"_s).constFirst().content, activity.content);
        QCOMPARE(outbox.pendingCount(), 1);
        QVERIFY(rig.server.activities().isEmpty());
    }

    void oneSyncAtATime() {
        CrmTestRig rig;
        QVERIFY(rig.start());
        rig.server.setLatency(u"*"_s, 50);
        TicketSync sync(*rig.cache, rig.client);
        auto first = sync.sync();
        QVERIFY(sync.isSyncing());
        const TicketSync::Report second = awaitTask(sync.sync());
        QVERIFY(!second.ok());
        QVERIFY(awaitTask(std::move(first)).ok());
        QVERIFY(!sync.isSyncing());
    }

    void unreachableCrmLeavesTheCacheAsItWas() {
        CrmTestRig rig;
        QVERIFY(rig.start());
        rig.client.setBaseUrl(QUrl(u"http://127.0.0.1:9"_s));
        TicketSync sync(*rig.cache, rig.client);
        const TicketSync::Report report = awaitTask(sync.sync());
        QVERIFY(!report.ok());
        QCOMPARE(report.error->code(), OutreachError::Code::Network);
        QCOMPARE(rig.cache->ticketCount(), 0);
        QVERIFY(!sync.lastSuccess().isValid());
    }
};

QTEST_GUILESS_MAIN(TestTicketSync)
#include "tst_ticketsync.moc"
