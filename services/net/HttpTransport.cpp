// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/HttpTransport.h"

#include "platform/LogCategories.h"
#include "platform/LogRedaction.h"

#include <QCoreApplication>
#include <QCoroNetworkReply>
#include <QCoroTimer>
#include <QElapsedTimer>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkProxyFactory>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace {

// QNetworkReply's error ranges: below 100 the connection failed (refused, DNS, timeout, TLS,
// closed mid-answer), 101-199 are proxy failures; from 201 up they only restate an HTTP status
// (400 is ProtocolInvalidOperationError, 302).
bool isStatusError(QNetworkReply::NetworkError error) {
    return error == QNetworkReply::NoError || int(error) > 200;
}

bool isTlsError(QNetworkReply::NetworkError error) {
    return error == QNetworkReply::SslHandshakeFailedError
           || error == QNetworkReply::UnknownNetworkError /* raised for some cert failures */;
}

QString seconds(std::chrono::milliseconds duration) {
    return QString::number(double(duration.count()) / 1000.0, 'g', 3);
}

struct DeleteLater {
    void operator()(QObject *object) const { object->deleteLater(); }
};

} // namespace

struct HttpTransport::Exchange {
    QByteArray body;
    qint64 streamed = 0; // bytes handed to the sink
    bool cancelled = false;
    bool tooLarge = false;
    bool deadlineHit = false;
    bool headersAnnounced = false;
};

QByteArray IncomingResponse::header(const QByteArray &name) const {
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

HttpTransport::HttpTransport(QString serviceName, QObject *parent)
    : QObject(parent)
    , m_serviceName(std::move(serviceName))
    , m_network(new QNetworkAccessManager(this)) {}

HttpTransport::~HttpTransport() {
    // Drop the replies without letting them emit finished: a waiting coroutine must not resume
    // into objects that are being destroyed. Its frame is simply never continued.
    for (auto it = m_replies.cbegin(); it != m_replies.cend(); ++it) {
        QObject::disconnect(it.key(), nullptr, nullptr, nullptr);
        it.key()->abort();
        delete it.key();
    }
}

void HttpTransport::useSystemProxySettings() {
    QNetworkProxyFactory::setUseSystemConfiguration(true);
}

bool HttpTransport::isLoopback(const QUrl &url) {
    const QString host = url.host();
    if (host.compare(u"localhost"_s, Qt::CaseInsensitive) == 0)
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

Result<void> HttpTransport::checkTransportSecurity(const QUrl &url, const QString &serviceName) {
    if (!url.isValid() || url.host().isEmpty())
        return OutreachError(OutreachError::Code::Auth,
                             tr("The address of %1 is not a valid URL: \"%2\".")
                                 .arg(serviceName, url.toDisplayString(QUrl::RemoveUserInfo)));
    if (const Result<void> noUserInfo = checkNoUserInfo(url, serviceName); !noUserInfo.ok())
        return noUserInfo;
    const QString scheme = url.scheme().toLower();
    if (scheme == u"https"_s || (scheme == u"http"_s && isLoopback(url)))
        return {};
    if (scheme == u"http"_s)
        return OutreachError(
            OutreachError::Code::Auth,
            tr("Refusing to send credentials to %1 over plain HTTP (%2). Use an https:// "
               "address; plain http:// is only allowed for this computer (localhost).")
                .arg(serviceName, url.host()));
    return OutreachError(OutreachError::Code::Auth,
                         tr("The address of %1 must start with https://, not \"%2:\".")
                             .arg(serviceName, url.scheme()));
}

Result<void> HttpTransport::checkNoUserInfo(const QUrl &url, const QString &serviceName) {
    if (url.userName().isEmpty() && url.password().isEmpty())
        return {};
    return OutreachError(
        OutreachError::Code::Auth,
        tr("The address of %1 contains a user name or password (%2). OutreachGPT keeps "
           "credentials only in the system keychain: remove the part before \"@\" from the "
           "address and enter the token or key in its own field.")
            .arg(serviceName, url.toDisplayString(QUrl::RemoveUserInfo)));
}

QCoro::Task<Result<IncomingResponse>> HttpTransport::send(OutgoingRequest request, BodySink sink) {
    if (const Result<void> secure = checkTransportSecurity(request.url, m_serviceName);
        !secure.ok())
        co_return secure.error();

    QNetworkRequest networkRequest(request.url);
    networkRequest.setTransferTimeout(int(m_limits.inactivity.count()));
    // Credentials must never follow a redirect to another host or down to plain HTTP.
    networkRequest.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                                QNetworkRequest::SameOriginRedirectPolicy);
    networkRequest.setHeader(QNetworkRequest::UserAgentHeader,
                             QByteArrayLiteral("OutreachGPT/" OUTREACH_VERSION));
    for (const auto &[name, value] : std::as_const(request.headers))
        networkRequest.setRawHeader(name, value);

    if (lcHttp().isDebugEnabled()) {
        // Headers through headerForLog: credentials are masked here already, and again by the
        // message handler (LogRedaction::install) in case a value turns up elsewhere.
        QByteArrayList headers;
        for (const auto &[name, value] : std::as_const(request.headers))
            headers.append(LogRedaction::headerForLog(name, value));
        qCDebug(lcHttp).noquote() << request.method
                                  << request.url.toDisplayString(QUrl::RemoveUserInfo)
                                  << "headers:" << headers.join("; ")
                                  << "body:" << request.body.size() << "bytes";
    }
    QElapsedTimer clock;
    clock.start();
    QNetworkReply *reply =
        request.body.isEmpty() && request.method == "GET"
            ? m_network->get(networkRequest)
            : m_network->sendCustomRequest(networkRequest, request.method, request.body);
    auto exchange = std::make_shared<Exchange>();
    m_replies.insert(reply, exchange);

    const qint64 maxBody = m_limits.maxBodyBytes;
    auto refuseIfTooLarge = [reply, exchange, maxBody](qint64 size) {
        if (size > maxBody && !exchange->tooLarge) {
            exchange->tooLarge = true;
            reply->abort();
        }
    };
    const qint64 maxStream = m_limits.maxStreamBytes;
    const bool streaming = bool(sink);
    // Once per answer, as soon as its status line and headers are in: a rate-limit governor
    // learns what remains while the body is still streaming.
    const auto announceHeaders = [this, reply, exchange] {
        const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
        if (exchange->headersAnnounced || !status.isValid())
            return;
        exchange->headersAnnounced = true;
        QList<QPair<QByteArray, QByteArray>> headers;
        for (const auto &pair : reply->rawHeaderPairs())
            headers.append({pair.first, pair.second});
        emit answerStarted(status.toInt(), headers);
    };
    connect(reply, &QNetworkReply::metaDataChanged, this, announceHeaders);
    connect(reply, &QNetworkReply::metaDataChanged, reply,
            [reply, exchange, refuseIfTooLarge, streaming, maxStream] {
                const QVariant length = reply->header(QNetworkRequest::ContentLengthHeader);
                if (!length.isValid())
                    return;
                const int status =
                    reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
                if (streaming && status >= 200 && status <= 299) {
                    if (length.toLongLong() > maxStream && !exchange->tooLarge) {
                        exchange->tooLarge = true;
                        reply->abort();
                    }
                    return;
                }
                refuseIfTooLarge(length.toLongLong());
            });
    // Reading as bytes arrive keeps Qt's buffer small and lets an endless body be cut off.
    connect(reply, &QNetworkReply::readyRead, reply,
            [reply, exchange, refuseIfTooLarge, sink, maxStream] {
                if (exchange->tooLarge)
                    return;
                const int status =
                    reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
                if (sink && status >= 200 && status <= 299) {
                    const QByteArray bytes = reply->readAll();
                    exchange->streamed += bytes.size();
                    if (exchange->streamed > maxStream) {
                        exchange->tooLarge = true;
                        reply->abort();
                        return;
                    }
                    sink(bytes);
                    return;
                }
                exchange->body += reply->readAll();
                refuseIfTooLarge(exchange->body.size());
            });
    auto *deadline = new QTimer(reply);
    deadline->setSingleShot(true);
    connect(deadline, &QTimer::timeout, reply, [reply, exchange] {
        exchange->deadlineHit = true;
        reply->abort();
    });
    deadline->start(m_limits.deadline);

    co_await reply;

    m_replies.remove(reply);
    const std::unique_ptr<QNetworkReply, DeleteLater> owner(reply);
    announceHeaders();
    // An aborted reply (deadline, Stop, too large) is closed: nothing is left to read.
    if (!exchange->tooLarge && !exchange->cancelled && reply->isOpen()) {
        const QByteArray rest = reply->readAll();
        const int finalStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (sink && finalStatus >= 200 && finalStatus <= 299) {
            exchange->streamed += rest.size();
            if (!rest.isEmpty())
                sink(rest);
        } else {
            exchange->body += rest;
        }
    }

    const QVariant statusAttribute = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    const int status = statusAttribute.isValid() ? statusAttribute.toInt() : 0;
    const bool answered = status > 0 && isStatusError(reply->error()) && !exchange->tooLarge
                          && !exchange->cancelled && !exchange->deadlineHit;
    qCDebug(lcHttp).noquote() << request.method
                              << reply->url().toDisplayString(QUrl::RemoveUserInfo) << "answered"
                              << status << "after" << clock.elapsed() << "ms,"
                              << (sink ? exchange->streamed : exchange->body.size()) << "bytes";
    if (!answered) {
        OutreachError error = failureFor(*exchange, reply);
        qCInfo(lcHttp).noquote() << error.toString();
        if (error.code() == OutreachError::Code::Network)
            emit unreachable(error);
        else if (status > 0)
            emit reached();
        co_return error;
    }
    emit reached();

    // A body cut short can still finish without an error; Content-Length tells.
    const QVariant length = reply->header(QNetworkRequest::ContentLengthHeader);
    const bool streamedBody = sink && status >= 200 && status <= 299;
    const qint64 received = streamedBody ? exchange->streamed : exchange->body.size();
    if (length.isValid() && reply->rawHeader("Content-Encoding").isEmpty()
        && received < length.toLongLong()) {
        OutreachError error(OutreachError::Code::Network,
                            tr("The connection to %1 closed before the whole answer arrived "
                               "(%2 of %3 bytes).")
                                .arg(m_serviceName)
                                .arg(received)
                                .arg(length.toLongLong()));
        error.setHttpStatus(status);
        error.setTransient(true);
        co_return error;
    }
    if (status < 200 || status > 299)
        co_return errorForStatus(status, exchange->body, reply);

    IncomingResponse response;
    response.status = status;
    response.body = std::move(exchange->body);
    for (const auto &pair : reply->rawHeaderPairs())
        response.headers.append({pair.first, pair.second});
    co_return response;
}

QCoro::Task<Result<IncomingResponse>> HttpTransport::sendWithRetry(OutgoingRequest request,
                                                                   BodySink sink) {
    // Once part of a streamed body has been handed on, a retry would repeat it: not allowed.
    auto delivered = std::make_shared<bool>(false);
    BodySink counting;
    if (sink)
        counting = [sink, delivered](const QByteArray &bytes) {
            *delivered = true;
            sink(bytes);
        };
    for (int retries = 0;; ++retries) {
        while (m_attemptGate) {
            const std::chrono::milliseconds hold = m_attemptGate();
            if (hold <= std::chrono::milliseconds::zero())
                break;
            if (!co_await wait(hold))
                co_return OutreachError(OutreachError::Code::Cancelled, tr("Stopped."));
        }
        Result<IncomingResponse> result = co_await send(request, counting);
        if (result.ok() || *delivered || (m_finalError && m_finalError(result.error())))
            co_return result;
        const RetryPolicy::Decision decision = m_policy.decide(result.error(), retries);
        if (!decision.retry)
            co_return result;
        qCInfo(lcHttp).noquote() << "Retry" << retries + 1 << "of" << request.method
                                 << request.url.toDisplayString(QUrl::RemoveUserInfo) << "in"
                                 << decision.delay.count() << "ms:" << result.error().message();
        emit retrying(retries + 1, qint64(decision.delay.count()), result.error());
        if (!co_await wait(decision.delay))
            co_return OutreachError(OutreachError::Code::Cancelled, tr("Stopped."));
    }
}

QCoro::Task<bool> HttpTransport::wait(std::chrono::milliseconds delay) {
    // A timer this object owns (not QCoro::sleepFor's): destroyed with it, so a wait never
    // resumes after the transport is gone, and abortAll can end it early.
    auto *timer = new QTimer(this);
    timer->setSingleShot(true);
    timer->setProperty("cancelled", false);
    m_waits.append(timer);
    timer->start(delay);
    // QCoro's timer awaiter, not qCoro(timer, &QTimer::timeout): QCoro queues signal arguments,
    // and the private-signal tag then arrives as a null reference (UBSan rightly stops there).
    co_await timer;
    m_waits.removeOne(timer);
    const bool cancelled = timer->property("cancelled").toBool();
    timer->deleteLater();
    co_return !cancelled;
}

void HttpTransport::abortAll() {
    for (QTimer *timer : std::as_const(m_waits)) {
        timer->setProperty("cancelled", true);
        timer->start(0);
    }
    const auto replies = m_replies; // abort() finishes synchronously and edits m_replies
    for (auto it = replies.cbegin(); it != replies.cend(); ++it) {
        it.value()->cancelled = true;
        it.key()->abort();
    }
}

OutreachError HttpTransport::failureFor(const Exchange &exchange, QNetworkReply *reply) const {
    if (exchange.cancelled)
        return OutreachError(OutreachError::Code::Cancelled, tr("Stopped."));
    if (exchange.tooLarge) {
        OutreachError error(
            OutreachError::Code::ApiError,
            tr("The answer from %1 is larger than %2 MiB and was refused.")
                .arg(m_serviceName)
                .arg(double(exchange.streamed > 0 ? m_limits.maxStreamBytes : m_limits.maxBodyBytes)
                         / (1024.0 * 1024.0),
                     0, 'g', 4));
        return error;
    }
    OutreachError error(OutreachError::Code::Network, QString());
    error.setTransient(true);
    const QString host = reply->url().host();
    if (exchange.deadlineHit) {
        error = OutreachError(OutreachError::Code::Network,
                              tr("%1 (%2) did not finish answering within %3 s.")
                                  .arg(m_serviceName, host, seconds(m_limits.deadline)));
    } else if (reply->error() == QNetworkReply::OperationCanceledError) {
        // Not cancelled by us: the transfer timeout (no byte for too long) aborted it.
        error = OutreachError(OutreachError::Code::Network,
                              tr("%1 (%2) sent nothing for %3 s.")
                                  .arg(m_serviceName, host, seconds(m_limits.inactivity)));
    } else if (isTlsError(reply->error())) {
        // Retrying will not make a certificate trustworthy.
        OutreachError tls(OutreachError::Code::Network,
                          tr("The secure connection to %1 (%2) failed: %3. Certificate errors "
                             "are never ignored.")
                              .arg(m_serviceName, host, reply->errorString()));
        return tls;
    } else if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).isValid()) {
        // The status line came, then the connection went: the body is cut short.
        error = OutreachError(OutreachError::Code::Network,
                              tr("The connection to %1 (%2) closed before the whole answer "
                                 "arrived (%3 bytes received): %4.")
                                  .arg(m_serviceName, host)
                                  .arg(std::max(exchange.body.size(), exchange.streamed))
                                  .arg(reply->errorString()));
    } else {
        error = OutreachError(
            OutreachError::Code::Network,
            tr("Could not reach %1 (%2): %3.").arg(m_serviceName, host, reply->errorString()));
    }
    error.setTransient(true);
    return error;
}

OutreachError HttpTransport::errorForStatus(int status, const QByteArray &body,
                                            QNetworkReply *reply) const {
    // {"error":{"code","message","param"}} (the CRM, OpenAI), {"error":"…"}, and the flat
    // {"object":"error","message","type","code"} of vLLM and others.
    QString serverMessage;
    QString serverCode;
    QString serverParam;
    const auto codeOf = [](const QJsonObject &object) {
        const QJsonValue code = object.value(u"code"_s);
        return code.isString()   ? code.toString()
               : code.isDouble() ? QString::number(code.toInt())
                                 : object.value(u"type"_s).toString();
    };
    const QJsonDocument document = QJsonDocument::fromJson(body);
    if (document.isObject()) {
        const QJsonObject object = document.object();
        const QJsonValue errorValue = object.value(u"error"_s);
        if (errorValue.isObject()) {
            const QJsonObject inner = errorValue.toObject();
            serverMessage = inner.value(u"message"_s).toString();
            serverCode = codeOf(inner);
            serverParam = inner.value(u"param"_s).toString();
        } else if (errorValue.isString()) {
            serverMessage = errorValue.toString();
        } else if (const QJsonValue detail = object.value(u"detail"_s); detail.isArray()) {
            // FastAPI's validation errors (422): [{"loc":["body","logprobs"],"msg":…}, …].
            QStringList problems;
            for (const QJsonValue &item : detail.toArray()) {
                const QJsonArray location = item.toObject().value(u"loc"_s).toArray();
                const QString field = location.isEmpty() ? QString() : location.last().toString();
                if (serverParam.isEmpty())
                    serverParam = field;
                const QString text = item.toObject().value(u"msg"_s).toString();
                problems.append(field.isEmpty() ? text : field + u": "_s + text);
            }
            serverMessage = problems.join(u"; "_s);
        } else if (detail.isString()) {
            serverMessage = detail.toString();
        } else {
            serverMessage = object.value(u"message"_s).toString();
            serverCode = codeOf(object);
            serverParam = object.value(u"param"_s).toString();
        }
    }
    if (serverMessage.isEmpty() && !document.isObject())
        serverMessage = QString::fromUtf8(body.left(200)).simplified();
    // Servers echo what they were sent ("Incorrect API key provided: sk-…", a proxy's dump of
    // the request): that text reaches the rep and the logs, so credentials are masked first.
    serverMessage = LogRedaction::redact(serverMessage);
    const QString reason =
        reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString().trimmed();

    OutreachError::Code code = OutreachError::Code::ApiError;
    if (status == 401 || status == 403)
        code = OutreachError::Code::Auth;
    else if (status == 429)
        code = OutreachError::Code::RateLimit;

    QString message = reason.isEmpty()
                          ? tr("%1 answered %2").arg(m_serviceName).arg(status)
                          : tr("%1 answered %2 %3").arg(m_serviceName).arg(status).arg(reason);
    if (!serverMessage.isEmpty())
        message += u": "_s + serverMessage;
    else
        message += u'.';
    OutreachError error(code, message);
    error.setHttpStatus(status);
    error.setServerCode(serverCode);
    QString requestId = QString::fromLatin1(reply->rawHeader("x-request-id"));
    if (requestId.isEmpty() && document.isObject()) // HubSpot names it in the body
        requestId = document.object().value(u"correlationId"_s).toString();
    error.setRequestId(requestId);
    if (document.isObject() && body.size() <= 64 * 1024)
        error.setServerBody(LogRedaction::redact(QString::fromUtf8(body)).toUtf8());
    error.setRetryAfter(RetryPolicy::parseRetryAfter(reply->rawHeader("Retry-After"),
                                                     reply->rawHeader("retry-after-ms")));
    error.setServerParam(serverParam);
    // A used-up quota is billing, not a pause: waiting will not help.
    bool transient =
        RetryPolicy::isRetryableStatus(status) && serverCode != u"insufficient_quota"_s;
    // OpenAI's own verdict, where it gives one, overrides the status.
    const QByteArray shouldRetry = reply->rawHeader("x-should-retry").trimmed().toLower();
    if (shouldRetry == "true")
        transient = true;
    else if (shouldRetry == "false")
        transient = false;
    error.setTransient(transient);
    return error;
}
