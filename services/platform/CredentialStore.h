// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/Result.h"

#include <QCoroTask>
#include <QObject>
#include <QString>

#include <chrono>
#include <optional>

// Keeps the app's secrets (the CRM token, the model endpoint's API key) in the operating system's
// keychain through QtKeychain: Keychain on macOS, Credential Manager on Windows, the Secret
// Service (GNOME Keyring, KWallet) on Linux. Never in SQLite, QSettings, logs or error messages.
class CredentialStore : public QObject {
    Q_OBJECT

public:
    // `service` groups the entries in the keychain (tests use a unique one per run).
    explicit CredentialStore(QString service = QStringLiteral("OutreachGPT"),
                             QObject *parent = nullptr);

    QString service() const { return m_service; }

    // The name of the one entry for `endpoint` and `account`: "<endpoint>-token@<account>", e.g.
    // entryKey("crm", "HTTPS://CRM.Example.com/") == "crm-token@https://crm.example.com".
    // `endpoint` says what the secret opens ("crm" for the CRM token, "model" for the model API
    // key); it is trimmed and lower-cased. `account` says where: normally the server's base URL,
    // which is normalised so that spellings of one server share an entry (scheme and host lower
    // case, IDN hosts in ASCII form, default port dropped, no trailing slash, user info, query and
    // fragment dropped, path kept as is). Anything that is not an absolute URL with a host is only
    // trimmed.
    static QString entryKey(const QString &endpoint, const QString &account);

    // The secret stored under `key`, or nullopt when there is no such entry.
    QCoro::Task<Result<std::optional<QString>>> read(QString key);
    // Stores `secret` under `key`, replacing any earlier one.
    QCoro::Task<Result<void>> write(QString key, QString secret);
    // Forgets the entry; an entry that is not there is already forgotten (success).
    QCoro::Task<Result<void>> remove(QString key);

    // On Linux a keyring that is still starting (or not unlocked yet) fails a job with OtherError
    // or AccessDenied; such a job is tried once more after this delay (1 s unless set).
    std::chrono::milliseconds retryDelay() const { return m_retryDelay; }
    void setRetryDelay(std::chrono::milliseconds delay) { m_retryDelay = delay; }

signals:
    // A job for `key` failed in that way and is about to be retried after retryDelay().
    void retrying(const QString &key);

private:
    QString m_service;
    std::chrono::milliseconds m_retryDelay{1000};
};
