// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/EnumTable.h"
#include "domain/OutreachError.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

// Reads fields from one CRM JSON object and remembers the first problem, so a parser can read
// every field in sequence and report "ticket T-1042: field "status" ..." once at the end.
class JsonReader {
public:
    // `entity` names the payload kind ("ticket"); `pathPrefix` is prepended to field names for
    // nested objects ("prospect." gives "prospect.name").
    JsonReader(const QJsonObject &object, QString entity, QString entityId = {},
               QString pathPrefix = {});

    void setEntityId(const QString &id) { m_entityId = id; }

    QString requiredString(const QString &field);
    QString optionalString(const QString &field);
    bool optionalBool(const QString &field, bool fallback = false);
    bool requiredBool(const QString &field);
    std::optional<double> optionalNumber(const QString &field);
    double requiredNumber(const QString &field);
    // A count such as "open_count": a whole number, not negative, that fits an int (3.0 is 3).
    std::optional<int> optionalCount(const QString &field);
    QDateTime requiredTimestamp(const QString &field); // ISO 8601, returned in UTC
    std::optional<QDateTime> optionalTimestamp(const QString &field);
    QStringList optionalStringList(const QString &field);
    std::optional<QJsonObject> optionalObject(const QString &field);
    QJsonObject requiredObject(const QString &field);
    std::optional<QJsonArray> optionalArray(const QString &field);

    // A string that must be one of the table's wire names.
    template <typename Enum, std::size_t N>
    std::optional<Enum> requiredEnum(const QString &field, const EnumTable<Enum, N> &table) {
        const QString name = requiredString(field);
        if (!ok())
            return std::nullopt;
        if (const auto value = table.value(name))
            return value;
        fail(field, QStringLiteral("has the unknown value \"%1\" (expected one of %2)")
                        .arg(name.left(40), table.allowed()));
        return std::nullopt;
    }

    // Records an error for `field` unless one is already recorded.
    void fail(const QString &field, const QString &problem);
    // Takes over the first error of a reader for a nested object, unless one is already recorded.
    void adopt(const JsonReader &nested);

    bool ok() const { return !m_error.has_value(); }
    const OutreachError &error() const { return *m_error; }
    QString path(const QString &field) const { return m_pathPrefix + field; }
    QString entity() const { return m_entity; }
    QString entityId() const { return m_entityId; }

    // How toJson writes a timestamp: ISO 8601 UTC, with milliseconds only when there are some.
    static QString timestampString(const QDateTime &dateTime);
    // A JSON object as the compact text the local tables store, and back (an empty object for
    // text that is not one: our own columns, so there is no one to report it to).
    static QString compactText(const QJsonObject &object);
    static QJsonObject objectFromText(const QString &text);

private:
    QJsonObject m_object;
    QString m_entity;
    QString m_entityId;
    QString m_pathPrefix;
    std::optional<OutreachError> m_error;
};
