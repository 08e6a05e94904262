// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/CommandLine.h"
#include "domain/Result.h"

#include <QString>

#include <memory>

class CacheStore;
class CredentialStore;
class CrmSession;
class DataDirectory;
class MainWindow;
class QSettings;
class QTemporaryDir;
class QTimer;
class StorageUpkeep;

// Builds the application from its parts: data folder, settings, cache, demo workspace, the CRM
// session (when a CRM is configured) and the main window, in that order, and owns them for the
// lifetime of the process.
class CompositionRoot {
public:
    explicit CompositionRoot(CommandLine::Options options);
    ~CompositionRoot();

    // Opens everything and shows the main window. On failure nothing is shown and the error
    // says what to do (e.g. a database written by a newer version).
    Result<void> start();

    MainWindow *mainWindow() const { return m_window.get(); }
    CacheStore *cache() const { return m_cache.get(); }
    // Null when no CRM is configured (the demo, offline-only use).
    CrmSession *crmSession() const { return m_session.get(); }
    CredentialStore *credentials() const { return m_credentials.get(); }
    StorageUpkeep *storageUpkeep() const { return m_upkeep.get(); }
    QString dataDirectory() const;

private:
    Result<void> loadDemoIfNeeded();
    void reportWhenShown();
    void startCrmSession();
    void showSyncState();
    // Reads the model endpoint from the settings (and environment) and its key from the
    // keychain, and hands it to the compose area.
    void loadModelEndpoint();
    // Reads the rep's mailbox from the settings and its password from OUTREACHGPT_MAIL_PASSWORD
    // or the keychain, and hands both to the compose area (which starts the outcome watcher).
    void loadMailbox();
    // `findServers`: on the model page, looking for model servers on this computer at once.
    void openSettings(int page, bool findServers = false);
    // After the settings dialog saved: new endpoint, compliance rules, mailbox and, when the CRM
    // settings changed, a new CRM session.
    void applySettings();
    void restartCrmSession();
    void showLocalOnlyState();
    void showOutboxDialog();
    // A pass of StorageUpkeep soon after start-up and then once a day, off the UI thread.
    void scheduleUpkeep();

    CommandLine::Options m_options;
    std::unique_ptr<QTemporaryDir> m_temporaryDir;
    std::unique_ptr<DataDirectory> m_dataDir;
    std::unique_ptr<QSettings> m_settings;
    std::unique_ptr<CacheStore> m_cache;
    std::unique_ptr<CredentialStore> m_credentials;
    std::unique_ptr<CrmSession> m_session;
    std::unique_ptr<MainWindow> m_window;
    std::unique_ptr<StorageUpkeep> m_upkeep;
    std::unique_ptr<QTimer> m_upkeepTimer;
};
