// SPDX-License-Identifier: GPL-3.0-or-later
// The whole app against a CRM, as a rep sees it: the real CompositionRoot and MainWindow on the
// offscreen platform, talking to an in-process FakeCrmServer. The fake runs on this thread, so
// every wait spins the event loop (QTRY_*), never blocks it.
#include "FakeCrmServer.h"
#include "activity/ActivityTracker.h"
#include "activity/EffectivenessStats.h"
#include "app/CompositionRoot.h"
#include "crm/Outbox.h"
#include "crm/RestCrmConnector.h"
#include "crm/TicketSync.h"
#include "net/HttpTransport.h"
#include "storage/CacheStore.h"
#include "storage/DemoHistory.h"
#include "storage/DemoWorkspace.h"
#include "storage/OutcomeReader.h"
#include "support/ChildWidget.h"
#include "support/TestRetryPolicies.h"
#include "ui/compose/ComposeController.h"
#include "ui/itemmodels/TicketTableModel.h"
#include "ui/main/MainWindow.h"
#include "ui/main/TicketDetailPane.h"
#include "workspace/CrmSession.h"

#include <QAction>
#include <QDirIterator>
#include <QFile>
#include <QLabel>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QUuid>

#include <memory>

using namespace Qt::StringLiterals;
using Fault = FakeCrmServer::Fault;

namespace {

constexpr auto Token = "test-token";
// Generous: a failing request is retried by the transport before the app gives up on it. A hang
// guard, not a speed claim: QTRY_* returns as soon as its condition holds.
constexpr int Timeout = 15'000;

OutreachActivity activity(const QString &messageId) {
    OutreachActivity result;
    result.messageId = messageId;
    result.subject = u"Re: pricing"_s;
    result.content = u"Hi Lee — following up on the analytics add-on."_s;
    result.metadata.usedContext = {u"ticket"_s};
    result.metadata.confidence = 0.8;
    result.metadata.model = u"gpt-test"_s;
    result.createdAt = QDateTime::currentDateTimeUtc();
    return result;
}

} // namespace

class TestCrmIntegration : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void firstStartSyncsTheCrmInsteadOfTheDemo();
    void theCrmReplacingTheDemoTakesItsSeededHistoryAlong();
    void selectingATicketAssemblesItsContextLive();
    void f5SyncsAgain();
    void anUnreachableCrmFallsBackToTheCache();
    void queuedWritesAreDeliveredOnce();
    void aWriteQueuedOfflineGoesOutWhenTheCrmAnswersAgain();
    void aWriteQueuedOfflineIsDeliveredAfterARestart();

private:
    // Starts the app on the data folder and waits for the start-up sync to fill the list.
    std::unique_ptr<CompositionRoot> startApp();
    QLabel *label(const QString &name) const;
    QToolButton *outboxButton() const {
        return m_root->mainWindow()->findChild<QToolButton *>(u"outboxStatus"_s);
    }
    QString connectionStatus() const { return label(u"connectionStatus"_s)->text(); }
    // Selects the first ticket in the list other than the current one; returns its id.
    QString selectAnotherTicket();
    void verifyTokenNotWritten() const;

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<FakeCrmServer> m_server;
    std::unique_ptr<CompositionRoot> m_root;
};

void TestCrmIntegration::init() {
    qputenv(CrmSession::TokenVariable, Token);
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_server = std::make_unique<FakeCrmServer>();
    QVERIFY(m_server->start());
    QVERIFY(m_server->loadWorkspace());
    QSettings settings(m_dir->filePath(u"settings.ini"_s), QSettings::IniFormat);
    settings.setValue(u"crm/baseUrl"_s, m_server->baseUrl().toString());
}

void TestCrmIntegration::cleanup() {
    // The app first (it flushes its settings and closes the database), then what it talked to.
    m_root.reset();
    if (m_dir)
        verifyTokenNotWritten();
    m_server.reset();
    m_dir.reset();
    qunsetenv(CrmSession::TokenVariable);
}

std::unique_ptr<CompositionRoot> TestCrmIntegration::startApp() {
    CommandLine::Options options;
    options.dataDir = m_dir->path();
    auto root = std::make_unique<CompositionRoot>(options);
    const Result<void> started = root->start();
    if (!started.ok()) {
        qWarning().noquote() << started.error().toString();
        return nullptr;
    }
    if (root->crmSession())
        root->crmSession()->connector().transport()->setRetryPolicy(TestRetryPolicies::quick());
    return root;
}

QLabel *TestCrmIntegration::label(const QString &name) const {
    return m_root->mainWindow()->findChild<QLabel *>(name);
}

QString TestCrmIntegration::selectAnotherTicket() {
    MainWindow *window = m_root->mainWindow();
    const QString current = window->selectedTicketId();
    for (int row = 0; row < window->ticketModel()->rowCount(); ++row) {
        const QString id = window->ticketModel()->ticketId(row);
        if (id != current)
            return window->selectTicket(id) ? id : QString();
    }
    return {};
}

void TestCrmIntegration::verifyTokenNotWritten() const {
    // settings.ini, the database and its -wal/-shm files, and anything else the app left there.
    QDirIterator files(m_dir->path(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    int checked = 0;
    while (files.hasNext()) {
        const QString path = files.next();
        QFile file(path);
        QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(path));
        QVERIFY2(!file.readAll().contains(Token), qPrintable(path + u" contains the token"_s));
        ++checked;
    }
    QVERIFY(checked >= 2); // at least the settings and the database
}

void TestCrmIntegration::firstStartSyncsTheCrmInsteadOfTheDemo() {
    m_root = startApp();
    QVERIFY(m_root);
    MainWindow *window = m_root->mainWindow();
    QVERIFY(m_root->crmSession());
    QVERIFY(!DemoWorkspace::isDemo(*m_root->cache()));
    QVERIFY(!window->windowTitle().contains(u"Demo"_s));

    QTRY_VERIFY_WITH_TIMEOUT(!m_server->requests(u"tickets.list"_s).isEmpty(), Timeout);
    QTRY_COMPARE_WITH_TIMEOUT(window->ticketModel()->rowCount(), 56, Timeout);
    QCOMPARE(m_server->ticketIds().size(), 56);
    QCOMPARE(m_root->cache()->ticketCount(), 56);
    QTRY_VERIFY2_WITH_TIMEOUT(connectionStatus().contains(u"Online"_s),
                              qPrintable(connectionStatus()), Timeout);
    QCOMPARE(label(u"workspaceStatus"_s)->text(), m_server->baseUrl().host());
    QVERIFY(window->windowTitle().contains(m_server->baseUrl().host()));
    QVERIFY(!DemoWorkspace::isDemo(*m_root->cache()));
}

// The demo's made-up messages must not count in a real CRM's effectiveness figures, nor be
// offered to it: setting up a CRM after trying the demo removes them, and only them.
void TestCrmIntegration::theCrmReplacingTheDemoTakesItsSeededHistoryAlong() {
    QSettings(m_dir->filePath(u"settings.ini"_s), QSettings::IniFormat).remove(u"crm"_s);
    m_root = startApp();
    QVERIFY(m_root);
    QVERIFY(DemoWorkspace::isDemo(*m_root->cache()));
    QVERIFY(!m_root->crmSession());
    const QStringList seeded = DemoHistory::seededIds(*m_root->cache());
    QVERIFY(seeded.size() >= 25);
    QCOMPARE(EffectivenessStats::load(*m_root->cache())->overall.sent, int(seeded.size()));

    // The rep tries the demo: saves a message of their own and records its reply.
    ActivityTracker &tracker = m_root->mainWindow()->composeController()->tracker();
    OutreachActivity own;
    own.messageId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    own.subject = u"Pilot results"_s;
    own.content = u"Hallo Frau Müller,\n\nhier die Ergebnisse des Piloten."_s;
    own.createdAt = QDateTime::currentDateTimeUtc().addSecs(-60);
    QVERIFY(tracker.addOutreachActivity(u"T-1005"_s, own));
    QVERIFY(tracker.recordOutcome(u"T-1005"_s, own.messageId,
                                  ActivityTracker::Milestone::RepliedPositive));
    m_root.reset();

    QSettings(m_dir->filePath(u"settings.ini"_s), QSettings::IniFormat)
        .setValue(u"crm/baseUrl"_s, m_server->baseUrl().toString());
    m_root = startApp();
    QVERIFY(m_root);
    QVERIFY(!DemoWorkspace::isDemo(*m_root->cache()));
    QVERIFY(m_root->crmSession());
    QTRY_COMPARE_WITH_TIMEOUT(m_root->mainWindow()->ticketModel()->rowCount(), 56, Timeout);
    QVERIFY(DemoHistory::seededIds(*m_root->cache()).isEmpty());
    auto left = OutcomeReader::all(*m_root->cache());
    QVERIFY(left);
    QCOMPARE(left->size(), 1);
    QCOMPARE(left->first().messageId, own.messageId);
    const auto figures = EffectivenessStats::load(*m_root->cache());
    QVERIFY(figures);
    QCOMPARE(figures->overall.sent, 1);
    QCOMPARE(figures->overall.replies, 1);
    // Nothing of the demo was queued for the CRM.
    QCOMPARE(m_root->crmSession()->outbox().pendingCount(), 0);
}

void TestCrmIntegration::selectingATicketAssemblesItsContextLive() {
    m_root = startApp();
    QVERIFY(m_root);
    MainWindow *window = m_root->mainWindow();
    QTRY_COMPARE_WITH_TIMEOUT(window->ticketModel()->rowCount(), 56, Timeout);
    m_server->clearRequests();

    const QString id = selectAnotherTicket();
    QVERIFY(!id.isEmpty());
    QLabel *source = label(u"contextSource"_s);
    QVERIFY(source);
    QTRY_VERIFY_WITH_TIMEOUT(source->isVisible(), Timeout);
    QCOMPARE(source->text(), u"Live from the CRM"_s);
    const QList<RecordedRequest> interactions = m_server->requests(u"tickets.interactions"_s);
    QVERIFY(!interactions.isEmpty());
    QCOMPARE(interactions.constFirst().pathParams.value(u"id"_s), id);
    QCOMPARE(m_server->requests(u"tickets.get"_s).size(), 1);
    QCOMPARE(m_server->requests(u"tickets.get"_s).constFirst().pathParams.value(u"id"_s), id);
    QVERIFY(!m_server->requests(u"projects.get"_s).isEmpty());
    QVERIFY(!m_server->requests(u"prospects.history"_s).isEmpty());
}

void TestCrmIntegration::f5SyncsAgain() {
    m_root = startApp();
    QVERIFY(m_root);
    MainWindow *window = m_root->mainWindow();
    QTRY_COMPARE_WITH_TIMEOUT(window->ticketModel()->rowCount(), 56, Timeout);
    // The start-up sync is over once the status says so; a request during it would be refused.
    QTRY_VERIFY_WITH_TIMEOUT(connectionStatus().contains(u"Online"_s), Timeout);
    QTRY_VERIFY(!m_root->crmSession()->ticketSync().isSyncing());

    auto *sync = window->findChild<QAction *>(u"syncAction"_s);
    QVERIFY(sync);
    QVERIFY(sync->isEnabled());
    qsizetype lists = m_server->requests(u"tickets.list"_s).size();
    sync->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(m_server->requests(u"tickets.list"_s).size() > lists, Timeout);
    QTRY_VERIFY_WITH_TIMEOUT(!m_root->crmSession()->ticketSync().isSyncing(), Timeout);

    // The key itself, as the rep presses it.
    window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(window));
    lists = m_server->requests(u"tickets.list"_s).size();
    QTest::keyClick(window, Qt::Key_F5);
    QTRY_VERIFY_WITH_TIMEOUT(m_server->requests(u"tickets.list"_s).size() > lists, Timeout);
    QTRY_VERIFY_WITH_TIMEOUT(!m_root->crmSession()->ticketSync().isSyncing(), Timeout);
    QTRY_VERIFY(connectionStatus().contains(u"Online"_s));
    QCOMPARE(window->ticketModel()->rowCount(), 56);
}

void TestCrmIntegration::anUnreachableCrmFallsBackToTheCache() {
    m_root = startApp();
    QVERIFY(m_root);
    MainWindow *window = m_root->mainWindow();
    QTRY_COMPARE_WITH_TIMEOUT(window->ticketModel()->rowCount(), 56, Timeout);
    QTRY_VERIFY_WITH_TIMEOUT(connectionStatus().contains(u"Online"_s), Timeout);

    m_server->setFault(u"*"_s, Fault::dropConnection());
    const QString id = selectAnotherTicket();
    QVERIFY(!id.isEmpty());
    QLabel *source = label(u"contextSource"_s);
    QTRY_VERIFY2_WITH_TIMEOUT(source->isVisible() && source->text().startsWith(u"From cache"_s),
                              qPrintable(source->text()), Timeout);
    QTRY_VERIFY2_WITH_TIMEOUT(connectionStatus().contains(u"Offline"_s),
                              qPrintable(connectionStatus()), Timeout);
    QCOMPARE(child<TicketDetailPane>(window, u"ticketDetailPane"_s)->ticketId(), id);
}

void TestCrmIntegration::queuedWritesAreDeliveredOnce() {
    m_root = startApp();
    QVERIFY(m_root);
    MainWindow *window = m_root->mainWindow();
    QTRY_COMPARE_WITH_TIMEOUT(window->ticketModel()->rowCount(), 56, Timeout);
    const QString ticketId = window->ticketModel()->ticketId(0);
    QToolButton *outbox = outboxButton();
    QVERIFY(outbox);
    QVERIFY(!outbox->isVisible());

    const Result<QByteArray> key =
        m_root->crmSession()->tracker().addOutreachActivity(ticketId, activity(u"M-1"_s));
    QVERIFY(key.ok());
    // Queued in the same call, delivered from the event loop: the count shows first.
    QVERIFY(outbox->isVisible());
    QVERIFY2(outbox->text().contains(u"1 write"_s), qPrintable(outbox->text()));

    QTRY_COMPARE_WITH_TIMEOUT(m_server->timesStored(key.value()), 1, Timeout);
    QTRY_VERIFY_WITH_TIMEOUT(!outbox->isVisible(), Timeout);
    QCOMPARE(m_server->activities(ticketId).size(), 1);
    QCOMPARE(m_root->crmSession()->outbox().pendingCount(), 0);
    // Nothing more goes out later.
    QTest::qWait(200);
    QCOMPARE(m_server->activities().size(), 1);
}

void TestCrmIntegration::aWriteQueuedOfflineGoesOutWhenTheCrmAnswersAgain() {
    m_root = startApp();
    QVERIFY(m_root);
    QTRY_COMPARE_WITH_TIMEOUT(m_root->mainWindow()->ticketModel()->rowCount(), 56, Timeout);
    QTRY_VERIFY_WITH_TIMEOUT(!m_root->crmSession()->ticketSync().isSyncing(), Timeout);
    const QString ticketId = m_root->mainWindow()->ticketModel()->ticketId(0);

    m_server->setFault(u"*"_s, Fault::dropConnection());
    Outbox &queue = m_root->crmSession()->outbox();
    const Result<QByteArray> key =
        m_root->crmSession()->tracker().addOutreachActivity(ticketId, activity(u"M-3"_s));
    QVERIFY(key.ok());
    QTRY_VERIFY_WITH_TIMEOUT(!m_root->crmSession()->isOnline(), Timeout);
    QTRY_VERIFY(!queue.isDelivering());
    QCOMPARE(queue.pendingCount(), 1);

    // The CRM is back and the rep presses F5: the sync reaches it, and the queued write follows
    // at once rather than after the outbox's backoff.
    m_server->clearFaults();
    emit m_root->mainWindow()->syncRequested();
    QTRY_VERIFY_WITH_TIMEOUT(m_root->crmSession()->isOnline(), Timeout);
    QTRY_COMPARE_WITH_TIMEOUT(m_server->timesStored(key.value()), 1, 10'000);
    QTRY_COMPARE(queue.pendingCount(), 0);
    QTRY_VERIFY(!outboxButton()->isVisible());
    QTRY_VERIFY(connectionStatus().contains(u"Online"_s));
}

void TestCrmIntegration::aWriteQueuedOfflineIsDeliveredAfterARestart() {
    m_root = startApp();
    QVERIFY(m_root);
    QTRY_COMPARE_WITH_TIMEOUT(m_root->mainWindow()->ticketModel()->rowCount(), 56, Timeout);
    QTRY_VERIFY_WITH_TIMEOUT(!m_root->crmSession()->ticketSync().isSyncing(), Timeout);
    const QString ticketId = m_root->mainWindow()->ticketModel()->ticketId(0);

    m_server->setFault(u"*"_s, Fault::dropConnection());
    Outbox &queue = m_root->crmSession()->outbox();
    const Result<QByteArray> key =
        m_root->crmSession()->tracker().addOutreachActivity(ticketId, activity(u"M-2"_s));
    QVERIFY(key.ok());
    // The delivery is tried, fails, and the write stays queued (backing off).
    QTRY_VERIFY_WITH_TIMEOUT(!queue.entries(Outbox::State::Pending).isEmpty()
                                 && queue.entries(Outbox::State::Pending).constFirst().attempts
                                        >= 1,
                             Timeout);
    QTRY_VERIFY(!queue.isDelivering());
    QCOMPARE(queue.pendingCount(), 1);
    QVERIFY(outboxButton()->isVisible());
    QVERIFY(!m_server->requests(u"activities.post"_s).isEmpty());
    QCOMPARE(m_server->timesStored(key.value()), 0);

    // Quit, the CRM comes back, start again on the same data folder.
    m_root.reset();
    m_server->clearFaults();
    m_root = startApp();
    QVERIFY(m_root);
    QVERIFY(m_root->crmSession());
    // Well within the 30 s the outbox backed off for: a fresh start tries the queue at once.
    QTRY_COMPARE_WITH_TIMEOUT(m_server->timesStored(key.value()), 1, 10'000);
    QTRY_COMPARE_WITH_TIMEOUT(m_root->crmSession()->outbox().pendingCount(), 0, Timeout);
    QTRY_VERIFY_WITH_TIMEOUT(!outboxButton()->isVisible(), Timeout);
    QCOMPARE(m_server->activities(ticketId).size(), 1);
    QTest::qWait(200);
    QCOMPARE(m_server->timesStored(key.value()), 1);
    QCOMPARE(m_server->activities().size(), 1);
}

QTEST_MAIN(TestCrmIntegration)
#include "tst_crmintegration.moc"
