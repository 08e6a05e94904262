// SPDX-License-Identifier: GPL-3.0-or-later
// FakeHubSpotServer: every route on the sample workspace through real HTTP, paging, the search
// and batch limits, HubSpot's error bodies, scopes, rate limits, the search index lag, faults and
// latency, and the generated workspace.

#include "FakeHubSpotServer.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;

using Fault = FakeHubSpotServer::Fault;

namespace {

constexpr int waitMs = 10000;

struct Response {
    int status = 0;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QByteArray body;
    QJsonObject json;
    bool isJson = false;
    QHash<QByteArray, QByteArray> headers; // lower-case names

    QString category() const { return json.value(u"category"_s).toString(); }
    QJsonArray results() const { return json.value(u"results"_s).toArray(); }
    QString after() const {
        return json.value(u"paging"_s)
            .toObject()
            .value(u"next"_s)
            .toObject()
            .value(u"after"_s)
            .toString();
    }
};

QStringList idsOf(const QJsonArray &results) {
    QStringList ids;
    for (const QJsonValue &result : results)
        ids.append(result.toObject().value(u"id"_s).toString());
    return ids;
}

QJsonObject filter(const QString &property, const QString &op, const QJsonValue &value = {}) {
    QJsonObject f{{u"propertyName"_s, property}, {u"operator"_s, op}};
    if (value.isArray())
        f.insert(u"values"_s, value);
    else if (!value.isNull())
        f.insert(u"value"_s, value);
    return f;
}

QJsonObject searchBody(const QList<QJsonArray> &groups, const QString &sortBy = {},
                       bool descending = false, int limit = 10, const QString &after = {}) {
    QJsonArray filterGroups;
    for (const QJsonArray &filters : groups)
        filterGroups.append(QJsonObject{{u"filters"_s, filters}});
    QJsonObject body{{u"filterGroups"_s, filterGroups}, {u"limit"_s, limit}};
    if (!sortBy.isEmpty()) {
        body.insert(u"sorts"_s,
                    QJsonArray{QJsonObject{
                        {u"propertyName"_s, sortBy},
                        {u"direction"_s, descending ? u"DESCENDING"_s : u"ASCENDING"_s}}});
    }
    if (!after.isEmpty())
        body.insert(u"after"_s, after);
    return body;
}

} // namespace

class TestFakeHubSpotServer : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<FakeHubSpotServer> m_server;
    std::unique_ptr<QNetworkAccessManager> m_network;

    QNetworkRequest request(const QString &pathAndQuery, const QByteArray &token) const {
        QNetworkRequest request(QUrl(m_server->baseUrl().toString() + pathAndQuery));
        if (!token.isEmpty())
            request.setRawHeader("Authorization"_ba, "Bearer "_ba + token);
        request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
        request.setTransferTimeout(waitMs);
        return request;
    }

    static Response finish(QNetworkReply *reply) {
        if (!reply->isFinished()) {
            QSignalSpy finished(reply, &QNetworkReply::finished);
            finished.wait(waitMs);
        }
        Response response;
        response.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        response.error = reply->error();
        if (reply->isOpen())
            response.body = reply->readAll();
        const QJsonDocument document = QJsonDocument::fromJson(response.body);
        response.isJson = document.isObject();
        response.json = document.object();
        for (const auto &[name, value] : reply->rawHeaderPairs())
            response.headers.insert(name.toLower(), value);
        reply->deleteLater();
        return response;
    }

    QNetworkReply *start(const QByteArray &verb, const QString &path, const QJsonObject &body,
                         const QByteArray &token) {
        const QNetworkRequest r = request(path, token);
        if (verb == "GET")
            return m_network->get(r);
        return m_network->sendCustomRequest(r, verb, QJsonDocument(body).toJson());
    }

    Response call(const QByteArray &verb, const QString &path, const QJsonObject &body = {},
                  const QByteArray &token = "pat-na1-test-token"_ba) {
        return finish(start(verb, path, body, token));
    }
    Response get(const QString &path) { return call("GET"_ba, path); }
    Response post(const QString &path, const QJsonObject &body) {
        return call("POST"_ba, path, body);
    }
    Response searchTickets(const QJsonObject &body) {
        return post(u"/crm/v3/objects/tickets/search"_s, body);
    }

    QJsonObject emailBody(const QString &key, const QJsonArray &associations) const {
        return {{u"properties"_s, QJsonObject{{u"hs_timestamp"_s, u"2026-11-03T10:00:00Z"_s},
                                              {u"hs_email_direction"_s, u"EMAIL"_s},
                                              {u"hs_email_subject"_s, u"Re: Angebot — Rückfrage"_s},
                                              {u"hs_email_text"_s, u"Grüße aus Köln"_s},
                                              {u"outreachgpt_outbox_key"_s, key}}},
                {u"associations"_s, associations}};
    }
    static QJsonObject association(const QString &id, int typeId) {
        return {
            {u"to"_s, QJsonObject{{u"id"_s, id}}},
            {u"types"_s, QJsonArray{QJsonObject{{u"associationCategory"_s, u"HUBSPOT_DEFINED"_s},
                                                {u"associationTypeId"_s, typeId}}}}};
    }
    void createOutboxProperty(const QString &type) {
        const Response created =
            post(u"/crm/v3/properties/"_s + type, {{u"name"_s, u"outreachgpt_outbox_key"_s},
                                                   {u"label"_s, u"OutreachGPT outbox key"_s},
                                                   {u"type"_s, u"string"_s},
                                                   {u"fieldType"_s, u"text"_s},
                                                   {u"groupName"_s, u"emailinformation"_s}});
        QCOMPARE(created.status, 201);
    }

private slots:
    void init() {
        m_server = std::make_unique<FakeHubSpotServer>();
        m_server->seedSample();
        QVERIFY(m_server->start());
        m_network = std::make_unique<QNetworkAccessManager>();
    }
    void cleanup() {
        m_network.reset();
        m_server.reset();
    }

    void authenticationAndTokenInfo() {
        const Response none = call("GET"_ba, u"/account-info/v3/details"_s, {}, {});
        QCOMPARE(none.status, 401);
        QCOMPARE(none.category(), u"INVALID_AUTHENTICATION"_s);
        QCOMPARE(none.json.value(u"status"_s).toString(), u"error"_s);
        QVERIFY(!none.json.value(u"correlationId"_s).toString().isEmpty());
        QCOMPARE(call("GET"_ba, u"/account-info/v3/details"_s, {}, "wrong"_ba).category(),
                 u"INVALID_AUTHENTICATION"_s);

        const Response info = post(u"/oauth/v2/private-apps/get/access-token-info"_s,
                                   {{u"tokenKey"_s, u"pat-na1-test-token"_s}});
        QCOMPARE(info.status, 200);
        QCOMPARE(info.json.value(u"hubId"_s).toInteger(), FakeHubSpotServer::portalId);
        QCOMPARE(info.json.value(u"appId"_s).toInteger(), FakeHubSpotServer::appId);
        QCOMPARE(info.json.value(u"userId"_s).toInteger(), FakeHubSpotServer::userId);
        QVERIFY(info.json.value(u"scopes"_s).toArray().contains(u"tickets"_s));

        const Response account = get(u"/account-info/v3/details"_s);
        QCOMPARE(account.status, 200);
        QCOMPARE(account.json.value(u"portalId"_s).toInteger(), FakeHubSpotServer::portalId);
        QCOMPARE(account.json.value(u"companyCurrency"_s).toString(), u"EUR"_s);
        QVERIFY(account.headers.contains("x-hubspot-ratelimit-remaining"_ba));

        m_server->revokeToken();
        QCOMPARE(get(u"/account-info/v3/details"_s).category(), u"EXPIRED_AUTHENTICATION"_s);
        QCOMPARE(post(u"/oauth/v2/private-apps/get/access-token-info"_s,
                      {{u"tokenKey"_s, u"pat-na1-test-token"_s}})
                     .status,
                 401);
    }

    void ownersAndPipelines() {
        const Response first = get(u"/crm/v3/owners?limit=2"_s);
        QCOMPARE(first.status, 200);
        QCOMPARE(idsOf(first.results()), (QStringList{u"71001"_s, u"71002"_s}));
        QCOMPARE(first.after(), u"2"_s);
        QVERIFY(first.json.value(u"paging"_s)
                    .toObject()
                    .value(u"next"_s)
                    .toObject()
                    .value(u"link"_s)
                    .toString()
                    .contains(u"after=2"_s));
        const Response second = get(u"/crm/v3/owners?limit=2&after=2"_s);
        QCOMPARE(idsOf(second.results()), QStringList{u"71003"_s}); // 71004 is archived
        QVERIFY(!second.json.contains(u"paging"_s));
        QCOMPARE(second.results().first().toObject().value(u"email"_s).toString(),
                 u"takeshi.sato@example.jp"_s);
        QCOMPARE(get(u"/crm/v3/owners?limit=501"_s).status, 400);

        const Response tickets = get(u"/crm/v3/pipelines/tickets"_s);
        QCOMPARE(tickets.status, 200);
        const QJsonArray stages = tickets.results().first().toObject().value(u"stages"_s).toArray();
        QCOMPARE(stages.size(), 4);
        QCOMPARE(stages.last()
                     .toObject()
                     .value(u"metadata"_s)
                     .toObject()
                     .value(u"ticketState"_s)
                     .toString(),
                 u"CLOSED"_s);
        const Response deals = get(u"/crm/v3/pipelines/deals"_s);
        const QJsonObject won =
            deals.results().first().toObject().value(u"stages"_s).toArray()[5].toObject();
        QCOMPARE(won.value(u"id"_s).toString(), u"closedwon"_s);
        QCOMPARE(won.value(u"metadata"_s).toObject().value(u"isClosed"_s).toString(), u"true"_s);
        QCOMPARE(won.value(u"metadata"_s).toObject().value(u"probability"_s).toString(), u"1.0"_s);
    }

    void searchFiltersSortsAndPages() {
        // Many searches in a row: the search limit of a few per second is tested on its own.
        m_server->setRateLimits({1000, 10'000, 250'000, 1000});
        // Three tickets share one millisecond; ties come back by descending id.
        const QString shared = m_server->store()
                                   .object(u"tickets"_s, u"1004"_s)
                                   ->properties.value(u"hs_lastmodifieddate"_s);
        const qint64 sharedMs = *HubSpotStore::parseTime(shared);
        const Response ties = searchTickets(
            searchBody({{filter(u"hs_lastmodifieddate"_s, u"GTE"_s, QString::number(sharedMs))}},
                       u"hs_lastmodifieddate"_s));
        QCOMPARE(ties.status, 200);
        QCOMPARE(ties.json.value(u"total"_s).toInt(), 3);
        QCOMPARE(idsOf(ties.results()), (QStringList{u"1006"_s, u"1005"_s, u"1004"_s}));
        QVERIFY(!ties.headers.contains("x-hubspot-ratelimit-remaining"_ba));
        const QJsonObject props =
            ties.results().first().toObject().value(u"properties"_s).toObject();
        QVERIFY(props.contains(u"subject"_s) && props.contains(u"hs_pipeline_stage"_s));

        // ISO values compare as times too; paging by after.
        const QJsonObject all =
            searchBody({{filter(u"createdate"_s, u"GT"_s, u"2020-01-01T00:00:00Z"_s)}},
                       u"createdate"_s, false, 4);
        const Response page1 = searchTickets(all);
        QCOMPARE(page1.json.value(u"total"_s).toInt(), 6);
        QCOMPARE(idsOf(page1.results()), (QStringList{u"1001"_s, u"1002"_s, u"1003"_s, u"1004"_s}));
        QCOMPARE(page1.after(), u"4"_s);
        QJsonObject next = all;
        next.insert(u"after"_s, page1.after());
        const Response page2 = searchTickets(next);
        QCOMPARE(idsOf(page2.results()), (QStringList{u"1005"_s, u"1006"_s}));
        QVERIFY(!page2.json.contains(u"paging"_s));

        // OR of groups, AND inside, IN, NEQ, BETWEEN, HAS_PROPERTY, requested properties.
        QJsonObject mixed = searchBody(
            {{filter(u"hs_ticket_priority"_s, u"IN"_s, QJsonArray{u"URGENT"_s, u"HIGH"_s})},
             {filter(u"hs_pipeline_stage"_s, u"EQ"_s, u"4"_s),
              filter(u"hubspot_owner_id"_s, u"NEQ"_s, u"71001"_s)}},
            u"hs_object_id"_s, true);
        mixed.insert(u"properties"_s, QJsonArray{u"subject"_s, u"no_such_property"_s});
        const Response found = searchTickets(mixed);
        QCOMPARE(idsOf(found.results()), (QStringList{u"1006"_s, u"1003"_s, u"1001"_s}));
        const QJsonObject onlySubject =
            found.results().first().toObject().value(u"properties"_s).toObject();
        QVERIFY(onlySubject.contains(u"subject"_s));
        QVERIFY(!onlySubject.contains(u"content"_s));
        QVERIFY(!onlySubject.contains(u"no_such_property"_s));
        QCOMPARE(post(u"/crm/v3/objects/deals/search"_s,
                      searchBody({{QJsonObject{{u"propertyName"_s, u"amount"_s},
                                               {u"operator"_s, u"BETWEEN"_s},
                                               {u"value"_s, u"8000"_s},
                                               {u"highValue"_s, u"13000"_s}}}}))
                     .json.value(u"total"_s)
                     .toInt(),
                 2);
        const Response optedOut =
            post(u"/crm/v3/objects/contacts/search"_s,
                 searchBody({{filter(u"hs_email_optout"_s, u"EQ"_s, u"true"_s)}}));
        QCOMPARE(idsOf(optedOut.results()), QStringList{u"2002"_s});
        QCOMPARE(post(u"/crm/v3/objects/emails/search"_s,
                      searchBody({{filter(u"hubspot_owner_id"_s, u"NOT_HAS_PROPERTY"_s)}}))
                     .json.value(u"total"_s)
                     .toInt(),
                 2);

        // Documented limits.
        QCOMPARE(searchTickets(searchBody({}, {}, false, 201)).status, 400);
        const Response tooDeep = searchTickets(searchBody({}, {}, false, 100, u"9950"_s));
        QCOMPARE(tooDeep.status, 400);
        QCOMPARE(tooDeep.category(), u"VALIDATION_ERROR"_s);
        QCOMPARE(searchTickets(searchBody({}, {}, false, 100, u"9900"_s)).status, 200);
        const QJsonArray one{filter(u"subject"_s, u"HAS_PROPERTY"_s)};
        QCOMPARE(searchTickets(searchBody({one, one, one, one, one, one})).status, 400);
        const auto filters = [](int count) {
            QJsonArray list;
            for (int i = 0; i < count; ++i)
                list.append(filter(u"subject"_s, u"HAS_PROPERTY"_s));
            return list;
        };
        QCOMPARE(searchTickets(searchBody({filters(7)})).status, 400);
        QCOMPARE(searchTickets(searchBody({filters(6), filters(6), filters(6)})).status, 200);
        QCOMPARE(searchTickets(searchBody({filters(6), filters(6), filters(6), filters(1)})).status,
                 400);                          // 19 in all
        m_server->setSearchLimits({5, 10, 25}); // the August 2024 changelog's figures
        QCOMPARE(searchTickets(searchBody({filters(10), filters(10), filters(5)})).status, 200);
        QCOMPARE(searchTickets(searchBody({{filter(u"subject"_s, u"LIKE"_s, u"x"_s)}})).status,
                 400);
        QCOMPARE(post(u"/crm/v3/objects/widgets/search"_s, searchBody({})).status, 400);
    }

    void rollingDailyAndSearchLimits() {
        m_server->setRateLimits({3, 400, 250'000, 2});
        QCOMPARE(
            get(u"/account-info/v3/details"_s).headers.value("x-hubspot-ratelimit-remaining"_ba),
            "2"_ba);
        get(u"/account-info/v3/details"_s);
        const Response third = get(u"/crm/v3/owners"_s);
        QCOMPARE(third.headers.value("x-hubspot-ratelimit-remaining"_ba), "0"_ba);
        QCOMPARE(third.headers.value("x-hubspot-ratelimit-max"_ba), "3"_ba);
        QCOMPARE(third.headers.value("x-hubspot-ratelimit-interval-milliseconds"_ba), "400"_ba);
        const Response refused = get(u"/crm/v3/owners"_s);
        QCOMPARE(refused.status, 429);
        QCOMPARE(refused.json.value(u"policyName"_s).toString(), u"TEN_SECONDLY_ROLLING"_s);
        QCOMPARE(refused.json.value(u"errorType"_s).toString(), u"RATE_LIMIT"_s);
        QCOMPARE(refused.json.value(u"message"_s).toString(),
                 u"You have reached your ten_secondly_rolling limit."_s);
        QTest::qWait(450);
        QCOMPARE(get(u"/crm/v3/owners"_s).status, 200); // the 429 was not charged
        QCOMPARE(m_server->rateLimitedCount(u"TEN_SECONDLY_ROLLING"_s), 1);
        QCOMPARE(m_server->requestCount(u"owners"_s), 3);
        QCOMPARE(m_server->dailyUsed(), 4);

        QTest::qWait(450);
        QCOMPARE(searchTickets(searchBody({})).status, 200);
        QCOMPARE(searchTickets(searchBody({})).status, 200);
        const Response searchRefused = searchTickets(searchBody({}));
        QCOMPARE(searchRefused.status, 429);
        QCOMPARE(searchRefused.json.value(u"policyName"_s).toString(), u"SECONDLY"_s);
        QVERIFY(!searchRefused.headers.contains("x-hubspot-ratelimit-remaining"_ba));

        m_server->setRateLimits({100, 10'000, 250'000, 5});
        m_server->setDailyExhausted(true);
        const Response daily = get(u"/crm/v3/owners"_s);
        QCOMPARE(daily.status, 429);
        QCOMPARE(daily.json.value(u"policyName"_s).toString(), u"DAILY"_s);
        QCOMPARE(daily.headers.value("x-hubspot-ratelimit-daily-remaining"_ba), "0"_ba);
        QCOMPARE(m_server->rateLimitedCount(), 3);
        m_server->clearRequestLog();
        QCOMPARE(m_server->requestCount(), 0);
    }

    void getAndBatchRead() {
        const Response ticket = get(
            u"/crm/v3/objects/tickets/1001?properties=subject,hs_ticket_priority&associations=contacts,deals"_s);
        QCOMPARE(ticket.status, 200);
        const QJsonObject props = ticket.json.value(u"properties"_s).toObject();
        QCOMPARE(props.value(u"subject"_s).toString(),
                 u"Angebot für die Übersetzung — Rückfrage"_s);
        QCOMPARE(props.value(u"hs_ticket_priority"_s).toString(), u"HIGH"_s);
        QVERIFY(!props.contains(u"content"_s));
        const QJsonObject assoc = ticket.json.value(u"associations"_s).toObject();
        QCOMPARE(assoc.value(u"contacts"_s)
                     .toObject()
                     .value(u"results"_s)
                     .toArray()
                     .first()
                     .toObject()
                     .value(u"id"_s)
                     .toString(),
                 u"2001"_s);
        QCOMPARE(get(u"/crm/v3/objects/contacts/2001"_s)
                     .json.value(u"properties"_s)
                     .toObject()
                     .value(u"firstname"_s)
                     .toString(),
                 u"Zoë"_s);
        const Response missing = get(u"/crm/v3/objects/tickets/999999"_s);
        QCOMPARE(missing.status, 404);
        QCOMPARE(missing.category(), u"OBJECT_NOT_FOUND"_s);

        const Response batch = post(u"/crm/v3/objects/deals/batch/read"_s,
                                    {{u"properties"_s, QJsonArray{u"dealname"_s, u"amount"_s}},
                                     {u"inputs"_s, QJsonArray{QJsonObject{{u"id"_s, u"4001"_s}},
                                                              QJsonObject{{u"id"_s, u"4999"_s}}}}});
        QCOMPARE(batch.status, 207);
        QCOMPARE(batch.json.value(u"status"_s).toString(), u"COMPLETE"_s);
        QCOMPARE(idsOf(batch.results()), QStringList{u"4001"_s});
        QCOMPARE(batch.json.value(u"numErrors"_s).toInt(), 1);
        const QJsonObject error = batch.json.value(u"errors"_s).toArray().first().toObject();
        QCOMPARE(error.value(u"category"_s).toString(), u"OBJECT_NOT_FOUND"_s);
        QCOMPARE(error.value(u"context"_s).toObject().value(u"ids"_s).toArray(),
                 QJsonArray{u"4999"_s});
        const Response whole = post(u"/crm/v3/objects/deals/batch/read"_s,
                                    {{u"inputs"_s, QJsonArray{QJsonObject{{u"id"_s, u"4002"_s}}}}});
        QCOMPARE(whole.status, 200);
        QVERIFY(!whole.json.contains(u"errors"_s));
        QJsonArray tooMany;
        for (int i = 0; i < 101; ++i)
            tooMany.append(QJsonObject{{u"id"_s, QString::number(4001 + i)}});
        QCOMPARE(post(u"/crm/v3/objects/deals/batch/read"_s, {{u"inputs"_s, tooMany}}).status, 400);
    }

    void associations() {
        const Response batch =
            post(u"/crm/v4/associations/tickets/contacts/batch/read"_s,
                 {{u"inputs"_s, QJsonArray{QJsonObject{{u"id"_s, u"1001"_s}},
                                           QJsonObject{{u"id"_s, u"999999"_s}}}}});
        QCOMPARE(batch.status, 207);
        const QJsonObject result = batch.results().first().toObject();
        QCOMPARE(result.value(u"from"_s).toObject().value(u"id"_s).toString(), u"1001"_s);
        const QJsonObject to = result.value(u"to"_s).toArray().first().toObject();
        QCOMPARE(to.value(u"toObjectId"_s).toInteger(), 2001);
        const QJsonObject type = to.value(u"associationTypes"_s).toArray().first().toObject();
        QCOMPARE(type.value(u"typeId"_s).toInt(), 16);
        QCOMPARE(type.value(u"category"_s).toString(), u"HUBSPOT_DEFINED"_s);
        QVERIFY(type.value(u"label"_s).isNull());
        QCOMPARE(batch.json.value(u"errors"_s)
                     .toArray()
                     .first()
                     .toObject()
                     .value(u"subCategory"_s)
                     .toString(),
                 u"crm.associations.NO_ASSOCIATIONS_FOUND"_s);
        QCOMPARE(post(u"/crm/v4/associations/deals/line_items/batch/read"_s,
                      {{u"inputs"_s, QJsonArray{QJsonObject{{u"id"_s, u"4001"_s}}}}})
                     .results()
                     .first()
                     .toObject()
                     .value(u"to"_s)
                     .toArray()
                     .size(),
                 2);

        const Response first = get(u"/crm/v4/objects/contacts/2001/associations/tickets?limit=2"_s);
        QCOMPARE(first.status, 200);
        QCOMPARE(first.results().size(), 2);
        QCOMPARE(first.after(), u"2"_s);
        const Response rest =
            get(u"/crm/v4/objects/contacts/2001/associations/tickets?limit=2&after=2"_s);
        QCOMPARE(rest.results().size(), 1);
        QCOMPARE(rest.results()
                     .first()
                     .toObject()
                     .value(u"associationTypes"_s)
                     .toArray()
                     .first()
                     .toObject()
                     .value(u"typeId"_s)
                     .toInt(),
                 15);
    }

    void propertiesCreateUpdateAndIndexLag() {
        const Response absent = get(u"/crm/v3/properties/emails/outreachgpt_outbox_key"_s);
        QCOMPARE(absent.status, 404);
        QCOMPARE(absent.category(), u"OBJECT_NOT_FOUND"_s);
        const Response unknownProperty =
            post(u"/crm/v3/objects/emails"_s, emailBody(u"K-1"_s, {association(u"1001"_s, 224)}));
        QCOMPARE(unknownProperty.status, 400);
        QCOMPARE(unknownProperty.category(), u"VALIDATION_ERROR"_s);
        QVERIFY(unknownProperty.json.value(u"message"_s)
                    .toString()
                    .contains(u"PROPERTY_DOESNT_EXIST"_s));
        QVERIFY(unknownProperty.json.value(u"message"_s)
                    .toString()
                    .contains(u"outreachgpt_outbox_key"_s));
        const QJsonObject detail =
            unknownProperty.json.value(u"errors"_s).toArray().first().toObject();
        QCOMPARE(detail.value(u"code"_s).toString(), u"PROPERTY_DOESNT_EXIST"_s);
        QCOMPARE(detail.value(u"context"_s).toObject().value(u"propertyName"_s).toArray(),
                 QJsonArray{u"outreachgpt_outbox_key"_s});

        createOutboxProperty(u"emails"_s);
        QCOMPARE(get(u"/crm/v3/properties/emails/outreachgpt_outbox_key"_s)
                     .json.value(u"type"_s)
                     .toString(),
                 u"string"_s);
        const Response again =
            post(u"/crm/v3/properties/emails"_s, {{u"name"_s, u"outreachgpt_outbox_key"_s},
                                                  {u"label"_s, u"x"_s},
                                                  {u"type"_s, u"string"_s},
                                                  {u"fieldType"_s, u"text"_s},
                                                  {u"groupName"_s, u"emailinformation"_s}});
        QCOMPARE(again.status, 409);

        m_server->setSearchIndexLagMs(300);
        const Response created =
            post(u"/crm/v3/objects/emails"_s,
                 emailBody(u"K-1"_s, {association(u"1001"_s, 224), association(u"2001"_s, 198)}));
        QCOMPARE(created.status, 201);
        const QString id = created.json.value(u"id"_s).toString();
        QCOMPARE(created.json.value(u"properties"_s).toObject().value(u"hs_timestamp"_s).toString(),
                 u"2026-11-03T10:00:00.000Z"_s);
        const auto stored =
            m_server->findByProperty(u"emails"_s, u"outreachgpt_outbox_key"_s, u"K-1"_s);
        QCOMPARE(stored.size(), 1);
        QCOMPARE(stored.first()->id, id);
        QCOMPARE(m_server->store().associations(u"emails"_s, id, u"tickets"_s).first().typeId, 224);
        QCOMPARE(m_server->store().associations(u"tickets"_s, u"1001"_s, u"emails"_s).size(), 3);

        const QJsonObject byKey =
            searchBody({{filter(u"outreachgpt_outbox_key"_s, u"EQ"_s, u"K-1"_s)}});
        QCOMPARE(post(u"/crm/v3/objects/emails/search"_s, byKey).json.value(u"total"_s).toInt(), 0);
        QCOMPARE(get(u"/crm/v3/objects/emails/"_s + id).status, 200); // GET sees it at once
        QTest::qWait(350);
        QCOMPARE(idsOf(post(u"/crm/v3/objects/emails/search"_s, byKey).results()), QStringList{id});

        const Response noTimestamp =
            post(u"/crm/v3/objects/notes"_s,
                 {{u"properties"_s, QJsonObject{{u"hs_note_body"_s, u"x"_s}}}});
        QCOMPARE(noTimestamp.status, 400);
        QVERIFY(noTimestamp.json.value(u"message"_s).toString().contains(u"hs_timestamp"_s));
        const auto noteWith = [](const QJsonArray &associations) {
            return QJsonObject{
                {u"properties"_s, QJsonObject{{u"hs_timestamp"_s, u"1793606400000"_s},
                                              {u"hs_note_body"_s, u"メモ"_s}}},
                {u"associations"_s, associations}};
        };
        QCOMPARE(post(u"/crm/v3/objects/notes"_s, noteWith({association(u"1001"_s, 224)})).status,
                 400);
        QCOMPARE(post(u"/crm/v3/objects/notes"_s, noteWith({association(u"999999"_s, 228)})).status,
                 400);
        const Response note =
            post(u"/crm/v3/objects/notes"_s,
                 noteWith({association(u"1003"_s, 228), association(u"2003"_s, 202)}));
        QCOMPARE(note.status, 201);
        QCOMPARE(post(u"/crm/v3/objects/emails"_s,
                      {{u"properties"_s, QJsonObject{{u"hs_timestamp"_s, u"2026-11-03T10:00:00Z"_s},
                                                     {u"hs_email_direction"_s, u"SIDEWAYS"_s}}}})
                     .status,
                 400);

        const Response updated =
            call("PATCH"_ba, u"/crm/v3/objects/emails/"_s + id,
                 {{u"properties"_s, QJsonObject{{u"hs_email_status"_s, u"SENT"_s}}}});
        QCOMPARE(updated.status, 200);
        QCOMPARE(
            updated.json.value(u"properties"_s).toObject().value(u"hs_email_status"_s).toString(),
            u"SENT"_s);
        // During the lag search still sees the old values; by association too.
        QJsonObject sent = searchBody({{filter(u"hs_email_status"_s, u"EQ"_s, u"SENT"_s),
                                        filter(u"associations.ticket"_s, u"EQ"_s, u"1001"_s)}});
        sent.insert(u"properties"_s, QJsonArray{u"hs_email_status"_s});
        QCOMPARE(idsOf(post(u"/crm/v3/objects/emails/search"_s, sent).results()),
                 (QStringList{u"6001"_s, u"6002"_s}));
        QJsonObject statusByKey = byKey;
        statusByKey.insert(u"properties"_s, QJsonArray{u"hs_email_status"_s});
        const QJsonObject staleProperties = post(u"/crm/v3/objects/emails/search"_s, statusByKey)
                                                .results()
                                                .first()
                                                .toObject()
                                                .value(u"properties"_s)
                                                .toObject();
        QVERIFY(staleProperties.value(u"hs_email_status"_s).isNull());
        QTest::qWait(350);
        QCOMPARE(idsOf(post(u"/crm/v3/objects/emails/search"_s, sent).results()),
                 (QStringList{u"6001"_s, u"6002"_s, id}));
        QCOMPARE(
            call("PATCH"_ba, u"/crm/v3/objects/emails/999999"_s, {{u"properties"_s, QJsonObject{}}})
                .status,
            404);
        QCOMPARE(call("PATCH"_ba, u"/crm/v3/objects/tickets/1001"_s,
                      {{u"properties"_s, QJsonObject{{u"nope"_s, u"1"_s}}}})
                     .status,
                 400);
    }

    void missingScopes() {
        QSet<QString> scopes = FakeHubSpotServer::defaultScopes();
        scopes.remove(u"sales-email-read"_s);
        m_server->setGrantedScopes(scopes);
        const Response refused = post(u"/crm/v3/objects/emails/search"_s, searchBody({}));
        QCOMPARE(refused.status, 403);
        QCOMPARE(refused.category(), u"MISSING_SCOPES"_s);
        QCOMPARE(refused.json.value(u"errors"_s)
                     .toArray()
                     .first()
                     .toObject()
                     .value(u"context"_s)
                     .toObject()
                     .value(u"requiredGranularScopes"_s)
                     .toArray(),
                 QJsonArray{u"sales-email-read"_s});
        QCOMPARE(post(u"/crm/v4/associations/tickets/emails/batch/read"_s,
                      {{u"inputs"_s, QJsonArray{QJsonObject{{u"id"_s, u"1001"_s}}}}})
                     .status,
                 403);
        QCOMPARE(searchTickets(searchBody({})).status, 200);
        scopes.remove(u"crm.schemas.contacts.write"_s);
        m_server->setGrantedScopes(scopes);
        QCOMPARE(get(u"/crm/v3/properties/notes/hs_note_body"_s).status, 200);
        const Response schemaWrite =
            post(u"/crm/v3/properties/notes"_s, {{u"name"_s, u"x_key"_s},
                                                 {u"label"_s, u"x"_s},
                                                 {u"type"_s, u"string"_s},
                                                 {u"fieldType"_s, u"text"_s},
                                                 {u"groupName"_s, u"noteinformation"_s}});
        QCOMPARE(schemaWrite.status, 403);
        QCOMPARE(schemaWrite.json.value(u"errors"_s)
                     .toArray()
                     .first()
                     .toObject()
                     .value(u"context"_s)
                     .toObject()
                     .value(u"requiredGranularScopes"_s)
                     .toArray(),
                 QJsonArray{u"crm.schemas.contacts.write"_s});
        m_server->setGrantedScopes({});
        QCOMPARE(get(u"/crm/v3/owners"_s).status, 403);
        QCOMPARE(get(u"/account-info/v3/details"_s).status, 200);
    }

    void faultsAndLatency() {
        m_server->setFault(u"owners"_s, Fault::httpStatus(503, "2"_ba), 1);
        const Response unavailable = get(u"/crm/v3/owners"_s);
        QCOMPARE(unavailable.status, 503);
        QCOMPARE(unavailable.headers.value("retry-after"_ba), "2"_ba);
        QCOMPARE(get(u"/crm/v3/owners"_s).status, 200); // one-shot

        m_server->setFault(u"get"_s, Fault::malformedJson(), 2);
        QVERIFY(!get(u"/crm/v3/objects/tickets/1001"_s).isJson);
        QVERIFY(!get(u"/crm/v3/objects/tickets/1001"_s).isJson);
        QVERIFY(get(u"/crm/v3/objects/tickets/1001"_s).isJson);

        // For every request while it lasts: QNetworkAccessManager resends a request once when a
        // reused keep-alive connection drops before any answer.
        m_server->setFault(u"*"_s, Fault::dropConnection(), -1);
        QVERIFY(get(u"/account-info/v3/details"_s).error != QNetworkReply::NoError);
        m_server->clearFaults();

        createOutboxProperty(u"notes"_s);
        const QJsonObject note{
            {u"properties"_s, QJsonObject{{u"hs_timestamp"_s, u"2026-11-03T10:00:00Z"_s},
                                          {u"hs_note_body"_s, u"lost answer"_s},
                                          {u"outreachgpt_outbox_key"_s, u"K-lost"_s}}},
            {u"associations"_s, QJsonArray{association(u"1001"_s, 228)}}};
        // Stored, then the answer lost. QNetworkAccessManager resends a request whose connection
        // drops before any answer, even a POST on a fresh connection, so the client sees the
        // resend's 201 and the note is stored twice: the connector must not rely on a reset
        // reaching it.
        m_server->setFault(u"create"_s, Fault::dropConnection().afterHandling(), 1);
        QCOMPARE(post(u"/crm/v3/objects/notes"_s, note).status, 201);
        QCOMPARE(m_server->requestCount(u"create"_s), 2);
        QCOMPARE(
            m_server->findByProperty(u"notes"_s, u"outreachgpt_outbox_key"_s, u"K-lost"_s).size(),
            2);
        // A gateway timeout after handling is the unknown outcome a client does see.
        m_server->setFault(u"create"_s, Fault::httpStatus(504).afterHandling(), 1);
        QJsonObject another = note;
        QJsonObject props = note.value(u"properties"_s).toObject();
        props.insert(u"outreachgpt_outbox_key"_s, u"K-504"_s);
        another.insert(u"properties"_s, props);
        QCOMPARE(post(u"/crm/v3/objects/notes"_s, another).status, 504);
        QCOMPARE(
            m_server->findByProperty(u"notes"_s, u"outreachgpt_outbox_key"_s, u"K-504"_s).size(),
            1);
        m_server->setFault(u"create"_s, Fault::httpStatus(502), 1);
        props.insert(u"outreachgpt_outbox_key"_s, u"K-502"_s);
        another.insert(u"properties"_s, props);
        QCOMPARE(post(u"/crm/v3/objects/notes"_s, another).status, 502);
        QCOMPARE(
            m_server->findByProperty(u"notes"_s, u"outreachgpt_outbox_key"_s, u"K-502"_s).size(),
            0);

        // Seeded failures repeat exactly.
        const auto pattern = [this] {
            m_server->setFailureProbability(u"account"_s, 0.5, Fault::httpStatus(500), 7);
            QString statuses;
            for (int i = 0; i < 12; ++i)
                statuses += get(u"/account-info/v3/details"_s).status == 500 ? u'x' : u'.';
            m_server->clearFaults();
            return statuses;
        };
        const QString first = pattern();
        QCOMPARE(pattern(), first);
        QVERIFY(first.contains(u'x') && first.contains(u'.'));

        m_server->setLatency(u"account"_s, 150);
        QElapsedTimer timer;
        timer.start();
        QCOMPARE(get(u"/account-info/v3/details"_s).status, 200);
        QVERIFY(timer.elapsed() >= 140);
    }

    void handlerRunsAfterTheClientHasGone() {
        createOutboxProperty(u"emails"_s);
        m_server->setLatency(u"create"_s, 200);
        QNetworkReply *reply =
            start("POST"_ba, u"/crm/v3/objects/emails"_s,
                  emailBody(u"K-gone"_s, {association(u"1002"_s, 224)}), "pat-na1-test-token"_ba);
        QTest::qWait(50);
        reply->abort();
        reply->deleteLater();
        QTRY_COMPARE_WITH_TIMEOUT(
            m_server->findByProperty(u"emails"_s, u"outreachgpt_outbox_key"_s, u"K-gone"_s).size(),
            1, waitMs);

        // A hang answers nothing; the log keeps what a benchmark needs.
        m_server->clearRequestLog();
        m_server->setFault(u"owners"_s, Fault::hang(), 1);
        QNetworkRequest hanging = request(u"/crm/v3/owners"_s, "pat-na1-test-token"_ba);
        hanging.setTransferTimeout(200);
        QCOMPARE(finish(m_network->get(hanging)).error, QNetworkReply::OperationCanceledError);
        QCOMPARE(get(u"/crm/v3/owners"_s).status, 200);
        const QList<FakeHubSpotServer::LogEntry> log = m_server->requestLog();
        QCOMPARE(log.size(), 2);
        QCOMPARE(log.last().route, u"owners"_s);
        QCOMPARE(log.last().status, 200);
        QVERIFY(log.last().arrivedMs >= log.first().arrivedMs);
    }

    void executable() {
        QProcess process;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(u"FAKE_HUBSPOT_TOKEN"_s, u"pat-na1-from-env"_s);
        process.setProcessEnvironment(environment);
        process.start(QStringLiteral(FAKE_HUBSPOT_EXECUTABLE),
                      {u"--port"_s, u"0"_s, u"--tickets"_s, u"5"_s, u"--rate-max"_s, u"2"_s,
                       u"--rate-interval-ms"_s, u"60000"_s});
        QTRY_VERIFY_WITH_TIMEOUT(process.canReadLine(), waitMs);
        const QString line = QString::fromUtf8(process.readLine()).trimmed();
        const QRegularExpressionMatch match =
            QRegularExpression(u"^listening (http://127\\.0\\.0\\.1:(\\d+))$"_s).match(line);
        QVERIFY2(match.hasMatch(), qPrintable(line));

        QNetworkRequest search(QUrl(match.captured(1) + u"/crm/v3/objects/tickets/search"_s));
        search.setRawHeader("Authorization"_ba, "Bearer pat-na1-from-env"_ba);
        search.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
        const Response found = finish(m_network->post(search, "{}"_ba));
        QCOMPARE(found.status, 200);
        QCOMPARE(found.json.value(u"total"_s).toInt(), 11); // 6 sample + 5 generated
        finish(m_network->post(search, "{}"_ba));
        QCOMPARE(finish(m_network->post(search, "{}"_ba)).status, 429);

        process.kill();
        QTRY_COMPARE_WITH_TIMEOUT(process.state(), QProcess::NotRunning, waitMs);
        const QByteArray log = process.readAllStandardError();
        QVERIFY2(log.contains("POST /crm/v3/objects/tickets/search -> 200"), log.constData());
        QVERIFY(!log.contains("pat-na1-from-env"));
    }

    void generatedWorkspace() {
        FakeHubSpotServer server;
        QElapsedTimer timer;
        timer.start();
        server.seedGenerated(20'000);
        qInfo("seedGenerated(20000): %lld ms", timer.elapsed());
        QCOMPARE(server.store().objectCount(u"tickets"_s), 20'000);
        QCOMPARE(server.store().objectCount(u"emails"_s), 40'000);
        QCOMPARE(server.store().objectCount(u"notes"_s), 20'000);
        const auto firstTickets = server.objects(u"tickets"_s).mid(0, 3);
        QCOMPARE(firstTickets[1]->properties.value(u"hs_lastmodifieddate"_s),
                 firstTickets[2]->properties.value(u"hs_lastmodifieddate"_s));
        const QString ticketId = firstTickets[0]->id;
        QCOMPARE(server.store().associations(u"tickets"_s, ticketId, u"deals"_s).size(), 1);
        QCOMPARE(server.store().associations(u"tickets"_s, ticketId, u"emails"_s).size(), 2);
        HubSpotStore::SearchQuery query;
        query.sortProperty = u"hs_lastmodifieddate"_s;
        query.limit = 200;
        timer.restart();
        const auto result = server.store().search(u"tickets"_s, query);
        qInfo("search over 20000 tickets: %lld ms", timer.elapsed());
        QCOMPARE(result.total, 20'000);
    }
};

QTEST_GUILESS_MAIN(TestFakeHubSpotServer)
#include "tst_fakehubspotserver.moc"
