// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// A minimal HTTP/1.1 server for tests on a raw QTcpServer: routes requests by method and path
// pattern to handlers that answer when they like, byte-exact or not at all, and records them all.

#include "HttpRequest.h"

#include <QElapsedTimer>
#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QStringList>
#include <QUrl>

#include <functional>

class HttpConnection;
class HttpExchange;
class QTcpServer;

class FakeHttpServer : public QObject {
    Q_OBJECT

public:
    // Called for each request whose route matched, on the server's thread. Answer through
    // `exchange` at once or later; it is deleted once answered or when its connection goes away,
    // so make it the context object of any timer that answers it (or hold it in a QPointer).
    using Handler = std::function<void(HttpExchange &exchange)>;

    explicit FakeHttpServer(QObject *parent = nullptr);
    ~FakeHttpServer() override;

    bool listen(const QHostAddress &address = QHostAddress(QHostAddress::LocalHost),
                quint16 port = 0);
    bool isListening() const;
    quint16 port() const;
    // "http://127.0.0.1:<port>" (the listening address), without a trailing slash.
    QUrl baseUrl() const;

    // `pattern` is a path whose "{name}" segments match any one segment, given to the handler in
    // HttpRequest::pathParams. A path no route matches gets 404; a path that matches only with
    // another method gets 405 with an Allow header.
    void addRoute(const QString &name, const QByteArray &method, const QString &pattern,
                  Handler handler);
    QStringList routeNames() const;

    // Bodies larger than this are refused with 413 before they are read (default 8 MiB).
    void setMaxBodySize(qint64 bytes);
    qint64 maxBodySize() const;

    // Milliseconds since the server was constructed: the clock of RecordedRequest's times.
    qint64 elapsedMs() const;
    // Every request so far, in order of arrival, including ones refused by the parser.
    QList<RecordedRequest> requests() const;
    QList<RecordedRequest> requests(const QString &route) const;
    // Forgets the requests so far (a long benchmark run keeps its memory flat this way);
    // sequence numbers go on counting.
    void clearRequests();
    // TCP connections accepted so far (keep-alive reuses one for several requests).
    int connectionCount() const;
    // TCP connections open now. A test that kills a client waits for this to reach zero, so
    // every request the client sent before it died has been read and recorded.
    int openConnectionCount() const;

    // The body of every error answer this server makes itself (404, 405, 413, parse errors):
    // {"error":{"code":…,"message":…}}. Override it for an API with another error format.
    virtual QByteArray errorBody(int status, const QString &code, const QString &message) const;

signals:
    void requestArrived(const RecordedRequest &request);
    void requestCompleted(const RecordedRequest &request);

private:
    friend class HttpConnection;

    struct Route {
        QString name;
        QByteArray method;
        QStringList segments;
        Handler handler;
    };

    void acceptConnections();
    // Called by HttpConnection for each complete request: records it, then routes it (or, with a
    // non-zero `rejectStatus`, answers that error and closes the connection).
    HttpExchange *receive(HttpConnection *connection, HttpRequest request, bool keepAlive,
                          int rejectStatus = 0, const QString &rejectCode = {},
                          const QString &rejectMessage = {});
    void recordCompletion(const HttpExchange &exchange);
    RecordedRequest *recordFor(quint64 sequence);

    QTcpServer *m_tcp = nullptr;
    QElapsedTimer m_clock;
    QList<Route> m_routes;
    QList<RecordedRequest> m_records;
    quint64 m_firstRecorded = 1; // the sequence number of m_records.first()
    quint64 m_nextSequence = 1;
    qint64 m_maxBodySize = 8 * 1024 * 1024;
    int m_connectionCount = 0;
    int m_openConnections = 0;
};
