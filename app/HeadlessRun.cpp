#include "HeadlessRun.h"

#include "CacheStore.h"
#include "CredentialStore.h"
#include "CrmClient.h"
#include "CrmSession.h"
#include "DataDirectory.h"
#include "HttpTransport.h"
#include "Outbox.h"
#include "TicketSync.h"

#include <QCoreApplication>
#include <QSettings>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

QString tr(const char *text) {
    return QCoreApplication::translate("HeadlessRun", text);
}

} // namespace

HeadlessRun::HeadlessRun(CommandLine::Options options, QProcessEnvironment environment)
    : m_options(std::move(options))
    , m_environment(std::move(environment))
    , m_out(stdout)
    , m_err(stderr) {}

QCoro::Task<int> HeadlessRun::run() {
    Result<DataDirectory> dataDir = DataDirectory::open(m_options.dataDir);
    if (!dataDir.ok()) {
        m_err << dataDir.error().toString() << Qt::endl;
        co_return 1;
    }
    const std::unique_ptr<QSettings> settings = dataDir->settings();
    Result<std::unique_ptr<CacheStore>> opened = CacheStore::open(dataDir->databasePath());
    if (!opened.ok()) {
        m_err << opened.error().toString() << Qt::endl;
        co_return 1;
    }
    const std::unique_ptr<CacheStore> cache = std::move(opened).value();

    const CrmSession::Settings crmSettings =
        CrmSession::Settings::load(*settings, m_environment, m_options.crmUrl);
    if (!crmSettings.configured()) {
        m_err << tr("No CRM address: pass --crm-url URL, set OUTREACHGPT_CRM_URL, or set the "
                    "CRM in Settings.")
              << Qt::endl;
        co_return 2;
    }
    HttpTransport::useSystemProxySettings();
    CrmSession session(*cache, crmSettings);
    CredentialStore credentials;
    if (const Result<void> token = co_await session.loadToken(credentials, m_environment);
        !token.ok()) {
        m_err << token.error().toString() << Qt::endl;
        // Scripts and cron jobs often run where no keyring can be reached: say how to give the
        // token without one.
        m_err << tr("Without the keychain, pass the CRM token in OUTREACHGPT_CRM_TOKEN.")
              << Qt::endl;
        co_return 1;
    }
    if (!session.client().hasToken()) {
        m_err << tr("No CRM token: set OUTREACHGPT_CRM_TOKEN, or store the token in Settings "
                    "(it is kept in the system keychain).")
              << Qt::endl;
        co_return 2;
    }

    int exitCode = 0;
    if (m_options.sync) {
        const TicketSync::Report report = co_await session.ticketSync().sync();
        m_out << tr("Sync from %1: %2 tickets fetched in %3 page(s), %4 stored, %5 projects and "
                    "prospects fetched, %6 rejected.")
                     .arg(crmSettings.baseUrl.toDisplayString())
                     .arg(report.fetched)
                     .arg(report.pages)
                     .arg(report.stored)
                     .arg(report.relatedFetched)
                     .arg(report.rejected.size())
              << Qt::endl;
        for (const OutreachError &rejected : report.rejected)
            m_out << tr("  rejected: %1").arg(rejected.toString()) << Qt::endl;
        if (report.error) {
            m_err << tr("Sync stopped: %1").arg(report.error->toString()) << Qt::endl;
            exitCode = 1;
        }
    }
    if (m_options.flushOutbox) {
        const Outbox::Report report = co_await session.outbox().deliver(Outbox::Mode::Flush);
        m_out << tr("Outbox: %1 delivered, %2 failed, %3 pending, %4 failed in total.")
                     .arg(report.delivered)
                     .arg(report.failed)
                     .arg(report.pending)
                     .arg(session.outbox().failedCount())
              << Qt::endl;
        for (const Outbox::Entry &entry : session.outbox().entries(Outbox::State::Failed))
            m_out << tr("  failed: #%1 %2 %3: %4")
                         .arg(entry.seq)
                         .arg(QString::fromLatin1(entry.method), entry.path, entry.lastError)
                  << Qt::endl;
        if (report.stoppedBy)
            m_err << tr("Delivery stopped: %1").arg(report.stoppedBy->toString()) << Qt::endl;
        if (report.pending > 0 || report.failed > 0)
            exitCode = 1;
    }
    co_return exitCode;
}
