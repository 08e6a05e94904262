// SPDX-License-Identifier: GPL-3.0-or-later
#include "activity/WilsonInterval.h"

#include <algorithm>
#include <cmath>

WilsonInterval WilsonInterval::of(int successes, int n, double z) {
    if (n <= 0)
        return {};
    const double trials = n;
    const double p = std::clamp(successes, 0, n) / trials;
    const double z2 = z * z;
    const double denominator = 1.0 + z2 / trials;
    const double centre = (p + z2 / (2.0 * trials)) / denominator;
    const double halfWidth =
        z / denominator * std::sqrt(p * (1.0 - p) / trials + z2 / (4.0 * trials * trials));
    // At 0/n and n/n the bound is exactly 0 or 1; rounding must not push it a hair outside.
    WilsonInterval interval;
    interval.low = successes <= 0 ? 0.0 : std::clamp(centre - halfWidth, 0.0, 1.0);
    interval.high = successes >= n ? 1.0 : std::clamp(centre + halfWidth, 0.0, 1.0);
    return interval;
}
