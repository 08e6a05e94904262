// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/Result.h"
#include "mail/MailAccount.h"

#include <QByteArray>
#include <QList>
#include <QProcess>
#include <QSslCertificate>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include <memory>

struct DovecotServerOptions {
    // Drafts, Sent, Trash and Junk carry their special-use attributes; false: plain mailboxes,
    // so a client has to find them by name.
    bool specialUse = true;
    // IDLE among the capabilities.
    bool idle = true;
    QString draftsName = QStringLiteral("Drafts");
    QString sentName = QStringLiteral("Sent");
    // Further mailboxes created at login.
    QStringList extraMailboxes;
    // False: a bare IMAP4rev1 server (no LITERAL+, SASL-IR, IDLE, SPECIAL-USE, UIDPLUS
    // advertised), so literals wait for the server's "+" and AUTHENTICATE for its challenge.
    bool extensions = true;
    // Dovecot's auth_mechanisms; "login" alone makes it announce LOGINDISABLED.
    QString authMechanisms = QStringLiteral("plain login");
};

// A private Dovecot for one test: its own configuration, one user with a random password,
// Maildir storage, a throwaway CA and server certificate, a plain IMAP port (offering STARTTLS)
// and an implicit-TLS port, both on 127.0.0.1. Dovecot runs in the foreground as a child
// process and is stopped when this is destroyed. The helpers read and write the mail store
// without going through the IMAP client under test.
class DovecotServer {
public:
    using Options = DovecotServerOptions;

    explicit DovecotServer(Options options = {});
    ~DovecotServer();
    DovecotServer(const DovecotServer &) = delete;
    DovecotServer &operator=(const DovecotServer &) = delete;

    // Generates the certificates and configuration, starts Dovecot and waits for its greeting.
    // An error says what is missing or what Dovecot logged.
    Result<void> start();
    bool isRunning() const;
    // Kills Dovecot and all its processes at once (a server that dies mid-session).
    void kill();

    quint16 imapPort() const { return m_imapPort; }
    quint16 imapsPort() const { return m_imapsPort; }
    QString user() const { return m_user; }
    QString password() const { return m_password; }
    QSslCertificate caCertificate() const { return m_caCertificate; }
    // The account for 127.0.0.1 with `security` on the matching port.
    MailAccount account(MailAccount::Security security = MailAccount::Security::Tls) const;
    // Dovecot's log so far.
    QString log() const;

    // Stores `rfc822` in `mailbox` as delivered mail (doveadm save).
    Result<void> deliver(const QString &mailbox, const QByteArray &rfc822);
    // The raw messages of `mailbox` in the order they were stored, byte for byte as on disk.
    Result<QList<QByteArray>> messages(const QString &mailbox) const;
    // The IMAP flags ("\\Draft", "\\Seen") of the same messages, in the same order.
    Result<QList<QStringList>> flags(const QString &mailbox) const;

private:
    struct StoredFile {
        QString path;
        QString info; // what follows ":2," in the file name
    };

    Result<void> startOnce();
    Result<void> makeCertificates();
    Result<void> writeConfiguration();
    Result<QList<StoredFile>> storedFiles(const QString &mailbox) const;
    QString mailboxDirectory(const QString &mailbox) const;
    void stop();

    Options m_options;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QProcess> m_process;
    quint16 m_imapPort = 0;
    quint16 m_imapsPort = 0;
    QString m_user = QStringLiteral("rep");
    QString m_password;
    QSslCertificate m_caCertificate;
    QString m_home;
};
