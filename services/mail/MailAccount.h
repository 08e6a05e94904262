// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <optional>

// Where the rep's mailbox lives: the IMAP server, how the connection is secured, and the login
// name. The password is not part of it (it lives in the keychain).
struct MailAccount {
    enum class Security { Tls, StartTls, None };

    QString host;
    quint16 port = 993;
    Security security = Security::Tls;
    QString user;

    // 993 for implicit TLS, 143 for STARTTLS and plain connections.
    static quint16 defaultPort(Security security);
    // localhost, 127.0.0.0/8 and ::1: the only hosts a password may go to unencrypted.
    static bool isLoopback(const QString &host);
    // "tls", "starttls", "none" (as settings store them).
    static QString securityName(Security security);
    static std::optional<Security> securityFromName(const QString &name);

    // A host, a port and a user name.
    bool isComplete() const;

    bool operator==(const MailAccount &other) const = default;
};
