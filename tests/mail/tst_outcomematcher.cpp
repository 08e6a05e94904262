// SPDX-License-Identifier: GPL-3.0-or-later
// Which found messages answer a sent one, and which report it bounced.
#include "MailSamples.h"
#include "mail/OutcomeMatcher.h"

#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;

namespace {

OutcomeMatcher::Sent sent() {
    return {u"m1@vendor.example"_s,
            u"Zoe@Mueller.example"_s,
            u"Ihr Angebot für Müller & Söhne"_s,
            u"sam@vendor.example"_s,
            QDateTime(QDate(2026, 12, 7), QTime(14, 0), QTimeZone::utc()),
            {}};
}

ReceivedMail parsed(const QByteArray &raw) {
    Result<ReceivedMail> mail = ReceivedMail::parse(raw);
    return mail.ok() ? std::move(mail).value() : ReceivedMail();
}

} // namespace

class TestOutcomeMatcher : public QObject {
    Q_OBJECT

private slots:
    void aThreadedReplyIsAReplyWhoeverSendsIt() {
        const ReceivedMail mail = parsed(MailSamples::reply(
            u"m1@vendor.example"_s, u"assistant@mueller.example"_s, u"Antwort: Termin"_s));
        QCOMPARE(OutcomeMatcher::classify(mail, sent()), OutcomeMatcher::Finding::Reply);
    }

    void anUnthreadedReplyCountsWhenFromTheProspectUnderTheSubject() {
        const ReceivedMail mail = parsed(MailSamples::unthreadedReply(
            u"zoe@mueller.example"_s, u"AW: Ihr Angebot für Müller &  Söhne"_s));
        QCOMPARE(OutcomeMatcher::classify(mail, sent()), OutcomeMatcher::Finding::Reply);
    }

    void anUnthreadedMessageFromSomeoneElseOrOnAnotherSubjectIsNot() {
        QCOMPARE(OutcomeMatcher::classify(
                     parsed(MailSamples::unthreadedReply(u"other@mueller.example"_s,
                                                         u"AW: Ihr Angebot für Müller & Söhne"_s)),
                     sent()),
                 OutcomeMatcher::Finding::Nothing);
        QCOMPARE(OutcomeMatcher::classify(parsed(MailSamples::unthreadedReply(
                                              u"zoe@mueller.example"_s, u"AW: Rechnung 4711"_s)),
                                          sent()),
                 OutcomeMatcher::Finding::Nothing);
        // The same subject without a reply prefix is a new thread, not an answer.
        QCOMPARE(OutcomeMatcher::classify(
                     parsed(MailSamples::unthreadedReply(u"zoe@mueller.example"_s,
                                                         u"Ihr Angebot für Müller & Söhne"_s)),
                     sent()),
                 OutcomeMatcher::Finding::Nothing);
    }

    void olderMailUnderTheSubjectIsNotAReply() {
        const ReceivedMail mail = parsed(MailSamples::unthreadedReply(
            u"zoe@mueller.example"_s, u"Re: Ihr Angebot für Müller & Söhne"_s,
            u"Fri, 04 Dec 2026 10:00:00 +0000"_s));
        QCOMPARE(OutcomeMatcher::classify(mail, sent()), OutcomeMatcher::Finding::Nothing);
    }

    void theRepsOwnMessagesNeverCount() {
        const ReceivedMail mail = parsed(MailSamples::reply(
            u"m1@vendor.example"_s, u"Sam Rivera <SAM@vendor.example>"_s, u"Re: Nachtrag"_s));
        QCOMPARE(OutcomeMatcher::classify(mail, sent()), OutcomeMatcher::Finding::Nothing);
    }

    void aFailedReportAboutTheMessageIsABounce() {
        QCOMPARE(OutcomeMatcher::classify(
                     parsed(MailSamples::bounce(u"m1@vendor.example"_s, u"zoe@mueller.example"_s)),
                     sent()),
                 OutcomeMatcher::Finding::Bounce);
        // About another message, or only delayed: not this one's bounce.
        QCOMPARE(OutcomeMatcher::classify(
                     parsed(MailSamples::bounce(u"m2@vendor.example"_s, u"zoe@mueller.example"_s)),
                     sent()),
                 OutcomeMatcher::Finding::Nothing);
        QCOMPARE(OutcomeMatcher::classify(
                     parsed(MailSamples::bounce(u"m1@vendor.example"_s, u"zoe@mueller.example"_s,
                                                u"delayed"_s)),
                     sent()),
                 OutcomeMatcher::Finding::Nothing);
    }

    void aReportWithoutOriginalCountsOnlyForTheProspect() {
        QCOMPARE(OutcomeMatcher::classify(
                     parsed(MailSamples::bounceWithoutOriginal(u"zoe@mueller.example"_s)), sent()),
                 OutcomeMatcher::Finding::Bounce);
        QCOMPARE(OutcomeMatcher::classify(
                     parsed(MailSamples::bounceWithoutOriginal(u"lee@else.example"_s)), sent()),
                 OutcomeMatcher::Finding::Nothing);
    }

    void theSentCopyIsKnownByItsIdOrByRecipientAndSubject() {
        ReceivedMail copy;
        copy.messageId = u"m1@vendor.example"_s;
        QVERIFY(OutcomeMatcher::isSentCopy(copy, sent()));
        copy.messageId = u"renumbered@vendor.example"_s;
        QVERIFY(!OutcomeMatcher::isSentCopy(copy, sent()));
        copy.to = {{u"Zoë"_s, u"zoe@mueller.example"_s}};
        copy.subject = u"Ihr Angebot für Müller & Söhne"_s;
        copy.date = QDateTime(QDate(2026, 12, 7), QTime(14, 5), QTimeZone::utc());
        QVERIFY(OutcomeMatcher::isSentCopy(copy, sent()));
        copy.date = QDateTime(QDate(2026, 12, 1), QTime(9, 0), QTimeZone::utc());
        QVERIFY(!OutcomeMatcher::isSentCopy(copy, sent())); // an older message
        copy.date = {};
        copy.to = {{QString(), u"lee@else.example"_s}};
        QVERIFY(!OutcomeMatcher::isSentCopy(copy, sent()));
    }

    void repliesToTheRenumberedCopyCount() {
        OutcomeMatcher::Sent renumbered = sent();
        renumbered.sentCopyId = u"sent-by-client@vendor.example"_s;
        const ReceivedMail reply = parsed(MailSamples::reply(
            u"sent-by-client@vendor.example"_s, u"assistant@mueller.example"_s, u"Re: x"_s));
        QCOMPARE(OutcomeMatcher::classify(reply, sent()), OutcomeMatcher::Finding::Nothing);
        QCOMPARE(OutcomeMatcher::classify(reply, renumbered), OutcomeMatcher::Finding::Reply);
        const ReceivedMail bounce = parsed(
            MailSamples::bounce(u"sent-by-client@vendor.example"_s, u"zoe@mueller.example"_s));
        QCOMPARE(OutcomeMatcher::classify(bounce, renumbered), OutcomeMatcher::Finding::Bounce);
    }

    void baseSubjectStripsLocalisedPrefixesAndTags_data() {
        QTest::addColumn<QString>("subject");
        QTest::newRow("re") << u"Re: Angebot"_s;
        QTest::newRow("nested") << u"RE: Fwd: re: Angebot"_s;
        QTest::newRow("aw") << u"AW: Angebot"_s;
        QTest::newRow("sv") << u"SV: Angebot"_s;
        QTest::newRow("french") << u"Réf. : Angebot"_s;
        QTest::newRow("counted") << u"Re[2]: Angebot"_s;
        QTest::newRow("chinese") << u"回复：Angebot"_s;
        QTest::newRow("tag") << u"[EXT] Re: Angebot"_s;
        QTest::newRow("space") << u"  Re:   ANGEBOT "_s;
    }
    void baseSubjectStripsLocalisedPrefixesAndTags() {
        QFETCH(QString, subject);
        QCOMPARE(OutcomeMatcher::baseSubject(subject), u"angebot"_s);
    }

    void replyPrefixesAreToldFromForwards() {
        QVERIFY(OutcomeMatcher::hasReplyPrefix(u"AW: x"_s));
        QVERIFY(OutcomeMatcher::hasReplyPrefix(u"回复：x"_s));
        QVERIFY(!OutcomeMatcher::hasReplyPrefix(u"Fwd: x"_s));
        QVERIFY(!OutcomeMatcher::hasReplyPrefix(u"Regarding: x"_s));
        QVERIFY(!OutcomeMatcher::hasReplyPrefix(u"Return policy"_s));
    }
};

QTEST_GUILESS_MAIN(TestOutcomeMatcher)
#include "tst_outcomematcher.moc"
