// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// An in-process fake of the HubSpot CRM API (objects v3, search, batch read, associations v4,
// owners, pipelines, properties, account and private-app token info) for connector tests and
// benchmarks: HubSpot's wire format, error bodies, scopes and rate limits, with latency and
// faults per route.

#include "FakeHttpServer.h"
#include "HubSpotStore.h"

#include <QHash>
#include <QJsonObject>
#include <QPointer>
#include <QRandomGenerator>
#include <QSet>

#include <deque>
#include <functional>
#include <optional>

// Routes (the names latency and faults are set for; "*" means every route):
//   token.info    POST  /oauth/v2/private-apps/get/access-token-info
//   account       GET   /account-info/v3/details
//   owners        GET   /crm/v3/owners?limit=&after=
//   pipelines     GET   /crm/v3/pipelines/{tickets|deals}
//   search        POST  /crm/v3/objects/{type}/search
//   get           GET   /crm/v3/objects/{type}/{id}?properties=&associations=
//   batch.read    POST  /crm/v3/objects/{type}/batch/read
//   create        POST  /crm/v3/objects/{emails|notes|calls|meetings}
//   update        PATCH /crm/v3/objects/{type}/{id}
//   assoc.batch   POST  /crm/v4/associations/{fromType}/{toType}/batch/read
//   assoc.list    GET   /crm/v4/objects/{fromType}/{id}/associations/{toType}?limit=&after=
//   properties    GET   /crm/v3/properties/{type}/{name}
//   properties    POST  /crm/v3/properties/{type}
//
// On arrival a request is authenticated, charged to the token's rate limits (a 429 is not
// charged), checked for scopes and draws its fault; after the route's latency (a timer, never a
// sleep) the handler runs, even if the client has gone by then, so a write is stored although
// nobody reads the answer. Search answers carry no X-HubSpot-RateLimit headers, as documented.
class FakeHubSpotServer : public FakeHttpServer {
    Q_OBJECT

public:
    struct Fault {
        enum class Kind {
            Status,         // an error answer: `status`, `retryAfter`, HubSpot's error body
            MalformedJson,  // the real status with a body cut in half
            DropConnection, // the connection reset without an answer
            Hang,           // no answer, the connection left open
        };
        // For writes: BeforeHandling stores nothing; AfterHandling stores the object and then
        // loses or mangles the answer (the "unknown outcome" case).
        enum class When { BeforeHandling, AfterHandling };

        Kind kind = Kind::Status;
        When when = When::BeforeHandling;
        int status = 500;
        QByteArray retryAfter;

        static Fault httpStatus(int status, const QByteArray &retryAfter = {}) {
            Fault fault;
            fault.status = status;
            fault.retryAfter = retryAfter;
            return fault;
        }
        static Fault malformedJson() { return of(Kind::MalformedJson); }
        static Fault dropConnection() { return of(Kind::DropConnection); }
        static Fault hang() { return of(Kind::Hang); }
        static Fault of(Kind kind) {
            Fault fault;
            fault.kind = kind;
            return fault;
        }
        Fault afterHandling() const {
            Fault copy = *this;
            copy.when = When::AfterHandling;
            return copy;
        }
    };

    struct RateLimits {
        int max = 100; // per rolling interval (Free/Starter private app)
        int intervalMs = 10'000;
        int daily = 250'000;
        int searchPerSecond = 5; // the search endpoints' own limit, per token
    };

    // The search guide's limits on a request body. The August 2024 changelog announced 5 groups,
    // 10 filters a group and 25 in all, but the search guide (and HubSpot's own MCP server)
    // still state 5, 6 and 18: the fake enforces the stricter figures unless told otherwise.
    struct SearchLimits {
        int filterGroups = 5;
        int filtersPerGroup = 6;
        int filtersTotal = 18;
    };

    // One answered (or refused) authenticated request, for a benchmark's arithmetic.
    struct LogEntry {
        qint64 arrivedMs = 0; // on elapsedMs()'s clock
        QString route;
        int status = 0;
        QString policy; // a 429's policyName: TEN_SECONDLY_ROLLING, DAILY or SECONDLY
    };

    explicit FakeHubSpotServer(QObject *parent = nullptr);

    // Listens on 127.0.0.1 (`port` 0: any free port).
    bool start(quint16 port = 0);

    // --- Data ---------------------------------------------------------------------------------
    HubSpotStore &store() { return m_store; }
    const HubSpotStore &store() const { return m_store; }
    void seedSample() { m_store.seedSample(); }
    void seedGenerated(int tickets, quint32 seed = 1) { m_store.seedGenerated(tickets, seed); }
    // Newly created or updated objects appear in search results only after `ms` (default 0).
    void setSearchIndexLagMs(int ms) { m_store.setSearchIndexLagMs(ms); }
    // Test accessors: the objects of a type (ascending id) and those whose property equals value.
    QList<const HubSpotStore::Object *> objects(const QString &type) const {
        return m_store.objects(type);
    }
    QList<const HubSpotStore::Object *> findByProperty(const QString &type, const QString &name,
                                                       const QString &value) const {
        return m_store.findByProperty(type, name, value);
    }

    // --- Identity -----------------------------------------------------------------------------
    void setToken(const QByteArray &token); // "pat-na1-test-token" by default
    QByteArray token() const { return m_token; }
    // From now on the token is refused with 401 EXPIRED_AUTHENTICATION.
    void revokeToken() { m_revoked = true; }
    static QSet<QString> defaultScopes();
    void setGrantedScopes(const QSet<QString> &scopes) { m_scopes = scopes; }
    QSet<QString> grantedScopes() const { return m_scopes; }
    // The scopes a route needs for an object type (`method` tells the two "properties" routes
    // apart); any one of the list suffices.
    static QStringList requiredScopes(const QString &route, const QString &type,
                                      const QByteArray &method = "GET");
    static constexpr qint64 portalId = 146'290'000;
    static constexpr qint64 appId = 3'210'987;
    static constexpr qint64 userId = 5001;

    // --- Rate limits --------------------------------------------------------------------------
    void setRateLimits(const RateLimits &limits);
    RateLimits rateLimits() const { return m_limits; }
    void setSearchLimits(const SearchLimits &limits) { m_searchLimits = limits; }
    SearchLimits searchLimits() const { return m_searchLimits; }
    // Makes the daily limit exhausted (or not) at once.
    void setDailyExhausted(bool exhausted);
    int dailyUsed() const { return m_dailyUsed; }
    QList<LogEntry> requestLog() const { return m_log; }
    void clearRequestLog(); // the log and every counter below
    int requestCount() const { return int(m_log.size()); }
    int requestCount(const QString &route) const;
    int rateLimitedCount(const QString &policy = {}) const;

    // --- Behaviour ----------------------------------------------------------------------------
    // A delay before every answer on `route` ("*": every route without its own setting).
    void setLatency(const QString &route, int ms);
    // The next `times` requests on `route` (-1: all) meet `fault`. One rule per route: this
    // replaces an earlier setFault or setFailureProbability there; a route's own rule takes
    // precedence over the one for "*" until it runs out.
    void setFault(const QString &route, const Fault &fault, int times = -1);
    // Each request on `route` meets `fault` with `probability`, drawn from a generator seeded
    // with `seed` in order of arrival, so a run can be repeated exactly.
    void setFailureProbability(const QString &route, double probability, const Fault &fault,
                               quint32 seed);
    void clearFaults();

    // HubSpot's error body: {"status":"error","message":…,"correlationId":…,"category":…}.
    QByteArray errorBody(int status, const QString &code, const QString &message) const override;

private:
    struct Reply {
        int status = 200;
        QJsonObject body;
        HttpHeaders headers;
    };
    using RouteHandler = Reply (FakeHubSpotServer::*)(const HttpRequest &);
    struct FaultRule {
        Fault fault;
        int remaining = -1;
        double probability = 1.0;
        QRandomGenerator random;
    };

    void addHubSpotRoute(const QString &name, const QByteArray &method, const QString &pattern,
                         RouteHandler handler);
    void serve(HttpExchange &exchange, RouteHandler handler);
    void deliver(const QPointer<HttpExchange> &exchange, const Reply &reply,
                 const std::optional<Fault> &fault) const;
    std::optional<Fault> drawFault(const QString &route);
    bool isKnownRoute(const QString &route) const;
    std::optional<Reply> authenticate(const HttpRequest &request) const;
    // Charges the request to the limits, or the 429 that refuses it (with its policy).
    std::optional<Reply> admit(const QString &route, QString &policy);
    HttpHeaders rateHeaders();
    void prune(std::deque<qint64> &window, qint64 span) const;
    void logStatus(quint64 sequence, int status);

    Reply error(int status, const QString &category, const QString &message,
                const QJsonObject &extra = {}) const;
    std::optional<Reply> parseBody(const HttpRequest &request, QJsonObject &body) const;
    std::optional<Reply> checkType(const QString &type) const;
    // A 409 when `properties` repeat another object's value of a unique-value property.
    std::optional<Reply> uniqueValueConflict(const QString &type,
                                             const QHash<QString, QString> &properties,
                                             const QString &selfId) const;
    QJsonObject objectJson(const HubSpotStore::Object &object, const QStringList &properties,
                           bool propertiesGiven) const;
    std::optional<Reply> validateProperties(const QString &type, const QJsonValue &value,
                                            QHash<QString, QString> &properties,
                                            bool creating) const;
    QJsonObject propertyJson(const HubSpotStore::Property &property) const;

    Reply tokenInfo(const HttpRequest &request);
    Reply accountDetails(const HttpRequest &request);
    Reply listOwners(const HttpRequest &request);
    Reply listPipelines(const HttpRequest &request);
    Reply search(const HttpRequest &request);
    Reply getObject(const HttpRequest &request);
    Reply batchRead(const HttpRequest &request);
    Reply createObject(const HttpRequest &request);
    Reply updateObject(const HttpRequest &request);
    Reply associationsBatch(const HttpRequest &request);
    Reply associationsList(const HttpRequest &request);
    Reply getProperty(const HttpRequest &request);
    Reply createProperty(const HttpRequest &request);

    HubSpotStore m_store;
    QByteArray m_token = QByteArrayLiteral("pat-na1-test-token");
    bool m_revoked = false;
    QSet<QString> m_scopes;
    RateLimits m_limits;
    SearchLimits m_searchLimits;
    std::deque<qint64> m_window;       // arrival times of admitted requests
    std::deque<qint64> m_searchWindow; // of admitted searches
    int m_dailyUsed = 0;
    QList<LogEntry> m_log;
    QHash<quint64, qsizetype> m_logIndex; // exchange sequence → m_log position
    QHash<QString, int> m_latency;
    QHash<QString, FaultRule> m_faults;
};

Q_DECLARE_METATYPE(FakeHubSpotServer::Fault)
