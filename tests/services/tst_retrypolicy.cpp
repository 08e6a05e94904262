// SPDX-License-Identifier: GPL-3.0-or-later
// RetryPolicy: which failures are retried, the backoff schedule with its jitter, and Retry-After
// in both of its forms.
#include "net/RetryPolicy.h"

#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using std::chrono::milliseconds;

namespace {

OutreachError httpError(int status, std::optional<milliseconds> retryAfter = std::nullopt) {
    OutreachError error(status == 429 ? OutreachError::Code::RateLimit
                                      : OutreachError::Code::ApiError,
                        u"status %1"_s.arg(status));
    error.setHttpStatus(status);
    error.setTransient(RetryPolicy::isRetryableStatus(status));
    error.setRetryAfter(retryAfter);
    return error;
}

} // namespace

class TestRetryPolicy : public QObject {
    Q_OBJECT

private slots:
    void retryableStatuses_data() {
        QTest::addColumn<int>("status");
        QTest::addColumn<bool>("retryable");
        for (int status : {408, 409, 429, 500, 502, 503, 504, 599})
            QTest::addRow("%d", status) << status << true;
        for (int status : {200, 301, 400, 401, 403, 404, 405, 410, 413, 422, 600})
            QTest::addRow("%d", status) << status << false;
    }
    void retryableStatuses() {
        QFETCH(int, status);
        QFETCH(bool, retryable);
        QCOMPARE(RetryPolicy::isRetryableStatus(status), retryable);
        const RetryPolicy policy;
        QCOMPARE(policy.decide(httpError(status), 0).retry, retryable);
    }

    void atMostTwoRetriesByDefault() {
        const RetryPolicy policy;
        const OutreachError error = httpError(503);
        QVERIFY(policy.decide(error, 0).retry);
        QVERIFY(policy.decide(error, 1).retry);
        QVERIFY(!policy.decide(error, 2).retry);
    }

    void networkFailuresAreRetriedOnlyWhenTransient() {
        const RetryPolicy policy;
        OutreachError dropped(OutreachError::Code::Network, u"dropped"_s);
        dropped.setTransient(true);
        QVERIFY(policy.decide(dropped, 0).retry);
        OutreachError tls(OutreachError::Code::Network, u"certificate"_s);
        QVERIFY(!policy.decide(tls, 0).retry);
        OutreachError cancelled(OutreachError::Code::Cancelled, u"stopped"_s);
        QVERIFY(!policy.decide(cancelled, 0).retry);
    }

    void backoffDoublesUpToEightSeconds_data() {
        QTest::addColumn<int>("attempt");
        QTest::addColumn<qint64>("full");
        QTest::newRow("first") << 0 << qint64(500);
        QTest::newRow("second") << 1 << qint64(1000);
        QTest::newRow("third") << 2 << qint64(2000);
        QTest::newRow("fourth") << 3 << qint64(4000);
        QTest::newRow("fifth") << 4 << qint64(8000);
        QTest::newRow("capped") << 5 << qint64(8000);
        QTest::newRow("far") << 60 << qint64(8000);
    }
    void backoffDoublesUpToEightSeconds() {
        QFETCH(int, attempt);
        QFETCH(qint64, full);
        const RetryPolicy policy;
        QCOMPARE(policy.backoff(attempt, 0.0).count(), full);
        // Jitter only ever shortens, by at most a quarter.
        QCOMPARE(policy.backoff(attempt, 0.9999).count(), qint64(std::llround(full * 0.750025)));
        for (int i = 0; i < 200; ++i) {
            const qint64 delay = policy.backoff(attempt).count();
            QVERIFY2(delay >= full * 3 / 4 && delay <= full, qPrintable(QString::number(delay)));
        }
    }

    void jitterActuallyVaries() {
        const RetryPolicy policy;
        QSet<qint64> seen;
        for (int i = 0; i < 50; ++i)
            seen.insert(policy.backoff(3).count());
        QVERIFY(seen.size() > 10);
    }

    void retryAfterSeconds() {
        QCOMPARE(RetryPolicy::parseRetryAfter("3"_ba), std::optional(milliseconds(3000)));
        QCOMPARE(RetryPolicy::parseRetryAfter(" 0 "_ba), std::optional(milliseconds(0)));
        QCOMPARE(RetryPolicy::parseRetryAfter("1.5"_ba), std::optional(milliseconds(1500)));
        QCOMPARE(RetryPolicy::parseRetryAfter("-1"_ba), std::nullopt);
        QCOMPARE(RetryPolicy::parseRetryAfter(""_ba), std::nullopt);
        QCOMPARE(RetryPolicy::parseRetryAfter("soon"_ba), std::nullopt);
    }

    void retryAfterHttpDate() {
        const QDateTime now(QDate(2026, 11, 25), QTime(14, 3, 0), QTimeZone::utc());
        QCOMPARE(RetryPolicy::parseRetryAfter("Wed, 25 Nov 2026 14:03:30 GMT"_ba, {}, now),
                 std::optional(milliseconds(30'000)));
        // RFC 850 and asctime, which RFC 9110 still asks recipients to accept.
        QCOMPARE(RetryPolicy::parseRetryAfter("Wednesday, 25-Nov-26 14:04:00 GMT"_ba, {}, now),
                 std::optional(milliseconds(60'000)));
        QCOMPARE(RetryPolicy::parseRetryAfter("Wed Nov 25 14:03:10 2026"_ba, {}, now),
                 std::optional(milliseconds(10'000)));
        // A date already past means "now".
        QCOMPARE(RetryPolicy::parseRetryAfter("Wed, 25 Nov 2026 14:00:00 GMT"_ba, {}, now),
                 std::optional(milliseconds(0)));
    }

    void retryAfterMsWins() {
        QCOMPARE(RetryPolicy::parseRetryAfter("3"_ba, "250"_ba), std::optional(milliseconds(250)));
        QCOMPARE(RetryPolicy::parseRetryAfter("3"_ba, "junk"_ba),
                 std::optional(milliseconds(3000)));
    }

    void retryAfterIsHonouredUpTo120Seconds() {
        const RetryPolicy policy;
        RetryPolicy::Decision decision = policy.decide(httpError(429, milliseconds(7000)), 0);
        QVERIFY(decision.retry);
        QCOMPARE(decision.delay.count(), 7000); // exactly, no jitter below what was asked
        decision = policy.decide(httpError(503, milliseconds(120'000)), 1);
        QVERIFY(decision.retry);
        QCOMPARE(decision.delay.count(), 120'000);
        // Longer than that: not waited for in place; the error keeps the delay for the caller.
        QVERIFY(!policy.decide(httpError(429, milliseconds(120'001)), 0).retry);
        // Retry-After never makes a permanent failure retryable.
        QVERIFY(!policy.decide(httpError(400, milliseconds(1000)), 0).retry);
    }
};

QTEST_GUILESS_MAIN(TestRetryPolicy)
#include "tst_retrypolicy.moc"
