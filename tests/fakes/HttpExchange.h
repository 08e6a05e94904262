// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// One request on FakeHttpServer and the ways to answer it, now or later: a whole response, a
// stream of chunks, a truncated body, raw bytes, a dropped connection, or nothing (a hang).

#include "HttpRequest.h"

#include <QObject>
#include <QPointer>

class FakeHttpServer;
class QJsonDocument;
class QTcpSocket;

class HttpExchange : public QObject {
    Q_OBJECT

public:
    enum class Framing {
        Chunked,        // Transfer-Encoding: chunked; endStream() writes the last chunk
        CloseDelimited, // no length at all; endStream() closes the connection
    };

    const HttpRequest &request() const { return m_request; }
    quint64 sequence() const { return m_sequence; }
    // True until a status line has been written or the connection has gone away.
    bool canAnswer() const { return m_state == State::Open; }
    // True once the answer is complete or the connection has gone away.
    bool isFinished() const { return m_state == State::Done; }
    int status() const { return m_status; }
    // Bytes handed to the socket that the kernel has not taken yet: a writer of a long body
    // waits for this to drop, so it goes only as fast as the client reads (see BodyPump).
    qint64 bytesToWrite() const;
    RecordedRequest::Ending ending() const { return m_ending; }

    // A complete response with Content-Length. `headers` must not contain Content-Length or
    // Transfer-Encoding; "Connection: close" is added when the client asked for it.
    void respond(int status, const QByteArray &body = {}, const HttpHeaders &headers = {});
    void respondJson(int status, const QJsonDocument &json, HttpHeaders headers = {});
    // The server's error body (FakeHttpServer::errorBody) as JSON.
    void respondError(int status, const QString &code, const QString &message,
                      HttpHeaders headers = {});
    // Content-Length announces all of `body`, only its first `bytesToSend` bytes are written,
    // then the connection closes.
    void respondTruncated(int status, const QByteArray &body, qsizetype bytesToSend,
                          const HttpHeaders &headers = {});

    // The status line and headers now, then writeChunk() as often and as late as needed, then
    // endStream(). abort() mid-stream drops the connection as a crashed server would.
    void beginStream(int status, const HttpHeaders &headers = {},
                     Framing framing = Framing::Chunked);
    void writeChunk(const QByteArray &data);
    void endStream();

    // Writes `bytes` exactly as given (status line and all), then closes the connection. May
    // follow beginStream() to finish a stream with malformed framing.
    void writeRawAndClose(const QByteArray &bytes);
    // Resets the connection without another byte. Allowed at any time before the answer is done.
    void abort();

signals:
    // The answer is complete (written and flushed, or closed) or the connection went away.
    void finished();

private:
    friend class FakeHttpServer;
    friend class HttpConnection;

    enum class State { Open, Streaming, Flushing, Closing, Done };

    HttpExchange(HttpRequest request, quint64 sequence, bool keepAlive, QTcpSocket *socket,
                 const FakeHttpServer *server, QObject *parent);

    QByteArray head(int status, const HttpHeaders &headers, const HttpHeaders &framing) const;
    bool begin(const char *what);
    void write(const QByteArray &bytes);
    void closeAfterWriting(RecordedRequest::Ending outcome);
    void checkFlushed();
    void connectionClosed();
    void finish(RecordedRequest::Ending outcome);

    HttpRequest m_request;
    quint64 m_sequence;
    bool m_keepAlive;
    QPointer<QTcpSocket> m_socket;
    const FakeHttpServer *m_server;
    State m_state = State::Open;
    Framing m_framing = Framing::Chunked;
    RecordedRequest::Ending m_ending = RecordedRequest::Ending::Pending;
    RecordedRequest::Ending m_closingEnding = RecordedRequest::Ending::Closed;
    int m_status = 0;
};
