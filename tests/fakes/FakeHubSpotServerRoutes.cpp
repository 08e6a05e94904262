// SPDX-License-Identifier: GPL-3.0-or-later
// FakeHubSpotServer's route handlers and the JSON they answer with.

#include "FakeHubSpotServer.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace {

using Object = HubSpotStore::Object;

constexpr int searchMaxLimit = 200;
constexpr int searchMaxResults = 10'000; // after + limit may not go past this
constexpr int batchReadMax = 100;
constexpr int associationBatchMax = 1000;

QString singular(const QString &type) {
    if (type == u"companies")
        return u"company"_s;
    return type.endsWith(u's') ? type.chopped(1) : type;
}

QString valueText(const QJsonValue &value) {
    switch (value.type()) {
    case QJsonValue::String:
        return value.toString();
    case QJsonValue::Double: {
        const double number = value.toDouble();
        return number == double(qint64(number)) ? QString::number(qint64(number))
                                                : QString::number(number, 'g', 15);
    }
    case QJsonValue::Bool:
        return value.toBool() ? u"true"_s : u"false"_s;
    default:
        return {};
    }
}

QStringList splitList(const QString &text) {
    QStringList items;
    for (const QString &item : text.split(u',', Qt::SkipEmptyParts))
        items.append(item.trimmed());
    return items;
}

} // namespace

// --- Helpers ---------------------------------------------------------------------------------

FakeHubSpotServer::Reply FakeHubSpotServer::error(int status, const QString &category,
                                                  const QString &message,
                                                  const QJsonObject &extra) const {
    QJsonObject body = QJsonDocument::fromJson(errorBody(status, category, message)).object();
    for (auto it = extra.begin(); it != extra.end(); ++it)
        body.insert(it.key(), it.value());
    return {status, body, {}};
}

std::optional<FakeHubSpotServer::Reply> FakeHubSpotServer::parseBody(const HttpRequest &request,
                                                                     QJsonObject &body) const {
    QJsonParseError parseError{};
    const QJsonDocument document = QJsonDocument::fromJson(request.body, &parseError);
    if (!document.isObject()) {
        // HubSpot's answer to a body it cannot read.
        return error(400, u"VALIDATION_ERROR"_s,
                     u"Invalid input JSON on line 1, column %1: %2"_s.arg(parseError.offset + 1)
                         .arg(parseError.errorString()));
    }
    body = document.object();
    return std::nullopt;
}

std::optional<FakeHubSpotServer::Reply> FakeHubSpotServer::checkType(const QString &type) const {
    if (HubSpotStore::isObjectType(type))
        return std::nullopt;
    return error(400, u"VALIDATION_ERROR"_s, u"Unable to infer object type from: %1"_s.arg(type));
}

QJsonObject FakeHubSpotServer::objectJson(const Object &object, const QStringList &properties,
                                          bool propertiesGiven) const {
    QStringList names = propertiesGiven ? properties : HubSpotStore::defaultProperties(object.type);
    // Asked-for properties come with the three HubSpot always adds.
    if (propertiesGiven) {
        names += {u"hs_object_id"_s, HubSpotStore::createdProperty(object.type),
                  HubSpotStore::modifiedProperty(object.type)};
    }
    QJsonObject values;
    for (const QString &name : std::as_const(names)) {
        // A property the type does not have is left out without complaint, as HubSpot does.
        if (!m_store.property(object.type, name))
            continue;
        const auto it = object.properties.constFind(name);
        values.insert(name, it == object.properties.constEnd() ? QJsonValue(QJsonValue::Null)
                                                               : QJsonValue(*it));
    }
    return {{u"id"_s, object.id},
            {u"properties"_s, values},
            {u"createdAt"_s, HubSpotStore::isoTime(object.createdAt)},
            {u"updatedAt"_s, HubSpotStore::isoTime(object.updatedAt)},
            {u"archived"_s, object.archived}};
}

std::optional<FakeHubSpotServer::Reply>
FakeHubSpotServer::validateProperties(const QString &type, const QJsonValue &value,
                                      QHash<QString, QString> &properties, bool creating) const {
    if (!value.isObject())
        return error(400, u"VALIDATION_ERROR"_s, u"properties: must be an object"_s);
    const QJsonObject given = value.toObject();
    QJsonArray problems;
    QJsonArray errors; // the structured twin of the message, as the error-handling guide shows
    // HubSpot's "Property values were not valid" message embeds the per-property results as
    // JSON text, one entry per bad property.
    const auto problem = [&](const QString &name, const QString &code, const QString &message) {
        errors.append(
            QJsonObject{{u"message"_s, message},
                        {u"code"_s, code},
                        {u"context"_s, QJsonObject{{u"propertyName"_s, QJsonArray{name}}}}});
        problems.append(QJsonObject{{u"isValid"_s, false},
                                    {u"message"_s, message},
                                    {u"error"_s, code},
                                    {u"name"_s, name},
                                    {u"localizedErrorMessage"_s, message},
                                    {u"portalId"_s, double(portalId)}});
    };
    for (auto it = given.begin(); it != given.end(); ++it) {
        const HubSpotStore::Property *property = m_store.property(type, it.key());
        if (!property) {
            problem(it.key(), u"PROPERTY_DOESNT_EXIST"_s,
                    u"Property \"%1\" does not exist"_s.arg(it.key()));
            continue;
        }
        const QString text = valueText(it.value());
        if (!text.isEmpty() && !property->options.isEmpty() && !property->options.contains(text)) {
            problem(it.key(), u"INVALID_OPTION"_s,
                    u"%1 was not one of the allowed options: [%2]"_s.arg(
                        text, property->options.join(u", "_s)));
            continue;
        }
        if (!text.isEmpty() && property->type == u"datetime" && !HubSpotStore::parseTime(text)) {
            problem(it.key(), u"INVALID_DATE"_s,
                    u"%1 was not a valid long or ISO 8601 date-time"_s.arg(text));
            continue;
        }
        if (!text.isEmpty() && property->type == u"number") {
            bool ok = false;
            text.toDouble(&ok);
            if (!ok) {
                problem(it.key(), u"INVALID_FLOAT"_s, u"%1 was not a valid number"_s.arg(text));
                continue;
            }
        }
        // Datetimes are stored as HubSpot answers them: ISO 8601 UTC with milliseconds.
        properties.insert(it.key(), property->type == u"datetime" && !text.isEmpty()
                                        ? HubSpotStore::isoTime(*HubSpotStore::parseTime(text))
                                        : text);
    }
    if (creating && properties.value(u"hs_timestamp"_s).isEmpty()
        && !given.contains(u"hs_timestamp"_s)) {
        problem(u"hs_timestamp"_s, u"REQUIRED_FIELD"_s, u"hs_timestamp is required"_s);
    }
    if (problems.isEmpty())
        return std::nullopt;
    return error(400, u"VALIDATION_ERROR"_s,
                 u"Property values were not valid: "_s
                     + QString::fromUtf8(QJsonDocument(problems).toJson(QJsonDocument::Compact)),
                 {{u"errors"_s, errors}});
}

QJsonObject FakeHubSpotServer::propertyJson(const HubSpotStore::Property &property) const {
    QJsonArray options;
    for (int i = 0; i < property.options.size(); ++i) {
        options.append(QJsonObject{{u"label"_s, property.options[i]},
                                   {u"value"_s, property.options[i]},
                                   {u"displayOrder"_s, i},
                                   {u"hidden"_s, false}});
    }
    const QString time = HubSpotStore::isoTime(property.createdAt);
    return {
        {u"name"_s, property.name},
        {u"label"_s, property.label},
        {u"type"_s, property.type},
        {u"fieldType"_s, property.fieldType},
        {u"description"_s, QString()},
        {u"groupName"_s, property.groupName},
        {u"options"_s, options},
        {u"displayOrder"_s, -1},
        {u"calculated"_s, false},
        {u"externalOptions"_s, false},
        {u"hasUniqueValue"_s, property.hasUniqueValue},
        {u"hidden"_s, false},
        {u"hubspotDefined"_s, property.hubspotDefined},
        {u"formField"_s, false},
        {u"createdAt"_s, time},
        {u"updatedAt"_s, time},
        {u"archived"_s, false},
        {u"modificationMetadata"_s, QJsonObject{{u"archivable"_s, true},
                                                {u"readOnlyDefinition"_s, property.hubspotDefined},
                                                {u"readOnlyValue"_s, false}}}};
}

// --- Routes ----------------------------------------------------------------------------------

FakeHubSpotServer::Reply FakeHubSpotServer::tokenInfo(const HttpRequest &request) {
    QJsonObject body;
    if (auto problem = parseBody(request, body))
        return *problem;
    const QByteArray tokenKey = body.value(u"tokenKey"_s).toString().toUtf8();
    if (tokenKey != m_token)
        return error(401, u"INVALID_AUTHENTICATION"_s, u"The access token provided is invalid."_s);
    if (m_revoked) {
        return error(401, u"EXPIRED_AUTHENTICATION"_s,
                     u"The OAuth token used to make this call expired 0 second(s) ago."_s);
    }
    QStringList scopes(m_scopes.begin(), m_scopes.end());
    scopes.sort();
    return {200,
            {{u"userId"_s, double(userId)},
             {u"hubId"_s, double(portalId)},
             {u"appId"_s, double(appId)},
             {u"scopes"_s, QJsonArray::fromStringList(scopes)}},
            {}};
}

FakeHubSpotServer::Reply FakeHubSpotServer::accountDetails(const HttpRequest &) {
    return {200,
            {{u"portalId"_s, double(portalId)},
             {u"accountType"_s, u"STANDARD"_s},
             {u"timeZone"_s, u"Europe/Berlin"_s},
             {u"companyCurrency"_s, u"EUR"_s},
             {u"additionalCurrencies"_s, QJsonArray{u"USD"_s, u"JPY"_s}},
             {u"utcOffset"_s, u"+01:00"_s},
             {u"utcOffsetMilliseconds"_s, 3'600'000},
             {u"uiDomain"_s, u"app-eu1.hubspot.com"_s},
             {u"dataHostingLocation"_s, u"eu1"_s}},
            {}};
}

FakeHubSpotServer::Reply FakeHubSpotServer::listOwners(const HttpRequest &request) {
    const QString limitText = request.query.queryItemValue(u"limit"_s);
    int limit = 100;
    if (!limitText.isEmpty()) {
        bool ok = false;
        limit = limitText.toInt(&ok);
        if (!ok || limit < 1 || limit > 500) {
            return error(400, u"VALIDATION_ERROR"_s,
                         u"limit: must be between 1 and 500, was %1"_s.arg(limitText));
        }
    }
    const int after = request.query.queryItemValue(u"after"_s).toInt();
    const bool archived = request.query.queryItemValue(u"archived"_s) == u"true";
    QList<HubSpotStore::Owner> owners;
    for (const HubSpotStore::Owner &owner : m_store.owners()) {
        if (owner.archived == archived)
            owners.append(owner);
    }
    QJsonArray results;
    for (int i = after; i < owners.size() && results.size() < limit; ++i) {
        const HubSpotStore::Owner &owner = owners[i];
        results.append(QJsonObject{{u"id"_s, owner.id},
                                   {u"email"_s, owner.email},
                                   {u"type"_s, u"PERSON"_s},
                                   {u"firstName"_s, owner.firstName},
                                   {u"lastName"_s, owner.lastName},
                                   {u"userId"_s, double(owner.userId)},
                                   {u"userIdIncludingInactive"_s, double(owner.userId)},
                                   {u"createdAt"_s, u"2024-03-01T09:00:00.000Z"_s},
                                   {u"updatedAt"_s, u"2026-10-01T09:00:00.000Z"_s},
                                   {u"archived"_s, owner.archived},
                                   {u"teams"_s, QJsonArray{}}});
    }
    QJsonObject body{{u"results"_s, results}};
    const int next = after + int(results.size());
    if (next < owners.size()) {
        const QString link =
            baseUrl().toString() + u"/crm/v3/owners/?limit=%1&after=%2"_s.arg(limit).arg(next);
        body.insert(u"paging"_s,
                    QJsonObject{{u"next"_s, QJsonObject{{u"after"_s, QString::number(next)},
                                                        {u"link"_s, link}}}});
    }
    return {200, body, {}};
}

FakeHubSpotServer::Reply FakeHubSpotServer::listPipelines(const HttpRequest &request) {
    const QString type = request.pathParams.value(u"type"_s);
    if (type != u"tickets" && type != u"deals")
        return error(400, u"VALIDATION_ERROR"_s,
                     u"Unable to infer object type from: %1"_s.arg(type));
    QJsonArray results;
    int order = 0;
    for (const HubSpotStore::Pipeline &pipeline : m_store.pipelines(type)) {
        QJsonArray stages;
        int stageOrder = 0;
        for (const HubSpotStore::Stage &stage : pipeline.stages) {
            stages.append(QJsonObject{{u"id"_s, stage.id},
                                      {u"label"_s, stage.label},
                                      {u"displayOrder"_s, stageOrder++},
                                      {u"metadata"_s, stage.metadata},
                                      {u"createdAt"_s, u"2024-03-01T09:00:00.000Z"_s},
                                      {u"updatedAt"_s, u"2024-03-01T09:00:00.000Z"_s},
                                      {u"archived"_s, false}});
        }
        results.append(QJsonObject{{u"id"_s, pipeline.id},
                                   {u"label"_s, pipeline.label},
                                   {u"displayOrder"_s, order++},
                                   {u"stages"_s, stages},
                                   {u"createdAt"_s, u"2024-03-01T09:00:00.000Z"_s},
                                   {u"updatedAt"_s, u"2024-03-01T09:00:00.000Z"_s},
                                   {u"archived"_s, false}});
    }
    return {200, {{u"results"_s, results}}, {}};
}

FakeHubSpotServer::Reply FakeHubSpotServer::search(const HttpRequest &request) {
    const QString type = request.pathParams.value(u"type"_s);
    if (auto problem = checkType(type))
        return *problem;
    QJsonObject body;
    if (auto problem = parseBody(request, body))
        return *problem;
    const auto invalid = [this](const QString &message) {
        return error(400, u"VALIDATION_ERROR"_s, message);
    };

    HubSpotStore::SearchQuery query;
    const QJsonArray groups = body.value(u"filterGroups"_s).toArray();
    if (groups.size() > m_searchLimits.filterGroups)
        return invalid(u"Too many filter groups: %1 (the maximum is %2)"_s.arg(groups.size())
                           .arg(m_searchLimits.filterGroups));
    int total = 0;
    for (const QJsonValue &groupValue : groups) {
        const QJsonArray filters = groupValue.toObject().value(u"filters"_s).toArray();
        if (filters.size() > m_searchLimits.filtersPerGroup) {
            return invalid(
                u"Too many filters in a filter group: %1 (the maximum is %2)"_s.arg(filters.size())
                    .arg(m_searchLimits.filtersPerGroup));
        }
        total += int(filters.size());
        QList<HubSpotStore::Filter> group;
        for (const QJsonValue &filterValue : filters) {
            const QJsonObject filter = filterValue.toObject();
            HubSpotStore::Filter parsed;
            parsed.propertyName = filter.value(u"propertyName"_s).toString();
            parsed.op = filter.value(u"operator"_s).toString();
            parsed.value = valueText(filter.value(u"value"_s));
            parsed.highValue = valueText(filter.value(u"highValue"_s));
            for (const QJsonValue &v : filter.value(u"values"_s).toArray())
                parsed.values.append(valueText(v));
            if (parsed.propertyName.isEmpty())
                return invalid(u"filter: propertyName is required"_s);
            if (!HubSpotStore::filterOperators().contains(parsed.op))
                return invalid(u"filter: unknown operator \"%1\""_s.arg(parsed.op));
            const bool needsValue = parsed.op != u"HAS_PROPERTY" && parsed.op != u"NOT_HAS_PROPERTY"
                                    && parsed.op != u"IN" && parsed.op != u"NOT_IN";
            if (needsValue && !filter.contains(u"value"_s))
                return invalid(u"filter on %1: operator %2 needs a value"_s.arg(parsed.propertyName,
                                                                                parsed.op));
            if (parsed.op == u"BETWEEN" && !filter.contains(u"highValue"_s))
                return invalid(
                    u"filter on %1: BETWEEN needs a highValue"_s.arg(parsed.propertyName));
            if ((parsed.op == u"IN" || parsed.op == u"NOT_IN") && parsed.values.isEmpty())
                return invalid(
                    u"filter on %1: %2 needs values"_s.arg(parsed.propertyName, parsed.op));
            group.append(parsed);
        }
        if (!group.isEmpty())
            query.filterGroups.append(group);
    }
    if (total > m_searchLimits.filtersTotal)
        return invalid(u"Too many filters: %1 (the maximum is %2)"_s.arg(total).arg(
            m_searchLimits.filtersTotal));

    const QJsonArray sorts = body.value(u"sorts"_s).toArray();
    if (sorts.size() > 1)
        return invalid(u"Only one sort is supported"_s);
    if (!sorts.isEmpty()) {
        const QJsonValue sort = sorts.first();
        // A sort may also be given as a bare property name (ascending).
        query.sortProperty =
            sort.isString() ? sort.toString() : sort.toObject().value(u"propertyName"_s).toString();
        const QString direction = sort.toObject().value(u"direction"_s).toString(u"ASCENDING"_s);
        if (direction != u"ASCENDING" && direction != u"DESCENDING")
            return invalid(u"sorts: direction must be ASCENDING or DESCENDING"_s);
        query.descending = direction == u"DESCENDING";
    }
    query.text = body.value(u"query"_s).toString();

    const QJsonValue limitValue = body.value(u"limit"_s);
    query.limit = limitValue.isUndefined() || limitValue.isNull() ? 10 : limitValue.toInt(-1);
    if (query.limit < 0 || query.limit > searchMaxLimit)
        return invalid(u"limit: must be between 0 and %1"_s.arg(searchMaxLimit));
    const QString after = valueText(body.value(u"after"_s));
    bool afterOk = true;
    query.offset = after.isEmpty() ? 0 : after.toInt(&afterOk);
    if (!afterOk || query.offset < 0)
        return invalid(u"after: \"%1\" is not a valid paging cursor"_s.arg(after));
    // Documented: a query pages through at most 10,000 results; HubSpot answers 400 past that.
    if (query.offset + query.limit > searchMaxResults) {
        return invalid(u"Search results are limited to %1: after (%2) + limit (%3) goes past it"_s
                           .arg(searchMaxResults)
                           .arg(query.offset)
                           .arg(query.limit));
    }

    QStringList properties;
    for (const QJsonValue &v : body.value(u"properties"_s).toArray())
        properties.append(v.toString());
    const bool propertiesGiven = !properties.isEmpty();

    const HubSpotStore::SearchResult result = m_store.search(type, query);
    QJsonArray results;
    for (const Object &object : result.page)
        results.append(objectJson(object, properties, propertiesGiven));
    QJsonObject answer{{u"total"_s, result.total}, {u"results"_s, results}};
    if (result.nextOffset >= 0 && result.nextOffset < searchMaxResults) {
        answer.insert(u"paging"_s,
                      QJsonObject{{u"next"_s,
                                   QJsonObject{{u"after"_s, QString::number(result.nextOffset)}}}});
    }
    return {200, answer, {}};
}

FakeHubSpotServer::Reply FakeHubSpotServer::getObject(const HttpRequest &request) {
    const QString type = request.pathParams.value(u"type"_s);
    if (auto problem = checkType(type))
        return *problem;
    const QString id = request.pathParams.value(u"id"_s);
    const Object *object = m_store.object(type, id);
    if (!object || object->archived)
        return error(404, u"OBJECT_NOT_FOUND"_s, u"resource not found"_s);
    const QStringList properties =
        splitList(request.query.queryItemValue(u"properties"_s, QUrl::FullyDecoded));
    QJsonObject answer = objectJson(*object, properties, !properties.isEmpty());
    const QStringList associationTypes =
        splitList(request.query.queryItemValue(u"associations"_s, QUrl::FullyDecoded));
    QJsonObject associations;
    for (const QString &toType : associationTypes) {
        QJsonArray results;
        for (const HubSpotStore::Association &a : m_store.associations(type, id, toType)) {
            results.append(
                QJsonObject{{u"id"_s, a.toId},
                            {u"type"_s, u"%1_to_%2"_s.arg(singular(type), singular(toType))}});
        }
        if (!results.isEmpty())
            associations.insert(toType, QJsonObject{{u"results"_s, results}});
    }
    if (!associations.isEmpty())
        answer.insert(u"associations"_s, associations);
    return {200, answer, {}};
}

FakeHubSpotServer::Reply FakeHubSpotServer::batchRead(const HttpRequest &request) {
    const QString type = request.pathParams.value(u"type"_s);
    if (auto problem = checkType(type))
        return *problem;
    QJsonObject body;
    if (auto problem = parseBody(request, body))
        return *problem;
    const QJsonArray inputs = body.value(u"inputs"_s).toArray();
    if (inputs.size() > batchReadMax) {
        return error(
            400, u"VALIDATION_ERROR"_s,
            u"Batch input size %1 exceeds the limit of %2"_s.arg(inputs.size()).arg(batchReadMax));
    }
    QStringList properties;
    for (const QJsonValue &v : body.value(u"properties"_s).toArray())
        properties.append(v.toString());
    const QString startedAt = HubSpotStore::isoTime(QDateTime::currentMSecsSinceEpoch());
    QJsonArray results;
    QStringList missing;
    for (const QJsonValue &input : inputs) {
        const QString id = valueText(input.toObject().value(u"id"_s));
        const Object *object = m_store.object(type, id);
        if (object && !object->archived)
            results.append(objectJson(*object, properties, !properties.isEmpty()));
        else
            missing.append(id);
    }
    QJsonObject answer{
        {u"status"_s, u"COMPLETE"_s},
        {u"results"_s, results},
        {u"startedAt"_s, startedAt},
        {u"completedAt"_s, HubSpotStore::isoTime(QDateTime::currentMSecsSinceEpoch())}};
    if (missing.isEmpty())
        return {200, answer, {}};
    answer.insert(u"numErrors"_s, 1);
    answer.insert(
        u"errors"_s,
        QJsonArray{QJsonObject{
            {u"status"_s, u"error"_s},
            {u"category"_s, u"OBJECT_NOT_FOUND"_s},
            {u"message"_s, u"Could not get some %1 objects, they may be deleted or not "
                           u"exist. Check that ids are valid."_s.arg(singular(type).toUpper())},
            {u"context"_s, QJsonObject{{u"ids"_s, QJsonArray::fromStringList(missing)}}}}});
    return {207, answer, {}};
}

std::optional<FakeHubSpotServer::Reply> FakeHubSpotServer::uniqueValueConflict(
    const QString &type, const QHash<QString, QString> &properties, const QString &selfId) const {
    for (auto it = properties.cbegin(); it != properties.cend(); ++it) {
        const HubSpotStore::Property *definition = m_store.property(type, it.key());
        if (!definition || !definition->hasUniqueValue || it.value().isEmpty())
            continue;
        for (const HubSpotStore::Object *other :
             m_store.findByProperty(type, it.key(), it.value())) {
            if (other->id == selfId)
                continue;
            // HubSpot's wording for a repeated unique value names the record that holds it.
            return error(409, u"CONFLICT"_s,
                         u"A %1 with %2 \"%3\" already exists. Existing ID: %4"_s.arg(
                             singular(type), it.key(), it.value(), other->id));
        }
    }
    return std::nullopt;
}

FakeHubSpotServer::Reply FakeHubSpotServer::createObject(const HttpRequest &request) {
    const QString type = request.pathParams.value(u"type"_s);
    if (auto problem = checkType(type))
        return *problem;
    static const QStringList creatable{u"emails"_s, u"notes"_s, u"calls"_s, u"meetings"_s};
    if (!creatable.contains(type)) {
        // Realistic HubSpot creates any type; the fake only engagements, which is all the
        // connector writes.
        return error(400, u"VALIDATION_ERROR"_s,
                     u"the fake HubSpot creates only emails, notes, calls and meetings"_s);
    }
    QJsonObject body;
    if (auto problem = parseBody(request, body))
        return *problem;
    QHash<QString, QString> properties;
    if (auto problem = validateProperties(type, body.value(u"properties"_s), properties, true))
        return *problem;

    if (auto conflict = uniqueValueConflict(type, properties, QString()))
        return *conflict;

    struct Link {
        QString toType;
        QString toId;
        int typeId;
    };
    QList<Link> links;
    for (const QJsonValue &value : body.value(u"associations"_s).toArray()) {
        const QJsonObject association = value.toObject();
        const QString toId = valueText(association.value(u"to"_s).toObject().value(u"id"_s));
        const QJsonArray types = association.value(u"types"_s).toArray();
        if (toId.isEmpty() || types.isEmpty()) {
            return error(400, u"VALIDATION_ERROR"_s,
                         u"associations: each needs to.id and at least one type"_s);
        }
        for (const QJsonValue &typeValue : types) {
            const QJsonObject typeObject = typeValue.toObject();
            const int typeId = typeObject.value(u"associationTypeId"_s).toInt();
            const QString category = typeObject.value(u"associationCategory"_s).toString();
            const auto ends = HubSpotStore::typeIdEnds(typeId);
            // Labels (USER_DEFINED) are not modelled: every known id is HUBSPOT_DEFINED.
            if (category != u"HUBSPOT_DEFINED" || !ends || ends->first != type) {
                return error(
                    400, u"VALIDATION_ERROR"_s,
                    u"%1 is not a valid association type id for %2 (category %3)"_s.arg(typeId).arg(
                        singular(type), category));
            }
            // The docs name no shape for an unknown target; HubSpot answers 400 and names the
            // ids, which is what the fake does.
            if (!m_store.object(ends->second, toId)) {
                return error(400, u"VALIDATION_ERROR"_s,
                             u"One or more associations are invalid: %1 %2 does not exist"_s.arg(
                                 singular(ends->second), toId),
                             {{u"context"_s, QJsonObject{{u"ids"_s, QJsonArray{toId}}}}});
            }
            links.append({ends->second, toId, typeId});
        }
    }

    const QString id = m_store.addObject(type, properties, {}, false);
    for (const Link &link : std::as_const(links))
        m_store.associate(type, id, link.toType, link.toId, link.typeId);
    QStringList names = properties.keys();
    names += HubSpotStore::defaultProperties(type);
    names.removeDuplicates();
    return {201, objectJson(*m_store.object(type, id), names, true), {}};
}

FakeHubSpotServer::Reply FakeHubSpotServer::updateObject(const HttpRequest &request) {
    const QString type = request.pathParams.value(u"type"_s);
    if (auto problem = checkType(type))
        return *problem;
    const QString id = request.pathParams.value(u"id"_s);
    if (!m_store.object(type, id))
        return error(404, u"OBJECT_NOT_FOUND"_s, u"resource not found"_s);
    QJsonObject body;
    if (auto problem = parseBody(request, body))
        return *problem;
    QHash<QString, QString> properties;
    if (auto problem = validateProperties(type, body.value(u"properties"_s), properties, false))
        return *problem;
    if (auto conflict = uniqueValueConflict(type, properties, id))
        return *conflict;
    m_store.updateObject(type, id, properties);
    QStringList names = properties.keys();
    names += HubSpotStore::defaultProperties(type);
    names.removeDuplicates();
    return {200, objectJson(*m_store.object(type, id), names, true), {}};
}

namespace {

// HubSpot groups the association types of one target under one entry.
QJsonArray associationEntries(const QList<HubSpotStore::Association> &associations) {
    QJsonArray entries;
    QHash<QString, qsizetype> index;
    QList<QJsonArray> types;
    QStringList order;
    for (const HubSpotStore::Association &a : associations) {
        if (!index.contains(a.toId)) {
            index.insert(a.toId, types.size());
            types.append(QJsonArray{});
            order.append(a.toId);
        }
        types[index.value(a.toId)].append(QJsonObject{{u"category"_s, u"HUBSPOT_DEFINED"_s},
                                                      {u"typeId"_s, a.typeId},
                                                      {u"label"_s, QJsonValue(QJsonValue::Null)}});
    }
    for (qsizetype i = 0; i < order.size(); ++i) {
        entries.append(QJsonObject{{u"toObjectId"_s, double(order[i].toLongLong())},
                                   {u"associationTypes"_s, types[i]}});
    }
    return entries;
}

} // namespace

FakeHubSpotServer::Reply FakeHubSpotServer::associationsBatch(const HttpRequest &request) {
    const QString fromType = request.pathParams.value(u"fromType"_s);
    const QString toType = request.pathParams.value(u"toType"_s);
    if (auto problem = checkType(fromType))
        return *problem;
    if (auto problem = checkType(toType))
        return *problem;
    QJsonObject body;
    if (auto problem = parseBody(request, body))
        return *problem;
    const QJsonArray inputs = body.value(u"inputs"_s).toArray();
    if (inputs.size() > associationBatchMax) {
        return error(400, u"VALIDATION_ERROR"_s,
                     u"Batch input size %1 exceeds the limit of %2"_s.arg(inputs.size())
                         .arg(associationBatchMax));
    }
    const QString startedAt = HubSpotStore::isoTime(QDateTime::currentMSecsSinceEpoch());
    QJsonArray results;
    QJsonArray errors;
    for (const QJsonValue &input : inputs) {
        const QString id = valueText(input.toObject().value(u"id"_s));
        const QList<HubSpotStore::Association> found = m_store.associations(fromType, id, toType);
        if (found.isEmpty()) {
            // An id without associations (or unknown) is an error of the batch, not an empty
            // result: the documented 207 with NO_ASSOCIATIONS_FOUND.
            errors.append(QJsonObject{
                {u"status"_s, u"error"_s},
                {u"category"_s, u"OBJECT_NOT_FOUND"_s},
                {u"subCategory"_s, u"crm.associations.NO_ASSOCIATIONS_FOUND"_s},
                {u"context"_s, QJsonObject{{u"fromObjectId"_s, QJsonArray{id}}}},
                {u"message"_s,
                 u"No %1 is associated with %2 %3."_s.arg(toType, singular(fromType), id)}});
            continue;
        }
        results.append(QJsonObject{{u"from"_s, QJsonObject{{u"id"_s, id}}},
                                   {u"to"_s, associationEntries(found)}});
    }
    QJsonObject answer{
        {u"status"_s, u"COMPLETE"_s},
        {u"results"_s, results},
        {u"startedAt"_s, startedAt},
        {u"completedAt"_s, HubSpotStore::isoTime(QDateTime::currentMSecsSinceEpoch())}};
    if (errors.isEmpty())
        return {200, answer, {}};
    answer.insert(u"numErrors"_s, errors.size());
    answer.insert(u"errors"_s, errors);
    return {207, answer, {}};
}

FakeHubSpotServer::Reply FakeHubSpotServer::associationsList(const HttpRequest &request) {
    const QString fromType = request.pathParams.value(u"fromType"_s);
    const QString toType = request.pathParams.value(u"toType"_s);
    if (auto problem = checkType(fromType))
        return *problem;
    if (auto problem = checkType(toType))
        return *problem;
    const QString id = request.pathParams.value(u"id"_s);
    const QString limitText = request.query.queryItemValue(u"limit"_s);
    int limit = 500;
    if (!limitText.isEmpty()) {
        bool ok = false;
        limit = limitText.toInt(&ok);
        if (!ok || limit < 1 || limit > 500)
            return error(400, u"VALIDATION_ERROR"_s, u"limit: must be between 1 and 500"_s);
    }
    const int after = request.query.queryItemValue(u"after"_s).toInt();
    // An unknown id has no associations: HubSpot answers an empty list, not 404.
    const QJsonArray all = associationEntries(m_store.associations(fromType, id, toType));
    QJsonArray results;
    for (qsizetype i = after; i < all.size() && results.size() < limit; ++i)
        results.append(all[i]);
    QJsonObject answer{{u"results"_s, results}};
    const qsizetype next = after + results.size();
    if (next < all.size()) {
        const QString link =
            baseUrl().toString()
            + u"/crm/v4/objects/%1/%2/associations/%3?limit=%4&after=%5"_s.arg(
                fromType, id, toType, QString::number(limit), QString::number(next));
        answer.insert(u"paging"_s,
                      QJsonObject{{u"next"_s, QJsonObject{{u"after"_s, QString::number(next)},
                                                          {u"link"_s, link}}}});
    }
    return {200, answer, {}};
}

FakeHubSpotServer::Reply FakeHubSpotServer::getProperty(const HttpRequest &request) {
    const QString type = request.pathParams.value(u"type"_s);
    if (auto problem = checkType(type))
        return *problem;
    const QString name = request.pathParams.value(u"name"_s);
    const HubSpotStore::Property *property = m_store.property(type, name);
    if (!property) {
        return error(404, u"OBJECT_NOT_FOUND"_s,
                     u"Unable to find property %1 for object type %2"_s.arg(name, type));
    }
    return {200, propertyJson(*property), {}};
}

FakeHubSpotServer::Reply FakeHubSpotServer::createProperty(const HttpRequest &request) {
    const QString type = request.pathParams.value(u"type"_s);
    if (auto problem = checkType(type))
        return *problem;
    QJsonObject body;
    if (auto problem = parseBody(request, body))
        return *problem;
    HubSpotStore::Property property;
    property.name = body.value(u"name"_s).toString();
    property.label = body.value(u"label"_s).toString();
    property.type = body.value(u"type"_s).toString();
    property.fieldType = body.value(u"fieldType"_s).toString();
    property.groupName = body.value(u"groupName"_s).toString();
    property.hasUniqueValue = body.value(u"hasUniqueValue"_s).toBool();
    property.hubspotDefined = false;
    static const QRegularExpression validName(u"^[a-z][a-z0-9_]*$"_s);
    static const QStringList types{u"string"_s,   u"number"_s,      u"date"_s,
                                   u"datetime"_s, u"enumeration"_s, u"bool"_s};
    QStringList problems;
    if (!validName.match(property.name).hasMatch())
        problems.append(
            u"name: must start with a lower-case letter and hold only a-z, 0-9 and _"_s);
    if (property.label.isEmpty())
        problems.append(u"label: required"_s);
    if (!types.contains(property.type))
        problems.append(u"type: must be one of %1"_s.arg(types.join(u", "_s)));
    if (property.fieldType.isEmpty())
        problems.append(u"fieldType: required"_s);
    if (property.groupName.isEmpty())
        problems.append(u"groupName: required"_s);
    if (!problems.isEmpty())
        return error(400, u"VALIDATION_ERROR"_s, problems.join(u"; "_s));
    if (!m_store.addProperty(type, property)) {
        return error(409, u"OBJECT_ALREADY_EXISTS"_s,
                     u"A property named '%1' already exists."_s.arg(property.name));
    }
    return {201, propertyJson(*m_store.property(type, property.name)), {}};
}
