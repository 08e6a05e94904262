// SPDX-License-Identifier: GPL-3.0-or-later
#include "crm/RestCrmConnector.h"

#include "domain/InteractionPage.h"
#include "domain/JsonReader.h"
#include "platform/LogCategories.h"
#include "platform/LogRedaction.h"

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
                                ? RestCrmConnector::tr("is not valid JSON (%1 at byte %2)")
                                      .arg(parseError.errorString())
                                      .arg(parseError.offset)
                                : RestCrmConnector::tr("is JSON but not an object");
    const QString who = id.isEmpty() ? entity : entity + u' ' + id;
    OutreachError error(OutreachError::Code::ContextInvalid,
                        RestCrmConnector::tr("The CRM's answer for %1 %2.").arg(who, problem));
    return error;
}

} // namespace

RestCrmConnector::RestCrmConnector(QObject *parent)
    : CrmConnector(parent)
    , m_transport(new HttpTransport(tr("the CRM"), this)) {}

void RestCrmConnector::setToken(const QString &token) {
    m_token = token;
    LogRedaction::addSecret(token);
}

QUrl RestCrmConnector::urlFor(const QString &path,
                              const QList<QPair<QString, QString>> &query) const {
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

OutgoingRequest RestCrmConnector::request(const QByteArray &method, const QUrl &url) const {
    OutgoingRequest request;
    request.method = method;
    request.url = url;
    request.headers.append({"Accept"_ba, "application/json"_ba});
    request.headers.append({"Authorization"_ba, "Bearer "_ba + m_token.toUtf8()});
    return request;
}

QCoro::Task<Result<QJsonObject>> RestCrmConnector::getObject(QUrl url, QString entity, QString id) {
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

QCoro::Task<Result<Ticket>> RestCrmConnector::ticket(QString ticketId) {
    const Result<QJsonObject> json =
        co_await getObject(urlFor(u"/v1/tickets/"_s + segment(ticketId)), u"ticket"_s, ticketId);
    if (!json.ok())
        co_return json.error();
    co_return Ticket::fromJson(*json);
}

QCoro::Task<Result<Project>> RestCrmConnector::project(QString projectId) {
    const Result<QJsonObject> json = co_await getObject(
        urlFor(u"/v1/projects/"_s + segment(projectId)), u"project"_s, projectId);
    if (!json.ok())
        co_return json.error();
    co_return Project::fromJson(*json);
}

QCoro::Task<Result<ProspectHistory>> RestCrmConnector::prospectHistory(QString prospectId) {
    const Result<QJsonObject> json = co_await getObject(
        urlFor(u"/v1/prospects/%1/history"_s.arg(segment(prospectId))), u"prospect"_s, prospectId);
    if (!json.ok())
        co_return json.error();
    co_return ProspectHistory::fromJson(*json);
}

QCoro::Task<Result<QList<Interaction>>> RestCrmConnector::interactions(QString ticketId,
                                                                       int limit) {
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
        Result<InteractionPage> page =
            InteractionPage::fromJson(*json, ticketId, limit - collected.size());
        if (!page.ok())
            co_return page.error();
        collected.append(std::move(page->items));
        const QString next = page->nextCursor;
        if (next.isEmpty() || seenCursors.contains(next))
            break;
        seenCursors.append(next);
        cursor = next;
    }
    co_return collected;
}

QCoro::Task<Result<TicketPage>> RestCrmConnector::ticketPage(QDateTime updatedSince, QString cursor,
                                                             int limit) {
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
    Result<TicketPage> page = TicketPage::fromJson(*json);
    if (page.ok())
        qCDebug(lcCrm) << "Ticket page:" << page->tickets.size() << "tickets,"
                       << page->rejected.size() << "rejected, more:" << !page->nextCursor.isEmpty();
    co_return page;
}

QCoro::Task<Result<QJsonObject>> RestCrmConnector::write(QByteArray method, QString path,
                                                         QByteArray body,
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

QCoro::Task<Result<QJsonObject>> RestCrmConnector::deliver(CrmWrite write) {
    QCoro::Task<Result<QJsonObject>> sending =
        this->write(CrmWrite::restMethod(write.kind),
                    CrmWrite::restPath(write.kind, write.ticketId, write.messageId), write.body,
                    write.idempotencyKey);
    co_return co_await sending;
}
