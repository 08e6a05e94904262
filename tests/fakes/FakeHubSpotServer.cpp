// SPDX-License-Identifier: GPL-3.0-or-later
#include "FakeHubSpotServer.h"

#include "HttpExchange.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTimer>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace {

using Fault = FakeHubSpotServer::Fault;
using Object = HubSpotStore::Object;

constexpr int searchMaxLimit = 200;
constexpr int searchMaxResults = 10'000; // after + limit may not go past this
constexpr int batchReadMax = 100;
constexpr int associationBatchMax = 1000;

QString correlationId() {
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

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

FakeHubSpotServer::FakeHubSpotServer(QObject *parent)
    : FakeHttpServer(parent)
    , m_scopes(defaultScopes()) {
    m_store.setClock([this] { return elapsedMs(); });
    addHubSpotRoute(u"token.info"_s, "POST"_ba, u"/oauth/v2/private-apps/get/access-token-info"_s,
                    &FakeHubSpotServer::tokenInfo);
    addHubSpotRoute(u"account"_s, "GET"_ba, u"/account-info/v3/details"_s,
                    &FakeHubSpotServer::accountDetails);
    addHubSpotRoute(u"owners"_s, "GET"_ba, u"/crm/v3/owners"_s, &FakeHubSpotServer::listOwners);
    addHubSpotRoute(u"pipelines"_s, "GET"_ba, u"/crm/v3/pipelines/{type}"_s,
                    &FakeHubSpotServer::listPipelines);
    addHubSpotRoute(u"search"_s, "POST"_ba, u"/crm/v3/objects/{type}/search"_s,
                    &FakeHubSpotServer::search);
    addHubSpotRoute(u"batch.read"_s, "POST"_ba, u"/crm/v3/objects/{type}/batch/read"_s,
                    &FakeHubSpotServer::batchRead);
    addHubSpotRoute(u"get"_s, "GET"_ba, u"/crm/v3/objects/{type}/{id}"_s,
                    &FakeHubSpotServer::getObject);
    addHubSpotRoute(u"update"_s, "PATCH"_ba, u"/crm/v3/objects/{type}/{id}"_s,
                    &FakeHubSpotServer::updateObject);
    addHubSpotRoute(u"create"_s, "POST"_ba, u"/crm/v3/objects/{type}"_s,
                    &FakeHubSpotServer::createObject);
    addHubSpotRoute(u"assoc.batch"_s, "POST"_ba,
                    u"/crm/v4/associations/{fromType}/{toType}/batch/read"_s,
                    &FakeHubSpotServer::associationsBatch);
    addHubSpotRoute(u"assoc.list"_s, "GET"_ba,
                    u"/crm/v4/objects/{fromType}/{id}/associations/{toType}"_s,
                    &FakeHubSpotServer::associationsList);
    addHubSpotRoute(u"properties"_s, "GET"_ba, u"/crm/v3/properties/{type}/{name}"_s,
                    &FakeHubSpotServer::getProperty);
    addHubSpotRoute(u"properties"_s, "POST"_ba, u"/crm/v3/properties/{type}"_s,
                    &FakeHubSpotServer::createProperty);
}

bool FakeHubSpotServer::start(quint16 port) {
    return listen(QHostAddress(QHostAddress::LocalHost), port);
}

// --- Identity --------------------------------------------------------------------------------

void FakeHubSpotServer::setToken(const QByteArray &token) {
    m_token = token;
    m_revoked = false;
}

QSet<QString> FakeHubSpotServer::defaultScopes() {
    return {u"oauth"_s,
            u"tickets"_s,
            u"crm.objects.contacts.read"_s,
            u"crm.objects.contacts.write"_s,
            u"crm.objects.companies.read"_s,
            u"crm.objects.deals.read"_s,
            u"crm.objects.line_items.read"_s,
            u"crm.objects.owners.read"_s,
            u"sales-email-read"_s,
            u"crm.schemas.contacts.read"_s,
            u"crm.schemas.contacts.write"_s};
}

QStringList FakeHubSpotServer::requiredScopes(const QString &route, const QString &type,
                                              const QByteArray &method) {
    static const QStringList engagements{u"notes"_s, u"calls"_s, u"meetings"_s};
    if (route == u"owners")
        return {u"crm.objects.owners.read"_s};
    if (route == u"pipelines")
        return type == u"tickets" ? QStringList{u"tickets"_s}
                                  : QStringList{u"crm.objects.deals.read"_s};
    const bool write = route == u"create" || route == u"update";
    const bool schema = route == u"properties";
    const bool schemaWrite = schema && method != "GET";
    if (route == u"token.info" || route == u"account")
        return {};
    // Tickets have one scope for everything; line items also accept the legacy e-commerce.
    if (type == u"tickets")
        return {u"tickets"_s};
    if (type == u"line_items") {
        return {(schema ? u"crm.schemas.line_items."_s : u"crm.objects.line_items."_s)
                    + (write || schemaWrite ? u"write"_s : u"read"_s),
                u"e-commerce"_s};
    }
    const QString suffix = write || schemaWrite ? u"write"_s : u"read"_s;
    // Engagements are governed by the contact scopes; reading emails needs sales-email-read.
    if (type == u"emails" && !write && !schema)
        return {u"sales-email-read"_s};
    const QString owner = (type == u"emails" || engagements.contains(type)) ? u"contacts"_s : type;
    return {(schema ? u"crm.schemas."_s : u"crm.objects."_s) + owner + u'.' + suffix};
}

// --- Rate limits -----------------------------------------------------------------------------

void FakeHubSpotServer::setRateLimits(const RateLimits &limits) {
    m_limits = limits;
    m_window.clear();
    m_searchWindow.clear();
}

void FakeHubSpotServer::setDailyExhausted(bool exhausted) {
    m_dailyUsed = exhausted ? m_limits.daily : 0;
}

void FakeHubSpotServer::clearRequestLog() {
    m_log.clear();
}

int FakeHubSpotServer::requestCount(const QString &route) const {
    return int(std::count_if(m_log.begin(), m_log.end(),
                             [&](const LogEntry &entry) { return entry.route == route; }));
}

int FakeHubSpotServer::rateLimitedCount(const QString &policy) const {
    return int(std::count_if(m_log.begin(), m_log.end(), [&](const LogEntry &entry) {
        return entry.status == 429 && !entry.policy.isEmpty()
               && (policy.isEmpty() || entry.policy == policy);
    }));
}

void FakeHubSpotServer::prune(std::deque<qint64> &window, qint64 span) const {
    const qint64 now = elapsedMs();
    while (!window.empty() && window.front() <= now - span)
        window.pop_front();
}

HttpHeaders FakeHubSpotServer::rateHeaders() {
    prune(m_window, m_limits.intervalMs);
    const qint64 now = elapsedMs();
    const int secondly = qMax(1, int(qint64(m_limits.max) * 1000 / qMax(1, m_limits.intervalMs)));
    const int lastSecond = int(std::count_if(m_window.begin(), m_window.end(),
                                             [now](qint64 t) { return t > now - 1000; }));
    const auto number = [](qint64 n) { return QByteArray::number(qMax<qint64>(0, n)); };
    return {{"X-HubSpot-RateLimit-Daily"_ba, number(m_limits.daily)},
            {"X-HubSpot-RateLimit-Daily-Remaining"_ba, number(m_limits.daily - m_dailyUsed)},
            {"X-HubSpot-RateLimit-Interval-Milliseconds"_ba, number(m_limits.intervalMs)},
            {"X-HubSpot-RateLimit-Max"_ba, number(m_limits.max)},
            {"X-HubSpot-RateLimit-Remaining"_ba, number(m_limits.max - qint64(m_window.size()))},
            {"X-HubSpot-RateLimit-Secondly"_ba, number(secondly)},
            {"X-HubSpot-RateLimit-Secondly-Remaining"_ba, number(secondly - lastSecond)}};
}

std::optional<FakeHubSpotServer::Reply> FakeHubSpotServer::admit(const QString &route,
                                                                 QString &policy) {
    const bool isSearch = route == u"search";
    prune(m_window, m_limits.intervalMs);
    prune(m_searchWindow, 1000);
    const auto refuse = [&](const QString &name, const QString &message, const QString &group) {
        policy = name;
        Reply reply{429,
                    {{u"status"_s, u"error"_s},
                     {u"message"_s, message},
                     {u"errorType"_s, u"RATE_LIMIT"_s},
                     {u"correlationId"_s, correlationId()},
                     {u"policyName"_s, name},
                     {u"groupName"_s, group}},
                    {}};
        // HubSpot sends no Retry-After with its 429s: a client paces itself by the headers.
        if (!isSearch)
            reply.headers = rateHeaders();
        return reply;
    };
    if (m_dailyUsed >= m_limits.daily) {
        return refuse(u"DAILY"_s, u"You have reached your daily limit."_s,
                      u"publicapi:private-app-daily:%1"_s.arg(portalId));
    }
    if (m_limits.max > 0 && int(m_window.size()) >= m_limits.max) {
        return refuse(
            u"TEN_SECONDLY_ROLLING"_s, u"You have reached your ten_secondly_rolling limit."_s,
            u"publicapi:private-app-ten-secondly-rolling:%1:%2"_s.arg(appId).arg(portalId));
    }
    if (isSearch && m_limits.searchPerSecond > 0
        && int(m_searchWindow.size()) >= m_limits.searchPerSecond) {
        return refuse(u"SECONDLY"_s, u"You have reached your secondly limit."_s,
                      u"publicapi:crm-search:%1"_s.arg(appId));
    }
    const qint64 now = elapsedMs();
    m_window.push_back(now);
    if (isSearch)
        m_searchWindow.push_back(now);
    ++m_dailyUsed;
    return std::nullopt;
}

// --- Behaviour -------------------------------------------------------------------------------

void FakeHubSpotServer::setLatency(const QString &route, int ms) {
    if (isKnownRoute(route))
        m_latency.insert(route, qMax(0, ms));
}

void FakeHubSpotServer::setFault(const QString &route, const Fault &fault, int times) {
    if (!isKnownRoute(route))
        return;
    if (times == 0)
        m_faults.remove(route);
    else
        m_faults.insert(route, FaultRule{fault, times, 1.0, QRandomGenerator()});
}

void FakeHubSpotServer::setFailureProbability(const QString &route, double probability,
                                              const Fault &fault, quint32 seed) {
    if (isKnownRoute(route))
        m_faults.insert(route, FaultRule{fault, -1, probability, QRandomGenerator(seed)});
}

void FakeHubSpotServer::clearFaults() {
    m_faults.clear();
}

bool FakeHubSpotServer::isKnownRoute(const QString &route) const {
    if (route == u"*" || routeNames().contains(route))
        return true;
    // A typo would otherwise switch nothing on and let a test pass for the wrong reason.
    qWarning("FakeHubSpotServer: no route called \"%s\"", qPrintable(route));
    return false;
}

std::optional<Fault> FakeHubSpotServer::drawFault(const QString &route) {
    for (const QString &name : {route, u"*"_s}) {
        const auto it = m_faults.find(name);
        if (it == m_faults.end())
            continue;
        if (it->probability < 1.0 && it->random.generateDouble() >= it->probability)
            return std::nullopt;
        const Fault fault = it->fault;
        if (it->remaining > 0 && --it->remaining == 0)
            m_faults.erase(it);
        return fault;
    }
    return std::nullopt;
}

QByteArray FakeHubSpotServer::errorBody(int status, const QString &code,
                                        const QString &message) const {
    Q_UNUSED(status)
    const QJsonObject body{{u"status"_s, u"error"_s},
                           {u"message"_s, message},
                           {u"correlationId"_s, correlationId()},
                           {u"category"_s, code}};
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

// --- Serving ---------------------------------------------------------------------------------

void FakeHubSpotServer::addHubSpotRoute(const QString &name, const QByteArray &method,
                                        const QString &pattern, RouteHandler handler) {
    addRoute(name, method, pattern,
             [this, handler](HttpExchange &exchange) { serve(exchange, handler); });
}

void FakeHubSpotServer::serve(HttpExchange &exchange, RouteHandler handler) {
    // A copy: the work below may run after the exchange (and its request) is gone.
    const HttpRequest request = exchange.request();
    const QString route = request.route;
    const qint64 arrived = elapsedMs();

    std::optional<Reply> refusal;
    HttpHeaders limitHeaders;
    QString policy;
    // The token-info call carries its token in the body, not in a header.
    if (route != u"token.info")
        refusal = authenticate(request);
    if (!refusal) {
        refusal = admit(route, policy);
        if (!refusal && route != u"search")
            limitHeaders = rateHeaders(); // search answers carry none (documented)
    }
    if (!refusal) {
        const QString type = request.pathParams.value(
            request.pathParams.contains(u"fromType"_s) ? u"fromType"_s : u"type"_s);
        QStringList missing;
        const auto need = [&](const QString &forType) {
            // An unknown type is the handler's 400, not a scope question.
            if (!forType.isEmpty() && !HubSpotStore::isObjectType(forType))
                return;
            const QStringList anyOf = requiredScopes(route, forType, request.method);
            if (!anyOf.isEmpty() && std::none_of(anyOf.begin(), anyOf.end(), [&](const QString &s) {
                    return m_scopes.contains(s);
                }))
                missing += anyOf;
        };
        need(type);
        if (request.pathParams.contains(u"toType"_s))
            need(request.pathParams.value(u"toType"_s));
        if (!missing.isEmpty()) {
            missing.removeDuplicates();
            refusal = Reply{
                403,
                {{u"status"_s, u"error"_s},
                 {u"message"_s, u"This app hasn't been granted all required scopes to make this "
                                u"call. Read more about required scopes here: "
                                u"https://developers.hubspot.com/scopes."_s},
                 {u"correlationId"_s, correlationId()},
                 {u"errors"_s,
                  QJsonArray{QJsonObject{
                      {u"message"_s, u"One or more of the following scopes are required."_s},
                      {u"context"_s, QJsonObject{{u"requiredGranularScopes"_s,
                                                  QJsonArray::fromStringList(missing)}}}}}},
                 {u"links"_s,
                  QJsonObject{{u"scopes"_s, u"https://developers.hubspot.com/scopes"_s}}},
                 {u"category"_s, u"MISSING_SCOPES"_s}},
                limitHeaders};
        }
    }
    // Faults strike only requests HubSpot would have served: a refused one gets its refusal.
    const std::optional<Fault> fault = refusal ? std::nullopt : drawFault(route);
    const bool faultFirst = fault && fault->when == Fault::When::BeforeHandling
                            && fault->kind != Fault::Kind::MalformedJson;
    const bool authenticated = route == u"token.info" || !refusal || refusal->status != 401;

    const QPointer<HttpExchange> target(&exchange);
    auto answer = [this, target, handler, request, refusal, fault, faultFirst, limitHeaders,
                   arrived, policy, authenticated] {
        Reply reply;
        if (refusal)
            reply = *refusal;
        else if (!faultFirst)
            reply = (this->*handler)(request);
        reply.headers += limitHeaders;
        if (authenticated) {
            const int status = fault && fault->kind == Fault::Kind::Status          ? fault->status
                               : fault && fault->kind != Fault::Kind::MalformedJson ? 0
                                                                                    : reply.status;
            m_log.append({arrived, request.route, status, policy});
        }
        deliver(target, reply, fault);
    };
    const int delay = m_latency.value(route, m_latency.value(u"*"_s, 0));
    if (delay <= 0)
        answer();
    else
        QTimer::singleShot(delay, Qt::PreciseTimer, this, std::move(answer));
}

void FakeHubSpotServer::deliver(const QPointer<HttpExchange> &exchange, const Reply &reply,
                                const std::optional<Fault> &fault) const {
    // The client may have given up; the work has been done all the same.
    if (!exchange || !exchange->canAnswer())
        return;
    HttpHeaders headers = reply.headers;
    headers.append({"Content-Type"_ba, "application/json;charset=utf-8"_ba});
    if (!fault) {
        exchange->respond(reply.status, QJsonDocument(reply.body).toJson(QJsonDocument::Compact),
                          headers);
        return;
    }
    switch (fault->kind) {
    case Fault::Kind::Status: {
        HttpHeaders faultHeaders{{"Content-Type"_ba, "application/json;charset=utf-8"_ba}};
        if (!fault->retryAfter.isEmpty())
            faultHeaders.append({"Retry-After"_ba, fault->retryAfter});
        const QString category = fault->status == 429   ? u"RATE_LIMITS"_s
                                 : fault->status >= 500 ? u"INTERNAL_ERROR"_s
                                                        : u"VALIDATION_ERROR"_s;
        exchange->respond(fault->status,
                          errorBody(fault->status, category, u"injected by the fake HubSpot"_s),
                          faultHeaders);
        return;
    }
    case Fault::Kind::MalformedJson: {
        const QByteArray real = QJsonDocument(reply.body).toJson(QJsonDocument::Compact);
        exchange->respond(reply.status, real.left(qMax<qsizetype>(1, real.size() / 2)), headers);
        return;
    }
    case Fault::Kind::DropConnection:
        exchange->abort();
        return;
    case Fault::Kind::Hang:
        return;
    }
}

std::optional<FakeHubSpotServer::Reply>
FakeHubSpotServer::authenticate(const HttpRequest &request) const {
    const QByteArray header = request.header("authorization");
    const qsizetype space = header.indexOf(' ');
    const bool bearer = space > 0 && header.left(space).compare("bearer", Qt::CaseInsensitive) == 0;
    const QByteArray token = bearer ? header.mid(space + 1).trimmed() : QByteArray();
    if (bearer && token == m_token && !m_revoked)
        return std::nullopt;
    if (bearer && token == m_token) {
        return error(401, u"EXPIRED_AUTHENTICATION"_s,
                     u"The OAuth token used to make this call expired 0 second(s) ago."_s);
    }
    return error(401, u"INVALID_AUTHENTICATION"_s,
                 header.isEmpty()
                     ? u"Authentication credentials not found. This API supports OAuth 2.0 "
                       u"authentication and you can find more details at "
                       u"https://developers.hubspot.com/docs/methods/auth/oauth-overview"_s
                     : u"The access token provided is invalid."_s);
}

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
        {u"hasUniqueValue"_s, false},
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
