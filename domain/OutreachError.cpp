// SPDX-License-Identifier: GPL-3.0-or-later
#include "domain/OutreachError.h"

using namespace Qt::StringLiterals;

OutreachError::OutreachError(Code code, QString message)
    : m_code(code)
    , m_message(std::move(message)) {}

OutreachError OutreachError::invalidField(const QString &entity, const QString &id,
                                          const QString &field, const QString &problem) {
    const QString who =
        id.trimmed().isEmpty() ? u"%1 (without an id)"_s.arg(entity) : entity + u' ' + id;
    OutreachError error(Code::ContextInvalid, u"%1: field \"%2\" %3"_s.arg(who, field, problem));
    error.m_entity = entity;
    error.m_entityId = id;
    error.m_field = field;
    return error;
}

QString OutreachError::codeName() const {
    return codeName(m_code);
}

QString OutreachError::codeName(Code code) {
    switch (code) {
    case Code::ContextInvalid:
        return u"CONTEXT_INVALID"_s;
    case Code::ApiError:
        return u"API_ERROR"_s;
    case Code::RateLimit:
        return u"RATE_LIMIT"_s;
    case Code::Auth:
        return u"AUTH"_s;
    case Code::Network:
        return u"NETWORK"_s;
    case Code::Cancelled:
        return u"CANCELLED"_s;
    case Code::Storage:
        return u"STORAGE"_s;
    }
    return u"UNKNOWN"_s;
}

QString OutreachError::toString() const {
    return codeName() + u": "_s + m_message;
}
