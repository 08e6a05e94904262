// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QPair>

#include <chrono>
#include <map>
#include <optional>

// Keeps many model requests (a batch's) inside what the endpoint's rate limits leave. It reads the
// x-ratelimit-* headers of every answer (OpenAI's limit, remaining and reset for requests and
// tokens; Azure's remaining only), admits a request only when one more request and its estimated
// tokens fit what remains once the requests still unaccounted for are taken off, and holds every
// request while a 429's retry-after runs. A server that sends no such headers (llama.cpp, Ollama)
// gets a fixed number of requests in flight instead.
class RateLimitGovernor : public QObject {
    Q_OBJECT
public:
    using Clock = std::chrono::steady_clock;
    using Headers = QList<QPair<QByteArray, QByteArray>>;
    // Who holds an admission: one per request in flight (a MessageGenerator's address).
    using Requester = quintptr;

    // How much more than the estimate the server may charge for a request: the server's own
    // count is only known from the next answer's headers.
    static constexpr double TokenMargin = 1.1;
    // How often a request that waits for another to finish asks again.
    static constexpr std::chrono::milliseconds PollInterval{20};

    explicit RateLimitGovernor(QObject *parent = nullptr);

    // Requests in flight for a server that sends no rate-limit headers (2 by default).
    void setFixedConcurrency(int requests);
    int fixedConcurrency() const { return m_fixedConcurrency; }
    // Never more than this many in flight, headers or not (16 by default).
    void setMaxInFlight(int requests);
    int maxInFlight() const { return m_maxInFlight; }

    // Zero when a request of `tokens` (prompt estimate plus output cap) may go now: it counts as
    // in flight for `requester` until release(). Otherwise how long to wait before asking again.
    // A requester that still holds an admission (a retry) gives it up first.
    std::chrono::milliseconds tryAdmit(Requester requester, int tokens,
                                       Clock::time_point now = Clock::now());
    // An answer to `requester`'s request began: its status and headers.
    void observe(Requester requester, int status, const Headers &headers,
                 Clock::time_point now = Clock::now());
    // `requester`'s request is over, however it ended.
    void release(Requester requester);

    int inFlight() const;
    // 429s seen so far.
    int rateLimitedCount() const { return m_rateLimited; }
    // Until when every request is held after a 429; nullopt when none is.
    std::optional<Clock::time_point> pausedUntil(Clock::time_point now = Clock::now()) const;
    // The server has sent rate-limit headers (false also while none has answered yet).
    bool readsHeaders() const { return m_mode == Mode::Headers; }

    // OpenAI's reset durations ("1s", "6m0s", "1.5s", "120ms", "1h2m3s") or plain seconds
    // ("30"); nullopt when unreadable.
    static std::optional<std::chrono::milliseconds> parseDuration(const QByteArray &text);

signals:
    // A 429 holds every request for `delayMs`.
    void paused(qint64 delayMs);

private:
    struct Bucket {
        std::optional<qint64> limit;
        qint64 remaining = 0;
        bool known = false;
        Clock::time_point at;
        // Units regained per millisecond, learned from limit, remaining and reset.
        std::optional<double> refillPerMs;
    };
    struct Sent {
        qint64 tokens = 0;
        bool inFlight = true;
        // Its own answer has begun. Until then no reading is trusted to include it, even one
        // from a later request: requests on separate connections can reach the server out of
        // order.
        bool answered = false;
    };
    enum class Mode {
        Probing, // no answer yet: one request at a time, to learn how the server counts
        Headers,
        NoHeaders,
    };

    void update(Bucket &bucket, const Headers &headers, const QByteArray &limitName,
                const QByteArray &remainingName, const QByteArray &resetName,
                Clock::time_point now);
    // What `bucket` holds now by its last reading and the refill since, before the requests
    // its reading does not count yet.
    static double estimate(const Bucket &bucket, Clock::time_point now);
    // How long until `bucket` regains `missing` units; nullopt when its rate is unknown.
    static std::optional<std::chrono::milliseconds> timeToRegain(const Bucket &bucket,
                                                                 double missing);
    // Takes `remaining` from an older request's answer when it is less than `bucket` holds now.
    static void lowerTo(Bucket &bucket, std::optional<qint64> remaining, Clock::time_point now);
    void forget(quint64 seq);

    int m_fixedConcurrency = 2;
    int m_maxInFlight = 16;
    Mode m_mode = Mode::Probing;
    Bucket m_requests;
    Bucket m_tokens;
    // The request whose answer gave the readings: later ones are not in them yet.
    quint64 m_readingSeq = 0;
    quint64 m_nextSeq = 0;
    std::map<quint64, Sent> m_sent;
    std::map<Requester, quint64> m_holding;
    Clock::time_point m_pausedUntil;
    int m_rateLimited = 0;
};
