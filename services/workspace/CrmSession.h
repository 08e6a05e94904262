// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "crm/CrmConnector.h"
#include "crm/HubSpotConnector.h"
#include "domain/Result.h"

#include <QCoroTask>
#include <QObject>
#include <QProcessEnvironment>
#include <QString>
#include <QUrl>

class ActivityTracker;
class CacheStore;
class ContextAssembler;
class CredentialStore;
class CrmConnector;
class Outbox;
class QSettings;
class TicketSync;

// Everything that talks to one CRM, built from the settings and owned together: its connector
// (REST API v1 or HubSpot), the outbox, the ticket sync, context assembly and the activity
// tracker. Knows whether the CRM is
// reachable and restarts deliveries and syncs when it comes back.
class CrmSession : public QObject {
    Q_OBJECT
public:
    struct Settings {
        CrmConnector::Kind kind = CrmConnector::Kind::RestV1;
        // Empty for HubSpot means its public API (HubSpotConnector::DefaultBaseUrl).
        QUrl baseUrl;
        // HubSpot: whether a saved message is logged as an email or as a note.
        HubSpotConnector::LogAs hubSpotLogAs = HubSpotConnector::LogAs::Email;
        int interactionLimit = 50;    // the newest N interactions a context keeps
        int syncIntervalMinutes = 15; // 0: sync only at start-up and on request
        int pageSize = 200;

        // From `settings` ("crm/kind", "crm/baseUrl", "crm/hubspotLogAs",
        // "crm/interactionLimit", "crm/syncIntervalMinutes"), with OUTREACHGPT_CRM_KIND and
        // OUTREACHGPT_CRM_URL from `environment` and then the overrides (the command line)
        // taking precedence for this run only: none is written back. An unknown kind is read as
        // REST API v1; the command line refuses one before it gets here.
        static Settings load(const QSettings &settings, const QProcessEnvironment &environment,
                             const QString &urlOverride = {}, const QString &kindOverride = {});
        // Writes the keys load() reads from the settings (pageSize is not a setting). Save only
        // what was loaded without an environment and override, or they become permanent.
        void save(QSettings &settings) const;
        // The address requests go to: baseUrl, or HubSpot's public API when that is empty.
        QUrl effectiveUrl() const;
        // Which CRM's data a cache holds: a digest of the kind and the address.
        QString workspaceId() const;
        // What the window calls it: "HubSpot", or the REST API's host.
        QString workspaceName() const;
        bool configured() const {
            const QUrl url = effectiveUrl();
            return url.isValid() && !url.host().isEmpty();
        }
        bool operator==(const Settings &) const = default;
    };

    static constexpr auto TokenVariable = "OUTREACHGPT_CRM_TOKEN";
    static constexpr auto UrlVariable = "OUTREACHGPT_CRM_URL";
    static constexpr auto KindVariable = "OUTREACHGPT_CRM_KIND";
    // Meta key in the cache: the workspaceId() of the CRM whose data it holds.
    static constexpr auto WorkspaceKey = "crm/workspace";

    CrmSession(CacheStore &cache, const Settings &settings, QObject *parent = nullptr);
    ~CrmSession() override;

    // The bearer token for this run: OUTREACHGPT_CRM_TOKEN when set (never stored), otherwise
    // the keychain entry for this CRM. No token is not an error here; the client then reports
    // AUTH on its first request and contexts come from the cache.
    QCoro::Task<Result<void>> loadToken(CredentialStore &credentials,
                                        QProcessEnvironment environment);
    // The keychain entry the token lives under.
    QString tokenKey() const;

    // Makes the cache this CRM's: when it holds another CRM's tickets (the kind or the address
    // changed), those, their projects, prospects and interactions and the sync's high-water mark
    // are removed first, so the two never mix. The rep's own messages, drafts and queued writes
    // stay. Returns whether anything was removed. Call before start() or the first sync.
    Result<bool> claimCache();

    // Delivers queued writes, syncs now and then every syncIntervalMinutes, and watches the
    // network so both resume when it returns.
    void start();

    const Settings &settings() const { return m_settings; }
    CrmConnector &connector() const { return *m_connector; }
    Outbox &outbox() const { return *m_outbox; }
    TicketSync &ticketSync() const { return *m_sync; }
    ContextAssembler &assembler() const { return *m_assembler; }
    ActivityTracker &tracker() const { return *m_tracker; }

    // Whether the last request got an answer (any status) rather than a network failure.
    bool isOnline() const { return m_online; }

signals:
    void onlineChanged(bool online);

private:
    void setOnline(bool online);

    CacheStore &m_cache;
    Settings m_settings;
    CrmConnector *m_connector;
    Outbox *m_outbox;
    TicketSync *m_sync;
    ContextAssembler *m_assembler;
    std::unique_ptr<ActivityTracker> m_tracker;
    bool m_online = true;
};
