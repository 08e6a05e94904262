// SPDX-License-Identifier: GPL-3.0-or-later
#include "crm/HubSpotRateLimiter.h"

#include <algorithm>

namespace {

qint64 headerNumber(const HubSpotRateLimiter::Headers &headers, QByteArrayView name, bool *found) {
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0) {
            bool ok = false;
            const qint64 number = value.trimmed().toLongLong(&ok);
            *found = ok;
            return number;
        }
    }
    *found = false;
    return 0;
}

} // namespace

HubSpotRateLimiter::HubSpotRateLimiter() {
    m_clock.start();
}

void HubSpotRateLimiter::setLimit(int max, std::chrono::milliseconds interval) {
    m_max = std::max(1, max);
    m_intervalMs = std::max<qint64>(1, interval.count());
}

void HubSpotRateLimiter::forget(std::deque<qint64> &sent, qint64 windowMs) const {
    const qint64 oldest = now() - windowMs - EdgeMarginMs;
    while (!sent.empty() && sent.front() <= oldest)
        sent.pop_front();
}

std::chrono::milliseconds HubSpotRateLimiter::holdBeforeNext(bool search) {
    const qint64 t = now();
    if (t < m_pausedUntil)
        return std::chrono::milliseconds(m_pausedUntil - t);
    forget(m_sent, m_intervalMs);
    qint64 wait = 0;
    if (qsizetype(m_sent.size()) >= m_max)
        wait = m_sent[m_sent.size() - size_t(m_max)] + m_intervalMs + EdgeMarginMs - t + 1;
    if (search) {
        forget(m_searches, 1000);
        if (qsizetype(m_searches.size()) >= m_searchesPerSecond)
            wait = std::max(wait, m_searches[m_searches.size() - size_t(m_searchesPerSecond)] + 1000
                                      + EdgeMarginMs - t + 1);
    }
    if (wait > 0)
        return std::chrono::milliseconds(wait);
    m_sent.push_back(t);
    if (search)
        m_searches.push_back(t);
    return std::chrono::milliseconds::zero();
}

void HubSpotRateLimiter::observe(const Headers &headers) {
    bool found = false;
    const qint64 max = headerNumber(headers, "X-HubSpot-RateLimit-Max", &found);
    bool intervalFound = false;
    const qint64 interval =
        headerNumber(headers, "X-HubSpot-RateLimit-Interval-Milliseconds", &intervalFound);
    if (found && intervalFound && max > 0 && interval > 0)
        setLimit(int(max), std::chrono::milliseconds(interval));
    if (const qint64 daily = headerNumber(headers, "X-HubSpot-RateLimit-Daily-Remaining", &found);
        found)
        m_dailyRemaining = daily;
    if (const qint64 remaining = headerNumber(headers, "X-HubSpot-RateLimit-Remaining", &found);
        found) {
        // The server had counted this many when it answered; more than this client sent in the
        // window means another app shares the account, and its requests count too.
        forget(m_sent, m_intervalMs);
        const qint64 used = m_max - remaining;
        for (qint64 extra = used - qint64(m_sent.size()); extra > 0; --extra)
            m_sent.push_back(now());
    }
}

void HubSpotRateLimiter::holdAfterRateLimit(bool search) {
    const qint64 window = search ? 1000 : m_intervalMs;
    m_pausedUntil = std::max(m_pausedUntil, now() + window + EdgeMarginMs);
}
