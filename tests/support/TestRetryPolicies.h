// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/RetryPolicy.h"

#include <chrono>

// Retry policies for tests: the same decisions as the app's, in milliseconds rather than
// seconds, so a case of three attempts does not wait seconds.
class TestRetryPolicies {
public:
    // Backoff from `baseDelay`, capped at four times it.
    static RetryPolicy quick(std::chrono::milliseconds baseDelay = std::chrono::milliseconds(20));
    // One attempt and no retry: a failure shows at once.
    static RetryPolicy none();
};
