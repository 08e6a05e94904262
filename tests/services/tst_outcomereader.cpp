// SPDX-License-Identifier: GPL-3.0-or-later
// OutcomeReader: the rep's records (events, effectiveness) and the CRM's past outcomes merged per
// message, only ever adding; the stored metadata and the ticket's category and prospect read
// back; the filters; and which prospects a sync should ask again.
#include "storage/OutcomeReader.h"
#include "support/LocalRecords.h"

#include <QSqlQuery>
#include <QTest>

using namespace Qt::StringLiterals;
using Milestone = ActivityTracker::Milestone;

class TestOutcomeReader : public QObject {
    Q_OBJECT

private slots:
    void readsMessagesWithTheirTicketAndMetadata() {
        LocalRecords records;
        QVERIFY(records.open());
        QVERIFY(records.addTicket(u"T-1"_s, u"C-1"_s, u"renewal"_s));
        QVERIFY(records.addMessage(u"M-1"_s, u"T-1"_s, LocalRecords::day(0), u"follow_up"_s,
                                   u"warm"_s, u"Renewal options"_s,
                                   u"Hi Lee,\n\nThree options for the renewal.\nMore."_s));
        // A message on a ticket that is not cached, written before preset and tone existed.
        QVERIFY(records.addMessage(u"M-2"_s, u"T-9"_s, LocalRecords::day(1)));

        const Result<QList<MessageOutcome>> all = OutcomeReader::all(*records.cache);
        QVERIFY(all.ok());
        QCOMPARE(all->size(), 2);
        const MessageOutcome &newest = all->at(0);
        QCOMPARE(newest.messageId, u"M-2"_s); // newest first
        QVERIFY(newest.prospectId.isEmpty());
        QVERIFY(newest.category.isEmpty());
        QVERIFY(newest.preset.isEmpty());
        QVERIFY(!newest.isSent());
        const MessageOutcome &m1 = all->at(1);
        QCOMPARE(m1.ticketId, u"T-1"_s);
        QCOMPARE(m1.prospectId, u"C-1"_s);
        QCOMPARE(m1.category, u"renewal"_s);
        QCOMPARE(m1.preset, u"follow_up"_s);
        QCOMPARE(m1.tone, u"warm"_s);
        QCOMPARE(m1.model, u"gpt-test"_s);
        QCOMPARE(m1.subject, u"Renewal options"_s);
        QCOMPARE(m1.firstLine, u"Three options for the renewal."_s);
        QCOMPARE(m1.createdAt, LocalRecords::day(0));
        QVERIFY(!m1.isSent());
        QVERIFY(!m1.knownToCrm);
    }

    void mergesEventsMetricsAndTheCrmsOutcomes() {
        LocalRecords records;
        QVERIFY(records.open());
        QVERIFY(records.addTicket(u"T-1"_s, u"C-1"_s, u"renewal"_s));
        QVERIFY(records.addMessage(u"M-1"_s, u"T-1"_s, LocalRecords::day(0)));
        ActivityTracker &tracker = *records.tracker;
        // Two opens tracked as events, a later "sent" event than the metrics say.
        for (const auto &[type, when] :
             {std::pair{ActivityEvent::Type::Sent, LocalRecords::day(2)},
              std::pair{ActivityEvent::Type::Opened, LocalRecords::day(3)},
              std::pair{ActivityEvent::Type::Opened, LocalRecords::day(4)}}) {
            ActivityEvent event;
            event.type = type;
            event.occurredAt = when;
            QVERIFY(tracker.trackOutreachActivity(u"T-1"_s, u"M-1"_s, event).ok());
        }
        EffectivenessMetrics metrics;
        metrics.sentAt = LocalRecords::day(1);
        metrics.replied = true;
        metrics.replySentiment = EffectivenessMetrics::Sentiment::Negative;
        metrics.updatedAt = LocalRecords::day(5);
        QVERIFY(tracker.updateEffectiveness(u"T-1"_s, u"M-1"_s, metrics).ok());
        // The CRM knows of a meeting (and a later sent time, which loses to the earlier ones).
        ProspectHistory history;
        history.prospect = {u"C-1"_s, u"Lee Park"_s, {}, {}, {}, {}, {}, false};
        history.pastOutcomes = {{u"M-1"_s, LocalRecords::day(3), false, true},
                                {u"M-other"_s, LocalRecords::day(3), true, true}};
        QVERIFY(records.cache->upsertProspects({history}));

        const auto read = OutcomeReader::forMessage(*records.cache, u"M-1"_s);
        QVERIFY(read.ok());
        QVERIFY(read->has_value());
        const MessageOutcome &m = **read;
        QCOMPARE(m.sentAt, std::optional(LocalRecords::day(1)));
        QVERIFY(m.opened);
        QCOMPARE(m.openCount, 2);
        QVERIFY(m.replied); // the CRM's "replied": false does not undo the rep's record
        QCOMPARE(m.sentiment, EffectivenessMetrics::Sentiment::Negative);
        QVERIFY(m.meetingBooked);
        QVERIFY(m.knownToCrm);
        QVERIFY(!m.bounced);
        // Messages only the CRM knows are not the rep's records.
        QVERIFY(!OutcomeReader::forMessage(*records.cache, u"M-other"_s)->has_value());
    }

    void anyOutcomeMeansTheMessageWentOut() {
        LocalRecords records;
        QVERIFY(records.open());
        QVERIFY(records.addMessage(u"M-1"_s, u"T-1"_s, LocalRecords::day(4)));
        ActivityEvent bounced;
        bounced.type = ActivityEvent::Type::Bounced;
        bounced.occurredAt = LocalRecords::day(6);
        QVERIFY(records.tracker->trackOutreachActivity(u"T-1"_s, u"M-1"_s, bounced).ok());
        const MessageOutcome m = *OutcomeReader::forMessage(*records.cache, u"M-1"_s).value();
        QCOMPARE(m.sentAt, std::optional(LocalRecords::day(4)));
        QVERIFY(m.isSent());
        QVERIFY(!m.isDelivered());
    }

    void filtersByProspect() {
        LocalRecords records;
        QVERIFY(records.open());
        QVERIFY(records.addTicket(u"T-1"_s, u"C-1"_s, u"renewal"_s));
        QVERIFY(records.addTicket(u"T-2"_s, u"C-1"_s, u"upsell"_s));
        QVERIFY(records.addTicket(u"T-3"_s, u"C-2"_s, u"upsell"_s));
        QVERIFY(records.addMessage(u"M-1"_s, u"T-1"_s, LocalRecords::day(0)));
        QVERIFY(records.addMessage(u"M-2"_s, u"T-2"_s, LocalRecords::day(2)));
        QVERIFY(records.addMessage(u"M-3"_s, u"T-3"_s, LocalRecords::day(1)));
        QVERIFY(
            records.record(u"T-2"_s, u"M-2"_s, Milestone::RepliedPositive, LocalRecords::day(3)));
        QVERIFY(
            records.record(u"T-3"_s, u"M-3"_s, Milestone::RepliedPositive, LocalRecords::day(3)));
        const auto c1 = OutcomeReader::forProspect(*records.cache, u"C-1"_s);
        QVERIFY(c1.ok());
        QCOMPARE(c1->size(), 2);
        QCOMPARE(c1->at(0).messageId, u"M-2"_s);
        QVERIFY(c1->at(0).replied);
        QCOMPARE(c1->at(1).messageId, u"M-1"_s);
        QVERIFY(!c1->at(1).replied); // M-3's events belong to another message
        QVERIFY(OutcomeReader::forProspect(*records.cache, u"C-404"_s)->isEmpty());
    }

    void filtersByTicketAsMessageByMessage() {
        LocalRecords records;
        QVERIFY(records.open());
        QVERIFY(records.seedHistory(120, 6));
        QVERIFY(records.addTicket(u"T-9"_s, u"C-1"_s, u"renewal"_s));
        QVERIFY(records.addMessage(u"M-own"_s, u"T-9"_s, LocalRecords::day(3)));
        QVERIFY(
            records.record(u"T-9"_s, u"M-own"_s, Milestone::MeetingBooked, LocalRecords::day(4)));
        for (const QString &ticket : {u"T-1"_s, u"T-2"_s, u"T-9"_s, u"T-404"_s}) {
            const auto onTicket = OutcomeReader::forTicket(*records.cache, ticket);
            QVERIFY(onTicket.ok());
            QList<MessageOutcome> oneByOne;
            for (const OutreachActivity &activity : records.tracker->messages(ticket))
                oneByOne.append(
                    OutcomeReader::forMessage(*records.cache, activity.messageId).value().value());
            QCOMPARE(onTicket->size(), oneByOne.size());
            // The same outcomes; the order among equal creation times may differ.
            for (const MessageOutcome &outcome : oneByOne)
                QVERIFY(onTicket->contains(outcome));
            const auto byId = records.tracker->outcomes(ticket);
            QCOMPARE(byId.size(), oneByOne.size());
            for (const MessageOutcome &outcome : oneByOne)
                QCOMPARE(byId.value(outcome.messageId), outcome);
        }
        QVERIFY(OutcomeReader::forTicket(*records.cache, u"T-9"_s)->constFirst().meetingBooked);
    }

    void prospectsAwaitingOutcomes() {
        LocalRecords records;
        QVERIFY(records.open());
        for (int i = 1; i <= 5; ++i)
            QVERIFY(records.addTicket(u"T-%1"_s.arg(i), u"C-%1"_s.arg(i), {}));
        // C-1: sent recently, open. C-2: bounced. C-3: meeting booked. C-4: sent long ago.
        // C-5: sent most recently, twice (listed once). T-1's second message is unsent.
        const QDateTime now = LocalRecords::day(60);
        QVERIFY(records.addMessage(u"M-1"_s, u"T-1"_s, now.addDays(-10)));
        QVERIFY(records.record(u"T-1"_s, u"M-1"_s, Milestone::Sent, now.addDays(-10)));
        QVERIFY(records.addMessage(u"M-1b"_s, u"T-1"_s, now.addDays(-1)));
        QVERIFY(records.addMessage(u"M-2"_s, u"T-2"_s, now.addDays(-5)));
        QVERIFY(records.record(u"T-2"_s, u"M-2"_s, Milestone::Bounced, now.addDays(-5)));
        QVERIFY(records.addMessage(u"M-3"_s, u"T-3"_s, now.addDays(-5)));
        QVERIFY(records.record(u"T-3"_s, u"M-3"_s, Milestone::MeetingBooked, now.addDays(-4)));
        QVERIFY(records.addMessage(u"M-4"_s, u"T-4"_s, now.addDays(-45)));
        QVERIFY(records.record(u"T-4"_s, u"M-4"_s, Milestone::Sent, now.addDays(-45)));
        QVERIFY(records.addMessage(u"M-5"_s, u"T-5"_s, now.addDays(-3)));
        QVERIFY(records.record(u"T-5"_s, u"M-5"_s, Milestone::RepliedNeutral, now.addDays(-2)));
        QVERIFY(records.addMessage(u"M-5b"_s, u"T-5"_s, now.addDays(-2)));
        QVERIFY(records.record(u"T-5"_s, u"M-5b"_s, Milestone::Sent, now.addDays(-2)));

        const auto awaiting =
            OutcomeReader::prospectsAwaitingOutcomes(*records.cache, now.addDays(-30), 10);
        QVERIFY(awaiting.ok());
        QCOMPARE(awaiting.value(), (QStringList{u"C-5"_s, u"C-1"_s}));
        QCOMPARE(
            OutcomeReader::prospectsAwaitingOutcomes(*records.cache, now.addDays(-30), 1).value(),
            QStringList{u"C-5"_s});
    }

    void anUnreadableDatabaseIsAStorageError() {
        LocalRecords records;
        QVERIFY(records.open());
        QSqlQuery query(records.cache->database());
        QVERIFY(query.exec(u"DROP TABLE message_events"_s));
        QVERIFY(records.addMessage(u"M-1"_s, u"T-1"_s, LocalRecords::day(0)));
        const auto all = OutcomeReader::all(*records.cache);
        QVERIFY(!all.ok());
        QCOMPARE(all.error().code(), OutreachError::Code::Storage);
    }
};

QTEST_GUILESS_MAIN(TestOutcomeReader)
#include "tst_outcomereader.moc"
