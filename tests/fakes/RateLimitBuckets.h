// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// OpenAI-style rate limits for FakeModelServer: a requests bucket and a tokens bucket, each as
// deep as its per-window limit and refilled continuously, so a burst is admitted and then paced.

#include <chrono>
#include <functional>

class RateLimitBuckets {
public:
    using Clock = std::chrono::steady_clock;
    using Now = std::function<Clock::time_point()>;

    struct Limits {
        int requests = 0; // per window; 0: not enforced
        int tokens = 0;   // per window; 0: not enforced
        std::chrono::milliseconds window{60000};
    };

    enum class Limit { None, Requests, Tokens };

    struct Admission {
        bool admitted = false;
        // Refused: the limit in the way (of both, the one that frees up later).
        Limit limit = Limit::None;
        // Refused: until the request would fit; 0 when it never will (neverFits).
        std::chrono::milliseconds retryAfter{0};
        // Refused: more was asked at once than the limit allows in a whole window.
        bool neverFits = false;
        // Refused: the figures of `limit` for the error message.
        int limitValue = 0;
        int used = 0;      // the limit minus what is left now
        int requested = 0; // 1 for requests, the tokens asked for tokens
    };

    // `now` is for tests that step time by hand; by default the steady clock.
    explicit RateLimitBuckets(Now now = {});

    // Both buckets start full.
    void setLimits(const Limits &limits);
    Limits limits() const { return m_limits; }
    bool enabled() const { return m_limits.requests > 0 || m_limits.tokens > 0; }

    // Charges 1 request and `tokens` when both fit, else charges nothing.
    Admission admit(int tokens);

    // What is left now, rounded down (0 for a limit not enforced).
    int remainingRequests();
    int remainingTokens();
    // Until the bucket is full again, which is what OpenAI's x-ratelimit-reset-* headers report.
    std::chrono::milliseconds requestsResetIn();
    std::chrono::milliseconds tokensResetIn();

private:
    struct Bucket {
        int limit = 0;
        double available = 0;
    };

    void refill();
    std::chrono::milliseconds waitFor(const Bucket &bucket, double amount) const;
    std::chrono::milliseconds untilFull(const Bucket &bucket) const;
    static int floorOf(const Bucket &bucket);

    Now m_now;
    Limits m_limits;
    Bucket m_requests;
    Bucket m_tokens;
    Clock::time_point m_updated;
};
