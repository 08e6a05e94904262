// SPDX-License-Identifier: GPL-3.0-or-later
// RateLimitBuckets on a clock stepped by hand: bursts up to the limit, linear refill, the wait a
// refusal announces, which limit it names, and the time until a bucket is full again.

#include "RateLimitBuckets.h"

#include <QTest>

using namespace std::chrono_literals;

using Limit = RateLimitBuckets::Limit;

class TestRateLimitBuckets : public QObject {
    Q_OBJECT

private:
    RateLimitBuckets::Clock::time_point m_now{};

    RateLimitBuckets buckets(int requests, int tokens, std::chrono::milliseconds window) {
        RateLimitBuckets limits([this] { return m_now; });
        limits.setLimits({requests, tokens, window});
        return limits;
    }

private slots:
    void init() { m_now = RateLimitBuckets::Clock::time_point{}; }

    void offByDefault() {
        RateLimitBuckets limits([this] { return m_now; });
        QVERIFY(!limits.enabled());
        for (int i = 0; i < 100; ++i)
            QVERIFY(limits.admit(1000000).admitted);
        QCOMPARE(limits.remainingRequests(), 0);
        QCOMPARE(limits.requestsResetIn(), 0ms);
    }

    void admitsABurstThenPacesRequests() {
        RateLimitBuckets limits = buckets(3, 0, 600ms);
        QVERIFY(limits.enabled());
        for (int i = 0; i < 3; ++i)
            QVERIFY(limits.admit(5000).admitted); // tokens are not limited
        QCOMPARE(limits.remainingRequests(), 0);

        RateLimitBuckets::Admission refused = limits.admit(1);
        QVERIFY(!refused.admitted);
        QCOMPARE(refused.limit, Limit::Requests);
        QCOMPARE(refused.retryAfter, 200ms); // one request per 600/3 ms
        QCOMPARE(refused.limitValue, 3);
        QCOMPARE(refused.used, 3);
        QCOMPARE(refused.requested, 1);
        QVERIFY(!refused.neverFits);

        m_now += 199ms;
        refused = limits.admit(1);
        QVERIFY(!refused.admitted);
        QCOMPARE(refused.retryAfter, 1ms);
        m_now += 1ms;
        QVERIFY(limits.admit(1).admitted);
        QCOMPARE(limits.remainingRequests(), 0);
    }

    void refusedTokensAreNotCharged() {
        RateLimitBuckets limits = buckets(0, 1000, 60s);
        QVERIFY(limits.admit(600).admitted);
        QCOMPARE(limits.remainingTokens(), 400);

        const RateLimitBuckets::Admission refused = limits.admit(500);
        QVERIFY(!refused.admitted);
        QCOMPARE(refused.limit, Limit::Tokens);
        QCOMPARE(refused.retryAfter, 6000ms); // 100 tokens missing, 1000 per 60 s
        QCOMPARE(refused.used, 600);
        QCOMPARE(refused.requested, 500);
        QCOMPARE(limits.remainingTokens(), 400);
        QVERIFY(limits.admit(400).admitted);
        QCOMPARE(limits.remainingTokens(), 0);
    }

    void namesTheLimitThatLastsLonger() {
        RateLimitBuckets limits = buckets(1, 100, 60s);
        QVERIFY(limits.admit(100).admitted);
        RateLimitBuckets::Admission refused = limits.admit(50);
        QCOMPARE(refused.limit, Limit::Requests); // 60 s against the tokens' 30 s
        QCOMPARE(refused.retryAfter, 60000ms);

        limits = buckets(10, 100, 60s);
        QVERIFY(limits.admit(100).admitted);
        refused = limits.admit(100);
        QCOMPARE(refused.limit, Limit::Tokens);
        QCOMPARE(refused.retryAfter, 60000ms);
        QCOMPARE(limits.remainingRequests(), 9);
    }

    void moreThanTheLimitNeverFits() {
        RateLimitBuckets limits = buckets(10, 100, 60s);
        const RateLimitBuckets::Admission refused = limits.admit(101);
        QVERIFY(!refused.admitted);
        QVERIFY(refused.neverFits);
        QCOMPARE(refused.limit, Limit::Tokens);
        QCOMPARE(refused.retryAfter, 0ms);
        QCOMPARE(refused.limitValue, 100);
        QCOMPARE(refused.requested, 101);
        QCOMPARE(limits.remainingTokens(), 100);
        QCOMPARE(limits.remainingRequests(), 10);
    }

    void refillsLinearlyUpToTheLimit() {
        RateLimitBuckets limits = buckets(10, 1000, 60s);
        QCOMPARE(limits.requestsResetIn(), 0ms);
        QVERIFY(limits.admit(500).admitted);
        QCOMPARE(limits.requestsResetIn(), 6000ms);
        QCOMPARE(limits.tokensResetIn(), 30000ms);

        m_now += 3s;
        QCOMPARE(limits.remainingTokens(), 550);
        QCOMPARE(limits.remainingRequests(), 9); // half a request back, rounded down
        QCOMPARE(limits.requestsResetIn(), 3000ms);
        QCOMPARE(limits.tokensResetIn(), 27000ms);

        m_now += 1h;
        QCOMPARE(limits.remainingTokens(), 1000);
        QCOMPARE(limits.remainingRequests(), 10);
        QCOMPARE(limits.tokensResetIn(), 0ms);
    }

    void newLimitsStartFull() {
        RateLimitBuckets limits = buckets(2, 0, 60s);
        QVERIFY(limits.admit(0).admitted);
        QVERIFY(limits.admit(0).admitted);
        QVERIFY(!limits.admit(0).admitted);
        limits.setLimits({2, 0, 60s});
        QCOMPARE(limits.remainingRequests(), 2);
    }
};

QTEST_GUILESS_MAIN(TestRateLimitBuckets)
#include "tst_ratelimitbuckets.moc"
