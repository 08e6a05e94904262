// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "crm/CrmConnector.h"
#include "net/HttpTransport.h"

#include <QCoroTask>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QUrl>

// The project's own CRM REST API v1 (docs/crm-api.md) as a connector: one GET per read, cursor
// pages of `GET /v1/tickets`, and writes sent as stored with their Idempotency-Key header, which
// the server honours. Every payload is validated; a malformed one is a CONTEXT_INVALID error
// naming the entity, its id and the field.
class RestCrmConnector : public CrmConnector {
    Q_OBJECT
public:
    explicit RestCrmConnector(QObject *parent = nullptr);

    Kind kind() const override { return Kind::RestV1; }
    void setBaseUrl(const QUrl &url) override { m_baseUrl = url; }
    QUrl baseUrl() const override { return m_baseUrl; }
    void setToken(const QString &token) override;
    bool hasToken() const override { return !m_token.isEmpty(); }
    HttpTransport *transport() const override { return m_transport; }

    QCoro::Task<Result<Ticket>> ticket(QString ticketId) override;
    QCoro::Task<Result<Project>> project(QString projectId) override;
    QCoro::Task<Result<ProspectHistory>> prospectHistory(QString prospectId) override;
    // Pages `GET /v1/tickets/{id}/interactions` as far as needed.
    QCoro::Task<Result<QList<Interaction>>> interactions(QString ticketId, int limit) override;

    // One page of `GET /v1/tickets` (updated_since inclusive, ordered by updated_at then id).
    QCoro::Task<Result<TicketPage>> ticketPage(QDateTime updatedSince, QString cursor,
                                               int limit) override;
    int maxPageSize() const override { return MaxPageSize; }

    // The write's REST call with its Idempotency-Key: the server answers a repeated key with the
    // original result, so a repeated delivery is harmless.
    QCoro::Task<Result<QJsonObject>> deliver(CrmWrite write) override;

    // A write exactly as given (the REST call `deliver` makes).
    QCoro::Task<Result<QJsonObject>> write(QByteArray method, QString path, QByteArray body,
                                           QByteArray idempotencyKey);

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
