// SPDX-License-Identifier: GPL-3.0-or-later
#include "workspace/CrmSession.h"

#include "activity/ActivityTracker.h"
#include "crm/ContextAssembler.h"
#include "crm/HubSpotConnector.h"
#include "crm/Outbox.h"
#include "crm/RestCrmConnector.h"
#include "crm/TicketSync.h"
#include "platform/CredentialStore.h"
#include "platform/LogCategories.h"
#include "storage/CacheStore.h"

#include <QCryptographicHash>
#include <QNetworkInformation>
#include <QSettings>

using namespace Qt::StringLiterals;

CrmSession::Settings CrmSession::Settings::load(const QSettings &settings,
                                                const QProcessEnvironment &environment,
                                                const QString &urlOverride,
                                                const QString &kindOverride) {
    Settings result;
    QString kind = settings.value(u"crm/kind"_s).toString();
    if (const QString fromEnvironment = environment.value(QString::fromLatin1(KindVariable));
        !fromEnvironment.trimmed().isEmpty())
        kind = fromEnvironment;
    if (!kindOverride.trimmed().isEmpty())
        kind = kindOverride;
    result.kind = CrmConnector::kindFromName(kind).value_or(CrmConnector::Kind::RestV1);
    result.hubSpotLogAs = settings.value(u"crm/hubspotLogAs"_s).toString() == u"note"
                              ? HubSpotConnector::LogAs::Note
                              : HubSpotConnector::LogAs::Email;
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
    settings.setValue(u"crm/kind"_s, CrmConnector::kindName(kind));
    settings.setValue(u"crm/baseUrl"_s, baseUrl.toString(QUrl::RemoveUserInfo));
    settings.setValue(u"crm/hubspotLogAs"_s,
                      hubSpotLogAs == HubSpotConnector::LogAs::Note ? u"note"_s : u"email"_s);
    settings.setValue(u"crm/interactionLimit"_s, interactionLimit);
    settings.setValue(u"crm/syncIntervalMinutes"_s, syncIntervalMinutes);
}

QUrl CrmSession::Settings::effectiveUrl() const {
    if (kind == CrmConnector::Kind::HubSpot && baseUrl.isEmpty())
        return QUrl(QString::fromLatin1(HubSpotConnector::DefaultBaseUrl));
    return baseUrl;
}

QString CrmSession::Settings::workspaceId() const {
    // A digest, not the address: an address given for one run (--crm-url, the environment) is
    // never written to disk.
    const QString identity =
        CrmConnector::kindName(kind) + u' '
        + effectiveUrl().toString(QUrl::RemoveUserInfo | QUrl::StripTrailingSlash);
    return QString::fromLatin1(
        QCryptographicHash::hash(identity.toUtf8(), QCryptographicHash::Sha256).toHex());
}

QString CrmSession::Settings::workspaceName() const {
    return kind == CrmConnector::Kind::HubSpot ? CrmConnector::kindLabel(kind) : baseUrl.host();
}

namespace {

CrmConnector *makeConnector(const CrmSession::Settings &settings, QObject *parent) {
    if (settings.kind == CrmConnector::Kind::HubSpot) {
        auto *hubSpot = new HubSpotConnector(parent);
        hubSpot->setLogAs(settings.hubSpotLogAs);
        return hubSpot;
    }
    return new RestCrmConnector(parent);
}

} // namespace

CrmSession::CrmSession(CacheStore &cache, const Settings &settings, QObject *parent)
    : QObject(parent)
    , m_cache(cache)
    , m_settings(settings)
    , m_connector(makeConnector(settings, this))
    , m_outbox(new Outbox(cache, *m_connector, this))
    , m_sync(new TicketSync(cache, *m_connector, this))
    , m_assembler(new ContextAssembler(cache, m_connector, this))
    , m_tracker(std::make_unique<ActivityTracker>(cache, *m_outbox)) {
    m_connector->setBaseUrl(settings.effectiveUrl());
    m_assembler->setInteractionLimit(settings.interactionLimit);
    m_sync->setPageSize(settings.pageSize);

    connect(m_connector->transport(), &HttpTransport::reached, this, [this] { setOnline(true); });
    connect(m_connector->transport(), &HttpTransport::unreachable, this,
            [this] { setOnline(false); });
}

CrmSession::~CrmSession() {
    // The connector goes first: its requests in flight are dropped before the outbox, sync and
    // assembler that wait for them are destroyed.
    delete m_connector;
}

QString CrmSession::tokenKey() const {
    return CredentialStore::entryKey(u"crm"_s, m_settings.effectiveUrl().toString());
}

QCoro::Task<Result<void>> CrmSession::loadToken(CredentialStore &credentials,
                                                QProcessEnvironment environment) {
    const QString fromEnvironment = environment.value(QString::fromLatin1(TokenVariable));
    if (!fromEnvironment.isEmpty()) {
        m_connector->setToken(fromEnvironment);
        co_return Result<void>();
    }
    const Result<std::optional<QString>> stored = co_await credentials.read(tokenKey());
    if (!stored.ok())
        co_return stored.error();
    if (stored.value())
        m_connector->setToken(*stored.value());
    co_return Result<void>();
}

Result<bool> CrmSession::claimCache() {
    const QString key = QString::fromLatin1(WorkspaceKey);
    const QString current = m_settings.workspaceId();
    const QString stored = m_cache.meta(key);
    if (stored == current)
        return false;
    // A cache from before the key was written holds whatever CRM was configured then: only a
    // known different one is cleared.
    const bool other = !stored.isEmpty();
    const Result<void> claimed = m_cache.inTransaction([&]() -> Result<void> {
        if (other) {
            if (Result<void> r = m_cache.clearCrmMirror(); !r.ok())
                return r;
            for (const char *syncKey : {TicketSync::HighWaterKey, TicketSync::LastSuccessKey}) {
                if (Result<void> r = m_cache.removeMeta(QString::fromLatin1(syncKey)); !r.ok())
                    return r;
            }
        }
        return m_cache.setMeta(key, current);
    });
    if (!claimed.ok())
        return claimed.error();
    if (other)
        qCInfo(lcCrm) << "The cache held another CRM's data; cleared it for this one";
    return other;
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
