// SPDX-License-Identifier: GPL-3.0-or-later
// HubSpotSearchWindow: the search bodies it sends, the cursors it writes and reads, and that a
// walk past HubSpot's 10,000-result cap re-windows without skipping a millisecond's ties.
#include "crm/HubSpotSearchWindow.h"

#include <QJsonArray>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;

namespace {

QJsonArray filtersOf(const QJsonObject &body) {
    const QJsonArray groups = body.value(u"filterGroups"_s).toArray();
    return groups.isEmpty() ? QJsonArray()
                            : groups.first().toObject().value(u"filters"_s).toArray();
}

QString sortOf(const QJsonObject &body) {
    return body.value(u"sorts"_s).toArray().first().toObject().value(u"propertyName"_s).toString();
}

} // namespace

class TestHubSpotSearchWindow : public QObject {
    Q_OBJECT

private slots:
    void firstPageFiltersOnTheHighWaterMark() {
        const QDateTime since = QDateTime::fromMSecsSinceEpoch(1'700'000'000'123, QTimeZone::utc());
        const QJsonObject body =
            HubSpotSearchWindow::startingAt(since).searchBody({u"subject"_s}, 500);
        QCOMPARE(body.value(u"limit"_s).toInt(), 200); // HubSpot's page cap
        QVERIFY(!body.contains(u"after"_s));
        const QJsonArray filters = filtersOf(body);
        QCOMPARE(filters.size(), 1);
        QCOMPARE(filters[0].toObject().value(u"operator"_s).toString(), u"GTE"_s);
        QCOMPARE(filters[0].toObject().value(u"value"_s).toString(), u"1700000000123"_s);
        QCOMPARE(sortOf(body), u"hs_lastmodifieddate"_s);
        QCOMPARE(body.value(u"sorts"_s).toArray().first().toObject().value(u"direction"_s),
                 u"ASCENDING"_s);
    }

    void noHighWaterMarkReadsEverything() {
        const QJsonObject body = HubSpotSearchWindow::startingAt({}).searchBody({}, 200);
        QVERIFY(body.value(u"filterGroups"_s).toArray().isEmpty());
    }

    void pagesWithinTheCapKeepTheQuery() {
        const HubSpotSearchWindow start = HubSpotSearchWindow::startingAt({});
        const auto next = start.next(200, 200, 5, u"9"_s);
        QVERIFY(next);
        QCOMPARE(next->after(), 200);
        QVERIFY(!next->isTieQuery());
        QCOMPARE(next->searchBody({}, 200).value(u"after"_s).toString(), u"200"_s);
        QVERIFY(!start.next(std::nullopt, 200, 5, u"9"_s)); // the last page
    }

    void atTheCapTheTiesOfTheLastMillisecondAreReadByIdThenTheWalkGoesOn() {
        HubSpotSearchWindow window = HubSpotSearchWindow::startingAt({});
        window = *window.next(9'800, 200, 0, {});
        QCOMPARE(window.after(), 9'800);
        // The next page would end past 10,000: a new query from the last modification time.
        const auto tie = window.next(10'000, 200, 1'234, u"77"_s);
        QVERIFY(tie);
        QVERIFY(tie->isTieQuery());
        QCOMPARE(tie->after(), 0);
        const QJsonObject body = tie->searchBody({}, 200);
        QCOMPARE(sortOf(body), u"hs_object_id"_s);
        const QJsonArray filters = filtersOf(body);
        QCOMPARE(filters.size(), 1); // every ticket of that millisecond, whatever was seen
        QCOMPARE(filters[0].toObject().value(u"operator"_s).toString(), u"EQ"_s);
        QCOMPARE(filters[0].toObject().value(u"value"_s).toString(), u"1234"_s);

        // The millisecond done, the walk resumes strictly after it.
        const auto after = tie->next(std::nullopt, 200, 1'234, u"80"_s);
        QVERIFY(after);
        QVERIFY(!after->isTieQuery());
        const QJsonArray rangeFilters = filtersOf(after->searchBody({}, 200));
        QCOMPARE(rangeFilters[0].toObject().value(u"operator"_s).toString(), u"GT"_s);
        QCOMPARE(rangeFilters[0].toObject().value(u"value"_s).toString(), u"1234"_s);
    }

    void moreTiesThanOneQueryHoldsContinueAfterTheLastId() {
        HubSpotSearchWindow tie = *HubSpotSearchWindow::startingAt({}).next(10'000, 200, 42, {});
        tie = *tie.next(9'800, 200, 42, u"500"_s);
        const auto again = tie.next(10'000, 200, 42, u"10500"_s);
        QVERIFY(again && again->isTieQuery());
        const QJsonArray filters = filtersOf(again->searchBody({}, 200));
        QCOMPARE(filters.size(), 2);
        QCOMPARE(filters[1].toObject().value(u"propertyName"_s).toString(), u"hs_object_id"_s);
        QCOMPARE(filters[1].toObject().value(u"operator"_s).toString(), u"GT"_s);
        QCOMPARE(filters[1].toObject().value(u"value"_s).toString(), u"10500"_s);
    }

    void cursorsRoundTrip() {
        const HubSpotSearchWindow start =
            HubSpotSearchWindow::startingAt(QDateTime::fromMSecsSinceEpoch(99, QTimeZone::utc()));
        const std::optional<HubSpotSearchWindow> windows[] = {
            start, start.next(400, 200, 120, u"3"_s), start.next(10'000, 200, 120, u"3"_s),
            start.next(10'000, 200, 120, u"3"_s)->next(std::nullopt, 200, 120, u"8"_s)};
        for (const auto &window : windows) {
            QVERIFY(window);
            QCOMPARE(HubSpotSearchWindow::fromCursor(window->cursor()), window);
        }
    }

    void foreignCursorsAreRefused() {
        for (const QString &cursor :
             {u""_s, u"abc"_s, u"r:1:2:3"_s, u"x:1:1:0"_s, u"r:1:1:-5"_s, u"r:a:1:0"_s})
            QVERIFY2(!HubSpotSearchWindow::fromCursor(cursor), qPrintable(cursor));
    }
};

QTEST_GUILESS_MAIN(TestHubSpotSearchWindow)
#include "tst_hubspotsearchwindow.moc"
