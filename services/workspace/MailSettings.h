// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "mail/ImapConnection.h"
#include "mail/MailAccount.h"
#include "mail/MailAddress.h"

#include <QProcessEnvironment>
#include <QString>

class QSettings;

// The rep's mailbox as the settings describe it: the IMAP server, how to secure the connection,
// the user, the address drafts are sent from, and whether new drafts are watched for outcomes.
// The password is in the keychain under passwordKey(), never here.
struct MailSettings {
    MailAccount account;
    MailAddress from;
    // A PEM file of a certificate authority to trust besides the system's (a company's own CA).
    QString caFile;
    bool watchByDefault = false;
    int pollSeconds = 120; // how often the mailbox is checked when the server offers no IDLE

    static constexpr auto PasswordVariable = "OUTREACHGPT_MAIL_PASSWORD";

    // From the keys "mail/host", "mail/port", "mail/security", "mail/user", "mail/fromAddress",
    // "mail/fromName", "mail/caFile", "mail/watchByDefault" and "mail/pollSeconds".
    static MailSettings load(const QSettings &settings);
    void save(QSettings &settings) const;

    // A server and a user are set.
    bool configured() const { return account.isComplete(); }
    // "user@host", how the app names the mailbox to the rep and in the records.
    QString accountName() const;
    // The keychain entry of the password: one per user, server and port.
    QString passwordKey() const;
    // Connection options with caFile's certificates added; an error names the file when it
    // cannot be read or holds no certificate.
    Result<ImapConnection::Options> connectionOptions() const;
    // The password for this run: OUTREACHGPT_MAIL_PASSWORD when set (never stored), otherwise
    // the keychain's entry; empty when there is none.
    static QString environmentPassword(const QProcessEnvironment &environment);

    bool operator==(const MailSettings &) const = default;
};
