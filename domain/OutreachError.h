// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <chrono>
#include <optional>

// The one error type every layer returns: a machine code for the program and a message for the
// rep. Parsing errors also carry which entity, which id and which field were at fault.
class OutreachError {
public:
    enum class Code {
        ContextInvalid, // CONTEXT_INVALID: a CRM payload is missing or mistypes a required field
        ApiError,       // API_ERROR: the model endpoint answered with an error or a broken body
        RateLimit,      // RATE_LIMIT: HTTP 429
        Auth,           // AUTH: 401/403
        Network,        // NETWORK: DNS, TLS, timeouts, dropped connections
        Cancelled,      // CANCELLED: the user pressed Stop
        Storage,        // STORAGE: the local database cannot be opened, migrated or written
    };

    OutreachError() = default;
    OutreachError(Code code, QString message);

    // A CONTEXT_INVALID error for `entity` (e.g. "ticket") `id`, naming `field` and what was wrong.
    static OutreachError invalidField(const QString &entity, const QString &id,
                                      const QString &field, const QString &problem);

    Code code() const { return m_code; }
    QString message() const { return m_message; }
    QString entity() const { return m_entity; }
    QString entityId() const { return m_entityId; }
    QString field() const { return m_field; }

    // What a failed HTTP exchange adds, so the retry policy and the UI can act on it: the status
    // (0 when there was no answer), the server's Retry-After, its request id, and whether the
    // failure is transient (timeouts, dropped connections, 408, 409, 429, 5xx).
    int httpStatus() const { return m_httpStatus; }
    void setHttpStatus(int status) { m_httpStatus = status; }
    std::optional<std::chrono::milliseconds> retryAfter() const { return m_retryAfter; }
    void setRetryAfter(std::optional<std::chrono::milliseconds> delay) { m_retryAfter = delay; }
    QString requestId() const { return m_requestId; }
    void setRequestId(const QString &id) { m_requestId = id; }
    bool isTransient() const { return m_transient; }
    void setTransient(bool transient) { m_transient = transient; }
    // The server's own error code ("rate_limit_exceeded", "insufficient_quota"), when it sent one.
    QString serverCode() const { return m_serverCode; }
    void setServerCode(const QString &code) { m_serverCode = code; }
    // The request parameter the server objected to ("max_tokens"), when it named one.
    QString serverParam() const { return m_serverParam; }
    void setServerParam(const QString &param) { m_serverParam = param; }
    // The error answer's JSON body with credentials masked (empty when it was not JSON or was
    // over 64 KiB), for a caller that knows the service's own error shape (HubSpot's scopes).
    QByteArray serverBody() const { return m_serverBody; }
    void setServerBody(const QByteArray &body) { m_serverBody = body; }
    // A 429 that will not pass by waiting: the account's quota or billing.
    bool isQuotaExhausted() const { return m_serverCode == QStringLiteral("insufficient_quota"); }

    // "CONTEXT_INVALID", "API_ERROR", ... as shown in logs and in --generate --json.
    QString codeName() const;
    static QString codeName(Code code);

    // "CONTEXT_INVALID: ticket T-1042: field \"title\" is missing".
    QString toString() const;

    bool operator==(const OutreachError &other) const = default;

private:
    Code m_code = Code::ApiError;
    QString m_message;
    QString m_entity;
    QString m_entityId;
    QString m_field;
    int m_httpStatus = 0;
    std::optional<std::chrono::milliseconds> m_retryAfter;
    QString m_requestId;
    QString m_serverCode;
    QString m_serverParam;
    QByteArray m_serverBody;
    bool m_transient = false;
};
