// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// One accepted TCP connection of FakeHttpServer: reads HTTP/1.1 requests off the socket one after
// another (keep-alive) and hands each complete one to the server, the next only once the
// previous one has been answered.

#include "HttpRequest.h"

#include <QByteArray>
#include <QObject>

#include <optional>

class FakeHttpServer;
class HttpExchange;
class QTcpSocket;

class HttpConnection : public QObject {
    Q_OBJECT

public:
    // Takes ownership of `socket`; the connection deletes itself when the socket disconnects.
    HttpConnection(QTcpSocket *socket, FakeHttpServer *server);

    QTcpSocket *socket() const { return m_socket; }

private:
    // A request whose head has been read and whose body may still be arriving.
    struct Head {
        HttpRequest request;
        qint64 contentLength = 0;
        bool keepAlive = true;
        bool expectsContinue = false;
    };

    void readSocket();
    void processBuffer();
    // Takes a complete head off the buffer into m_head. False when the head is incomplete or
    // when the request was refused (then m_current holds the refusal).
    bool takeHead();
    void reject(HttpRequest request, int status, const QString &code, const QString &message,
                qint64 unreadBody = 0);
    void onExchangeFinished();
    void onDisconnected();

    QTcpSocket *m_socket;
    FakeHttpServer *m_server;
    QByteArray m_buffer;
    std::optional<Head> m_head;
    HttpExchange *m_current = nullptr;
    // Body bytes of a refused request still to be read and thrown away before closing.
    qint64 m_discard = 0;
};
