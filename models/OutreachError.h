#pragma once

#include <QString>

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

    // "CONTEXT_INVALID", "API_ERROR", ... as written in DESIGN.md and shown in logs.
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
};
