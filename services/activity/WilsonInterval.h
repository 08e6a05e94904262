// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The Wilson score interval of a proportion: where the true rate plausibly lies after `successes`
// out of `n` trials. Unlike the textbook p ± z·√(p(1−p)/n) it stays inside [0, 1] and does not
// collapse to a point at 0/n or n/n, which is what small samples of outreach messages give
// (0 replies out of 4 does not mean a reply rate of exactly 0 %).
struct WilsonInterval {
    // The two-sided 95 % normal quantile.
    static constexpr double Z95 = 1.959963984540054;

    double low = 0.0;
    double high = 1.0;

    // With n = 0 nothing is known: [0, 1]. `successes` is clamped to [0, n].
    static WilsonInterval of(int successes, int n, double z = Z95);

    bool operator==(const WilsonInterval &) const = default;
};
