// SPDX-License-Identifier: GPL-3.0-or-later
// WilsonInterval against values worked out by hand from the score interval
//   centre = (p + z²/2n) / (1 + z²/n),  half = z / (1 + z²/n) · √(p(1−p)/n + z²/4n²)
// with z = 1.959964 (z² = 3.841459), and against its textbook properties.
#include "activity/WilsonInterval.h"

#include <QTest>

class TestWilsonInterval : public QObject {
    Q_OBJECT

private slots:
    void handComputedValues_data() {
        QTest::addColumn<int>("successes");
        QTest::addColumn<int>("n");
        QTest::addColumn<double>("low");
        QTest::addColumn<double>("high");
        // Nothing observed: nothing known.
        QTest::newRow("0/0") << 0 << 0 << 0.0 << 1.0;
        // p = 0: centre = half = (z²/20) / (1 + z²/10) = 0.192073 / 1.384146 = 0.138766.
        QTest::newRow("0/10") << 0 << 10 << 0.0 << 0.277533;
        // p = ½: half = 1.959964 / 1.384146 · √(0.025 + 0.009604) = 1.416010 · 0.186021 = 0.263407.
        QTest::newRow("5/10") << 5 << 10 << 0.236593 << 0.763407;
        // The mirror image of 0/10.
        QTest::newRow("10/10") << 10 << 10 << 0.722467 << 1.0;
        // p = 0.307985, 1 + z²/n = 1.014606: centre = 0.310749, half = 0.055461.
        QTest::newRow("81/263") << 81 << 263 << 0.255289 << 0.366210;
        QTest::newRow("1/1") << 1 << 1 << 0.206549 << 1.0;
        QTest::newRow("0/1") << 0 << 1 << 0.0 << 0.793451;
    }

    void handComputedValues() {
        QFETCH(int, successes);
        QFETCH(int, n);
        QFETCH(double, low);
        QFETCH(double, high);
        const WilsonInterval interval = WilsonInterval::of(successes, n);
        QVERIFY2(std::abs(interval.low - low) < 5e-6, qPrintable(QString::number(interval.low)));
        QVERIFY2(std::abs(interval.high - high) < 5e-6, qPrintable(QString::number(interval.high)));
    }

    void propertiesHoldForEverySmallSample() {
        for (int n = 1; n <= 200; ++n) {
            for (int k = 0; k <= n; ++k) {
                const WilsonInterval interval = WilsonInterval::of(k, n);
                const double p = double(k) / n;
                QVERIFY(interval.low >= 0.0 && interval.high <= 1.0);
                QVERIFY(interval.low <= p && p <= interval.high);
                // Symmetric: k of n is the mirror image of n − k of n.
                const WilsonInterval mirror = WilsonInterval::of(n - k, n);
                QVERIFY(std::abs(interval.low - (1.0 - mirror.high)) < 1e-12);
                // Never a point: a sample always leaves some doubt.
                QVERIFY(interval.high - interval.low > 0.0);
            }
        }
        // More messages, narrower interval.
        QVERIFY(WilsonInterval::of(50, 100).high - WilsonInterval::of(50, 100).low
                < WilsonInterval::of(5, 10).high - WilsonInterval::of(5, 10).low);
    }

    void outOfRangeInputsAreClamped() {
        QCOMPARE(WilsonInterval::of(12, 10), WilsonInterval::of(10, 10));
        QCOMPARE(WilsonInterval::of(-3, 10), WilsonInterval::of(0, 10));
        QCOMPARE(WilsonInterval::of(3, -1), WilsonInterval{});
    }
};

QTEST_GUILESS_MAIN(TestWilsonInterval)
#include "tst_wilsoninterval.moc"
