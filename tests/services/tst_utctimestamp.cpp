// SPDX-License-Identifier: GPL-3.0-or-later
// UtcTimestamp's hand-written formatting against Qt's, across the dates a cache can hold.

#include "storage/UtcTimestamp.h"

#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;

class TestUtcTimestamp : public QObject {
    Q_OBJECT

private slots:
    void matchesQtsFormatting_data() {
        QTest::addColumn<QDateTime>("time");
        const QTimeZone utc = QTimeZone::utc();
        QTest::newRow("epoch") << QDateTime::fromMSecsSinceEpoch(0, utc);
        QTest::newRow("before epoch") << QDateTime::fromMSecsSinceEpoch(-1, utc);
        QTest::newRow("leap day") << QDateTime(QDate(2024, 2, 29), QTime(23, 59, 59, 999), utc);
        QTest::newRow("year 2000") << QDateTime(QDate(2000, 3, 1), QTime(0, 0), utc);
        QTest::newRow("other zone")
            << QDateTime(QDate(2026, 11, 20), QTime(1, 3, 0, 7), QTimeZone(-5 * 3600));
        QTest::newRow("year 1") << QDateTime(QDate(1, 1, 1), QTime(12, 0), utc);
        QTest::newRow("year 9999") << QDateTime(QDate(9999, 12, 31), QTime(23, 59, 59), utc);
    }

    void matchesQtsFormatting() {
        QFETCH(QDateTime, time);
        const QString text = UtcTimestamp::text(time);
        QCOMPARE(text, time.toUTC().toString(Qt::ISODateWithMs));
        QCOMPARE(text.size(), 24);
        QCOMPARE(UtcTimestamp::parse(text), time.toUTC());
    }

    void outOfRangeYearsFallBackToQt() {
        const QDateTime far(QDate(12026, 1, 1), QTime(0, 0), QTimeZone::utc());
        QCOMPARE(UtcTimestamp::text(far), far.toString(Qt::ISODateWithMs));
    }

    void textOrderIsTimeOrder() {
        const QDateTime a(QDate(2026, 9, 30), QTime(23, 0), QTimeZone::utc());
        const QDateTime b(QDate(2026, 10, 1), QTime(1, 0), QTimeZone::utc());
        QVERIFY(UtcTimestamp::text(a) < UtcTimestamp::text(b));
    }

    void invalidIsEmptyButNotNull() {
        const QString text = UtcTimestamp::text(QDateTime());
        QVERIFY(text.isEmpty());
        QVERIFY(!text.isNull());
        QVERIFY(!UtcTimestamp::parse(text).isValid());
    }
};

QTEST_GUILESS_MAIN(TestUtcTimestamp)
#include "tst_utctimestamp.moc"
