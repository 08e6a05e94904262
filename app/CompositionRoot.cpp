// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/CompositionRoot.h"

#include "crm/ContextAssembler.h"
#include "crm/CrmConnector.h"
#include "crm/Outbox.h"
#include "crm/TicketSync.h"
#include "generation/ModelEndpoint.h"
#include "platform/CredentialStore.h"
#include "storage/CacheStore.h"
#include "storage/DataDirectory.h"
#include "storage/DemoWorkspace.h"
#include "ui/compose/ComposeController.h"
#include "ui/itemmodels/TicketTableModel.h"
#include "ui/main/MainWindow.h"
#include "ui/main/OutboxDialog.h"
#include "ui/settings/SettingsDialog.h"
#include "workspace/CrmSession.h"
#include "workspace/MailSettings.h"
#include "workspace/StorageUpkeep.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QLocale>
#include <QProcessEnvironment>
#include <QSettings>
#include <QTemporaryDir>
#include <QTextStream>
#include <QTimer>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

// Resident memory of this process in KiB, or -1 where /proc is not available.
qint64 residentKiB() {
    QFile status(u"/proc/self/status"_s);
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').constFirst().toLongLong();
    }
    return -1;
}

} // namespace

CompositionRoot::CompositionRoot(CommandLine::Options options)
    : m_options(std::move(options)) {}

CompositionRoot::~CompositionRoot() {
    // The window refers to the cache, settings and session, the session to the cache: destroy
    // those first. A storage pass in flight finishes first: it has the cache file open.
    m_upkeepTimer.reset();
    m_upkeep.reset();
    m_window.reset();
    m_session.reset();
    m_credentials.reset();
    m_cache.reset();
    m_settings.reset();
}

QString CompositionRoot::dataDirectory() const {
    return m_dataDir ? m_dataDir->path() : QString();
}

Result<void> CompositionRoot::start() {
    QString location = m_options.dataDir;
    if (m_options.demo && location.isEmpty()) {
        m_temporaryDir = std::make_unique<QTemporaryDir>();
        if (!m_temporaryDir->isValid())
            return OutreachError(
                OutreachError::Code::Storage,
                QCoreApplication::translate("CompositionRoot",
                                            "Could not create a temporary folder for the demo: %1")
                    .arg(m_temporaryDir->errorString()));
        location = m_temporaryDir->path();
    }

    Result<DataDirectory> dataDir = DataDirectory::open(location);
    if (!dataDir.ok())
        return dataDir.error();
    m_dataDir = std::make_unique<DataDirectory>(std::move(dataDir).value());
    m_settings = m_dataDir->settings();

    Result<std::unique_ptr<CacheStore>> cache = CacheStore::open(m_dataDir->databasePath());
    if (!cache.ok())
        return cache.error();
    m_cache = std::move(cache).value();

    if (const Result<void> demo = loadDemoIfNeeded(); !demo.ok())
        return demo;
    const bool crmConfigured =
        CrmSession::Settings::load(*m_settings, QProcessEnvironment::systemEnvironment(),
                                   m_options.crmUrl, m_options.crmKind)
            .configured();
    if (crmConfigured && !m_options.demo && !m_options.quitWhenShown
        && DemoWorkspace::isDemo(*m_cache)) {
        // A CRM was set up since the demo was loaded: make room for its tickets.
        if (const Result<void> cleared = DemoWorkspace::clear(*m_cache); !cleared.ok())
            return cleared;
    }

    m_window = std::make_unique<MainWindow>(*m_cache, *m_settings);
    if (DemoWorkspace::isDemo(*m_cache))
        m_window->setWorkspaceName(
            QCoreApplication::translate("CompositionRoot", "Demo workspace"));
    if (!m_cache->recoveredFrom().isEmpty())
        m_window->showNotice(
            QCoreApplication::translate(
                "CompositionRoot",
                "The local database could not be read, so it was moved aside to %1 and a new one "
                "was started. Nothing was deleted; cached tickets will be fetched again.")
                .arg(m_cache->recoveredFrom()));
    if (m_options.quitWhenShown)
        reportWhenShown();
    m_credentials = std::make_unique<CredentialStore>(m_options.keychainService);
    QObject::connect(m_window.get(), &MainWindow::outboxDetailsRequested, m_window.get(),
                     [this] { showOutboxDialog(); });
    QObject::connect(m_window.get(), &MainWindow::settingsRequested, m_window.get(),
                     [this](int page) { openSettings(page); });
    QObject::connect(m_window.get(), &MainWindow::localServerSearchRequested, m_window.get(),
                     [this] { openSettings(0, true); });
    startCrmSession();
    if (!m_session)
        showLocalOnlyState();
    if (!m_options.quitWhenShown) {
        loadModelEndpoint();
        loadMailbox();
        scheduleUpkeep();
    }
    m_window->show();
    return {};
}

void CompositionRoot::scheduleUpkeep() {
    m_upkeep = std::make_unique<StorageUpkeep>();
    m_upkeepTimer = std::make_unique<QTimer>();
    // The first pass waits until start-up (and the first sync) is out of the way.
    m_upkeepTimer->setSingleShot(true);
    m_upkeepTimer->start(60'000);
    QObject::connect(m_upkeepTimer.get(), &QTimer::timeout, m_upkeep.get(), [this] {
        m_upkeep->start(m_cache->path(), StorageUpkeep::Policy::load(*m_settings));
        m_upkeepTimer->start(24 * 60 * 60 * 1000);
    });
}

void CompositionRoot::loadModelEndpoint() {
    ModelEndpoint endpoint =
        ModelEndpoint::load(*m_settings, QProcessEnvironment::systemEnvironment());
    ComposeController *compose = m_window->composeController();
    compose->setEndpoint(endpoint);
    if (!endpoint.apiKey.isEmpty())
        return; // from the environment, for this run
    // Nothing set up yet: no key to look for, and no keychain prompt or error on a first start.
    if (!m_settings->childGroups().contains(u"model"_s))
        return;
    MainWindow *window = m_window.get();
    QCoro::connect(
        m_credentials->read(endpoint.credentialKey()), window,
        [window, compose, endpoint](const Result<std::optional<QString>> &key) {
            if (key.ok() && key.value()) {
                ModelEndpoint withKey = endpoint;
                withKey.apiKey = *key.value();
                compose->setEndpoint(withKey);
            } else if (!key.ok() && endpoint.provider != ModelEndpoint::Provider::Compatible) {
                window->showNotice(
                    QCoreApplication::translate("CompositionRoot",
                                                "The model's API key could not be read: %1")
                        .arg(key.error().message()));
            }
        });
}

void CompositionRoot::loadMailbox() {
    const MailSettings mail = MailSettings::load(*m_settings);
    ComposeController *compose = m_window->composeController();
    const QString fromEnvironment =
        MailSettings::environmentPassword(QProcessEnvironment::systemEnvironment());
    // No mailbox: nothing to look for in the keychain, and no prompt or error on a first start.
    if (!mail.configured() || !fromEnvironment.isEmpty()) {
        compose->setMailbox(mail, fromEnvironment);
        return;
    }
    MainWindow *window = m_window.get();
    QCoro::connect(m_credentials->read(mail.passwordKey()), window,
                   [this, window, compose, mail](const Result<std::optional<QString>> &password) {
                       // The settings changed while the keychain answered: a newer read is on its
                       // way.
                       if (MailSettings::load(*m_settings) != mail)
                           return;
                       if (!password.ok())
                           window->showNotice(
                               QCoreApplication::translate(
                                   "CompositionRoot", "The mailbox password could not be read: %1")
                                   .arg(password.error().message()));
                       compose->setMailbox(
                           mail, password.ok() ? password.value().value_or(QString()) : QString());
                   });
}

void CompositionRoot::openSettings(int page, bool findServers) {
    auto *dialog = new SettingsDialog(*m_settings, *m_credentials, m_window.get());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->showPage(SettingsDialog::pageFromIndex(page));
    QObject::connect(dialog, &SettingsDialog::settingsSaved, m_window.get(),
                     [this] { applySettings(); });
    dialog->open();
    if (findServers)
        dialog->findLocalServers();
}

void CompositionRoot::applySettings() {
    loadModelEndpoint();
    loadMailbox();
    m_window->composeController()->reloadCompliance();
    const CrmSession::Settings wanted = CrmSession::Settings::load(
        *m_settings, QProcessEnvironment::systemEnvironment(), m_options.crmUrl, m_options.crmKind);
    const bool changed = m_session ? wanted != m_session->settings() : wanted.configured();
    // A new token for the same CRM also needs a new session: it is read when one starts.
    if (changed || m_session)
        restartCrmSession();
}

void CompositionRoot::restartCrmSession() {
    m_window->composeController()->setCrm(nullptr, nullptr);
    m_session.reset();
    const CrmSession::Settings wanted = CrmSession::Settings::load(
        *m_settings, QProcessEnvironment::systemEnvironment(), m_options.crmUrl, m_options.crmKind);
    if (wanted.configured() && DemoWorkspace::isDemo(*m_cache) && !m_options.demo) {
        // Leaving the demo for a real CRM: its made-up tickets must not mix with real ones.
        if (const Result<void> cleared = DemoWorkspace::clear(*m_cache); !cleared.ok()) {
            m_window->showNotice(cleared.error().message());
            return;
        }
        m_window->reloadTickets();
        m_window->refreshEffectiveness();
    }
    startCrmSession();
    if (!m_session)
        showLocalOnlyState();
}

void CompositionRoot::showLocalOnlyState() {
    const bool demo = DemoWorkspace::isDemo(*m_cache);
    m_window->setWorkspaceName(
        demo ? QCoreApplication::translate("CompositionRoot", "Demo workspace")
             : QCoreApplication::translate("CompositionRoot", "Local cache"));
    m_window->setSyncAvailable(false);
    m_window->setOutboxCounts(0, 0);
    m_window->setConnectionStatus(
        QCoreApplication::translate("CompositionRoot", "No CRM connected"),
        QCoreApplication::translate("CompositionRoot",
                                    "Messages are saved on this computer. Set up a CRM in "
                                    "Settings (Ctrl+,) to sync tickets and deliver messages."));
}

void CompositionRoot::showOutboxDialog() {
    if (!m_session)
        return;
    auto *dialog = new OutboxDialog(m_session->outbox(), m_window.get());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void CompositionRoot::startCrmSession() {
    const QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    const CrmSession::Settings settings =
        CrmSession::Settings::load(*m_settings, environment, m_options.crmUrl, m_options.crmKind);
    if (!settings.configured() || DemoWorkspace::isDemo(*m_cache) || m_options.quitWhenShown)
        return;
    HttpTransport::useSystemProxySettings();
    m_session = std::make_unique<CrmSession>(*m_cache, settings);
    CrmSession *session = m_session.get();
    MainWindow *window = m_window.get();
    if (const Result<bool> claimed = session->claimCache(); !claimed.ok()) {
        window->showNotice(claimed.error().message());
    } else if (claimed.value()) {
        // Another CRM's tickets must not mix with this one's.
        window->reloadTickets();
        window->refreshEffectiveness();
    }
    window->composeController()->setCrm(&session->assembler(), &session->tracker());
    window->setWorkspaceName(settings.workspaceName());
    window->setSyncAvailable(true);

    QObject::connect(window, &MainWindow::currentTicketChanged, &session->assembler(),
                     [session](const QString &ticketId) {
                         if (!ticketId.isEmpty())
                             session->assembler().requestContext(ticketId);
                     });
    QObject::connect(&session->assembler(), &ContextAssembler::contextReady, window,
                     &MainWindow::showContext);
    QObject::connect(&session->assembler(), &ContextAssembler::contextFailed, window,
                     &MainWindow::showContextError);
    QObject::connect(window, &MainWindow::syncRequested, &session->ticketSync(),
                     &TicketSync::requestSync);
    QObject::connect(&session->ticketSync(), &TicketSync::progress, window, [window](int fetched) {
        window->setConnectionStatus(QCoreApplication::translate(
            "CompositionRoot", "Syncing… %n ticket(s)", nullptr, fetched));
    });
    QObject::connect(&session->ticketSync(), &TicketSync::started, window, [window] {
        window->setConnectionStatus(
            QCoreApplication::translate("CompositionRoot", "Syncing with the CRM…"));
    });
    QObject::connect(&session->ticketSync(), &TicketSync::finished, window,
                     [this, window](const TicketSync::Report &report) {
                         if (report.stored > 0) {
                             window->reloadTickets();
                             window->refreshEffectiveness();
                         }
                         // Offline shows in the status bar; anything else needs the rep.
                         if (report.error && report.error->code() != OutreachError::Code::Network)
                             window->showNotice(QCoreApplication::translate("CompositionRoot",
                                                                            "The sync stopped: %1")
                                                    .arg(report.error->message()));
                         showSyncState();
                     });
    QObject::connect(session, &CrmSession::onlineChanged, window, [this] { showSyncState(); });
    QObject::connect(&session->outbox(), &Outbox::countsChanged, window,
                     &MainWindow::setOutboxCounts);
    window->setOutboxCounts(session->outbox().pendingCount(), session->outbox().failedCount());
    window->setConnectionStatus(
        QCoreApplication::translate("CompositionRoot", "Connecting to the CRM…"));

    QCoro::connect(session->loadToken(*m_credentials, environment), session,
                   [session, window](const Result<void> &token) {
                       if (!token.ok())
                           window->showNotice(token.error().message());
                       else if (!session->connector().hasToken())
                           window->showNotice(
                               QCoreApplication::translate(
                                   "CompositionRoot",
                                   "No CRM token is stored for %1. Add it in Settings; until then "
                                   "the app works from the local cache.")
                                   .arg(session->settings().baseUrl.host()));
                       session->start();
                       if (const QString selected = window->selectedTicketId(); !selected.isEmpty())
                           session->assembler().requestContext(selected);
                   });
}

void CompositionRoot::showSyncState() {
    // Offline, or online with the time of the last good sync and, after a failed one, why.
    const TicketSync &sync = m_session->ticketSync();
    const QDateTime last = sync.lastSuccess();
    const QString lastText = last.isValid()
                                 ? QLocale().toString(last.toLocalTime(), QLocale::ShortFormat)
                                 : QCoreApplication::translate("CompositionRoot", "never");
    if (!m_session->isOnline()) {
        m_window->setConnectionStatus(
            QCoreApplication::translate("CompositionRoot",
                                        "Offline — working from the local cache"),
            QCoreApplication::translate("CompositionRoot", "Last sync: %1").arg(lastText));
        return;
    }
    m_window->setConnectionStatus(
        QCoreApplication::translate("CompositionRoot", "Online — last sync %1").arg(lastText));
}

Result<void> CompositionRoot::loadDemoIfNeeded() {
    // With no CRM configured and nothing cached there is nothing to look at: show the demo.
    const bool crmConfigured =
        CrmSession::Settings::load(*m_settings, QProcessEnvironment::systemEnvironment(),
                                   m_options.crmUrl, m_options.crmKind)
            .configured();
    const bool wanted = m_options.demo || (!crmConfigured && m_cache->ticketCount() == 0);
    if (!wanted)
        return {};
    const Result<DemoWorkspace::Counts> loaded = DemoWorkspace::load(*m_cache);
    if (!loaded.ok())
        return loaded.error();
    return {};
}

void CompositionRoot::reportWhenShown() {
    // Two lines for the benchmarks: when the table first paints (the newest tickets), and when
    // the whole list is in, with the memory each time.
    MainWindow *window = m_window.get();
    auto shownAt = std::make_shared<QElapsedTimer>();
    QObject::connect(window, &MainWindow::ticketListShown, window, [window, shownAt] {
        shownAt->start();
        QTextStream(stdout) << "shown rows=" << window->ticketModel()->totalCount()
                            << " rss_kib=" << residentKiB() << Qt::endl;
        if (!window->isLoadingTickets())
            QCoreApplication::quit();
    });
    QObject::connect(window, &MainWindow::ticketsLoaded, window, [window, shownAt] {
        if (!shownAt->isValid())
            return; // loaded before the first paint; "shown" reports and quits
        QTextStream(stdout) << "loaded rows=" << window->ticketModel()->totalCount()
                            << " after_shown_ms=" << shownAt->elapsed()
                            << " rss_kib=" << residentKiB() << Qt::endl;
        QCoreApplication::quit();
    });
}
