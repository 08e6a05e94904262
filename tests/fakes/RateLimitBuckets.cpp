// SPDX-License-Identifier: GPL-3.0-or-later
#include "RateLimitBuckets.h"

#include <algorithm>
#include <cmath>

namespace {

// Refill is computed in doubles: without the slack, waiting exactly the announced time could
// leave a bucket a rounding error short of what it was said to hold by then.
constexpr double slack = 1e-6;

} // namespace

RateLimitBuckets::RateLimitBuckets(Now now)
    : m_now(now ? std::move(now) : Now(&Clock::now))
    , m_updated(m_now()) {}

void RateLimitBuckets::setLimits(const Limits &limits) {
    m_limits = limits;
    m_limits.requests = std::max(0, limits.requests);
    m_limits.tokens = std::max(0, limits.tokens);
    m_limits.window = std::max(limits.window, std::chrono::milliseconds(1));
    m_requests = {m_limits.requests, double(m_limits.requests)};
    m_tokens = {m_limits.tokens, double(m_limits.tokens)};
    m_updated = m_now();
}

void RateLimitBuckets::refill() {
    const Clock::time_point now = m_now();
    const double elapsedMs = std::chrono::duration<double, std::milli>(now - m_updated).count();
    m_updated = now;
    if (elapsedMs <= 0)
        return;
    const double windowMs = double(m_limits.window.count());
    for (Bucket *bucket : {&m_requests, &m_tokens}) {
        if (bucket->limit > 0)
            bucket->available = std::min(double(bucket->limit),
                                         bucket->available + elapsedMs * bucket->limit / windowMs);
    }
}

std::chrono::milliseconds RateLimitBuckets::waitFor(const Bucket &bucket, double amount) const {
    const double missing = amount - bucket.available;
    if (missing <= slack)
        return std::chrono::milliseconds(0);
    const double ms = missing * double(m_limits.window.count()) / bucket.limit;
    return std::chrono::milliseconds(static_cast<long long>(std::ceil(ms - slack)));
}

std::chrono::milliseconds RateLimitBuckets::untilFull(const Bucket &bucket) const {
    if (bucket.limit <= 0)
        return std::chrono::milliseconds(0);
    return waitFor(bucket, bucket.limit);
}

int RateLimitBuckets::floorOf(const Bucket &bucket) {
    return int(std::floor(bucket.available + slack));
}

RateLimitBuckets::Admission RateLimitBuckets::admit(int tokens) {
    refill();
    tokens = std::max(0, tokens);
    Admission admission;
    const auto refuse = [&](Limit limit, const Bucket &bucket, int requested) {
        const std::chrono::milliseconds wait = waitFor(bucket, requested);
        const bool never = requested > bucket.limit;
        // Of two refusals, the one that lasts longer is the one worth reporting.
        if (!admission.neverFits && admission.limit != Limit::None && !never
            && wait <= admission.retryAfter)
            return;
        admission.limit = limit;
        admission.neverFits = never;
        admission.retryAfter = never ? std::chrono::milliseconds(0) : wait;
        admission.limitValue = bucket.limit;
        admission.used = bucket.limit - floorOf(bucket);
        admission.requested = requested;
    };
    if (m_requests.limit > 0 && m_requests.available + slack < 1)
        refuse(Limit::Requests, m_requests, 1);
    if (m_tokens.limit > 0 && m_tokens.available + slack < tokens)
        refuse(Limit::Tokens, m_tokens, tokens);
    if (admission.limit != Limit::None)
        return admission;

    admission.admitted = true;
    if (m_requests.limit > 0)
        m_requests.available = std::max(0.0, m_requests.available - 1);
    if (m_tokens.limit > 0)
        m_tokens.available = std::max(0.0, m_tokens.available - tokens);
    return admission;
}

int RateLimitBuckets::remainingRequests() {
    refill();
    return m_requests.limit > 0 ? floorOf(m_requests) : 0;
}

int RateLimitBuckets::remainingTokens() {
    refill();
    return m_tokens.limit > 0 ? floorOf(m_tokens) : 0;
}

std::chrono::milliseconds RateLimitBuckets::requestsResetIn() {
    refill();
    return untilFull(m_requests);
}

std::chrono::milliseconds RateLimitBuckets::tokensResetIn() {
    refill();
    return untilFull(m_tokens);
}
