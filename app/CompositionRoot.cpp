#include "CompositionRoot.h"

#include "CacheStore.h"
#include "DataDirectory.h"
#include "DemoWorkspace.h"
#include "MainWindow.h"
#include "TicketTableModel.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QSettings>
#include <QTemporaryDir>
#include <QTextStream>

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
    // The window refers to the cache and settings: destroy it first.
    m_window.reset();
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
    m_window->show();
    return {};
}

Result<void> CompositionRoot::loadDemoIfNeeded() {
    // With no CRM configured and nothing cached there is nothing to look at: show the demo.
    const bool crmConfigured = !m_settings->value(u"crm/baseUrl"_s).toString().isEmpty();
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
