// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/Result.h"
#include "mail/ImapResponseParser.h"
#include "mail/ImapSearch.h"
#include "mail/MailAccount.h"

#include <QByteArray>
#include <QCoroTask>
#include <QDateTime>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSslCertificate>
#include <QSslError>
#include <QString>
#include <QStringList>

#include <chrono>
#include <coroutine>
#include <optional>

class QSslSocket;
class QTimer;

// Declared outside ImapConnection so that `Options options = {}` can be a default argument
// (a nested struct with member initialisers is incomplete there).
struct ImapConnectionOptions {
    // Trusted in addition to the system's CAs (a company CA, a test server's).
    QList<QSslCertificate> extraCaCertificates;
    // How long the server may stay silent while an answer is due.
    std::chrono::milliseconds timeout{30000};
};

// One IMAP session with the rep's mail server, one command at a time: connects with TLS or
// STARTTLS (Qt's certificate checks, errors never ignored), logs in, and lists, appends,
// searches, fetches and IDLEs. Every failure (refused, certificate, login, timeout, a dropped
// connection, a NO or BAD) comes back as an OutreachError carrying the server's own words,
// never the password.
//
// Lifetime: the coroutines wait only on this object's own signal, so destroying it mid-command
// leaves the command unfinished rather than resuming into freed memory.
class ImapConnection : public QObject {
    Q_OBJECT
public:
    using Options = ImapConnectionOptions;

    struct Mailbox {
        QString name;           // decoded from modified UTF-7
        QStringList attributes; // "\\HasNoChildren", "\\Drafts", …
        QString delimiter;      // the hierarchy delimiter ("/", "."), empty when flat
    };

    struct Appended {
        quint32 uidValidity = 0; // zeros when the server does not offer UIDPLUS
        quint32 uid = 0;
    };

    struct Selected {
        quint32 uidValidity = 0;
        quint32 exists = 0;
        quint32 uidNext = 0;
    };

    struct FetchedMessage {
        quint32 uid = 0;
        QDateTime internalDate;
        QByteArray header; // with the blank line that ends it
        QByteArray text;   // the body, only when asked for
    };

    explicit ImapConnection(Options options = {}, QObject *parent = nullptr);
    ~ImapConnection() override;

    // Connects, secures the connection (TLS, or STARTTLS without falling back to plain text),
    // reads the capabilities and logs in. Security::None only to a loopback host.
    QCoro::Task<Result<void>> open(MailAccount account, QString password);
    bool isOpen() const;
    QStringList capabilities() const { return m_capabilities; }
    // Case-insensitive: "IDLE", "AUTH=PLAIN".
    bool hasCapability(QStringView capability) const;
    MailAccount account() const { return m_account; }

    // Every mailbox, with its special-use attributes when the server offers SPECIAL-USE.
    QCoro::Task<Result<QList<Mailbox>>> list();
    // The mailbox with `specialUse` ("\\Drafts", "\\Sent"), else the first existing of
    // `fallbackNames` (case-insensitive; also under an "INBOX." or "INBOX/" prefix); an error
    // naming what was looked for when there is none.
    QCoro::Task<Result<QString>> findMailbox(QString specialUse, QStringList fallbackNames);
    // Stores `message` (CRLF line ends) in `mailbox` with `flags` ("\\Draft", "\\Seen").
    QCoro::Task<Result<Appended>> append(QString mailbox, QByteArray message, QStringList flags,
                                         QDateTime internalDate = {});
    // Selects `mailbox` read-only: later searches, fetches and IDLE look at it.
    QCoro::Task<Result<Selected>> examine(QString mailbox);
    // The UIDs of the examined mailbox's messages that match, ascending.
    QCoro::Task<Result<QList<quint32>>> uidSearch(ImapSearch criteria);
    // BODY.PEEK[HEADER] always, BODY.PEEK[TEXT] too when `withText` (never sets \Seen).
    QCoro::Task<Result<QList<FetchedMessage>>> uidFetch(QList<quint32> uids, bool withText = false);
    // IDLE on the examined mailbox until the server reports EXISTS, EXPUNGE or FETCH (true) or
    // `maxWait` passes (false). An error when the server does not offer IDLE.
    QCoro::Task<Result<bool>> idle(std::chrono::milliseconds maxWait);
    // Says goodbye and closes; never fails (a broken connection is simply closed).
    QCoro::Task<void> logout();

    // Drops the connection at once (no LOGOUT); a command in progress fails.
    void abort();

    // A string as IMAP's astring/string: quoted when plain ASCII without CR/LF, else a literal
    // (`literal` is set and the bytes are the UTF-8 to send after "{n}").
    static ImapSearch::Part stringArgument(const QString &text);
    // "07-Dec-2026 14:02:11 +0000" and back.
    static QByteArray formatInternalDate(const QDateTime &dateTime);
    static QDateTime parseInternalDate(const QByteArray &text);
    // "1:3,7,9:10" for a UID set.
    static QByteArray uidSet(QList<quint32> uids);

private:
    // Suspends the one waiting coroutine until something happens on the socket or `timeout`
    // passes; the caller looks at the state again either way. Not QCoro's signal awaiter: it
    // resumes through queued calls, and a second emission queued before the first is handled
    // resumes a coroutine that has moved on.
    struct ActivityWait {
        ImapConnection *connection;
        std::chrono::milliseconds timeout;
        bool await_ready() const noexcept { return false; }
        void await_suspend(std::coroutine_handle<> handle);
        void await_resume() const noexcept {}
    };
    ActivityWait waitForActivity(std::chrono::milliseconds timeout) { return {this, timeout}; }
    // Something arrived or happened on the socket: resume the waiting coroutine (from the event
    // loop, never from inside the socket's own signal).
    void wake();
    void resumeWaiter();

    struct Reply {
        ImapResponse tagged;
        QList<ImapResponse> untagged;
    };

    QCoro::Task<Result<void>> secure(bool startTls);
    QCoro::Task<Result<void>> login(QString password);
    QCoro::Task<Result<void>> refreshCapabilities();
    QCoro::Task<Result<ImapResponse>> nextResponse(std::chrono::milliseconds timeout);
    // Sends one command (with its literals) and collects the answer up to its tagged status; a
    // NO or BAD is an error that says `what` failed. `secret` keeps the command out of logs.
    QCoro::Task<Result<Reply>> command(QList<ImapSearch::Part> parts, QString what,
                                       bool secret = false);

    void onReadyRead();
    void fail(const OutreachError &error);
    OutreachError brokenError() const;
    OutreachError busyError() const;
    // One command at a time: taken while a command runs, given back when its coroutine ends
    // (or the connection is gone).
    struct Claim {
        explicit Claim(ImapConnection *owner);
        ~Claim();
        Claim(const Claim &) = delete;
        Claim &operator=(const Claim &) = delete;
        QPointer<ImapConnection> connection;
    };
    OutreachError tlsError() const;
    OutreachError timeoutError() const;
    OutreachError serverError(const QString &what, const ImapResponse &response) const;
    void noteCapabilities(const ImapResponse &response);
    QString serverName() const;
    void write(const QByteArray &bytes);
    void closeSocket();

    Options m_options;
    MailAccount m_account;
    QSslSocket *m_socket = nullptr;
    ImapResponseParser m_parser;
    QList<ImapResponse> m_queue;
    std::optional<OutreachError> m_broken;
    QList<QSslError> m_sslErrors;
    QStringList m_capabilities;
    QString m_selected;
    quint32 m_nextTag = 0;
    bool m_loggedIn = false;
    bool m_busy = false;
    std::coroutine_handle<> m_waiter;
    QTimer *m_waitTimer;
    bool m_wakePosted = false;
    int m_capabilityUpdates = 0; // how often the server has told its capabilities
    bool m_closing = false;      // LOGOUT sent: the server hanging up is no failure
};
