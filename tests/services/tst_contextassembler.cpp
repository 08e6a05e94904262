// SPDX-License-Identifier: GPL-3.0-or-later
// ContextAssembler: two round trips fresh, one when the ticket is cached (proven by the fake's
// request log), cache refresh, offline fallback with its age, and errors naming what is missing.
#include "activity/ActivityTracker.h"
#include "crm/ContextAssembler.h"
#include "crm/Outbox.h"
#include "storage/DemoWorkspace.h"
#include "support/AwaitTask.h"
#include "support/CrmTestRig.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using Fault = FakeCrmServer::Fault;

namespace {

// True when every request in `requests` arrived before any of them completed: they were in
// flight together.
bool allInFlightTogether(const QList<RecordedRequest> &requests) {
    qint64 lastArrival = 0;
    qint64 firstCompletion = std::numeric_limits<qint64>::max();
    for (const RecordedRequest &request : requests) {
        lastArrival = std::max(lastArrival, request.arrivedMs);
        firstCompletion = std::min(firstCompletion, request.completedMs);
    }
    return lastArrival < firstCompletion;
}

QStringList routes(const QList<RecordedRequest> &requests) {
    QStringList names;
    for (const RecordedRequest &request : requests)
        names.append(request.route);
    names.sort();
    return names;
}

} // namespace

class TestContextAssembler : public QObject {
    Q_OBJECT

private slots:
    void freshAssemblyIsTheTicketThenThreeAtOnce() {
        CrmTestRig rig;
        QVERIFY(rig.start());
        rig.server.setLatency(u"*"_s, 60);
        ContextAssembler assembler(*rig.cache, &rig.client);

        const Result<OutreachContext> context = awaitTask(assembler.assembleContext(u"T-1001"_s));
        QVERIFY2(context.ok(), qPrintable(context.ok() ? QString() : context.error().toString()));
        QCOMPARE(context->ticket.id, u"T-1001"_s);
        QCOMPARE(context->project.id, context->ticket.projectId);
        QCOMPARE(context->prospect.prospect.id, context->ticket.prospectId);
        QCOMPARE(context->source, OutreachContext::Source::Crm);
        QCOMPARE(context->interactions.size(), rig.server.interactions(u"T-1001"_s).size());

        const QList<RecordedRequest> requests = rig.server.requests();
        // The ticket, then project, prospect and interactions together: two round trips.
        const QList<RecordedRequest> ticketRequests = rig.server.requests(u"tickets.get"_s);
        QCOMPARE(ticketRequests.size(), 1);
        const RecordedRequest ticket = ticketRequests.constFirst();
        QList<RecordedRequest> rest;
        for (const RecordedRequest &request : requests) {
            if (request.route == u"projects.get"_s || request.route == u"prospects.history"_s
                || request.route == u"tickets.interactions"_s)
                rest.append(request);
        }
        QCOMPARE(routes(rest), (QStringList{u"projects.get"_s, u"prospects.history"_s,
                                            u"tickets.interactions"_s}));
        QVERIFY(allInFlightTogether(rest));
        for (const RecordedRequest &request : rest)
            QVERIFY(request.arrivedMs >= ticket.completedMs);
        // Everything fetched is now cached.
        QVERIFY(rig.cache->ticket(u"T-1001"_s));
        QVERIFY(rig.cache->project(context->ticket.projectId));
        QVERIFY(rig.cache->prospect(context->ticket.prospectId));
        QCOMPARE(rig.cache->interactions(u"T-1001"_s).size(), context->interactions.size());
    }

    void cachedTicketMeansAllFourAtOnce() {
        CrmTestRig rig;
        QVERIFY(rig.start());
        ContextAssembler assembler(*rig.cache, &rig.client);
        QVERIFY(awaitTask(assembler.assembleContext(u"T-1002"_s)).ok());
        rig.server.clearRequests();
        rig.server.setLatency(u"*"_s, 60);

        const Result<OutreachContext> context = awaitTask(assembler.assembleContext(u"T-1002"_s));
        QVERIFY(context.ok());
        const QList<RecordedRequest> requests = rig.server.requests();
        QCOMPARE(routes(requests), (QStringList{u"projects.get"_s, u"prospects.history"_s,
                                                u"tickets.get"_s, u"tickets.interactions"_s}));
        QVERIFY(allInFlightTogether(requests));
    }

    void interactionLimitKeepsTheNewest() {
        CrmTestRig rig;
        QVERIFY(rig.start());
        rig.server.setInteractionPageSize(3);
        ContextAssembler assembler(*rig.cache, &rig.client);
        assembler.setInteractionLimit(4);
        // The demo ticket with the longest history.
        QString busiest;
        qsizetype most = 0;
        for (const QString &id : rig.server.ticketIds()) {
            if (rig.server.interactions(id).size() > most) {
                most = rig.server.interactions(id).size();
                busiest = id;
            }
        }
        QVERIFY(most > 4);
        const Result<OutreachContext> context = awaitTask(assembler.assembleContext(busiest));
        QVERIFY(context.ok());
        QCOMPARE(context->interactions.size(), 4);
        const QList<QJsonObject> expected = rig.server.interactions(busiest);
        for (int i = 0; i < 4; ++i)
            QCOMPARE(context->interactions.at(i).id, expected.at(i).value(u"id"_s).toString());
        QCOMPARE(rig.server.requests(u"tickets.interactions"_s).size(), 2); // 3 + 1 of page 2
    }

    void everyFetchRefreshesTheCacheAndFollowsAMovedTicket() {
        CrmTestRig rig;
        QVERIFY(rig.start());
        ContextAssembler assembler(*rig.cache, &rig.client);
        QVERIFY(awaitTask(assembler.assembleContext(u"T-1003"_s)).ok());
        QJsonObject ticket = rig.server.ticket(u"T-1003"_s);
        const QString otherProject =
            ticket.value(u"project_id"_s).toString() == u"P-101"_s ? u"P-102"_s : u"P-101"_s;
        ticket[u"title"_s] = u"Renamed in the CRM"_s;
        ticket[u"project_id"_s] = otherProject;
        QVERIFY(rig.server.putTicket(ticket));

        const Result<OutreachContext> context = awaitTask(assembler.assembleContext(u"T-1003"_s));
        QVERIFY(context.ok());
        QCOMPARE(context->ticket.title, u"Renamed in the CRM"_s);
        QCOMPARE(context->project.id, otherProject);
        QCOMPARE(rig.cache->ticket(u"T-1003"_s)->title, u"Renamed in the CRM"_s);
    }

    void unreachableCrmMeansTheCacheSaysHowOld() {
        CrmTestRig rig;
        QVERIFY(rig.start());
        ContextAssembler assembler(*rig.cache, &rig.client);
        QVERIFY(awaitTask(assembler.assembleContext(u"T-1004"_s)).ok());
        const QDateTime fetched = *rig.cache->fetchedAt(u"ticket"_s, u"T-1004"_s);

        rig.server.setFault(u"*"_s, Fault::dropConnection());
        const Result<OutreachContext> context = awaitTask(assembler.assembleContext(u"T-1004"_s));
        QVERIFY(context.ok());
        QCOMPARE(context->source, OutreachContext::Source::Cache);
        QVERIFY(qAbs(context->cachedAsOf.msecsTo(fetched)) < 1000);
        QVERIFY2(context->sourceDescription().startsWith(u"From cache, as of"_s),
                 qPrintable(context->sourceDescription()));
        QVERIFY(!context->interactions.isEmpty());
    }

    void theRepsOwnMessagesAndTheirOutcomesComeAlong() {
        CrmTestRig rig;
        QVERIFY(rig.start());
        ContextAssembler assembler(*rig.cache, &rig.client);
        const Result<OutreachContext> first = awaitTask(assembler.assembleContext(u"T-1001"_s));
        QVERIFY(first.ok());
        QVERIFY(first->ownMessages.isEmpty());
        const QString prospectId = first->ticket.prospectId;

        // The rep stored a message and recorded a reply; the CRM knows of a meeting from it.
        Outbox outbox(*rig.cache, rig.client);
        outbox.setPaused(true);
        ActivityTracker tracker(*rig.cache, outbox);
        OutreachActivity activity;
        activity.messageId = u"M-own"_s;
        activity.subject = u"Pricing for three sites"_s;
        activity.content = u"Hi,\n\nhere are the three options.\n"_s;
        activity.createdAt = QDateTime::currentDateTimeUtc().addDays(-3);
        QVERIFY(tracker.addOutreachActivity(u"T-1001"_s, activity).ok());
        QVERIFY(
            tracker
                .recordOutcome(u"T-1001"_s, u"M-own"_s, ActivityTracker::Milestone::RepliedPositive)
                .ok());
        QJsonObject history = rig.cache->prospect(prospectId)->toJson();
        history.insert(u"past_outcomes"_s,
                       QJsonArray{QJsonObject{{u"message_id"_s, u"M-own"_s},
                                              {u"sent_at"_s, u"2026-11-20T09:00:00Z"_s},
                                              {u"replied"_s, false},
                                              {u"meeting_booked"_s, true}}});
        QVERIFY(rig.server.putProspect(history));

        const Result<OutreachContext> live = awaitTask(assembler.assembleContext(u"T-1001"_s));
        QVERIFY(live.ok());
        QCOMPARE(live->ownMessages.size(), 1);
        const MessageOutcome &own = live->ownMessages.constFirst();
        QCOMPARE(own.messageId, u"M-own"_s);
        QCOMPARE(own.subject, u"Pricing for three sites"_s);
        QCOMPARE(own.firstLine, u"here are the three options."_s);
        QVERIFY(own.replied);       // the rep's record, though the CRM says false
        QVERIFY(own.meetingBooked); // the CRM's
        QVERIFY(own.knownToCrm);

        // Offline, the same from the cache.
        rig.server.setFault(u"*"_s, Fault::dropConnection());
        const Result<OutreachContext> cached = awaitTask(assembler.assembleContext(u"T-1001"_s));
        QVERIFY(cached.ok());
        QCOMPARE(cached->source, OutreachContext::Source::Cache);
        QCOMPARE(cached->ownMessages, live->ownMessages);
    }

    void neitherCrmNorCacheNamesWhatIsMissing() {
        CrmTestRig rig;
        QVERIFY(rig.start());
        rig.client.setBaseUrl(QUrl(u"http://127.0.0.1:9"_s)); // nothing listens there
        ContextAssembler assembler(*rig.cache, &rig.client);
        const Result<OutreachContext> context = awaitTask(assembler.assembleContext(u"T-1005"_s));
        QVERIFY(!context.ok());
        QCOMPARE(context.error().code(), OutreachError::Code::Network);
        QVERIFY2(context.error().message().contains(u"Ticket T-1005"_s),
                 qPrintable(context.error().message()));
    }

    void offlineWithAPartialCacheNamesTheMissingPart() {
        CrmTestRig rig;
        QVERIFY(rig.start());
        const Result<Ticket> ticket = Ticket::fromJson(rig.server.ticket(u"T-1006"_s));
        QVERIFY(ticket.ok());
        QVERIFY(rig.cache->upsertTickets({ticket.value()}).ok());
        rig.client.setBaseUrl(QUrl(u"http://127.0.0.1:9"_s));
        ContextAssembler assembler(*rig.cache, &rig.client);
        const Result<OutreachContext> context = awaitTask(assembler.assembleContext(u"T-1006"_s));
        QVERIFY(!context.ok());
        QCOMPARE(context.error().code(), OutreachError::Code::Network);
        QVERIFY2(context.error().message().contains(ticket->projectId),
                 qPrintable(context.error().message()));
    }

    void noCrmConfiguredWorksFromTheDemoCache() {
        CrmTestRig rig;
        QVERIFY(rig.start());
        QVERIFY(DemoWorkspace::load(*rig.cache).ok());
        ContextAssembler assembler(*rig.cache, nullptr);
        const Result<OutreachContext> context = awaitTask(assembler.assembleContext(u"T-1010"_s));
        QVERIFY(context.ok());
        QCOMPARE(context->source, OutreachContext::Source::Cache);
        QVERIFY(rig.server.requests().isEmpty());
    }

    void aDanglingProjectIsContextInvalidNamingTheField() {
        CrmTestRig rig;
        QVERIFY(rig.start());
        const QString projectId = rig.server.ticket(u"T-1007"_s).value(u"project_id"_s).toString();
        QVERIFY(rig.server.removeProject(projectId));
        ContextAssembler assembler(*rig.cache, &rig.client);
        const Result<OutreachContext> context = awaitTask(assembler.assembleContext(u"T-1007"_s));
        QVERIFY(!context.ok());
        QCOMPARE(context.error().code(), OutreachError::Code::ContextInvalid);
        QCOMPARE(context.error().entityId(), u"T-1007"_s);
        QCOMPARE(context.error().field(), u"project_id"_s);
        QVERIFY(context.error().message().contains(projectId));
    }

    void aMalformedPayloadNamesTheField() {
        CrmTestRig rig;
        QVERIFY(rig.start());
        rig.server.setFault(u"prospects.history"_s, Fault::missingField(u"prospect.name"_s));
        ContextAssembler assembler(*rig.cache, &rig.client);
        const Result<OutreachContext> context = awaitTask(assembler.assembleContext(u"T-1008"_s));
        QVERIFY(!context.ok());
        QCOMPARE(context.error().code(), OutreachError::Code::ContextInvalid);
        QCOMPARE(context.error().field(), u"prospect.name"_s);
        // The parts that were fine are cached anyway.
        QVERIFY(rig.cache->ticket(u"T-1008"_s));
    }

    void repliesForATicketTheRepLeftAreIgnored() {
        CrmTestRig rig;
        QVERIFY(rig.start());
        rig.server.setLatency(u"*"_s, 80);
        ContextAssembler assembler(*rig.cache, &rig.client);
        QSignalSpy ready(&assembler, &ContextAssembler::contextReady);
        QSignalSpy failed(&assembler, &ContextAssembler::contextFailed);
        assembler.requestContext(u"T-1011"_s);
        QTest::qWait(30);
        assembler.requestContext(u"T-1012"_s);
        QTRY_COMPARE(ready.size(), 1);
        QTest::qWait(300); // T-1011's answers arrive meanwhile and must not be reported
        QCOMPARE(ready.size(), 1);
        QCOMPARE(failed.size(), 0);
        QCOMPARE(ready.constFirst().constFirst().value<OutreachContext>().ticket.id, u"T-1012"_s);
        // They still refreshed the cache.
        QTRY_VERIFY(rig.cache->fetchedAt(u"interactions"_s, u"T-1011"_s).has_value());
    }
};

QTEST_GUILESS_MAIN(TestContextAssembler)
#include "tst_contextassembler.moc"
