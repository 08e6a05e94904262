// SPDX-License-Identifier: GPL-3.0-or-later
#include "domain/JsonReader.h"

#include <QJsonDocument>
#include <QJsonValue>
#include <QLocale>
#include <QTimeZone>

#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

namespace {

QString typeName(const QJsonValue &value) {
    switch (value.type()) {
    case QJsonValue::Null:
        return u"null"_s;
    case QJsonValue::Bool:
        return u"a boolean"_s;
    case QJsonValue::Double:
        return u"a number"_s;
    case QJsonValue::String:
        return u"a string"_s;
    case QJsonValue::Array:
        return u"an array"_s;
    case QJsonValue::Object:
        return u"an object"_s;
    case QJsonValue::Undefined:
        break;
    }
    return u"undefined"_s;
}

// Null and absent are the same to the contract: both mean "not given".
bool isAbsent(const QJsonValue &value) {
    return value.isUndefined() || value.isNull();
}

} // namespace

JsonReader::JsonReader(const QJsonObject &object, QString entity, QString entityId,
                       QString pathPrefix)
    : m_object(object)
    , m_entity(std::move(entity))
    , m_entityId(std::move(entityId))
    , m_pathPrefix(std::move(pathPrefix)) {}

void JsonReader::fail(const QString &field, const QString &problem) {
    if (!m_error)
        m_error = OutreachError::invalidField(m_entity, m_entityId, path(field), problem);
}

void JsonReader::adopt(const JsonReader &nested) {
    if (!m_error && nested.m_error)
        m_error = nested.m_error;
}

QString JsonReader::requiredString(const QString &field) {
    const QJsonValue value = m_object.value(field);
    if (isAbsent(value)) {
        fail(field, u"is missing"_s);
        return {};
    }
    if (!value.isString()) {
        fail(field, u"must be a string, not %1"_s.arg(typeName(value)));
        return {};
    }
    QString text = value.toString();
    if (text.trimmed().isEmpty())
        fail(field, u"must not be empty"_s);
    return text;
}

QString JsonReader::optionalString(const QString &field) {
    const QJsonValue value = m_object.value(field);
    if (isAbsent(value))
        return {};
    if (!value.isString()) {
        fail(field, u"must be a string, not %1"_s.arg(typeName(value)));
        return {};
    }
    return value.toString();
}

bool JsonReader::optionalBool(const QString &field, bool fallback) {
    const QJsonValue value = m_object.value(field);
    if (isAbsent(value))
        return fallback;
    if (!value.isBool()) {
        fail(field, u"must be true or false, not %1"_s.arg(typeName(value)));
        return fallback;
    }
    return value.toBool();
}

bool JsonReader::requiredBool(const QString &field) {
    if (isAbsent(m_object.value(field))) {
        fail(field, u"is missing"_s);
        return false;
    }
    return optionalBool(field);
}

std::optional<double> JsonReader::optionalNumber(const QString &field) {
    const QJsonValue value = m_object.value(field);
    if (isAbsent(value))
        return std::nullopt;
    if (!value.isDouble()) {
        fail(field, u"must be a number, not %1"_s.arg(typeName(value)));
        return std::nullopt;
    }
    return value.toDouble();
}

double JsonReader::requiredNumber(const QString &field) {
    if (isAbsent(m_object.value(field))) {
        fail(field, u"is missing"_s);
        return 0;
    }
    return optionalNumber(field).value_or(0);
}

std::optional<int> JsonReader::optionalCount(const QString &field) {
    const std::optional<double> number = optionalNumber(field);
    if (!number)
        return std::nullopt;
    const double value = *number;
    const QString shown = QString::number(value, 'g', QLocale::FloatingPointShortest);
    if (value < 0) {
        fail(field, u"must not be negative, not %1"_s.arg(shown));
        return std::nullopt;
    }
    if (std::floor(value) != value) {
        fail(field, u"must be a whole number, not %1"_s.arg(shown));
        return std::nullopt;
    }
    if (value > std::numeric_limits<int>::max()) {
        fail(field, u"is too large: %1"_s.arg(shown));
        return std::nullopt;
    }
    return static_cast<int>(value);
}

std::optional<QDateTime> JsonReader::optionalTimestamp(const QString &field) {
    const QJsonValue value = m_object.value(field);
    if (isAbsent(value))
        return std::nullopt;
    if (!value.isString()) {
        fail(field, u"must be an ISO 8601 timestamp string, not %1"_s.arg(typeName(value)));
        return std::nullopt;
    }
    const QString text = value.toString();
    // ISODateWithMs also accepts timestamps without fractions; an offset or Z is honoured.
    QDateTime parsed = QDateTime::fromString(text, Qt::ISODateWithMs);
    // Without an offset Qt reads local time, which depends on the machine (and rejects wall-clock
    // times that fall into a local DST gap); the contract's timestamps are UTC, so read it as UTC.
    if (!parsed.isValid() || parsed.timeSpec() == Qt::LocalTime) {
        const QDateTime utc = QDateTime::fromString(text + u'Z', Qt::ISODateWithMs);
        if (utc.isValid())
            parsed = utc;
        else if (parsed.isValid()) // a date without a time: midnight UTC
            parsed = QDateTime(parsed.date(), parsed.time(), QTimeZone::utc());
    }
    if (!parsed.isValid()) {
        fail(field, u"is not an ISO 8601 timestamp: \"%1\""_s.arg(text.left(40)));
        return std::nullopt;
    }
    return parsed.toUTC();
}

QDateTime JsonReader::requiredTimestamp(const QString &field) {
    if (isAbsent(m_object.value(field))) {
        fail(field, u"is missing"_s);
        return {};
    }
    return optionalTimestamp(field).value_or(QDateTime());
}

QStringList JsonReader::optionalStringList(const QString &field) {
    const QJsonValue value = m_object.value(field);
    if (isAbsent(value))
        return {};
    if (!value.isArray()) {
        fail(field, u"must be an array of strings, not %1"_s.arg(typeName(value)));
        return {};
    }
    QStringList list;
    const QJsonArray array = value.toArray();
    list.reserve(array.size());
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QJsonValue item = array.at(i);
        if (!item.isString()) {
            fail(u"%1[%2]"_s.arg(field).arg(i), u"must be a string, not %1"_s.arg(typeName(item)));
            return {};
        }
        list.append(item.toString());
    }
    return list;
}

std::optional<QJsonObject> JsonReader::optionalObject(const QString &field) {
    const QJsonValue value = m_object.value(field);
    if (isAbsent(value))
        return std::nullopt;
    if (!value.isObject()) {
        fail(field, u"must be an object, not %1"_s.arg(typeName(value)));
        return std::nullopt;
    }
    return value.toObject();
}

QJsonObject JsonReader::requiredObject(const QString &field) {
    if (isAbsent(m_object.value(field))) {
        fail(field, u"is missing"_s);
        return {};
    }
    return optionalObject(field).value_or(QJsonObject());
}

std::optional<QJsonArray> JsonReader::optionalArray(const QString &field) {
    const QJsonValue value = m_object.value(field);
    if (isAbsent(value))
        return std::nullopt;
    if (!value.isArray()) {
        fail(field, u"must be an array, not %1"_s.arg(typeName(value)));
        return std::nullopt;
    }
    return value.toArray();
}

QString JsonReader::timestampString(const QDateTime &dateTime) {
    // Whole seconds as the contract writes them ("2026-11-20T14:03:00Z"); milliseconds only when
    // there are some, so that fromJson(toJson()) gives back the same instant.
    const QDateTime utc = dateTime.toUTC();
    return utc.toString(utc.time().msec() != 0 ? Qt::ISODateWithMs : Qt::ISODate);
}

QString JsonReader::compactText(const QJsonObject &object) {
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

QJsonObject JsonReader::objectFromText(const QString &text) {
    return QJsonDocument::fromJson(text.toUtf8()).object();
}
