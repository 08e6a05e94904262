// SPDX-License-Identifier: GPL-3.0-or-later
// The outcome watcher against a private Dovecot and the fake CRM: the draft's copy in Sent, a
// reply in the inbox and a bounce are each recorded once, with where they were seen, and reach
// the CRM through the outbox once; IDLE wakes it, polling does without.
#include "MailRig.h"
#include "MailSamples.h"
#include "mail/MimeWriter.h"
#include "storage/MailStore.h"
#include "support/AwaitTask.h"
#include "workspace/DraftsUploader.h"
#include "workspace/MailOutcomeWatcher.h"

#include <QSignalSpy>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace {

const QString Subject = u"Ihr Angebot für Müller & Söhne"_s;
const QString Prospect = u"zoe.baecker@mueller-soehne.example"_s;

// Stores message `id` on T-1001 and saves it to Drafts, watched; its Message-ID, or empty.
QString saveWatched(MailRig &rig, const QString &id, bool watch = true) {
    if (!rig.storeMessage(u"T-1001"_s, id, Subject, u"Hallo Frau Bäcker, …"_s))
        return {};
    DraftsUploader uploader(*rig.crm.cache);
    DraftsUploader::Upload upload;
    upload.ticketId = u"T-1001"_s;
    upload.messageId = id;
    upload.draft.to = {u"Zoë Bäcker"_s, Prospect};
    upload.draft.subject = Subject;
    upload.draft.text = u"Hallo Frau Bäcker,\n\nwie besprochen.\n"_s;
    upload.watch = watch;
    const Result<MailStore::Entry> entry =
        awaitTask(uploader.upload(rig.settings(), rig.dovecot->password(), upload));
    return entry.ok() ? entry.value().rfcMessageId : QString();
}

// The message as the rep's client files it in Sent after sending: the draft without X-Unsent.
QByteArray sentCopy(MailRig &rig) {
    QByteArray bytes = rig.dovecot->messages(u"Drafts"_s).value().constLast();
    bytes.replace("X-Unsent: 1\r\n", "");
    return bytes;
}

int outboxRows(MailRig &rig) {
    return rig.outbox->pendingCount();
}

} // namespace

class TestMailOutcomeWatcher : public QObject {
    Q_OBJECT

private slots:
    void sentAndRepliedAreRecordedOnceAndReachTheCrmOnce() {
        MailRig rig;
        const QString problem = rig.start();
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        const QString id = saveWatched(rig, u"M-1"_s);
        QVERIFY(!id.isEmpty());
        QCOMPARE(outboxRows(rig), 1); // the message itself

        MailOutcomeWatcher watcher(*rig.crm.cache);
        watcher.setTracker(rig.tracker.get());
        watcher.setSettings(rig.settings(), rig.dovecot->password());
        QSignalSpy recorded(&watcher, &MailOutcomeWatcher::outcomeRecorded);

        // Nothing yet: the draft is still in Drafts.
        Result<MailOutcomeWatcher::Report> report = awaitTask(watcher.checkNow());
        QVERIFY2(report.ok(), qPrintable(report.ok() ? QString() : report.error().toString()));
        QCOMPARE(report.value().checked, 1);
        QCOMPARE(report.value().recorded, 0);

        QVERIFY(rig.dovecot->deliver(u"Sent"_s, sentCopy(rig)).ok());
        QVERIFY(rig.dovecot
                    ->deliver(u"INBOX"_s, MailSamples::reply(id, u"Zoë Bäcker <%1>"_s.arg(Prospect),
                                                             u"AW: "_s + Subject,
                                                             u"Tue, 08 Dec 2026 09:15:00 +0100"_s))
                    .ok());
        report = awaitTask(watcher.checkNow());
        QVERIFY(report.ok());
        QCOMPARE(report.value().recorded, 2);
        QCOMPARE(recorded.size(), 2);

        const QList<MailStore::Detection> seen = MailStore(*rig.crm.cache).detections(u"M-1"_s);
        QCOMPARE(seen.size(), 2);
        QVERIFY2(seen.at(0).source.contains(u"Sent folder “Sent”"_s),
                 qPrintable(seen.at(0).source));
        QVERIFY2(seen.at(1).source.contains(u"reply from Zoë Bäcker"_s),
                 qPrintable(seen.at(1).source));
        QCOMPARE(seen.at(1).occurredAt,
                 QDateTime(QDate(2026, 12, 8), QTime(8, 15), QTimeZone::utc()));
        const std::optional<MessageOutcome> outcome = rig.tracker->outcome(u"M-1"_s);
        QVERIFY(outcome && outcome->isSent() && outcome->replied);
        QCOMPARE(outcome->sentiment, EffectivenessMetrics::Sentiment::None);
        const int queued = outboxRows(rig);
        QCOMPARE(queued, 5); // message, sent event + metrics, replied event + metrics

        // Seen again, and a second answer from the prospect: nothing new.
        QVERIFY(rig.dovecot
                    ->deliver(u"INBOX"_s, MailSamples::reply(id, u"Zoë Bäcker <%1>"_s.arg(Prospect),
                                                             u"AW: "_s + Subject))
                    .ok());
        report = awaitTask(watcher.checkNow());
        QVERIFY(report.ok());
        QCOMPARE(report.value().recorded, 0);
        QCOMPARE(report.value().checked, 0); // replied: no longer watched
        QCOMPARE(outboxRows(rig), queued);

        rig.outbox->setPaused(false);
        const Outbox::Report delivered = awaitTask(rig.outbox->deliver());
        QCOMPARE(delivered.delivered, 5);
        const QList<QJsonObject> events = rig.crm.server.events(u"T-1001"_s);
        QCOMPARE(events.size(), 2);
        QCOMPARE(events.at(0).value(u"type"_s).toString(), u"sent"_s);
        QCOMPARE(events.at(1).value(u"type"_s).toString(), u"replied"_s);
        QCOMPARE(rig.crm.server.effectiveness().value(u"M-1"_s).value(u"replied"_s).toBool(), true);

        // The rep sets the sentiment with one click: the metrics change, no second event.
        QVERIFY(
            rig.tracker
                ->recordOutcome(u"T-1001"_s, u"M-1"_s, ActivityTracker::Milestone::RepliedPositive)
                .ok());
        QCOMPARE(awaitTask(rig.outbox->deliver()).delivered, 1);
        QCOMPARE(rig.crm.server.events(u"T-1001"_s).size(), 2);
    }

    void aSentCopyWithANewMessageIdIsFoundAndItsRepliesCount() {
        MailRig rig;
        const QString problem = rig.start();
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        const QString id = saveWatched(rig, u"M-1"_s);
        QVERIFY(!id.isEmpty());
        // Thunderbird and Outlook give the message a Message-ID of their own when they send it.
        QByteArray copy = sentCopy(rig);
        copy.replace(QByteArray("<" + id.toUtf8() + ">"), "<sent-by-client@vendor.example>");
        QVERIFY(!copy.contains(id.toUtf8()));
        QVERIFY(rig.dovecot->deliver(u"Sent"_s, copy).ok());
        QVERIFY(rig.dovecot
                    ->deliver(u"INBOX"_s, MailSamples::reply(u"sent-by-client@vendor.example"_s,
                                                             u"assistant@mueller-soehne.example"_s,
                                                             u"Antwort: Termin"_s))
                    .ok());
        MailOutcomeWatcher watcher(*rig.crm.cache);
        watcher.setTracker(rig.tracker.get());
        watcher.setSettings(rig.settings(), rig.dovecot->password());
        const Result<MailOutcomeWatcher::Report> report = awaitTask(watcher.checkNow());
        QVERIFY2(report.ok(), qPrintable(report.ok() ? QString() : report.error().toString()));
        QCOMPARE(report.value().recorded, 2);
        QCOMPARE(MailStore(*rig.crm.cache).entry(u"M-1"_s)->sentMessageId,
                 u"sent-by-client@vendor.example"_s);
        QVERIFY(rig.tracker->outcome(u"M-1"_s)->replied);
    }

    void anUnthreadedAnswerFromTheProspectCounts() {
        MailRig rig;
        const QString problem = rig.start();
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QVERIFY(!saveWatched(rig, u"M-1"_s).isEmpty());
        QVERIFY(rig.dovecot
                    ->deliver(u"INBOX"_s, MailSamples::unthreadedReply(
                                              Prospect, u"Re: "_s + Subject,
                                              QDateTime::currentDateTimeUtc().addSecs(60).toString(
                                                  Qt::RFC2822Date)))
                    .ok());
        // Someone else under the same subject is not an answer.
        QVERIFY(rig.dovecot
                    ->deliver(u"INBOX"_s,
                              MailSamples::unthreadedReply(u"other@mueller-soehne.example"_s,
                                                           u"Re: "_s + Subject))
                    .ok());
        MailOutcomeWatcher watcher(*rig.crm.cache);
        watcher.setTracker(rig.tracker.get());
        watcher.setSettings(rig.settings(), rig.dovecot->password());
        const Result<MailOutcomeWatcher::Report> report = awaitTask(watcher.checkNow());
        QVERIFY2(report.ok(), qPrintable(report.ok() ? QString() : report.error().toString()));
        QCOMPARE(report.value().recorded, 1);
        QVERIFY(rig.tracker->outcome(u"M-1"_s)->replied);
    }

    void aBounceIsRecordedAndEndsTheWatch() {
        MailRig rig;
        const QString problem = rig.start();
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        const QString id = saveWatched(rig, u"M-1"_s);
        QVERIFY(!id.isEmpty());
        QVERIFY(rig.dovecot->deliver(u"INBOX"_s, MailSamples::bounce(id, Prospect)).ok());
        // A delay notice about it is not a bounce.
        QVERIFY(
            rig.dovecot->deliver(u"INBOX"_s, MailSamples::bounce(id, Prospect, u"delayed"_s)).ok());
        MailOutcomeWatcher watcher(*rig.crm.cache);
        watcher.setTracker(rig.tracker.get());
        watcher.setSettings(rig.settings(), rig.dovecot->password());
        const Result<MailOutcomeWatcher::Report> report = awaitTask(watcher.checkNow());
        QVERIFY2(report.ok(), qPrintable(report.ok() ? QString() : report.error().toString()));
        QCOMPARE(report.value().recorded, 1);
        const std::optional<MessageOutcome> outcome = rig.tracker->outcome(u"M-1"_s);
        QVERIFY(outcome->bounced);
        QVERIFY(!outcome->replied);
        QVERIFY(MailStore(*rig.crm.cache).watchedEntries().isEmpty());
        QVERIFY(MailStore(*rig.crm.cache)
                    .detections(u"M-1"_s)
                    .first()
                    .source.contains(u"delivery report"_s));
    }

    void unwatchedDraftsAreLeftAlone() {
        MailRig rig;
        const QString problem = rig.start();
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        const QString id = saveWatched(rig, u"M-1"_s, false);
        QVERIFY(!id.isEmpty());
        QVERIFY(
            rig.dovecot->deliver(u"INBOX"_s, MailSamples::reply(id, Prospect, u"Re: x"_s)).ok());
        MailOutcomeWatcher watcher(*rig.crm.cache);
        watcher.setTracker(rig.tracker.get());
        watcher.setSettings(rig.settings(), rig.dovecot->password());
        const Result<MailOutcomeWatcher::Report> report = awaitTask(watcher.checkNow());
        QVERIFY(report.ok());
        QCOMPARE(report.value().checked, 0);
        QVERIFY(!rig.tracker->outcome(u"M-1"_s)->replied);
    }

    void idleWakesTheWatcherWhenTheReplyArrives() {
        MailRig rig;
        const QString problem = rig.start();
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        const QString id = saveWatched(rig, u"M-1"_s);
        MailOutcomeWatcher watcher(*rig.crm.cache);
        watcher.setTracker(rig.tracker.get());
        watcher.setSettings(rig.settings(), rig.dovecot->password());
        watcher.setInterval(10min); // only IDLE can bring it back in time
        QSignalSpy recorded(&watcher, &MailOutcomeWatcher::outcomeRecorded);
        watcher.start();
        QVERIFY(watcher.isRunning());
        QTest::qWait(500); // the first check is done and the watcher waits in IDLE
        QVERIFY(
            rig.dovecot->deliver(u"INBOX"_s, MailSamples::reply(id, Prospect, u"Re: x"_s)).ok());
        QVERIFY(recorded.wait(10000));
        QCOMPARE(recorded.first().at(2).value<MailStore::Outcome>(), MailStore::Outcome::Replied);
        watcher.stop();
        QVERIFY(!watcher.isRunning());
    }

    void withoutIdleItPolls() {
        MailRig rig;
        DovecotServer::Options options;
        options.idle = false;
        const QString problem = rig.start(options);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        const QString id = saveWatched(rig, u"M-1"_s);
        MailOutcomeWatcher watcher(*rig.crm.cache);
        watcher.setTracker(rig.tracker.get());
        watcher.setSettings(rig.settings(), rig.dovecot->password());
        watcher.setInterval(300ms);
        QSignalSpy recorded(&watcher, &MailOutcomeWatcher::outcomeRecorded);
        watcher.start();
        QTest::qWait(100);
        QVERIFY(
            rig.dovecot->deliver(u"INBOX"_s, MailSamples::reply(id, Prospect, u"Re: x"_s)).ok());
        QVERIFY(recorded.wait(10000));
        watcher.stop();
        QVERIFY(!watcher.isRunning());
    }

    void aFailedCheckRecordsNothingAndSaysWhy() {
        MailRig rig;
        const QString problem = rig.start();
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QVERIFY(!saveWatched(rig, u"M-1"_s).isEmpty());
        MailOutcomeWatcher watcher(*rig.crm.cache);
        watcher.setTracker(rig.tracker.get());
        watcher.setSettings(rig.settings(), u"wrong-password-5678"_s);
        const Result<MailOutcomeWatcher::Report> report = awaitTask(watcher.checkNow());
        QVERIFY(!report.ok());
        QCOMPARE(report.error().code(), OutreachError::Code::Auth);
        QVERIFY(!report.error().toString().contains(u"wrong-password-5678"_s));
        QCOMPARE(outboxRows(rig), 1);
    }
};

QTEST_GUILESS_MAIN(TestMailOutcomeWatcher)
#include "tst_mailoutcomewatcher.moc"
