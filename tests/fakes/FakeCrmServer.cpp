// SPDX-License-Identifier: GPL-3.0-or-later
#include "FakeCrmServer.h"

#include "BodyPump.h"
#include "HttpExchange.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTimer>

#include <limits>

using namespace Qt::StringLiterals;

namespace {

using Fault = FakeCrmServer::Fault;

// Where an unparseable timestamp sorts: first, so that such an item still shows up in a sync.
constexpr qint64 unparseableTime = std::numeric_limits<qint64>::min();

// Milliseconds since the epoch of an ISO 8601 timestamp that names its time zone ("…Z" or
// "…+01:00"); nothing for anything else, a local time included (docs/crm-api.md wants UTC).
std::optional<qint64> parseTimestamp(const QString &text) {
    const QDateTime time = QDateTime::fromString(text, Qt::ISODate);
    if (!time.isValid() || time.timeSpec() == Qt::LocalTime)
        return std::nullopt;
    return time.toMSecsSinceEpoch();
}

std::pair<qint64, QString> sortKey(const QJsonObject &item, const QString &timeField) {
    return {parseTimestamp(item.value(timeField).toString()).value_or(unparseableTime),
            item.value(u"id"_s).toString()};
}

// Cursors are opaque to the client: a position in the sort order, base64url-encoded, with a
// prefix telling which list it belongs to.
QString encodeCursor(const QByteArray &list, const std::pair<qint64, QString> &key) {
    const QByteArray raw = list + ':' + QByteArray::number(key.first) + '|' + key.second.toUtf8();
    return QString::fromLatin1(
        raw.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

std::optional<std::pair<qint64, QString>> decodeCursor(const QByteArray &list,
                                                       const QString &cursor) {
    const auto decoded = QByteArray::fromBase64Encoding(
        cursor.toLatin1(), QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals
                               | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || !decoded.decoded.startsWith(QByteArray(list + ':')))
        return std::nullopt;
    const QByteArray rest = decoded.decoded.mid(list.size() + 1);
    const qsizetype bar = rest.indexOf('|');
    bool ok = false;
    const qint64 time = bar < 0 ? 0 : rest.left(bar).toLongLong(&ok);
    if (!ok)
        return std::nullopt;
    return std::pair{time, QString::fromUtf8(rest.mid(bar + 1))};
}

QString errorCodeFor(int status) {
    switch (status) {
    case 400:
        return u"bad_request"_s;
    case 401:
        return u"unauthorized"_s;
    case 403:
        return u"forbidden"_s;
    case 404:
        return u"not_found"_s;
    case 408:
        return u"request_timeout"_s;
    case 409:
        return u"conflict"_s;
    case 422:
        return u"unprocessable"_s;
    case 429:
        return u"rate_limited"_s;
    case 500:
        return u"internal_error"_s;
    case 502:
        return u"bad_gateway"_s;
    case 503:
        return u"service_unavailable"_s;
    case 504:
        return u"gateway_timeout"_s;
    default:
        return status >= 500 ? u"server_error"_s : u"error"_s;
    }
}

// A value of another JSON type than `current`, for a WrongType fault without an explicit value.
QJsonValue wrongTypeFor(const QJsonValue &current) {
    switch (current.type()) {
    case QJsonValue::String:
        return 42;
    case QJsonValue::Double:
        return QString::number(current.toDouble());
    case QJsonValue::Bool:
        return current.toBool() ? u"true"_s : u"false"_s;
    case QJsonValue::Array:
        return QJsonObject{};
    case QJsonValue::Object:
        return QJsonArray{};
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        break;
    }
    return 42;
}

// Applies a WrongType or MissingField fault at every place `path` (from `depth` on) leads to
// in `node`. Qt's JSON values are copies, so each level is edited and written back. True when
// the path led anywhere.
bool editAtPath(QJsonValue &node, const QStringList &path, qsizetype depth, const Fault &fault) {
    const QString &segment = path[depth];
    const bool leaf = depth == path.size() - 1;
    const auto edit = [&](QJsonValue &child) {
        if (!leaf)
            return editAtPath(child, path, depth + 1, fault);
        child = fault.value.isUndefined() ? wrongTypeFor(child) : fault.value;
        return true;
    };

    if (node.isObject()) {
        QJsonObject object = node.toObject();
        const QStringList keys = segment == u"*" ? object.keys() : QStringList{segment};
        bool found = false;
        for (const QString &key : keys) {
            if (!object.contains(key))
                continue;
            if (leaf && fault.kind == Fault::Kind::MissingField) {
                object.remove(key);
                found = true;
                continue;
            }
            QJsonValue child = object.value(key);
            if (edit(child)) {
                object.insert(key, child);
                found = true;
            }
        }
        node = object;
        return found;
    }

    if (node.isArray()) {
        QJsonArray array = node.toArray();
        QList<qsizetype> indices;
        bool isIndex = false;
        const qsizetype index = segment.toLongLong(&isIndex);
        if (segment == u"*") {
            for (qsizetype i = array.size() - 1; i >= 0; --i)
                indices.append(i);
        } else if (isIndex && index >= 0 && index < array.size()) {
            indices.append(index);
        }
        bool found = false;
        // Backwards, so that removing an element leaves the indices still to visit alone.
        for (const qsizetype i : std::as_const(indices)) {
            if (leaf && fault.kind == Fault::Kind::MissingField) {
                array.removeAt(i);
                found = true;
                continue;
            }
            QJsonValue child = array.at(i);
            if (edit(child)) {
                array.replace(i, child);
                found = true;
            }
        }
        node = array;
        return found;
    }
    return false;
}

std::optional<QJsonArray> readItems(const QString &path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        qWarning("FakeCrmServer: cannot read %s: %s", qPrintable(path),
                 qPrintable(file.errorString()));
        return std::nullopt;
    }
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &error);
    if (document.isArray())
        return document.array();
    if (document.isObject() && document.object().value(u"items"_s).isArray())
        return document.object().value(u"items"_s).toArray();
    qWarning("FakeCrmServer: %s is neither a JSON array nor {\"items\": [...]}%s%s",
             qPrintable(path), document.isNull() ? ": " : "",
             document.isNull() ? qPrintable(error.errorString()) : "");
    return std::nullopt;
}

QString prospectIdOf(const QJsonObject &history) {
    return history.value(u"prospect"_s).toObject().value(u"id"_s).toString();
}

bool isSuccess(int status) {
    return status >= 200 && status < 300;
}

} // namespace

FakeCrmServer::FakeCrmServer(QObject *parent)
    : FakeHttpServer(parent) {
    addCrmRoute(u"tickets.list"_s, "GET"_ba, u"/v1/tickets"_s, &FakeCrmServer::listTickets, false);
    addCrmRoute(u"tickets.get"_s, "GET"_ba, u"/v1/tickets/{id}"_s, &FakeCrmServer::getTicket,
                false);
    addCrmRoute(u"projects.get"_s, "GET"_ba, u"/v1/projects/{id}"_s, &FakeCrmServer::getProject,
                false);
    addCrmRoute(u"prospects.history"_s, "GET"_ba, u"/v1/prospects/{id}/history"_s,
                &FakeCrmServer::getProspectHistory, false);
    addCrmRoute(u"tickets.interactions"_s, "GET"_ba, u"/v1/tickets/{id}/interactions"_s,
                &FakeCrmServer::listInteractions, false);
    addCrmRoute(u"activities.post"_s, "POST"_ba, u"/v1/tickets/{id}/activities"_s,
                &FakeCrmServer::postActivity, true);
    addCrmRoute(u"events.post"_s, "POST"_ba, u"/v1/tickets/{id}/messages/{messageId}/events"_s,
                &FakeCrmServer::postEvent, true);
    addCrmRoute(u"effectiveness.put"_s, "PUT"_ba, u"/v1/messages/{messageId}/effectiveness"_s,
                &FakeCrmServer::putEffectiveness, true);
}

bool FakeCrmServer::start(quint16 port) {
    return listen(QHostAddress(QHostAddress::LocalHost), port);
}

// --- Data ------------------------------------------------------------------------------------

bool FakeCrmServer::loadWorkspace(const QString &dir) {
    const std::optional<QJsonArray> tickets = readItems(dir + u"/tickets.json"_s);
    const std::optional<QJsonArray> projects = readItems(dir + u"/projects.json"_s);
    const std::optional<QJsonArray> prospects = readItems(dir + u"/prospects.json"_s);
    const std::optional<QJsonArray> interactions = readItems(dir + u"/interactions.json"_s);
    if (!tickets || !projects || !prospects || !interactions)
        return false;

    // Every item must be storable before anything is replaced.
    const auto allHave = [&](const QJsonArray &items, const QString &file, auto idOf) {
        for (const QJsonValue &item : items) {
            if (idOf(item.toObject()).isEmpty()) {
                qWarning("FakeCrmServer: an item in %s/%s has no id", qPrintable(dir),
                         qPrintable(file));
                return false;
            }
        }
        return true;
    };
    const auto id = [](const QJsonObject &item) { return item.value(u"id"_s).toString(); };
    const auto interactionId = [](const QJsonObject &item) {
        return item.value(u"ticket_id"_s).toString().isEmpty() ? QString()
                                                               : item.value(u"id"_s).toString();
    };
    if (!allHave(*tickets, u"tickets.json"_s, id) || !allHave(*projects, u"projects.json"_s, id)
        || !allHave(*prospects, u"prospects.json"_s, prospectIdOf)
        || !allHave(*interactions, u"interactions.json"_s, interactionId))
        return false;

    m_tickets.clear();
    m_ticketOrder.clear();
    m_projects.clear();
    m_prospects.clear();
    m_interactions.clear();
    m_interactionOrder.clear();
    for (const QJsonValue &item : *tickets)
        putTicket(item.toObject());
    for (const QJsonValue &item : *projects)
        putProject(item.toObject());
    for (const QJsonValue &item : *prospects)
        putProspect(item.toObject());
    for (const QJsonValue &item : *interactions)
        putInteraction(item.toObject());
    return true;
}

bool FakeCrmServer::putTicket(const QJsonObject &ticket) {
    const QString id = ticket.value(u"id"_s).toString();
    if (id.isEmpty())
        return false;
    removeTicket(id);
    m_tickets.insert(id, ticket);
    m_ticketOrder.insert(sortKey(ticket, u"updated_at"_s));
    return true;
}

bool FakeCrmServer::putProject(const QJsonObject &project) {
    const QString id = project.value(u"id"_s).toString();
    if (id.isEmpty())
        return false;
    m_projects.insert(id, project);
    return true;
}

bool FakeCrmServer::putProspect(const QJsonObject &history) {
    const QString id = prospectIdOf(history);
    if (id.isEmpty())
        return false;
    m_prospects.insert(id, history);
    return true;
}

bool FakeCrmServer::putInteraction(const QJsonObject &interaction) {
    const QString id = interaction.value(u"id"_s).toString();
    const QString ticketId = interaction.value(u"ticket_id"_s).toString();
    if (id.isEmpty() || ticketId.isEmpty())
        return false;
    removeInteraction(id);
    m_interactions.insert(id, interaction);
    m_interactionOrder[ticketId].insert(sortKey(interaction, u"occurred_at"_s));
    return true;
}

bool FakeCrmServer::removeTicket(const QString &id) {
    const auto it = m_tickets.constFind(id);
    if (it == m_tickets.constEnd())
        return false;
    m_ticketOrder.erase(sortKey(*it, u"updated_at"_s));
    m_tickets.erase(it);
    return true;
}

bool FakeCrmServer::removeProject(const QString &id) {
    return m_projects.remove(id) > 0;
}

bool FakeCrmServer::removeProspect(const QString &id) {
    return m_prospects.remove(id) > 0;
}

bool FakeCrmServer::removeInteraction(const QString &id) {
    const auto it = m_interactions.constFind(id);
    if (it == m_interactions.constEnd())
        return false;
    const QString ticketId = it->value(u"ticket_id"_s).toString();
    std::set<SortKey> &order = m_interactionOrder[ticketId];
    order.erase(sortKey(*it, u"occurred_at"_s));
    if (order.empty())
        m_interactionOrder.remove(ticketId);
    m_interactions.erase(it);
    return true;
}

QJsonObject FakeCrmServer::ticket(const QString &id) const {
    return m_tickets.value(id);
}

QStringList FakeCrmServer::ticketIds() const {
    QStringList ids;
    ids.reserve(qsizetype(m_ticketOrder.size()));
    for (const SortKey &key : m_ticketOrder)
        ids.append(key.second);
    return ids;
}

QList<QJsonObject> FakeCrmServer::interactions(const QString &ticketId) const {
    QList<QJsonObject> items;
    const auto order = m_interactionOrder.constFind(ticketId);
    if (order == m_interactionOrder.constEnd())
        return items;
    for (auto it = order->rbegin(); it != order->rend(); ++it)
        items.append(m_interactions.value(it->second));
    return items;
}

// --- Writes received -----------------------------------------------------------------------

QList<QJsonObject> FakeCrmServer::activities(const QString &ticketId) const {
    QList<QJsonObject> matching;
    for (const QJsonObject &activity : m_activities) {
        if (ticketId.isEmpty() || activity.value(u"ticket_id"_s).toString() == ticketId)
            matching.append(activity);
    }
    return matching;
}

QList<QJsonObject> FakeCrmServer::events(const QString &ticketId) const {
    QList<QJsonObject> matching;
    for (const QJsonObject &event : m_events) {
        if (ticketId.isEmpty() || event.value(u"ticket_id"_s).toString() == ticketId)
            matching.append(event);
    }
    return matching;
}

QHash<QString, QJsonObject> FakeCrmServer::effectiveness() const {
    return m_effectiveness;
}

int FakeCrmServer::timesStored(const QByteArray &idempotencyKey) const {
    return m_idempotency.value(idempotencyKey).stored;
}

int FakeCrmServer::writeAttempts(const QByteArray &idempotencyKey) const {
    return m_idempotency.value(idempotencyKey).attempts;
}

// --- Behaviour -------------------------------------------------------------------------------

void FakeCrmServer::setToken(const QByteArray &token) {
    m_token = token;
}

void FakeCrmServer::setInteractionPageSize(int size) {
    m_interactionPageSize = qMax(1, size);
}

void FakeCrmServer::setLatency(const QString &route, int ms) {
    if (isKnownRoute(route))
        m_latency.insert(route, qMax(0, ms));
}

void FakeCrmServer::setFault(const QString &route, const Fault &fault, int times) {
    if (!isKnownRoute(route))
        return;
    if (times == 0) {
        m_faults.remove(route);
        return;
    }
    m_faults.insert(route, FaultRule{fault, times, 1.0, QRandomGenerator()});
}

void FakeCrmServer::setFailureProbability(const QString &route, double probability,
                                          const Fault &fault, quint32 seed) {
    if (isKnownRoute(route))
        m_faults.insert(route, FaultRule{fault, -1, probability, QRandomGenerator(seed)});
}

void FakeCrmServer::clearFaults() {
    m_faults.clear();
}

bool FakeCrmServer::isKnownRoute(const QString &route) const {
    if (route == u"*" || routeNames().contains(route))
        return true;
    // A typo would otherwise switch nothing on and let a test pass for the wrong reason.
    qWarning("FakeCrmServer: no route called \"%s\"", qPrintable(route));
    return false;
}

std::optional<Fault> FakeCrmServer::drawFault(const QString &route) {
    for (const QString &name : {route, u"*"_s}) {
        const auto it = m_faults.find(name);
        if (it == m_faults.end())
            continue;
        FaultRule &rule = *it;
        if (rule.probability < 1.0 && rule.random.generateDouble() >= rule.probability)
            return std::nullopt;
        const Fault fault = rule.fault;
        if (rule.remaining > 0 && --rule.remaining == 0)
            m_faults.erase(it);
        return fault;
    }
    return std::nullopt;
}

// --- Serving ---------------------------------------------------------------------------------

void FakeCrmServer::addCrmRoute(const QString &name, const QByteArray &method,
                                const QString &pattern, RouteHandler handler, bool isWrite) {
    addRoute(name, method, pattern, [this, handler, isWrite](HttpExchange &exchange) {
        serve(exchange, handler, isWrite);
    });
}

void FakeCrmServer::serve(HttpExchange &exchange, RouteHandler handler, bool isWrite) {
    // A copy: the work below may run after the exchange (and its request) is gone.
    const HttpRequest request = exchange.request();
    // Drawn at arrival, so that counted and seeded faults follow the order requests came in.
    const std::optional<Fault> fault = drawFault(request.route);
    const bool faultFirst =
        fault && fault->when == Fault::When::BeforeHandling && !fault->changesBody();

    Work work;
    if (faultFirst) {
        work = [] { return Reply{}; }; // never looked at: the fault is the whole answer
    } else if (std::optional<Reply> refusal = authorize(request)) {
        work = [refusal = *refusal] { return refusal; };
    } else if (isWrite) {
        // At arrival too: a second request with the same key during the first one's latency
        // must find it in progress.
        work = admitWrite(request, handler);
    } else {
        work = [this, handler, request] { return (this->*handler)(request); };
    }

    const QPointer<HttpExchange> target(&exchange);
    auto answer = [this, target, work = std::move(work), fault] { deliver(target, work(), fault); };
    const int delay = m_latency.value(request.route, m_latency.value(u"*"_s, 0));
    if (delay <= 0)
        answer();
    else
        QTimer::singleShot(delay, Qt::PreciseTimer, this, std::move(answer));
}

std::optional<FakeCrmServer::Reply> FakeCrmServer::authorize(const HttpRequest &request) const {
    const QByteArray header = request.header("authorization");
    const qsizetype space = header.indexOf(' ');
    if (space > 0 && header.left(space).compare("bearer", Qt::CaseInsensitive) == 0
        && header.mid(space + 1).trimmed() == m_token)
        return std::nullopt;
    Reply refusal =
        errorReply(401, u"unauthorized"_s,
                   header.isEmpty() ? u"missing bearer token"_s : u"invalid bearer token"_s);
    refusal.headers.append({"WWW-Authenticate"_ba, "Bearer realm=\"fake-crm\""_ba});
    return refusal;
}

FakeCrmServer::Work FakeCrmServer::admitWrite(const HttpRequest &request, RouteHandler handler) {
    const auto fixed = [this](int status, const QString &code, const QString &message) -> Work {
        return [reply = errorReply(status, code, message)] { return reply; };
    };
    const QByteArray key = request.header("idempotency-key").trimmed();
    if (key.isEmpty()) {
        return fixed(400, u"missing_idempotency_key"_s, u"writes need an Idempotency-Key header"_s);
    }

    IdempotencyRecord &record = m_idempotency[key];
    ++record.attempts;
    if (record.state != IdempotencyRecord::State::Free) {
        // "The same request" is the same method, path and JSON body (key order and spacing
        // aside); anything else reusing the key is a client bug.
        const QJsonDocument body = QJsonDocument::fromJson(request.body);
        const QJsonDocument original = QJsonDocument::fromJson(record.body);
        const bool sameBody =
            body.isNull() || original.isNull() ? request.body == record.body : body == original;
        if (record.method != request.method || record.path != request.path || !sameBody) {
            return fixed(422, u"idempotency_key_reused"_s,
                         u"this Idempotency-Key was used for a different request"_s);
        }
        if (record.state == IdempotencyRecord::State::InProgress) {
            return fixed(409, u"idempotency_conflict"_s,
                         u"a request with this Idempotency-Key is still being processed"_s);
        }
        Reply replay = record.reply;
        replay.headers.append({"Idempotent-Replayed"_ba, "true"_ba});
        return [replay] { return replay; };
    }

    record.state = IdempotencyRecord::State::InProgress;
    record.method = request.method;
    record.path = request.path;
    record.body = request.body;
    return [this, handler, request, key] {
        const Reply reply = (this->*handler)(request);
        IdempotencyRecord &record = m_idempotency[key];
        // Only a success is remembered: after a refusal (404, 422, …) the client may correct
        // the request and send it again under the same key.
        if (isSuccess(reply.status)) {
            record.state = IdempotencyRecord::State::Completed;
            record.reply = reply;
            ++record.stored;
        } else {
            record.state = IdempotencyRecord::State::Free;
        }
        return reply;
    };
}

void FakeCrmServer::deliver(const QPointer<HttpExchange> &exchange, const Reply &reply,
                            const std::optional<Fault> &fault) const {
    // The client may have given up; the work has been done all the same.
    if (!exchange || !exchange->canAnswer())
        return;
    if (fault)
        deliverFault(*exchange, *fault, reply);
    else
        exchange->respondJson(reply.status, QJsonDocument(reply.body), reply.headers);
}

void FakeCrmServer::deliverFault(HttpExchange &exchange, const Fault &fault,
                                 const Reply &reply) const {
    const auto realBody = [&] { return QJsonDocument(reply.body).toJson(QJsonDocument::Compact); };
    HttpHeaders jsonHeaders = reply.headers;
    jsonHeaders.append({"Content-Type"_ba, "application/json"_ba});

    switch (fault.kind) {
    case Fault::Kind::Status: {
        HttpHeaders headers;
        if (!fault.retryAfter.isEmpty())
            headers.append({"Retry-After"_ba, fault.retryAfter});
        exchange.respondError(
            fault.status, fault.errorCode.isEmpty() ? errorCodeFor(fault.status) : fault.errorCode,
            u"injected by the fake CRM"_s, headers);
        return;
    }
    case Fault::Kind::DropConnection:
        exchange.abort();
        return;
    case Fault::Kind::Hang:
        return;
    case Fault::Kind::MalformedJson: {
        QByteArray body = fault.body;
        if (body.isEmpty()) {
            // A JSON object cut anywhere before its end is never valid JSON.
            const QByteArray real = realBody();
            body = real.left(qMax<qsizetype>(1, real.size() / 2));
        }
        exchange.respond(reply.status, body, jsonHeaders);
        return;
    }
    case Fault::Kind::WrongType:
    case Fault::Kind::MissingField: {
        QJsonValue root(reply.body);
        if (!editAtPath(root, fault.field.split(u'.'), 0, fault)) {
            qWarning("FakeCrmServer: the fault's field \"%s\" is not in the answer to %s",
                     qPrintable(fault.field), qPrintable(exchange.request().path));
        }
        exchange.respondJson(reply.status, QJsonDocument(root.toObject()), reply.headers);
        return;
    }
    case Fault::Kind::HugeBody: {
        HttpHeaders headers{{"Content-Type"_ba, "application/json"_ba}};
        if (fault.announceLength)
            headers.append({"Content-Length"_ba, QByteArray::number(fault.bytes)});
        exchange.beginStream(reply.status, headers,
                             fault.announceLength ? HttpExchange::Framing::CloseDelimited
                                                  : HttpExchange::Framing::Chunked);
        const QByteArray filler(64 * 1024, ' ');
        new BodyPump(
            exchange, [filler](qint64 offset) { return offset == 0 ? "{\"items\":["_ba : filler; },
            fault.bytes);
        return;
    }
    case Fault::Kind::TruncatedBody: {
        const QByteArray real = realBody();
        const qsizetype sent = fault.bytes < 0 ? real.size() / 2 : fault.bytes;
        // At least one byte short, or it would not be a truncation.
        exchange.respondTruncated(reply.status, real, qMin(sent, real.size() - 1), jsonHeaders);
        return;
    }
    }
}

// --- Routes ----------------------------------------------------------------------------------

FakeCrmServer::Reply FakeCrmServer::errorReply(int status, const QString &code,
                                               const QString &message) const {
    // Through errorBody(), so that the one error format is defined in one place.
    return {status, QJsonDocument::fromJson(errorBody(status, code, message)).object(), {}};
}

FakeCrmServer::Reply FakeCrmServer::notFound(const QString &what, const QString &id) const {
    return errorReply(404, u"not_found"_s, u"no %1 with id \"%2\""_s.arg(what, id));
}

std::optional<FakeCrmServer::Reply> FakeCrmServer::parseWriteBody(const HttpRequest &request,
                                                                  QJsonObject &body) const {
    const QByteArray mediaType = request.header("content-type").split(';').first().trimmed();
    if (mediaType.compare("application/json", Qt::CaseInsensitive) != 0) {
        return errorReply(415, u"unsupported_media_type"_s,
                          u"write bodies must be sent as application/json"_s);
    }
    // Wrapped in an array because QJsonDocument refuses a scalar ("opened") at the top level,
    // and a scalar is valid JSON, only not an object.
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson('[' + request.body + ']', &error);
    if (document.isNull() || document.array().size() != 1) {
        const QString problem = document.isNull()            ? error.errorString()
                                : document.array().isEmpty() ? u"it is empty"_s
                                                             : u"more than one value"_s;
        return errorReply(400, u"invalid_json"_s, u"the body is not JSON: "_s + problem);
    }
    const QJsonValue value = document.array().first();
    if (!value.isObject())
        return errorReply(422, u"validation_failed"_s, u"body: must be a JSON object"_s);
    body = value.toObject();
    return std::nullopt;
}

std::optional<FakeCrmServer::Reply>
FakeCrmServer::requireFields(const QJsonObject &body, const QStringList &strings,
                             const QStringList &timestamps) const {
    for (const QString &field : strings) {
        if (!body.value(field).isString() || body.value(field).toString().isEmpty()) {
            return errorReply(422, u"validation_failed"_s,
                              u"%1: required, must be a non-empty string"_s.arg(field));
        }
    }
    for (const QString &field : timestamps) {
        if (!parseTimestamp(body.value(field).toString())) {
            return errorReply(422, u"validation_failed"_s,
                              u"%1: must be an ISO 8601 timestamp in UTC"_s.arg(field));
        }
    }
    return std::nullopt;
}

FakeCrmServer::Reply FakeCrmServer::listTickets(const HttpRequest &request) {
    const QString limitText = request.query.queryItemValue(u"limit"_s, QUrl::FullyDecoded);
    const QString since = request.query.queryItemValue(u"updated_since"_s, QUrl::FullyDecoded);
    const QString cursor = request.query.queryItemValue(u"cursor"_s, QUrl::FullyDecoded);

    int limit = 100;
    if (!limitText.isEmpty()) {
        bool ok = false;
        limit = limitText.toInt(&ok);
        if (!ok || limit < 1 || limit > 500) {
            return errorReply(400, u"invalid_parameter"_s,
                              u"limit: must be an integer from 1 to 500"_s);
        }
    }

    auto first = m_ticketOrder.begin();
    if (!since.isEmpty()) {
        const std::optional<qint64> sinceTime = parseTimestamp(since);
        if (!sinceTime) {
            return errorReply(400, u"invalid_parameter"_s,
                              u"updated_since: must be an ISO 8601 timestamp in UTC"_s);
        }
        // Inclusive: a ticket updated at exactly that moment is sent again, never missed.
        first = m_ticketOrder.lower_bound({*sinceTime, QString()});
    }
    if (!cursor.isEmpty()) {
        const auto position = decodeCursor("tickets"_ba, cursor);
        if (!position)
            return errorReply(400, u"invalid_cursor"_s, u"cursor: not a cursor of this list"_s);
        const auto afterCursor = m_ticketOrder.upper_bound(*position);
        if (first != m_ticketOrder.end()
            && (afterCursor == m_ticketOrder.end() || *first < *afterCursor))
            first = afterCursor;
    }

    QJsonArray items;
    auto it = first;
    for (; it != m_ticketOrder.end() && items.size() < limit; ++it)
        items.append(m_tickets.value(it->second));
    const QJsonValue next = it == m_ticketOrder.end()
                                ? QJsonValue(QJsonValue::Null)
                                : QJsonValue(encodeCursor("tickets"_ba, *std::prev(it)));
    return {200, {{u"items"_s, items}, {u"next_cursor"_s, next}}, {}};
}

FakeCrmServer::Reply FakeCrmServer::getTicket(const HttpRequest &request) {
    const QString id = request.pathParams.value(u"id"_s);
    const auto it = m_tickets.constFind(id);
    return it == m_tickets.constEnd() ? notFound(u"ticket"_s, id) : Reply{200, *it, {}};
}

FakeCrmServer::Reply FakeCrmServer::getProject(const HttpRequest &request) {
    const QString id = request.pathParams.value(u"id"_s);
    const auto it = m_projects.constFind(id);
    return it == m_projects.constEnd() ? notFound(u"project"_s, id) : Reply{200, *it, {}};
}

FakeCrmServer::Reply FakeCrmServer::getProspectHistory(const HttpRequest &request) {
    const QString id = request.pathParams.value(u"id"_s);
    const auto it = m_prospects.constFind(id);
    return it == m_prospects.constEnd() ? notFound(u"prospect"_s, id) : Reply{200, *it, {}};
}

FakeCrmServer::Reply FakeCrmServer::listInteractions(const HttpRequest &request) {
    const QString ticketId = request.pathParams.value(u"id"_s);
    if (!m_tickets.contains(ticketId))
        return notFound(u"ticket"_s, ticketId);
    static const std::set<SortKey> none;
    const auto order = m_interactionOrder.constFind(ticketId);
    const std::set<SortKey> &keys = order == m_interactionOrder.constEnd() ? none : *order;

    // Newest first: walk the oldest-first order backwards, from just before the cursor.
    auto it = keys.rbegin();
    const QString cursor = request.query.queryItemValue(u"cursor"_s, QUrl::FullyDecoded);
    if (!cursor.isEmpty()) {
        const auto position = decodeCursor("interactions:"_ba + ticketId.toUtf8(), cursor);
        if (!position)
            return errorReply(400, u"invalid_cursor"_s, u"cursor: not a cursor of this list"_s);
        it = std::make_reverse_iterator(keys.lower_bound(*position));
    }

    QJsonArray items;
    for (; it != keys.rend() && items.size() < m_interactionPageSize; ++it)
        items.append(m_interactions.value(it->second));
    const QJsonValue next =
        it == keys.rend()
            ? QJsonValue(QJsonValue::Null)
            : QJsonValue(encodeCursor("interactions:"_ba + ticketId.toUtf8(), *std::prev(it)));
    return {200, {{u"items"_s, items}, {u"next_cursor"_s, next}}, {}};
}

FakeCrmServer::Reply FakeCrmServer::postActivity(const HttpRequest &request) {
    const QString ticketId = request.pathParams.value(u"id"_s);
    if (!m_tickets.contains(ticketId))
        return notFound(u"ticket"_s, ticketId);
    QJsonObject body;
    if (auto problem = parseWriteBody(request, body))
        return *problem;
    if (auto problem = requireFields(
            body, {u"message_id"_s, u"type"_s, u"content"_s, u"created_at"_s}, {u"created_at"_s}))
        return *problem;
    if (body.value(u"type"_s).toString() != u"outreach_message")
        return errorReply(422, u"validation_failed"_s, u"type: must be \"outreach_message\""_s);
    if (body.contains(u"subject"_s) && !body.value(u"subject"_s).isString())
        return errorReply(422, u"validation_failed"_s, u"subject: must be a string"_s);
    if (body.contains(u"metadata"_s) && !body.value(u"metadata"_s).isObject())
        return errorReply(422, u"validation_failed"_s, u"metadata: must be an object"_s);

    QJsonObject stored = body;
    stored.insert(u"id"_s, u"A-%1"_s.arg(m_activities.size() + 1));
    stored.insert(u"ticket_id"_s, ticketId);
    m_activities.append(stored);

    // As a real CRM would, the activity shows up in the ticket's interaction history, written
    // by the ticket's assignee (the user the client acts for).
    const QString assignee =
        m_tickets.value(ticketId).value(u"assignee"_s).toObject().value(u"name"_s).toString();
    QJsonObject interaction{
        {u"id"_s, QString(u"I-"_s + stored.value(u"id"_s).toString())},
        {u"ticket_id"_s, ticketId},
        {u"type"_s, u"outreach_message"_s},
        {u"direction"_s, u"outbound"_s},
        {u"occurred_at"_s, body.value(u"created_at"_s)},
        {u"author"_s, assignee.isEmpty() ? u"OutreachGPT"_s : assignee},
        {u"content"_s, body.value(u"content"_s)},
    };
    if (body.contains(u"subject"_s))
        interaction.insert(u"subject"_s, body.value(u"subject"_s));
    putInteraction(interaction);
    return {201, stored, {}};
}

FakeCrmServer::Reply FakeCrmServer::postEvent(const HttpRequest &request) {
    const QString ticketId = request.pathParams.value(u"id"_s);
    if (!m_tickets.contains(ticketId))
        return notFound(u"ticket"_s, ticketId);
    QJsonObject body;
    if (auto problem = parseWriteBody(request, body))
        return *problem;
    static const QStringList types{u"sent"_s,    u"opened"_s,  u"clicked"_s,
                                   u"replied"_s, u"bounced"_s, u"meeting_booked"_s};
    if (!types.contains(body.value(u"type"_s).toString())) {
        return errorReply(422, u"validation_failed"_s,
                          u"type: must be one of %1"_s.arg(types.join(u", "_s)));
    }
    if (auto problem = requireFields(body, {u"occurred_at"_s}, {u"occurred_at"_s}))
        return *problem;

    QJsonObject stored = body;
    stored.insert(u"id"_s, u"E-%1"_s.arg(m_events.size() + 1));
    stored.insert(u"ticket_id"_s, ticketId);
    stored.insert(u"message_id"_s, request.pathParams.value(u"messageId"_s));
    m_events.append(stored);
    return {201, stored, {}};
}

FakeCrmServer::Reply FakeCrmServer::putEffectiveness(const HttpRequest &request) {
    QJsonObject body;
    if (auto problem = parseWriteBody(request, body))
        return *problem;
    const QString messageId = request.pathParams.value(u"messageId"_s);
    QJsonObject stored = body;
    stored.insert(u"message_id"_s, messageId);
    m_effectiveness.insert(messageId, stored);
    return {200, stored, {}};
}
