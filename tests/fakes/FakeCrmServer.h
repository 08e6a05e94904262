// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// An in-process fake of the CRM REST API (docs/crm-api.md) for client tests, benchmarks and manual
// runs: serves a workspace of JSON objects, stores writes exactly once per idempotency key, and
// injects latency and faults per route.

#include "FakeHttpServer.h"

#include <QHash>
#include <QJsonObject>
#include <QJsonValue>
#include <QPointer>
#include <QRandomGenerator>

#include <functional>
#include <optional>
#include <set>

// Routes (the names that latency and faults are set for; "*" means every route):
//   tickets.list          GET  /v1/tickets?updated_since=&cursor=&limit=
//   tickets.get           GET  /v1/tickets/{id}
//   projects.get          GET  /v1/projects/{id}
//   prospects.history     GET  /v1/prospects/{id}/history
//   tickets.interactions  GET  /v1/tickets/{id}/interactions?cursor=
//   activities.post       POST /v1/tickets/{id}/activities
//   events.post           POST /v1/tickets/{id}/messages/{messageId}/events
//   effectiveness.put     PUT  /v1/messages/{messageId}/effectiveness
//
// On arrival a request draws its fault, has its bearer token checked and, for a write, its
// Idempotency-Key looked up (so that a second request with the key during the first one's
// latency finds it in progress). After the route's latency (a timer, never a sleep) the handler
// runs and its answer, or the fault's, goes out; a fault acting before handling replaces all of
// that. The handler runs even if the client has gone by then: like a real server, a write is
// stored although nobody reads the answer.
class FakeCrmServer : public FakeHttpServer {
    Q_OBJECT

public:
    struct Fault {
        enum class Kind {
            Status,         // an error answer: `status`, `retryAfter`, `errorCode`
            MalformedJson,  // the real status with a body that is not JSON (`body`, or the real
                            // body cut in half)
            WrongType,      // `field` of the real body given another JSON type (`value`)
            MissingField,   // `field` removed from the real body
            TruncatedBody,  // Content-Length of the real body, `bytes` of it sent, then close
            DropConnection, // the connection reset without an answer
            Hang,           // no answer, the connection left open
            // The real status with a body of `bytes` bytes (a JSON start, then whitespace),
            // streamed only as fast as the client reads it, so the fake never holds it. With
            // `announceLength` it is sent with Content-Length, otherwise chunked.
            HugeBody,
        };
        // For writes: whether the fault strikes before the handler (nothing stored) or after it
        // (stored, then the answer is lost or mangled: the realistic "response lost" case).
        // The body faults (MalformedJson, WrongType, MissingField, TruncatedBody) need the real
        // answer, so they always act after handling.
        enum class When { BeforeHandling, AfterHandling };

        Kind kind = Kind::Status;
        When when = When::BeforeHandling;
        int status = 500;
        QByteArray retryAfter; // the raw Retry-After value ("2" or an HTTP-date); none if empty
        QString errorCode;     // error.code; empty picks one from the status ("rate_limited", …)
        // A dotted path into the answer's JSON: "title", "value.amount", "items.0.id";
        // "*" stands for every element of an array ("items.*.updated_at").
        QString field;
        QJsonValue value = QJsonValue(QJsonValue::Undefined); // WrongType; Undefined picks one
        QByteArray body;      // MalformedJson's body; empty = the real body cut in half
        qsizetype bytes = -1; // TruncatedBody: body bytes sent; -1 = half of them. HugeBody: all
        bool announceLength = false; // HugeBody

        static Fault httpStatus(int status, const QByteArray &retryAfter = {}) {
            Fault fault;
            fault.status = status;
            fault.retryAfter = retryAfter;
            return fault;
        }
        static Fault malformedJson(const QByteArray &body = {}) {
            Fault fault = of(Kind::MalformedJson);
            fault.body = body;
            return fault;
        }
        static Fault wrongType(const QString &field,
                               const QJsonValue &value = QJsonValue(QJsonValue::Undefined)) {
            Fault fault = of(Kind::WrongType);
            fault.field = field;
            fault.value = value;
            return fault;
        }
        static Fault missingField(const QString &field) {
            Fault fault = of(Kind::MissingField);
            fault.field = field;
            return fault;
        }
        static Fault truncatedBody(qsizetype bytes = -1) {
            Fault fault = of(Kind::TruncatedBody);
            fault.bytes = bytes;
            return fault;
        }
        static Fault hugeBody(qsizetype bytes, bool announceLength) {
            Fault fault = of(Kind::HugeBody);
            fault.bytes = bytes;
            fault.announceLength = announceLength;
            return fault;
        }
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
        bool changesBody() const {
            return kind == Kind::MalformedJson || kind == Kind::WrongType
                   || kind == Kind::MissingField || kind == Kind::TruncatedBody
                   || kind == Kind::HugeBody;
        }
    };

    explicit FakeCrmServer(QObject *parent = nullptr);

    // Listens on 127.0.0.1 (`port` 0: any free port).
    bool start(quint16 port = 0);

    // --- Data ------------------------------------------------------------------------------
    // Replaces all tickets, projects, prospects and interactions with tickets.json,
    // projects.json, prospects.json and interactions.json from `dir` (each a JSON array or
    // {"items": [...]}). ":/demo" needs outreach_resources linked into the executable. On an
    // error (told with qWarning) nothing changes.
    bool loadWorkspace(const QString &dir = QStringLiteral(":/demo"));
    // Insert or replace by "id" (a prospect history by "prospect"."id"). False without an id.
    bool putTicket(const QJsonObject &ticket);
    bool putProject(const QJsonObject &project);
    bool putProspect(const QJsonObject &history);
    bool putInteraction(const QJsonObject &interaction);
    bool removeTicket(const QString &id);
    bool removeProject(const QString &id);
    bool removeProspect(const QString &id);
    bool removeInteraction(const QString &id);
    QJsonObject ticket(const QString &id) const; // empty when unknown
    QStringList ticketIds() const;               // in sync order: updated_at, then id
    QList<QJsonObject> interactions(const QString &ticketId) const; // newest first

    // --- Writes received, each stored once per idempotency key ------------------------------
    QList<QJsonObject> activities(const QString &ticketId = {}) const; // in order of storing
    QList<QJsonObject> events(const QString &ticketId = {}) const;
    QHash<QString, QJsonObject> effectiveness() const; // by message id, the latest PUT
    // How often a write with this key was stored (0 or 1: more would be a bug in the fake).
    int timesStored(const QByteArray &idempotencyKey) const;
    // How many authorised write requests with this key reached the handler (retries included).
    int writeAttempts(const QByteArray &idempotencyKey) const;

    // --- Behaviour ---------------------------------------------------------------------------
    void setToken(const QByteArray &token); // "test-token" by default
    void setInteractionPageSize(int size);  // 20 by default
    // A delay before every answer on `route` ("*": every route without its own setting).
    void setLatency(const QString &route, int ms);
    // The next `times` requests on `route` (-1: all) meet `fault`. One rule per route: this
    // replaces an earlier setFault or setFailureProbability there; a rule for a route takes
    // precedence over the one for "*" until it runs out.
    void setFault(const QString &route, const Fault &fault, int times = -1);
    // Each request on `route` meets `fault` with `probability`, drawn from a generator seeded
    // with `seed` in order of arrival, so a run can be repeated exactly.
    void setFailureProbability(const QString &route, double probability, const Fault &fault,
                               quint32 seed);
    void clearFaults();

private:
    // An answer as the handler made it, before any fault is applied.
    struct Reply {
        int status = 200;
        QJsonObject body;
        HttpHeaders headers;
    };
    using Work = std::function<Reply()>;
    using RouteHandler = Reply (FakeCrmServer::*)(const HttpRequest &);

    struct FaultRule {
        Fault fault;
        int remaining = -1;
        double probability = 1.0;
        QRandomGenerator random;
    };

    struct IdempotencyRecord {
        enum class State { Free, InProgress, Completed };
        State state = State::Free;
        QByteArray method;
        QString path;
        QByteArray body;
        Reply reply; // the answer replayed once Completed
        int attempts = 0;
        int stored = 0;
    };

    // Orders tickets by (updated_at, id) and interactions by (occurred_at, id); cursors are
    // positions in these orders, so pages stay consistent while the data changes.
    using SortKey = std::pair<qint64, QString>;

    void addCrmRoute(const QString &name, const QByteArray &method, const QString &pattern,
                     RouteHandler handler, bool isWrite);
    void serve(HttpExchange &exchange, RouteHandler handler, bool isWrite);
    Work admitWrite(const HttpRequest &request, RouteHandler handler);
    void deliver(const QPointer<HttpExchange> &exchange, const Reply &reply,
                 const std::optional<Fault> &fault) const;
    void deliverFault(HttpExchange &exchange, const Fault &fault, const Reply &reply) const;
    std::optional<Fault> drawFault(const QString &route);
    bool isKnownRoute(const QString &route) const;
    std::optional<Reply> authorize(const HttpRequest &request) const;

    Reply errorReply(int status, const QString &code, const QString &message) const;
    Reply notFound(const QString &what, const QString &id) const;
    // Content-Type, JSON and object checks of a write's body: a refusal, or nothing and `body`.
    std::optional<Reply> parseWriteBody(const HttpRequest &request, QJsonObject &body) const;
    // Non-empty strings, and of those the timestamps: a refusal naming the first bad field.
    std::optional<Reply> requireFields(const QJsonObject &body, const QStringList &strings,
                                       const QStringList &timestamps) const;

    Reply listTickets(const HttpRequest &request);
    Reply getTicket(const HttpRequest &request);
    Reply getProject(const HttpRequest &request);
    Reply getProspectHistory(const HttpRequest &request);
    Reply listInteractions(const HttpRequest &request);
    Reply postActivity(const HttpRequest &request);
    Reply postEvent(const HttpRequest &request);
    Reply putEffectiveness(const HttpRequest &request);

    QHash<QString, QJsonObject> m_tickets;
    std::set<SortKey> m_ticketOrder;
    QHash<QString, QJsonObject> m_projects;
    QHash<QString, QJsonObject> m_prospects;
    QHash<QString, QJsonObject> m_interactions;
    QHash<QString, std::set<SortKey>> m_interactionOrder; // by ticket id, oldest first

    QList<QJsonObject> m_activities;
    QList<QJsonObject> m_events;
    QHash<QString, QJsonObject> m_effectiveness;
    QHash<QByteArray, IdempotencyRecord> m_idempotency;

    QByteArray m_token = QByteArrayLiteral("test-token");
    int m_interactionPageSize = 20;
    QHash<QString, int> m_latency;
    QHash<QString, FaultRule> m_faults;
};

Q_DECLARE_METATYPE(FakeCrmServer::Fault)
