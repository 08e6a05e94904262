// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/Interaction.h"
#include "domain/Project.h"
#include "domain/ProspectHistory.h"
#include "domain/Result.h"
#include "domain/Ticket.h"
#include "domain/TicketPage.h"
#include "net/HttpTransport.h"

#include <QCoroTask>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QString>
#include <QUrl>

// The CRM's REST API v1 (docs/crm-api.md): the reads context assembly needs, the ticket-list
// sync and the writes the outbox delivers. Every payload is validated; a malformed one is a
// CONTEXT_INVALID error naming the entity, its id and the field. The bearer token is held in
// memory only (it comes from the keychain or the environment).
class CrmClient : public QObject {
    Q_OBJECT
public:
    explicit CrmClient(QObject *parent = nullptr);

    void setBaseUrl(const QUrl &url) { m_baseUrl = url; }
    QUrl baseUrl() const { return m_baseUrl; }
    // Registered with LogRedaction, so the token is masked in every log line and server text.
    void setToken(const QString &token);
    bool hasToken() const { return !m_token.isEmpty(); }
    HttpTransport *transport() const { return m_transport; }

    QCoro::Task<Result<Ticket>> ticket(QString ticketId);
    QCoro::Task<Result<Project>> project(QString projectId);
    QCoro::Task<Result<ProspectHistory>> prospectHistory(QString prospectId);
    // The newest `limit` interactions of a ticket, newest first, paging as far as needed.
    QCoro::Task<Result<QList<Interaction>>> interactions(QString ticketId, int limit);

    using TicketPage = ::TicketPage;
    // One page of `GET /v1/tickets` (updated_since inclusive, ordered by updated_at then id).
    QCoro::Task<Result<TicketPage>> ticketPage(QDateTime updatedSince, QString cursor, int limit);

    // A write exactly as the outbox stored it. The same idempotency key on every attempt makes a
    // repeated delivery harmless. Returns the server's answer (an empty object when it has none).
    QCoro::Task<Result<QJsonObject>> write(QByteArray method, QString path, QByteArray body,
                                           QByteArray idempotencyKey);

    // Paths of the three writes, ids percent-encoded.
    static QString activitiesPath(const QString &ticketId);
    static QString eventsPath(const QString &ticketId, const QString &messageId);
    static QString effectivenessPath(const QString &messageId);

    static constexpr int MaxPageSize = 500;

private:
    QUrl urlFor(const QString &path, const QList<QPair<QString, QString>> &query = {}) const;
    OutgoingRequest request(const QByteArray &method, const QUrl &url) const;
    // GET `path` and parse a JSON object; a 404 names `entity` `id` as missing.
    QCoro::Task<Result<QJsonObject>> getObject(QUrl url, QString entity, QString id);

    HttpTransport *m_transport;
    QUrl m_baseUrl;
    QString m_token;
};
