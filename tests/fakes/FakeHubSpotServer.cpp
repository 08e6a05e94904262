// SPDX-License-Identifier: GPL-3.0-or-later
#include "FakeHubSpotServer.h"

#include "HttpExchange.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTimer>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace {

using Fault = FakeHubSpotServer::Fault;

QString correlationId() {
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
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
