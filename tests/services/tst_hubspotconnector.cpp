// SPDX-License-Identifier: GPL-3.0-or-later
// HubSpotConnector against the fake HubSpot: the sync (ties on one millisecond, re-windowing past
// the 10,000-result cap, owners and pipelines read once), context assembly with the deal, the
// contact and the engagements, writes that land once under lost answers, the rate limits, the
// daily limit, and the errors for a revoked token and missing scopes.
#include "activity/ActivityTracker.h"
#include "crm/ContextAssembler.h"
#include "crm/Outbox.h"
#include "crm/TicketSync.h"
#include "net/HttpTransport.h"
#include "platform/LogRedaction.h"
#include "support/AwaitTask.h"
#include "support/HubSpotTestRig.h"
#include "workspace/ConnectionTester.h"

#include <QDir>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QProcess>
#include <QSqlQuery>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

OutreachActivity activity(const QString &messageId) {
    OutreachActivity a;
    a.messageId = messageId;
    a.subject = u"Ihre Rückfrage zum Angebot über 12.500 €"_s;
    a.content = u"Hallo Frau Bäcker,\n\ndie Terminologiepflege ist enthalten.\n\nViele Grüße"_s;
    a.createdAt = QDateTime::currentDateTimeUtc();
    return a;
}

bool associatedWith(const FakeHubSpotServer &server, const QString &type, const QString &id,
                    const QString &toType, const QString &toId) {
    for (const HubSpotStore::Association &a : server.store().associations(type, id, toType)) {
        if (a.toId == toId)
            return true;
    }
    return false;
}

} // namespace

class TestHubSpotConnector : public QObject {
    Q_OBJECT

private slots:
    void init() { LogRedaction::clearSecrets(); }

    void syncStoresEveryTicketWithItsDealAndContactOnce() {
        HubSpotTestRig rig;
        QVERIFY(rig.start());
        TicketSync sync(*rig.cache, rig.connector);
        sync.setPageSize(2); // several pages across the three tickets sharing a millisecond
        const TicketSync::Report report = awaitTask(sync.sync());
        QVERIFY2(report.ok(), qPrintable(report.error ? report.error->toString() : QString()));
        const int tickets = rig.server.store().objectCount(u"tickets"_s);
        QCOMPARE(report.stored + int(report.rejected.size()), tickets);
        for (const QString &id : {u"1004"_s, u"1005"_s, u"1006"_s})
            QVERIFY2(rig.cache->ticket(id), qPrintable(id)); // one millisecond, all three
        const std::optional<Ticket> german = rig.cache->ticket(u"1001"_s);
        QVERIFY(german);
        QCOMPARE(german->title, u"Angebot für die Übersetzung — Rückfrage"_s);
        QCOMPARE(german->projectId, u"4001"_s);
        QCOMPARE(german->prospectId, u"2001"_s);
        QCOMPARE(german->priority, Ticket::Priority::High);
        QVERIFY(german->assignee);
        QCOMPARE(rig.cache->ticket(u"1004"_s)->projectId, u"pipeline:0"_s); // no deal

        // The sync fetched the deals and contacts the tickets name, in batches.
        const std::optional<Project> deal = rig.cache->project(u"4001"_s);
        QVERIFY(deal);
        QCOMPARE(deal->name, u"Übersetzung Betriebshandbuch 2027"_s);
        QCOMPARE(deal->value->currency, u"EUR"_s);
        QVERIFY(deal->products.contains(u"Terminologiepflege"_s));
        const std::optional<ProspectHistory> french = rig.cache->prospect(u"2002"_s);
        QVERIFY(french);
        QCOMPARE(french->prospect.name, u"François Lefèvre"_s);
        QVERIFY(french->prospect.doNotContact); // opted out of email
        QCOMPARE(rig.cache->prospect(u"2003"_s)->prospect.company, u"株式会社さくら翻訳"_s);
        QCOMPARE(rig.cache->prospect(u"2003"_s)->prospect.timezone, u"Asia/Tokyo"_s);

        // A second sync starts from the high-water mark, and the directory is not read again.
        const TicketSync::Report again = awaitTask(sync.sync());
        QVERIFY(again.ok());
        QVERIFY(again.fetched <= 3); // the tickets of the last millisecond, inclusive
        QCOMPARE(rig.server.requestCount(u"owners"_s), 1);
        QCOMPARE(rig.server.requestCount(u"pipelines"_s), 2);
        QCOMPARE(rig.connector.rateLimited(), 0);
    }

    void aSyncPastTheSearchCapMissesNoTicket() {
        HubSpotTestRig rig;
        QVERIFY(rig.start(false));
        constexpr int Tickets = 10'450;
        rig.server.seedGenerated(Tickets);
        FakeHubSpotServer::RateLimits generous;
        generous.max = 1'000'000;
        generous.searchPerSecond = 1'000;
        rig.server.setRateLimits(generous);
        rig.connector.rateLimiter().setSearchesPerSecond(1'000);
        TicketSync sync(*rig.cache, rig.connector);
        const TicketSync::Report report = awaitTask(sync.sync());
        QVERIFY2(report.ok(), qPrintable(report.error ? report.error->toString() : QString()));
        QCOMPARE(report.rejected.size(), 0);
        QCOMPARE(rig.cache->ticketCount(), Tickets);
        // HubSpot refuses a page past 10,000 with a 400: none was asked for.
        for (const FakeHubSpotServer::LogEntry &entry : rig.server.requestLog())
            QVERIFY2(entry.status < 400, qPrintable(entry.route));
    }

    void assemblesATicketWithDealContactAndEngagements() {
        HubSpotTestRig rig;
        QVERIFY(rig.start());
        ContextAssembler assembler(*rig.cache, &rig.connector);
        const Result<OutreachContext> context = awaitTask(assembler.assembleContext(u"1001"_s));
        QVERIFY2(context.ok(), qPrintable(context.ok() ? QString() : context.error().toString()));
        QCOMPARE(context->ticket.id, u"1001"_s);
        QCOMPARE(context->project.name, u"Übersetzung Betriebshandbuch 2027"_s);
        QCOMPARE(context->prospect.prospect.name, u"Zoë Bäcker"_s);
        QCOMPARE(context->prospect.prospect.locale, u"de"_s);
        QVERIFY(!context->interactions.isEmpty());
        for (qsizetype i = 1; i < context->interactions.size(); ++i)
            QVERIFY(context->interactions[i - 1].occurredAt >= context->interactions[i].occurredAt);
        for (const Interaction &interaction : context->interactions)
            QCOMPARE(interaction.ticketId, u"1001"_s);
        // Owners and pipelines once, however many parts needed them at the same time.
        QCOMPARE(rig.server.requestCount(u"owners"_s), 1);
        const Result<OutreachContext> other = awaitTask(assembler.assembleContext(u"1003"_s));
        QVERIFY(other.ok());
        QCOMPARE(other->project.value->currency, u"JPY"_s);
        QCOMPARE(rig.server.requestCount(u"owners"_s), 1);
    }

    void unknownTicketNamesIt() {
        HubSpotTestRig rig;
        QVERIFY(rig.start());
        const Result<Ticket> missing = awaitTask(rig.connector.ticket(u"424242"_s));
        QVERIFY(!missing.ok());
        QCOMPARE(missing.error().code(), OutreachError::Code::ContextInvalid);
        QCOMPARE(missing.error().entityId(), u"424242"_s);
        QCOMPARE(missing.error().httpStatus(), 404);
    }

    void aSavedMessageLandsOnceAsAnEmailOnTicketAndContact() {
        HubSpotTestRig rig;
        QVERIFY(rig.start());
        Outbox outbox(*rig.cache, rig.connector);
        outbox.setPaused(true);
        ActivityTracker tracker(*rig.cache, outbox);
        // The first create is stored but its answer is lost (a gateway timeout after the fact).
        const qsizetype seeded = rig.server.objects(u"emails"_s).size();
        rig.server.setFault(u"create"_s, FakeHubSpotServer::Fault::httpStatus(504).afterHandling(),
                            1);
        const Result<QByteArray> key = tracker.addOutreachActivity(u"1001"_s, activity(u"M-1"_s));
        QVERIFY(key.ok());
        const Outbox::Report first = awaitTask(outbox.deliver(Outbox::Mode::Background));
        QCOMPARE(first.delivered, 0);
        QCOMPARE(
            rig.server
                .findByProperty(u"emails"_s, u"outreachgpt_outbox_key"_s, QString::fromLatin1(*key))
                .size(),
            1); // it did land
        const Outbox::Report second = awaitTask(outbox.deliver(Outbox::Mode::Flush));
        QCOMPARE(second.delivered, 1);
        const auto emails = rig.server.findByProperty(u"emails"_s, u"outreachgpt_outbox_key"_s,
                                                      QString::fromLatin1(*key));
        QCOMPARE(emails.size(), 1); // found by its key, not created again
        QCOMPARE(rig.server.objects(u"emails"_s).size(), seeded + 1);

        // A connection dropped after the create makes Qt send it again on its own: the unique
        // outbox key turns the second into a conflict that names the first.
        rig.server.setFault(u"create"_s, FakeHubSpotServer::Fault::dropConnection().afterHandling(),
                            1);
        const Result<QByteArray> resent =
            tracker.addOutreachActivity(u"1002"_s, activity(u"M-3"_s));
        QVERIFY(resent.ok());
        QCOMPARE(awaitTask(outbox.deliver(Outbox::Mode::Flush)).delivered, 1);
        QCOMPARE(rig.server
                     .findByProperty(u"emails"_s, u"outreachgpt_outbox_key"_s,
                                     QString::fromLatin1(*resent))
                     .size(),
                 1);
        QCOMPARE(rig.server.objects(u"emails"_s).size(), seeded + 2);
        const HubSpotStore::Object *email = emails.first();
        QCOMPARE(email->properties.value(u"hs_email_subject"_s),
                 u"Ihre Rückfrage zum Angebot über 12.500 €"_s);
        QCOMPARE(email->properties.value(u"hs_email_text"_s), activity(u"M-1"_s).content);
        QCOMPARE(email->properties.value(u"outreachgpt_message_id"_s), u"M-1"_s);
        QCOMPARE(email->properties.value(u"hs_email_direction"_s), u"EMAIL"_s);
        QVERIFY(associatedWith(rig.server, u"emails"_s, email->id, u"tickets"_s, u"1001"_s));
        QVERIFY(associatedWith(rig.server, u"emails"_s, email->id, u"contacts"_s, u"2001"_s));

        // An outcome: a note on the ticket once, and the figures on the message's email.
        const Result<QList<QByteArray>> keys =
            tracker.recordOutcome(u"1001"_s, u"M-1"_s, ActivityTracker::Milestone::RepliedPositive);
        QVERIFY(keys.ok());
        QCOMPARE(keys->size(), 2);
        rig.server.setFault(u"create"_s, FakeHubSpotServer::Fault::httpStatus(502).afterHandling(),
                            1);
        awaitTask(outbox.deliver(Outbox::Mode::Background));
        const Outbox::Report rest = awaitTask(outbox.deliver(Outbox::Mode::Flush));
        QCOMPARE(rest.pending, 0);
        QCOMPARE(outbox.failedCount(), 0);
        QCOMPARE(rig.server
                     .findByProperty(u"notes"_s, u"outreachgpt_outbox_key"_s,
                                     QString::fromLatin1(keys->first()))
                     .size(),
                 1);
        const HubSpotStore::Object *updated = rig.server.store().object(u"emails"_s, email->id);
        const QJsonObject figures =
            QJsonDocument::fromJson(
                updated->properties.value(u"outreachgpt_effectiveness"_s).toUtf8())
                .object();
        QCOMPARE(figures.value(u"replied"_s).toBool(), true);
        QCOMPARE(figures.value(u"reply_sentiment"_s).toString(), u"positive"_s);
        // In the ticket's history the message reads as the rep's outreach.
        const Result<QList<Interaction>> history =
            awaitTask(rig.connector.interactions(u"1001"_s, 50));
        QVERIFY(history.ok());
        const auto ours = std::find_if(history->cbegin(), history->cend(), [](const auto &i) {
            return i.type == Interaction::Type::OutreachMessage;
        });
        QVERIFY(ours != history->cend());
        QCOMPARE(ours->subject, u"Ihre Rückfrage zum Angebot über 12.500 €"_s);
    }

    void theRepMayLogMessagesAsNotes() {
        HubSpotTestRig rig;
        QVERIFY(rig.start());
        rig.connector.setLogAs(HubSpotConnector::LogAs::Note);
        Outbox outbox(*rig.cache, rig.connector);
        outbox.setPaused(true);
        ActivityTracker tracker(*rig.cache, outbox);
        const Result<QByteArray> key = tracker.addOutreachActivity(u"1003"_s, activity(u"M-9"_s));
        QVERIFY(key.ok());
        QCOMPARE(awaitTask(outbox.deliver(Outbox::Mode::Flush)).delivered, 1);
        const auto notes = rig.server.findByProperty(u"notes"_s, u"outreachgpt_outbox_key"_s,
                                                     QString::fromLatin1(*key));
        QCOMPARE(notes.size(), 1);
        QVERIFY(notes.first()
                    ->properties.value(u"hs_note_body"_s)
                    .contains(u"<strong>Ihre Rückfrage zum Angebot über 12.500 €</strong>"_s));
        QVERIFY(
            associatedWith(rig.server, u"notes"_s, notes.first()->id, u"contacts"_s, u"2003"_s));
        QVERIFY(rig.server.findByProperty(u"emails"_s, u"outreachgpt_message_id"_s, u"M-9"_s)
                    .isEmpty());
    }

    void aDeletedCustomPropertyIsNamedAndMadeAgain() {
        HubSpotTestRig rig;
        QVERIFY(rig.start());
        CrmWrite write;
        write.kind = CrmWrite::Kind::Activity;
        write.ticketId = u"1001"_s;
        write.messageId = u"M-7"_s;
        write.body = QJsonDocument(activity(u"M-7"_s).toJson()).toJson();
        write.idempotencyKey = "key-7";
        QVERIFY(awaitTask(rig.connector.deliver(write)).ok());
        QVERIFY(rig.server.store().removeProperty(u"emails"_s, u"outreachgpt_outbox_key"_s));

        write.messageId = u"M-8"_s;
        write.body = QJsonDocument(activity(u"M-8"_s).toJson()).toJson();
        write.idempotencyKey = "key-8";
        const Result<QJsonObject> refused = awaitTask(rig.connector.deliver(write));
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().serverCode(), u"VALIDATION_ERROR"_s);
        QCOMPARE(refused.error().serverParam(), u"outreachgpt_outbox_key"_s);
        QVERIFY2(refused.error().message().contains(u"outreachgpt_outbox_key"_s),
                 qPrintable(refused.error().message()));
        QVERIFY(refused.error().isTransient()); // the outbox tries again, not marks it failed
        const Result<QJsonObject> again = awaitTask(rig.connector.deliver(write));
        QVERIFY2(again.ok(), qPrintable(again.ok() ? QString() : again.error().toString()));
        QVERIFY(rig.server.store().property(u"emails"_s, u"outreachgpt_outbox_key"_s));
        QCOMPARE(
            rig.server.findByProperty(u"emails"_s, u"outreachgpt_outbox_key"_s, u"key-8"_s).size(),
            1);
    }

    void requestsArePacedToTheRollingLimitWithoutA429() {
        HubSpotTestRig rig;
        QVERIFY(rig.start(false));
        rig.server.seedGenerated(400);
        FakeHubSpotServer::RateLimits tight;
        tight.max = 10;
        tight.intervalMs = 500;
        rig.server.setRateLimits(tight);
        TicketSync sync(*rig.cache, rig.connector);
        QElapsedTimer clock;
        clock.start();
        const TicketSync::Report report = awaitTask(sync.sync());
        QVERIFY(report.ok());
        QCOMPARE(rig.cache->ticketCount(), 400);
        QCOMPARE(rig.server.rateLimitedCount(), 0);
        // The limit was learned from the headers and honoured: N requests need (N - max) / max
        // windows at least.
        const int requests = rig.server.requestCount();
        QCOMPARE(rig.connector.rateLimiter().max(), 10);
        QVERIFY(clock.elapsed() >= qint64(requests - tight.max) * tight.intervalMs / tight.max);
    }

    void aRateLimitAnswerHoldsAndRetries() {
        HubSpotTestRig rig;
        QVERIFY(rig.start());
        rig.server.setFault(u"batch.read"_s, FakeHubSpotServer::Fault::httpStatus(429), 1);
        const Result<Project> deal = awaitTask(rig.connector.project(u"4002"_s));
        QVERIFY(deal.ok());
        QCOMPARE(deal->name, u"Localisation du site web"_s);
        QCOMPARE(rig.connector.rateLimited(), 1);
    }

    void theDailyLimitIsToldPlainlyAndKeepsWritesQueued() {
        HubSpotTestRig rig;
        QVERIFY(rig.start());
        rig.server.setDailyExhausted(true);
        TicketSync sync(*rig.cache, rig.connector);
        const TicketSync::Report report = awaitTask(sync.sync());
        QVERIFY(report.error);
        QCOMPARE(report.error->code(), OutreachError::Code::RateLimit);
        QVERIFY2(report.error->message().contains(u"daily"_s), qPrintable(report.error->message()));
        const int asked = rig.server.requestCount();
        Outbox outbox(*rig.cache, rig.connector);
        outbox.setPaused(true);
        ActivityTracker tracker(*rig.cache, outbox);
        QVERIFY(tracker.addOutreachActivity(u"1001"_s, activity(u"M-2"_s)).ok());
        const Outbox::Report delivery = awaitTask(outbox.deliver(Outbox::Mode::Background));
        QCOMPARE(delivery.delivered, 0);
        QCOMPARE(outbox.failedCount(), 0); // waiting, not refused
        QCOMPARE(outbox.pendingCount(), 1);
        QCOMPARE(rig.server.requestCount(), asked); // not asked again meanwhile
    }

    void aRevokedTokenAndMissingScopesAreNamed() {
        HubSpotTestRig rig;
        QVERIFY(rig.start());
        QSet<QString> scopes = FakeHubSpotServer::defaultScopes();
        scopes.remove(u"crm.objects.deals.read"_s);
        rig.server.setGrantedScopes(scopes);
        const Result<Project> deal = awaitTask(rig.connector.project(u"4001"_s));
        QVERIFY(!deal.ok());
        QCOMPARE(deal.error().code(), OutreachError::Code::Auth);
        QCOMPARE(deal.error().httpStatus(), 403);
        QVERIFY2(deal.error().message().contains(u"crm.objects.deals.read"_s),
                 qPrintable(deal.error().message()));

        ConnectionTester tester;
        const ConnectionTester::Verdict verdict = awaitTask(
            tester.testHubSpot(rig.server.baseUrl(), QString::fromLatin1(rig.server.token())));
        QVERIFY(!verdict.ok);
        QVERIFY2(verdict.message.contains(u"crm.objects.deals.read"_s),
                 qPrintable(verdict.message));

        rig.server.setGrantedScopes(FakeHubSpotServer::defaultScopes());
        const ConnectionTester::Verdict working = awaitTask(
            tester.testHubSpot(rig.server.baseUrl(), QString::fromLatin1(rig.server.token())));
        QVERIFY2(working.ok, qPrintable(working.message + u' ' + working.detail));

        rig.server.revokeToken();
        const Result<Ticket> ticket = awaitTask(rig.connector.ticket(u"1001"_s));
        QVERIFY(!ticket.ok());
        QCOMPARE(ticket.error().httpStatus(), 401);
        QVERIFY(ticket.error().message().contains(u"revoked"_s));
        QVERIFY(!ticket.error().message().contains(QString::fromLatin1(rig.server.token())));
    }

    void aKillMidDeliveryLosesNothingAndSendsNothingTwice() {
        HubSpotTestRig rig;
        QVERIFY(rig.start());
        rig.server.setLatency(u"create"_s, 15); // kills land while creates are in flight
        const QString dataDir = rig.dir.filePath(u"data"_s);
        QVERIFY(QDir().mkpath(dataDir));
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(u"OUTREACHGPT_CRM_TOKEN"_s, QString::fromLatin1(rig.server.token()));
        constexpr int Count = 60;
        QProcess producer;
        producer.setProcessEnvironment(environment);
        producer.start(QStringLiteral(OUTBOX_PRODUCER),
                       {dataDir, rig.server.baseUrl().toString(), QString::number(Count),
                        u"hubspot"_s, u"1001,1002,1003,1005"_s});
        QVERIFY(producer.waitForStarted());
        const auto stored = [&rig] { return rig.server.objects(u"emails"_s).size(); };
        const qsizetype seeded = stored();
        QByteArray output;
        QTRY_VERIFY_WITH_TIMEOUT((output += producer.readAllStandardOutput(),
                                  output.contains("queued 60") && stored() - seeded >= 15)
                                     || producer.state() == QProcess::NotRunning,
                                 60'000);
        QCOMPARE(producer.state(), QProcess::Running);
        producer.kill(); // SIGKILL: no cleanup, no last commit
        QTRY_COMPARE_WITH_TIMEOUT(producer.state(), QProcess::NotRunning, 10'000);
        // A create the killed process sent may still be on its way in.
        QTRY_COMPARE_WITH_TIMEOUT(rig.server.openConnectionCount(), 0, 10'000);
        const qsizetype beforeKill = stored() - seeded;
        QVERIFY2(beforeKill < Count, "the kill came too late to test anything");

        QProcess app;
        app.setProcessEnvironment(environment);
        app.start(QStringLiteral(OUTREACHGPT_EXECUTABLE),
                  {u"--data-dir"_s, dataDir, u"--crm"_s, u"hubspot"_s, u"--crm-url"_s,
                   rig.server.baseUrl().toString(), u"--flush-outbox"_s});
        QVERIFY(app.waitForStarted());
        QTRY_COMPARE_WITH_TIMEOUT(app.state(), QProcess::NotRunning, 120'000);
        const QString log = QString::fromUtf8(app.readAllStandardOutput())
                            + QString::fromUtf8(app.readAllStandardError());
        QVERIFY2(app.exitCode() == 0, qPrintable(log));

        auto cache = CacheStore::open(QDir(dataDir).filePath(u"outreachgpt.sqlite"_s));
        QVERIFY(cache.ok());
        QSqlQuery keys(cache.value()->database());
        QVERIFY(keys.exec(u"SELECT idempotency_key, state FROM outbox"_s));
        int checked = 0;
        while (keys.next()) {
            QCOMPARE(keys.value(1).toString(), u"delivered"_s);
            QCOMPARE(rig.server
                         .findByProperty(u"emails"_s, u"outreachgpt_outbox_key"_s,
                                         keys.value(0).toString())
                         .size(),
                     1);
            ++checked;
        }
        QCOMPARE(checked, Count);
        QCOMPARE(stored() - seeded, Count);
        qInfo("%d queued, %lld in HubSpot before the kill, every one there exactly once", Count,
              qlonglong(beforeKill));
    }
};

QTEST_GUILESS_MAIN(TestHubSpotConnector)
#include "tst_hubspotconnector.moc"
