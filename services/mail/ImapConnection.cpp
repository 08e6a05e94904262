// SPDX-License-Identifier: GPL-3.0-or-later
#include "mail/ImapConnection.h"

#include "mail/ImapMailboxName.h"
#include "platform/LogCategories.h"

#include <QDeadlineTimer>
#include <QPointer>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTimeZone>
#include <QTimer>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

using Part = ImapSearch::Part;

bool quotable(const QString &text) {
    for (const QChar c : text) {
        if (c.unicode() < 0x20 || c.unicode() > 0x7e)
            return false;
    }
    return true;
}

// "\\Draft", "$Forwarded", "Junk": an optional backslash and atom characters, so a flag can
// never end the command line or open a string.
bool isFlag(const QString &flag) {
    const QString name = flag.startsWith(u'\\') ? flag.mid(1) : flag;
    if (name.isEmpty())
        return false;
    for (const QChar c : name) {
        const char16_t u = c.unicode();
        if (u <= 0x20 || u >= 0x7f || u == u'(' || u == u')' || u == u'{' || u == u'"' || u == u'\\'
            || u == u'%' || u == u'*' || u == u']')
            return false;
    }
    return true;
}

QString describeSslError(const QSslError &error) {
    switch (error.error()) {
    case QSslError::SelfSignedCertificate:
    case QSslError::SelfSignedCertificateInChain:
        return QObject::tr("it is self-signed and not trusted (%1)").arg(error.errorString());
    case QSslError::UnableToGetLocalIssuerCertificate:
    case QSslError::UnableToGetIssuerCertificate:
    case QSslError::UnableToVerifyFirstCertificate:
        return QObject::tr("it is signed by a certificate authority this computer does not "
                           "trust (%1)")
            .arg(error.errorString());
    case QSslError::HostNameMismatch:
        return QObject::tr("it was issued for another host name (%1)").arg(error.errorString());
    case QSslError::CertificateExpired:
        return QObject::tr("it has expired (%1)").arg(error.errorString());
    case QSslError::CertificateNotYetValid:
        return QObject::tr("it is not valid yet (%1)").arg(error.errorString());
    case QSslError::CertificateRevoked:
        return QObject::tr("it has been revoked (%1)").arg(error.errorString());
    default:
        return error.errorString();
    }
}

bool isChangeResponse(const ImapResponse &response) {
    return response.kind == ImapResponse::Kind::Untagged && response.number
           && (response.name == "EXISTS" || response.name == "EXPUNGE" || response.name == "FETCH");
}

} // namespace

ImapConnection::ImapConnection(Options options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_waitTimer(new QTimer(this)) {
    m_waitTimer->setSingleShot(true);
    connect(m_waitTimer, &QTimer::timeout, this, &ImapConnection::resumeWaiter);
}

void ImapConnection::ActivityWait::await_suspend(std::coroutine_handle<> handle) {
    connection->m_waiter = handle;
    connection->m_waitTimer->start(timeout);
}

void ImapConnection::wake() {
    if (!m_waiter || m_wakePosted)
        return;
    m_wakePosted = true;
    QMetaObject::invokeMethod(this, &ImapConnection::resumeWaiter, Qt::QueuedConnection);
}

void ImapConnection::resumeWaiter() {
    m_wakePosted = false;
    if (!m_waiter)
        return;
    m_waitTimer->stop();
    std::exchange(m_waiter, nullptr).resume();
}

ImapConnection::~ImapConnection() {
    closeSocket();
}

void ImapConnection::closeSocket() {
    if (!m_socket)
        return;
    QObject::disconnect(m_socket, nullptr, this, nullptr);
    m_socket->abort();
    m_socket->deleteLater();
    m_socket = nullptr;
}

bool ImapConnection::isOpen() const {
    return m_loggedIn && !m_broken && m_socket;
}

bool ImapConnection::hasCapability(QStringView capability) const {
    return std::any_of(m_capabilities.cbegin(), m_capabilities.cend(), [&](const QString &c) {
        return QStringView(c).compare(capability, Qt::CaseInsensitive) == 0;
    });
}

QString ImapConnection::serverName() const {
    return u"%1:%2"_s.arg(m_account.host).arg(m_account.port);
}

void ImapConnection::write(const QByteArray &bytes) {
    if (m_socket)
        m_socket->write(bytes);
}

void ImapConnection::abort() {
    fail(OutreachError(OutreachError::Code::Cancelled,
                       tr("The connection to the mail server %1 was closed.").arg(serverName())));
    closeSocket();
    // The owner is closing it: the command in progress ends now, not on a later turn of the
    // event loop, so nothing is left waiting on a connection about to be destroyed.
    resumeWaiter();
}

void ImapConnection::fail(const OutreachError &error) {
    if (!m_broken) {
        m_broken = error;
        if (!m_closing)
            qCInfo(lcMail).noquote()
                << "connection to" << serverName() << "failed:" << error.message();
    }
    wake();
}

OutreachError ImapConnection::brokenError() const {
    if (m_broken)
        return *m_broken;
    OutreachError error(OutreachError::Code::Network,
                        tr("The connection to the mail server %1 is not open.").arg(serverName()));
    return error;
}

OutreachError ImapConnection::tlsError() const {
    QStringList problems;
    for (const QSslError &error : m_sslErrors)
        problems.append(describeSslError(error));
    problems.removeDuplicates();
    return OutreachError(OutreachError::Code::Network,
                         tr("The certificate of %1 is not accepted: %2. No password was sent.")
                             .arg(m_account.host, problems.join(u"; "_s)));
}

OutreachError ImapConnection::timeoutError() const {
    OutreachError error(OutreachError::Code::Network,
                        tr("The mail server %1 did not answer within %2 seconds.")
                            .arg(serverName())
                            .arg(double(m_options.timeout.count()) / 1000.0, 0, 'g', 3));
    error.setTransient(true);
    return error;
}

OutreachError ImapConnection::serverError(const QString &what, const ImapResponse &response) const {
    const QString text =
        response.text.isEmpty() ? QString::fromLatin1(response.status) : response.text;
    return OutreachError(OutreachError::Code::ApiError,
                         tr("The mail server %1 refused to %2: %3").arg(serverName(), what, text));
}

void ImapConnection::noteCapabilities(const ImapResponse &response) {
    const QList<ImapValue> *values = nullptr;
    if (response.code == "CAPABILITY")
        values = &response.codeArgs;
    else if (response.kind == ImapResponse::Kind::Untagged && response.name == "CAPABILITY")
        values = &response.data;
    if (!values)
        return;
    m_capabilities.clear();
    ++m_capabilityUpdates;
    for (const ImapValue &value : *values) {
        if (value.isAtom())
            m_capabilities.append(QString::fromLatin1(value.bytes).toUpper());
    }
}

void ImapConnection::onReadyRead() {
    if (!m_socket)
        return;
    m_parser.feed(m_socket->readAll());
    while (m_parser.hasResponse()) {
        ImapResponse response = m_parser.takeResponse();
        noteCapabilities(response);
        m_queue.append(std::move(response));
    }
    if (m_parser.hasError())
        fail(OutreachError(OutreachError::Code::Network,
                           tr("The mail server %1 broke the protocol: %2")
                               .arg(serverName(), m_parser.errorString())));
    wake();
}

QCoro::Task<Result<ImapResponse>> ImapConnection::nextResponse(std::chrono::milliseconds timeout) {
    QPointer<ImapConnection> self(this);
    QDeadlineTimer deadline(timeout);
    for (;;) {
        if (!m_queue.isEmpty())
            co_return m_queue.takeFirst();
        if (m_broken || !m_socket)
            co_return brokenError();
        const auto left = std::chrono::milliseconds(qMax<qint64>(0, deadline.remainingTime()));
        if (left.count() == 0) {
            OutreachError error = timeoutError();
            fail(error);
            closeSocket();
            co_return error;
        }
        co_await waitForActivity(left);
        if (!self)
            co_return OutreachError(OutreachError::Code::Cancelled, QString());
    }
}

ImapSearch::Part ImapConnection::stringArgument(const QString &text) {
    if (quotable(text)) {
        QByteArray quoted = text.toLatin1();
        quoted.replace('\\', "\\\\");
        quoted.replace('"', "\\\"");
        return {'"' + quoted + '"', false};
    }
    return {text.toUtf8(), true};
}

ImapConnection::Claim::Claim(ImapConnection *owner)
    : connection(owner) {
    owner->m_busy = true;
}

ImapConnection::Claim::~Claim() {
    if (connection)
        connection->m_busy = false;
}

OutreachError ImapConnection::busyError() const {
    return OutreachError(
        OutreachError::Code::ApiError,
        tr("Another command is still running on the connection to %1.").arg(serverName()));
}

QCoro::Task<Result<ImapConnection::Reply>> ImapConnection::command(QList<Part> parts, QString what,
                                                                   bool secret) {
    QPointer<ImapConnection> self(this);
    if (m_broken || !m_socket)
        co_return brokenError();
    if (m_busy)
        co_return busyError();
    const Claim claim(this);

    const QByteArray tag = 'a' + QByteArray::number(++m_nextTag);
    if (!secret && lcMail().isDebugEnabled()) {
        QByteArray shown;
        for (const Part &part : std::as_const(parts))
            shown += part.literal ? '{' + QByteArray::number(part.bytes.size()) + '}' : part.bytes;
        qCDebug(lcMail).noquote() << serverName() << "<<" << tag << shown;
    } else if (secret) {
        qCDebug(lcMail).noquote() << serverName() << "<<" << tag << what << "(credentials hidden)";
    }

    Reply reply;
    const bool literalPlus = hasCapability(u"LITERAL+");
    QByteArray line = tag + ' ';
    for (const Part &part : std::as_const(parts)) {
        if (!part.literal) {
            line += part.bytes;
            continue;
        }
        const QByteArray size = QByteArray::number(part.bytes.size());
        if (literalPlus) {
            line += '{' + size + "+}\r\n" + part.bytes;
            continue;
        }
        write(line + '{' + size + "}\r\n");
        line.clear();
        // The server says "+" when it is ready for the literal (or refuses the command).
        for (;;) {
            auto next = nextResponse(m_options.timeout);
            Result<ImapResponse> response = co_await next;
            if (!self)
                co_return OutreachError(OutreachError::Code::Cancelled, QString());
            if (!response.ok())
                co_return response.error();
            if (response->kind == ImapResponse::Kind::Continuation)
                break;
            if (response->kind == ImapResponse::Kind::Tagged && response->tag == tag)
                co_return serverError(what, *response);
            reply.untagged.append(std::move(response).value());
        }
        line = part.bytes;
    }
    write(line + "\r\n");

    for (;;) {
        auto next = nextResponse(m_options.timeout);
        Result<ImapResponse> response = co_await next;
        if (!self)
            co_return OutreachError(OutreachError::Code::Cancelled, QString());
        if (!response.ok())
            co_return response.error();
        if (response->kind == ImapResponse::Kind::Tagged) {
            if (response->tag != tag) {
                OutreachError error(OutreachError::Code::Network,
                                    tr("The mail server %1 answered a command that was not sent "
                                       "(tag %2).")
                                        .arg(serverName(), QString::fromLatin1(response->tag)));
                fail(error);
                closeSocket();
                co_return error;
            }
            if (response->status != "OK")
                co_return serverError(what, *response);
            reply.tagged = std::move(response).value();
            co_return reply;
        }
        if (response->kind == ImapResponse::Kind::Untagged && response->status == "BYE") {
            OutreachError error(OutreachError::Code::Network,
                                tr("The mail server %1 closed the connection: %2")
                                    .arg(serverName(), response->text));
            error.setTransient(true);
            fail(error);
            closeSocket();
            co_return error;
        }
        if (response->kind == ImapResponse::Kind::Continuation) {
            // Only literals and IDLE wait for "+", and neither is in flight here.
            OutreachError error(OutreachError::Code::Network,
                                tr("The mail server %1 asked for more than the command "
                                   "had to send.")
                                    .arg(serverName()));
            fail(error);
            closeSocket();
            co_return error;
        }
        reply.untagged.append(std::move(response).value());
    }
}

QCoro::Task<Result<void>> ImapConnection::open(MailAccount account, QString password) {
    QPointer<ImapConnection> self(this);
    closeSocket();
    m_account = std::move(account);
    m_account.host = m_account.host.trimmed();
    m_broken.reset();
    m_sslErrors.clear();
    m_queue.clear();
    m_capabilities.clear();
    m_selected.clear();
    m_loggedIn = false;
    m_busy = false;
    m_closing = false;
    m_parser = ImapResponseParser();

    if (!m_account.isComplete())
        co_return OutreachError(OutreachError::Code::Auth,
                                tr("The mail account needs a server, a port and a user name."));
    if (m_account.security == MailAccount::Security::None
        && !MailAccount::isLoopback(m_account.host))
        co_return OutreachError(
            OutreachError::Code::Auth,
            tr("Refusing to send the mail password to %1 unencrypted. Choose TLS or STARTTLS; "
               "an unencrypted connection is only allowed to this computer (localhost).")
                .arg(m_account.host));

    m_socket = new QSslSocket(this);
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.addCaCertificates(m_options.extraCaCertificates);
    configuration.setPeerVerifyMode(QSslSocket::VerifyPeer);
    m_socket->setSslConfiguration(configuration);
    m_socket->setPeerVerifyName(m_account.host);
    connect(m_socket, &QSslSocket::readyRead, this, &ImapConnection::onReadyRead);
    connect(m_socket, &QSslSocket::connected, this, &ImapConnection::wake);
    connect(m_socket, &QSslSocket::encrypted, this, &ImapConnection::wake);
    connect(m_socket, &QSslSocket::sslErrors, this, [this](const QList<QSslError> &errors) {
        // Recorded for the message, never ignored: the handshake fails.
        m_sslErrors.append(errors);
        wake();
    });
    connect(m_socket, &QSslSocket::errorOccurred, this, [this](QAbstractSocket::SocketError) {
        if (!m_socket)
            return;
        if (!m_sslErrors.isEmpty()) {
            fail(tlsError());
            return;
        }
        const bool handshake =
            m_socket->mode() != QSslSocket::UnencryptedMode && !m_socket->isEncrypted();
        OutreachError error(OutreachError::Code::Network,
                            handshake ? tr("The secure connection to the mail server %1 failed: "
                                           "%2")
                                            .arg(serverName(), m_socket->errorString())
                                      : tr("The connection to the mail server %1 failed: %2")
                                            .arg(serverName(), m_socket->errorString()));
        error.setTransient(!handshake);
        fail(error);
    });
    connect(m_socket, &QSslSocket::disconnected, this, [this] {
        OutreachError error(OutreachError::Code::Network,
                            tr("The mail server %1 closed the connection.").arg(serverName()));
        error.setTransient(true);
        fail(error);
    });

    qCInfo(lcMail).noquote() << "connecting to" << serverName() << "with"
                             << MailAccount::securityName(m_account.security) << "as"
                             << m_account.user;
    const bool implicitTls = m_account.security == MailAccount::Security::Tls;
    if (implicitTls)
        m_socket->connectToHostEncrypted(m_account.host, m_account.port);
    else
        m_socket->connectToHost(m_account.host, m_account.port);

    if (implicitTls) {
        auto secured = secure(false);
        const Result<void> tls = co_await secured;
        if (!self)
            co_return OutreachError(OutreachError::Code::Cancelled, QString());
        if (!tls.ok()) {
            closeSocket();
            co_return tls.error();
        }
    }

    auto greetingTask = nextResponse(m_options.timeout);
    Result<ImapResponse> greeting = co_await greetingTask;
    if (!self)
        co_return OutreachError(OutreachError::Code::Cancelled, QString());
    if (!greeting.ok()) {
        closeSocket();
        co_return greeting.error();
    }
    if (greeting->kind != ImapResponse::Kind::Untagged
        || (greeting->status != "OK" && greeting->status != "PREAUTH")) {
        closeSocket();
        co_return OutreachError(OutreachError::Code::Network,
                                tr("The mail server %1 did not greet as an IMAP server does: %2")
                                    .arg(serverName(), greeting->text));
    }
    const bool preauth = greeting->status == "PREAUTH";

    if (m_account.security == MailAccount::Security::StartTls) {
        if (m_capabilities.isEmpty()) {
            auto refreshed = refreshCapabilities();
            const Result<void> capabilities = co_await refreshed;
            if (!self)
                co_return OutreachError(OutreachError::Code::Cancelled, QString());
            if (!capabilities.ok()) {
                closeSocket();
                co_return capabilities.error();
            }
        }
        if (!hasCapability(u"STARTTLS")) {
            closeSocket();
            co_return OutreachError(
                OutreachError::Code::Network,
                tr("The mail server %1 does not offer STARTTLS, so the password would travel "
                   "unencrypted; nothing was sent. Use TLS (usually port 993) instead.")
                    .arg(serverName()));
        }
        auto started = command({{"STARTTLS", false}}, tr("start TLS"));
        const Result<Reply> startTls = co_await started;
        if (!self)
            co_return OutreachError(OutreachError::Code::Cancelled, QString());
        if (!startTls.ok()) {
            closeSocket();
            co_return startTls.error();
        }
        // Anything already received in plain text could have been injected by someone in the
        // middle: it must not be read as if it came over TLS.
        if (!m_queue.isEmpty() || m_parser.hasPendingBytes() || m_socket->bytesAvailable() > 0) {
            closeSocket();
            co_return OutreachError(OutreachError::Code::Network,
                                    tr("The mail server %1 sent data before TLS began; the "
                                       "connection was closed.")
                                        .arg(serverName()));
        }
        m_capabilities.clear();
        m_parser = ImapResponseParser();
        m_socket->startClientEncryption();
        auto secured = secure(true);
        const Result<void> tls = co_await secured;
        if (!self)
            co_return OutreachError(OutreachError::Code::Cancelled, QString());
        if (!tls.ok()) {
            closeSocket();
            co_return tls.error();
        }
    }

    if (m_capabilities.isEmpty() || m_account.security == MailAccount::Security::StartTls) {
        auto refreshed = refreshCapabilities();
        const Result<void> capabilities = co_await refreshed;
        if (!self)
            co_return OutreachError(OutreachError::Code::Cancelled, QString());
        if (!capabilities.ok()) {
            closeSocket();
            co_return capabilities.error();
        }
    }

    if (!preauth) {
        const int updatesBefore = m_capabilityUpdates;
        auto loggingIn = login(std::move(password));
        const Result<void> loggedIn = co_await loggingIn;
        if (!self)
            co_return OutreachError(OutreachError::Code::Cancelled, QString());
        if (!loggedIn.ok()) {
            closeSocket();
            co_return loggedIn.error();
        }
        // Servers offer more once logged in (IDLE, SPECIAL-USE); ask when the login's answer
        // did not say.
        if (m_capabilityUpdates == updatesBefore) {
            auto refreshed = refreshCapabilities();
            const Result<void> capabilities = co_await refreshed;
            if (!self)
                co_return OutreachError(OutreachError::Code::Cancelled, QString());
            if (!capabilities.ok()) {
                closeSocket();
                co_return capabilities.error();
            }
        }
    }
    m_loggedIn = true;
    qCInfo(lcMail).noquote() << "logged in to" << serverName() << "as" << m_account.user;
    co_return Result<void>();
}

QCoro::Task<Result<void>> ImapConnection::secure(bool startTls) {
    QPointer<ImapConnection> self(this);
    QDeadlineTimer deadline(m_options.timeout);
    for (;;) {
        if (!m_sslErrors.isEmpty())
            co_return tlsError();
        if (m_broken)
            co_return *m_broken;
        if (!m_socket)
            co_return brokenError();
        if (m_socket->isEncrypted())
            co_return Result<void>();
        const auto left = std::chrono::milliseconds(qMax<qint64>(0, deadline.remainingTime()));
        if (left.count() == 0)
            co_return OutreachError(
                OutreachError::Code::Network,
                startTls ? tr("The mail server %1 did not complete STARTTLS within %2 seconds.")
                               .arg(serverName())
                               .arg(double(m_options.timeout.count()) / 1000.0, 0, 'g', 3)
                         : timeoutError().message());
        co_await waitForActivity(left);
        if (!self)
            co_return OutreachError(OutreachError::Code::Cancelled, QString());
    }
}

QCoro::Task<Result<void>> ImapConnection::refreshCapabilities() {
    QPointer<ImapConnection> self(this);
    auto asked = command({{"CAPABILITY", false}}, tr("list its capabilities"));
    const Result<Reply> reply = co_await asked;
    if (!self)
        co_return OutreachError(OutreachError::Code::Cancelled, QString());
    if (!reply.ok())
        co_return reply.error();
    co_return Result<void>();
}

QCoro::Task<Result<void>> ImapConnection::login(QString password) {
    QPointer<ImapConnection> self(this);
    if (hasCapability(u"LOGINDISABLED"))
        co_return OutreachError(
            OutreachError::Code::Auth,
            tr("The mail server %1 does not allow logging in on this connection "
               "(LOGINDISABLED). Choose TLS or STARTTLS in the mail settings.")
                .arg(serverName()));

    const auto refused = [this](const OutreachError &error) {
        if (error.code() != OutreachError::Code::ApiError)
            return error;
        // The server's words stay (they say whether the password or the account is at fault),
        // and the message never carries the password.
        const QString prefix =
            tr("The mail server %1 refused to %2: ").arg(serverName(), tr("log in"));
        QString detail = error.message();
        if (detail.startsWith(prefix))
            detail = detail.mid(prefix.size());
        return OutreachError(OutreachError::Code::Auth,
                             tr("The mail server %1 did not accept the login of %2: %3")
                                 .arg(serverName(), m_account.user, detail));
    };

    if (hasCapability(u"AUTH=PLAIN")) {
        const QByteArray initial =
            QByteArray(QByteArray(1, '\0') + m_account.user.toUtf8() + '\0' + password.toUtf8())
                .toBase64();
        if (hasCapability(u"SASL-IR")) {
            auto sent = command({{"AUTHENTICATE PLAIN " + initial, false}}, tr("log in"), true);
            const Result<Reply> reply = co_await sent;
            if (!self)
                co_return OutreachError(OutreachError::Code::Cancelled, QString());
            if (!reply.ok())
                co_return refused(reply.error());
            co_return Result<void>();
        }
        // Without SASL-IR the response goes after the server's "+": sent as a literal-like
        // second line, which command() does when it sees the continuation.
        const QByteArray tag = 'a' + QByteArray::number(++m_nextTag);
        qCDebug(lcMail).noquote() << serverName() << "<<" << tag << "AUTHENTICATE PLAIN"
                                  << "(credentials hidden)";
        write(tag + " AUTHENTICATE PLAIN\r\n");
        bool sentResponse = false;
        for (;;) {
            auto next = nextResponse(m_options.timeout);
            Result<ImapResponse> response = co_await next;
            if (!self)
                co_return OutreachError(OutreachError::Code::Cancelled, QString());
            if (!response.ok())
                co_return response.error();
            if (response->kind == ImapResponse::Kind::Continuation) {
                if (sentResponse) {
                    write("*\r\n"); // cancels the exchange
                    continue;
                }
                write(initial + "\r\n");
                sentResponse = true;
                continue;
            }
            if (response->kind == ImapResponse::Kind::Tagged && response->tag == tag) {
                if (response->status == "OK")
                    co_return Result<void>();
                co_return refused(serverError(tr("log in"), *response));
            }
        }
    }

    auto sent = command(
        {{"LOGIN ", false}, stringArgument(m_account.user), {" ", false}, stringArgument(password)},
        tr("log in"), true);
    const Result<Reply> reply = co_await sent;
    if (!self)
        co_return OutreachError(OutreachError::Code::Cancelled, QString());
    if (!reply.ok())
        co_return refused(reply.error());
    co_return Result<void>();
}

QCoro::Task<Result<QList<ImapConnection::Mailbox>>> ImapConnection::list() {
    QPointer<ImapConnection> self(this);
    const QByteArray request = hasCapability(u"SPECIAL-USE")
                                   ? QByteArray("LIST \"\" \"*\" RETURN (SPECIAL-USE)")
                                   : QByteArray("LIST \"\" \"*\"");
    auto sent = command({{request, false}}, tr("list the mailboxes"));
    const Result<Reply> reply = co_await sent;
    if (!self)
        co_return OutreachError(OutreachError::Code::Cancelled, QString());
    if (!reply.ok())
        co_return reply.error();
    QList<Mailbox> mailboxes;
    for (const ImapResponse &response : reply->untagged) {
        if (response.name != "LIST" || response.data.size() < 3 || !response.data.at(0).isList())
            continue;
        Mailbox mailbox;
        for (const ImapValue &attribute : response.data.at(0).items)
            mailbox.attributes.append(QString::fromLatin1(attribute.bytes));
        if (!response.data.at(1).isNil())
            mailbox.delimiter = QString::fromLatin1(response.data.at(1).bytes);
        mailbox.name = ImapMailboxName::decodeLenient(response.data.at(2).bytes);
        mailboxes.append(std::move(mailbox));
    }
    co_return mailboxes;
}

QCoro::Task<Result<QString>> ImapConnection::findMailbox(QString specialUse,
                                                         QStringList fallbackNames) {
    QPointer<ImapConnection> self(this);
    auto listed = list();
    const Result<QList<Mailbox>> mailboxes = co_await listed;
    if (!self)
        co_return OutreachError(OutreachError::Code::Cancelled, QString());
    if (!mailboxes.ok())
        co_return mailboxes.error();
    if (!specialUse.isEmpty()) {
        for (const Mailbox &mailbox : *mailboxes) {
            if (mailbox.attributes.contains(specialUse, Qt::CaseInsensitive))
                co_return mailbox.name;
        }
    }
    for (const QString &wanted : std::as_const(fallbackNames)) {
        for (const Mailbox &mailbox : *mailboxes) {
            if (mailbox.name.compare(wanted, Qt::CaseInsensitive) == 0
                || mailbox.name.compare(u"INBOX."_s + wanted, Qt::CaseInsensitive) == 0
                || mailbox.name.compare(u"INBOX/"_s + wanted, Qt::CaseInsensitive) == 0)
                co_return mailbox.name;
        }
    }
    QString lookedFor = fallbackNames.join(u"\", \""_s);
    lookedFor = lookedFor.isEmpty() ? QString() : u" or named \""_s + lookedFor + u"\""_s;
    co_return OutreachError(OutreachError::Code::ApiError,
                            tr("The mail server %1 has no mailbox marked %2%3.")
                                .arg(serverName(), specialUse, lookedFor));
}

QByteArray ImapConnection::formatInternalDate(const QDateTime &dateTime) {
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const QDateTime utc = dateTime.toUTC();
    const QDate date = utc.date();
    const QTime time = utc.time();
    return QByteArray::number(date.day()).rightJustified(2, '0') + '-' + months[date.month() - 1]
           + '-' + QByteArray::number(date.year()) + ' ' + time.toString(u"HH:mm:ss"_s).toLatin1()
           + " +0000";
}

QDateTime ImapConnection::parseInternalDate(const QByteArray &text) {
    // "07-Dec-2026 14:02:11 +0000", the day possibly space-padded (" 7-Dec-…").
    static const QByteArrayList months = {"jan", "feb", "mar", "apr", "may", "jun",
                                          "jul", "aug", "sep", "oct", "nov", "dec"};
    const QByteArrayList parts = text.trimmed().split(' ');
    if (parts.size() != 3)
        return {};
    const QByteArrayList dayMonthYear = parts.at(0).split('-');
    if (dayMonthYear.size() != 3)
        return {};
    bool dayOk = false;
    bool yearOk = false;
    const int day = dayMonthYear.at(0).toInt(&dayOk);
    const int month = int(months.indexOf(dayMonthYear.at(1).toLower())) + 1;
    const int year = dayMonthYear.at(2).toInt(&yearOk);
    const QTime time = QTime::fromString(QString::fromLatin1(parts.at(1)), u"HH:mm:ss"_s);
    const QByteArray zone = parts.at(2);
    if (!dayOk || !yearOk || month == 0 || !time.isValid() || zone.size() != 5
        || (zone.at(0) != '+' && zone.at(0) != '-'))
        return {};
    bool zoneOk = false;
    const int hours = zone.mid(1, 2).toInt(&zoneOk);
    const int minutes = zone.mid(3, 2).toInt(&zoneOk);
    if (!zoneOk)
        return {};
    const int offset = (zone.at(0) == '-' ? -1 : 1) * (hours * 3600 + minutes * 60);
    const QDate date(year, month, day);
    if (!date.isValid())
        return {};
    return QDateTime(date, time, Qt::OffsetFromUTC, offset);
}

QCoro::Task<Result<ImapConnection::Appended>> ImapConnection::append(QString mailbox,
                                                                     QByteArray message,
                                                                     QStringList flags,
                                                                     QDateTime internalDate) {
    QPointer<ImapConnection> self(this);
    for (const QString &flag : std::as_const(flags)) {
        if (!isFlag(flag))
            co_return OutreachError(OutreachError::Code::ApiError,
                                    tr("\"%1\" is not an IMAP flag.").arg(flag));
    }
    QList<Part> parts;
    const QByteArray encodedName = ImapMailboxName::encode(mailbox);
    QByteArray head = "APPEND " + stringArgument(QString::fromLatin1(encodedName)).bytes;
    if (!flags.isEmpty())
        head += " (" + flags.join(u' ').toLatin1() + ')';
    if (internalDate.isValid())
        head += " \"" + formatInternalDate(internalDate) + '"';
    head += ' ';
    parts.append({head, false});
    parts.append({message, true});
    auto sent = command(parts, tr("store the message in \"%1\"").arg(mailbox));
    const Result<Reply> reply = co_await sent;
    if (!self)
        co_return OutreachError(OutreachError::Code::Cancelled, QString());
    if (!reply.ok())
        co_return reply.error();
    Appended appended;
    if (reply->tagged.code == "APPENDUID" && reply->tagged.codeArgs.size() >= 2) {
        appended.uidValidity = reply->tagged.codeArgs.at(0).number().value_or(0);
        appended.uid = reply->tagged.codeArgs.at(1).number().value_or(0);
    }
    co_return appended;
}

QCoro::Task<Result<ImapConnection::Selected>> ImapConnection::examine(QString mailbox) {
    QPointer<ImapConnection> self(this);
    m_selected.clear();
    const QByteArray name =
        stringArgument(QString::fromLatin1(ImapMailboxName::encode(mailbox))).bytes;
    auto sent = command({{"EXAMINE " + name, false}}, tr("open \"%1\"").arg(mailbox));
    const Result<Reply> reply = co_await sent;
    if (!self)
        co_return OutreachError(OutreachError::Code::Cancelled, QString());
    if (!reply.ok())
        co_return reply.error();
    Selected selected;
    for (const ImapResponse &response : reply->untagged) {
        if (response.name == "EXISTS" && response.number)
            selected.exists = *response.number;
        if (response.code == "UIDVALIDITY" && !response.codeArgs.isEmpty())
            selected.uidValidity = response.codeArgs.at(0).number().value_or(0);
        if (response.code == "UIDNEXT" && !response.codeArgs.isEmpty())
            selected.uidNext = response.codeArgs.at(0).number().value_or(0);
    }
    m_selected = mailbox;
    co_return selected;
}

QCoro::Task<Result<QList<quint32>>> ImapConnection::uidSearch(ImapSearch criteria) {
    QPointer<ImapConnection> self(this);
    if (m_selected.isEmpty())
        co_return OutreachError(OutreachError::Code::ApiError,
                                tr("No mailbox is open on %1 to search in.").arg(serverName()));
    QList<Part> parts = criteria.parts();
    parts.prepend({"UID SEARCH ", false});
    auto sent = command(parts, tr("search \"%1\"").arg(m_selected));
    const Result<Reply> reply = co_await sent;
    if (!self)
        co_return OutreachError(OutreachError::Code::Cancelled, QString());
    if (!reply.ok())
        co_return reply.error();
    QList<quint32> uids;
    const std::optional<quint32> floor = criteria.uidFloor();
    for (const ImapResponse &response : reply->untagged) {
        if (response.name != "SEARCH")
            continue;
        for (const ImapValue &value : response.data) {
            const std::optional<quint32> uid = value.number();
            if (uid && (!floor || *uid > *floor))
                uids.append(*uid);
        }
    }
    std::sort(uids.begin(), uids.end());
    uids.erase(std::unique(uids.begin(), uids.end()), uids.end());
    co_return uids;
}

QByteArray ImapConnection::uidSet(QList<quint32> uids) {
    std::sort(uids.begin(), uids.end());
    uids.erase(std::unique(uids.begin(), uids.end()), uids.end());
    QByteArrayList ranges;
    for (qsizetype i = 0; i < uids.size();) {
        qsizetype j = i;
        while (j + 1 < uids.size() && uids.at(j + 1) == uids.at(j) + 1)
            ++j;
        ranges.append(i == j
                          ? QByteArray::number(uids.at(i))
                          : QByteArray::number(uids.at(i)) + ':' + QByteArray::number(uids.at(j)));
        i = j + 1;
    }
    return ranges.join(',');
}

QCoro::Task<Result<QList<ImapConnection::FetchedMessage>>>
ImapConnection::uidFetch(QList<quint32> uids, bool withText) {
    QPointer<ImapConnection> self(this);
    if (m_selected.isEmpty())
        co_return OutreachError(OutreachError::Code::ApiError,
                                tr("No mailbox is open on %1 to read from.").arg(serverName()));
    uids.removeAll(0);
    if (uids.isEmpty())
        co_return QList<FetchedMessage>();
    const QByteArray items = withText ? "(UID INTERNALDATE BODY.PEEK[HEADER] BODY.PEEK[TEXT])"
                                      : "(UID INTERNALDATE BODY.PEEK[HEADER])";
    auto sent = command({{"UID FETCH " + uidSet(uids) + ' ' + items, false}},
                        tr("read messages in \"%1\"").arg(m_selected));
    const Result<Reply> reply = co_await sent;
    if (!self)
        co_return OutreachError(OutreachError::Code::Cancelled, QString());
    if (!reply.ok())
        co_return reply.error();
    QList<FetchedMessage> messages;
    for (const ImapResponse &response : reply->untagged) {
        if (response.name != "FETCH" || response.data.isEmpty() || !response.data.at(0).isList())
            continue;
        const QList<ImapValue> &pairs = response.data.at(0).items;
        FetchedMessage message;
        for (qsizetype i = 0; i + 1 < pairs.size(); i += 2) {
            const ImapValue &key = pairs.at(i);
            const ImapValue &value = pairs.at(i + 1);
            if (key.isAtom("UID"))
                message.uid = value.number().value_or(0);
            else if (key.isAtom("INTERNALDATE"))
                message.internalDate = parseInternalDate(value.bytes);
            else if (key.isAtom("BODY[HEADER]"))
                message.header = value.bytes;
            else if (key.isAtom("BODY[TEXT]"))
                message.text = value.bytes;
        }
        // Unsolicited FETCHes (flag changes) carry no UID; a UID FETCH's own always do.
        if (message.uid != 0 && uids.contains(message.uid))
            messages.append(std::move(message));
    }
    std::sort(messages.begin(), messages.end(),
              [](const FetchedMessage &a, const FetchedMessage &b) { return a.uid < b.uid; });
    co_return messages;
}

QCoro::Task<Result<bool>> ImapConnection::idle(std::chrono::milliseconds maxWait) {
    QPointer<ImapConnection> self(this);
    if (m_broken || !m_socket)
        co_return brokenError();
    if (!hasCapability(u"IDLE"))
        co_return OutreachError(OutreachError::Code::ApiError,
                                tr("The mail server %1 does not offer IDLE, so it cannot report "
                                   "new mail as it arrives.")
                                    .arg(serverName()));
    if (m_selected.isEmpty())
        co_return OutreachError(OutreachError::Code::ApiError,
                                tr("No mailbox is open on %1 to wait on.").arg(serverName()));
    if (m_busy)
        co_return busyError();
    const Claim claim(this);

    const QByteArray tag = 'a' + QByteArray::number(++m_nextTag);
    qCDebug(lcMail).noquote() << serverName() << "<<" << tag << "IDLE";
    write(tag + " IDLE\r\n");
    bool changed = false;
    // Wait for the server's "+" (changes may come first).
    for (;;) {
        auto next = nextResponse(m_options.timeout);
        Result<ImapResponse> response = co_await next;
        if (!self)
            co_return OutreachError(OutreachError::Code::Cancelled, QString());
        if (!response.ok())
            co_return response.error();
        if (response->kind == ImapResponse::Kind::Continuation)
            break;
        if (response->kind == ImapResponse::Kind::Tagged && response->tag == tag)
            co_return serverError(tr("wait for new mail"), *response);
        changed = changed || isChangeResponse(*response);
    }
    // Then until something changes or maxWait passes.
    QDeadlineTimer deadline(maxWait);
    while (!changed) {
        if (!m_queue.isEmpty()) {
            const ImapResponse response = m_queue.takeFirst();
            if (response.kind == ImapResponse::Kind::Untagged && response.status == "BYE") {
                OutreachError error(OutreachError::Code::Network,
                                    tr("The mail server %1 closed the connection: %2")
                                        .arg(serverName(), response.text));
                error.setTransient(true);
                fail(error);
                closeSocket();
                co_return error;
            }
            changed = isChangeResponse(response);
            continue;
        }
        if (m_broken || !m_socket)
            co_return brokenError();
        const auto left = std::chrono::milliseconds(qMax<qint64>(0, deadline.remainingTime()));
        if (left.count() == 0)
            break;
        co_await waitForActivity(left);
        if (!self)
            co_return OutreachError(OutreachError::Code::Cancelled, QString());
    }
    write("DONE\r\n");
    for (;;) {
        auto next = nextResponse(m_options.timeout);
        Result<ImapResponse> response = co_await next;
        if (!self)
            co_return OutreachError(OutreachError::Code::Cancelled, QString());
        if (!response.ok())
            co_return response.error();
        if (response->kind == ImapResponse::Kind::Tagged && response->tag == tag) {
            if (response->status != "OK")
                co_return serverError(tr("wait for new mail"), *response);
            co_return changed;
        }
        changed = changed || isChangeResponse(*response);
    }
}

QCoro::Task<void> ImapConnection::logout() {
    QPointer<ImapConnection> self(this);
    if (m_socket && !m_broken && !m_busy) {
        m_closing = true;
        auto sent = command({{"LOGOUT", false}}, tr("log out"));
        co_await sent;
        if (!self)
            co_return;
    }
    m_loggedIn = false;
    m_selected.clear();
    closeSocket();
}
