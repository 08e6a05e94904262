// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/ComplianceFinding.h"

#include <QList>
#include <QString>

#include <optional>

// How far a rep can trust a generated draft, as a number in [0, 1] with a one-line explanation.
struct Confidence {
    double value = 0;
    bool estimated = true; // true when no token log-probabilities were available
    QString explanation;   // translated

    bool operator==(const Confidence &) const = default;
};

// The formula (also in the README):
//   with log-probabilities  p_lp  = exp(mean of the token log-probabilities), the geometric mean
//                                   token probability;
//                           base  = 0.6 · p_lp + 0.4 · coverage
//   without them            base  = 0.5 + 0.4 · coverage, and the result is marked estimated
//   then                    value = base · 0.85^(number of warning findings)
//                           value = min(value, 0.3) when any finding is blocking
//                           value clamped to [0, 1]
// `coverage` (clamped to [0, 1]) is the share of the context kinds available for the ticket that
// the draft cites. An empty list of log-probabilities counts as none; non-finite ones are ignored.
class ConfidenceEstimator {
public:
    static Confidence estimate(const std::optional<QList<double>> &tokenLogprobs,
                               double contextCoverage, const QList<ComplianceFinding> &findings);
};
