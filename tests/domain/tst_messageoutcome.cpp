// SPDX-License-Identifier: GPL-3.0-or-later
// MessageOutcome: the opening line the prompt quotes from a message that worked, and the metrics
// body an outcome record says.
#include "domain/MessageOutcome.h"

#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;

class TestMessageOutcome : public QObject {
    Q_OBJECT

private slots:
    void openingLine_data() {
        QTest::addColumn<QString>("content");
        QTest::addColumn<QString>("expected");
        QTest::newRow("empty") << QString() << QString();
        QTest::newRow("only blank lines") << u"\n  \n\t\n"_s << QString();
        QTest::newRow("one line") << u"Quick question about seats."_s
                                  << u"Quick question about seats."_s;
        QTest::newRow("salutation skipped")
            << u"Hi Lee,\n\nThe add-on is billed per workspace.\nBest, Dana"_s
            << u"The add-on is billed per workspace."_s;
        QTest::newRow("German salutation, CRLF")
            << u"Sehr geehrte Frau Müller,\r\n\r\nvielen Dank für die Demo.\r\n"_s
            << u"vielen Dank für die Demo."_s;
        QTest::newRow("exclamation greeting")
            << u"Hello Lee!\nShort one today."_s << u"Short one today."_s;
        QTest::newRow("only a salutation is skipped once")
            << u"Hi Lee,\nThanks,\nDana"_s << u"Thanks,"_s;
        QTest::newRow("a long first line is content, not a salutation")
            << u"Following up on your question from Tuesday about the analytics add-on pricing, "
               u"which we discussed,\nmore"_s
            << u"Following up on your question from Tuesday about the analytics add-on pricing, "
               u"which we discussed,"_s;
    }

    void openingLine() {
        QFETCH(QString, content);
        QFETCH(QString, expected);
        QCOMPARE(MessageOutcome::openingLine(content), expected);
    }

    void openingLineIsCutOnAWordBoundary() {
        const QString sentence = u"Our pilot in Hamburg cut forecast errors by a third "_s;
        const QString content = u"Hi Lee,\n"_s + sentence.repeated(10);
        const QString line = MessageOutcome::openingLine(content, 80);
        QVERIFY(line.size() <= 80);
        QVERIFY(line.endsWith(u'…'));
        QVERIFY2(sentence.repeated(10).startsWith(line.chopped(1)), qPrintable(line));
        QVERIFY2(!line.chopped(1).endsWith(u' '), qPrintable(line));
        // The word before the ellipsis is whole.
        const QString lastWord = line.chopped(1).split(u' ').constLast();
        QVERIFY2(sentence.split(u' ').contains(lastWord), qPrintable(lastWord));

        // A surrogate pair at the cut is never split.
        const QString emoji = u"🙂"_s.repeated(100);
        const QString cut = MessageOutcome::openingLine(emoji, 11);
        QVERIFY(!cut.chopped(1).back().isHighSurrogate());
    }

    void metricsSayTheOutcome() {
        MessageOutcome outcome;
        const QDateTime sent(QDate(2026, 11, 2), QTime(9, 0), QTimeZone::utc());
        const QDateTime now(QDate(2026, 11, 3), QTime(9, 0), QTimeZone::utc());
        outcome.sentAt = sent;
        outcome.openCount = 2;
        outcome.replied = true;
        outcome.sentiment = EffectivenessMetrics::Sentiment::Neutral;
        outcome.meetingBooked = true;
        const EffectivenessMetrics metrics = outcome.toMetrics(now);
        QCOMPARE(metrics.sentAt, std::optional(sent));
        QVERIFY(metrics.opened); // a count says it was opened
        QCOMPARE(metrics.openCount, 2);
        QVERIFY(metrics.replied);
        QCOMPARE(metrics.replySentiment, EffectivenessMetrics::Sentiment::Neutral);
        QVERIFY(metrics.meetingBooked);
        QCOMPARE(metrics.updatedAt, now);
        QVERIFY(outcome.isDelivered());
        QVERIFY(outcome.worked());
        QVERIFY(!outcome.repliedPositively());

        // No reply, no sentiment, whatever was left in the field; bounced is not delivered.
        outcome.replied = false;
        outcome.bounced = true;
        QCOMPARE(outcome.toMetrics(now).replySentiment, EffectivenessMetrics::Sentiment::None);
        QVERIFY(outcome.isSent());
        QVERIFY(!outcome.isDelivered());
    }
};

QTEST_GUILESS_MAIN(TestMessageOutcome)
#include "tst_messageoutcome.moc"
