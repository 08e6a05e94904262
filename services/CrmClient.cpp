#include "CrmClient.h"

#include "JsonReader.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace {

QString segment(const QString &id) {
    return QString::fromLatin1(QUrl::toPercentEncoding(id));
}

// The payload is not a JSON object: say which entity and what the parser saw.
OutreachError notJson(const QString &entity, const QString &id, const QByteArray &body) {
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    const QString problem = parseError.error != QJsonParseError::NoError
                                ? CrmClient::tr("is not valid JSON (%1 at byte %2)")
                                      .arg(parseError.errorString())
                                      .arg(parseError.offset)
                                : CrmClient::tr("is JSON but not an object");
    const QString who = id.isEmpty() ? entity : entity + u' ' + id;
    OutreachError error(OutreachError::Code::ContextInvalid,
                        CrmClient::tr("The CRM's answer for %1 %2.").arg(who, problem));
    return error;
}

} // namespace

CrmClient::CrmClient(QObject *parent)
    : QObject(parent)
    , m_transport(new HttpTransport(tr("the CRM"), this)) {}

QString CrmClient::activitiesPath(const QString &ticketId) {
    return u"/v1/tickets/%1/activities"_s.arg(segment(ticketId));
}

QString CrmClient::eventsPath(const QString &ticketId, const QString &messageId) {
    return u"/v1/tickets/%1/messages/%2/events"_s.arg(segment(ticketId), segment(messageId));
}

QString CrmClient::effectivenessPath(const QString &messageId) {
    return u"/v1/messages/%1/effectiveness"_s.arg(segment(messageId));
}

QUrl CrmClient::urlFor(const QString &path, const QList<QPair<QString, QString>> &query) const {
    // The base may carry a prefix ("https://crm.example.com/api"); the API path goes after it.
    QString base =
        m_baseUrl.toString(QUrl::FullyEncoded | QUrl::RemoveQuery | QUrl::RemoveFragment);
    while (base.endsWith(u'/'))
        base.chop(1);
    QUrl url = QUrl::fromEncoded((base + path).toLatin1(), QUrl::StrictMode);
    if (!query.isEmpty()) {
        QUrlQuery urlQuery;
        for (const auto &[key, value] : query)
            urlQuery.addQueryItem(key, QString::fromLatin1(QUrl::toPercentEncoding(value)));
        url.setQuery(urlQuery);
    }
    return url;
}

OutgoingRequest CrmClient::request(const QByteArray &method, const QUrl &url) const {
    OutgoingRequest request;
    request.method = method;
    request.url = url;
    request.headers.append({"Accept"_ba, "application/json"_ba});
    request.headers.append({"Authorization"_ba, "Bearer "_ba + m_token.toUtf8()});
    return request;
}

QCoro::Task<Result<QJsonObject>> CrmClient::getObject(QUrl url, QString entity, QString id) {
    if (m_token.isEmpty())
        co_return OutreachError(OutreachError::Code::Auth,
                                tr("No CRM token is set. Add it in Settings → CRM."));
    Result<IncomingResponse> response = co_await m_transport->sendWithRetry(request("GET"_ba, url));
    if (!response.ok()) {
        if (response.error().httpStatus() == 404 && !entity.isEmpty()) {
            OutreachError missing =
                OutreachError::invalidField(entity, id, u"id"_s, tr("does not exist in the CRM"));
            missing.setHttpStatus(404);
            co_return missing;
        }
        co_return response.error();
    }
    const QJsonDocument document = QJsonDocument::fromJson(response->body);
    if (!document.isObject())
        co_return notJson(entity, id, response->body);
    co_return document.object();
}

QCoro::Task<Result<Ticket>> CrmClient::ticket(QString ticketId) {
    const Result<QJsonObject> json =
        co_await getObject(urlFor(u"/v1/tickets/"_s + segment(ticketId)), u"ticket"_s, ticketId);
    if (!json.ok())
        co_return json.error();
    co_return Ticket::fromJson(*json);
}

QCoro::Task<Result<Project>> CrmClient::project(QString projectId) {
    const Result<QJsonObject> json = co_await getObject(
        urlFor(u"/v1/projects/"_s + segment(projectId)), u"project"_s, projectId);
    if (!json.ok())
        co_return json.error();
    co_return Project::fromJson(*json);
}

QCoro::Task<Result<ProspectHistory>> CrmClient::prospectHistory(QString prospectId) {
    const Result<QJsonObject> json = co_await getObject(
        urlFor(u"/v1/prospects/%1/history"_s.arg(segment(prospectId))), u"prospect"_s, prospectId);
    if (!json.ok())
        co_return json.error();
    co_return ProspectHistory::fromJson(*json);
}

QCoro::Task<Result<QList<Interaction>>> CrmClient::interactions(QString ticketId, int limit) {
    QList<Interaction> collected;
    QString cursor;
    // A server that hands back the same cursor forever must not keep us paging.
    QStringList seenCursors;
    while (collected.size() < limit) {
        QList<QPair<QString, QString>> query;
        if (!cursor.isEmpty())
            query.append({u"cursor"_s, cursor});
        const Result<QJsonObject> json = co_await getObject(
            urlFor(u"/v1/tickets/%1/interactions"_s.arg(segment(ticketId)), query), u"ticket"_s,
            ticketId);
        if (!json.ok())
            co_return json.error();
        JsonReader reader(*json, u"interaction history of ticket"_s, ticketId);
        const std::optional<QJsonArray> items = reader.optionalArray(u"items"_s);
        if (!items)
            reader.fail(u"items"_s, tr("is missing"));
        const QString next = reader.optionalString(u"next_cursor"_s);
        if (!reader.ok())
            co_return reader.error();
        for (qsizetype i = 0; i < items->size() && collected.size() < limit; ++i) {
            const QJsonValue item = items->at(i);
            if (!item.isObject())
                co_return OutreachError::invalidField(u"interaction history of ticket"_s, ticketId,
                                                      u"items[%1]"_s.arg(i),
                                                      tr("is not an object"));
            Result<Interaction> interaction = Interaction::fromJson(item.toObject());
            if (!interaction.ok())
                co_return interaction.error();
            collected.append(std::move(interaction).value());
        }
        if (next.isEmpty() || seenCursors.contains(next))
            break;
        seenCursors.append(next);
        cursor = next;
    }
    co_return collected;
}

QCoro::Task<Result<CrmClient::TicketPage>> CrmClient::ticketPage(QDateTime updatedSince,
                                                                 QString cursor, int limit) {
    QList<QPair<QString, QString>> query;
    if (updatedSince.isValid())
        query.append({u"updated_since"_s, JsonReader::timestampString(updatedSince)});
    if (!cursor.isEmpty())
        query.append({u"cursor"_s, cursor});
    query.append({u"limit"_s, QString::number(std::clamp(limit, 1, MaxPageSize))});
    const Result<QJsonObject> json =
        co_await getObject(urlFor(u"/v1/tickets"_s, query), QString(), QString());
    if (!json.ok())
        co_return json.error();

    JsonReader reader(*json, u"ticket list page"_s);
    const std::optional<QJsonArray> items = reader.optionalArray(u"items"_s);
    if (!items)
        reader.fail(u"items"_s, tr("is missing"));
    TicketPage page;
    page.nextCursor = reader.optionalString(u"next_cursor"_s);
    if (!reader.ok())
        co_return reader.error();
    page.tickets.reserve(items->size());
    for (qsizetype i = 0; i < items->size(); ++i) {
        const QJsonObject object = items->at(i).toObject();
        const QDateTime updated =
            QDateTime::fromString(object.value(u"updated_at"_s).toString(), Qt::ISODateWithMs);
        if (updated.isValid() && (!page.newestUpdate.isValid() || updated > page.newestUpdate))
            page.newestUpdate = updated.toUTC();
        if (!items->at(i).isObject()) {
            page.rejected.append(OutreachError::invalidField(
                u"ticket list page"_s, QString(), u"items[%1]"_s.arg(i), tr("is not an object")));
            continue;
        }
        Result<Ticket> ticket = Ticket::fromJson(object);
        if (ticket.ok())
            page.tickets.append(std::move(ticket).value());
        else
            page.rejected.append(ticket.error());
    }
    co_return page;
}

QCoro::Task<Result<QJsonObject>> CrmClient::write(QByteArray method, QString path, QByteArray body,
                                                  QByteArray idempotencyKey) {
    if (m_token.isEmpty())
        co_return OutreachError(OutreachError::Code::Auth,
                                tr("No CRM token is set. Add it in Settings → CRM."));
    OutgoingRequest httpRequest = request(method, urlFor(path));
    httpRequest.headers.append({"Content-Type"_ba, "application/json"_ba});
    httpRequest.headers.append({"Idempotency-Key"_ba, idempotencyKey});
    httpRequest.body = body;
    const Result<IncomingResponse> response = co_await m_transport->sendWithRetry(httpRequest);
    if (!response.ok())
        co_return response.error();
    const QJsonDocument document = QJsonDocument::fromJson(response->body);
    co_return document.isObject() ? document.object() : QJsonObject();
}
