// SPDX-License-Identifier: GPL-3.0-or-later
#include "FakeHttpServer.h"

#include "HttpConnection.h"
#include "HttpExchange.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpServer>
#include <QTcpSocket>

using namespace Qt::StringLiterals;

FakeHttpServer::FakeHttpServer(QObject *parent)
    : QObject(parent)
    , m_tcp(new QTcpServer(this)) {
    m_clock.start();
    // Room for a burst of clients connecting at once (the default backlog is 50).
    m_tcp->setListenBacklogSize(256);
    connect(m_tcp, &QTcpServer::newConnection, this, &FakeHttpServer::acceptConnections);
}

FakeHttpServer::~FakeHttpServer() {
    // Connections go first, while this object is still whole: deleting them aborts their sockets,
    // and nothing they do on the way out may reach a half-destroyed server.
    const QList<HttpConnection *> connections =
        findChildren<HttpConnection *>(Qt::FindDirectChildrenOnly);
    for (HttpConnection *connection : connections) {
        connection->disconnect();
        delete connection;
    }
}

bool FakeHttpServer::listen(const QHostAddress &address, quint16 port) {
    return m_tcp->listen(address, port);
}

bool FakeHttpServer::isListening() const {
    return m_tcp->isListening();
}

quint16 FakeHttpServer::port() const {
    return m_tcp->serverPort();
}

QUrl FakeHttpServer::baseUrl() const {
    QUrl url;
    url.setScheme(u"http"_s);
    url.setHost(m_tcp->serverAddress().toString());
    url.setPort(m_tcp->serverPort());
    return url;
}

void FakeHttpServer::addRoute(const QString &name, const QByteArray &method, const QString &pattern,
                              Handler handler) {
    m_routes.append({name, method, pattern.split(u'/'), std::move(handler)});
}

QStringList FakeHttpServer::routeNames() const {
    QStringList names;
    for (const Route &route : m_routes)
        names.append(route.name);
    return names;
}

void FakeHttpServer::setMaxBodySize(qint64 bytes) {
    m_maxBodySize = bytes;
}

qint64 FakeHttpServer::maxBodySize() const {
    return m_maxBodySize;
}

qint64 FakeHttpServer::elapsedMs() const {
    return m_clock.elapsed();
}

QList<RecordedRequest> FakeHttpServer::requests() const {
    return m_records;
}

QList<RecordedRequest> FakeHttpServer::requests(const QString &route) const {
    QList<RecordedRequest> matching;
    for (const RecordedRequest &record : m_records) {
        if (record.route == route)
            matching.append(record);
    }
    return matching;
}

void FakeHttpServer::clearRequests() {
    // Requests still in flight keep their sequence numbers; recordFor() skips the cleared ones.
    m_firstRecorded += m_records.size();
    m_records.clear();
}

int FakeHttpServer::connectionCount() const {
    return m_connectionCount;
}

int FakeHttpServer::openConnectionCount() const {
    return m_openConnections;
}

QByteArray FakeHttpServer::errorBody(int status, const QString &code,
                                     const QString &message) const {
    Q_UNUSED(status)
    const QJsonObject error{{u"code"_s, code}, {u"message"_s, message}};
    return QJsonDocument(QJsonObject{{u"error"_s, error}}).toJson(QJsonDocument::Compact);
}

void FakeHttpServer::acceptConnections() {
    while (QTcpSocket *socket = m_tcp->nextPendingConnection()) {
        // Each write goes out at once: streamed pieces must reach the client as separate
        // packets, not coalesced by Nagle's algorithm.
        socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        auto *connection = new HttpConnection(socket, this);
        ++m_connectionCount;
        ++m_openConnections;
        connect(connection, &QObject::destroyed, this, [this] { --m_openConnections; });
    }
}

HttpExchange *FakeHttpServer::receive(HttpConnection *connection, HttpRequest request,
                                      bool keepAlive, int rejectStatus, const QString &rejectCode,
                                      const QString &rejectMessage) {
    const Route *matched = nullptr;
    QByteArrayList allowed;
    if (rejectStatus == 0) {
        // Split before decoding: an encoded "/" belongs to its segment.
        QStringList segments;
        for (const QByteArray &segment : request.rawPath.split('/'))
            segments.append(QUrl::fromPercentEncoding(segment));
        for (const Route &route : std::as_const(m_routes)) {
            if (route.segments.size() != segments.size())
                continue;
            QHash<QString, QString> params;
            bool matches = true;
            for (qsizetype i = 0; matches && i < segments.size(); ++i) {
                const QString &part = route.segments[i];
                if (part.startsWith(u'{') && part.endsWith(u'}') && !segments[i].isEmpty())
                    params.insert(part.mid(1, part.size() - 2), segments[i]);
                else
                    matches = part == segments[i];
            }
            if (!matches)
                continue;
            if (route.method != request.method) {
                if (!allowed.contains(route.method))
                    allowed.append(route.method);
                continue;
            }
            matched = &route;
            request.route = route.name;
            request.pathParams = std::move(params);
            break;
        }
    }

    const quint64 sequence = m_nextSequence++;
    RecordedRequest record;
    static_cast<HttpRequest &>(record) = request;
    record.sequence = sequence;
    record.arrivedMs = elapsedMs();
    m_records.append(record);

    auto *exchange = new HttpExchange(std::move(request), sequence, keepAlive, connection->socket(),
                                      this, connection);
    connect(exchange, &HttpExchange::finished, this,
            [this, exchange] { recordCompletion(*exchange); });
    emit requestArrived(record);

    if (rejectStatus != 0) {
        exchange->respondError(rejectStatus, rejectCode, rejectMessage);
    } else if (matched) {
        // A copy: a handler may add routes, which would move the one being called.
        const Handler handler = matched->handler;
        handler(*exchange);
    } else if (!allowed.isEmpty()) {
        exchange->respondError(405, u"method_not_allowed"_s,
                               u"%1 is not allowed here"_s.arg(QString::fromLatin1(record.method)),
                               {{"Allow"_ba, allowed.join(", "_ba)}});
    } else {
        exchange->respondError(404, u"not_found"_s, u"no such path: %1"_s.arg(record.path));
    }
    return exchange;
}

void FakeHttpServer::recordCompletion(const HttpExchange &exchange) {
    RecordedRequest *record = recordFor(exchange.sequence());
    if (!record)
        return;
    record->completedMs = elapsedMs();
    record->status = exchange.status();
    record->ending = exchange.ending();
    emit requestCompleted(*record);
}

RecordedRequest *FakeHttpServer::recordFor(quint64 sequence) {
    if (sequence < m_firstRecorded || sequence - m_firstRecorded >= quint64(m_records.size()))
        return nullptr;
    return &m_records[qsizetype(sequence - m_firstRecorded)];
}
