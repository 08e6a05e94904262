// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QElapsedTimer>
#include <QList>
#include <QPair>

#include <chrono>
#include <deque>

// Paces requests to HubSpot's rolling limit, so that a sync runs at the limit without meeting a
// 429: at most `max` requests in any `interval` (100 per 10 s for a private app on most plans,
// learned from X-HubSpot-RateLimit-Max and -Interval-Milliseconds), counting this client's own
// sends and, from X-HubSpot-RateLimit-Remaining, those of other apps on the same account. The
// search endpoints send no such headers and have a per-second limit of their own, paced apart.
// A 429 holds every request for one interval; the daily limit cannot be waited out.
class HubSpotRateLimiter {
public:
    using Headers = QList<QPair<QByteArray, QByteArray>>;

    HubSpotRateLimiter();

    // How long the next request must wait. Zero means it may go now, and its slot is taken:
    // ask only when about to send.
    std::chrono::milliseconds holdBeforeNext(bool search);
    // An answer's headers (any status): the limit, what is left of it and of the day.
    void observe(const Headers &headers);
    // A 429: every request waits one window (a second for a search), since HubSpot sends no
    // Retry-After.
    void holdAfterRateLimit(bool search);
    // A 429 whose body named the daily policy: every request fails at once, without asking
    // HubSpot, until `recheckAfter` has passed (HubSpot does not say when its day ends).
    void markDailyExhausted(std::chrono::milliseconds recheckAfter = std::chrono::hours(1)) {
        m_dailyRecheckAt = now() + recheckAfter.count();
    }
    bool dailyExhausted() const { return now() < m_dailyRecheckAt; }

    void setLimit(int max, std::chrono::milliseconds interval);
    int max() const { return m_max; }
    std::chrono::milliseconds interval() const { return std::chrono::milliseconds(m_intervalMs); }
    // The searches allowed per second (HubSpot documents five; one is kept in hand).
    void setSearchesPerSecond(int perSecond) { m_searchesPerSecond = std::max(1, perSecond); }
    // From X-HubSpot-RateLimit-Daily-Remaining; -1 until an answer said.
    qint64 dailyRemaining() const { return m_dailyRemaining; }

    // A send is stamped when it leaves; the server counts it a little later, when it arrives.
    // Holding each slot this much longer keeps a burst at the window's edge inside the limit.
    static constexpr qint64 EdgeMarginMs = 60;

private:
    qint64 now() const { return m_clock.elapsed(); }
    void forget(std::deque<qint64> &sent, qint64 windowMs) const;

    QElapsedTimer m_clock;
    std::deque<qint64> m_sent;     // every request's send time in the current window
    std::deque<qint64> m_searches; // the searches' send times in the last second
    int m_max = 100;
    qint64 m_intervalMs = 10'000;
    int m_searchesPerSecond = 4;
    qint64 m_pausedUntil = 0;
    qint64 m_dailyRemaining = -1;
    qint64 m_dailyRecheckAt = -1;
};
