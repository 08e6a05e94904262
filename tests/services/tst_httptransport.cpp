// SPDX-License-Identifier: GPL-3.0-or-later
// HttpTransport against a real HTTP server on loopback: what a request carries, how every kind of
// failure becomes one OutreachError (status, server message, request id, Retry-After, transient or
// not), the limits (body size, deadline, silence), retries and when a stream is never retried,
// cancelling, and refusing plain HTTP off this computer.
#include "FakeHttpServer.h"
#include "HttpExchange.h"
#include "net/HttpTransport.h"
#include "support/AwaitTask.h"
#include "support/TestRetryPolicies.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>
#include <QTimer>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace {

OutgoingRequest get(const QUrl &url) {
    OutgoingRequest request;
    request.url = url;
    return request;
}

// The error of a failed result, for a QVERIFY2 message (evaluated whether or not it fails).
QString failure(const Result<IncomingResponse> &result) {
    return result.ok() ? QString() : result.error().toString();
}

// A port nothing listens on: bound, then closed again.
QUrl refusedUrl() {
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    const quint16 port = probe.serverPort();
    probe.close();
    return QUrl(u"http://127.0.0.1:%1/x"_s.arg(port));
}

} // namespace

class TestHttpTransport : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<FakeHttpServer> m_server;
    std::unique_ptr<HttpTransport> m_transport;

    QUrl url(const QString &path) const { return QUrl(m_server->baseUrl().toString() + path); }

    // The route "path" answers the n-th request (0-based) with answers.at(n), the last one again
    // after that.
    void answerInTurn(const QString &path, QList<std::function<void(HttpExchange &)>> answers) {
        auto served = std::make_shared<int>(0);
        m_server->addRoute(path, "GET", path,
                           [answers = std::move(answers), served](HttpExchange &exchange) {
                               const int index = std::min(*served, int(answers.size()) - 1);
                               ++*served;
                               answers.at(index)(exchange);
                           });
    }

private slots:
    void init() {
        m_server = std::make_unique<FakeHttpServer>();
        QVERIFY(m_server->listen());
        m_transport = std::make_unique<HttpTransport>(u"the CRM"_s);
        m_transport->setRetryPolicy(TestRetryPolicies::quick());
    }

    void cleanup() {
        m_transport.reset();
        m_server.reset();
    }

    void aSuccessfulAnswerCarriesStatusBodyAndHeaders() {
        m_server->addRoute(u"items"_s, "POST", u"/items"_s, [](HttpExchange &exchange) {
            exchange.respond(201, exchange.request().body.toUpper(),
                             {{"Content-Type", "text/plain"}, {"X-Request-Id", "req-7"}});
        });
        OutgoingRequest request;
        request.method = "POST";
        request.url = url(u"/items"_s);
        request.headers = {{"Authorization", "Bearer secret-token"}, {"X-Custom", "yes"}};
        request.body = "hello";
        const Result<IncomingResponse> response = awaitTask(m_transport->send(request));
        QVERIFY2(response.ok(), qPrintable(failure(response)));
        QCOMPARE(response.value().status, 201);
        QCOMPARE(response.value().body, QByteArray("HELLO"));
        QCOMPARE(response.value().header("x-request-id"), QByteArray("req-7"));
        QVERIFY(response.value().header("missing").isEmpty());

        const RecordedRequest sent = m_server->requests().constLast();
        QCOMPARE(sent.method, QByteArray("POST"));
        QCOMPARE(sent.body, QByteArray("hello"));
        QCOMPARE(sent.header("authorization"), QByteArray("Bearer secret-token"));
        QCOMPARE(sent.header("x-custom"), QByteArray("yes"));
        QVERIFY(sent.header("user-agent").startsWith("OutreachGPT/"));
    }

    void errorStatusesBecomeErrorsWithTheServersMessage_data() {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("code");
        QTest::addColumn<bool>("transient");
        QTest::addColumn<QString>("serverCode");
        QTest::addColumn<QString>("messagePart");
        using Code = OutreachError::Code;
        QTest::newRow("401 nested")
            << 401
            << QByteArray(R"({"error":{"code":"unauthorized",)"
                          R"("message":"Token expired"}})")
            << int(Code::Auth) << false << u"unauthorized"_s << u"the CRM answered 401"_s;
        QTest::newRow("403") << 403 << QByteArray(R"({"error":"Forbidden here"})")
                             << int(Code::Auth) << false << QString() << u"Forbidden here"_s;
        QTest::newRow("404") << 404 << QByteArray(R"({"error":{"message":"No such ticket"}})")
                             << int(Code::ApiError) << false << QString() << u"No such ticket"_s;
        QTest::newRow("429") << 429
                             << QByteArray(R"({"error":{"code":"rate_limit_exceeded",)"
                                           R"("message":"Slow down"}})")
                             << int(Code::RateLimit) << true << u"rate_limit_exceeded"_s
                             << u"Slow down"_s;
        QTest::newRow("429 quota")
            << 429
            << QByteArray(R"({"error":{"code":"insufficient_quota",)"
                          R"("message":"You exceeded your quota"}})")
            << int(Code::RateLimit) << false << u"insufficient_quota"_s << u"exceeded your quota"_s;
        QTest::newRow("vLLM flat")
            << 400
            << QByteArray(R"({"object":"error","message":"max_tokens too )"
                          R"(large","type":"BadRequestError","code":400})")
            << int(Code::ApiError) << false << u"400"_s << u"max_tokens too large"_s;
        QTest::newRow("FastAPI 422")
            << 422
            << QByteArray(R"({"detail":[{"type":"extra_forbidden","loc":["body","logprobs"],)"
                          R"("msg":"Extra inputs are not permitted","input":true}]})")
            << int(Code::ApiError) << false << QString()
            << u"logprobs: Extra inputs are not permitted"_s;
        QTest::newRow("503 plain text")
            << 503 << QByteArray("upstream   unavailable\n") << int(Code::ApiError) << true
            << QString() << u"upstream unavailable"_s;
    }

    void errorStatusesBecomeErrorsWithTheServersMessage() {
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        QFETCH(int, code);
        QFETCH(bool, transient);
        QFETCH(QString, serverCode);
        QFETCH(QString, messagePart);
        m_server->addRoute(u"fail"_s, "GET", u"/fail"_s, [status, body](HttpExchange &exchange) {
            exchange.respond(status, body, {{"x-request-id", "req-42"}});
        });
        QSignalSpy reached(m_transport.get(), &HttpTransport::reached);
        const auto result = awaitTask(m_transport->send(get(url(u"/fail"_s))));
        QVERIFY(!result.ok());
        const OutreachError &error = result.error();
        QCOMPARE(int(error.code()), code);
        QCOMPARE(error.httpStatus(), status);
        QCOMPARE(error.isTransient(), transient);
        QCOMPARE(error.serverCode(), serverCode);
        QCOMPARE(error.requestId(), u"req-42"_s);
        QVERIFY2(error.message().contains(messagePart), qPrintable(error.message()));
        QCOMPARE(reached.size(), 1); // an error status still means the service is there
        if (status == 422)
            QCOMPARE(error.serverParam(), u"logprobs"_s);
    }

    void aFinalErrorIsNotRetried() {
        answerInTurn(u"/named"_s, {[](HttpExchange &e) {
                         e.respondError(500, u"server_error"_s, u"Unsupported param: logprobs"_s);
                     }});
        m_transport->setFinalErrorRule([](const OutreachError &error) {
            return error.message().contains(u"Unsupported param"_s);
        });
        const auto named = awaitTask(m_transport->sendWithRetry(get(url(u"/named"_s))));
        QVERIFY(!named.ok());
        QCOMPARE(m_server->requests(u"/named"_s).size(), 1);
        // Other transient errors are still retried as the policy says.
        answerInTurn(u"/other"_s, {[](HttpExchange &e) { e.respondError(503, u"a"_s, u"b"_s); },
                                   [](HttpExchange &e) { e.respond(200, "done"); }});
        QVERIFY(awaitTask(m_transport->sendWithRetry(get(url(u"/other"_s)))).ok());
        QCOMPARE(m_server->requests(u"/other"_s).size(), 2);
    }

    void retryAfterAndTheServersRetryVerdictAreKept() {
        m_server->addRoute(u"busy"_s, "GET", u"/busy"_s, [](HttpExchange &exchange) {
            exchange.respondError(429, u"rate_limit_exceeded"_s, u"Slow down"_s,
                                  {{"Retry-After", "7"}, {"retry-after-ms", "1500"}});
        });
        m_server->addRoute(u"verdict"_s, "GET", u"/verdict"_s, [](HttpExchange &exchange) {
            // A 500 the server itself says not to retry, and a 400 it says to.
            const bool retry = exchange.request().query.queryItemValue(u"retry"_s) == u"1"_s;
            exchange.respondError(retry ? 400 : 500, u"x"_s, u"y"_s,
                                  {{"x-should-retry", retry ? "true" : "false"}});
        });
        const auto busy = awaitTask(m_transport->send(get(url(u"/busy"_s))));
        QVERIFY(!busy.ok());
        QVERIFY(busy.error().retryAfter() == 1500ms); // retry-after-ms wins over Retry-After
        const auto noRetry = awaitTask(m_transport->send(get(url(u"/verdict?retry=0"_s))));
        QVERIFY(!noRetry.ok());
        QVERIFY(!noRetry.error().isTransient());
        const auto retry = awaitTask(m_transport->send(get(url(u"/verdict?retry=1"_s))));
        QVERIFY(!retry.ok());
        QVERIFY(retry.error().isTransient());
    }

    void credentialsEchoedByTheServerAreMasked() {
        m_server->addRoute(u"echo"_s, "GET", u"/echo"_s, [](HttpExchange &exchange) {
            exchange.respondError(401, u"invalid_api_key"_s,
                                  u"Incorrect API key provided: sk-proj-abcdef1234567890"_s);
        });
        const auto result = awaitTask(m_transport->send(get(url(u"/echo"_s))));
        QVERIFY(!result.ok());
        QVERIFY2(!result.error().message().contains(u"abcdef1234567890"_s),
                 qPrintable(result.error().message()));
        QVERIFY(result.error().message().contains(u"Incorrect API key provided"_s));
    }

    void transientFailuresAreRetriedUntilTheyPass() {
        answerInTurn(u"/flaky"_s, {[](HttpExchange &e) { e.respondError(503, u"a"_s, u"b"_s); },
                                   [](HttpExchange &e) {
                                       e.respondError(429, u"a"_s, u"b"_s, {{"Retry-After", "0"}});
                                   },
                                   [](HttpExchange &e) { e.respond(200, "done"); }});
        QSignalSpy retrying(m_transport.get(), &HttpTransport::retrying);
        const auto result = awaitTask(m_transport->sendWithRetry(get(url(u"/flaky"_s))));
        QVERIFY2(result.ok(), qPrintable(failure(result)));
        QCOMPARE(result.value().body, QByteArray("done"));
        QCOMPARE(m_server->requests(u"/flaky"_s).size(), 3);
        QCOMPARE(retrying.size(), 2);
        QCOMPARE(retrying.at(0).at(0).toInt(), 1);
        QCOMPARE(retrying.at(1).at(0).toInt(), 2);
    }

    void retriesStopAtThePolicysLimitAndAtPermanentErrors() {
        answerInTurn(u"/down"_s, {[](HttpExchange &e) { e.respondError(502, u"a"_s, u"b"_s); }});
        answerInTurn(u"/bad"_s, {[](HttpExchange &e) { e.respondError(422, u"a"_s, u"b"_s); }});
        const auto down = awaitTask(m_transport->sendWithRetry(get(url(u"/down"_s))));
        QVERIFY(!down.ok());
        QCOMPARE(down.error().httpStatus(), 502);
        QCOMPARE(m_server->requests(u"/down"_s).size(), m_transport->retryPolicy().maxRetries + 1);
        const auto bad = awaitTask(m_transport->sendWithRetry(get(url(u"/bad"_s))));
        QVERIFY(!bad.ok());
        QCOMPARE(m_server->requests(u"/bad"_s).size(), 1);

        m_transport->setRetryPolicy(TestRetryPolicies::none());
        const qsizetype before = m_server->requests(u"/down"_s).size();
        const auto once = awaitTask(m_transport->sendWithRetry(get(url(u"/down"_s))));
        QVERIFY(!once.ok());
        QCOMPARE(m_server->requests(u"/down"_s).size(), before + 1);
    }

    void aStreamGoesToTheSinkAndIsNotRetriedOnceStarted() {
        m_server->addRoute(u"stream"_s, "GET", u"/stream"_s, [](HttpExchange &exchange) {
            exchange.beginStream(200, {{"Content-Type", "text/event-stream"}});
            exchange.writeChunk("data: one\n\n");
            QPointer<HttpExchange> later(&exchange);
            QTimer::singleShot(30, &exchange, [later] {
                later->writeChunk("data: two\n\n");
                QTimer::singleShot(30, later, [later] { later->abort(); });
            });
        });
        QByteArray received;
        int pieces = 0;
        const auto result = awaitTask(
            m_transport->sendWithRetry(get(url(u"/stream"_s)), [&](const QByteArray &bytes) {
                received += bytes;
                ++pieces;
            }));
        QVERIFY(!result.ok());
        QCOMPARE(result.error().code(), OutreachError::Code::Network);
        QCOMPARE(received, QByteArray("data: one\n\ndata: two\n\n"));
        QVERIFY(pieces >= 2); // handed on as it arrived, not at the end
        QCOMPARE(m_server->requests(u"stream"_s).size(), 1);
    }

    void aStreamThatFailsBeforeItsFirstByteIsRetried() {
        answerInTurn(u"/stream"_s, {[](HttpExchange &e) { e.respondError(503, u"a"_s, u"b"_s); },
                                    [](HttpExchange &e) {
                                        e.beginStream(200);
                                        e.writeChunk("data: whole\n\n");
                                        e.endStream();
                                    }});
        QByteArray received;
        const auto result = awaitTask(m_transport->sendWithRetry(
            get(url(u"/stream"_s)), [&](const QByteArray &bytes) { received += bytes; }));
        QVERIFY2(result.ok(), qPrintable(failure(result)));
        QVERIFY(result.value().body.isEmpty()); // the sink had it
        QCOMPARE(received, QByteArray("data: whole\n\n"));
        QCOMPARE(m_server->requests(u"/stream"_s).size(), 2);
    }

    void aBodyCutShortIsANetworkError() {
        m_server->addRoute(u"cut"_s, "GET", u"/cut"_s, [](HttpExchange &exchange) {
            exchange.respondTruncated(200, QByteArray(1000, 'x'), 400);
        });
        m_transport->setRetryPolicy(TestRetryPolicies::none());
        const auto result = awaitTask(m_transport->sendWithRetry(get(url(u"/cut"_s))));
        QVERIFY(!result.ok());
        QCOMPARE(result.error().code(), OutreachError::Code::Network);
        QVERIFY(result.error().isTransient());
        QVERIFY2(result.error().message().contains(u"closed before the whole answer"_s),
                 qPrintable(result.error().message()));
    }

    void aBodyOverTheLimitIsRefused_data() {
        QTest::addColumn<bool>("announced");
        QTest::newRow("Content-Length") << true;
        QTest::newRow("chunked") << false;
    }

    void aBodyOverTheLimitIsRefused() {
        QFETCH(bool, announced);
        m_server->addRoute(u"big"_s, "GET", u"/big"_s, [announced](HttpExchange &exchange) {
            const QByteArray body(256 * 1024, 'x');
            if (announced) {
                exchange.respond(200, body);
                return;
            }
            exchange.beginStream(200);
            for (int i = 0; i < 8; ++i)
                exchange.writeChunk(body.left(32 * 1024));
            exchange.endStream();
        });
        HttpLimits limits;
        limits.maxBodyBytes = 64 * 1024;
        m_transport->setLimits(limits);
        const auto result = awaitTask(m_transport->send(get(url(u"/big"_s))));
        QVERIFY(!result.ok());
        QCOMPARE(result.error().code(), OutreachError::Code::ApiError);
        QVERIFY2(result.error().message().contains(u"larger than"_s),
                 qPrintable(result.error().message()));
    }

    void aServerThatIsTooSlowOrSilentIsGivenUpOn_data() {
        QTest::addColumn<bool>("trickles");
        QTest::addColumn<QString>("messagePart");
        QTest::newRow("deadline") << true << u"did not finish answering within"_s;
        QTest::newRow("silence") << false << u"sent nothing for"_s;
    }

    void aServerThatIsTooSlowOrSilentIsGivenUpOn() {
        QFETCH(bool, trickles);
        QFETCH(QString, messagePart);
        m_server->addRoute(u"slow"_s, "GET", u"/slow"_s, [trickles](HttpExchange &exchange) {
            if (!trickles)
                return; // hangs: never a byte
            exchange.beginStream(200);
            auto *tick = new QTimer(&exchange);
            QObject::connect(tick, &QTimer::timeout, &exchange,
                             [&exchange] { exchange.writeChunk("x"); });
            tick->start(20);
        });
        HttpLimits limits;
        limits.deadline = trickles ? 300ms : 10s;
        limits.inactivity = trickles ? 10s : 300ms;
        m_transport->setLimits(limits);
        QSignalSpy unreachable(m_transport.get(), &HttpTransport::unreachable);
        QElapsedTimer clock;
        clock.start();
        const auto result = awaitTask(m_transport->send(get(url(u"/slow"_s))));
        QVERIFY(!result.ok());
        QCOMPARE(result.error().code(), OutreachError::Code::Network);
        QVERIFY(result.error().isTransient());
        QVERIFY2(result.error().message().contains(messagePart),
                 qPrintable(result.error().message()));
        // At the 300 ms limit, not the 10 s one: measured worst 315 ms under ASan (3 runs, 2
        // cores); bound 3x.
        QVERIFY2(clock.elapsed() < 1000, qPrintable(QString::number(clock.elapsed())));
        QCOMPARE(unreachable.size(), 1);
    }

    void aRefusedConnectionSaysTheServiceIsUnreachable() {
        QSignalSpy unreachable(m_transport.get(), &HttpTransport::unreachable);
        QSignalSpy reached(m_transport.get(), &HttpTransport::reached);
        const auto result = awaitTask(m_transport->send(get(refusedUrl())));
        QVERIFY(!result.ok());
        QCOMPARE(result.error().code(), OutreachError::Code::Network);
        QCOMPARE(result.error().httpStatus(), 0);
        QVERIFY(result.error().isTransient());
        QVERIFY2(result.error().message().startsWith(u"Could not reach the CRM (127.0.0.1)"_s),
                 qPrintable(result.error().message()));
        QCOMPARE(unreachable.size(), 1);
        QCOMPARE(reached.size(), 0);
    }

    void plainHttpIsOnlyAllowedToThisComputer_data() {
        QTest::addColumn<QString>("address");
        QTest::addColumn<bool>("allowed");
        QTest::newRow("https") << u"https://crm.example.com/api"_s << true;
        QTest::newRow("localhost") << u"http://localhost:8080/"_s << true;
        QTest::newRow("127.0.0.2") << u"http://127.0.0.2/"_s << true;
        QTest::newRow("::1") << u"http://[::1]:9000/"_s << true;
        QTest::newRow("plain http") << u"http://crm.example.com/api"_s << false;
        QTest::newRow("private address") << u"http://192.168.1.20/"_s << false;
        QTest::newRow("ftp") << u"ftp://crm.example.com/"_s << false;
        QTest::newRow("no host") << u"https:///path"_s << false;
    }

    void plainHttpIsOnlyAllowedToThisComputer() {
        QFETCH(QString, address);
        QFETCH(bool, allowed);
        const Result<void> secure = HttpTransport::checkTransportSecurity(QUrl(address), u"X"_s);
        QCOMPARE(secure.ok(), allowed);
        if (!allowed)
            QCOMPARE(secure.error().code(), OutreachError::Code::Auth);
    }

    void aRefusedAddressIsNeverContacted() {
        // The check comes before any connection: nothing listens there, and nothing is tried.
        QSignalSpy unreachable(m_transport.get(), &HttpTransport::unreachable);
        const auto result =
            awaitTask(m_transport->sendWithRetry(get(QUrl(u"http://crm.example.com/x"_s))));
        QVERIFY(!result.ok());
        QCOMPARE(result.error().code(), OutreachError::Code::Auth);
        QVERIFY(result.error().message().contains(u"plain HTTP"_s));
        QCOMPARE(unreachable.size(), 0);
    }

    void credentialsInTheAddressAreRefusedBeforeAnyRequest() {
        // QNetworkAccessManager would turn "user:pass@" into a Basic Authorization header (and
        // the address travels into settings, logs and error messages): refused, never sent.
        m_server->addRoute(u"ok"_s, "GET", u"/ok"_s,
                           [](HttpExchange &exchange) { exchange.respond(200, "{}"); });
        QUrl address = url(u"/ok"_s);
        address.setUserName(u"rep"_s);
        address.setPassword(u"hunter2-secret"_s);
        const auto result = awaitTask(m_transport->sendWithRetry(get(address)));
        QVERIFY(!result.ok());
        QCOMPARE(result.error().code(), OutreachError::Code::Auth);
        QVERIFY2(result.error().message().contains(u"user name or password"_s),
                 qPrintable(result.error().message()));
        QVERIFY(!result.error().message().contains(u"hunter2"_s));
        QVERIFY(!result.error().message().contains(u"rep@"_s));
        QCOMPARE(m_server->requests().size(), 0);

        // A user name alone is refused as well; an address without one passes.
        QVERIFY(
            !HttpTransport::checkNoUserInfo(QUrl(u"https://rep@crm.example.com"_s), u"X"_s).ok());
        QVERIFY(HttpTransport::checkNoUserInfo(QUrl(u"https://crm.example.com/v1"_s), u"X"_s).ok());
    }

    void abortAllEndsRequestsAndRetryWaitsAtOnce() {
        m_server->addRoute(u"hang"_s, "GET", u"/hang"_s, [](HttpExchange &) {});
        answerInTurn(u"/busy"_s, {[](HttpExchange &e) { e.respondError(503, u"a"_s, u"b"_s); }});
        RetryPolicy slow;
        slow.baseDelay = 10s;
        slow.maxDelay = 10s;
        slow.jitter = 0;
        m_transport->setRetryPolicy(slow);

        QElapsedTimer clock;
        clock.start();
        QTimer::singleShot(100, m_transport.get(), [this] { m_transport->abortAll(); });
        const auto hung = awaitTask(m_transport->send(get(url(u"/hang"_s))));
        QVERIFY(!hung.ok());
        QCOMPARE(hung.error().code(), OutreachError::Code::Cancelled);

        QSignalSpy retrying(m_transport.get(), &HttpTransport::retrying);
        connect(m_transport.get(), &HttpTransport::retrying, m_transport.get(), [this] {
            QTimer::singleShot(50, m_transport.get(), [this] { m_transport->abortAll(); });
        });
        const auto waited = awaitTask(m_transport->sendWithRetry(get(url(u"/busy"_s))));
        QVERIFY(!waited.ok());
        QCOMPARE(waited.error().code(), OutreachError::Code::Cancelled);
        QCOMPARE(retrying.size(), 1);
        QCOMPARE(m_server->requests(u"/busy"_s).size(), 1);
        // Neither the hang nor the 10 s wait was sat out: the two aborts come after 100 + 50 ms;
        // measured worst 157 ms under ASan (3 runs, 2 cores); bound 3x.
        QVERIFY2(clock.elapsed() < 500, qPrintable(QString::number(clock.elapsed())));
        QCOMPARE(m_transport->inFlight(), 0);
    }
};

QTEST_GUILESS_MAIN(TestHttpTransport)
#include "tst_httptransport.moc"
