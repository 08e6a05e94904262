// SPDX-License-Identifier: GPL-3.0-or-later
#include "HttpConnection.h"

#include "FakeHttpServer.h"
#include "HttpExchange.h"

#include <QTcpSocket>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace {

// Generous for a test server, and it keeps a client that never ends its head from growing the
// buffer without bound.
constexpr qsizetype maxHeadSize = 64 * 1024;

QList<QByteArray> commaSeparatedTokens(const QByteArray &value) {
    QList<QByteArray> tokens;
    for (const QByteArray &token : value.split(','))
        tokens.append(token.trimmed().toLower());
    return tokens;
}

} // namespace

HttpConnection::HttpConnection(QTcpSocket *socket, FakeHttpServer *server)
    : QObject(server)
    , m_socket(socket)
    , m_server(server) {
    m_socket->setParent(this);
    connect(m_socket, &QTcpSocket::readyRead, this, &HttpConnection::readSocket);
    connect(m_socket, &QTcpSocket::disconnected, this, &HttpConnection::onDisconnected);
    // Bytes may have arrived before the connections above were made.
    if (m_socket->bytesAvailable() > 0)
        QMetaObject::invokeMethod(this, &HttpConnection::readSocket, Qt::QueuedConnection);
}

void HttpConnection::readSocket() {
    QByteArray bytes = m_socket->readAll();
    if (m_discard > 0) {
        const qint64 dropped = qMin<qint64>(m_discard, bytes.size());
        m_discard -= dropped;
        bytes.remove(0, dropped);
        if (m_discard == 0 && !m_current)
            m_socket->disconnectFromHost();
        return;
    }
    m_buffer += bytes;
    processBuffer();
}

void HttpConnection::processBuffer() {
    // One request at a time: a pipelined next request waits in the buffer until the current one
    // has been answered, so answers go out in order.
    while (!m_current && m_socket->state() == QAbstractSocket::ConnectedState) {
        if (!m_head && !takeHead())
            return;
        if (m_buffer.size() < m_head->contentLength) {
            if (m_head->expectsContinue) {
                m_head->expectsContinue = false;
                m_socket->write("HTTP/1.1 100 Continue\r\n\r\n"_ba);
            }
            return;
        }
        Head head = std::move(*m_head);
        m_head.reset();
        head.request.body = m_buffer.left(head.contentLength);
        m_buffer.remove(0, head.contentLength);
        m_current = m_server->receive(this, std::move(head.request), head.keepAlive);
        connect(m_current, &HttpExchange::finished, this, &HttpConnection::onExchangeFinished);
    }
}

bool HttpConnection::takeHead() {
    // Empty lines before a request line are allowed (RFC 9112 §2.2).
    while (m_buffer.startsWith("\r\n") || m_buffer.startsWith('\n'))
        m_buffer.remove(0, m_buffer.startsWith('\n') ? 1 : 2);

    // Bare LF line ends are accepted too: handy when typing requests into nc by hand.
    qsizetype end = m_buffer.indexOf("\r\n\r\n");
    qsizetype separator = 4;
    const qsizetype bareEnd = m_buffer.indexOf("\n\n");
    if (bareEnd >= 0 && (end < 0 || bareEnd < end)) {
        end = bareEnd;
        separator = 2;
    }
    if (end < 0) {
        if (m_buffer.size() > maxHeadSize)
            reject({}, 431, u"header_too_large"_s, u"the request head exceeds 64 KiB"_s);
        return false;
    }
    if (end > maxHeadSize) {
        reject({}, 431, u"header_too_large"_s, u"the request head exceeds 64 KiB"_s);
        return false;
    }
    const QByteArray headBytes = m_buffer.left(end);
    m_buffer.remove(0, end + separator);

    QList<QByteArray> lines = headBytes.split('\n');
    for (QByteArray &line : lines) {
        if (line.endsWith('\r'))
            line.chop(1);
    }

    Head head;
    const QList<QByteArray> requestLine = lines.takeFirst().split(' ');
    if (requestLine.size() != 3 || requestLine[0].isEmpty() || requestLine[1].isEmpty()) {
        reject({}, 400, u"bad_request"_s, u"malformed request line"_s);
        return false;
    }
    head.request.method = requestLine[0];
    const QByteArray &target = requestLine[1];
    const QByteArray &version = requestLine[2];
    if (version != "HTTP/1.1" && version != "HTTP/1.0") {
        reject(head.request, 505, u"http_version_not_supported"_s,
               u"only HTTP/1.1 and HTTP/1.0 are spoken here"_s);
        return false;
    }

    for (const QByteArray &line : std::as_const(lines)) {
        const qsizetype colon = line.indexOf(':');
        // No obsolete line folding, no whitespace before the colon (RFC 9112 §5).
        if (colon <= 0 || line.front() == ' ' || line.front() == '\t'
            || line.at(colon - 1) == ' ') {
            reject(head.request, 400, u"bad_request"_s, u"malformed header line"_s);
            return false;
        }
        head.request.headers.append({line.left(colon), line.mid(colon + 1).trimmed()});
    }

    // Origin form ("/path?query") as every client sends it, absolute form for proxies' sake.
    QByteArray pathAndQuery = target;
    if (target.startsWith("http://") || target.startsWith("https://")) {
        const QUrl url = QUrl::fromEncoded(target);
        pathAndQuery = url.path(QUrl::FullyEncoded).toLatin1();
        if (url.hasQuery())
            pathAndQuery += '?' + url.query(QUrl::FullyEncoded).toLatin1();
    }
    if (!pathAndQuery.startsWith('/')) {
        reject(head.request, 400, u"bad_request"_s, u"the request target is not a path"_s);
        return false;
    }
    const qsizetype question = pathAndQuery.indexOf('?');
    head.request.rawPath = question < 0 ? pathAndQuery : pathAndQuery.left(question);
    head.request.path = QUrl::fromPercentEncoding(head.request.rawPath);
    if (question >= 0)
        head.request.query.setQuery(QString::fromLatin1(pathAndQuery.mid(question + 1)));

    qint64 contentLength = 0;
    bool lengthSeen = false;
    for (const auto &[name, value] : std::as_const(head.request.headers)) {
        if (name.compare("transfer-encoding", Qt::CaseInsensitive) == 0) {
            reject(head.request, 501, u"not_implemented"_s,
                   u"request bodies must be sent with Content-Length"_s);
            return false;
        }
        if (name.compare("content-length", Qt::CaseInsensitive) != 0)
            continue;
        bool ok = false;
        const qint64 length = value.toLongLong(&ok);
        if (!ok || length < 0 || (lengthSeen && length != contentLength)) {
            reject(head.request, 400, u"bad_request"_s, u"invalid Content-Length"_s);
            return false;
        }
        contentLength = length;
        lengthSeen = true;
    }
    if (contentLength > m_server->maxBodySize()) {
        reject(head.request, 413, u"payload_too_large"_s,
               u"the request body exceeds %1 bytes"_s.arg(m_server->maxBodySize()), contentLength);
        return false;
    }

    const QList<QByteArray> connection = commaSeparatedTokens(head.request.header("connection"));
    head.keepAlive =
        version == "HTTP/1.1" ? !connection.contains("close") : connection.contains("keep-alive");
    head.expectsContinue =
        head.request.header("expect").compare("100-continue", Qt::CaseInsensitive) == 0;
    head.contentLength = contentLength;
    m_head = std::move(head);
    return true;
}

void HttpConnection::reject(HttpRequest request, int status, const QString &code,
                            const QString &message, qint64 unreadBody) {
    // The rest of the buffer cannot be trusted to start at a request boundary: the connection
    // closes after this answer. A refused body is still read (and dropped) before closing:
    // closing with unread bytes makes the kernel send a reset, which can destroy the answer
    // before the client has read it.
    m_discard = qMax<qint64>(0, unreadBody - m_buffer.size());
    m_buffer.clear();
    m_current = m_server->receive(this, std::move(request), false, status, code, message);
    connect(m_current, &HttpExchange::finished, this, &HttpConnection::onExchangeFinished);
}

void HttpConnection::onExchangeFinished() {
    HttpExchange *done = m_current;
    m_current = nullptr;
    const bool reusable = done->m_keepAlive && done->ending() == RecordedRequest::Ending::Answered
                          && m_socket->state() == QAbstractSocket::ConnectedState;
    done->deleteLater();
    if (reusable) {
        // Queued: the next request's handler must not run inside the previous one's signal.
        QMetaObject::invokeMethod(this, &HttpConnection::processBuffer, Qt::QueuedConnection);
    } else if (m_socket->state() == QAbstractSocket::ConnectedState && m_discard == 0) {
        m_socket->disconnectFromHost();
    }
}

void HttpConnection::onDisconnected() {
    if (m_current)
        m_current->connectionClosed();
    deleteLater();
}
