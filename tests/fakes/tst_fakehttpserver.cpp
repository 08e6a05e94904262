// SPDX-License-Identifier: GPL-3.0-or-later
// FakeHttpServer: the HTTP/1.1 base of the fakes. Parsing (keep-alive, pipelining, limits and
// malformed input, byte by byte from raw sockets), routing, answering later, streaming, raw
// and dropped answers, and what is recorded, as QNetworkAccessManager and raw clients see it.

#include "FakeHttpServer.h"
#include "HttpExchange.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPointer>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

using namespace Qt::StringLiterals;

using Ending = RecordedRequest::Ending;

namespace {

// A hang guard, not a speed claim: QTRY_* returns as soon as its condition holds.
constexpr int waitMs = 10000;

// An API whose errors look different, to show that the server's own errors follow it.
class PlainTextErrorServer : public FakeHttpServer {
public:
    QByteArray errorBody(int status, const QString &code, const QString &) const override {
        return QByteArray::number(status) + ' ' + code.toUtf8();
    }
};

} // namespace

class TestFakeHttpServer : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<FakeHttpServer> m_server;
    std::unique_ptr<QNetworkAccessManager> m_network;

    QNetworkReply *get(const QString &path) {
        QNetworkRequest request(QUrl(m_server->baseUrl().toString() + path));
        request.setTransferTimeout(waitMs);
        return m_network->get(request);
    }

    static void waitFor(QNetworkReply *reply) {
        if (!reply->isFinished()) {
            QSignalSpy finished(reply, &QNetworkReply::finished);
            finished.wait(waitMs);
        }
    }

    // Sends `bytes` on a new connection and returns everything the server writes until it
    // closes the connection (or `waitMs` passes).
    QByteArray sendRaw(const QByteArray &bytes) {
        QTcpSocket socket;
        QByteArray received;
        connect(&socket, &QTcpSocket::readyRead, this, [&] { received += socket.readAll(); });
        QSignalSpy closed(&socket, &QTcpSocket::disconnected);
        socket.connectToHost(QHostAddress(QHostAddress::LocalHost), m_server->port());
        socket.write(bytes);
        closed.wait(waitMs);
        return received + socket.readAll();
    }

    void addEcho() {
        m_server->addRoute(u"echo"_s, "POST"_ba, u"/echo"_s, [](HttpExchange &exchange) {
            exchange.respond(200, exchange.request().body, {{"Content-Type"_ba, "text/plain"_ba}});
        });
    }

private slots:
    void init() {
        m_server = std::make_unique<FakeHttpServer>();
        m_server->addRoute(u"hello"_s, "GET"_ba, u"/hello"_s,
                           [](HttpExchange &exchange) { exchange.respond(200, "hello"_ba); });
        QVERIFY(m_server->listen());
        m_network = std::make_unique<QNetworkAccessManager>();
    }

    void cleanup() {
        m_network.reset();
        m_server.reset();
    }

    // --- Routing ------------------------------------------------------------------------------

    void routesByMethodAndPattern() {
        m_server->addRoute(
            u"item.get"_s, "GET"_ba, u"/items/{id}/parts/{part}"_s, [](HttpExchange &exchange) {
                const auto &params = exchange.request().pathParams;
                exchange.respond(200,
                                 (params.value(u"id"_s) + u'|' + params.value(u"part"_s)).toUtf8());
            });
        m_server->addRoute(u"item.put"_s, "PUT"_ba, u"/items/{id}/parts/{part}"_s,
                           [](HttpExchange &exchange) { exchange.respond(204); });

        QNetworkReply *reply = get(u"/items/a%2Fb%20c/parts/7"_s);
        waitFor(reply);
        QCOMPARE(reply->readAll(), "a/b c|7"_ba);
        const RecordedRequest record = m_server->requests().last();
        QCOMPARE(record.route, u"item.get"_s);
        QCOMPARE(record.rawPath, "/items/a%2Fb%20c/parts/7"_ba);
        QCOMPARE(record.path, u"/items/a/b c/parts/7"_s);
        reply->deleteLater();

        const QByteArray wrongMethod =
            sendRaw("DELETE /items/1/parts/2 HTTP/1.1\r\nConnection: close\r\n\r\n"_ba);
        QVERIFY(wrongMethod.startsWith("HTTP/1.1 405 Method Not Allowed\r\n"));
        QVERIFY(wrongMethod.contains("\r\nAllow: GET, PUT\r\n"));
        QVERIFY(sendRaw("GET /items/1 HTTP/1.1\r\nConnection: close\r\n\r\n"_ba)
                    .startsWith("HTTP/1.1 404 Not Found\r\n"));
        QCOMPARE(m_server->routeNames(), (QStringList{u"hello"_s, u"item.get"_s, u"item.put"_s}));
    }

    void theServersOwnErrorsUseErrorBody() {
        QNetworkReply *reply = get(u"/nothing"_s);
        waitFor(reply);
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 404);
        const QJsonObject error =
            QJsonDocument::fromJson(reply->readAll()).object().value(u"error"_s).toObject();
        QCOMPARE(error.value(u"code"_s).toString(), u"not_found"_s);
        QVERIFY(error.value(u"message"_s).toString().contains(u"/nothing"_s));
        reply->deleteLater();

        m_server = std::make_unique<PlainTextErrorServer>();
        QVERIFY(m_server->listen());
        const QByteArray raw = sendRaw("GET /x HTTP/1.1\r\nConnection: close\r\n\r\n"_ba);
        QVERIFY(raw.endsWith("\r\n\r\n404 not_found"));
    }

    // --- Answering ----------------------------------------------------------------------------

    void answersLaterFromATimer() {
        m_server->addRoute(u"later"_s, "GET"_ba, u"/later"_s, [](HttpExchange &exchange) {
            QTimer::singleShot(80, &exchange, [&exchange] { exchange.respond(200, "late"_ba); });
        });
        QNetworkReply *reply = get(u"/later"_s);
        QTRY_COMPARE_WITH_TIMEOUT(m_server->requests().size(), 1, waitMs);
        QCOMPARE(m_server->requests().first().ending, Ending::Pending);
        waitFor(reply);
        QCOMPARE(reply->readAll(), "late"_ba);
        reply->deleteLater();
        const RecordedRequest record = m_server->requests().first();
        QCOMPARE(record.status, 200);
        QCOMPARE(record.ending, Ending::Answered);
        QVERIFY(record.completedMs - record.arrivedMs >= 80);
    }

    void streamsChunksOverTime() {
        const QByteArrayList pieces{"data: {\"n\":1}\n\n"_ba, "data: {\"n\""_ba, ":2}\n\n"_ba,
                                    "data: [DONE]\n\n"_ba};
        m_server->addRoute(u"stream"_s, "GET"_ba, u"/stream"_s, [pieces](HttpExchange &exchange) {
            exchange.beginStream(200, {{"Content-Type"_ba, "text/event-stream"_ba}});
            for (qsizetype i = 0; i < pieces.size(); ++i) {
                QTimer::singleShot(int(40 * (i + 1)), &exchange, [&exchange, pieces, i] {
                    exchange.writeChunk(pieces[i]);
                    if (i == pieces.size() - 1)
                        exchange.endStream();
                });
            }
        });
        QNetworkReply *reply = get(u"/stream"_s);
        QByteArrayList received;
        connect(reply, &QNetworkReply::readyRead, this, [&] { received.append(reply->readAll()); });
        waitFor(reply);
        QCOMPARE(reply->error(), QNetworkReply::NoError);
        QCOMPARE(reply->rawHeader("Transfer-Encoding"_ba), "chunked"_ba);
        QCOMPARE(received.join(), pieces.join());
        // The pieces arrived as they were written, not all at the end.
        QVERIFY2(received.size() >= 3, qPrintable(QString::number(received.size())));
        reply->deleteLater();

        const RecordedRequest record = m_server->requests().first();
        QCOMPARE(record.ending, Ending::Answered);
        QVERIFY(record.completedMs - record.arrivedMs >= 160);
    }

    void streamsUntilClose() {
        m_server->addRoute(u"stream"_s, "GET"_ba, u"/stream"_s, [](HttpExchange &exchange) {
            exchange.beginStream(200, {}, HttpExchange::Framing::CloseDelimited);
            exchange.writeChunk("one "_ba);
            QTimer::singleShot(30, &exchange, [&exchange] {
                exchange.writeChunk("two"_ba);
                exchange.endStream();
            });
        });
        QNetworkReply *reply = get(u"/stream"_s);
        waitFor(reply);
        QCOMPARE(reply->error(), QNetworkReply::NoError);
        QCOMPARE(reply->readAll(), "one two"_ba);
        reply->deleteLater();
        QTRY_COMPARE_WITH_TIMEOUT(m_server->requests().first().ending, Ending::Answered, waitMs);
    }

    void abortMidStreamDropsTheConnection() {
        m_server->addRoute(u"stream"_s, "GET"_ba, u"/stream"_s, [](HttpExchange &exchange) {
            exchange.beginStream(200);
            exchange.writeChunk("partial"_ba);
            QTimer::singleShot(30, &exchange, [&exchange] { exchange.abort(); });
        });
        QNetworkReply *reply = get(u"/stream"_s);
        waitFor(reply);
        // Qt 6.4.2 quirk: QNetworkAccessManager usually reports RemoteHostClosedError here, but
        // about one run in fifteen NoError, so a client must tell a broken stream by its
        // content (no end marker), never by error() alone.
        QVERIFY(reply->isFinished());
        QCOMPARE(reply->readAll(), "partial"_ba);
        reply->deleteLater();
        const RecordedRequest record = m_server->requests().first();
        QCOMPARE(record.status, 200); // the status line went out before the drop
        QCOMPARE(record.ending, Ending::Dropped);
    }

    void rawBytesThenClose() {
        m_server->addRoute(u"raw"_s, "GET"_ba, u"/raw"_s, [](HttpExchange &exchange) {
            exchange.writeRawAndClose(
                "HTTP/1.1 418 I'm a teapot\r\nContent-Length: 5\r\n\r\nshort"_ba);
        });
        QNetworkReply *reply = get(u"/raw"_s);
        waitFor(reply);
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 418);
        QCOMPARE(reply->readAll(), "short"_ba);
        reply->deleteLater();
        QTRY_COMPARE_WITH_TIMEOUT(m_server->requests().first().ending, Ending::Closed, waitMs);
        QCOMPARE(m_server->requests().first().status, 418);
    }

    void truncatedBodyAnnouncesMoreThanItSends() {
        m_server->addRoute(u"cut"_s, "GET"_ba, u"/cut"_s, [](HttpExchange &exchange) {
            exchange.respondTruncated(200, "0123456789"_ba, 4);
        });
        const QByteArray raw = sendRaw("GET /cut HTTP/1.1\r\n\r\n"_ba);
        QVERIFY(raw.startsWith("HTTP/1.1 200 OK\r\n"));
        QVERIFY(raw.contains("\r\nContent-Length: 10\r\n"));
        QVERIFY(raw.endsWith("\r\n\r\n0123"));
        QCOMPARE(m_server->requests().first().ending, Ending::Closed);
    }

    void answeringTwiceIsReported() {
        m_server->addRoute(u"twice"_s, "GET"_ba, u"/twice"_s, [](HttpExchange &exchange) {
            exchange.respond(200, "first"_ba);
            exchange.respond(500, "second"_ba);
        });
        QTest::ignoreMessage(QtWarningMsg,
                             "HttpExchange::respond: this request has already been answered");
        QNetworkReply *reply = get(u"/twice"_s);
        waitFor(reply);
        QCOMPARE(reply->readAll(), "first"_ba);
        reply->deleteLater();
    }

    void aClientLeavingEndsTheExchange() {
        QPointer<HttpExchange> held;
        m_server->addRoute(u"hang"_s, "GET"_ba, u"/hang"_s,
                           [&held](HttpExchange &exchange) { held = &exchange; });
        QNetworkReply *reply = get(u"/hang"_s);
        QTRY_VERIFY_WITH_TIMEOUT(held, waitMs);
        QVERIFY(held->canAnswer());
        reply->abort();
        reply->deleteLater();
        QTRY_VERIFY_WITH_TIMEOUT(held.isNull(), waitMs);
        const RecordedRequest record = m_server->requests().first();
        QCOMPARE(record.ending, Ending::Dropped);
        QCOMPARE(record.status, 0);
        QVERIFY(record.completedMs >= record.arrivedMs);
    }

    void destroyingTheServerWithOpenConnectionsIsSafe() {
        m_server->addRoute(u"hang"_s, "GET"_ba, u"/hang"_s, [](HttpExchange &) {});
        QNetworkReply *hanging = get(u"/hang"_s);
        QNetworkReply *idle = get(u"/hello"_s);
        waitFor(idle);
        QTRY_COMPARE_WITH_TIMEOUT(m_server->requests().size(), 2, waitMs);
        m_server.reset();
        waitFor(hanging);
        QVERIFY(hanging->error() != QNetworkReply::NoError);
        hanging->deleteLater();
        idle->deleteLater();
    }

    // --- Connections and parsing --------------------------------------------------------------

    void keepAliveServesRequestsInOrder() {
        addEcho();
        // Three pipelined requests in one write; the last asks to close.
        const QByteArray raw = sendRaw("POST /echo HTTP/1.1\r\nContent-Length: 3\r\n\r\nonePOST "
                                       "/echo HTTP/1.1\r\ncontent-length: 3\r\n\r\ntwo"
                                       "GET /hello HTTP/1.1\r\nConnection: close\r\n\r\n"_ba);
        const qsizetype one = raw.indexOf("\r\n\r\none");
        const qsizetype two = raw.indexOf("\r\n\r\ntwo");
        const qsizetype hello = raw.indexOf("\r\n\r\nhello");
        QVERIFY(one > 0 && two > one && hello > two);
        QCOMPARE(raw.count("HTTP/1.1 200 OK\r\n"), 3);
        QVERIFY(raw.contains("\r\nConnection: close\r\n"));
        QCOMPARE(m_server->connectionCount(), 1);
        QCOMPARE(m_server->requests().size(), 3);
        QCOMPARE(m_server->requests()[1].body, "two"_ba);
    }

    void aBodyMayArriveInPieces() {
        addEcho();
        QTcpSocket socket;
        QByteArray received;
        connect(&socket, &QTcpSocket::readyRead, this, [&] { received += socket.readAll(); });
        socket.connectToHost(QHostAddress(QHostAddress::LocalHost), m_server->port());
        socket.write("POST /echo HTTP/1.1\r\nConte"_ba);
        QTest::qWait(30);
        socket.write("nt-Length: 10\r\n\r\n01234"_ba);
        QTest::qWait(30);
        QVERIFY(received.isEmpty());
        QCOMPARE(m_server->requests().size(), 0);
        socket.write("56789"_ba);
        QTRY_VERIFY_WITH_TIMEOUT(received.endsWith("0123456789"), waitMs);
        QCOMPARE(m_server->requests().first().body, "0123456789"_ba);
    }

    void expectContinueIsHonoured() {
        addEcho();
        QTcpSocket socket;
        QByteArray received;
        connect(&socket, &QTcpSocket::readyRead, this, [&] { received += socket.readAll(); });
        socket.connectToHost(QHostAddress(QHostAddress::LocalHost), m_server->port());
        socket.write("POST /echo HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n"_ba);
        QTRY_COMPARE_WITH_TIMEOUT(received, "HTTP/1.1 100 Continue\r\n\r\n"_ba, waitMs);
        socket.write("body"_ba);
        QTRY_VERIFY_WITH_TIMEOUT(received.endsWith("\r\n\r\nbody"), waitMs);
    }

    void http10ClosesUnlessKeptAlive() {
        const QByteArray closed = sendRaw("GET /hello HTTP/1.0\r\n\r\n"_ba);
        QVERIFY(closed.startsWith("HTTP/1.1 200 OK\r\n"));
        QVERIFY(closed.contains("\r\nConnection: close\r\n"));
        QVERIFY(closed.endsWith("hello"));
    }

    void bareLineFeedsAreAccepted() {
        QVERIFY(sendRaw("GET /hello HTTP/1.1\nConnection: close\n\n"_ba).endsWith("\r\n\r\nhello"));
    }

    void malformedRequestsAreRefusedAndClosed_data() {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<QByteArray>("statusLine");
        QTest::newRow("request line") << "HELLO\r\n\r\n"_ba
                                      << "HTTP/1.1 400 Bad Request"_ba;
        QTest::newRow("no colon") << "GET /hello HTTP/1.1\r\nBroken header\r\n\r\n"_ba
                                  << "HTTP/1.1 400 Bad Request"_ba;
        QTest::newRow("space before colon") << "GET /hello HTTP/1.1\r\nHost : x\r\n\r\n"_ba
                                            << "HTTP/1.1 400 Bad Request"_ba;
        QTest::newRow("folded header") << "GET /hello HTTP/1.1\r\nA: b\r\n c\r\n\r\n"_ba
                                       << "HTTP/1.1 400 Bad Request"_ba;
        QTest::newRow("not a path") << "GET hello HTTP/1.1\r\n\r\n"_ba
                                    << "HTTP/1.1 400 Bad Request"_ba;
        QTest::newRow("bad length") << "POST /echo HTTP/1.1\r\nContent-Length: -3\r\n\r\n"_ba
                                    << "HTTP/1.1 400 Bad Request"_ba;
        QTest::newRow("two lengths")
            << "POST /echo HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n"_ba
            << "HTTP/1.1 400 Bad Request"_ba;
        QTest::newRow("HTTP/2 preface") << "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"_ba
                                        << "HTTP/1.1 505 HTTP Version Not Supported"_ba;
        QTest::newRow("chunked body")
            << "POST /echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"_ba
            << "HTTP/1.1 501 Not Implemented"_ba;
    }

    void malformedRequestsAreRefusedAndClosed() {
        QFETCH(QByteArray, request);
        QFETCH(QByteArray, statusLine);
        const QByteArray raw = sendRaw(request);
        QVERIFY2(raw.startsWith(QByteArray(statusLine + "\r\n")), raw.constData());
        QVERIFY(raw.contains("\r\nConnection: close\r\n"));
        QCOMPARE(m_server->requests().size(), 1);
        QCOMPARE(m_server->requests().first().status, statusLine.mid(9, 3).toInt());
    }

    void oversizedBodiesAre413() {
        addEcho();
        m_server->setMaxBodySize(1024);
        QCOMPARE(m_server->maxBodySize(), 1024);
        QNetworkRequest request(QUrl(m_server->baseUrl().toString() + u"/echo"_s));
        request.setHeader(QNetworkRequest::ContentTypeHeader, u"text/plain"_s);
        QNetworkReply *small = m_network->post(request, QByteArray(1024, 'x'));
        waitFor(small);
        QCOMPARE(small->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        small->deleteLater();

        QNetworkReply *large = m_network->post(request, QByteArray(64 * 1024, 'x'));
        waitFor(large);
        QCOMPARE(large->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 413);
        QCOMPARE(QJsonDocument::fromJson(large->readAll())
                     .object()
                     .value(u"error"_s)
                     .toObject()
                     .value(u"code"_s)
                     .toString(),
                 u"payload_too_large"_s);
        large->deleteLater();
        QCOMPARE(m_server->requests().last().status, 413);
        QVERIFY(m_server->requests().last().body.isEmpty());
    }

    void oversizedHeadsAre431() {
        const QByteArray raw = sendRaw("GET /hello HTTP/1.1\r\nX-Big: "_ba
                                       + QByteArray(70 * 1024, 'a') + "\r\n\r\n"_ba);
        QVERIFY2(raw.startsWith("HTTP/1.1 431 "), raw.left(40).constData());
    }

    void recordsHeadersAndSignals() {
        QSignalSpy arrived(m_server.get(), &FakeHttpServer::requestArrived);
        QSignalSpy completed(m_server.get(), &FakeHttpServer::requestCompleted);
        QNetworkRequest request(QUrl(m_server->baseUrl().toString() + u"/hello?a=1&b=x%20y"_s));
        request.setRawHeader("X-Custom"_ba, "Value"_ba);
        QNetworkReply *reply = m_network->get(request);
        waitFor(reply);
        reply->deleteLater();
        QCOMPARE(arrived.size(), 1);
        QCOMPARE(completed.size(), 1);
        const RecordedRequest record = completed.first().first().value<RecordedRequest>();
        QCOMPARE(record.method, "GET"_ba);
        QCOMPARE(record.path, u"/hello"_s);
        QCOMPARE(record.query.queryItemValue(u"b"_s, QUrl::FullyDecoded), u"x y"_s);
        QCOMPARE(record.header("x-custom"), "Value"_ba);
        QCOMPARE(record.header("X-CUSTOM"), "Value"_ba);
        QVERIFY(record.header("x-missing").isNull());
        QCOMPARE(record.route, u"hello"_s);
        QCOMPARE(record.ending, Ending::Answered);
        QCOMPARE(m_server->requests(u"hello"_s).size(), 1);
        QVERIFY(m_server->requests(u"other"_s).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestFakeHttpServer)
#include "tst_fakehttpserver.moc"
