// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "generation/ModelEndpoint.h"
#include "review/ComplianceChecker.h"
#include "workspace/MailSettings.h"

#include <QHash>
#include <QObject>
#include <QString>

#include <memory>

class ActivityTracker;
class CacheStore;
class ComposeSession;
class ContextAssembler;
class DraftStore;
class DraftsUploader;
class MailOutcomeWatcher;
class QSettings;

// Owns one ComposeSession per ticket the rep has opened in this run, and the services they share:
// the draft store, the context assembler and activity tracker of the CRM (or of the local cache
// in the demo), the model endpoint and the compliance rules. Sessions outlive ticket switches, so
// a generation keeps streaming into its own ticket while the rep looks at another.
class ComposeController : public QObject {
    Q_OBJECT
public:
    // `cache` and `settings` must outlive the controller.
    ComposeController(CacheStore &cache, QSettings &settings, QObject *parent = nullptr);
    ~ComposeController() override;

    // The ticket's session, created (and its autosaved draft restored) on first use.
    ComposeSession *session(const QString &ticketId);
    ComposeSession *existingSession(const QString &ticketId) const;
    QList<ComposeSession *> sessions() const;

    // Where contexts come from and where saved messages go. Null restores the local-only pair
    // (contexts from the cache, messages stored locally): the demo, or no CRM configured.
    void setCrm(ContextAssembler *assembler, ActivityTracker *tracker);
    ContextAssembler &assembler() const;
    ActivityTracker &tracker() const;

    // The rep's mailbox (Settings → Mail) and its password for this run. When configured, the
    // outcome watcher runs; otherwise it is stopped.
    void setMailbox(const MailSettings &settings, const QString &password);
    const MailSettings &mailSettings() const { return m_mailSettings; }
    // Empty when none is stored (Save to Drafts then asks the rep to enter it in the settings).
    QString mailPassword() const { return m_mailPassword; }
    DraftsUploader &draftsUploader() const { return *m_uploader; }
    MailOutcomeWatcher &mailWatcher() const { return *m_watcher; }

    void setEndpoint(const ModelEndpoint &endpoint);
    const ModelEndpoint &endpoint() const { return m_endpoint; }
    // Configured enough to generate; otherwise Generate offers the template drafts.
    bool hasModel() const;
    void reloadCompliance();
    const ComplianceSettings &compliance() const { return m_compliance; }

    CacheStore &cache() const { return m_cache; }
    DraftStore &drafts() const { return *m_drafts; }
    QSettings &settings() const { return m_settings; }

    // Writes every session's pending autosave now (before quitting).
    void flushAll();

signals:
    // A session could not be autosaved or saved: the message says what and why.
    void storageFailed(const QString &message);
    // The endpoint or compliance rules changed; sessions re-check their drafts.
    void configurationChanged();
    // setCrm() is about to replace the assembler and tracker: whatever holds on to them must let
    // go now, as the old ones may be destroyed right after.
    void crmChanging();

private:
    CacheStore &m_cache;
    QSettings &m_settings;
    std::unique_ptr<DraftStore> m_drafts;
    std::unique_ptr<ContextAssembler> m_localAssembler;
    std::unique_ptr<ActivityTracker> m_localTracker;
    ContextAssembler *m_assembler = nullptr;
    ActivityTracker *m_tracker = nullptr;
    ModelEndpoint m_endpoint;
    ComplianceSettings m_compliance;
    MailSettings m_mailSettings;
    QString m_mailPassword;
    DraftsUploader *m_uploader = nullptr;
    MailOutcomeWatcher *m_watcher = nullptr;
    QHash<QString, ComposeSession *> m_sessions;
};
