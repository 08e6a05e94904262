// SPDX-License-Identifier: GPL-3.0-or-later
#include "support/TestRetryPolicies.h"

RetryPolicy TestRetryPolicies::quick(std::chrono::milliseconds baseDelay) {
    RetryPolicy policy;
    policy.baseDelay = baseDelay;
    policy.maxDelay = baseDelay * 4;
    return policy;
}

RetryPolicy TestRetryPolicies::none() {
    RetryPolicy policy;
    policy.maxRetries = 0;
    return policy;
}
