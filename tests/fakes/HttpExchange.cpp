// SPDX-License-Identifier: GPL-3.0-or-later
#include "HttpExchange.h"

#include "FakeHttpServer.h"

#include <QJsonDocument>
#include <QTcpSocket>

using namespace Qt::StringLiterals;

namespace {

QByteArray reasonPhrase(int status) {
    switch (status) {
    case 100:
        return "Continue"_ba;
    case 200:
        return "OK"_ba;
    case 201:
        return "Created"_ba;
    case 202:
        return "Accepted"_ba;
    case 204:
        return "No Content"_ba;
    case 301:
        return "Moved Permanently"_ba;
    case 302:
        return "Found"_ba;
    case 304:
        return "Not Modified"_ba;
    case 400:
        return "Bad Request"_ba;
    case 401:
        return "Unauthorized"_ba;
    case 403:
        return "Forbidden"_ba;
    case 404:
        return "Not Found"_ba;
    case 405:
        return "Method Not Allowed"_ba;
    case 408:
        return "Request Timeout"_ba;
    case 409:
        return "Conflict"_ba;
    case 410:
        return "Gone"_ba;
    case 411:
        return "Length Required"_ba;
    case 413:
        return "Content Too Large"_ba;
    case 415:
        return "Unsupported Media Type"_ba;
    case 422:
        return "Unprocessable Content"_ba;
    case 429:
        return "Too Many Requests"_ba;
    case 431:
        return "Request Header Fields Too Large"_ba;
    case 500:
        return "Internal Server Error"_ba;
    case 501:
        return "Not Implemented"_ba;
    case 502:
        return "Bad Gateway"_ba;
    case 503:
        return "Service Unavailable"_ba;
    case 504:
        return "Gateway Timeout"_ba;
    case 505:
        return "HTTP Version Not Supported"_ba;
    default:
        return "Status"_ba;
    }
}

// The status code of raw bytes that start with a status line, so that a raw answer is recorded
// with the status the client will read; 0 otherwise.
int statusOfRawResponse(const QByteArray &bytes) {
    if (!bytes.startsWith("HTTP/"))
        return 0;
    const qsizetype space = bytes.indexOf(' ');
    bool ok = false;
    const int status = space < 0 ? 0 : bytes.mid(space + 1, 3).toInt(&ok);
    return ok ? status : 0;
}

} // namespace

HttpExchange::HttpExchange(HttpRequest request, quint64 sequence, bool keepAlive,
                           QTcpSocket *socket, const FakeHttpServer *server, QObject *parent)
    : QObject(parent)
    , m_request(std::move(request))
    , m_sequence(sequence)
    , m_keepAlive(keepAlive)
    , m_socket(socket)
    , m_server(server) {
    connect(socket, &QTcpSocket::bytesWritten, this, &HttpExchange::checkFlushed);
}

qint64 HttpExchange::bytesToWrite() const {
    return m_socket ? m_socket->bytesToWrite() : 0;
}

void HttpExchange::respond(int status, const QByteArray &body, const HttpHeaders &headers) {
    if (!begin("respond"))
        return;
    m_status = status;
    m_state = State::Flushing;
    write(head(status, headers, {{"Content-Length"_ba, QByteArray::number(body.size())}}) + body);
}

void HttpExchange::respondJson(int status, const QJsonDocument &json, HttpHeaders headers) {
    headers.append({"Content-Type"_ba, "application/json"_ba});
    respond(status, json.toJson(QJsonDocument::Compact), headers);
}

void HttpExchange::respondError(int status, const QString &code, const QString &message,
                                HttpHeaders headers) {
    headers.append({"Content-Type"_ba, "application/json"_ba});
    respond(status, m_server->errorBody(status, code, message), headers);
}

void HttpExchange::respondTruncated(int status, const QByteArray &body, qsizetype bytesToSend,
                                    const HttpHeaders &headers) {
    if (!begin("respondTruncated"))
        return;
    m_status = status;
    // The announced length is what makes it a truncation, so the connection cannot stay open.
    write(head(status, headers,
               {{"Content-Length"_ba, QByteArray::number(body.size())},
                {"Connection"_ba, "close"_ba}})
          + body.left(qBound<qsizetype>(0, bytesToSend, body.size())));
    closeAfterWriting(RecordedRequest::Ending::Closed);
}

void HttpExchange::beginStream(int status, const HttpHeaders &headers, Framing framing) {
    if (!begin("beginStream"))
        return;
    m_status = status;
    m_framing = framing;
    m_state = State::Streaming;
    write(framing == Framing::Chunked
              ? head(status, headers, {{"Transfer-Encoding"_ba, "chunked"_ba}})
              : head(status, headers, {{"Connection"_ba, "close"_ba}}));
}

void HttpExchange::writeChunk(const QByteArray &data) {
    if (m_state != State::Streaming) {
        qWarning("HttpExchange::writeChunk: no stream is open");
        return;
    }
    // An empty chunk would end a chunked body early.
    if (data.isEmpty())
        return;
    write(m_framing == Framing::Chunked
              ? QByteArray::number(data.size(), 16) + "\r\n"_ba + data + "\r\n"_ba
              : data);
}

void HttpExchange::endStream() {
    if (m_state != State::Streaming) {
        qWarning("HttpExchange::endStream: no stream is open");
        return;
    }
    if (m_framing == Framing::CloseDelimited) {
        closeAfterWriting(RecordedRequest::Ending::Answered);
        return;
    }
    m_state = State::Flushing;
    write("0\r\n\r\n"_ba);
}

void HttpExchange::writeRawAndClose(const QByteArray &bytes) {
    if (m_state == State::Streaming) {
        write(bytes);
    } else if (begin("writeRawAndClose")) {
        m_status = statusOfRawResponse(bytes);
        write(bytes);
    } else {
        return;
    }
    closeAfterWriting(RecordedRequest::Ending::Closed);
}

void HttpExchange::abort() {
    if (m_state == State::Done)
        return;
    // Finished first: abort() makes the socket emit disconnected() synchronously, and that path
    // must find the exchange already settled.
    finish(RecordedRequest::Ending::Dropped);
    if (m_socket)
        m_socket->abort();
}

QByteArray HttpExchange::head(int status, const HttpHeaders &headers,
                              const HttpHeaders &framing) const {
    QByteArray bytes =
        "HTTP/1.1 "_ba + QByteArray::number(status) + ' ' + reasonPhrase(status) + "\r\n"_ba;
    for (const auto &[name, value] : headers)
        bytes += name + ": "_ba + value + "\r\n"_ba;
    bool closes = false;
    for (const auto &[name, value] : framing) {
        bytes += name + ": "_ba + value + "\r\n"_ba;
        closes = closes || name == "Connection";
    }
    if (!m_keepAlive && !closes)
        bytes += "Connection: close\r\n"_ba;
    return bytes + "\r\n"_ba;
}

bool HttpExchange::begin(const char *what) {
    if (m_state == State::Open && m_socket)
        return true;
    // Answering twice is a bug in the test or the fake; a client having left is not.
    if (m_state != State::Done)
        qWarning("HttpExchange::%s: this request has already been answered", what);
    return false;
}

void HttpExchange::write(const QByteArray &bytes) {
    if (!m_socket)
        return;
    m_socket->write(bytes);
    // bytesWritten() normally reports the flush; this covers a write the socket finished at
    // once, without emitting it.
    QMetaObject::invokeMethod(this, &HttpExchange::checkFlushed, Qt::QueuedConnection);
}

void HttpExchange::closeAfterWriting(RecordedRequest::Ending outcome) {
    m_state = State::Closing;
    m_closingEnding = outcome;
    // Flushes what is pending, then closes; disconnected() then reaches connectionClosed().
    if (m_socket)
        m_socket->disconnectFromHost();
}

void HttpExchange::checkFlushed() {
    if (m_state == State::Flushing && m_socket && m_socket->bytesToWrite() == 0)
        finish(RecordedRequest::Ending::Answered);
}

void HttpExchange::connectionClosed() {
    if (m_state == State::Closing)
        finish(m_closingEnding);
    else if (m_state != State::Done)
        finish(RecordedRequest::Ending::Dropped);
}

void HttpExchange::finish(RecordedRequest::Ending outcome) {
    m_state = State::Done;
    m_ending = outcome;
    emit finished();
}
