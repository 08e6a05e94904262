// SPDX-License-Identifier: GPL-3.0-or-later
#include "workspace/ConnectionTester.h"

#include "crm/HubSpotConnector.h"
#include "crm/RestCrmConnector.h"
#include "mail/ImapConnection.h"
#include "net/HttpTransport.h"
#include "workspace/DraftsUploader.h"
#include "workspace/MailOutcomeWatcher.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

using Verdict = ConnectionTester::Verdict;

// "crm.example.com", "127.0.0.1:8080": enough for the rep to recognise the server.
QString hostLabel(const QUrl &url) {
    return url.port() == -1 ? url.host() : u"%1:%2"_s.arg(url.host()).arg(url.port());
}

Verdict succeeded(const QString &message, const QString &detail = {}) {
    Verdict outcome;
    outcome.ok = true;
    outcome.message = message;
    outcome.detail = detail;
    return outcome;
}

// The error's own message becomes the detail, unless the sentence already is that message.
Verdict withError(bool ok, bool warning, const QString &message, const OutreachError &error) {
    Verdict outcome;
    outcome.ok = ok;
    outcome.warning = warning;
    outcome.message = message;
    if (error.message() != message)
        outcome.detail = error.message();
    outcome.error = error;
    return outcome;
}

Verdict failed(const QString &message, const OutreachError &error) {
    return withError(false, false, message, error);
}

Verdict warned(const QString &message, const OutreachError &error) {
    return withError(true, true, message, error);
}

// A rate limit passes; a used-up quota (billing) does not, and nothing will work until it is
// settled, so only the first counts as working settings.
Verdict rateLimited(const QString &host, const OutreachError &error, bool crm) {
    if (error.isQuotaExhausted())
        return failed(ConnectionTester::tr(
                          "%1 accepted the key, but the account's quota is used up: check the "
                          "plan and billing.")
                          .arg(host),
                      error);
    if (const auto delay = error.retryAfter(); delay && delay->count() > 0) {
        const int seconds = int(std::max<qint64>(1, (delay->count() + 999) / 1000));
        return warned(crm ? ConnectionTester::tr(
                                "The CRM at %1 is reachable but limiting requests right now: try "
                                "again in %n second(s).",
                                nullptr, seconds)
                                .arg(host)
                          : ConnectionTester::tr(
                                "%1 accepted the key but is limiting requests right now: try "
                                "again in %n second(s).",
                                nullptr, seconds)
                                .arg(host),
                      error);
    }
    return warned(crm ? ConnectionTester::tr(
                            "The CRM at %1 is reachable but limiting requests right now: try "
                            "again in a minute.")
                            .arg(host)
                      : ConnectionTester::tr(
                            "%1 accepted the key but is limiting requests right now: try again "
                            "in a minute.")
                            .arg(host),
                  error);
}

// What the model endpoint's failure means for the settings in the form.
Verdict modelFailure(const OutreachError &error, const ModelEndpoint &endpoint) {
    const QString host = hostLabel(endpoint.baseUrl);
    const int status = error.httpStatus();
    if (error.code() == OutreachError::Code::Cancelled)
        return failed(ConnectionTester::tr("Stopped."), error);
    if (error.code() == OutreachError::Code::Network)
        return failed(
            status == 0
                ? ConnectionTester::tr("Cannot reach %1: check the address and the network "
                                       "connection.")
                      .arg(host)
                : ConnectionTester::tr("The connection to %1 broke off during the answer: try "
                                       "again.")
                      .arg(host),
            error);
    if (status == 0) // refused before sending (plain HTTP to a remote host), or too large
        return failed(error.message(), error);
    if (status == 401 || status == 403)
        return failed(
            endpoint.apiKey.isEmpty()
                ? ConnectionTester::tr("%1 needs an API key, and none is set.").arg(host)
                : ConnectionTester::tr("%1 refused the API key: check it, or paste a new one.")
                      .arg(host),
            error);
    if (status == 404)
        return failed(endpoint.isAzureDeployment()
                          ? ConnectionTester::tr(
                                "%1 was reached but does not know this deployment: check the "
                                "resource URL, the deployment name and the API version.")
                                .arg(host)
                          : ConnectionTester::tr(
                                "%1 was reached but does not know this address or model: check "
                                "the base URL and the model name.")
                                .arg(host),
                      error);
    // Authentication comes before the body is looked at, so the key is fine; the generator
    // adapts to the usual refusals (an output limit or temperature the model does not take).
    if (status == 400)
        return warned(
            ConnectionTester::tr("Connected to %1, but it refused the test request.").arg(host),
            error);
    if (status == 429)
        return rateLimited(host, error, false);
    if (status >= 500)
        return failed(ConnectionTester::tr(
                          "%1 is reachable but failing right now (server error %2): try again "
                          "later.")
                          .arg(host)
                          .arg(status),
                      error);
    return failed(
        ConnectionTester::tr("%1 answered with an unexpected error (%2).").arg(host).arg(status),
        error);
}

// A 2xx answer: a chat.completion, or something else that happens to live at that address.
Verdict modelAnswer(const QByteArray &body, const ModelEndpoint &endpoint, qint64 elapsedMs) {
    const QString host = hostLabel(endpoint.baseUrl);
    const QJsonObject answer = QJsonDocument::fromJson(body).object();
    if (answer.value(u"choices"_s).isArray()) {
        QString model = answer.value(u"model"_s).toString();
        if (model.isEmpty())
            model = endpoint.isAzureDeployment() ? endpoint.deployment : endpoint.model;
        return succeeded(
            ConnectionTester::tr("Connected: %1 answered in %2 ms.").arg(model).arg(elapsedMs));
    }
    if (answer.contains(u"error"_s)) {
        const QJsonValue inner = answer.value(u"error"_s);
        const QString words =
            inner.isObject() ? inner.toObject().value(u"message"_s).toString() : inner.toString();
        OutreachError error(OutreachError::Code::ApiError, words);
        error.setHttpStatus(200);
        return failed(
            ConnectionTester::tr("%1 answered, but with an error instead of a reply.").arg(host),
            error);
    }
    OutreachError error(OutreachError::Code::ApiError,
                        ConnectionTester::tr("The answer was not a chat completion: %1")
                            .arg(QString::fromUtf8(body.left(120)).simplified()));
    error.setHttpStatus(200);
    return failed(ConnectionTester::tr(
                      "Something answered at %1, but not like a Chat Completions endpoint: check "
                      "the base URL (it usually ends in /v1).")
                      .arg(host),
                  error);
}

// What the CRM's failure means for the address and token in the form.
Verdict crmFailure(const OutreachError &error, const QUrl &baseUrl) {
    const QString host = hostLabel(baseUrl);
    const int status = error.httpStatus();
    if (error.code() == OutreachError::Code::Cancelled)
        return failed(ConnectionTester::tr("Stopped."), error);
    if (error.code() == OutreachError::Code::Network)
        return failed(
            status == 0
                ? ConnectionTester::tr("Cannot reach the CRM at %1: check the address and the "
                                       "network connection.")
                      .arg(host)
                : ConnectionTester::tr("The connection to the CRM at %1 broke off during the "
                                       "answer: try again.")
                      .arg(host),
            error);
    // A 2xx whose body is not a ticket page: some other web server lives at that address.
    if (error.code() == OutreachError::Code::ContextInvalid)
        return failed(
            ConnectionTester::tr("Something answered at %1, but not like the CRM's API: check the "
                                 "address.")
                .arg(host),
            error);
    if (status == 0)
        return failed(error.message(), error);
    if (status == 401 || status == 403)
        return failed(
            ConnectionTester::tr("The CRM at %1 refused the token: check it, or paste a new one.")
                .arg(host),
            error);
    if (status == 404)
        return failed(ConnectionTester::tr(
                          "%1 answered, but has no CRM API at this address: check the base URL "
                          "(and any path after the host).")
                          .arg(host),
                      error);
    if (status == 429)
        return rateLimited(host, error, true);
    if (status >= 500)
        return failed(ConnectionTester::tr(
                          "The CRM at %1 is reachable but failing right now (server error %2): "
                          "try again later.")
                          .arg(host)
                          .arg(status),
                      error);
    // Unlike the model endpoint's, this request is exactly what every sync sends: a refusal
    // means syncing will not work either.
    return failed(ConnectionTester::tr(
                      "The CRM at %1 refused the test request (%2): it may speak another version "
                      "of the API.")
                      .arg(host)
                      .arg(status),
                  error);
}

HttpLimits testLimits(std::chrono::milliseconds deadline) {
    HttpLimits limits;
    limits.deadline = deadline;
    limits.inactivity = deadline;
    // A test answer is tiny; an address that serves a large file is wrong anyway.
    limits.maxBodyBytes = 1024 * 1024;
    return limits;
}

} // namespace

ConnectionTester::ConnectionTester(QObject *parent)
    : QObject(parent) {}

QByteArray ConnectionTester::modelRequestBody(const ModelEndpoint &endpoint) {
    QJsonObject body{
        {u"messages"_s,
         QJsonArray{QJsonObject{{u"role"_s, u"user"_s}, {u"content"_s, u"Reply with OK."_s}}}},
        {u"stream"_s, false},
    };
    // An Azure deployment URL names the model already; elsewhere the model is required.
    if (!endpoint.model.isEmpty() || !endpoint.isAzureDeployment())
        body.insert(u"model"_s, endpoint.model);
    body.insert(endpoint.provider == ModelEndpoint::Provider::Compatible
                    ? u"max_tokens"_s
                    : u"max_completion_tokens"_s,
                5);
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

QCoro::Task<ConnectionTester::Verdict> ConnectionTester::testModel(ModelEndpoint endpoint) {
    if (const Result<void> valid = endpoint.validate(); !valid.ok())
        co_return failed(valid.error().message(), valid.error());

    // Owned by this tester: destroying the tester drops the request, and this coroutine is then
    // never resumed (HttpTransport's lifetime rule).
    auto *transport = new HttpTransport(tr("the model endpoint"), this);
    transport->setLimits(testLimits(m_deadline));
    OutgoingRequest request;
    request.method = "POST"_ba;
    request.url = endpoint.chatCompletionsUrl();
    request.headers = endpoint.authHeaders();
    request.headers.append({"Content-Type"_ba, "application/json"_ba});
    request.headers.append({"Accept"_ba, "application/json"_ba});
    request.body = modelRequestBody(endpoint);

    QElapsedTimer clock;
    clock.start();
    QCoro::Task<Result<IncomingResponse>> sending = transport->send(request);
    const Result<IncomingResponse> response = co_await sending;
    const qint64 elapsedMs = clock.elapsed();
    transport->deleteLater();

    Verdict outcome = response.ok() ? modelAnswer(response->body, endpoint, elapsedMs)
                                    : modelFailure(response.error(), endpoint);
    outcome.elapsed = std::chrono::milliseconds(elapsedMs);
    co_return outcome;
}

QCoro::Task<ConnectionTester::Verdict> ConnectionTester::testCrm(QUrl baseUrl, QString token) {
    if (!baseUrl.isValid() || baseUrl.host().isEmpty()) {
        const OutreachError missing(OutreachError::Code::Auth,
                                    tr("Enter the CRM's address, e.g. https://crm.example.com."));
        co_return failed(missing.message(), missing);
    }
    if (const Result<void> secure = HttpTransport::checkTransportSecurity(baseUrl, tr("the CRM"));
        !secure.ok())
        co_return failed(secure.error().message(), secure.error());
    if (token.trimmed().isEmpty()) {
        const OutreachError missing(OutreachError::Code::Auth,
                                    tr("Enter the CRM token: the test signs in with it."));
        co_return failed(missing.message(), missing);
    }

    auto *client = new RestCrmConnector(this); // owned like the model test's transport
    client->setBaseUrl(baseUrl);
    client->setToken(token.trimmed());
    RetryPolicy once;
    once.maxRetries = 0;
    client->transport()->setRetryPolicy(once);
    client->transport()->setLimits(testLimits(m_deadline));

    QElapsedTimer clock;
    clock.start();
    QCoro::Task<Result<TicketPage>> fetching = client->ticketPage(QDateTime(), QString(), 1);
    const Result<TicketPage> page = co_await fetching;
    const qint64 elapsedMs = clock.elapsed();
    client->deleteLater();

    Verdict outcome = page.ok() ? succeeded(tr("Connected to %1.").arg(hostLabel(baseUrl)),
                                            tr("The CRM answered in %1 ms.").arg(elapsedMs))
                                : crmFailure(page.error(), baseUrl);
    outcome.elapsed = std::chrono::milliseconds(elapsedMs);
    co_return outcome;
}

QCoro::Task<ConnectionTester::Verdict> ConnectionTester::testHubSpot(QUrl baseUrl, QString token) {
    if (baseUrl.isEmpty())
        baseUrl = QUrl(QString::fromLatin1(HubSpotConnector::DefaultBaseUrl));
    if (const Result<void> secure = HttpTransport::checkTransportSecurity(baseUrl, tr("HubSpot"));
        !secure.ok())
        co_return failed(secure.error().message(), secure.error());
    if (token.trimmed().isEmpty()) {
        const OutreachError missing(
            OutreachError::Code::Auth,
            tr("Paste the private app's access token: the test signs in with it."));
        co_return failed(missing.message(), missing);
    }
    QPointer<ConnectionTester> self(this);
    auto *hubSpot = new HubSpotConnector(this);
    hubSpot->setBaseUrl(baseUrl);
    hubSpot->setToken(token.trimmed());
    RetryPolicy once;
    once.maxRetries = 0;
    hubSpot->transport()->setRetryPolicy(once);
    hubSpot->transport()->setLimits(testLimits(m_deadline));

    QElapsedTimer clock;
    clock.start();
    QCoro::Task<Result<QStringList>> asking = hubSpot->grantedScopes();
    const Result<QStringList> granted = co_await asking;
    if (!self)
        co_return Verdict();
    if (!granted.ok()) {
        hubSpot->deleteLater();
        Verdict outcome = granted.error().httpStatus() == 401
                              ? failed(granted.error().message(), granted.error())
                              : crmFailure(granted.error(), baseUrl);
        outcome.elapsed = std::chrono::milliseconds(clock.elapsed());
        co_return outcome;
    }
    QStringList missing;
    for (const QString &scope : HubSpotConnector::requiredScopes()) {
        if (!granted->contains(scope))
            missing.append(scope);
    }
    if (!missing.isEmpty()) {
        hubSpot->deleteLater();
        OutreachError error(
            OutreachError::Code::Auth,
            tr("The private app lacks these scopes: %1.").arg(missing.join(u", "_s)));
        error.setServerCode(u"MISSING_SCOPES"_s);
        error.setServerParam(missing.join(u' '));
        Verdict outcome = failed(tr("HubSpot accepted the token, but the private app lacks %1. "
                                    "Add them under Settings → Integrations → Private apps → "
                                    "Scopes in HubSpot.")
                                     .arg(missing.join(u", "_s)),
                                 error);
        outcome.elapsed = std::chrono::milliseconds(clock.elapsed());
        co_return outcome;
    }
    QCoro::Task<Result<TicketPage>> fetching = hubSpot->ticketPage(QDateTime(), QString(), 1);
    const Result<TicketPage> page = co_await fetching;
    if (!self)
        co_return Verdict();
    const qint64 elapsedMs = clock.elapsed();
    hubSpot->deleteLater();
    Verdict outcome =
        page.ok() ? succeeded(tr("Connected to HubSpot; the private app has every scope needed."),
                              tr("HubSpot answered in %1 ms.").arg(elapsedMs))
        : page.error().httpStatus() == 403 || page.error().httpStatus() == 401
            ? failed(page.error().message(), page.error())
            : crmFailure(page.error(), baseUrl);
    outcome.elapsed = std::chrono::milliseconds(elapsedMs);
    co_return outcome;
}

QCoro::Task<ConnectionTester::Verdict> ConnectionTester::testMail(MailSettings settings,
                                                                  QString password) {
    const MailAccount &account = settings.account;
    if (account.host.isEmpty()) {
        const OutreachError missing(OutreachError::Code::Auth,
                                    tr("Enter the IMAP server, e.g. imap.example.com."));
        co_return failed(missing.message(), missing);
    }
    if (account.user.isEmpty()) {
        const OutreachError missing(
            OutreachError::Code::Auth,
            tr("Enter the user name you sign in to %1 with.").arg(account.host));
        co_return failed(missing.message(), missing);
    }
    if (password.isEmpty()) {
        const OutreachError missing(OutreachError::Code::Auth,
                                    tr("Enter the mail password: the test signs in with it."));
        co_return failed(missing.message(), missing);
    }
    Result<ImapConnection::Options> options = settings.connectionOptions();
    if (!options.ok())
        co_return failed(options.error().message(), options.error());
    // No answer may take longer than the whole test is allowed to.
    options->timeout = std::min(options->timeout, m_deadline);

    // Owned by this tester, like the HTTP tests' transports: destroying the tester destroys the
    // connection, and this coroutine, which waits only on the connection, is never resumed.
    QPointer<ConnectionTester> self(this);
    auto *connection = new ImapConnection(options.value(), this);
    const auto finish = [connection](Verdict outcome, const QElapsedTimer &clock) {
        connection->deleteLater();
        outcome.elapsed = std::chrono::milliseconds(clock.elapsed());
        return outcome;
    };
    const auto stepFailed = [](const OutreachError &error) {
        return error.code() == OutreachError::Code::Cancelled
                   ? failed(ConnectionTester::tr("Stopped."), error)
                   : failed(error.message(), error);
    };

    QElapsedTimer clock;
    clock.start();
    QCoro::Task<Result<void>> opening = connection->open(account, password);
    const Result<void> opened = co_await opening;
    if (!self)
        co_return Verdict();
    if (!opened.ok())
        co_return finish(stepFailed(opened.error()), clock);
    const QString loggedIn = tr("Logged in as %1 on %2").arg(account.user, account.host);

    QCoro::Task<Result<QString>> findingDrafts =
        connection->findMailbox(u"\\Drafts"_s, DraftsUploader::draftsFallbackNames());
    const Result<QString> drafts = co_await findingDrafts;
    if (!self)
        co_return Verdict();
    if (!drafts.ok()) {
        QCoro::Task<void> closing = connection->logout();
        co_await closing;
        if (!self)
            co_return Verdict();
        if (drafts.error().code() == OutreachError::Code::Cancelled)
            co_return finish(stepFailed(drafts.error()), clock);
        co_return finish(failed(tr("%1, but found no Drafts folder, so Save to Drafts cannot "
                                   "work.")
                                    .arg(loggedIn),
                                drafts.error()),
                         clock);
    }

    QCoro::Task<Result<QString>> findingSent =
        connection->findMailbox(u"\\Sent"_s, MailOutcomeWatcher::sentFallbackNames());
    const Result<QString> sent = co_await findingSent;
    if (!self)
        co_return Verdict();
    const bool idle = connection->hasCapability(u"IDLE");
    QCoro::Task<void> closing = connection->logout();
    co_await closing;
    if (!self)
        co_return Verdict();

    const QString idleText =
        idle ? tr("the server offers IDLE")
             : tr("the server does not offer IDLE, so the mailbox is checked every %n second(s)",
                  nullptr, settings.pollSeconds);
    const QString detail = tr("The mail server answered in %1 ms.").arg(clock.elapsed());
    if (!sent.ok()) {
        if (sent.error().code() == OutreachError::Code::Cancelled)
            co_return finish(stepFailed(sent.error()), clock);
        // Drafts work; only watching for outcomes does not.
        co_return finish(warned(tr("%1; drafts go to “%2”; but no Sent folder was found, so "
                                   "sent mail cannot be watched; %3.")
                                    .arg(loggedIn, drafts.value(), idleText),
                                sent.error()),
                         clock);
    }
    co_return finish(succeeded(tr("%1; drafts go to “%2”; sent mail is read from “%3”; %4.")
                                   .arg(loggedIn, drafts.value(), sent.value(), idleText),
                               detail),
                     clock);
}

void ConnectionTester::cancel() {
    const QList<ImapConnection *> connections = findChildren<ImapConnection *>();
    for (ImapConnection *connection : connections)
        connection->abort();
    // Recursive: the CRM client's transport is a grandchild.
    const QList<HttpTransport *> transports = findChildren<HttpTransport *>();
    for (HttpTransport *transport : transports)
        transport->abortAll();
}
