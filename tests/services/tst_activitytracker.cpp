// SPDX-License-Identifier: GPL-3.0-or-later
// ActivityTracker::recordOutcome: every outcome a rep records reaches the (fake) CRM exactly once
// as an event and as the metrics it changes, through failures and restarts; repeats queue
// nothing; the local records change atomically with the queued writes; the CRM's own outcomes are
// carried into the metrics rather than overwritten.
#include "activity/ActivityTracker.h"
#include "crm/Outbox.h"
#include "support/AwaitTask.h"
#include "support/CrmTestRig.h"

#include <QSqlQuery>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using Fault = FakeCrmServer::Fault;
using Milestone = ActivityTracker::Milestone;

namespace {

QDateTime at(int day, int hour = 9) {
    return QDateTime(QDate(2026, 11, 2).addDays(day), QTime(hour, 0), QTimeZone::utc());
}

OutreachActivity activity(const QString &messageId, const QDateTime &created = at(0)) {
    OutreachActivity result;
    result.messageId = messageId;
    result.subject = u"Analytics Pro for three sites"_s;
    result.content = u"Hi Lee,\n\nfollowing up on the pricing call.\n\nDana"_s;
    result.metadata.model = u"gpt-test"_s;
    result.metadata.preset = u"follow_up"_s;
    result.metadata.tone = u"warm"_s;
    result.createdAt = created;
    return result;
}

int scalar(CacheStore &cache, const QString &sql) {
    QSqlQuery query(cache.database());
    if (!query.exec(sql) || !query.next())
        return -1;
    return query.value(0).toInt();
}

QStringList eventTypes(const QList<QJsonObject> &events, const QString &messageId) {
    QStringList types;
    for (const QJsonObject &event : events) {
        if (event.value(u"message_id"_s).toString() == messageId)
            types.append(event.value(u"type"_s).toString());
    }
    return types;
}

// Everything queued so far, keyed by idempotency key, with how often the CRM stored it.
QHash<QByteArray, int> storedPerKey(const FakeCrmServer &server, const Outbox &outbox) {
    QHash<QByteArray, int> stored;
    for (const Outbox::State state :
         {Outbox::State::Pending, Outbox::State::Failed, Outbox::State::Delivered}) {
        for (const Outbox::Entry &entry : outbox.entries(state))
            stored.insert(entry.idempotencyKey, server.timesStored(entry.idempotencyKey));
    }
    return stored;
}

} // namespace

class TestActivityTracker : public QObject {
    Q_OBJECT

private slots:
    void everyOutcomeReachesTheCrmOnceAsEventAndMetrics() {
        CrmTestRig rig;
        QVERIFY(rig.start());
        Outbox outbox(*rig.cache, rig.client);
        outbox.setPaused(true);
        ActivityTracker tracker(*rig.cache, outbox);
        QVERIFY(tracker.addOutreachActivity(u"T-1001"_s, activity(u"M-1"_s)).ok());
        QVERIFY(tracker.addOutreachActivity(u"T-1001"_s, activity(u"M-2"_s)).ok());
        QVERIFY(tracker.addOutreachActivity(u"T-1001"_s, activity(u"M-3"_s)).ok());

        const auto sent = tracker.recordOutcome(u"T-1001"_s, u"M-1"_s, Milestone::Sent, at(1));
        QVERIFY(sent.ok());
        QCOMPARE(sent->size(), 2); // the event and the metrics
        const auto replied =
            tracker.recordOutcome(u"T-1001"_s, u"M-1"_s, Milestone::RepliedPositive, at(2));
        QVERIFY(replied.ok());
        QCOMPARE(replied->size(), 2);
        QVERIFY(tracker.recordOutcome(u"T-1001"_s, u"M-1"_s, Milestone::MeetingBooked, at(3)).ok());
        QVERIFY(tracker.recordOutcome(u"T-1001"_s, u"M-2"_s, Milestone::Bounced, at(1)).ok());
        QVERIFY(
            tracker.recordOutcome(u"T-1001"_s, u"M-3"_s, Milestone::RepliedNegative, at(4)).ok());
        QVERIFY(
            tracker.recordOutcome(u"T-1001"_s, u"M-3"_s, Milestone::RepliedNeutral, at(5)).ok());

        // Local first: nothing has reached the CRM, the records already say it all.
        QVERIFY(rig.server.requests().isEmpty());
        const std::optional<MessageOutcome> m1 = tracker.outcome(u"M-1"_s);
        QVERIFY(m1);
        QCOMPARE(m1->sentAt, std::optional(at(1)));
        QVERIFY(m1->replied && m1->meetingBooked && !m1->bounced);
        QCOMPARE(m1->sentiment, EffectivenessMetrics::Sentiment::Positive);
        QVERIFY(tracker.outcome(u"M-2"_s)->bounced);
        QCOMPARE(tracker.outcome(u"M-3"_s)->sentiment, EffectivenessMetrics::Sentiment::Neutral);

        const Outbox::Report report = awaitTask(outbox.deliver());
        QCOMPARE(report.pending, 0);
        QCOMPARE(report.failed, 0);
        // One event per outcome, in the order recorded; the sentiment change sent no event.
        const QList<QJsonObject> events = rig.server.events(u"T-1001"_s);
        QCOMPARE(eventTypes(events, u"M-1"_s),
                 (QStringList{u"sent"_s, u"replied"_s, u"meeting_booked"_s}));
        QCOMPARE(eventTypes(events, u"M-2"_s), QStringList{u"bounced"_s});
        QCOMPARE(eventTypes(events, u"M-3"_s), QStringList{u"replied"_s});
        QCOMPARE(events.size(), 5);
        QCOMPARE(rig.server.requests(u"events.post"_s).size(), 5);
        QCOMPARE(rig.server.requests(u"effectiveness.put"_s).size(), 6);

        // The CRM's metrics are the last ones recorded, with everything known.
        const QJsonObject metrics = rig.server.effectiveness().value(u"M-1"_s);
        QCOMPARE(metrics.value(u"sent_at"_s).toString(), u"2026-11-03T09:00:00Z"_s);
        QCOMPARE(metrics.value(u"replied"_s).toBool(), true);
        QCOMPARE(metrics.value(u"reply_sentiment"_s).toString(), u"positive"_s);
        QCOMPARE(metrics.value(u"meeting_booked"_s).toBool(), true);
        QCOMPARE(metrics.value(u"updated_at"_s).toString(), u"2026-11-05T09:00:00Z"_s);
        const QJsonObject m3 = rig.server.effectiveness().value(u"M-3"_s);
        QCOMPARE(m3.value(u"reply_sentiment"_s).toString(), u"neutral"_s);
        // A reply implies the message went out: when it was created, lacking a sent event.
        QCOMPARE(m3.value(u"sent_at"_s).toString(), u"2026-11-02T09:00:00Z"_s);

        const QHash<QByteArray, int> stored = storedPerKey(rig.server, outbox);
        QCOMPARE(stored.size(), 3 + 5 + 6);
        for (auto it = stored.cbegin(); it != stored.cend(); ++it)
            QVERIFY2(it.value() == 1, it.key().constData());
    }

    void lostAnswersAndServerErrorsStillStoreEachOutcomeOnce() {
        CrmTestRig rig;
        QVERIFY(rig.start());
        // The event is stored, then the answer is lost; the metrics meet a 503 first.
        rig.server.setFault(u"events.post"_s, Fault::dropConnection().afterHandling(), 1);
        rig.server.setFault(u"effectiveness.put"_s, Fault::httpStatus(503), 1);
        Outbox outbox(*rig.cache, rig.client);
        outbox.setPaused(true);
        ActivityTracker tracker(*rig.cache, outbox);
        QVERIFY(tracker.addOutreachActivity(u"T-1002"_s, activity(u"M-7"_s)).ok());
        const auto keys = tracker.recordOutcome(u"T-1002"_s, u"M-7"_s, Milestone::MeetingBooked);
        QVERIFY(keys.ok());
        QCOMPARE(keys->size(), 2);

        const Outbox::Report report = awaitTask(outbox.deliver(Outbox::Mode::Flush));
        QCOMPARE(report.delivered, 3);
        QVERIFY(rig.server.writeAttempts(keys->at(0)) >= 2);
        QCOMPARE(rig.server.timesStored(keys->at(0)), 1);
        QCOMPARE(rig.server.writeAttempts(keys->at(1)), 1); // the 503 came before the handler
        QCOMPARE(rig.server.timesStored(keys->at(1)), 1);
        QCOMPARE(eventTypes(rig.server.events(), u"M-7"_s), QStringList{u"meeting_booked"_s});
        QCOMPARE(rig.server.effectiveness().value(u"M-7"_s).value(u"meeting_booked"_s).toBool(),
                 true);
    }

    void queuedOutcomesSurviveARestart() {
        CrmTestRig rig;
        QVERIFY(rig.start());
        QList<QByteArray> keys;
        {
            RestCrmConnector offline;
            offline.setBaseUrl(QUrl(u"http://127.0.0.1:9"_s));
            offline.setToken(u"test-token"_s);
            Outbox outbox(*rig.cache, offline);
            outbox.setPaused(true);
            ActivityTracker tracker(*rig.cache, outbox);
            QVERIFY(tracker.addOutreachActivity(u"T-1003"_s, activity(u"M-5"_s)).ok());
            const auto recorded =
                tracker.recordOutcome(u"T-1003"_s, u"M-5"_s, Milestone::RepliedPositive);
            QVERIFY(recorded.ok());
            keys = recorded.value();
        }
        rig.cache.reset();
        auto reopened = CacheStore::open(rig.databasePath());
        QVERIFY(reopened.ok());
        rig.cache = std::move(reopened).value();
        Outbox outbox(*rig.cache, rig.client);
        outbox.setPaused(true);
        QCOMPARE(outbox.pendingCount(), 3);
        QCOMPARE(awaitTask(outbox.deliver(Outbox::Mode::Flush)).delivered, 3);
        // And delivering again sends nothing more.
        QCOMPARE(awaitTask(outbox.deliver(Outbox::Mode::Flush)).delivered, 0);
        for (const QByteArray &key : std::as_const(keys))
            QCOMPARE(rig.server.timesStored(key), 1);
        QCOMPARE(eventTypes(rig.server.events(), u"M-5"_s), QStringList{u"replied"_s});
    }

    void recordingWhatIsKnownQueuesNothing() {
        CrmTestRig rig;
        QVERIFY(rig.start());
        Outbox outbox(*rig.cache, rig.client);
        outbox.setPaused(true);
        ActivityTracker tracker(*rig.cache, outbox);
        QVERIFY(tracker.addOutreachActivity(u"T-1001"_s, activity(u"M-1"_s)).ok());
        QCOMPARE(outbox.pendingCount(), 1);

        QCOMPARE(tracker.recordOutcome(u"T-1001"_s, u"M-1"_s, Milestone::Sent, at(1))->size(), 2);
        // A double click, or the same button again later.
        QVERIFY(tracker.recordOutcome(u"T-1001"_s, u"M-1"_s, Milestone::Sent, at(2))->isEmpty());
        QCOMPARE(tracker.recordOutcome(u"T-1001"_s, u"M-1"_s, Milestone::RepliedPositive)->size(),
                 2);
        QVERIFY(
            tracker.recordOutcome(u"T-1001"_s, u"M-1"_s, Milestone::RepliedPositive)->isEmpty());
        QCOMPARE(outbox.pendingCount(), 5);

        // Another sentiment: the reply was already counted, only the metrics change.
        const auto corrected =
            tracker.recordOutcome(u"T-1001"_s, u"M-1"_s, Milestone::RepliedNeutral);
        QVERIFY(corrected.ok());
        QCOMPARE(corrected->size(), 1);
        const QList<Outbox::Entry> pending = outbox.entries(Outbox::State::Pending);
        QCOMPARE(pending.constLast().kind, Outbox::Kind::Effectiveness);
        QCOMPARE(pending.constLast().idempotencyKey, corrected->constFirst());
        QCOMPARE(scalar(*rig.cache, u"SELECT count(*) FROM message_events"_s), 2);
        QCOMPARE(tracker.events(u"M-1"_s).size(), 2);
        // The sent time stays the first one.
        QCOMPARE(tracker.outcome(u"M-1"_s)->sentAt, std::optional(at(1)));
    }

    void aFailedLocalRecordQueuesNothingAndStoresNothing() {
        CrmTestRig rig;
        QVERIFY(rig.start());
        Outbox outbox(*rig.cache, rig.client);
        outbox.setPaused(true);
        ActivityTracker tracker(*rig.cache, outbox);
        QVERIFY(tracker.addOutreachActivity(u"T-1001"_s, activity(u"M-1"_s)).ok());
        // The metrics row cannot be written: the event row written before it must go too.
        QSqlQuery sabotage(rig.cache->database());
        QVERIFY(sabotage.exec(u"CREATE TRIGGER no_metrics BEFORE INSERT ON message_effectiveness "
                              "BEGIN SELECT RAISE(ABORT, 'disk says no'); END"_s));
        const auto failed = tracker.recordOutcome(u"T-1001"_s, u"M-1"_s, Milestone::MeetingBooked);
        QVERIFY(!failed.ok());
        QCOMPARE(failed.error().code(), OutreachError::Code::Storage);
        QVERIFY2(failed.error().message().contains(u"disk says no"_s),
                 qPrintable(failed.error().message()));
        QCOMPARE(scalar(*rig.cache, u"SELECT count(*) FROM message_events"_s), 0);
        QCOMPARE(outbox.pendingCount(), 1); // only the message itself
        QVERIFY(!tracker.outcome(u"M-1"_s)->meetingBooked);

        QVERIFY(sabotage.exec(u"DROP TRIGGER no_metrics"_s));
        QCOMPARE(tracker.recordOutcome(u"T-1001"_s, u"M-1"_s, Milestone::MeetingBooked)->size(), 2);
    }

    void unknownMessagesAndWrongTicketsAreRefused() {
        CrmTestRig rig;
        QVERIFY(rig.start());
        Outbox outbox(*rig.cache, rig.client);
        outbox.setPaused(true);
        ActivityTracker tracker(*rig.cache, outbox);
        QVERIFY(tracker.addOutreachActivity(u"T-1001"_s, activity(u"M-1"_s)).ok());
        const auto unknown = tracker.recordOutcome(u"T-1001"_s, u"M-404"_s, Milestone::Sent);
        QVERIFY(!unknown.ok());
        QCOMPARE(unknown.error().code(), OutreachError::Code::ContextInvalid);
        QVERIFY(unknown.error().message().contains(u"M-404"_s));
        const auto wrongTicket = tracker.recordOutcome(u"T-1002"_s, u"M-1"_s, Milestone::Sent);
        QVERIFY(!wrongTicket.ok());
        QVERIFY(wrongTicket.error().message().contains(u"T-1001"_s));
        QCOMPARE(outbox.pendingCount(), 1);
        QVERIFY(!tracker.outcome(u"M-404"_s));
    }

    void theCrmsOwnOutcomesAreKeptInTheMetrics() {
        CrmTestRig rig;
        QVERIFY(rig.start());
        Outbox outbox(*rig.cache, rig.client);
        outbox.setPaused(true);
        ActivityTracker tracker(*rig.cache, outbox);
        QVERIFY(tracker.addOutreachActivity(u"T-1001"_s, activity(u"M-1"_s)).ok());
        // A colleague logged the reply in the CRM; the prospect's history says so.
        ProspectHistory history;
        history.prospect.id = u"C-301"_s;
        history.prospect.name = u"Lee Park"_s;
        history.pastOutcomes = {{u"M-1"_s, at(1), true, false}};
        QVERIFY(rig.cache->upsertProspects({history}));
        QVERIFY(tracker.outcome(u"M-1"_s)->knownToCrm);
        QVERIFY(tracker.outcome(u"M-1"_s)->replied);

        // Recording the reply sends no second "replied"; the metrics carry the CRM's facts.
        const auto reply = tracker.recordOutcome(u"T-1001"_s, u"M-1"_s, Milestone::RepliedPositive);
        QCOMPARE(reply->size(), 1);
        const auto meeting = tracker.recordOutcome(u"T-1001"_s, u"M-1"_s, Milestone::MeetingBooked);
        QCOMPARE(meeting->size(), 2);
        QVERIFY(awaitTask(outbox.deliver()).pending == 0);
        QCOMPARE(eventTypes(rig.server.events(), u"M-1"_s), QStringList{u"meeting_booked"_s});
        const QJsonObject metrics = rig.server.effectiveness().value(u"M-1"_s);
        QCOMPARE(metrics.value(u"sent_at"_s).toString(), u"2026-11-03T09:00:00Z"_s);
        QCOMPARE(metrics.value(u"replied"_s).toBool(), true);
        QCOMPARE(metrics.value(u"reply_sentiment"_s).toString(), u"positive"_s);
        QCOMPARE(metrics.value(u"meeting_booked"_s).toBool(), true);

        // A later history without the outcome does not take back what the rep recorded.
        history.pastOutcomes.clear();
        QVERIFY(rig.cache->upsertProspects({history}));
        const std::optional<MessageOutcome> after = tracker.outcome(u"M-1"_s);
        QVERIFY(!after->knownToCrm);
        QVERIFY(after->replied && after->meetingBooked);
    }
};

QTEST_GUILESS_MAIN(TestActivityTracker)
#include "tst_activitytracker.moc"
