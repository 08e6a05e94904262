// SPDX-License-Identifier: GPL-3.0-or-later
// HubSpotRateLimiter: a rolling window learned from HubSpot's headers, other apps' requests
// counted from -Remaining, a separate pace for searches, and a full window's hold after a 429.
#include "crm/HubSpotRateLimiter.h"

#include <QTest>

using namespace std::chrono_literals;

namespace {

HubSpotRateLimiter::Headers limitHeaders(int max, int intervalMs, int remaining) {
    return {{"X-HubSpot-RateLimit-Max", QByteArray::number(max)},
            {"X-HubSpot-RateLimit-Interval-Milliseconds", QByteArray::number(intervalMs)},
            {"x-hubspot-ratelimit-remaining", QByteArray::number(remaining)},
            {"X-HubSpot-RateLimit-Daily-Remaining", "249000"}};
}

} // namespace

class TestHubSpotRateLimiter : public QObject {
    Q_OBJECT

private slots:
    void theWindowHoldsTheRequestAfterTheLimit() {
        HubSpotRateLimiter limiter;
        limiter.setLimit(3, 400ms);
        for (int i = 0; i < 3; ++i)
            QCOMPARE(limiter.holdBeforeNext(false), 0ms);
        const std::chrono::milliseconds hold = limiter.holdBeforeNext(false);
        QVERIFY(hold > 300ms);
        QVERIFY(hold <= 400ms + std::chrono::milliseconds(HubSpotRateLimiter::EdgeMarginMs) + 1ms);
        QTest::qWait(int(hold.count()));
        QCOMPARE(limiter.holdBeforeNext(false), 0ms); // the oldest left the window
    }

    void theLimitIsLearnedFromTheHeaders() {
        HubSpotRateLimiter limiter;
        QCOMPARE(limiter.max(), 100);
        limiter.observe(limitHeaders(190, 10'000, 189));
        QCOMPARE(limiter.max(), 190);
        QCOMPARE(limiter.interval(), 10'000ms);
        QCOMPARE(limiter.dailyRemaining(), 249'000);
    }

    void anotherAppsRequestsCount() {
        HubSpotRateLimiter limiter;
        limiter.setLimit(10, 5'000ms);
        QCOMPARE(limiter.holdBeforeNext(false), 0ms);
        // The server has counted 8 of 10 although this client sent one.
        limiter.observe(limitHeaders(10, 5'000, 2));
        QCOMPARE(limiter.holdBeforeNext(false), 0ms);
        QCOMPARE(limiter.holdBeforeNext(false), 0ms);
        QVERIFY(limiter.holdBeforeNext(false) > 4'000ms);
    }

    void searchesHaveTheirOwnPerSecondPace() {
        HubSpotRateLimiter limiter;
        limiter.setSearchesPerSecond(2);
        QCOMPARE(limiter.holdBeforeNext(true), 0ms);
        QCOMPARE(limiter.holdBeforeNext(true), 0ms);
        QVERIFY(limiter.holdBeforeNext(true) > 900ms);
        QCOMPARE(limiter.holdBeforeNext(false), 0ms); // other requests are not held by it
    }

    void aRateLimitHoldsEveryRequestForAWindow() {
        HubSpotRateLimiter limiter;
        limiter.setLimit(100, 2'000ms);
        limiter.holdAfterRateLimit(false);
        QVERIFY(limiter.holdBeforeNext(false) > 1'900ms);
        QVERIFY(limiter.holdBeforeNext(true) > 1'900ms);
    }

    void theDailyLimitIsRemembered() {
        HubSpotRateLimiter limiter;
        QVERIFY(!limiter.dailyExhausted());
        limiter.markDailyExhausted(150ms);
        QVERIFY(limiter.dailyExhausted());
        QTRY_VERIFY_WITH_TIMEOUT(!limiter.dailyExhausted(), 2000); // asked again later
    }
};

QTEST_GUILESS_MAIN(TestHubSpotRateLimiter)
#include "tst_hubspotratelimiter.moc"
