// SPDX-License-Identifier: GPL-3.0-or-later
#include "domain/Project.h"

#include "domain/JsonReader.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

Result<Project> Project::fromJson(const QJsonObject &json) {
    JsonReader reader(json, u"project"_s);
    Project project;
    project.id = reader.requiredString(u"id"_s);
    reader.setEntityId(project.id);
    project.name = reader.requiredString(u"name"_s);
    project.description = reader.optionalString(u"description"_s);
    project.stage = reader.optionalString(u"stage"_s);

    if (const auto value = reader.optionalObject(u"value"_s)) {
        JsonReader nested(*value, u"project"_s, project.id, u"value."_s);
        Value parsed;
        parsed.amount = nested.requiredNumber(u"amount"_s);
        parsed.currency = nested.requiredString(u"currency"_s);
        reader.adopt(nested);
        project.value = parsed;
    }
    project.products = reader.optionalStringList(u"products"_s);

    if (const auto dates = reader.optionalObject(u"key_dates"_s)) {
        for (auto it = dates->begin(); it != dates->end(); ++it) {
            if (!it.value().isString()) {
                reader.fail(u"key_dates."_s + it.key(), u"must be a date string"_s);
                break;
            }
            project.keyDates.insert(it.key(), it.value().toString());
        }
    }

    if (!reader.ok())
        return reader.error();
    return project;
}

QJsonObject Project::toJson() const {
    QJsonObject json{
        {u"id"_s, id},
        {u"name"_s, name},
        {u"description"_s, description},
        {u"stage"_s, stage},
        {u"products"_s, QJsonArray::fromStringList(products)},
    };
    if (value)
        json.insert(u"value"_s,
                    QJsonObject{{u"amount"_s, value->amount}, {u"currency"_s, value->currency}});
    QJsonObject dates;
    for (auto it = keyDates.begin(); it != keyDates.end(); ++it)
        dates.insert(it.key(), it.value());
    json.insert(u"key_dates"_s, dates);
    return json;
}
