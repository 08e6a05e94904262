// SPDX-License-Identifier: GPL-3.0-or-later
// Reading what a mailbox holds: replies, their threading headers, and delivery reports.
#include "MailSamples.h"
#include "mail/ReceivedMail.h"

#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;

class TestReceivedMail : public QObject {
    Q_OBJECT

private slots:
    void readsTheThreadingHeadersOfAReply() {
        const QByteArray raw =
            MailSamples::reply(u"m1@vendor.example"_s, u"Zoë Bäcker <zoe@mueller.example>"_s,
                               u"AW: Ihr Angebot für Müller"_s);
        const Result<ReceivedMail> mail = ReceivedMail::parse(raw);
        QVERIFY(mail.ok());
        QCOMPARE(mail.value().inReplyTo, QStringList{u"m1@vendor.example"_s});
        QCOMPARE(mail.value().references,
                 (QStringList{u"older@vendor.example"_s, u"m1@vendor.example"_s}));
        QVERIFY(mail.value().answers(u"m1@vendor.example"_s));
        QVERIFY(mail.value().answers(u"older@vendor.example"_s));
        QVERIFY(!mail.value().answers(u"other@vendor.example"_s));
        QVERIFY(!mail.value().answers(QString()));
        QCOMPARE(mail.value().subject, u"AW: Ihr Angebot für Müller"_s);
        QCOMPARE(mail.value().from.address, u"zoe@mueller.example"_s);
        QCOMPARE(mail.value().date, QDateTime(QDate(2026, 12, 8), QTime(8, 15), QTimeZone::utc()));
        QVERIFY(!mail.value().isDeliveryReport);
    }

    void readsAFailedDeliveryReportAndTheMessageItIsAbout() {
        const Result<ReceivedMail> mail = ReceivedMail::parse(
            MailSamples::bounce(u"m1@vendor.example"_s, u"zoe@mueller.example"_s));
        QVERIFY(mail.ok());
        QVERIFY(mail.value().isDeliveryReport);
        QVERIFY(mail.value().deliveryFailed);
        QCOMPARE(mail.value().failedRecipients, QStringList{u"zoe@mueller.example"_s});
        QCOMPARE(mail.value().reportedMessageId, u"m1@vendor.example"_s);
    }

    void aDelayedReportIsNotAFailure() {
        const Result<ReceivedMail> mail = ReceivedMail::parse(
            MailSamples::bounce(u"m1@vendor.example"_s, u"zoe@mueller.example"_s, u"delayed"_s));
        QVERIFY(mail.ok());
        QVERIFY(mail.value().isDeliveryReport);
        QVERIFY(!mail.value().deliveryFailed);
        QVERIFY(mail.value().failedRecipients.isEmpty());
    }

    void aReportWithoutItsOriginalStillNamesTheRecipient() {
        const Result<ReceivedMail> mail =
            ReceivedMail::parse(MailSamples::bounceWithoutOriginal(u"zoe@mueller.example"_s));
        QVERIFY(mail.ok());
        QVERIFY(mail.value().deliveryFailed);
        QVERIFY(mail.value().reportedMessageId.isEmpty());
        QCOMPARE(mail.value().failedRecipients, QStringList{u"zoe@mueller.example"_s});
    }

    void aHeaderOnlyFetchIsEnough() {
        const QByteArray raw =
            MailSamples::reply(u"m1@vendor.example"_s, u"a@b.example"_s, u"Re: x"_s);
        const QByteArray header = raw.left(raw.indexOf("\r\n\r\n") + 4);
        const Result<ReceivedMail> mail = ReceivedMail::parse(header);
        QVERIFY(mail.ok());
        QVERIFY(mail.value().answers(u"m1@vendor.example"_s));
    }

    void garbageIsReadAsAMessageWithoutHeadersOrRefused() {
        const Result<ReceivedMail> mail = ReceivedMail::parse(QByteArray("\x01\x02 no header\r\n"));
        if (mail.ok()) {
            QVERIFY(mail.value().messageId.isEmpty());
            QVERIFY(mail.value().inReplyTo.isEmpty());
        } else {
            QCOMPARE(mail.error().code(), OutreachError::Code::ContextInvalid);
        }
    }
};

QTEST_GUILESS_MAIN(TestReceivedMail)
#include "tst_receivedmail.moc"
