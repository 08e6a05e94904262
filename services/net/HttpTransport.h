// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/Result.h"
#include "net/RetryPolicy.h"

#include <QByteArray>
#include <QCoroTask>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPair>
#include <QString>
#include <QUrl>

#include <chrono>
#include <functional>
#include <memory>

class QNetworkAccessManager;
class QNetworkReply;
class QTimer;

struct OutgoingRequest {
    QByteArray method = QByteArrayLiteral("GET");
    QUrl url;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
};

struct IncomingResponse {
    int status = 0;
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;

    // Case-insensitive; empty when absent.
    QByteArray header(const QByteArray &name) const;
};

// Bounds every exchange so a slow, silent or endless server cannot hold the app.
struct HttpLimits {
    std::chrono::milliseconds inactivity{30'000}; // no byte for this long: give up
    std::chrono::milliseconds deadline{120'000};  // the whole exchange, retries not included
    qint64 maxBodyBytes = 16 * 1024 * 1024;
    // A streamed (2xx) body handed to a sink is not buffered; this bounds a stream that never
    // ends together with the deadline.
    qint64 maxStreamBytes = 64 * 1024 * 1024;
};

// Sends HTTP requests for one outside service (the CRM, the model endpoint) over its own
// QNetworkAccessManager and turns every way a request can fail into one OutreachError: the
// status, the server's message and request id, Retry-After and whether it is worth retrying.
// Plain HTTP is refused except to loopback hosts; TLS errors are never ignored.
//
// Lifetime: every coroutine here only waits on objects this transport owns, so destroying it
// with requests in flight leaves them unfinished rather than resuming into freed memory.
class HttpTransport : public QObject {
    Q_OBJECT
public:
    // `serviceName` appears in messages: "The CRM answered 503 …", "Could not reach the CRM …".
    explicit HttpTransport(QString serviceName, QObject *parent = nullptr);
    ~HttpTransport() override;

    void setLimits(const HttpLimits &limits) { m_limits = limits; }
    HttpLimits limits() const { return m_limits; }
    void setRetryPolicy(const RetryPolicy &policy) { m_policy = policy; }
    RetryPolicy retryPolicy() const { return m_policy; }
    // Errors this says are final are not retried, whatever their status: a server that answers
    // 500 for a parameter it does not know will answer 500 again, and the caller can adapt.
    using FinalErrorRule = std::function<bool(const OutreachError &error)>;
    void setFinalErrorRule(FinalErrorRule rule) { m_finalError = std::move(rule); }

    // How long the next attempt must wait before it goes out (zero or less: now). Asked before
    // every attempt of sendWithRetry, and again after each wait, so a shared limit (the model
    // endpoint's rate limits across a batch) can hold requests that are not its own.
    using AttemptGate = std::function<std::chrono::milliseconds()>;
    void setAttemptGate(AttemptGate gate) { m_attemptGate = std::move(gate); }

    // Receives a successful (2xx) body piece by piece as it arrives, instead of buffering it.
    using BodySink = std::function<void(const QByteArray &bytes)>;

    // One attempt. A non-2xx answer is an error carrying the response's status and message.
    // With a `sink`, a 2xx body goes to it as it arrives (the response's body stays empty).
    QCoro::Task<Result<IncomingResponse>> send(OutgoingRequest request, BodySink sink = {});
    // Attempts until success, a permanent failure or the policy's last retry. A streamed
    // request is only retried while none of its body has reached the sink.
    QCoro::Task<Result<IncomingResponse>> sendWithRetry(OutgoingRequest request,
                                                        BodySink sink = {});

    // Ends every request in flight and every retry wait now, each with CANCELLED.
    void abortAll();
    int inFlight() const { return int(m_replies.size()); }

    // True for localhost, 127.0.0.0/8 and ::1: the only hosts plain HTTP may go to.
    static bool isLoopback(const QUrl &url);
    // An AUTH error when `url` would send a credential in the clear (or is not http/https, or
    // carries a user name or password).
    static Result<void> checkTransportSecurity(const QUrl &url, const QString &serviceName);
    // An AUTH error when `url` has a user name or password in it ("https://user:pass@host"):
    // credentials live in the keychain only, never in an address that settings.ini, logs and
    // error messages would carry.
    static Result<void> checkNoUserInfo(const QUrl &url, const QString &serviceName);

    // Qt's default is no proxy; reps behind a corporate proxy need the system's settings.
    static void useSystemProxySettings();

signals:
    // A request failed transiently and will be tried again after `delayMs`.
    void retrying(int retry, qint64 delayMs, const OutreachError &error);
    // An answer's status and headers arrived (its body may still be on its way).
    void answerStarted(int status, const QList<QPair<QByteArray, QByteArray>> &headers);
    // Any answer arrived (even an error status): the service is reachable.
    void reached();
    // No answer at all (DNS, refused, timeout, dropped): the service looks unreachable.
    void unreachable(const OutreachError &error);

private:
    struct Exchange;

    OutreachError failureFor(const Exchange &exchange, QNetworkReply *reply) const;
    OutreachError errorForStatus(int status, const QByteArray &body, QNetworkReply *reply) const;
    QCoro::Task<bool> wait(std::chrono::milliseconds delay);

    QString m_serviceName;
    QNetworkAccessManager *m_network;
    HttpLimits m_limits;
    RetryPolicy m_policy;
    FinalErrorRule m_finalError;
    AttemptGate m_attemptGate;
    QHash<QNetworkReply *, std::shared_ptr<Exchange>> m_replies;
    QList<QTimer *> m_waits;
};
