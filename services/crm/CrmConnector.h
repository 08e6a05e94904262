// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "crm/CrmWrite.h"
#include "domain/Interaction.h"
#include "domain/Project.h"
#include "domain/ProspectHistory.h"
#include "domain/Result.h"
#include "domain/Ticket.h"
#include "domain/TicketPage.h"

#include <QCoroTask>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QUrl>

class HttpTransport;

// What the app needs from a CRM, whichever it is: the reads of context assembly, the pages of
// changed tickets the sync walks, and delivery of the writes the outbox stored. Everything above
// this class (the cache, the assembler, the outbox, the sync, the window) speaks only these
// calls and the domain types, never a CRM's own wire format. A payload that does not fit is a
// CONTEXT_INVALID error naming the entity, its id and the field.
class CrmConnector : public QObject {
    Q_OBJECT
public:
    enum class Kind { RestV1, HubSpot };

    using QObject::QObject;

    virtual Kind kind() const = 0;
    // Where requests go ("https://api.hubapi.com" unless overridden).
    virtual void setBaseUrl(const QUrl &url) = 0;
    virtual QUrl baseUrl() const = 0;
    // Held in memory only and registered with LogRedaction, so it is masked in every log line.
    virtual void setToken(const QString &token) = 0;
    virtual bool hasToken() const = 0;
    // The one transport every request goes through (for reachability, limits and aborts).
    virtual HttpTransport *transport() const = 0;

    virtual QCoro::Task<Result<Ticket>> ticket(QString ticketId) = 0;
    virtual QCoro::Task<Result<Project>> project(QString projectId) = 0;
    virtual QCoro::Task<Result<ProspectHistory>> prospectHistory(QString prospectId) = 0;
    // The newest `limit` interactions of a ticket, newest first.
    virtual QCoro::Task<Result<QList<Interaction>>> interactions(QString ticketId, int limit) = 0;

    // One page of tickets changed since `updatedSince` (inclusive), oldest change first.
    // `cursor` is empty for the first page and otherwise what the last page returned; what it
    // holds is the connector's business.
    virtual QCoro::Task<Result<TicketPage>> ticketPage(QDateTime updatedSince, QString cursor,
                                                       int limit) = 0;
    virtual int maxPageSize() const = 0;

    // Several projects or prospect histories at once, for the sync. An id the CRM does not know
    // (or whose payload is invalid) is reported in `errors` and does not fail the others. The
    // default fetches relatedBatchSize() of them concurrently, one request each; a CRM with
    // batch reads answers the whole list in a few requests.
    template <typename T>
    struct Batch {
        QList<T> items;
        QList<OutreachError> errors;
    };
    virtual QCoro::Task<Batch<Project>> projects(QStringList projectIds);
    virtual QCoro::Task<Batch<ProspectHistory>> prospectHistories(QStringList prospectIds);
    // How many ids the sync hands to one projects()/prospectHistories() call. The default's 4
    // are few enough not to look like an attack on the CRM, enough to hide the latency.
    virtual int relatedBatchSize() const { return 4; }

    // Delivers `write` exactly once, also when an earlier attempt's outcome is unknown. Returns
    // the CRM's answer (an empty object when it has none).
    virtual QCoro::Task<Result<QJsonObject>> deliver(CrmWrite write) = 0;

    static QString kindName(Kind kind); // "rest", "hubspot": the settings' and CLI's spelling
    static std::optional<Kind> kindFromName(const QString &name);
    static QString kindLabel(Kind kind); // "REST API v1", "HubSpot"
};
