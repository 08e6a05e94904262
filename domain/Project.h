// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/Result.h"

#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

// A CRM project (`GET /v1/projects/{id}`): the deal a ticket belongs to.
struct Project {
    struct Value {
        double amount = 0;
        QString currency; // ISO 4217, e.g. "EUR"
        bool operator==(const Value &) const = default;
    };

    QString id;
    QString name;
    QString description;
    QString stage;
    std::optional<Value> value;
    QStringList products;
    QMap<QString, QString> keyDates; // e.g. "renewal" -> "2027-03-01", kept as the CRM wrote it

    // Required: id, name. Optional: description, stage, value (amount number + currency string),
    // products (array of strings), key_dates (object of strings).
    static Result<Project> fromJson(const QJsonObject &json);
    QJsonObject toJson() const;

    bool operator==(const Project &) const = default;
};
