// SPDX-License-Identifier: GPL-3.0-or-later
// The rate-limit governor on its own, with a clock the test moves: headers read, requests and
// tokens kept inside what remains, the shared pause after a 429, the fixed concurrency of a
// server without headers.

#include "generation/RateLimitGovernor.h"

#include <QSignalSpy>
#include <QTest>

using namespace std::chrono_literals;
using Clock = RateLimitGovernor::Clock;

namespace {

RateLimitGovernor::Headers openAi(int limitRequests, int remainingRequests,
                                  const char *resetRequests, int limitTokens, int remainingTokens,
                                  const char *resetTokens) {
    return {
        {"x-ratelimit-limit-requests", QByteArray::number(limitRequests)},
        {"x-ratelimit-remaining-requests", QByteArray::number(remainingRequests)},
        {"x-ratelimit-reset-requests", resetRequests},
        {"x-ratelimit-limit-tokens", QByteArray::number(limitTokens)},
        {"x-ratelimit-remaining-tokens", QByteArray::number(remainingTokens)},
        {"x-ratelimit-reset-tokens", resetTokens},
    };
}

} // namespace

class TestRateLimitGovernor : public QObject {
    Q_OBJECT

private slots:
    void readsOpenAiDurations_data() {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<qint64>("ms");
        QTest::newRow("seconds") << QByteArray("1s") << qint64(1000);
        QTest::newRow("fraction") << QByteArray("1.5s") << qint64(1500);
        QTest::newRow("minutes") << QByteArray("6m0s") << qint64(360000);
        QTest::newRow("milliseconds") << QByteArray("120ms") << qint64(120);
        QTest::newRow("hours") << QByteArray("1h2m3s") << qint64(3723000);
        QTest::newRow("zero") << QByteArray("0s") << qint64(0);
        QTest::newRow("plain seconds") << QByteArray("30") << qint64(30000);
        QTest::newRow("fraction of a millisecond") << QByteArray("17.2ms") << qint64(18);
    }
    void readsOpenAiDurations() {
        QFETCH(QByteArray, text);
        QFETCH(qint64, ms);
        const auto parsed = RateLimitGovernor::parseDuration(text);
        QVERIFY(parsed.has_value());
        QCOMPARE(qint64(parsed->count()), ms);
    }

    void refusesUnreadableDurations() {
        QVERIFY(!RateLimitGovernor::parseDuration("").has_value());
        QVERIFY(!RateLimitGovernor::parseDuration("soon").has_value());
        QVERIFY(!RateLimitGovernor::parseDuration("1s later").has_value());
        QVERIFY(!RateLimitGovernor::parseDuration("-3").has_value());
    }

    void probesWithOneRequestUntilTheServerAnswers() {
        RateLimitGovernor governor;
        const Clock::time_point t0 = Clock::now();
        QCOMPARE(governor.tryAdmit(1, 100, t0), 0ms);
        // Nothing is known of the limits yet: the second request waits for the first answer.
        QVERIFY(governor.tryAdmit(2, 100, t0) > 0ms);
        governor.observe(1, 200, openAi(60, 59, "1s", 40000, 39900, "150ms"), t0);
        QVERIFY(governor.readsHeaders());
        QCOMPARE(governor.tryAdmit(2, 100, t0), 0ms);
        QCOMPARE(governor.inFlight(), 2);
    }

    void keepsTokensInFlightInsideWhatRemains() {
        RateLimitGovernor governor;
        const Clock::time_point t0 = Clock::now();
        QCOMPARE(governor.tryAdmit(1, 1000, t0), 0ms);
        // 40,000 a minute: 666 a second. After the first request 5,000 remain, and the reset
        // says the bucket is full again in 52.5 s.
        governor.observe(1, 200, openAi(60, 59, "1s", 40000, 5000, "52.5s"), t0);
        // 1,000 tokens (1,100 with the margin) fit four times into 5,000.
        for (RateLimitGovernor::Requester r = 2; r <= 5; ++r)
            QCOMPARE(governor.tryAdmit(r, 1000, t0), 0ms);
        const std::chrono::milliseconds hold = governor.tryAdmit(6, 1000, t0);
        // 1,000 tokens are left unclaimed; the 100 more the margin asks for take 150 ms at the
        // rate the reset gives (35,000 in 52.5 s).
        QVERIFY2(hold >= 140ms && hold <= 160ms,
                 QByteArray::number(qint64(hold.count())).constData());
        QCOMPARE(governor.tryAdmit(6, 1000, t0 + hold), 0ms);
    }

    void anAnswerCountsTheRequestsBeforeIt() {
        RateLimitGovernor governor;
        const Clock::time_point t0 = Clock::now();
        QCOMPARE(governor.tryAdmit(1, 1000, t0), 0ms);
        governor.observe(1, 200, openAi(3, 2, "20s", 100000, 99000, "1s"), t0);
        QCOMPARE(governor.tryAdmit(2, 1000, t0), 0ms);
        QCOMPARE(governor.tryAdmit(3, 1000, t0), 0ms);
        // Three a minute: the fourth must wait, as 2 and 3 are not in any reading yet.
        QVERIFY(governor.tryAdmit(4, 1000, t0) > 0ms);
        // Request 3's answer counts 2 and 3: nothing remains.
        governor.observe(3, 200, openAi(3, 0, "60s", 100000, 97000, "2s"), t0);
        governor.release(2);
        governor.release(3);
        const std::chrono::milliseconds hold = governor.tryAdmit(4, 1000, t0);
        // The bucket regains one request in 20 s.
        QVERIFY2(hold >= 5s, QByteArray::number(qint64(hold.count())).constData());
        // An older answer (request 2's) is older news and changes nothing.
        governor.observe(2, 200, openAi(3, 1, "40s", 100000, 98000, "1s"), t0);
        QVERIFY(governor.tryAdmit(4, 1000, t0) > 0ms);
        QCOMPARE(governor.tryAdmit(4, 1000, t0 + 20s), 0ms);
    }

    void aRequestOvertakenOnTheWayStaysCounted() {
        RateLimitGovernor governor;
        const Clock::time_point t0 = Clock::now();
        QCOMPARE(governor.tryAdmit(1, 1000, t0), 0ms);
        governor.observe(1, 200, openAi(100, 99, "1s", 10000, 9000, "6s"), t0);
        QCOMPARE(governor.tryAdmit(2, 3000, t0), 0ms);
        QCOMPARE(governor.tryAdmit(3, 3000, t0), 0ms);
        // Request 3 reached the server first: its reading does not count request 2, whose
        // answer has not begun, so request 2 still counts against what remains.
        governor.observe(3, 200, openAi(100, 98, "2s", 10000, 6000, "24s"), t0);
        QVERIFY(governor.tryAdmit(4, 3000, t0) > 0ms);
        // Request 2's own answer says the server has counted it.
        governor.observe(2, 200, openAi(100, 97, "3s", 10000, 3000, "42s"), t0);
        QVERIFY(governor.tryAdmit(4, 3000, t0) > 0ms);
    }

    void a429HoldsEveryRequestForItsRetryAfter() {
        RateLimitGovernor governor;
        QSignalSpy paused(&governor, &RateLimitGovernor::paused);
        const Clock::time_point t0 = Clock::now();
        QCOMPARE(governor.tryAdmit(1, 10, t0), 0ms);
        governor.observe(1, 200, openAi(1000, 999, "60ms", 1000000, 999990, "1ms"), t0);
        QCOMPARE(governor.tryAdmit(2, 10, t0), 0ms);
        QCOMPARE(governor.tryAdmit(3, 10, t0), 0ms);
        RateLimitGovernor::Headers refused = openAi(1000, 998, "120ms", 1000000, 999980, "2ms");
        refused.append(qMakePair(QByteArray("retry-after"), QByteArray("2")));
        refused.append(qMakePair(QByteArray("retry-after-ms"), QByteArray("1500")));
        governor.observe(2, 429, refused, t0);
        QCOMPARE(paused.count(), 1);
        QCOMPARE(paused.first().first().toLongLong(), 1500);
        QCOMPARE(governor.rateLimitedCount(), 1);
        // Every requester is held, the one refused and the others.
        QCOMPARE(governor.tryAdmit(2, 10, t0 + 1ms), 1499ms);
        QCOMPARE(governor.tryAdmit(4, 10, t0 + 1000ms), 500ms);
        QVERIFY(governor.pausedUntil(t0 + 1000ms).has_value());
        QCOMPARE(governor.tryAdmit(4, 10, t0 + 1500ms), 0ms);
        QVERIFY(!governor.pausedUntil(t0 + 1500ms).has_value());
    }

    void aServerWithoutHeadersGetsAFixedConcurrency() {
        RateLimitGovernor governor;
        governor.setFixedConcurrency(3);
        const Clock::time_point t0 = Clock::now();
        QCOMPARE(governor.tryAdmit(1, 100, t0), 0ms);
        governor.observe(1, 200, {{"content-type", "text/event-stream"}}, t0);
        QVERIFY(!governor.readsHeaders());
        QCOMPARE(governor.tryAdmit(2, 100, t0), 0ms);
        QCOMPARE(governor.tryAdmit(3, 100, t0), 0ms);
        QCOMPARE(governor.tryAdmit(4, 100, t0), RateLimitGovernor::PollInterval);
        governor.release(2);
        QCOMPARE(governor.tryAdmit(4, 100, t0), 0ms);
        QCOMPARE(governor.inFlight(), 3);
    }

    void azureRemainingCountsWithoutARate() {
        RateLimitGovernor governor;
        const Clock::time_point t0 = Clock::now();
        QCOMPARE(governor.tryAdmit(1, 1000, t0), 0ms);
        governor.observe(
            1, 200,
            {{"x-ratelimit-remaining-requests", "5"}, {"x-ratelimit-remaining-tokens", "1500"}},
            t0);
        QCOMPARE(governor.tryAdmit(2, 1000, t0), 0ms);
        // 500 tokens left by the reading: the next waits for a fresher one.
        QVERIFY(governor.tryAdmit(3, 1000, t0) > 0ms);
        governor.release(1);
        governor.release(2);
        // With nothing in flight to bring a reading, a stale one lets a request go and ask.
        QCOMPARE(governor.tryAdmit(3, 1000, t0 + 2s), 0ms);
    }

    void neverMoreThanTheCap() {
        RateLimitGovernor governor;
        governor.setMaxInFlight(2);
        const Clock::time_point t0 = Clock::now();
        QCOMPARE(governor.tryAdmit(1, 1, t0), 0ms);
        governor.observe(1, 200, openAi(1000, 999, "60ms", 1000000, 999999, "1ms"), t0);
        QCOMPARE(governor.tryAdmit(2, 1, t0), 0ms);
        QCOMPARE(governor.tryAdmit(3, 1, t0), RateLimitGovernor::PollInterval);
    }

    void aRetryGivesUpItsEarlierAdmission() {
        RateLimitGovernor governor;
        governor.setFixedConcurrency(1);
        const Clock::time_point t0 = Clock::now();
        QCOMPARE(governor.tryAdmit(1, 1, t0), 0ms);
        governor.observe(1, 200, {}, t0);
        // The same requester again (its request is retried): not a second one in flight.
        QCOMPARE(governor.tryAdmit(1, 1, t0), 0ms);
        QCOMPARE(governor.inFlight(), 1);
    }
};

QTEST_GUILESS_MAIN(TestRateLimitGovernor)
#include "tst_ratelimitgovernor.moc"
