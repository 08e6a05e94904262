// SPDX-License-Identifier: GPL-3.0-or-later
#include "review/ConfidenceEstimator.h"

#include <QCoreApplication>

#include <algorithm>
#include <cmath>

namespace {

constexpr double LogprobWeight = 0.6;
constexpr double CoverageWeight = 0.4;
constexpr double BaseWithoutLogprobs = 0.5;
constexpr double WarningFactor = 0.85;
constexpr double BlockingCap = 0.3;

// The geometric mean token probability, or nullopt when there is nothing finite to average.
std::optional<double> meanProbability(const std::optional<QList<double>> &logprobs) {
    if (!logprobs)
        return std::nullopt;
    double sum = 0;
    qsizetype count = 0;
    for (const double logprob : *logprobs) {
        if (!std::isfinite(logprob))
            continue;
        sum += logprob;
        ++count;
    }
    if (count == 0)
        return std::nullopt;
    return std::exp(sum / double(count));
}

} // namespace

Confidence ConfidenceEstimator::estimate(const std::optional<QList<double>> &tokenLogprobs,
                                         double contextCoverage,
                                         const QList<ComplianceFinding> &findings) {
    const double coverage =
        std::isfinite(contextCoverage) ? std::clamp(contextCoverage, 0.0, 1.0) : 0.0;
    Confidence confidence;
    const std::optional<double> probability = meanProbability(tokenLogprobs);
    double value = 0;
    if (probability) {
        value = LogprobWeight * *probability + CoverageWeight * coverage;
        confidence.estimated = false;
    } else {
        value = BaseWithoutLogprobs + CoverageWeight * coverage;
        confidence.estimated = true;
    }

    int warnings = 0;
    bool blocking = false;
    for (const ComplianceFinding &finding : findings) {
        if (finding.severity == ComplianceFinding::Severity::Blocking)
            blocking = true;
        else
            ++warnings;
    }
    value *= std::pow(WarningFactor, warnings);
    if (blocking)
        value = std::min(value, BlockingCap);
    confidence.value = std::clamp(value, 0.0, 1.0);

    const int percentCovered = int(std::lround(coverage * 100));
    QString basis = probability
                        ? QCoreApplication::translate(
                              "ConfidenceEstimator",
                              "Mean token probability %1%, %2% of the available context cited.")
                              .arg(std::lround(*probability * 100))
                              .arg(percentCovered)
                        : QCoreApplication::translate("ConfidenceEstimator",
                                                      "Estimated without token probabilities, "
                                                      "%1% of the available context cited.")
                              .arg(percentCovered);
    if (blocking) {
        basis += u' '
                 + QCoreApplication::translate("ConfidenceEstimator",
                                               "Capped because a compliance check blocks the "
                                               "draft.");
    } else if (warnings > 0) {
        basis += u' '
                 + QCoreApplication::translate("ConfidenceEstimator",
                                               "Lowered by %n compliance warning(s).", nullptr,
                                               warnings);
    }
    confidence.explanation = basis;
    return confidence;
}
