// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "crm/CrmConnector.h"
#include "crm/HubSpotRateLimiter.h"
#include "crm/HubSpotRecords.h"
#include "net/HttpTransport.h"

#include <QHash>
#include <QJsonArray>
#include <QSet>

#include <optional>

// HubSpot's public CRM API as a connector, signed in with a private app's token: tickets with
// their deal, contact, company and engagements, an incremental sync through the CRM search on
// hs_lastmodifieddate, and the app's writes as emails or notes on the ticket and its contact.
// HubSpot has no idempotency key, so every create carries the outbox key in a property of its
// own and is looked up by it before it is made again. Requests are paced to the account's
// rolling limit (HubSpotRateLimiter); owners and pipelines are read once per connector.
class HubSpotConnector : public CrmConnector {
    Q_OBJECT
public:
    // How a saved message is logged on the ticket.
    enum class LogAs { Email, Note };

    static constexpr auto DefaultBaseUrl = "https://api.hubapi.com";
    static constexpr int MaxBatchRead = 100;
    static constexpr int MaxAssociationBatch = 1000;

    // What the private app must be granted, for Test connection and the README.
    static QStringList requiredScopes();

    explicit HubSpotConnector(QObject *parent = nullptr);

    Kind kind() const override { return Kind::HubSpot; }
    void setBaseUrl(const QUrl &url) override { m_baseUrl = url; }
    QUrl baseUrl() const override { return m_baseUrl; }
    void setToken(const QString &token) override;
    bool hasToken() const override { return !m_token.isEmpty(); }
    HttpTransport *transport() const override { return m_transport; }

    void setLogAs(LogAs logAs) { m_logAs = logAs; }
    LogAs logAs() const { return m_logAs; }
    HubSpotRateLimiter &rateLimiter() { return m_limiter; }

    QCoro::Task<Result<Ticket>> ticket(QString ticketId) override;
    QCoro::Task<Result<Project>> project(QString projectId) override;
    QCoro::Task<Result<ProspectHistory>> prospectHistory(QString prospectId) override;
    QCoro::Task<Result<QList<Interaction>>> interactions(QString ticketId, int limit) override;
    QCoro::Task<Result<TicketPage>> ticketPage(QDateTime updatedSince, QString cursor,
                                               int limit) override;
    int maxPageSize() const override { return 200; }
    QCoro::Task<Batch<Project>> projects(QStringList projectIds) override;
    QCoro::Task<Batch<ProspectHistory>> prospectHistories(QStringList prospectIds) override;
    int relatedBatchSize() const override { return MaxBatchRead; }
    QCoro::Task<Result<QJsonObject>> deliver(CrmWrite write) override;

    // The scopes the token was granted (`POST /oauth/v2/private-apps/get/access-token-info`).
    QCoro::Task<Result<QStringList>> grantedScopes();

    // Requests sent (each attempt counts) and 429s met, for the benchmark and the tests.
    int requestsSent() const { return m_requestsSent; }
    int rateLimited() const { return m_rateLimited; }

signals:
    void directoryLoaded();

private:
    enum class Pace { Normal, Search };
    // Unknown outcomes (no answer, 5xx) of a create are not retried here: the outbox tries
    // again later, and that attempt first looks for what the lost one may have made.
    enum class OnUnknownOutcome { Retry, Return };

    QCoro::Task<Result<QJsonObject>> call(QByteArray method, QString path, QJsonObject body,
                                          Pace pace, OnUnknownOutcome onUnknown,
                                          QString entity = {}, QString entityId = {});
    QCoro::Task<bool> wait(std::chrono::milliseconds delay);
    OutreachError interpreted(const OutreachError &error, const QString &entity,
                              const QString &entityId) const;
    OutreachError dailyLimitError() const;

    QCoro::Task<Result<void>> loadDirectory();
    // `toType` ids by `fromType` id (v4 batch associations; ids without any are absent).
    QCoro::Task<Result<QHash<QString, QStringList>>> associations(QString fromType, QString toType,
                                                                  QStringList ids);
    // The objects of `type` with `ids` that exist; the unknown ones are added to `missing`.
    QCoro::Task<Result<QList<QJsonObject>>> batchRead(QString type, QStringList ids,
                                                      QStringList properties,
                                                      QStringList *missing = nullptr);
    // The first `type` object whose `property` equals `value`, if any.
    QCoro::Task<Result<std::optional<QJsonObject>>> findBy(QString type, QString property,
                                                           QString value);
    QCoro::Task<Result<void>> ensureCustomProperties(QString type);
    QCoro::Task<Result<QString>> contactOf(QString ticketId);
    QCoro::Task<Result<QJsonObject>> createOnce(QString type, QJsonObject properties,
                                                QJsonArray associations, QString outboxKey);
    QCoro::Task<Result<QJsonObject>> deliverActivity(CrmWrite write);
    QCoro::Task<Result<QJsonObject>> deliverEvent(CrmWrite write);
    QCoro::Task<Result<QJsonObject>> deliverEffectiveness(CrmWrite write);

    HttpTransport *m_transport;
    HubSpotRateLimiter m_limiter;
    QUrl m_baseUrl;
    QString m_token;
    LogAs m_logAs = LogAs::Email;
    std::optional<HubSpotRecords::Directory> m_directory;
    bool m_directoryLoading = false;
    QHash<QString, QString> m_contactOfTicket;
    // A message's engagement ("emails"/"notes", id), found when it was created or looked up.
    QHash<QString, QPair<QString, QString>> m_engagementOfMessage;
    QSet<QString> m_typesWithProperties;
    int m_requestsSent = 0;
    int m_rateLimited = 0;
};
