// SPDX-License-Identifier: GPL-3.0-or-later
// TicketSync: the first sync fetches everything (and the projects and prospects it names), later
// ones only what changed; an interrupted sync resumes; invalid tickets are reported, not stored;
// the CRM wins for its data and the rep's own records are never touched.
#include "activity/ActivityTracker.h"
#include "crm/Outbox.h"
#include "crm/TicketSync.h"
#include "domain/JsonReader.h"
#include "support/AwaitTask.h"
#include "support/CrmTestRig.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTest>

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

    void effectivenessKnownToTheCrmComesWithASync() {
        CrmTestRig rig;
        QVERIFY(rig.start());
        TicketSync sync(*rig.cache, rig.client);
        QVERIFY(awaitTask(sync.sync()).ok());

        // Three tickets of three prospects: a recent message still waiting for an outcome, an
        // old one, and one that already led to a meeting.
        QStringList tickets;
        QStringList prospects;
        for (const QString &id : rig.server.ticketIds()) {
            const QString prospect = rig.cache->ticket(id)->prospectId;
            if (!prospects.contains(prospect)) {
                tickets.append(id);
                prospects.append(prospect);
            }
            if (tickets.size() == 3)
                break;
        }
        QCOMPARE(tickets.size(), 3);
        Outbox outbox(*rig.cache, rig.client);
        outbox.setPaused(true);
        ActivityTracker tracker(*rig.cache, outbox);
        const QDateTime now = QDateTime::currentDateTimeUtc();
        const QStringList messages{u"M-recent"_s, u"M-old"_s, u"M-met"_s};
        const QList<QDateTime> sentAt{now.addDays(-2), now.addDays(-40), now.addDays(-3)};
        for (int i = 0; i < 3; ++i) {
            OutreachActivity activity;
            activity.messageId = messages.at(i);
            activity.content = u"Hello"_s;
            activity.createdAt = sentAt.at(i);
            QVERIFY(tracker.addOutreachActivity(tickets.at(i), activity).ok());
            QVERIFY(tracker
                        .recordOutcome(tickets.at(i), messages.at(i),
                                       ActivityTracker::Milestone::Sent, sentAt.at(i))
                        .ok());
        }
        QVERIFY(
            tracker
                .recordOutcome(tickets.at(2), u"M-met"_s, ActivityTracker::Milestone::MeetingBooked)
                .ok());
        const int pending = outbox.pendingCount();

        // In the CRM, the prospects answered the first two.
        for (int i = 0; i < 2; ++i) {
            QJsonObject history = rig.cache->prospect(prospects.at(i))->toJson();
            history.insert(
                u"past_outcomes"_s,
                QJsonArray{QJsonObject{{u"message_id"_s, messages.at(i)},
                                       {u"sent_at"_s, JsonReader::timestampString(sentAt.at(i))},
                                       {u"replied"_s, true},
                                       {u"meeting_booked"_s, true}}});
            QVERIFY(rig.server.putProspect(history));
        }
        rig.server.clearRequests();
        const TicketSync::Report report = awaitTask(sync.sync());
        QVERIFY(report.ok());
        QCOMPARE(report.outcomesRefreshed, 1);
        const auto historyRequests = rig.server.requests(u"prospects.history"_s);
        QCOMPARE(historyRequests.size(), 1);
        QCOMPARE(historyRequests.constFirst().pathParams.value(u"id"_s), prospects.at(0));

        const std::optional<MessageOutcome> recent = tracker.outcome(u"M-recent"_s);
        QVERIFY(recent->knownToCrm);
        QVERIFY(recent->replied && recent->meetingBooked);
        QVERIFY(!tracker.outcome(u"M-old"_s)->replied); // too old to ask about again
        // Stored in the CRM's table only: the rep's records and queued writes are as they were.
        QCOMPARE(tracker.events(u"M-recent"_s).size(), 1);
        QSqlQuery metrics(rig.cache->database());
        QVERIFY(metrics.exec(u"SELECT metrics FROM message_effectiveness "
                             "WHERE message_id = 'M-recent'"_s));
        QVERIFY(metrics.next());
        const QJsonObject stored =
            QJsonDocument::fromJson(metrics.value(0).toString().toUtf8()).object();
        QCOMPARE(stored.value(u"replied"_s).toBool(), false);
        QCOMPARE(outbox.pendingCount(), pending);
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
