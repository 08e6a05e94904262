// SPDX-License-Identifier: GPL-3.0-or-later
// ImapConnection against a private Dovecot (tests/support/DovecotServer) with its own CA:
// implicit TLS, STARTTLS and loopback plain text; certificate problems, unencrypted
// connections off this computer and wrong passwords refused with clear messages; finding
// mailboxes by special use and by name; APPEND read back byte for byte; searches with quoted
// and literal strings; fetching headers and dates; IDLE; a server that disappears or goes quiet.
// A scripted server covers what Dovecot will not do: no STARTTLS, data injected before TLS,
// LOGIN without AUTH=PLAIN, another protocol.
#include "mail/ImapConnection.h"
#include "support/AwaitTask.h"
#include "support/DovecotServer.h"

#include <QElapsedTimer>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

#include <functional>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace {

#define START_DOVECOT(server)                                                                      \
    do {                                                                                           \
        const Result<void> started = (server).start();                                             \
        if (!started.ok())                                                                         \
            QFAIL(qPrintable(started.error().message()));                                          \
    } while (false)

QString failure(const Result<void> &result) {
    return result.ok() ? QString() : result.error().toString();
}

template <typename T>
QString failure(const Result<T> &result) {
    return result.ok() ? QString() : result.error().toString();
}

ImapConnection::Options trusting(const DovecotServer &server) {
    ImapConnection::Options options;
    options.extraCaCertificates = {server.caCertificate()};
    options.timeout = 10s;
    return options;
}

// A message as the composer will store it: 7-bit only, UTF-8 text quoted-printable, CRLF.
QByteArray draftMessage() {
    return "From: Anna Berg <anna@example.com>\r\n"
           "To: Jonas Keller <jonas@example.org>\r\n"
           "Subject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe_aus_K=C3=B6ln?=\r\n"
           "Date: Mon, 07 Dec 2026 14:02:11 +0000\r\n"
           "Message-ID: <draft-1@outreach.example>\r\n"
           "MIME-Version: 1.0\r\n"
           "Content-Type: text/plain; charset=UTF-8\r\n"
           "Content-Transfer-Encoding: quoted-printable\r\n"
           "\r\n"
           "Hallo Jonas,\r\n"
           "\r\n"
           "sch=C3=B6n, dass die Demo n=C3=A4chste Woche klappt. Ein sehr langer Satz, der =\r\n"
           "umbrochen werden muss.\r\n"
           "\r\n"
           "Gr=C3=BC=C3=9Fe\r\n"
           "Anna\r\n";
}

QByteArray mail(const QByteArray &headers, const QByteArray &body = "Hello.\r\n") {
    return headers + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n" + body;
}

// A scripted IMAP server on loopback for what Dovecot will not do: leave out STARTTLS and
// AUTH=PLAIN, inject data before TLS, speak another protocol. Records what the client sent.
class ScriptedServer : public QObject {
public:
    using Handler = std::function<void(QTcpSocket *socket, const QByteArray &line)>;

    ScriptedServer(QByteArray greeting, Handler handler)
        : m_greeting(std::move(greeting))
        , m_handler(std::move(handler)) {
        m_server.listen(QHostAddress::LocalHost, 0);
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                socket->setParent(this);
                socket->write(m_greeting);
                connect(socket, &QTcpSocket::readyRead, this, [this, socket] {
                    m_buffer += socket->readAll();
                    qsizetype newline;
                    while ((newline = m_buffer.indexOf('\n')) >= 0) {
                        const QByteArray line = m_buffer.left(newline + 1);
                        m_buffer.remove(0, newline + 1);
                        received += line;
                        if (m_handler)
                            m_handler(socket, line.trimmed());
                    }
                });
            }
        });
    }

    MailAccount account(MailAccount::Security security) const {
        MailAccount account;
        account.host = u"127.0.0.1"_s;
        account.port = m_server.serverPort();
        account.security = security;
        account.user = u"rep"_s;
        return account;
    }

    QByteArray received;

private:
    QTcpServer m_server;
    QByteArray m_greeting;
    Handler m_handler;
    QByteArray m_buffer;
};

bool loggedIn(const DovecotServer &server) {
    return server.log().contains(u"Login: user=<"_s);
}

} // namespace

class TestImapConnection : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void opensOverImplicitTls();
    void opensOverStartTls();
    void opensInPlainTextOnLoopback();
    void refusesAnUntrustedCertificate_data();
    void refusesAnUntrustedCertificate();
    void refusesPlainTextOffLoopback();
    void wrongPasswordIsAnAuthError();
    void listsAndFindsSpecialUseMailboxes();
    void findsMailboxesByNameWithoutSpecialUse();
    void appendsADraftByteForByte();
    void searches();
    void fetchesHeadersTextAndDates();
    void idleWakesOnNewMail();
    void withoutIdle();
    void worksWithABareImap4rev1Server();
    void loginDisabledIsAClearError();
    void refusesStartTlsWhenNotOffered();
    void refusesDataInjectedBeforeTls();
    void logsInWithTheLoginCommandAndALiteral();
    void anotherProtocolIsAnError();
    void droppedConnectionIsAnError();
    void silentServerTimesOut();
    void cleanupTestCase();

private:
    std::unique_ptr<DovecotServer> m_server;
};

void TestImapConnection::initTestCase() {
    DovecotServer::Options options;
    options.extraMailboxes = {u"Search"_s, u"Watch"_s};
    m_server = std::make_unique<DovecotServer>(options);
    START_DOVECOT(*m_server);
}

void TestImapConnection::cleanupTestCase() {
    m_server.reset();
}

void TestImapConnection::opensOverImplicitTls() {
    ImapConnection connection(trusting(*m_server));
    const Result<void> opened = awaitTask(
        connection.open(m_server->account(MailAccount::Security::Tls), m_server->password()));
    QVERIFY2(opened.ok(), qPrintable(failure(opened)));
    QVERIFY(connection.isOpen());
    QVERIFY(connection.hasCapability(u"imap4rev1"));
    QVERIFY(connection.hasCapability(u"IDLE"));
    QVERIFY(connection.hasCapability(u"UIDPLUS"));
    QVERIFY(!connection.hasCapability(u"STARTTLS"));
    const auto *socket = connection.findChild<QSslSocket *>();
    QVERIFY(socket);
    QVERIFY(socket->isEncrypted());
    QCoro::waitFor(connection.logout());
    QVERIFY(!connection.isOpen());
}

void TestImapConnection::opensOverStartTls() {
    ImapConnection connection(trusting(*m_server));
    const Result<void> opened = awaitTask(
        connection.open(m_server->account(MailAccount::Security::StartTls), m_server->password()));
    QVERIFY2(opened.ok(), qPrintable(failure(opened)));
    QVERIFY(connection.isOpen());
    // Capabilities were read again after TLS: STARTTLS is not offered twice.
    QVERIFY(!connection.hasCapability(u"STARTTLS"));
    QVERIFY(connection.hasCapability(u"SPECIAL-USE"));
    QVERIFY(connection.findChild<QSslSocket *>()->isEncrypted());
    const QStringList logins = m_server->log().split(u'\n').filter(u"Login: user=<"_s);
    QVERIFY(!logins.isEmpty());
    QVERIFY2(logins.last().contains(u"TLS"_s), qPrintable(logins.last()));
    QCoro::waitFor(connection.logout());
}

void TestImapConnection::opensInPlainTextOnLoopback() {
    ImapConnection connection(trusting(*m_server));
    const Result<void> opened = awaitTask(
        connection.open(m_server->account(MailAccount::Security::None), m_server->password()));
    QVERIFY2(opened.ok(), qPrintable(failure(opened)));
    QVERIFY(!connection.findChild<QSslSocket *>()->isEncrypted());
    const Result<QList<ImapConnection::Mailbox>> mailboxes = awaitTask(connection.list());
    QVERIFY2(mailboxes.ok(), qPrintable(failure(mailboxes)));
    QVERIFY(!mailboxes->isEmpty());
    QCoro::waitFor(connection.logout());
}

void TestImapConnection::refusesAnUntrustedCertificate_data() {
    QTest::addColumn<MailAccount::Security>("security");
    QTest::newRow("tls") << MailAccount::Security::Tls;
    QTest::newRow("starttls") << MailAccount::Security::StartTls;
}

void TestImapConnection::refusesAnUntrustedCertificate() {
    QFETCH(MailAccount::Security, security);
    DovecotServer server;
    START_DOVECOT(server);
    ImapConnection::Options options; // the system's CAs only
    options.timeout = 10s;
    ImapConnection connection(options);
    const Result<void> opened =
        awaitTask(connection.open(server.account(security), server.password()));
    QVERIFY(!opened.ok());
    QCOMPARE(opened.error().code(), OutreachError::Code::Network);
    const QString message = opened.error().message();
    QVERIFY2(message.contains(u"certificate of 127.0.0.1"_s), qPrintable(message));
    QVERIFY2(message.contains(u"does not trust"_s) || message.contains(u"self-signed"_s),
             qPrintable(message));
    QVERIFY(!message.contains(server.password()));
    QVERIFY(!connection.isOpen());
    QTest::qWait(200); // let Dovecot write its log
    QVERIFY2(!loggedIn(server), qPrintable(server.log()));
    QVERIFY(!server.log().contains(u"auth attempts"_s)
            || server.log().contains(u"no auth attempts"_s));
}

void TestImapConnection::refusesPlainTextOffLoopback() {
    MailAccount account;
    account.host = u"192.0.2.1"_s; // TEST-NET-1: must never be dialled
    account.port = 143;
    account.security = MailAccount::Security::None;
    account.user = u"anna"_s;
    ImapConnection connection;
    QElapsedTimer clock;
    clock.start();
    auto task = connection.open(account, u"secret-never-sent"_s);
    // Decided before the first suspension: no socket was ever made.
    QVERIFY(!connection.findChild<QSslSocket *>());
    const Result<void> opened = awaitTask(std::move(task));
    QVERIFY(clock.elapsed() < 100);
    QVERIFY(!opened.ok());
    QCOMPARE(opened.error().code(), OutreachError::Code::Auth);
    QVERIFY2(opened.error().message().contains(u"unencrypted"_s),
             qPrintable(opened.error().message()));
    QVERIFY(opened.error().message().contains(u"192.0.2.1"_s));
    QVERIFY(!opened.error().message().contains(u"secret-never-sent"_s));
    QVERIFY(!connection.findChild<QSslSocket *>());

    // "localhost" and 127.x are loopback; a look-alike name is not.
    account.host = u"localhost.example.com"_s;
    const Result<void> lookAlike = awaitTask(connection.open(account, u"x"_s));
    QVERIFY(!lookAlike.ok());
    QCOMPARE(lookAlike.error().code(), OutreachError::Code::Auth);
    QVERIFY(!connection.findChild<QSslSocket *>());
}

void TestImapConnection::wrongPasswordIsAnAuthError() {
    const QString wrong = u"not-" + m_server->password();
    for (const auto security : {MailAccount::Security::Tls, MailAccount::Security::None}) {
        ImapConnection connection(trusting(*m_server));
        const Result<void> opened = awaitTask(connection.open(m_server->account(security), wrong));
        QVERIFY(!opened.ok());
        QCOMPARE(opened.error().code(), OutreachError::Code::Auth);
        const QString message = opened.error().toString();
        QVERIFY2(message.contains(m_server->user()), qPrintable(message));
        QVERIFY2(message.contains(u"127.0.0.1"_s), qPrintable(message));
        QVERIFY2(message.contains(u"Authentication failed"_s), qPrintable(message));
        QVERIFY(!message.contains(wrong));
        QVERIFY(!message.contains(m_server->password()));
        QVERIFY(!connection.isOpen());
    }
}

void TestImapConnection::listsAndFindsSpecialUseMailboxes() {
    ImapConnection connection(trusting(*m_server));
    const Result<void> opened =
        awaitTask(connection.open(m_server->account(), m_server->password()));
    QVERIFY2(opened.ok(), qPrintable(failure(opened)));
    const Result<QList<ImapConnection::Mailbox>> mailboxes = awaitTask(connection.list());
    QVERIFY2(mailboxes.ok(), qPrintable(failure(mailboxes)));
    QStringList names;
    for (const ImapConnection::Mailbox &mailbox : *mailboxes) {
        names.append(mailbox.name);
        if (mailbox.name == u"Drafts"_s)
            QVERIFY2(mailbox.attributes.contains(u"\\Drafts"_s),
                     qPrintable(mailbox.attributes.join(u' ')));
        if (mailbox.name == u"INBOX"_s)
            QCOMPARE(mailbox.delimiter, u"/"_s);
    }
    for (const QString &expected : {u"INBOX"_s, u"Drafts"_s, u"Sent"_s, u"Trash"_s, u"Junk"_s})
        QVERIFY2(names.contains(expected), qPrintable(names.join(u", "_s)));

    const Result<QString> drafts =
        awaitTask(connection.findMailbox(u"\\Drafts"_s, {u"Entwürfe"_s}));
    QVERIFY2(drafts.ok(), qPrintable(failure(drafts)));
    QCOMPARE(*drafts, u"Drafts"_s);
    const Result<QString> sent = awaitTask(connection.findMailbox(u"\\Sent"_s, {}));
    QCOMPARE(sent.ok() ? *sent : failure(sent), u"Sent"_s);
    const Result<QString> archive =
        awaitTask(connection.findMailbox(u"\\Archive"_s, {u"Archive"_s, u"Archiv"_s}));
    QVERIFY(!archive.ok());
    QVERIFY2(archive.error().message().contains(u"\\Archive"_s),
             qPrintable(archive.error().message()));
    QVERIFY(archive.error().message().contains(u"\"Archive\", \"Archiv\""_s));
    QCoro::waitFor(connection.logout());
}

void TestImapConnection::findsMailboxesByNameWithoutSpecialUse() {
    DovecotServer::Options options;
    options.specialUse = false;
    options.draftsName = u"Entwürfe"_s;
    options.sentName = u"INBOX/Sent Items"_s;
    DovecotServer server(options);
    START_DOVECOT(server);
    ImapConnection connection(trusting(server));
    const Result<void> opened = awaitTask(connection.open(server.account(), server.password()));
    QVERIFY2(opened.ok(), qPrintable(failure(opened)));
    const Result<QList<ImapConnection::Mailbox>> mailboxes = awaitTask(connection.list());
    QVERIFY2(mailboxes.ok(), qPrintable(failure(mailboxes)));
    bool sawDrafts = false;
    for (const ImapConnection::Mailbox &mailbox : *mailboxes) {
        QVERIFY(!mailbox.attributes.contains(u"\\Drafts"_s, Qt::CaseInsensitive));
        sawDrafts = sawDrafts || mailbox.name == u"Entwürfe"_s;
    }
    QVERIFY(sawDrafts);

    const Result<QString> drafts =
        awaitTask(connection.findMailbox(u"\\Drafts"_s, {u"Drafts"_s, u"Entwürfe"_s}));
    QCOMPARE(drafts.ok() ? *drafts : failure(drafts), u"Entwürfe"_s);
    const Result<QString> sent =
        awaitTask(connection.findMailbox(u"\\Sent"_s, {u"Sent"_s, u"sent items"_s}));
    QCOMPARE(sent.ok() ? *sent : failure(sent), u"INBOX/Sent Items"_s);
    const Result<QString> junk = awaitTask(connection.findMailbox(u"\\Junk"_s, {u"JUNK"_s}));
    QCOMPARE(junk.ok() ? *junk : failure(junk), u"Junk"_s);
    const Result<QString> none =
        awaitTask(connection.findMailbox(u"\\Drafts"_s, {u"Brouillons"_s}));
    QVERIFY(!none.ok());
    QVERIFY(none.error().message().contains(u"\"Brouillons\""_s));

    // A name in modified UTF-7 on the wire, stored and read back.
    const Result<ImapConnection::Appended> appended =
        awaitTask(connection.append(*drafts, draftMessage(), {u"\\Draft"_s}));
    QVERIFY2(appended.ok(), qPrintable(failure(appended)));
    const Result<QList<QByteArray>> stored = server.messages(u"Entwürfe"_s);
    QVERIFY2(stored.ok(), qPrintable(failure(stored)));
    QCOMPARE(stored->size(), 1);
    QCoro::waitFor(connection.logout());
}

void TestImapConnection::appendsADraftByteForByte() {
    ImapConnection connection(trusting(*m_server));
    const Result<void> opened =
        awaitTask(connection.open(m_server->account(), m_server->password()));
    QVERIFY2(opened.ok(), qPrintable(failure(opened)));
    const QDateTime date(QDate(2026, 12, 7), QTime(14, 2, 11), Qt::UTC);
    const Result<ImapConnection::Appended> appended =
        awaitTask(connection.append(u"Drafts"_s, draftMessage(), {u"\\Draft"_s}, date));
    QVERIFY2(appended.ok(), qPrintable(failure(appended)));
    QVERIFY(appended->uidValidity != 0);
    QVERIFY(appended->uid != 0);

    const Result<QList<QByteArray>> stored = m_server->messages(u"Drafts"_s);
    QVERIFY2(stored.ok(), qPrintable(failure(stored)));
    QCOMPARE(stored->size(), 1);
    QCOMPARE(stored->first(), draftMessage());
    const Result<QList<QStringList>> flags = m_server->flags(u"Drafts"_s);
    QVERIFY2(flags.ok(), qPrintable(failure(flags)));
    QVERIFY2(flags->first().contains(u"\\Draft"_s), qPrintable(flags->first().join(u' ')));
    QVERIFY(!flags->first().contains(u"\\Seen"_s));

    const Result<ImapConnection::Selected> selected = awaitTask(connection.examine(u"Drafts"_s));
    QVERIFY2(selected.ok(), qPrintable(failure(selected)));
    QCOMPARE(selected->uidValidity, appended->uidValidity);
    QCOMPARE(selected->exists, 1u);
    QCOMPARE(selected->uidNext, appended->uid + 1);
    const Result<QList<ImapConnection::FetchedMessage>> fetched =
        awaitTask(connection.uidFetch({appended->uid}, true));
    QVERIFY2(fetched.ok(), qPrintable(failure(fetched)));
    QCOMPARE(fetched->size(), 1);
    QCOMPARE(fetched->first().uid, appended->uid);
    QCOMPARE(fetched->first().internalDate, date);
    QCOMPARE(fetched->first().header + fetched->first().text, draftMessage());

    // A flag that would break out of the command is refused before anything is sent.
    const Result<ImapConnection::Appended> injected = awaitTask(
        connection.append(u"Drafts"_s, draftMessage(), {u"\\Draft)\r\na9 DELETE Drafts"_s}));
    QVERIFY(!injected.ok());
    QVERIFY(connection.isOpen());

    // A mailbox that does not exist: the server's NO, in its words.
    const Result<ImapConnection::Appended> missing =
        awaitTask(connection.append(u"Nowhere"_s, draftMessage(), {}));
    QVERIFY(!missing.ok());
    QVERIFY2(missing.error().message().contains(u"Nowhere"_s),
             qPrintable(missing.error().message()));
    QVERIFY2(missing.error().message().contains(u"exist"_s), qPrintable(missing.error().message()));
    QVERIFY(connection.isOpen());
    QCoro::waitFor(connection.logout());
}

void TestImapConnection::searches() {
    const QList<QByteArray> messages = {
        mail("From: Anna Berg <anna@example.com>\r\n"
             "Subject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe_aus_K=C3=B6ln?=\r\n"
             "Message-ID: <first@outreach.example>\r\n"),
        mail("From: Jonas Keller <jonas@example.org>\r\n"
             "Subject: Re: Hello\r\n"
             "Message-ID: <reply-1@example.org>\r\n"
             "In-Reply-To: <first@outreach.example>\r\n"),
        mail("From: Jonas Keller <jonas@example.org>\r\n"
             "Subject: Re: Re: Hello\r\n"
             "Message-ID: <reply-2@example.org>\r\n"
             "References: <other@example.org> <first@outreach.example>\r\n"),
        mail("From: Anna Berg <anna@example.com>\r\n"
             "Subject: Gruesse\r\n"
             "Message-ID: <unrelated@outreach.example>\r\n"),
    };
    for (const QByteArray &message : messages) {
        const Result<void> delivered = m_server->deliver(u"Search"_s, message);
        QVERIFY2(delivered.ok(), qPrintable(failure(delivered)));
    }
    ImapConnection connection(trusting(*m_server));
    const Result<void> opened =
        awaitTask(connection.open(m_server->account(), m_server->password()));
    QVERIFY2(opened.ok(), qPrintable(failure(opened)));
    const Result<ImapConnection::Selected> selected = awaitTask(connection.examine(u"Search"_s));
    QVERIFY2(selected.ok(), qPrintable(failure(selected)));
    QCOMPARE(selected->exists, 4u);

    const Result<QList<quint32>> all = awaitTask(connection.uidSearch(ImapSearch::all()));
    QVERIFY2(all.ok(), qPrintable(failure(all)));
    QCOMPARE(all->size(), 4);
    const QList<quint32> uid = *all;

    const auto search = [&](const ImapSearch &criteria) {
        const Result<QList<quint32>> found = awaitTask(connection.uidSearch(criteria));
        if (!found.ok())
            qWarning().noquote() << found.error().toString();
        return found.ok() ? *found : QList<quint32>{0xffffffff};
    };
    QCOMPARE(search(ImapSearch::header(u"Message-ID"_s, u"<first@outreach.example>"_s)),
             QList<quint32>{uid[0]});
    QCOMPARE(search(ImapSearch::orOf(
                 ImapSearch::header(u"In-Reply-To"_s, u"<first@outreach.example>"_s),
                 ImapSearch::header(u"References"_s, u"<first@outreach.example>"_s))),
             (QList<quint32>{uid[1], uid[2]}));
    // A non-ASCII subject goes as a literal with CHARSET UTF-8 (LITERAL+ here).
    QCOMPARE(search(ImapSearch::from(u"anna@example.com"_s) && ImapSearch::subject(u"Grüße"_s)),
             QList<quint32>{uid[0]});
    QCOMPARE(search(ImapSearch::from(u"anna@example.com"_s)), (QList<quint32>{uid[0], uid[3]}));
    QCOMPARE(search(ImapSearch::subject(u"Köln"_s)), QList<quint32>{uid[0]});
    QCOMPARE(search(ImapSearch::uidAbove(uid[1])), (QList<quint32>{uid[2], uid[3]}));
    // "n:*" with n above every UID still matches the last message; the floor drops it.
    QCOMPARE(search(ImapSearch::uidAbove(uid[3]) && ImapSearch::all()), QList<quint32>{});
    QCOMPARE(search(ImapSearch::since(QDate::currentDate().addDays(-1))).size(), 4);
    QCOMPARE(search(ImapSearch::body(u"Hello."_s)).size(), 4);
    QCoro::waitFor(connection.logout());
}

void TestImapConnection::fetchesHeadersTextAndDates() {
    ImapConnection connection(trusting(*m_server));
    const Result<void> opened =
        awaitTask(connection.open(m_server->account(), m_server->password()));
    QVERIFY2(opened.ok(), qPrintable(failure(opened)));
    // Appended without a date: the server's clock sets it.
    const QDateTime before = QDateTime::currentDateTimeUtc().addSecs(-2);
    const QByteArray message = mail("From: a@example.com\r\nSubject: dated\r\n", "Body line\r\n");
    const Result<ImapConnection::Appended> appended =
        awaitTask(connection.append(u"Sent"_s, message, {u"\\Seen"_s}));
    QVERIFY2(appended.ok(), qPrintable(failure(appended)));
    const Result<ImapConnection::Selected> selected = awaitTask(connection.examine(u"Sent"_s));
    QVERIFY2(selected.ok(), qPrintable(failure(selected)));
    const Result<QList<ImapConnection::FetchedMessage>> headers =
        awaitTask(connection.uidFetch({appended->uid, appended->uid + 100}));
    QVERIFY2(headers.ok(), qPrintable(failure(headers)));
    QCOMPARE(headers->size(), 1);
    QVERIFY(headers->first().header.startsWith("From: a@example.com\r\n"));
    QVERIFY(headers->first().header.endsWith("\r\n\r\n"));
    QVERIFY(headers->first().text.isEmpty());
    const QDateTime date = headers->first().internalDate;
    QVERIFY2(date >= before && date <= QDateTime::currentDateTimeUtc().addSecs(2),
             qPrintable(date.toString(Qt::ISODate)));
    const Result<QList<ImapConnection::FetchedMessage>> nothing =
        awaitTask(connection.uidFetch({}));
    QVERIFY(nothing.ok() && nothing->isEmpty());
    QCoro::waitFor(connection.logout());
}

void TestImapConnection::idleWakesOnNewMail() {
    ImapConnection connection(trusting(*m_server));
    const Result<void> opened =
        awaitTask(connection.open(m_server->account(), m_server->password()));
    QVERIFY2(opened.ok(), qPrintable(failure(opened)));
    const Result<ImapConnection::Selected> selected = awaitTask(connection.examine(u"Watch"_s));
    QVERIFY2(selected.ok(), qPrintable(failure(selected)));

    Result<void> delivered = OutreachError(OutreachError::Code::ApiError, u"not delivered"_s);
    QTimer::singleShot(
        500ms, this, [&] { delivered = m_server->deliver(u"Watch"_s, mail("Subject: new\r\n")); });
    QElapsedTimer clock;
    clock.start();
    const Result<bool> woke = awaitTask(connection.idle(20s));
    QVERIFY2(woke.ok(), qPrintable(failure(woke)));
    QVERIFY2(delivered.ok(), qPrintable(failure(delivered)));
    QVERIFY(*woke);
    QVERIFY2(clock.elapsed() < 15'000, qPrintable(QString::number(clock.elapsed())));

    // Nothing happens: false after maxWait, and the connection still works.
    clock.restart();
    const Result<bool> quiet = awaitTask(connection.idle(700ms));
    QVERIFY2(quiet.ok(), qPrintable(failure(quiet)));
    QVERIFY(!*quiet);
    QVERIFY(clock.elapsed() >= 650);
    QVERIFY(clock.elapsed() < 5'000);
    const Result<QList<quint32>> found = awaitTask(connection.uidSearch(ImapSearch::all()));
    QVERIFY2(found.ok(), qPrintable(failure(found)));
    QCOMPARE(found->size(), 1);
    QCoro::waitFor(connection.logout());
}

void TestImapConnection::withoutIdle() {
    DovecotServer::Options options;
    options.idle = false;
    DovecotServer server(options);
    START_DOVECOT(server);
    ImapConnection connection(trusting(server));
    const Result<void> opened = awaitTask(connection.open(server.account(), server.password()));
    QVERIFY2(opened.ok(), qPrintable(failure(opened)));
    QVERIFY(!connection.hasCapability(u"IDLE"));
    QVERIFY(connection.hasCapability(u"UIDPLUS"));
    const Result<ImapConnection::Selected> selected = awaitTask(connection.examine(u"INBOX"_s));
    QVERIFY2(selected.ok(), qPrintable(failure(selected)));
    const Result<bool> idled = awaitTask(connection.idle(1s));
    QVERIFY(!idled.ok());
    QVERIFY2(idled.error().message().contains(u"IDLE"_s), qPrintable(idled.error().message()));
    QCoro::waitFor(connection.logout());
}

void TestImapConnection::worksWithABareImap4rev1Server() {
    DovecotServer::Options options;
    options.extensions = false;
    DovecotServer server(options);
    START_DOVECOT(server);
    ImapConnection connection(trusting(server));
    // AUTHENTICATE PLAIN without SASL-IR: the credentials follow the server's "+".
    const Result<void> opened = awaitTask(connection.open(server.account(), server.password()));
    QVERIFY2(opened.ok(), qPrintable(failure(opened)));
    QVERIFY(!connection.hasCapability(u"LITERAL+"));
    QVERIFY(!connection.hasCapability(u"SASL-IR"));
    QVERIFY(!connection.hasCapability(u"SPECIAL-USE"));
    QVERIFY(!connection.hasCapability(u"IDLE"));

    const Result<QString> drafts = awaitTask(connection.findMailbox(u"\\Drafts"_s, {u"Drafts"_s}));
    QCOMPARE(drafts.ok() ? *drafts : failure(drafts), u"Drafts"_s);
    // Synchronising literals: the message goes after the server's "+".
    const Result<ImapConnection::Appended> appended =
        awaitTask(connection.append(*drafts, draftMessage(), {u"\\Draft"_s}));
    QVERIFY2(appended.ok(), qPrintable(failure(appended)));
    const Result<QList<QByteArray>> stored = server.messages(u"Drafts"_s);
    QVERIFY2(stored.ok(), qPrintable(failure(stored)));
    QCOMPARE(stored->size(), 1);
    QCOMPARE(stored->first(), draftMessage());

    const Result<ImapConnection::Selected> selected = awaitTask(connection.examine(u"Drafts"_s));
    QVERIFY2(selected.ok(), qPrintable(failure(selected)));
    const Result<QList<quint32>> found = awaitTask(
        connection.uidSearch(ImapSearch::subject(u"Grüße"_s) && ImapSearch::body(u"schön"_s)));
    QVERIFY2(found.ok(), qPrintable(failure(found)));
    QCOMPARE(found->size(), 1);
    const Result<QList<quint32>> none = awaitTask(
        connection.uidSearch(ImapSearch::subject(u"Grüße"_s) && ImapSearch::body(u"Tschüss"_s)));
    QVERIFY2(none.ok(), qPrintable(failure(none)));
    QVERIFY(none->isEmpty());
    QCoro::waitFor(connection.logout());
}

void TestImapConnection::loginDisabledIsAClearError() {
    DovecotServer::Options options;
    options.authMechanisms = u"login"_s; // Dovecot then refuses the LOGIN command
    DovecotServer server(options);
    START_DOVECOT(server);
    ImapConnection connection(trusting(server));
    const Result<void> opened = awaitTask(connection.open(server.account(), server.password()));
    QVERIFY(!opened.ok());
    QCOMPARE(opened.error().code(), OutreachError::Code::Auth);
    QVERIFY2(opened.error().message().contains(u"LOGINDISABLED"_s),
             qPrintable(opened.error().message()));
    QTest::qWait(200);
    QVERIFY(!loggedIn(server));
}

void TestImapConnection::refusesStartTlsWhenNotOffered() {
    ScriptedServer server("* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN LOGIN] no TLS here\r\n",
                          [](QTcpSocket *socket, const QByteArray &line) {
                              const QByteArray tag =
                                  line.left(qMax<qsizetype>(0, line.indexOf(' ')));
                              socket->write(tag + " OK done\r\n");
                          });
    ImapConnection connection;
    const Result<void> opened =
        awaitTask(connection.open(server.account(MailAccount::Security::StartTls), u"pw-42"_s));
    QVERIFY(!opened.ok());
    QVERIFY2(opened.error().message().contains(u"STARTTLS"_s),
             qPrintable(opened.error().message()));
    QVERIFY(!server.received.contains("LOGIN"));
    QVERIFY(!server.received.contains("AUTHENTICATE"));
    QVERIFY(!server.received.contains("pw-42"));
}

void TestImapConnection::refusesDataInjectedBeforeTls() {
    ScriptedServer server(
        "* OK [CAPABILITY IMAP4rev1 STARTTLS AUTH=PLAIN] hi\r\n",
        [](QTcpSocket *socket, const QByteArray &line) {
            const QByteArray tag = line.left(qMax<qsizetype>(0, line.indexOf(' ')));
            // The answer and a forged response in one packet.
            socket->write(tag + " OK Begin TLS now\r\n" + "* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n");
        });
    ImapConnection connection;
    const Result<void> opened =
        awaitTask(connection.open(server.account(MailAccount::Security::StartTls), u"pw-42"_s));
    QVERIFY(!opened.ok());
    QVERIFY2(opened.error().message().contains(u"before TLS"_s),
             qPrintable(opened.error().message()));
    QVERIFY(!server.received.contains("pw-42"));
    QVERIFY(!server.received.contains(QByteArray("pw-42").toBase64()));
}

void TestImapConnection::logsInWithTheLoginCommandAndALiteral() {
    // No AUTH=PLAIN and no LITERAL+: LOGIN, with the non-ASCII password as a synchronising
    // literal sent only after "+".
    const QString password = u"pässwörd \"x\""_s;
    QByteArray literalTag;
    qsizetype literalSize = -1;
    QByteArray literalReceived;
    bool continuationSent = false;
    ScriptedServer server(
        "* OK [CAPABILITY IMAP4rev1] plain\r\n", [&](QTcpSocket *socket, const QByteArray &line) {
            if (literalSize >= 0) {
                literalReceived = line;
                socket->write(literalTag + " OK [CAPABILITY IMAP4rev1 IDLE] Logged in\r\n");
                literalSize = -1;
                return;
            }
            const QByteArray tag = line.left(qMax<qsizetype>(0, line.indexOf(' ')));
            if (line.contains(" LOGIN ") && line.endsWith('}')) {
                literalTag = tag;
                literalSize = line.mid(line.lastIndexOf('{') + 1).chopped(1).toLongLong();
                continuationSent = true;
                socket->write("+ go ahead\r\n");
                return;
            }
            socket->write(tag + " OK done\r\n");
        });
    ImapConnection connection;
    const Result<void> opened =
        awaitTask(connection.open(server.account(MailAccount::Security::None), password));
    QVERIFY2(opened.ok(), qPrintable(failure(opened)));
    QVERIFY(continuationSent);
    QVERIFY2(server.received.contains("LOGIN \"rep\" {"), server.received.constData());
    QCOMPARE(literalReceived, password.toUtf8());
    QVERIFY(connection.hasCapability(u"IDLE")); // from the login's answer
}

void TestImapConnection::anotherProtocolIsAnError() {
    ScriptedServer server("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n", {});
    ImapConnection::Options options;
    options.timeout = 10s;
    ImapConnection connection(options);
    QElapsedTimer clock;
    clock.start();
    const Result<void> opened =
        awaitTask(connection.open(server.account(MailAccount::Security::None), u"pw"_s));
    QVERIFY(!opened.ok());
    QCOMPARE(opened.error().code(), OutreachError::Code::Network);
    QVERIFY2(opened.error().message().contains(u"not IMAP"_s),
             qPrintable(opened.error().message()));
    QVERIFY(clock.elapsed() < 5'000);
}

void TestImapConnection::droppedConnectionIsAnError() {
    DovecotServer server;
    START_DOVECOT(server);
    ImapConnection::Options options = trusting(server);
    options.timeout = 20s; // the drop, not the timeout, must end the wait
    ImapConnection connection(options);
    const Result<void> opened = awaitTask(connection.open(server.account(), server.password()));
    QVERIFY2(opened.ok(), qPrintable(failure(opened)));
    const Result<ImapConnection::Selected> selected = awaitTask(connection.examine(u"INBOX"_s));
    QVERIFY2(selected.ok(), qPrintable(failure(selected)));

    // Killed in the middle of an IDLE.
    QTimer::singleShot(300ms, this, [&] { server.kill(); });
    QElapsedTimer clock;
    clock.start();
    const Result<bool> idled = awaitTask(connection.idle(30s));
    QVERIFY(!idled.ok());
    QCOMPARE(idled.error().code(), OutreachError::Code::Network);
    QVERIFY2(idled.error().message().contains(u"127.0.0.1"_s), qPrintable(idled.error().message()));
    QVERIFY2(clock.elapsed() < 10'000, qPrintable(QString::number(clock.elapsed())));
    QVERIFY(!connection.isOpen());

    // Every later command fails at once, too.
    clock.restart();
    const Result<QList<quint32>> found = awaitTask(connection.uidSearch(ImapSearch::all()));
    QVERIFY(!found.ok());
    QCOMPARE(found.error().code(), OutreachError::Code::Network);
    QVERIFY(clock.elapsed() < 1'000);
    QCoro::waitFor(connection.logout());

    // And a new connection to the dead server is refused, not left hanging.
    ImapConnection again(options);
    clock.restart();
    const Result<void> reopened = awaitTask(again.open(server.account(), server.password()));
    QVERIFY(!reopened.ok());
    QCOMPARE(reopened.error().code(), OutreachError::Code::Network);
    QVERIFY(clock.elapsed() < 10'000);
}

void TestImapConnection::silentServerTimesOut() {
    // Accepts and never says a word.
    QTcpServer silent;
    QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
    QList<QTcpSocket *> accepted;
    connect(&silent, &QTcpServer::newConnection, this, [&] {
        while (QTcpSocket *socket = silent.nextPendingConnection())
            accepted.append(socket);
    });
    for (const auto security : {MailAccount::Security::None, MailAccount::Security::Tls}) {
        ImapConnection::Options options;
        options.timeout = 600ms;
        ImapConnection connection(options);
        MailAccount account;
        account.host = u"127.0.0.1"_s;
        account.port = silent.serverPort();
        account.security = security;
        account.user = u"anna"_s;
        QElapsedTimer clock;
        clock.start();
        const Result<void> opened = awaitTask(connection.open(account, u"pw"_s));
        QVERIFY(!opened.ok());
        QCOMPARE(opened.error().code(), OutreachError::Code::Network);
        QVERIFY2(opened.error().message().contains(u"did not answer"_s),
                 qPrintable(opened.error().message()));
        QVERIFY(clock.elapsed() >= 500);
        QVERIFY(clock.elapsed() < 5'000);
    }
}

QTEST_GUILESS_MAIN(TestImapConnection)
#include "tst_imapconnection.moc"
