// SPDX-License-Identifier: GPL-3.0-or-later
// The batch window as a rep drives it: the real main window on the demo workspace, a batch
// started from the ticket list against the fake model endpoint, then reviewed from the keyboard.
#include "FakeModelServer.h"
#include "activity/ActivityTracker.h"
#include "storage/BatchStore.h"
#include "storage/CacheStore.h"
#include "storage/DemoWorkspace.h"
#include "storage/DraftStore.h"
#include "support/ChildWidget.h"
#include "ui/batch/BatchController.h"
#include "ui/batch/BatchPanel.h"
#include "ui/batch/BatchStartDialog.h"
#include "ui/compose/ComposeController.h"
#include "ui/compose/ComposeSession.h"
#include "ui/itemmodels/BatchItemListModel.h"
#include "ui/itemmodels/TicketTableModel.h"
#include "ui/main/MainWindow.h"

#include <QAction>
#include <QApplication>
#include <QLabel>
#include <QListView>
#include <QPlainTextEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTextCursor>
#include <QTextDocument>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

// A hang guard, not a speed claim: QTRY_* returns as soon as its condition holds.
constexpr int Timeout = 15'000;

const QString CleanReply =
    u"Hello,\n\nThank you for your time on this ticket. I would be glad to walk you through the "
    "next steps whenever it suits you.\n\nBest regards,\nSam"_s;
const QString PlaceholderReply =
    u"Hi {{first_name}},\n\nThank you for your time on this ticket. I would be glad to walk you "
    "through the next steps whenever it suits you.\n\nBest regards,\nSam"_s;

} // namespace

class TestBatchQueue : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void aBatchFromTheSelectionIsDraftedAndReviewedFromTheKeyboard();
    void anInterruptedBatchIsOfferedAtStartAndResumes();
    void aRateLimitIsShownAndPauseResumeCancelKeepWhatIsDone();
    void aCrmChangePausesARunningBatch();

private:
    BatchItem::Review reviewOf(int position) const;
    // The real window on the demo workspace, drafting with the fake model server.
    bool openWindow();

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<CacheStore> m_cache;
    std::unique_ptr<QSettings> m_settings;
    std::unique_ptr<FakeModelServer> m_model;
    std::unique_ptr<MainWindow> m_window;
};

void TestBatchQueue::init() {
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    auto cache = CacheStore::open(m_dir->filePath(u"cache.sqlite"_s));
    QVERIFY2(cache.ok(), qPrintable(cache.ok() ? QString() : cache.error().toString()));
    m_cache = std::move(cache).value();
    const auto loaded = DemoWorkspace::load(*m_cache);
    QVERIFY2(loaded.ok(), qPrintable(loaded.ok() ? QString() : loaded.error().toString()));
    m_settings =
        std::make_unique<QSettings>(m_dir->filePath(u"settings.ini"_s), QSettings::IniFormat);
    m_settings->setValue(u"batch/maxConcurrency"_s, 2);
    // The replies are signed "Sam": the rep, for the sign-off check.
    m_settings->setValue(u"compliance/senderName"_s, u"Sam"_s);
    m_settings->setValue(u"model/prices/fake-model/input"_s, u"0.15"_s);
    m_settings->setValue(u"model/prices/fake-model/output"_s, u"0.60"_s);
    m_model = std::make_unique<FakeModelServer>();
    QVERIFY(m_model->start());
    m_model->setReplyText(CleanReply);
}

void TestBatchQueue::cleanup() {
    m_window.reset();
    m_model.reset();
    m_settings.reset();
    m_cache.reset();
    m_dir.reset();
}

BatchItem::Review TestBatchQueue::reviewOf(int position) const {
    BatchController *batch = m_window->batchController();
    const std::optional<BatchItem> item = batch->store().item(batch->jobId(), position);
    return item ? item->review : BatchItem::Review::Unreviewed;
}

bool TestBatchQueue::openWindow() {
    m_window = std::make_unique<MainWindow>(*m_cache, *m_settings);
    m_window->show();
    if (!QTest::qWaitForWindowExposed(m_window.get()))
        return false;
    ModelEndpoint endpoint;
    endpoint.provider = ModelEndpoint::Provider::Compatible;
    endpoint.baseUrl = m_model->openAiBaseUrl();
    endpoint.model = u"fake-model"_s;
    m_window->composeController()->setEndpoint(endpoint);
    return true;
}

void TestBatchQueue::aBatchFromTheSelectionIsDraftedAndReviewedFromTheKeyboard() {
    QVERIFY(openWindow());
    ComposeController *compose = m_window->composeController();

    // Five tickets whose prospects may be contacted, selected together in the list.
    TicketTableModel *tickets = m_window->ticketModel();
    QStringList chosen;
    for (int row = 0; row < tickets->rowCount() && chosen.size() < 5; ++row) {
        const QString id = tickets->ticketId(row);
        if (compose->session(id)->generateBlockedReason().isEmpty())
            chosen.append(id);
    }
    QCOMPARE(chosen.size(), 5);
    // The demo's seeded history may already hold messages on them: count what the batch adds.
    QList<qsizetype> earlier;
    for (const QString &id : chosen)
        earlier.append(compose->tracker().messages(id).size());
    QVERIFY(m_window->selectTicket(chosen.first()));
    auto *table = child<QTableView>(m_window.get(), u"ticketTable"_s);
    for (const QString &id : chosen)
        table->selectionModel()->select(
            tickets->index(tickets->rowOfTicket(id), TicketTableModel::TitleColumn),
            QItemSelectionModel::Select | QItemSelectionModel::Rows);

    child<QAction>(m_window.get(), u"draftSelectedAction"_s)->trigger();
    auto *dialog = m_window->findChild<BatchStartDialog *>();
    QVERIFY(dialog);
    QVERIFY(child<QLabel>(dialog, u"batchTicketCount"_s)->text().contains(u"5"_s));
    dialog->setRequest(u"Follow up on the ticket and offer a call"_s);
    dialog->accept();

    BatchController *batch = m_window->batchController();
    BatchPanel *panel = m_window->batchPanel();
    QTRY_VERIFY_WITH_TIMEOUT(batch->jobId() > 0 && !batch->isRunning(), Timeout);
    const BatchStore::Counts counts = batch->store().counts(batch->jobId());
    QCOMPARE(counts.total, 5);
    QCOMPARE(counts.drafted, 5);
    QTRY_VERIFY(child<QLabel>(panel, u"batchCounts"_s)->text().startsWith(u"Done 5 "_s));
    QVERIFY(child<QLabel>(panel, u"batchTokens"_s)->text().contains(u"about"_s));
    QVERIFY(batch->store().job(batch->jobId())->scope.startsWith(u"5 selected ticket"_s));
    QCOMPARE(batch->store().job(batch->jobId())->state, BatchJob::State::Finished);

    QVERIFY(panel->isVisible());
    QApplication::setActiveWindow(panel);
    QVERIFY(QTest::qWaitForWindowActive(panel));
    QListView *queue = panel->queue();
    queue->setFocus();
    QCOMPARE(queue->currentIndex().row(), 0);
    QVERIFY(panel->approveAction()->toolTip().contains(
        panel->approveAction()->shortcut().toString(QKeySequence::NativeText)));

    // Next and Previous.
    QTest::keyClick(queue, Qt::Key_Down, Qt::AltModifier);
    QCOMPARE(queue->currentIndex().row(), 1);
    QTest::keyClick(queue, Qt::Key_Up, Qt::AltModifier);
    QCOMPARE(queue->currentIndex().row(), 0);

    // The review pane shows the ticket's draft as the batch wrote it.
    auto *body = child<QPlainTextEdit>(panel, u"batchBodyEdit"_s);
    QCOMPARE(body->toPlainText(), CleanReply);
    QTRY_VERIFY(panel->approveAction()->isEnabled());

    // Approve: stored on the history, marked approved, and the next unreviewed one is shown.
    QTest::keyClick(queue, Qt::Key_Return, Qt::ControlModifier);
    QCOMPARE(reviewOf(0), BatchItem::Review::Approved);
    QCOMPARE(compose->tracker().messages(chosen.at(0)).size(), earlier.at(0) + 1);
    QCOMPARE(queue->currentIndex().row(), 1);

    // Skip, then Reject, which clears the ticket's draft.
    QTRY_VERIFY(panel->skipAction()->isEnabled());
    QTest::keyClick(queue, Qt::Key_S, Qt::AltModifier);
    QCOMPARE(reviewOf(1), BatchItem::Review::Skipped);
    QCOMPARE(queue->currentIndex().row(), 2);
    QTest::keyClick(queue, Qt::Key_Delete, Qt::AltModifier);
    QCOMPARE(reviewOf(2), BatchItem::Review::Rejected);
    QVERIFY(compose->session(chosen.at(2))->bodyDocument()->toPlainText().isEmpty());
    QCOMPARE(compose->tracker().messages(chosen.at(2)).size(), earlier.at(2));
    QCOMPARE(queue->currentIndex().row(), 3);

    // Regenerate brings back a draft with an unfilled placeholder: it cannot be approved.
    m_model->setReplyText(PlaceholderReply);
    ComposeSession *third = compose->session(chosen.at(3));
    QTRY_VERIFY(panel->regenerateAction()->isEnabled());
    QTest::keyClick(queue, Qt::Key_R, Qt::ControlModifier);
    QTRY_VERIFY_WITH_TIMEOUT(!third->isRunning() && body->toPlainText().contains(u"{{"_s), Timeout);
    QTRY_VERIFY(!panel->approveAction()->isEnabled());
    QVERIFY(!third->saveBlockedReason().isEmpty());
    QCOMPARE(panel->approveAction()->toolTip(), third->saveBlockedReason());
    QTest::keyClick(queue, Qt::Key_Return, Qt::ControlModifier);
    QCOMPARE(reviewOf(3), BatchItem::Review::Unreviewed);

    // Approve All Without Findings takes the clean one and leaves the placeholder.
    panel->approveAllAction()->trigger();
    QCOMPARE(reviewOf(4), BatchItem::Review::Approved);
    QCOMPARE(reviewOf(3), BatchItem::Review::Unreviewed);
    QCOMPARE(compose->tracker().messages(chosen.at(4)).size(), earlier.at(4) + 1);
    QCOMPARE(compose->tracker().messages(chosen.at(3)).size(), earlier.at(3));
    const QString said = child<QLabel>(panel, u"batchItemHeader"_s)->text();
    QVERIFY2(said.startsWith(u"Approved 1 draft"_s) && said.contains(u"; 1 left"_s),
             qPrintable(said));

    // Fixed in the editor, it can be approved.
    QCOMPARE(queue->currentIndex().row(), 3);
    QTextCursor found = body->document()->find(u"{{first_name}}"_s);
    QVERIFY(!found.isNull());
    body->setTextCursor(found);
    body->setFocus();
    // The greeting must name the prospect, so the fix is the prospect's first name.
    QVERIFY(third->context());
    const QString firstName = third->context()->prospect.prospect.name.section(u' ', 0, 0);
    // Names are not all ASCII, which key clicks cannot type.
    body->insertPlainText(firstName);
    QTRY_VERIFY_WITH_TIMEOUT(panel->approveAction()->isEnabled(), Timeout);
    QTest::keyClick(body, Qt::Key_Return, Qt::ControlModifier);
    QCOMPARE(reviewOf(3), BatchItem::Review::Approved);
    const QList<OutreachActivity> stored = compose->tracker().messages(chosen.at(3));
    QCOMPARE(stored.size(), earlier.at(3) + 1);
    QVERIFY(stored.first().content.contains(u"Hi "_s + firstName + u","_s)); // newest first
}

void TestBatchQueue::anInterruptedBatchIsOfferedAtStartAndResumes() {
    // A job a crash left running, stored before the window starts.
    BatchStore store(*m_cache);
    BatchJob job;
    job.prompt = u"Follow up on the ticket"_s;
    job.scope = u"filter: demo"_s;
    const QStringList ids = {u"T-1035"_s, u"T-1048"_s};
    const Result<qint64> created = store.createJob(job, ids);
    QVERIFY(created.ok());

    QVERIFY(openWindow());

    // Offered without a modal dialog: the start goes on, the batch waits for Resume.
    QVERIFY(child<QWidget>(m_window.get(), u"batchResumeOffer"_s)->isVisible());
    BatchController *batch = m_window->batchController();
    QCOMPARE(batch->jobId(), created.value());
    QVERIFY(!batch->isRunning());
    BatchPanel *panel = m_window->batchPanel();
    QVERIFY(panel->resumeAction()->isEnabled());
    QCOMPARE(panel->model()->rowCount(), 2);

    panel->resumeAction()->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(
        !batch->isRunning() && batch->store().counts(created.value()).pending == 0, Timeout);
    QCOMPARE(batch->store().job(created.value())->state, BatchJob::State::Finished);
    QVERIFY(!child<QWidget>(m_window.get(), u"batchResumeOffer"_s)->isVisible());
    QVERIFY(!child<QLabel>(m_window.get(), u"batchStatus"_s)->isVisible());
    // The queue shows what became of both.
    QTRY_COMPARE(panel->model()->item(0).status, BatchItem::Status::Drafted);
    QCOMPARE(panel->model()->item(1).status, BatchItem::Status::Drafted);
}

void TestBatchQueue::aRateLimitIsShownAndPauseResumeCancelKeepWhatIsDone() {
    m_settings->setValue(u"batch/maxConcurrency"_s, 1);
    m_model->setChunkDelay(15);
    m_model->setFault(FakeModelServer::Fault::rateLimit("1", "1000"), 1);
    QVERIFY(openWindow());

    child<QAction>(m_window.get(), u"draftShownAction"_s)->trigger();
    auto *dialog = m_window->findChild<BatchStartDialog *>();
    QVERIFY(dialog);
    dialog->setRequest(u"Follow up on the ticket"_s);
    dialog->accept();
    BatchController *batch = m_window->batchController();
    BatchPanel *panel = m_window->batchPanel();
    const qint64 jobId = batch->jobId();
    QVERIFY(jobId > 0);
    QCOMPARE(batch->store().job(jobId)->scope, u"all tickets"_s);

    // The 429 holds every request; the window says so while it lasts.
    auto *waiting = child<QLabel>(panel, u"batchRateLimit"_s);
    QTRY_VERIFY_WITH_TIMEOUT(waiting->isVisible(), Timeout);
    QVERIFY2(waiting->text().startsWith(u"Waiting for the rate limit"_s),
             qPrintable(waiting->text()));
    QTRY_VERIFY(child<QLabel>(m_window.get(), u"batchStatus"_s)->isVisible());
    QVERIFY(child<QLabel>(m_window.get(), u"batchStatus"_s)->text().startsWith(u"Batch: "_s));

    // Pause lets the draft in flight finish and starts no other.
    QTRY_VERIFY_WITH_TIMEOUT(batch->store().counts(jobId).drafted >= 1, Timeout);
    QVERIFY(panel->pauseAction()->isEnabled());
    panel->pauseAction()->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(!batch->isRunning(), Timeout);
    QCOMPARE(batch->store().job(jobId)->state, BatchJob::State::Paused);
    const BatchStore::Counts paused = batch->store().counts(jobId);
    QVERIFY(paused.pending > 0);
    QVERIFY(!waiting->isVisible());
    QVERIFY(panel->resumeAction()->isEnabled());

    // Resume goes on; Cancel stops it for good and keeps what was drafted.
    panel->resumeAction()->trigger();
    QVERIFY(batch->isRunning());
    QTRY_VERIFY_WITH_TIMEOUT(batch->store().counts(jobId).drafted > paused.drafted, Timeout);
    panel->cancelAction()->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(!batch->isRunning(), Timeout);
    QCOMPARE(batch->store().job(jobId)->state, BatchJob::State::Cancelled);
    const BatchStore::Counts cancelled = batch->store().counts(jobId);
    QVERIFY(cancelled.drafted > paused.drafted);
    QVERIFY(cancelled.pending > 0);
    QVERIFY(!panel->resumeAction()->isEnabled());
    QVERIFY(!batch->resumableJob());
}

void TestBatchQueue::aCrmChangePausesARunningBatch() {
    m_settings->setValue(u"batch/maxConcurrency"_s, 1);
    m_model->setChunkDelay(20);
    QVERIFY(openWindow());
    ComposeController *compose = m_window->composeController();
    BatchController *batch = m_window->batchController();
    QSignalSpy failed(batch, &BatchController::failed);
    BatchJob job;
    job.prompt = u"Follow up on the ticket"_s;
    const Result<qint64> started =
        batch->start(job, {u"T-1005"_s, u"T-1029"_s, u"T-1027"_s, u"T-1036"_s});
    QVERIFY(started.ok());
    QTRY_VERIFY_WITH_TIMEOUT(batch->store().counts(started.value()).drafted >= 1, Timeout);
    QVERIFY(batch->isRunning());

    // The settings replaced the CRM connection: the old assembler is about to go.
    compose->setCrm(nullptr, nullptr);
    QVERIFY(!batch->isRunning());
    QCOMPARE(batch->store().job(started.value())->state, BatchJob::State::Paused);
    QCOMPARE(failed.count(), 1);
    QVERIFY(failed.first().first().toString().contains(u"CRM connection changed"_s));
    const int drafted = batch->store().counts(started.value()).drafted;

    // Resumed with the new connection, it finishes without drafting a ticket twice.
    batch->resume(started.value());
    QTRY_VERIFY_WITH_TIMEOUT(!batch->isRunning(), Timeout);
    const BatchStore::Counts counts = batch->store().counts(started.value());
    QCOMPARE(counts.drafted, 4);
    QVERIFY(counts.drafted >= drafted);
    QCOMPARE(batch->store().job(started.value())->state, BatchJob::State::Finished);
    for (const QString &ticket : {u"T-1005"_s, u"T-1029"_s, u"T-1027"_s, u"T-1036"_s})
        QCOMPARE(compose->drafts().versions(ticket).size(), 1);
}

QTEST_MAIN(TestBatchQueue)
#include "tst_batchqueue.moc"
