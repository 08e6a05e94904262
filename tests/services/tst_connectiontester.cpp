// SPDX-License-Identifier: GPL-3.0-or-later
// ConnectionTester: what the Settings dialog's Test connection buttons report, against the fake
// model endpoint and the fake CRM (real HTTP on 127.0.0.1), a scripted IMAP server, and a port
// nobody listens on.
#include "FakeCrmServer.h"
#include "FakeHttpServer.h"
#include "FakeModelServer.h"
#include "HttpExchange.h"
#include "support/AwaitTask.h"
#include "support/ClosedPort.h"
#include "support/ScriptedImapServer.h"
#include "workspace/ConnectionTester.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpServer>
#include <QTest>
#include <QTimer>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

using Verdict = ConnectionTester::Verdict;

namespace {

// An address where nothing listens: a port the system just handed out and took back.
QUrl closedPortUrl(const QString &path) {
    const quint16 port = closedPort();
    return port == 0 ? QUrl() : QUrl(u"http://127.0.0.1:%1%2"_s.arg(port).arg(path));
}

QString describe(const Verdict &outcome) {
    return u"ok=%1 warning=%2 message=\"%3\" detail=\"%4\""_s.arg(outcome.ok)
        .arg(outcome.warning)
        .arg(outcome.message, outcome.detail);
}

} // namespace

class TestConnectionTester : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void modelSuccessSendsOneSmallNonStreamedRequest();
    void compatibleServerWithoutKeyGetsMaxTokens();
    void azureDeploymentNeedsNoModel();
    void modelKeyRefused();
    void modelKeyMissingOnAServerThatWantsOne();
    void modelWrongAddressIsNotFound();
    void modelTestRequestRefusedIsAWarning();
    void modelUnreachable();
    void modelRateLimitedIsAWarning();
    void modelQuotaUsedUpFails();
    void modelServerError();
    void modelAnswerThatIsNotAChatCompletion();
    void modelInvalidEndpointSendsNothing();
    void modelHangEndsAtTheDeadline();
    void cancelStopsATest();

    void crmSuccessFetchesOneTicket();
    void crmTokenRefused();
    void crmWrongAddressIsNotFound();
    void crmTestRequestRefused();
    void crmUnreachable();
    void crmRateLimitedIsAWarningWithoutRetries();
    void crmServerError();
    void crmAnswerThatIsNotTheApi();
    void crmNeedsAddressAndTokenAndTls();

    void mailNamesTheFoldersFoundAndIdle();
    void mailWithoutIdleOrSentFolder();
    void mailPasswordRefused();
    void mailUnreachableNamesTheServer();
    void mailRefusesPlainTextToARemoteHostAndNeedsAPassword();
    void mailUnreadableCaFile();

private:
    ModelEndpoint openAiEndpoint() const;

    std::unique_ptr<FakeModelServer> m_model;
    std::unique_ptr<FakeCrmServer> m_crm;
    std::unique_ptr<ConnectionTester> m_tester;
};

void TestConnectionTester::init() {
    m_model = std::make_unique<FakeModelServer>();
    QVERIFY(m_model->start());
    m_model->setApiKey("sk-test"_ba);
    m_crm = std::make_unique<FakeCrmServer>();
    QVERIFY(m_crm->start());
    m_tester = std::make_unique<ConnectionTester>();
}

void TestConnectionTester::cleanup() {
    m_tester.reset();
    m_crm.reset();
    m_model.reset();
}

ModelEndpoint TestConnectionTester::openAiEndpoint() const {
    ModelEndpoint endpoint;
    endpoint.provider = ModelEndpoint::Provider::OpenAI;
    endpoint.baseUrl = m_model->openAiBaseUrl();
    endpoint.model = u"gpt-4o-mini"_s;
    endpoint.temperature = 1.3; // never sent by the test
    endpoint.apiKey = u"sk-test"_s;
    return endpoint;
}

void TestConnectionTester::modelSuccessSendsOneSmallNonStreamedRequest() {
    const Verdict outcome = awaitTask(m_tester->testModel(openAiEndpoint()));
    QVERIFY2(outcome.ok && !outcome.warning, qPrintable(describe(outcome)));
    QVERIFY(!outcome.error);
    QVERIFY2(outcome.message.startsWith(u"Connected: gpt-4o-mini answered in "_s),
             qPrintable(outcome.message));
    QVERIFY(outcome.message.endsWith(u" ms."_s));

    const QList<RecordedRequest> requests = m_model->requests();
    QCOMPARE(requests.size(), 1);
    QCOMPARE(requests.constFirst().route, u"openai"_s);
    QCOMPARE(requests.constFirst().header("Authorization"), "Bearer sk-test"_ba);
    const QJsonObject body = m_model->lastRequestBody();
    QCOMPARE(body.value(u"stream"_s).toBool(true), false);
    QCOMPARE(body.value(u"model"_s).toString(), u"gpt-4o-mini"_s);
    QCOMPARE(body.value(u"max_completion_tokens"_s).toInt(), 5);
    QVERIFY(!body.contains(u"max_tokens"_s));
    QVERIFY(!body.contains(u"temperature"_s));
    QCOMPARE(body.value(u"messages"_s).toArray().size(), 1);
}

void TestConnectionTester::compatibleServerWithoutKeyGetsMaxTokens() {
    m_model->setApiKey({});
    ModelEndpoint endpoint = openAiEndpoint();
    endpoint.provider = ModelEndpoint::Provider::Compatible;
    endpoint.model = u"llama3.1"_s;
    endpoint.apiKey.clear();
    const Verdict outcome = awaitTask(m_tester->testModel(endpoint));
    QVERIFY2(outcome.ok && !outcome.warning, qPrintable(describe(outcome)));
    QVERIFY(outcome.message.contains(u"llama3.1"_s));
    const QJsonObject body = m_model->lastRequestBody();
    QCOMPARE(body.value(u"max_tokens"_s).toInt(), 5);
    QVERIFY(!body.contains(u"max_completion_tokens"_s));
    QVERIFY(m_model->requests().constFirst().header("Authorization").isNull());
}

void TestConnectionTester::azureDeploymentNeedsNoModel() {
    ModelEndpoint endpoint;
    endpoint.provider = ModelEndpoint::Provider::Azure;
    endpoint.baseUrl = m_model->baseUrl();
    endpoint.deployment = u"outreach-prod"_s;
    endpoint.apiVersion = u"2024-10-21"_s;
    endpoint.model.clear();
    endpoint.apiKey = u"sk-test"_s;
    const Verdict outcome = awaitTask(m_tester->testModel(endpoint));
    QVERIFY2(outcome.ok && !outcome.warning, qPrintable(describe(outcome)));
    QCOMPARE(m_model->requests().constFirst().route, u"azure.deployments"_s);
    QCOMPARE(m_model->requests().constFirst().header("api-key"), "sk-test"_ba);
    QVERIFY(!m_model->lastRequestBody().contains(u"model"_s));
}

void TestConnectionTester::modelKeyRefused() {
    ModelEndpoint endpoint = openAiEndpoint();
    endpoint.apiKey = u"sk-wrong"_s;
    const Verdict outcome = awaitTask(m_tester->testModel(endpoint));
    QVERIFY2(!outcome.ok, qPrintable(describe(outcome)));
    QVERIFY(outcome.error);
    QCOMPARE(outcome.error->code(), OutreachError::Code::Auth);
    QCOMPARE(outcome.error->httpStatus(), 401);
    QVERIFY2(outcome.message.contains(u"refused the API key"_s), qPrintable(outcome.message));
    QVERIFY(!outcome.message.contains(u"sk-wrong"_s));
    QVERIFY(!outcome.detail.contains(u"sk-wrong"_s));

    // The Unauthorized fault (a key the server revoked) reads the same.
    m_model->setFault(FakeModelServer::Fault::unauthorized());
    const Verdict revoked = awaitTask(m_tester->testModel(openAiEndpoint()));
    QVERIFY(!revoked.ok);
    QVERIFY(revoked.message.contains(u"refused the API key"_s));
}

void TestConnectionTester::modelKeyMissingOnAServerThatWantsOne() {
    ModelEndpoint endpoint = openAiEndpoint();
    endpoint.provider = ModelEndpoint::Provider::Compatible; // local: validate() lets it through
    endpoint.apiKey.clear();
    const Verdict outcome = awaitTask(m_tester->testModel(endpoint));
    QVERIFY(!outcome.ok);
    QCOMPARE(outcome.error->httpStatus(), 401);
    QVERIFY2(outcome.message.contains(u"needs an API key"_s), qPrintable(outcome.message));
}

void TestConnectionTester::modelWrongAddressIsNotFound() {
    ModelEndpoint endpoint = openAiEndpoint();
    endpoint.baseUrl = QUrl(m_model->baseUrl().toString() + u"/api/v2"_s);
    const Verdict outcome = awaitTask(m_tester->testModel(endpoint));
    QVERIFY2(!outcome.ok, qPrintable(describe(outcome)));
    QCOMPARE(outcome.error->httpStatus(), 404);
    QVERIFY2(outcome.message.contains(u"does not know this address or model"_s),
             qPrintable(outcome.message));

    ModelEndpoint azure;
    azure.provider = ModelEndpoint::Provider::Azure;
    azure.baseUrl = QUrl(m_model->baseUrl().toString() + u"/elsewhere"_s);
    azure.deployment = u"d"_s;
    azure.apiVersion = u"2024-10-21"_s;
    azure.apiKey = u"sk-test"_s;
    const Verdict deployment = awaitTask(m_tester->testModel(azure));
    QVERIFY(!deployment.ok);
    QVERIFY2(deployment.message.contains(u"deployment name"_s), qPrintable(deployment.message));
}

void TestConnectionTester::modelTestRequestRefusedIsAWarning() {
    m_model->setFault(FakeModelServer::Fault::rejectParam(u"max_completion_tokens"_s,
                                                          u"unsupported_parameter"_s));
    const Verdict outcome = awaitTask(m_tester->testModel(openAiEndpoint()));
    QVERIFY2(outcome.ok && outcome.warning, qPrintable(describe(outcome)));
    QCOMPARE(outcome.error->httpStatus(), 400);
    QVERIFY2(outcome.message.contains(u"refused the test request"_s), qPrintable(outcome.message));
    // The endpoint's own words come along as the detail.
    QVERIFY2(outcome.detail.contains(u"max_completion_tokens"_s), qPrintable(outcome.detail));

    m_model->clearFaults();
    m_model->setFault(FakeModelServer::Fault::flatError(400, u"This model is busy today."_s));
    const Verdict flat = awaitTask(m_tester->testModel(openAiEndpoint()));
    QVERIFY(flat.ok && flat.warning);
    QVERIFY2(flat.detail.contains(u"This model is busy today."_s), qPrintable(flat.detail));
}

void TestConnectionTester::modelUnreachable() {
    ModelEndpoint endpoint = openAiEndpoint();
    endpoint.baseUrl = closedPortUrl(u"/v1"_s);
    QVERIFY(endpoint.baseUrl.isValid());
    const Verdict outcome = awaitTask(m_tester->testModel(endpoint));
    QVERIFY2(!outcome.ok, qPrintable(describe(outcome)));
    QCOMPARE(outcome.error->code(), OutreachError::Code::Network);
    QVERIFY2(outcome.message.startsWith(u"Cannot reach 127.0.0.1:"_s), qPrintable(outcome.message));
    QVERIFY(!outcome.detail.isEmpty());
}

void TestConnectionTester::modelRateLimitedIsAWarning() {
    m_model->setFault(FakeModelServer::Fault::rateLimit("7"_ba, "7000"_ba));
    const Verdict outcome = awaitTask(m_tester->testModel(openAiEndpoint()));
    QVERIFY2(outcome.ok && outcome.warning, qPrintable(describe(outcome)));
    QCOMPARE(outcome.error->code(), OutreachError::Code::RateLimit);
    QVERIFY(!outcome.error->isQuotaExhausted());
    QVERIFY2(outcome.message.contains(u"limiting requests"_s), qPrintable(outcome.message));
    QVERIFY2(outcome.message.contains(u"7 second"_s), qPrintable(outcome.message));
    QCOMPARE(m_model->requests().size(), 1); // no retries
}

void TestConnectionTester::modelQuotaUsedUpFails() {
    m_model->setFault(FakeModelServer::Fault::insufficientQuota());
    const Verdict outcome = awaitTask(m_tester->testModel(openAiEndpoint()));
    QVERIFY2(!outcome.ok, qPrintable(describe(outcome)));
    QVERIFY(outcome.error->isQuotaExhausted());
    QVERIFY2(outcome.message.contains(u"quota"_s), qPrintable(outcome.message));
}

void TestConnectionTester::modelServerError() {
    m_model->setFault(FakeModelServer::Fault::serverError(503, u"Overloaded"_s));
    const Verdict outcome = awaitTask(m_tester->testModel(openAiEndpoint()));
    QVERIFY(!outcome.ok);
    QVERIFY2(outcome.message.contains(u"server error 503"_s), qPrintable(outcome.message));
    QCOMPARE(m_model->requests().size(), 1);
}

void TestConnectionTester::modelAnswerThatIsNotAChatCompletion() {
    // A web server that answers anything with a page: the base URL points at the wrong thing.
    FakeHttpServer web;
    QVERIFY(web.listen());
    web.addRoute(u"page"_s, "POST"_ba, u"/v1/chat/completions"_s, [](HttpExchange &exchange) {
        exchange.respond(200, "<html><body>Welcome</body></html>"_ba,
                         {{"Content-Type"_ba, "text/html"_ba}});
    });
    ModelEndpoint endpoint = openAiEndpoint();
    endpoint.baseUrl = QUrl(web.baseUrl().toString() + u"/v1"_s);
    const Verdict outcome = awaitTask(m_tester->testModel(endpoint));
    QVERIFY2(!outcome.ok, qPrintable(describe(outcome)));
    QVERIFY2(outcome.message.contains(u"not like a Chat Completions endpoint"_s),
             qPrintable(outcome.message));
    QVERIFY(outcome.detail.contains(u"Welcome"_s));
}

void TestConnectionTester::modelInvalidEndpointSendsNothing() {
    ModelEndpoint endpoint = openAiEndpoint();
    endpoint.provider = ModelEndpoint::Provider::OpenAI;
    endpoint.apiKey.clear();
    const Verdict noKey = awaitTask(m_tester->testModel(endpoint));
    QVERIFY(!noKey.ok);
    QVERIFY2(noKey.message.contains(u"No API key"_s), qPrintable(noKey.message));

    endpoint.apiKey = u"sk-test"_s;
    endpoint.baseUrl = QUrl(u"http://llm.example.com/v1"_s); // a key must not travel in clear
    const Verdict plain = awaitTask(m_tester->testModel(endpoint));
    QVERIFY(!plain.ok);
    QCOMPARE(plain.error->code(), OutreachError::Code::Auth);
    QVERIFY(m_model->requests().isEmpty());
}

void TestConnectionTester::modelHangEndsAtTheDeadline() {
    m_model->setFault(FakeModelServer::Fault::hangBeforeHeaders());
    m_tester->setDeadline(400ms);
    QElapsedTimer clock;
    clock.start();
    const Verdict outcome = awaitTask(m_tester->testModel(openAiEndpoint()));
    QVERIFY(!outcome.ok);
    QCOMPARE(outcome.error->code(), OutreachError::Code::Network);
    // Ends at the 400 ms deadline: measured worst 421 ms under ASan (3 runs, 2 cores); bound 3x.
    QVERIFY2(clock.elapsed() < 1300, qPrintable(QString::number(clock.elapsed())));
}

void TestConnectionTester::cancelStopsATest() {
    m_model->setFault(FakeModelServer::Fault::hangBeforeHeaders());
    QTimer::singleShot(100ms, m_tester.get(), [this] { m_tester->cancel(); });
    const Verdict outcome = awaitTask(m_tester->testModel(openAiEndpoint()));
    QVERIFY(!outcome.ok);
    QCOMPARE(outcome.error->code(), OutreachError::Code::Cancelled);
    QCOMPARE(outcome.message, u"Stopped."_s);
}

void TestConnectionTester::crmSuccessFetchesOneTicket() {
    const Verdict outcome = awaitTask(m_tester->testCrm(m_crm->baseUrl(), u"test-token"_s));
    QVERIFY2(outcome.ok && !outcome.warning, qPrintable(describe(outcome)));
    QCOMPARE(outcome.message, u"Connected to 127.0.0.1:%1."_s.arg(m_crm->port()));
    const QList<RecordedRequest> requests = m_crm->requests(u"tickets.list"_s);
    QCOMPARE(requests.size(), 1);
    QCOMPARE(requests.constFirst().query.queryItemValue(u"limit"_s), u"1"_s);
    QCOMPARE(requests.constFirst().header("Authorization"), "Bearer test-token"_ba);
}

void TestConnectionTester::crmTokenRefused() {
    const Verdict outcome = awaitTask(m_tester->testCrm(m_crm->baseUrl(), u"not-the-token"_s));
    QVERIFY2(!outcome.ok, qPrintable(describe(outcome)));
    QCOMPARE(outcome.error->code(), OutreachError::Code::Auth);
    QVERIFY2(outcome.message.contains(u"refused the token"_s), qPrintable(outcome.message));
    QVERIFY(!outcome.detail.contains(u"not-the-token"_s));

    m_crm->setFault(u"tickets.list"_s, FakeCrmServer::Fault::httpStatus(403));
    const Verdict forbidden = awaitTask(m_tester->testCrm(m_crm->baseUrl(), u"test-token"_s));
    QVERIFY(!forbidden.ok);
    QVERIFY(forbidden.message.contains(u"refused the token"_s));
}

void TestConnectionTester::crmWrongAddressIsNotFound() {
    const QUrl wrong(m_crm->baseUrl().toString() + u"/crm"_s);
    const Verdict outcome = awaitTask(m_tester->testCrm(wrong, u"test-token"_s));
    QVERIFY2(!outcome.ok, qPrintable(describe(outcome)));
    QCOMPARE(outcome.error->httpStatus(), 404);
    QVERIFY2(outcome.message.contains(u"has no CRM API at this address"_s),
             qPrintable(outcome.message));
}

void TestConnectionTester::crmTestRequestRefused() {
    m_crm->setFault(u"tickets.list"_s, FakeCrmServer::Fault::httpStatus(400));
    const Verdict outcome = awaitTask(m_tester->testCrm(m_crm->baseUrl(), u"test-token"_s));
    // Every sync sends this very request: a refusal means syncing would fail too.
    QVERIFY2(!outcome.ok, qPrintable(describe(outcome)));
    QCOMPARE(outcome.error->httpStatus(), 400);
    QVERIFY2(outcome.message.contains(u"refused the test request (400)"_s),
             qPrintable(outcome.message));
}

void TestConnectionTester::crmUnreachable() {
    const Verdict outcome = awaitTask(m_tester->testCrm(closedPortUrl({}), u"test-token"_s));
    QVERIFY2(!outcome.ok, qPrintable(describe(outcome)));
    QCOMPARE(outcome.error->code(), OutreachError::Code::Network);
    QVERIFY2(outcome.message.startsWith(u"Cannot reach the CRM at 127.0.0.1:"_s),
             qPrintable(outcome.message));
}

void TestConnectionTester::crmRateLimitedIsAWarningWithoutRetries() {
    m_crm->setFault(u"tickets.list"_s, FakeCrmServer::Fault::httpStatus(429, "3"_ba));
    const Verdict outcome = awaitTask(m_tester->testCrm(m_crm->baseUrl(), u"test-token"_s));
    QVERIFY2(outcome.ok && outcome.warning, qPrintable(describe(outcome)));
    QCOMPARE(outcome.error->code(), OutreachError::Code::RateLimit);
    QVERIFY2(outcome.message.contains(u"3 second"_s), qPrintable(outcome.message));
    QCOMPARE(m_crm->requests(u"tickets.list"_s).size(), 1);
}

void TestConnectionTester::crmServerError() {
    m_crm->setFault(u"tickets.list"_s, FakeCrmServer::Fault::httpStatus(502));
    const Verdict outcome = awaitTask(m_tester->testCrm(m_crm->baseUrl(), u"test-token"_s));
    QVERIFY(!outcome.ok);
    QVERIFY2(outcome.message.contains(u"server error 502"_s), qPrintable(outcome.message));
    QCOMPARE(m_crm->requests(u"tickets.list"_s).size(), 1);
}

void TestConnectionTester::crmAnswerThatIsNotTheApi() {
    m_crm->setFault(u"tickets.list"_s,
                    FakeCrmServer::Fault::malformedJson("<html>Sign in</html>"_ba));
    const Verdict outcome = awaitTask(m_tester->testCrm(m_crm->baseUrl(), u"test-token"_s));
    QVERIFY2(!outcome.ok, qPrintable(describe(outcome)));
    QVERIFY2(outcome.message.contains(u"not like the CRM's API"_s), qPrintable(outcome.message));
}

void TestConnectionTester::crmNeedsAddressAndTokenAndTls() {
    const Verdict noAddress = awaitTask(m_tester->testCrm(QUrl(), u"test-token"_s));
    QVERIFY(!noAddress.ok);
    QVERIFY(noAddress.message.contains(u"address"_s));
    const Verdict noToken = awaitTask(m_tester->testCrm(m_crm->baseUrl(), u"  "_s));
    QVERIFY(!noToken.ok);
    QVERIFY(noToken.message.contains(u"token"_s));
    const Verdict plain =
        awaitTask(m_tester->testCrm(QUrl(u"http://crm.example.com"_s), u"test-token"_s));
    QVERIFY(!plain.ok);
    QVERIFY2(plain.message.contains(u"plain HTTP"_s), qPrintable(plain.message));
    QVERIFY(m_crm->requests().isEmpty());
}

namespace {

// The scripted server's mailbox over a plain connection (allowed only to loopback).
MailSettings scriptedMailbox(const ScriptedImapServer &server) {
    MailSettings settings;
    settings.account.host = u"127.0.0.1"_s;
    settings.account.port = server.port();
    settings.account.security = MailAccount::Security::None;
    settings.account.user = QString::fromLatin1(server.user);
    return settings;
}

} // namespace

void TestConnectionTester::mailNamesTheFoldersFoundAndIdle() {
    ScriptedImapServer server;
    QVERIFY(server.start());
    const Verdict outcome = awaitTask(
        m_tester->testMail(scriptedMailbox(server), QString::fromLatin1(server.password)));
    QVERIFY2(outcome.ok && !outcome.warning, qPrintable(describe(outcome)));
    QCOMPARE(outcome.message, u"Logged in as sam on 127.0.0.1; drafts go to “Drafts”; sent mail "
                              u"is read from “Sent Items”; the server offers IDLE."_s);
    QVERIFY(!outcome.error);
    // It looked and left: nothing was stored, selected or changed.
    // (The capabilities are read again after a login that did not state them.)
    QStringList verbs;
    for (const QByteArray &command : std::as_const(server.commands))
        verbs.append(QString::fromLatin1(command.split(' ').value(1)));
    QCOMPARE(verbs, (QStringList{u"LOGIN"_s, u"CAPABILITY"_s, u"LIST"_s, u"LIST"_s, u"LOGOUT"_s}));
}

void TestConnectionTester::mailWithoutIdleOrSentFolder() {
    ScriptedImapServer server;
    server.capabilities = "IMAP4rev1";
    // No SPECIAL-USE: the folder is found by its usual name, under INBOX here.
    server.mailboxes = {{"", "INBOX"}, {"", "INBOX.Drafts"}};
    QVERIFY(server.start());
    MailSettings settings = scriptedMailbox(server);
    settings.pollSeconds = 90;
    const Verdict outcome =
        awaitTask(m_tester->testMail(settings, QString::fromLatin1(server.password)));
    // Drafts work; watching for sent mail does not: a warning, not a failure.
    QVERIFY2(outcome.ok && outcome.warning, qPrintable(describe(outcome)));
    QVERIFY2(outcome.message.startsWith(u"Logged in as sam on 127.0.0.1; drafts go to "
                                        u"“INBOX.Drafts”; but no Sent folder was found"_s),
             qPrintable(outcome.message));
    QVERIFY2(outcome.message.contains(u"does not offer IDLE, so the mailbox is checked every 90 "
                                      u"second"_s),
             qPrintable(outcome.message));
    QVERIFY2(outcome.detail.contains(u"\\Sent"_s), qPrintable(outcome.detail));
    QVERIFY(server.commands.constLast().endsWith("LOGOUT"));

    // Without a Drafts folder Save to Drafts cannot work: a failure.
    ScriptedImapServer bare;
    bare.mailboxes = {{"\\HasNoChildren", "INBOX"}};
    QVERIFY(bare.start());
    const Verdict noDrafts =
        awaitTask(m_tester->testMail(scriptedMailbox(bare), QString::fromLatin1(bare.password)));
    QVERIFY2(!noDrafts.ok, qPrintable(describe(noDrafts)));
    QVERIFY2(noDrafts.message.contains(u"found no Drafts folder"_s), qPrintable(noDrafts.message));
    QVERIFY(noDrafts.error);
    QVERIFY(bare.commands.constLast().endsWith("LOGOUT"));
}

void TestConnectionTester::mailPasswordRefused() {
    ScriptedImapServer server;
    QVERIFY(server.start());
    const QString wrong = u"not-the-password-41"_s;
    const Verdict outcome = awaitTask(m_tester->testMail(scriptedMailbox(server), wrong));
    QVERIFY2(!outcome.ok, qPrintable(describe(outcome)));
    QVERIFY2(outcome.message.contains(u"127.0.0.1:%1"_s.arg(server.port())),
             qPrintable(outcome.message));
    QVERIFY2(outcome.message.contains(u"did not accept the login of sam"_s),
             qPrintable(outcome.message));
    QVERIFY2(outcome.message.contains(u"Invalid credentials"_s), qPrintable(outcome.message));
    QVERIFY(!describe(outcome).contains(wrong));
    QCOMPARE(outcome.error->code(), OutreachError::Code::Auth);
}

void TestConnectionTester::mailUnreachableNamesTheServer() {
    const quint16 port = closedPort();
    QVERIFY(port != 0);
    MailSettings settings;
    settings.account.host = u"127.0.0.1"_s;
    settings.account.port = port;
    settings.account.security = MailAccount::Security::Tls;
    settings.account.user = u"sam"_s;
    const Verdict outcome = awaitTask(m_tester->testMail(settings, u"imap-secret-5c1e"_s));
    QVERIFY2(!outcome.ok, qPrintable(describe(outcome)));
    QVERIFY2(outcome.message.contains(u"127.0.0.1:%1"_s.arg(port)), qPrintable(outcome.message));
    QVERIFY(!describe(outcome).contains(u"imap-secret-5c1e"_s));
    QCOMPARE(outcome.error->code(), OutreachError::Code::Network);
}

void TestConnectionTester::mailRefusesPlainTextToARemoteHostAndNeedsAPassword() {
    MailSettings settings;
    settings.account.host = u"imap.example.com"_s;
    settings.account.port = 143;
    settings.account.security = MailAccount::Security::None;
    settings.account.user = u"sam"_s;
    const Verdict plain = awaitTask(m_tester->testMail(settings, u"imap-secret-5c1e"_s));
    QVERIFY(!plain.ok);
    QVERIFY2(plain.message.contains(u"unencrypted"_s), qPrintable(plain.message));
    QVERIFY(!describe(plain).contains(u"imap-secret-5c1e"_s));

    settings.account.security = MailAccount::Security::Tls;
    const Verdict noPassword = awaitTask(m_tester->testMail(settings, QString()));
    QVERIFY(!noPassword.ok);
    QVERIFY2(noPassword.message.contains(u"password"_s), qPrintable(noPassword.message));
    settings.account.host.clear();
    const Verdict noHost = awaitTask(m_tester->testMail(settings, u"x"_s));
    QVERIFY(!noHost.ok);
    QVERIFY2(noHost.message.contains(u"IMAP server"_s), qPrintable(noHost.message));
}

void TestConnectionTester::mailUnreadableCaFile() {
    ScriptedImapServer server;
    QVERIFY(server.start());
    MailSettings settings = scriptedMailbox(server);
    settings.caFile = u"/nonexistent/company-ca.pem"_s;
    const Verdict outcome =
        awaitTask(m_tester->testMail(settings, QString::fromLatin1(server.password)));
    QVERIFY(!outcome.ok);
    QVERIFY2(outcome.message.contains(u"/nonexistent/company-ca.pem"_s),
             qPrintable(outcome.message));
    QVERIFY(server.commands.isEmpty()); // nothing was sent
}

QTEST_GUILESS_MAIN(TestConnectionTester)
#include "tst_connectiontester.moc"
