// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

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
class CrmClient;
class Outbox;
class QSettings;
class TicketSync;

// Everything that talks to one CRM, built from the settings and owned together: the client, the
// outbox, the ticket sync, context assembly and the activity tracker. Knows whether the CRM is
// reachable and restarts deliveries and syncs when it comes back.
class CrmSession : public QObject {
    Q_OBJECT
public:
    struct Settings {
        QUrl baseUrl;
        int interactionLimit = 50;    // the newest N interactions a context keeps
        int syncIntervalMinutes = 15; // 0: sync only at start-up and on request
        int pageSize = 200;

        // From `settings` ("crm/baseUrl", "crm/interactionLimit", "crm/syncIntervalMinutes"),
        // with OUTREACHGPT_CRM_URL from `environment` and then `urlOverride` (the command
        // line) taking precedence for this run only: neither is written back.
        static Settings load(const QSettings &settings, const QProcessEnvironment &environment,
                             const QString &urlOverride = {});
        // Writes the three keys load() reads from the settings (pageSize is not a setting). Save
        // only what was loaded without an environment and override, or they become permanent.
        void save(QSettings &settings) const;
        bool configured() const { return baseUrl.isValid() && !baseUrl.host().isEmpty(); }
    };

    static constexpr auto TokenVariable = "OUTREACHGPT_CRM_TOKEN";
    static constexpr auto UrlVariable = "OUTREACHGPT_CRM_URL";

    CrmSession(CacheStore &cache, const Settings &settings, QObject *parent = nullptr);
    ~CrmSession() override;

    // The bearer token for this run: OUTREACHGPT_CRM_TOKEN when set (never stored), otherwise
    // the keychain entry for this CRM. No token is not an error here; the client then reports
    // AUTH on its first request and contexts come from the cache.
    QCoro::Task<Result<void>> loadToken(CredentialStore &credentials,
                                        QProcessEnvironment environment);
    // The keychain entry the token lives under.
    QString tokenKey() const;

    // Delivers queued writes, syncs now and then every syncIntervalMinutes, and watches the
    // network so both resume when it returns.
    void start();

    const Settings &settings() const { return m_settings; }
    CrmClient &client() const { return *m_client; }
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

    Settings m_settings;
    CrmClient *m_client;
    Outbox *m_outbox;
    TicketSync *m_sync;
    ContextAssembler *m_assembler;
    std::unique_ptr<ActivityTracker> m_tracker;
    bool m_online = true;
};
