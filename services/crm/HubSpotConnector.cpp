// SPDX-License-Identifier: GPL-3.0-or-later
#include "crm/HubSpotConnector.h"

#include "crm/HubSpotSearchWindow.h"
#include "domain/ActivityEvent.h"
#include "domain/EffectivenessMetrics.h"
#include "domain/JsonReader.h"
#include "domain/OutreachActivity.h"
#include "platform/LogCategories.h"
#include "platform/LogRedaction.h"

#include <QCoroSignal>
#include <QCoroTimer>
#include <QJsonDocument>
#include <QPointer>
#include <QRegularExpression>
#include <QTimer>
#include <QUrlQuery>

#include <algorithm>

using namespace Qt::StringLiterals;
using namespace HubSpotRecords;

namespace {

// HubSpot's association type ids (HUBSPOT_DEFINED) for the engagements the app creates.
constexpr int EmailToTicket = 224;
constexpr int EmailToContact = 198;
constexpr int NoteToTicket = 228;
constexpr int NoteToContact = 202;

QString segment(const QString &id) {
    return QString::fromLatin1(QUrl::toPercentEncoding(id));
}

QString idText(const QJsonValue &value) {
    if (value.isString())
        return value.toString();
    if (value.isDouble())
        return QString::number(qint64(value.toDouble()));
    return {};
}

QJsonArray inputs(const QStringList &ids) {
    QJsonArray array;
    for (const QString &id : ids)
        array.append(QJsonObject{{u"id"_s, id}});
    return array;
}

QJsonObject associationTo(const QString &id, int typeId) {
    return QJsonObject{
        {u"to"_s, QJsonObject{{u"id"_s, id}}},
        {u"types"_s, QJsonArray{QJsonObject{{u"associationCategory"_s, u"HUBSPOT_DEFINED"_s},
                                            {u"associationTypeId"_s, typeId}}}}};
}

// The first associated id, lowest first so that the choice does not depend on HubSpot's order.
QString firstOf(const QStringList &ids) {
    if (ids.isEmpty())
        return {};
    QStringList sorted = ids;
    std::sort(sorted.begin(), sorted.end(), [](const QString &a, const QString &b) {
        return a.size() != b.size() ? a.size() < b.size() : a < b;
    });
    return sorted.first();
}

} // namespace

QStringList HubSpotConnector::requiredScopes() {
    // Engagements (emails, notes) are governed by the contact scopes, their custom properties
    // by the contact schema scopes; reading an email's body needs sales-email-read.
    return {u"tickets"_s,
            u"crm.objects.contacts.read"_s,
            u"crm.objects.contacts.write"_s,
            u"crm.objects.companies.read"_s,
            u"crm.objects.deals.read"_s,
            u"crm.objects.line_items.read"_s,
            u"crm.objects.owners.read"_s,
            u"crm.schemas.contacts.read"_s,
            u"crm.schemas.contacts.write"_s,
            u"sales-email-read"_s};
}

HubSpotConnector::HubSpotConnector(QObject *parent)
    : CrmConnector(parent)
    , m_transport(new HttpTransport(tr("HubSpot"), this))
    , m_baseUrl(QUrl(QString::fromLatin1(DefaultBaseUrl))) {
    connect(m_transport, &HttpTransport::answerStarted, this,
            [this](int, const QList<QPair<QByteArray, QByteArray>> &headers) {
                m_limiter.observe(headers);
            });
}

void HubSpotConnector::setToken(const QString &token) {
    m_token = token;
    LogRedaction::addSecret(token);
}

QCoro::Task<bool> HubSpotConnector::wait(std::chrono::milliseconds delay) {
    // A timer this object owns: destroyed with it, so a wait never resumes into a dead object.
    auto *timer = new QTimer(this);
    timer->setSingleShot(true);
    timer->start(delay);
    co_await timer;
    timer->deleteLater();
    co_return true;
}

OutreachError HubSpotConnector::dailyLimitError() const {
    OutreachError error(
        OutreachError::Code::RateLimit,
        tr("HubSpot's daily API limit for this account is used up. Syncing and saving to HubSpot "
           "resume when HubSpot's day ends (midnight in the account's time zone); your saved "
           "messages wait in the outbox until then."));
    error.setHttpStatus(429);
    error.setServerCode(u"DAILY"_s);
    // Not final: the outbox keeps the writes and tries again after the wait.
    error.setTransient(true);
    error.setRetryAfter(std::chrono::hours(1));
    return error;
}

OutreachError HubSpotConnector::interpreted(const OutreachError &error, const QString &entity,
                                            const QString &entityId) const {
    const QJsonObject body = QJsonDocument::fromJson(error.serverBody()).object();
    const QString category = body.value(u"category"_s).toString();
    const QString serverMessage = body.value(u"message"_s).toString();
    const int status = error.httpStatus();
    OutreachError result = error;
    if (!category.isEmpty())
        result.setServerCode(category);
    if (status == 401) {
        result = OutreachError(OutreachError::Code::Auth,
                               tr("HubSpot did not accept the token: it may have been revoked or "
                                  "rotated. Paste the private app's current access token in "
                                  "Settings → CRM."));
        result.setHttpStatus(401);
        result.setServerCode(category);
        result.setRequestId(error.requestId());
        return result;
    }
    if (status == 403 && category == u"MISSING_SCOPES") {
        QStringList scopes;
        for (const QJsonValue &item : body.value(u"errors"_s).toArray()) {
            const QJsonObject context = item.toObject().value(u"context"_s).toObject();
            for (const auto *key : {"requiredGranularScopes", "requiredScopes", "scopes"}) {
                for (const QJsonValue &scope : context.value(QString::fromLatin1(key)).toArray()) {
                    if (!scopes.contains(scope.toString()))
                        scopes.append(scope.toString());
                }
            }
        }
        const QString named = scopes.isEmpty() ? tr("a scope it needs") : scopes.join(u", "_s);
        result = OutreachError(
            OutreachError::Code::Auth,
            tr("HubSpot refused: the private app lacks %1. Add it under Settings → Integrations → "
               "Private apps → Scopes in HubSpot, then paste the token again.")
                .arg(named));
        result.setHttpStatus(403);
        result.setServerCode(category);
        result.setServerParam(scopes.join(u' '));
        result.setRequestId(error.requestId());
        return result;
    }
    if (status == 404 && !entity.isEmpty()) {
        OutreachError missing =
            OutreachError::invalidField(entity, entityId, u"id"_s, tr("does not exist in HubSpot"));
        missing.setHttpStatus(404);
        missing.setServerCode(category);
        return missing;
    }
    if ((status == 400 || status == 409) && category == u"VALIDATION_ERROR") {
        // The message embeds the per-property verdicts: [{"name":"…","message":"…"}, …].
        static const QRegularExpression name(uR"re(\\?"name\\?"\s*:\s*\\?"([^"\\]+))re"_s);
        const QRegularExpressionMatch match = name.match(serverMessage);
        if (match.hasMatch())
            result.setServerParam(match.captured(1));
        result = OutreachError(
            OutreachError::Code::ApiError,
            match.hasMatch()
                ? tr("HubSpot refused the property “%1”: %2").arg(match.captured(1), serverMessage)
                : tr("HubSpot refused the request: %1").arg(serverMessage));
        result.setHttpStatus(status);
        result.setServerCode(category);
        result.setServerParam(match.hasMatch() ? match.captured(1) : QString());
        result.setRequestId(error.requestId());
        return result;
    }
    return result;
}

QCoro::Task<Result<QJsonObject>> HubSpotConnector::call(QByteArray method, QString path,
                                                        QJsonObject body, Pace pace,
                                                        OnUnknownOutcome onUnknown, QString entity,
                                                        QString entityId) {
    if (m_token.isEmpty())
        co_return OutreachError(OutreachError::Code::Auth,
                                tr("No HubSpot token is set. Paste the private app's access "
                                   "token in Settings → CRM."));
    OutgoingRequest request;
    request.method = method;
    QString base =
        m_baseUrl.toString(QUrl::FullyEncoded | QUrl::RemoveQuery | QUrl::RemoveFragment);
    while (base.endsWith(u'/'))
        base.chop(1);
    request.url = QUrl::fromEncoded((base + path).toLatin1());
    request.headers.append({"Accept"_ba, "application/json"_ba});
    request.headers.append({"Authorization"_ba, "Bearer "_ba + m_token.toUtf8()});
    if (method != "GET") {
        request.headers.append({"Content-Type"_ba, "application/json"_ba});
        request.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    }
    const bool search = pace == Pace::Search;
    QPointer<HubSpotConnector> self(this);
    for (int retries = 0;; ++retries) {
        if (m_limiter.dailyExhausted())
            co_return dailyLimitError();
        for (std::chrono::milliseconds hold = m_limiter.holdBeforeNext(search);
             hold > std::chrono::milliseconds::zero(); hold = m_limiter.holdBeforeNext(search)) {
            co_await wait(hold);
            if (!self)
                co_return OutreachError(OutreachError::Code::Cancelled, tr("Stopped."));
        }
        ++m_requestsSent;
        QCoro::Task<Result<IncomingResponse>> sending = m_transport->send(request);
        Result<IncomingResponse> response = co_await sending;
        if (!self)
            co_return OutreachError(OutreachError::Code::Cancelled, tr("Stopped."));
        if (response.ok()) {
            if (response->body.trimmed().isEmpty())
                co_return QJsonObject();
            QJsonParseError parseError;
            const QJsonDocument document = QJsonDocument::fromJson(response->body, &parseError);
            if (!document.isObject()) {
                const QString who = entityId.isEmpty() ? path : entity + u' ' + entityId;
                co_return OutreachError(
                    OutreachError::Code::ContextInvalid,
                    tr("HubSpot's answer for %1 is not a JSON object (%2 at byte %3).")
                        .arg(who, parseError.errorString())
                        .arg(parseError.offset));
            }
            co_return document.object();
        }
        const OutreachError &error = response.error();
        if (error.code() == OutreachError::Code::Cancelled)
            co_return error;
        if (error.httpStatus() == 429) {
            ++m_rateLimited;
            const QJsonObject answer = QJsonDocument::fromJson(error.serverBody()).object();
            if (answer.value(u"policyName"_s).toString().compare(u"DAILY"_s, Qt::CaseInsensitive)
                == 0) {
                m_limiter.markDailyExhausted();
                co_return dailyLimitError();
            }
            qCInfo(lcCrm).noquote()
                << "HubSpot rate limit" << answer.value(u"policyName"_s).toString()
                << "reached; waiting one window";
            m_limiter.holdAfterRateLimit(search);
            if (retries < m_transport->retryPolicy().maxRetries)
                continue; // a 429 was not handled: safe to send again, after the wait above
            co_return interpreted(error, entity, entityId);
        }
        const bool unknownOutcome = error.httpStatus() == 0 || error.httpStatus() >= 500;
        if (unknownOutcome && onUnknown == OnUnknownOutcome::Return)
            co_return interpreted(error, entity, entityId);
        const RetryPolicy::Decision decision = m_transport->retryPolicy().decide(error, retries);
        if (!decision.retry)
            co_return interpreted(error, entity, entityId);
        co_await wait(decision.delay);
        if (!self)
            co_return OutreachError(OutreachError::Code::Cancelled, tr("Stopped."));
    }
}

QCoro::Task<Result<void>> HubSpotConnector::loadDirectory() {
    QPointer<HubSpotConnector> self(this);
    while (m_directoryLoading) {
        co_await qCoro(this, &HubSpotConnector::directoryLoaded);
        if (!self)
            co_return OutreachError(OutreachError::Code::Cancelled, tr("Stopped."));
    }
    if (m_directory)
        co_return Result<void>();
    m_directoryLoading = true;
    Directory directory;
    std::optional<OutreachError> failure;

    QString after;
    while (!failure) {
        QString path = u"/crm/v3/owners?limit=500"_s;
        if (!after.isEmpty())
            path += u"&after="_s + segment(after);
        QCoro::Task<Result<QJsonObject>> fetching =
            call("GET"_ba, path, {}, Pace::Normal, OnUnknownOutcome::Retry);
        const Result<QJsonObject> page = co_await fetching;
        if (!self)
            co_return OutreachError(OutreachError::Code::Cancelled, tr("Stopped."));
        if (!page.ok()) {
            failure = page.error();
            break;
        }
        for (const QJsonValue &value : page->value(u"results"_s).toArray()) {
            const QJsonObject owner = value.toObject();
            const QString name = QString(owner.value(u"firstName"_s).toString() + u' '
                                         + owner.value(u"lastName"_s).toString())
                                     .trimmed();
            const QString email = owner.value(u"email"_s).toString();
            directory.owners.insert(idText(owner.value(u"id"_s)),
                                    Owner{name.isEmpty() ? email : name, email});
        }
        const QString next = page->value(u"paging"_s)
                                 .toObject()
                                 .value(u"next"_s)
                                 .toObject()
                                 .value(u"after"_s)
                                 .toString();
        if (next.isEmpty() || next == after)
            break;
        after = next;
    }
    for (const QString &objectType : {u"tickets"_s, u"deals"_s}) {
        if (failure)
            break;
        QCoro::Task<Result<QJsonObject>> fetching =
            call("GET"_ba, u"/crm/v3/pipelines/"_s + objectType, {}, Pace::Normal,
                 OnUnknownOutcome::Retry);
        const Result<QJsonObject> pipelines = co_await fetching;
        if (!self)
            co_return OutreachError(OutreachError::Code::Cancelled, tr("Stopped."));
        if (!pipelines.ok()) {
            failure = pipelines.error();
            break;
        }
        const bool tickets = objectType == u"tickets";
        for (const QJsonValue &value : pipelines->value(u"results"_s).toArray()) {
            const QJsonObject pipeline = value.toObject();
            const QString pipelineLabel = pipeline.value(u"label"_s).toString();
            if (tickets)
                directory.ticketPipelines.insert(idText(pipeline.value(u"id"_s)), pipelineLabel);
            for (const QJsonValue &stageValue : pipeline.value(u"stages"_s).toArray()) {
                const QJsonObject stage = stageValue.toObject();
                const QJsonObject metadata = stage.value(u"metadata"_s).toObject();
                Stage entry;
                entry.label = stage.value(u"label"_s).toString();
                entry.pipelineLabel = pipelineLabel;
                entry.closed = metadata.value(u"ticketState"_s).toString() == u"CLOSED"
                               || metadata.value(u"isClosed"_s).toVariant().toString() == u"true";
                entry.waiting = entry.label.contains(u"waiting on contact"_s, Qt::CaseInsensitive);
                (tickets ? directory.ticketStages : directory.dealStages)
                    .insert(idText(stage.value(u"id"_s)), entry);
            }
        }
    }
    if (!failure) {
        // Deals without a currency are in the account's; a token without access to the
        // account's details just leaves such amounts without one.
        QCoro::Task<Result<QJsonObject>> fetching = call("GET"_ba, u"/account-info/v3/details"_s,
                                                         {}, Pace::Normal, OnUnknownOutcome::Retry);
        const Result<QJsonObject> account = co_await fetching;
        if (!self)
            co_return OutreachError(OutreachError::Code::Cancelled, tr("Stopped."));
        if (account.ok())
            directory.companyCurrency = account->value(u"companyCurrency"_s).toString();
    }
    m_directoryLoading = false;
    if (!failure)
        m_directory = std::move(directory);
    emit directoryLoaded();
    if (failure)
        co_return *failure;
    co_return Result<void>();
}

QCoro::Task<Result<QHash<QString, QStringList>>>
HubSpotConnector::associations(QString fromType, QString toType, QStringList ids) {
    QHash<QString, QStringList> result;
    QPointer<HubSpotConnector> self(this);
    for (qsizetype start = 0; start < ids.size(); start += MaxAssociationBatch) {
        const QStringList slice = ids.mid(start, MaxAssociationBatch);
        QCoro::Task<Result<QJsonObject>> fetching =
            call("POST"_ba, u"/crm/v4/associations/%1/%2/batch/read"_s.arg(fromType, toType),
                 QJsonObject{{u"inputs"_s, inputs(slice)}}, Pace::Normal, OnUnknownOutcome::Retry);
        const Result<QJsonObject> answer = co_await fetching;
        if (!self)
            co_return OutreachError(OutreachError::Code::Cancelled, tr("Stopped."));
        if (!answer.ok())
            co_return answer.error();
        // Ids without associations come back among the errors of a 207: nothing to add.
        for (const QJsonValue &value : answer->value(u"results"_s).toArray()) {
            const QJsonObject item = value.toObject();
            const QString from = idText(item.value(u"from"_s).toObject().value(u"id"_s));
            QStringList &to = result[from];
            for (const QJsonValue &target : item.value(u"to"_s).toArray())
                to.append(idText(target.toObject().value(u"toObjectId"_s)));
        }
    }
    co_return result;
}

QCoro::Task<Result<QList<QJsonObject>>> HubSpotConnector::batchRead(QString type, QStringList ids,
                                                                    QStringList properties,
                                                                    QStringList *missing) {
    QList<QJsonObject> objects;
    QPointer<HubSpotConnector> self(this);
    ids.removeDuplicates();
    for (qsizetype start = 0; start < ids.size(); start += MaxBatchRead) {
        const QStringList slice = ids.mid(start, MaxBatchRead);
        QCoro::Task<Result<QJsonObject>> fetching =
            call("POST"_ba, u"/crm/v3/objects/%1/batch/read"_s.arg(type),
                 QJsonObject{{u"properties"_s, QJsonArray::fromStringList(properties)},
                             {u"inputs"_s, inputs(slice)}},
                 Pace::Normal, OnUnknownOutcome::Retry, type.chopped(1));
        const Result<QJsonObject> answer = co_await fetching;
        if (!self)
            co_return OutreachError(OutreachError::Code::Cancelled, tr("Stopped."));
        if (!answer.ok())
            co_return answer.error();
        QSet<QString> found;
        for (const QJsonValue &value : answer->value(u"results"_s).toArray()) {
            objects.append(value.toObject());
            found.insert(idText(value.toObject().value(u"id"_s)));
        }
        if (missing) {
            for (const QString &id : slice) {
                if (!found.contains(id))
                    missing->append(id);
            }
        }
    }
    co_return objects;
}

QCoro::Task<Result<std::optional<QJsonObject>>>
HubSpotConnector::findBy(QString type, QString property, QString value) {
    const QJsonObject body{
        {u"filterGroups"_s,
         QJsonArray{QJsonObject{{u"filters"_s, QJsonArray{QJsonObject{{u"propertyName"_s, property},
                                                                      {u"operator"_s, u"EQ"_s},
                                                                      {u"value"_s, value}}}}}}},
        {u"properties"_s,
         QJsonArray{property, QString::fromLatin1(MessageIdProperty), u"hs_timestamp"_s}},
        {u"limit"_s, 1}};
    QCoro::Task<Result<QJsonObject>> searching =
        call("POST"_ba, u"/crm/v3/objects/%1/search"_s.arg(type), body, Pace::Search,
             OnUnknownOutcome::Retry);
    const Result<QJsonObject> answer = co_await searching;
    if (!answer.ok())
        co_return answer.error();
    const QJsonArray results = answer->value(u"results"_s).toArray();
    if (results.isEmpty())
        co_return std::optional<QJsonObject>();
    co_return std::optional<QJsonObject>(results.first().toObject());
}

QCoro::Task<Result<void>> HubSpotConnector::ensureCustomProperties(QString type) {
    if (m_typesWithProperties.contains(type))
        co_return Result<void>();
    QPointer<HubSpotConnector> self(this);
    const QList<QPair<QString, QString>> wanted{
        {QString::fromLatin1(OutboxKeyProperty), tr("OutreachGPT outbox key")},
        {QString::fromLatin1(MessageIdProperty), tr("OutreachGPT message id")},
        {QString::fromLatin1(EffectivenessProperty), tr("OutreachGPT effectiveness")}};
    for (const auto &[name, label] : wanted) {
        QCoro::Task<Result<QJsonObject>> looking =
            call("GET"_ba, u"/crm/v3/properties/%1/%2"_s.arg(type, name), {}, Pace::Normal,
                 OnUnknownOutcome::Retry);
        const Result<QJsonObject> existing = co_await looking;
        if (!self)
            co_return OutreachError(OutreachError::Code::Cancelled, tr("Stopped."));
        if (existing.ok())
            continue;
        if (existing.error().httpStatus() != 404)
            co_return existing.error();
        QJsonObject definition{
            {u"name"_s, name},
            {u"label"_s, label},
            {u"type"_s, u"string"_s},
            {u"fieldType"_s, u"text"_s},
            {u"groupName"_s, type == u"emails" ? u"emailinformation"_s : u"noteinformation"_s},
            {u"description"_s, tr("Written by OutreachGPT so that a retried save lands once.")}};
        // HubSpot refuses a second record with the same unique value, which also covers a
        // create the network layer sent twice (Qt resends a request whose connection dropped
        // before the answer, POST included).
        const bool unique = name == QString::fromLatin1(OutboxKeyProperty);
        if (unique)
            definition.insert(u"hasUniqueValue"_s, true);
        QCoro::Task<Result<QJsonObject>> creating =
            call("POST"_ba, u"/crm/v3/properties/%1"_s.arg(type), definition, Pace::Normal,
                 OnUnknownOutcome::Retry);
        Result<QJsonObject> created = co_await creating;
        if (!self)
            co_return OutreachError(OutreachError::Code::Cancelled, tr("Stopped."));
        if (unique && !created.ok() && created.error().httpStatus() == 400) {
            // An object type without unique properties: the search before each create remains.
            definition.remove(u"hasUniqueValue"_s);
            QCoro::Task<Result<QJsonObject>> plain =
                call("POST"_ba, u"/crm/v3/properties/%1"_s.arg(type), definition, Pace::Normal,
                     OnUnknownOutcome::Retry);
            created = co_await plain;
            if (!self)
                co_return OutreachError(OutreachError::Code::Cancelled, tr("Stopped."));
        }
        // 409: made meanwhile by another attempt or another copy of the app.
        if (!created.ok() && created.error().httpStatus() != 409)
            co_return created.error();
    }
    m_typesWithProperties.insert(type);
    co_return Result<void>();
}

QCoro::Task<Result<QString>> HubSpotConnector::contactOf(QString ticketId) {
    if (const auto known = m_contactOfTicket.constFind(ticketId); known != m_contactOfTicket.cend())
        co_return *known;
    QCoro::Task<Result<QHash<QString, QStringList>>> fetching =
        associations(u"tickets"_s, u"contacts"_s, {ticketId});
    const Result<QHash<QString, QStringList>> contacts = co_await fetching;
    if (!contacts.ok())
        co_return contacts.error();
    const QString contact = firstOf(contacts->value(ticketId));
    if (contact.isEmpty())
        co_return OutreachError::invalidField(u"ticket"_s, ticketId, u"associations.contacts"_s,
                                              tr("has no associated contact in HubSpot"));
    m_contactOfTicket.insert(ticketId, contact);
    co_return contact;
}

QCoro::Task<Result<Ticket>> HubSpotConnector::ticket(QString ticketId) {
    QPointer<HubSpotConnector> self(this);
    QCoro::Task<Result<void>> loading = loadDirectory();
    if (const Result<void> loaded = co_await loading; !loaded.ok())
        co_return loaded.error();
    QCoro::Task<Result<QJsonObject>> fetching =
        call("GET"_ba,
             u"/crm/v3/objects/tickets/%1?properties=%2&associations=deals,contacts"_s.arg(
                 segment(ticketId), ticketProperties().join(u',')),
             {}, Pace::Normal, OnUnknownOutcome::Retry, u"ticket"_s, ticketId);
    const Result<QJsonObject> object = co_await fetching;
    if (!self)
        co_return OutreachError(OutreachError::Code::Cancelled, tr("Stopped."));
    if (!object.ok())
        co_return object.error();
    const QJsonObject associated = object->value(u"associations"_s).toObject();
    const auto idsOf = [&associated](const QString &type) {
        QStringList ids;
        for (const QJsonValue &value :
             associated.value(type).toObject().value(u"results"_s).toArray())
            ids.append(idText(value.toObject().value(u"id"_s)));
        return ids;
    };
    const QString contact = firstOf(idsOf(u"contacts"_s));
    if (!contact.isEmpty())
        m_contactOfTicket.insert(ticketId, contact);
    co_return HubSpotRecords::ticket(*object, *m_directory, firstOf(idsOf(u"deals"_s)), contact);
}

QCoro::Task<Result<Project>> HubSpotConnector::project(QString projectId) {
    QCoro::Task<Batch<Project>> fetching = projects({projectId});
    Batch<Project> batch = co_await fetching;
    if (!batch.items.isEmpty())
        co_return batch.items.first();
    if (!batch.errors.isEmpty())
        co_return batch.errors.first();
    co_return OutreachError::invalidField(u"deal"_s, projectId, u"id"_s,
                                          tr("does not exist in HubSpot"));
}

QCoro::Task<Result<ProspectHistory>> HubSpotConnector::prospectHistory(QString prospectId) {
    QCoro::Task<Batch<ProspectHistory>> fetching = prospectHistories({prospectId});
    Batch<ProspectHistory> batch = co_await fetching;
    if (!batch.items.isEmpty())
        co_return batch.items.first();
    if (!batch.errors.isEmpty())
        co_return batch.errors.first();
    co_return OutreachError::invalidField(u"contact"_s, prospectId, u"id"_s,
                                          tr("does not exist in HubSpot"));
}

QCoro::Task<CrmConnector::Batch<Project>> HubSpotConnector::projects(QStringList projectIds) {
    Batch<Project> batch;
    QPointer<HubSpotConnector> self(this);
    QCoro::Task<Result<void>> loading = loadDirectory();
    if (const Result<void> loaded = co_await loading; !loaded.ok()) {
        batch.errors.append(loaded.error());
        co_return batch;
    }
    QStringList dealIds;
    for (const QString &id : std::as_const(projectIds)) {
        if (id.startsWith(QString::fromLatin1(PipelineProjectPrefix))) {
            Result<Project> pipeline = pipelineProject(id, *m_directory);
            batch.items.append(std::move(pipeline).value());
        } else {
            dealIds.append(id);
        }
    }
    if (dealIds.isEmpty())
        co_return batch;
    QStringList missing;
    QCoro::Task<Result<QList<QJsonObject>>> reading =
        batchRead(u"deals"_s, dealIds, dealProperties(), &missing);
    const Result<QList<QJsonObject>> deals = co_await reading;
    if (!self)
        co_return batch;
    if (!deals.ok()) {
        batch.errors.append(deals.error());
        co_return batch;
    }
    for (const QString &id : std::as_const(missing))
        batch.errors.append(
            OutreachError::invalidField(u"deal"_s, id, u"id"_s, tr("does not exist in HubSpot")));
    QStringList found;
    for (const QJsonObject &deal : *deals)
        found.append(idText(deal.value(u"id"_s)));
    QCoro::Task<Result<QHash<QString, QStringList>>> linking =
        associations(u"deals"_s, u"line_items"_s, found);
    const Result<QHash<QString, QStringList>> lineItemIds = co_await linking;
    if (!self)
        co_return batch;
    QHash<QString, QJsonObject> lineItems;
    if (lineItemIds.ok() && !lineItemIds->isEmpty()) {
        QStringList all;
        for (const QStringList &ids : *lineItemIds)
            all.append(ids);
        QCoro::Task<Result<QList<QJsonObject>>> items =
            batchRead(u"line_items"_s, all, lineItemProperties());
        const Result<QList<QJsonObject>> read = co_await items;
        if (!self)
            co_return batch;
        if (read.ok()) {
            for (const QJsonObject &item : *read)
                lineItems.insert(idText(item.value(u"id"_s)), item);
        }
    }
    for (const QJsonObject &deal : *deals) {
        QList<QJsonObject> itemsOfDeal;
        if (lineItemIds.ok()) {
            for (const QString &itemId : lineItemIds->value(idText(deal.value(u"id"_s)))) {
                if (lineItems.contains(itemId))
                    itemsOfDeal.append(lineItems.value(itemId));
            }
        }
        Result<Project> mapped = HubSpotRecords::project(deal, itemsOfDeal, *m_directory);
        if (mapped.ok())
            batch.items.append(std::move(mapped).value());
        else
            batch.errors.append(mapped.error());
    }
    co_return batch;
}

QCoro::Task<CrmConnector::Batch<ProspectHistory>>
HubSpotConnector::prospectHistories(QStringList prospectIds) {
    Batch<ProspectHistory> batch;
    QPointer<HubSpotConnector> self(this);
    QStringList missing;
    QCoro::Task<Result<QList<QJsonObject>>> reading =
        batchRead(u"contacts"_s, prospectIds, contactProperties(), &missing);
    const Result<QList<QJsonObject>> contacts = co_await reading;
    if (!self)
        co_return batch;
    if (!contacts.ok()) {
        batch.errors.append(contacts.error());
        co_return batch;
    }
    for (const QString &id : std::as_const(missing))
        batch.errors.append(OutreachError::invalidField(u"contact"_s, id, u"id"_s,
                                                        tr("does not exist in HubSpot")));
    // The contact's own company property usually names it; only the others need the company.
    QStringList withoutCompany;
    for (const QJsonObject &contact : *contacts) {
        if (contact.value(u"properties"_s)
                .toObject()
                .value(u"company"_s)
                .toString()
                .trimmed()
                .isEmpty())
            withoutCompany.append(idText(contact.value(u"id"_s)));
    }
    QHash<QString, QStringList> companyOf;
    QHash<QString, QJsonObject> companies;
    if (!withoutCompany.isEmpty()) {
        QCoro::Task<Result<QHash<QString, QStringList>>> linking =
            associations(u"contacts"_s, u"companies"_s, withoutCompany);
        const Result<QHash<QString, QStringList>> linked = co_await linking;
        if (!self)
            co_return batch;
        if (linked.ok()) {
            QStringList companyIds;
            for (auto it = linked->cbegin(); it != linked->cend(); ++it) {
                const QString first = firstOf(it.value());
                if (!first.isEmpty()) {
                    companyOf.insert(it.key(), {first});
                    companyIds.append(first);
                }
            }
            if (!companyIds.isEmpty()) {
                QCoro::Task<Result<QList<QJsonObject>>> companyReading =
                    batchRead(u"companies"_s, companyIds, companyProperties());
                const Result<QList<QJsonObject>> read = co_await companyReading;
                if (!self)
                    co_return batch;
                if (read.ok()) {
                    for (const QJsonObject &company : *read)
                        companies.insert(idText(company.value(u"id"_s)), company);
                }
            }
        }
    }
    for (const QJsonObject &contact : *contacts) {
        const QString id = idText(contact.value(u"id"_s));
        const QStringList company = companyOf.value(id);
        Result<ProspectHistory> mapped = HubSpotRecords::prospect(
            contact, company.isEmpty() ? QJsonObject() : companies.value(company.first()));
        if (mapped.ok())
            batch.items.append(std::move(mapped).value());
        else
            batch.errors.append(mapped.error());
    }
    co_return batch;
}

QCoro::Task<Result<QList<Interaction>>> HubSpotConnector::interactions(QString ticketId,
                                                                       int limit) {
    QPointer<HubSpotConnector> self(this);
    QCoro::Task<Result<void>> loading = loadDirectory();
    if (const Result<void> loaded = co_await loading; !loaded.ok())
        co_return loaded.error();
    if (!self)
        co_return OutreachError(OutreachError::Code::Cancelled, tr("Stopped."));
    const QStringList types = engagementTypes();
    std::vector<QCoro::Task<Result<QHash<QString, QStringList>>>> linking;
    for (const QString &type : types)
        linking.push_back(associations(u"tickets"_s, type, {ticketId}));
    QList<QStringList> idsByType;
    for (auto &task : linking) {
        Result<QHash<QString, QStringList>> linked = co_await task;
        if (!self)
            co_return OutreachError(OutreachError::Code::Cancelled, tr("Stopped."));
        if (!linked.ok())
            co_return linked.error();
        QStringList ids = linked->value(ticketId);
        // Newest first by id (HubSpot's ids grow over time); older ones cannot make the cut.
        std::sort(ids.begin(), ids.end(), [](const QString &a, const QString &b) {
            return a.size() != b.size() ? a.size() > b.size() : a > b;
        });
        idsByType.append(ids.mid(0, limit));
    }
    std::vector<QCoro::Task<Result<QList<QJsonObject>>>> reading;
    for (qsizetype i = 0; i < types.size(); ++i)
        reading.push_back(batchRead(types[i], idsByType[i], engagementProperties(types[i])));
    QList<Interaction> all;
    for (size_t i = 0; i < reading.size(); ++i) {
        Result<QList<QJsonObject>> objects = co_await reading[i];
        if (!self)
            co_return OutreachError(OutreachError::Code::Cancelled, tr("Stopped."));
        if (!objects.ok())
            co_return objects.error();
        for (const QJsonObject &object : *objects) {
            Result<Interaction> mapped =
                HubSpotRecords::interaction(types[qsizetype(i)], object, ticketId, *m_directory);
            if (!mapped.ok())
                co_return mapped.error();
            all.append(std::move(mapped).value());
        }
    }
    std::sort(all.begin(), all.end(), [](const Interaction &a, const Interaction &b) {
        return a.occurredAt != b.occurredAt ? a.occurredAt > b.occurredAt : a.id > b.id;
    });
    co_return all.mid(0, limit);
}

QCoro::Task<Result<TicketPage>> HubSpotConnector::ticketPage(QDateTime updatedSince, QString cursor,
                                                             int limit) {
    QPointer<HubSpotConnector> self(this);
    QCoro::Task<Result<void>> loading = loadDirectory();
    if (const Result<void> loaded = co_await loading; !loaded.ok())
        co_return loaded.error();
    if (!self)
        co_return OutreachError(OutreachError::Code::Cancelled, tr("Stopped."));
    limit = std::clamp(limit, 1, HubSpotSearchWindow::MaxPageSize);
    std::optional<HubSpotSearchWindow> window = cursor.isEmpty()
                                                    ? HubSpotSearchWindow::startingAt(updatedSince)
                                                    : HubSpotSearchWindow::fromCursor(cursor);
    if (!window)
        co_return OutreachError(OutreachError::Code::ContextInvalid,
                                tr("The sync's HubSpot cursor “%1” is not one this version "
                                   "wrote; the next sync starts again from the last change.")
                                    .arg(cursor));
    QCoro::Task<Result<QJsonObject>> searching =
        call("POST"_ba, u"/crm/v3/objects/tickets/search"_s,
             window->searchBody(ticketProperties(), limit), Pace::Search, OnUnknownOutcome::Retry);
    const Result<QJsonObject> answer = co_await searching;
    if (!self)
        co_return OutreachError(OutreachError::Code::Cancelled, tr("Stopped."));
    if (!answer.ok())
        co_return answer.error();
    const QJsonValue results = answer->value(u"results"_s);
    if (!results.isArray())
        co_return OutreachError::invalidField(u"ticket search"_s, QString(), u"results"_s,
                                              tr("is not an array"));
    QStringList ids;
    for (const QJsonValue &value : results.toArray())
        ids.append(idText(value.toObject().value(u"id"_s)));

    QCoro::Task<Result<QHash<QString, QStringList>>> dealsTask =
        associations(u"tickets"_s, u"deals"_s, ids);
    QCoro::Task<Result<QHash<QString, QStringList>>> contactsTask =
        associations(u"tickets"_s, u"contacts"_s, ids);
    const Result<QHash<QString, QStringList>> deals = co_await dealsTask;
    const Result<QHash<QString, QStringList>> contacts = co_await contactsTask;
    if (!self)
        co_return OutreachError(OutreachError::Code::Cancelled, tr("Stopped."));
    if (!deals.ok())
        co_return deals.error();
    if (!contacts.ok())
        co_return contacts.error();

    TicketPage page;
    qint64 lastModifiedMs = window->fromMs();
    QString lastId;
    for (const QJsonValue &value : results.toArray()) {
        const QJsonObject object = value.toObject();
        const QString id = idText(object.value(u"id"_s));
        const QDateTime modified =
            timestamp(object.value(u"properties"_s).toObject().value(u"hs_lastmodifieddate"_s));
        if (modified.isValid()) {
            lastModifiedMs = modified.toMSecsSinceEpoch();
            if (!page.newestUpdate.isValid() || modified > page.newestUpdate)
                page.newestUpdate = modified;
        }
        lastId = id;
        const QString contact = firstOf(contacts->value(id));
        Result<Ticket> mapped =
            HubSpotRecords::ticket(object, *m_directory, firstOf(deals->value(id)), contact);
        if (mapped.ok()) {
            m_contactOfTicket.insert(id, contact);
            page.tickets.append(std::move(mapped).value());
        } else {
            page.rejected.append(mapped.error());
        }
    }
    std::optional<int> nextAfter;
    const QString after = answer->value(u"paging"_s)
                              .toObject()
                              .value(u"next"_s)
                              .toObject()
                              .value(u"after"_s)
                              .toString();
    if (!after.isEmpty() && !ids.isEmpty())
        nextAfter = after.toInt();
    // At the 10,000-result cap HubSpot may just stop offering a next page: the total says
    // whether the query holds more than it will page through.
    const int total = answer->value(u"total"_s).toInt();
    if (!nextAfter && !ids.isEmpty() && total > window->after() + int(ids.size()))
        nextAfter = window->after() + int(ids.size());
    if (const std::optional<HubSpotSearchWindow> next =
            window->next(nextAfter, limit, lastModifiedMs, lastId))
        page.nextCursor = next->cursor();
    co_return page;
}

QCoro::Task<Result<QStringList>> HubSpotConnector::grantedScopes() {
    QCoro::Task<Result<QJsonObject>> asking =
        call("POST"_ba, u"/oauth/v2/private-apps/get/access-token-info"_s,
             QJsonObject{{u"tokenKey"_s, m_token}}, Pace::Normal, OnUnknownOutcome::Retry);
    const Result<QJsonObject> info = co_await asking;
    if (!info.ok())
        co_return info.error();
    QStringList scopes;
    for (const QJsonValue &scope : info->value(u"scopes"_s).toArray())
        scopes.append(scope.toString());
    co_return scopes;
}

QCoro::Task<Result<QJsonObject>> HubSpotConnector::createOnce(QString type, QJsonObject properties,
                                                              QJsonArray associations,
                                                              QString outboxKey) {
    QPointer<HubSpotConnector> self(this);
    // An earlier attempt may have landed without its answer reaching us (a dropped connection,
    // a kill): look for its key first.
    QCoro::Task<Result<std::optional<QJsonObject>>> looking =
        findBy(type, QString::fromLatin1(OutboxKeyProperty), outboxKey);
    const Result<std::optional<QJsonObject>> existing = co_await looking;
    if (!self)
        co_return OutreachError(OutreachError::Code::Cancelled, tr("Stopped."));
    if (!existing.ok())
        co_return existing.error();
    if (existing.value()) {
        qCInfo(lcCrm).noquote() << "HubSpot already has the" << type.chopped(1) << "for outbox key"
                                << outboxKey << "; not creating it again";
        co_return *existing.value();
    }
    properties.insert(QString::fromLatin1(OutboxKeyProperty), outboxKey);
    QCoro::Task<Result<QJsonObject>> creating =
        call("POST"_ba, u"/crm/v3/objects/"_s + type,
             QJsonObject{{u"properties"_s, properties}, {u"associations"_s, associations}},
             Pace::Normal, OnUnknownOutcome::Return, type.chopped(1));
    Result<QJsonObject> created = co_await creating;
    if (!self)
        co_return OutreachError(OutreachError::Code::Cancelled, tr("Stopped."));
    if (!created.ok() && created.error().serverCode() == u"VALIDATION_ERROR"
        && created.error().serverParam().startsWith(u"outreachgpt_"_s)) {
        // Someone deleted the app's property in HubSpot: make it again on the next attempt.
        m_typesWithProperties.remove(type);
        OutreachError missing = created.error();
        missing.setTransient(true);
        missing.setRetryAfter(std::chrono::seconds(1));
        co_return missing;
    }
    if (!created.ok() && created.error().httpStatus() == 409) {
        // The key is already taken: an earlier attempt (or a resend of this one) made it.
        const QString message = QJsonDocument::fromJson(created.error().serverBody())
                                    .object()
                                    .value(u"message"_s)
                                    .toString();
        static const QRegularExpression existing(u"Existing ID: (\\d+)"_s);
        if (const QRegularExpressionMatch match = existing.match(message); match.hasMatch()) {
            qCInfo(lcCrm).noquote()
                << "HubSpot already has the" << type.chopped(1) << "for outbox key" << outboxKey;
            co_return QJsonObject{{u"id"_s, match.captured(1)}};
        }
    }
    co_return created;
}

QCoro::Task<Result<QJsonObject>> HubSpotConnector::deliver(CrmWrite write) {
    switch (write.kind) {
    case CrmWrite::Kind::Activity: {
        QCoro::Task<Result<QJsonObject>> delivering = deliverActivity(write);
        co_return co_await delivering;
    }
    case CrmWrite::Kind::Event: {
        QCoro::Task<Result<QJsonObject>> delivering = deliverEvent(write);
        co_return co_await delivering;
    }
    case CrmWrite::Kind::Effectiveness: {
        QCoro::Task<Result<QJsonObject>> delivering = deliverEffectiveness(write);
        co_return co_await delivering;
    }
    }
    co_return OutreachError(OutreachError::Code::ApiError, tr("Unknown write."));
}

QCoro::Task<Result<QJsonObject>> HubSpotConnector::deliverActivity(CrmWrite write) {
    const Result<OutreachActivity> activity =
        OutreachActivity::fromJson(JsonReader::objectFromText(QString::fromUtf8(write.body)));
    if (!activity.ok())
        co_return activity.error();
    QPointer<HubSpotConnector> self(this);
    const bool asEmail = m_logAs == LogAs::Email;
    const QString type = asEmail ? u"emails"_s : u"notes"_s;
    QCoro::Task<Result<void>> preparing = ensureCustomProperties(type);
    if (const Result<void> ready = co_await preparing; !ready.ok())
        co_return ready.error();
    if (!self)
        co_return OutreachError(OutreachError::Code::Cancelled, tr("Stopped."));
    QCoro::Task<Result<QString>> finding = contactOf(write.ticketId);
    const Result<QString> contact = co_await finding;
    if (!self)
        co_return OutreachError(OutreachError::Code::Cancelled, tr("Stopped."));
    if (!contact.ok())
        co_return contact.error();

    QJsonObject properties{{u"hs_timestamp"_s, JsonReader::timestampString(activity->createdAt)},
                           {QString::fromLatin1(MessageIdProperty), activity->messageId}};
    if (asEmail) {
        properties.insert(u"hs_email_direction"_s, u"EMAIL"_s);
        properties.insert(u"hs_email_subject"_s, activity->subject);
        properties.insert(u"hs_email_text"_s, activity->content);
    } else {
        properties.insert(u"hs_note_body"_s,
                          QString(u"<p><strong>"_s + activity->subject.toHtmlEscaped()
                                  + u"</strong></p>"_s + htmlParagraphs(activity->content)));
    }
    const QJsonArray associated{
        associationTo(write.ticketId, asEmail ? EmailToTicket : NoteToTicket),
        associationTo(*contact, asEmail ? EmailToContact : NoteToContact)};
    QCoro::Task<Result<QJsonObject>> creating =
        createOnce(type, properties, associated, QString::fromLatin1(write.idempotencyKey));
    const Result<QJsonObject> created = co_await creating;
    if (!self)
        co_return OutreachError(OutreachError::Code::Cancelled, tr("Stopped."));
    if (created.ok())
        m_engagementOfMessage.insert(activity->messageId, {type, idText(created->value(u"id"_s))});
    co_return created;
}

QCoro::Task<Result<QJsonObject>> HubSpotConnector::deliverEvent(CrmWrite write) {
    const Result<ActivityEvent> event = ActivityEvent::fromJson(
        JsonReader::objectFromText(QString::fromUtf8(write.body)), write.messageId);
    if (!event.ok())
        co_return event.error();
    QPointer<HubSpotConnector> self(this);
    QCoro::Task<Result<void>> preparing = ensureCustomProperties(u"notes"_s);
    if (const Result<void> ready = co_await preparing; !ready.ok())
        co_return ready.error();
    if (!self)
        co_return OutreachError(OutreachError::Code::Cancelled, tr("Stopped."));
    QCoro::Task<Result<QString>> finding = contactOf(write.ticketId);
    const Result<QString> contact = co_await finding;
    if (!self)
        co_return OutreachError(OutreachError::Code::Cancelled, tr("Stopped."));
    if (!contact.ok())
        co_return contact.error();
    // A note of its own: HubSpot's email properties for opens and replies are its tracking's,
    // read-only to apps.
    const QString body = tr("OutreachGPT: the outreach message %1 was marked “%2” on %3.")
                             .arg(write.messageId, ActivityEvent::typeLabel(event->type),
                                  JsonReader::timestampString(event->occurredAt));
    const QJsonObject properties{
        {u"hs_timestamp"_s, JsonReader::timestampString(event->occurredAt)},
        {u"hs_note_body"_s, htmlParagraphs(body)}};
    const QJsonArray associated{associationTo(write.ticketId, NoteToTicket),
                                associationTo(*contact, NoteToContact)};
    QCoro::Task<Result<QJsonObject>> creating =
        createOnce(u"notes"_s, properties, associated, QString::fromLatin1(write.idempotencyKey));
    co_return co_await creating;
}

QCoro::Task<Result<QJsonObject>> HubSpotConnector::deliverEffectiveness(CrmWrite write) {
    const QJsonObject metrics = JsonReader::objectFromText(QString::fromUtf8(write.body));
    if (const Result<EffectivenessMetrics> valid =
            EffectivenessMetrics::fromJson(metrics, write.messageId);
        !valid.ok())
        co_return valid.error();
    QPointer<HubSpotConnector> self(this);
    QPair<QString, QString> engagement = m_engagementOfMessage.value(write.messageId);
    if (engagement.second.isEmpty()) {
        // The message's own email or note; the rep may have switched between them since.
        const QString first = m_logAs == LogAs::Email ? u"emails"_s : u"notes"_s;
        for (const QString &type : {first, first == u"emails" ? u"notes"_s : u"emails"_s}) {
            QCoro::Task<Result<std::optional<QJsonObject>>> looking =
                findBy(type, QString::fromLatin1(MessageIdProperty), write.messageId);
            const Result<std::optional<QJsonObject>> found = co_await looking;
            if (!self)
                co_return OutreachError(OutreachError::Code::Cancelled, tr("Stopped."));
            if (!found.ok())
                co_return found.error();
            if (found.value()) {
                engagement = {type, idText(found.value()->value(u"id"_s))};
                m_engagementOfMessage.insert(write.messageId, engagement);
                break;
            }
        }
    }
    if (engagement.second.isEmpty()) {
        // Written moments ago, HubSpot's search may not list it yet: later, not never.
        OutreachError notYet(OutreachError::Code::Network,
                             tr("HubSpot does not list the message %1 yet; its figures are sent "
                                "again shortly.")
                                 .arg(write.messageId));
        notYet.setTransient(true);
        notYet.setRetryAfter(std::chrono::seconds(30));
        co_return notYet;
    }
    QCoro::Task<Result<void>> preparing = ensureCustomProperties(engagement.first);
    if (const Result<void> ready = co_await preparing; !ready.ok())
        co_return ready.error();
    if (!self)
        co_return OutreachError(OutreachError::Code::Cancelled, tr("Stopped."));
    // A PATCH sets the same value however often it lands: no key needed.
    QCoro::Task<Result<QJsonObject>> updating = call(
        "PATCH"_ba, u"/crm/v3/objects/%1/%2"_s.arg(engagement.first, segment(engagement.second)),
        QJsonObject{{u"properties"_s, QJsonObject{{QString::fromLatin1(EffectivenessProperty),
                                                   JsonReader::compactText(metrics)}}}},
        Pace::Normal, OnUnknownOutcome::Retry, engagement.first.chopped(1), engagement.second);
    co_return co_await updating;
}
