// SPDX-License-Identifier: GPL-3.0-or-later
#include "workspace/CrmSession.h"

#include "activity/ActivityTracker.h"
#include "crm/ContextAssembler.h"
#include "crm/CrmClient.h"
#include "crm/Outbox.h"
#include "crm/TicketSync.h"
#include "platform/CredentialStore.h"
#include "platform/LogCategories.h"
#include "storage/CacheStore.h"

#include <QNetworkInformation>
#include <QSettings>

using namespace Qt::StringLiterals;

CrmSession::Settings CrmSession::Settings::load(const QSettings &settings,
                                                const QProcessEnvironment &environment,
                                                const QString &urlOverride) {
    Settings result;
    QString url = settings.value(u"crm/baseUrl"_s).toString();
    if (const QString fromEnvironment = environment.value(QString::fromLatin1(UrlVariable));
        !fromEnvironment.trimmed().isEmpty())
        url = fromEnvironment;
    if (!urlOverride.trimmed().isEmpty())
        url = urlOverride;
    result.baseUrl = QUrl(url.trimmed(), QUrl::StrictMode);
    result.interactionLimit = std::clamp(
        settings.value(u"crm/interactionLimit"_s, result.interactionLimit).toInt(), 1, 1000);
    result.syncIntervalMinutes =
        std::clamp(settings.value(u"crm/syncIntervalMinutes"_s, result.syncIntervalMinutes).toInt(),
                   0, 24 * 60);
    return result;
}

void CrmSession::Settings::save(QSettings &settings) const {
    // As for the model's address: user info is refused earlier, and never written.
    settings.setValue(u"crm/baseUrl"_s, baseUrl.toString(QUrl::RemoveUserInfo));
    settings.setValue(u"crm/interactionLimit"_s, interactionLimit);
    settings.setValue(u"crm/syncIntervalMinutes"_s, syncIntervalMinutes);
}

CrmSession::CrmSession(CacheStore &cache, const Settings &settings, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
    , m_client(new CrmClient(this))
    , m_outbox(new Outbox(cache, *m_client, this))
    , m_sync(new TicketSync(cache, *m_client, this))
    , m_assembler(new ContextAssembler(cache, m_client, this))
    , m_tracker(std::make_unique<ActivityTracker>(cache, *m_outbox)) {
    m_client->setBaseUrl(settings.baseUrl);
    m_assembler->setInteractionLimit(settings.interactionLimit);
    m_sync->setPageSize(settings.pageSize);

    connect(m_client->transport(), &HttpTransport::reached, this, [this] { setOnline(true); });
    connect(m_client->transport(), &HttpTransport::unreachable, this, [this] { setOnline(false); });
}

CrmSession::~CrmSession() {
    // The client goes first: its requests in flight are dropped before the outbox, sync and
    // assembler that wait for them are destroyed.
    delete m_client;
}

QString CrmSession::tokenKey() const {
    return CredentialStore::entryKey(u"crm"_s, m_settings.baseUrl.toString());
}

QCoro::Task<Result<void>> CrmSession::loadToken(CredentialStore &credentials,
                                                QProcessEnvironment environment) {
    const QString fromEnvironment = environment.value(QString::fromLatin1(TokenVariable));
    if (!fromEnvironment.isEmpty()) {
        m_client->setToken(fromEnvironment);
        co_return Result<void>();
    }
    const Result<std::optional<QString>> stored = co_await credentials.read(tokenKey());
    if (!stored.ok())
        co_return stored.error();
    if (stored.value())
        m_client->setToken(*stored.value());
    co_return Result<void>();
}

void CrmSession::start() {
    // Network reachability where the platform reports it (NetworkManager on Linux); without a
    // backend, the outbox's own retry timer and the next sync cover the same ground.
    if (QNetworkInformation::instance() || QNetworkInformation::loadDefaultBackend()) {
        connect(QNetworkInformation::instance(), &QNetworkInformation::reachabilityChanged, this,
                [this](QNetworkInformation::Reachability reachability) {
                    if (reachability == QNetworkInformation::Reachability::Online) {
                        m_outbox->deliverWaitingNow();
                        m_sync->requestSync();
                    }
                });
    }
    m_sync->setInterval(m_settings.syncIntervalMinutes);
    // A new run: rows that backed off in an earlier one (maybe days ago) are due now.
    m_outbox->deliverWaitingNow();
    m_sync->requestSync();
}

void CrmSession::setOnline(bool online) {
    if (online == m_online)
        return;
    m_online = online;
    qCInfo(lcCrm) << (online ? "The CRM is reachable again" : "The CRM is unreachable");
    if (online)
        m_outbox->deliverWaitingNow(); // writes queued while offline go out now
    emit onlineChanged(online);
}
