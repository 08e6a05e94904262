// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/OutreachError.h"

#include <QByteArray>
#include <QDateTime>

#include <chrono>
#include <optional>

// When a failed request is tried again, and after how long. One policy for every service (the
// CRM client, the outbox, the model client): transient failures only, exponential backoff with
// jitter, and the server's Retry-After when it sends one.
class RetryPolicy {
public:
    int maxRetries = 2;
    std::chrono::milliseconds baseDelay{500};
    std::chrono::milliseconds maxDelay{8000};
    // A Retry-After longer than this is not waited for in place: the request fails with the
    // delay attached, so the caller can schedule it (the outbox) or show a countdown (the UI).
    std::chrono::milliseconds maxRetryAfter{120'000};
    double jitter = 0.25; // up to this fraction is taken off each backoff delay

    struct Decision {
        bool retry = false;
        std::chrono::milliseconds delay{0};
    };

    // Whether to retry after `error` when `retriesSoFar` retries have already been made.
    Decision decide(const OutreachError &error, int retriesSoFar) const;

    // min(base * 2^attempt, max) minus up to `jitter` of it; `random01` is in [0, 1).
    std::chrono::milliseconds backoff(int attempt, double random01) const;
    std::chrono::milliseconds backoff(int attempt) const;

    // 408, 409, 429 and every 5xx. Never 400, 401, 403, 404 or 422.
    static bool isRetryableStatus(int httpStatus);

    // The delay a server asked for: `Retry-After` as seconds or an HTTP-date (relative to `now`),
    // or OpenAI's `retry-after-ms`, which wins when both are present. nullopt when absent or
    // unreadable; a date in the past gives zero.
    static std::optional<std::chrono::milliseconds>
    parseRetryAfter(const QByteArray &retryAfter, const QByteArray &retryAfterMs = {},
                    const QDateTime &now = QDateTime::currentDateTimeUtc());
};
