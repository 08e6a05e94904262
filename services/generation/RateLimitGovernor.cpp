// SPDX-License-Identifier: GPL-3.0-or-later
#include "generation/RateLimitGovernor.h"

#include "net/RetryPolicy.h"

#include <QRegularExpression>

#include <algorithm>
#include <cmath>
#include <limits>

using namespace std::chrono_literals;
using namespace Qt::StringLiterals;

namespace {

QByteArray headerValue(const RateLimitGovernor::Headers &headers, const QByteArray &name) {
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value.trimmed();
    }
    return {};
}

std::optional<qint64> headerNumber(const RateLimitGovernor::Headers &headers,
                                   const QByteArray &name) {
    const QByteArray value = headerValue(headers, name);
    bool ok = false;
    const qint64 number = value.toLongLong(&ok);
    if (!ok || number < 0)
        return std::nullopt;
    return number;
}

// After a 429 that names no delay: long enough for a per-second bucket to refill a request.
constexpr std::chrono::milliseconds DefaultPause = 1s;
// A reading without a known refill rate (Azure sends remaining only) is trusted this long;
// after it, with nothing in flight to bring a fresh one, one request goes to ask.
constexpr std::chrono::milliseconds StaleReading = 1s;
// Never sleep longer between two looks: a reading can change the picture at any time.
constexpr std::chrono::milliseconds LongestHold = 5s;

} // namespace

RateLimitGovernor::RateLimitGovernor(QObject *parent)
    : QObject(parent) {}

void RateLimitGovernor::setFixedConcurrency(int requests) {
    m_fixedConcurrency = std::max(1, requests);
}

void RateLimitGovernor::setMaxInFlight(int requests) {
    m_maxInFlight = std::max(1, requests);
}

int RateLimitGovernor::inFlight() const {
    return int(std::count_if(m_sent.cbegin(), m_sent.cend(),
                             [](const auto &entry) { return entry.second.inFlight; }));
}

std::optional<RateLimitGovernor::Clock::time_point>
RateLimitGovernor::pausedUntil(Clock::time_point now) const {
    if (m_pausedUntil <= now)
        return std::nullopt;
    return m_pausedUntil;
}

std::optional<std::chrono::milliseconds> RateLimitGovernor::parseDuration(const QByteArray &text) {
    const QString value = QString::fromLatin1(text).trimmed();
    if (value.isEmpty())
        return std::nullopt;
    bool plain = false;
    const double seconds = value.toDouble(&plain);
    if (plain)
        return seconds < 0 ? std::nullopt
                           : std::optional(std::chrono::milliseconds(qint64(seconds * 1000.0)));
    // Go's time.Duration text, as OpenAI writes it: a sequence of number + unit.
    static const QRegularExpression part(u"(\\d+(?:\\.\\d+)?)(h|ms|m|s|us|µs|ns)"_s);
    double ms = 0;
    qsizetype at = 0;
    for (QRegularExpressionMatchIterator it = part.globalMatch(value); it.hasNext();) {
        const QRegularExpressionMatch match = it.next();
        if (match.capturedStart() != at)
            return std::nullopt;
        at = match.capturedEnd();
        const double number = match.captured(1).toDouble();
        const QString unit = match.captured(2);
        if (unit == u"h"_s)
            ms += number * 3'600'000.0;
        else if (unit == u"m"_s)
            ms += number * 60'000.0;
        else if (unit == u"s"_s)
            ms += number * 1000.0;
        else if (unit == u"ms"_s)
            ms += number;
        else if (unit == u"us"_s || unit == u"µs"_s)
            ms += number / 1000.0;
        else
            ms += number / 1'000'000.0;
    }
    if (at != value.size())
        return std::nullopt;
    return std::chrono::milliseconds(qint64(std::ceil(ms)));
}

double RateLimitGovernor::estimate(const Bucket &bucket, Clock::time_point now) {
    if (!bucket.known)
        return std::numeric_limits<double>::infinity();
    double held = double(bucket.remaining);
    if (bucket.refillPerMs) {
        const auto elapsed = std::chrono::duration<double, std::milli>(now - bucket.at).count();
        held += *bucket.refillPerMs * std::max(0.0, elapsed);
    }
    if (bucket.limit)
        held = std::min(held, double(*bucket.limit));
    return held;
}

std::optional<std::chrono::milliseconds> RateLimitGovernor::timeToRegain(const Bucket &bucket,
                                                                         double missing) {
    if (!bucket.refillPerMs || *bucket.refillPerMs <= 0)
        return std::nullopt;
    return std::chrono::milliseconds(qint64(std::ceil(missing / *bucket.refillPerMs)));
}

void RateLimitGovernor::update(Bucket &bucket, const Headers &headers, const QByteArray &limitName,
                               const QByteArray &remainingName, const QByteArray &resetName,
                               Clock::time_point now) {
    const std::optional<qint64> remaining = headerNumber(headers, remainingName);
    if (!remaining)
        return;
    const std::optional<qint64> limit = headerNumber(headers, limitName);
    const std::optional<std::chrono::milliseconds> reset =
        parseDuration(headerValue(headers, resetName));
    bucket.known = true;
    bucket.remaining = *remaining;
    bucket.at = now;
    if (limit)
        bucket.limit = limit;
    // The reset is when the bucket is full again, refilling evenly: what is missing over the
    // time it takes is the rate. A full bucket says nothing new, so the last rate stays.
    if (bucket.limit && reset && reset->count() > 0 && *remaining < *bucket.limit)
        bucket.refillPerMs = double(*bucket.limit - *remaining) / double(reset->count());
}

void RateLimitGovernor::lowerTo(Bucket &bucket, std::optional<qint64> remaining,
                                Clock::time_point now) {
    if (!remaining || !bucket.known || double(*remaining) >= estimate(bucket, now))
        return;
    bucket.remaining = *remaining;
    bucket.at = now;
}

void RateLimitGovernor::forget(quint64 seq) {
    m_sent.erase(seq);
}

std::chrono::milliseconds RateLimitGovernor::tryAdmit(Requester requester, int tokens,
                                                      Clock::time_point now) {
    release(requester);
    if (m_pausedUntil > now)
        return std::max(1ms, std::chrono::ceil<std::chrono::milliseconds>(m_pausedUntil - now));
    const int flying = inFlight();
    if (flying >= m_maxInFlight)
        return PollInterval;
    if (m_mode == Mode::Probing && flying >= 1)
        return PollInterval;
    if (m_mode == Mode::NoHeaders && flying >= m_fixedConcurrency)
        return PollInterval;

    if (m_mode == Mode::Headers) {
        // What the last reading may not have counted: every request admitted after the one whose
        // answer gave it, finished or not, and any earlier one whose own answer has not begun.
        double unreadRequests = 0;
        double unreadTokens = 0;
        for (const auto &[seq, sent] : m_sent) {
            if (seq > m_readingSeq || !sent.answered) {
                unreadRequests += 1;
                unreadTokens += double(sent.tokens);
            }
        }
        const double needTokens = std::ceil(double(tokens) * TokenMargin);
        const double requestsLeft = estimate(m_requests, now) - unreadRequests;
        const double tokensLeft = estimate(m_tokens, now) - unreadTokens;
        std::optional<std::chrono::milliseconds> hold;
        bool unknownRate = false;
        const auto holdFor = [&](const Bucket &bucket, double missing) {
            if (const auto regain = timeToRegain(bucket, missing))
                hold = std::max(hold.value_or(0ms), *regain);
            else
                unknownRate = true;
        };
        if (m_requests.known && requestsLeft < 1.0)
            holdFor(m_requests, 1.0 - requestsLeft);
        // A request larger than the whole bucket can never fit: the server has the last word.
        const bool fitsAtAll = !m_tokens.limit || needTokens <= double(*m_tokens.limit);
        if (m_tokens.known && tokensLeft < needTokens && fitsAtAll)
            holdFor(m_tokens, needTokens - tokensLeft);
        if (unknownRate) {
            // Only remaining counts and no rate: wait for a fresher reading, or go and get one
            // when nothing in flight will bring it.
            const Clock::time_point readAt = std::max(m_requests.at, m_tokens.at);
            if (flying > 0 || now - readAt < StaleReading)
                return std::clamp(hold.value_or(PollInterval * 10), PollInterval, LongestHold);
        } else if (hold && hold->count() > 0) {
            return std::clamp(*hold, 1ms, LongestHold);
        }
    }

    const quint64 seq = ++m_nextSeq;
    m_sent[seq] = Sent{std::max(0, tokens), true};
    m_holding[requester] = seq;
    return 0ms;
}

void RateLimitGovernor::observe(Requester requester, int status, const Headers &headers,
                                Clock::time_point now) {
    const auto holding = m_holding.find(requester);
    const quint64 seq = holding == m_holding.end() ? 0 : holding->second;
    if (const auto sent = m_sent.find(seq); sent != m_sent.end())
        sent->second.answered = true;
    const bool hasHeaders = !headerValue(headers, "x-ratelimit-remaining-requests").isEmpty()
                            || !headerValue(headers, "x-ratelimit-remaining-tokens").isEmpty();
    if (hasHeaders) {
        m_mode = Mode::Headers;
        // An answer to an older request than the last reading's is older news.
        if (seq >= m_readingSeq) {
            update(m_requests, headers, "x-ratelimit-limit-requests",
                   "x-ratelimit-remaining-requests", "x-ratelimit-reset-requests", now);
            update(m_tokens, headers, "x-ratelimit-limit-tokens", "x-ratelimit-remaining-tokens",
                   "x-ratelimit-reset-tokens", now);
            m_readingSeq = seq;
            for (auto it = m_sent.begin(); it != m_sent.end() && it->first <= m_readingSeq;)
                it = it->second.inFlight || !it->second.answered ? std::next(it) : m_sent.erase(it);
        } else {
            // An older request's answer is older news, unless it shows less left than the
            // newer reading: then that reading missed a request that overtook it on the way.
            lowerTo(m_requests, headerNumber(headers, "x-ratelimit-remaining-requests"), now);
            lowerTo(m_tokens, headerNumber(headers, "x-ratelimit-remaining-tokens"), now);
        }
    } else if (m_mode == Mode::Probing && status >= 200 && status <= 299) {
        m_mode = Mode::NoHeaders;
    }

    if (status == 429) {
        ++m_rateLimited;
        std::optional<std::chrono::milliseconds> delay = RetryPolicy::parseRetryAfter(
            headerValue(headers, "retry-after"), headerValue(headers, "retry-after-ms"));
        if (!delay) {
            const auto requestsReset =
                parseDuration(headerValue(headers, "x-ratelimit-reset-requests"));
            const auto tokensReset =
                parseDuration(headerValue(headers, "x-ratelimit-reset-tokens"));
            if (requestsReset || tokensReset)
                delay = std::max(requestsReset.value_or(0ms), tokensReset.value_or(0ms));
        }
        const std::chrono::milliseconds pause = std::max(delay.value_or(DefaultPause), 1ms);
        m_pausedUntil = std::max(m_pausedUntil, now + pause);
        // A refused request was not charged.
        if (seq != 0)
            forget(seq);
        if (holding != m_holding.end())
            m_holding.erase(holding);
        emit paused(qint64(pause.count()));
    }
}

void RateLimitGovernor::release(Requester requester) {
    const auto holding = m_holding.find(requester);
    if (holding == m_holding.end())
        return;
    const quint64 seq = holding->second;
    m_holding.erase(holding);
    const auto sent = m_sent.find(seq);
    if (sent == m_sent.end())
        return;
    // Its charge stays counted until a reading covers it. One that ended without an answer
    // (the connection failed) is covered by the next reading, if the server counted it at all.
    sent->second.inFlight = false;
    sent->second.answered = true;
    if (seq <= m_readingSeq)
        m_sent.erase(sent);
}
