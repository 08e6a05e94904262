// SPDX-License-Identifier: GPL-3.0-or-later
// ConfidenceEstimator: the documented formula against values computed by hand.

#include "review/ConfidenceEstimator.h"

#include <QTest>

#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

namespace {

ComplianceFinding warning() {
    return {ComplianceFinding::Kind::UnverifiedFigure,
            ComplianceFinding::Severity::Warning,
            u"€50,000"_s,
            {}};
}

ComplianceFinding blocking() {
    return {ComplianceFinding::Kind::Placeholder,
            ComplianceFinding::Severity::Blocking,
            u"[Name]"_s,
            {}};
}

bool near(double actual, double expected) {
    return std::abs(actual - expected) < 1e-9;
}

} // namespace

class TestConfidenceEstimator : public QObject {
    Q_OBJECT

private slots:
    void fromLogprobs() {
        // mean logprob -0.2, exp(-0.2) = 0.8187307531; 0.6 * 0.8187307531 + 0.4 * 0.5
        const Confidence confidence =
            ConfidenceEstimator::estimate(QList<double>{-0.1, -0.2, -0.3}, 0.5, {});
        QVERIFY2(near(confidence.value, 0.6912384518),
                 qPrintable(QString::number(confidence.value)));
        QVERIFY(!confidence.estimated);
        QVERIFY(confidence.explanation.contains(u"82%"_s));
        QVERIFY(confidence.explanation.contains(u"50%"_s));
    }

    void certainTokensAndFullCoverageGiveOne() {
        const Confidence confidence = ConfidenceEstimator::estimate(QList<double>{0, 0, 0}, 1, {});
        QVERIFY(near(confidence.value, 1.0));
        QVERIFY(!confidence.estimated);
    }

    void withoutLogprobsIsEstimated() {
        // 0.5 + 0.4 * 0.75
        const Confidence confidence = ConfidenceEstimator::estimate(std::nullopt, 0.75, {});
        QVERIFY(near(confidence.value, 0.8));
        QVERIFY(confidence.estimated);
        QVERIFY(confidence.explanation.contains(u"Estimated"_s));
    }

    void emptyOrNonFiniteLogprobsCountAsNone() {
        QVERIFY(near(ConfidenceEstimator::estimate(QList<double>{}, 0, {}).value, 0.5));
        QVERIFY(ConfidenceEstimator::estimate(QList<double>{}, 0, {}).estimated);
        const double nan = std::numeric_limits<double>::quiet_NaN();
        // NaN ignored: mean of {-0.5} -> exp(-0.5) = 0.6065306597; 0.6 * that + 0
        const Confidence confidence =
            ConfidenceEstimator::estimate(QList<double>{nan, -0.5}, 0, {});
        QVERIFY(near(confidence.value, 0.3639183958));
        QVERIFY(!confidence.estimated);
    }

    void warningsMultiply() {
        // (0.5 + 0.4) * 0.85^2 = 0.9 * 0.7225
        const Confidence confidence =
            ConfidenceEstimator::estimate(std::nullopt, 1, {warning(), warning()});
        QVERIFY(near(confidence.value, 0.65025));
        QVERIFY(confidence.explanation.contains(u"2"_s));
    }

    void blockingCaps() {
        QVERIFY(near(ConfidenceEstimator::estimate(QList<double>{0}, 1, {blocking()}).value, 0.3));
        // 0.5 * 0.85^3 = 0.3070625, capped
        QVERIFY(near(ConfidenceEstimator::estimate(std::nullopt, 0,
                                                   {blocking(), warning(), warning(), warning()})
                         .value,
                     0.3));
        // 0.5 * 0.85^5 = 0.2218526532, already under the cap
        const QList<ComplianceFinding> many{blocking(), warning(), warning(),
                                            warning(),  warning(), warning()};
        QVERIFY(near(ConfidenceEstimator::estimate(std::nullopt, 0, many).value, 0.22185265625));
        QVERIFY(
            ConfidenceEstimator::estimate(std::nullopt, 0, many).explanation.contains(u"Capped"_s));
    }

    void coverageIsClamped() {
        QVERIFY(near(ConfidenceEstimator::estimate(std::nullopt, 1.7, {}).value, 0.9));
        QVERIFY(near(ConfidenceEstimator::estimate(std::nullopt, -1, {}).value, 0.5));
        QVERIFY(near(ConfidenceEstimator::estimate(std::nullopt,
                                                   std::numeric_limits<double>::quiet_NaN(), {})
                         .value,
                     0.5));
    }
};

QTEST_APPLESS_MAIN(TestConfidenceEstimator)
#include "tst_confidenceestimator.moc"
