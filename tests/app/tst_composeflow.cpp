// SPDX-License-Identifier: GPL-3.0-or-later
// The compose workflow as a rep drives it: the real CompositionRoot and MainWindow on the
// offscreen platform, with the in-process fake CRM and fake model endpoint. Keys go through the
// window's shortcuts, text through the real editors; every wait spins the event loop.
// With OUTREACH_SCREENSHOT_DIR set (scripts/screenshot.sh runs this under Xvfb), some cases also
// save the README's screenshots of the compose flow there.
#include "FakeCrmServer.h"
#include "FakeModelServer.h"
#include "activity/ActivityTracker.h"
#include "app/CompositionRoot.h"
#include "crm/Outbox.h"
#include "crm/TicketSync.h"
#include "domain/PromptPreset.h"
#include "mail/ReceivedMail.h"
#include "review/DraftCoach.h"
#include "storage/CacheStore.h"
#include "storage/DraftStore.h"
#include "support/ChildWidget.h"
#include "support/ClosedPort.h"
#include "ui/compose/CoachingPanel.h"
#include "ui/compose/ComposeController.h"
#include "ui/compose/ComposePane.h"
#include "ui/compose/ComposeSession.h"
#include "ui/compose/HistoryPanel.h"
#include "ui/compose/MailClientHandoff.h"
#include "ui/compose/MetadataPanel.h"
#include "ui/effectiveness/EffectivenessView.h"
#include "ui/itemmodels/TicketTableModel.h"
#include "ui/main/MainWindow.h"
#include "ui/main/OutboxDialog.h"
#include "ui/main/TicketDetailPane.h"
#include "ui/settings/SettingsDialog.h"
#include "ui/widgets/InlineMessage.h"
#include "workspace/CrmSession.h"
#include "workspace/MailSettings.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDesktopServices>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QElapsedTimer>
#include <QFileDialog>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTextCursor>
#include <QTextDocument>
#include <QTimer>
#include <QToolButton>
#include <QTreeWidget>
#include <QUrlQuery>

#include <memory>

using namespace Qt::StringLiterals;
using ModelFault = FakeModelServer::Fault;

namespace {

// A hang guard, not a speed claim: QTRY_* returns as soon as its condition holds.
constexpr int Timeout = 15'000;

void shoot(QWidget *widget, const QString &name) {
    const QString dir = qEnvironmentVariable("OUTREACH_SCREENSHOT_DIR");
    if (dir.isEmpty())
        return;
    QCoreApplication::processEvents();
    if (!widget->grab().save(QDir(dir).filePath(name)))
        qWarning("could not save %s", qPrintable(name));
}
const QString DoNotContactTicket = u"T-1024"_s;

// Catches what "Open in mail client" hands to the desktop.
class MailtoCatcher : public QObject {
    Q_OBJECT
public:
    QList<QUrl> urls;
public slots:
    void open(const QUrl &url) { urls.append(url); }
};

} // namespace

class TestComposeFlow : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void ctrlReturnStreamsIntoTheEditorAndShowsTheMetadata();
    void saveQueuesExactlyOneActivityWithAnIdempotencyKey();
    void escapeMidStreamKeepsThePartialText();
    void textTypedDuringAStreamIsNeverOverwritten();
    void aRateLimitCountsDownAndThenSucceeds();
    void aSpentQuotaSaysBillingAndDoesNotRetry();
    void anAuthErrorOffersTheSettings();
    void aRestartRestoresTheDraft();
    void switchingTicketsKeepsEachTicketsOwnGeneration();
    void aDoNotContactProspectDisablesGenerateWithTheReason();
    void anyVersionCanBePutBack();
    void mailtoCarriesAddressSubjectAndBody();
    void longMessagesOpenInTheMailClientUncut();
    void saveAsEmlWritesTheMessageForAnyMailClient();
    void usedContextLinksHighlightTheirSource();
    void withoutAModelGenerateOffersTemplatesAndTheDemoSavesLocally();
    void settingsFromTheWindowConfigureTheModelAndGenerateWorks();
    void mailSettingsRequestOpensTheMailPage();
    void aRefusedWriteIsListedFromTheStatusBarAndRetried();
    void outcomesRecordedInTheHistoryReachTheCrmOnceAndTheEffectivenessView();
    void theWindowStaysResponsiveDuringAnEndlessStream();
    void aDraftCutAtTheOutputLimitIsNotReadyUntilTheRepFinishesIt();
    void theCoachingIsUpToDateTheMomentAGenerationEnds();

private:
    std::unique_ptr<CompositionRoot> startApp(bool withCrm = true, bool demo = false);
    QString pickTicket(const QString &id = {});
    void generate();
    ComposePane *pane() const { return child<ComposePane>(m_root->mainWindow(), u"composePane"_s); }
    ComposeSession *session() const { return pane()->session(); }
    QPlainTextEdit *promptEdit() const { return child<QPlainTextEdit>(pane(), u"promptEdit"_s); }
    QLineEdit *subjectEdit() const { return child<QLineEdit>(pane(), u"subjectEdit"_s); }
    QPlainTextEdit *bodyEdit() const { return child<QPlainTextEdit>(pane(), u"bodyEdit"_s); }
    InlineMessage *inlineMessage() const {
        return child<InlineMessage>(pane(), u"composeMessage"_s);
    }
    MetadataPanel *metadataPanel() const {
        return child<MetadataPanel>(pane(), u"metadataPanel"_s);
    }
    HistoryPanel *historyPanel() const { return child<HistoryPanel>(pane(), u"historyPanel"_s); }
    QString body() const { return bodyEdit()->toPlainText(); }
    void waitIdle() const;

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<FakeCrmServer> m_crm;
    std::unique_ptr<FakeModelServer> m_model;
    std::unique_ptr<CompositionRoot> m_root;
    QString m_keychainService;
};

void TestComposeFlow::init() {
    qputenv(CrmSession::TokenVariable, "test-token");
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_crm = std::make_unique<FakeCrmServer>();
    QVERIFY(m_crm->start());
    QVERIFY(m_crm->loadWorkspace());
    m_model = std::make_unique<FakeModelServer>();
    QVERIFY(m_model->start());
    m_keychainService = u"OutreachGPT-test-%1"_s.arg(QCoreApplication::applicationPid());
    QSettings settings(m_dir->filePath(u"settings.ini"_s), QSettings::IniFormat);
    settings.setValue(u"crm/baseUrl"_s, m_crm->baseUrl().toString());
    // A compatible server on this computer needs no key, like a local llama.cpp.
    settings.setValue(u"model/provider"_s, u"compatible"_s);
    settings.setValue(u"model/baseUrl"_s, m_model->openAiBaseUrl().toString());
    settings.setValue(u"model/name"_s, u"gpt-test"_s);
}

void TestComposeFlow::cleanup() {
    m_root.reset();
    m_model.reset();
    m_crm.reset();
    m_dir.reset();
    qunsetenv(CrmSession::TokenVariable);
}

std::unique_ptr<CompositionRoot> TestComposeFlow::startApp(bool withCrm, bool demo) {
    if (!withCrm) {
        QSettings settings(m_dir->filePath(u"settings.ini"_s), QSettings::IniFormat);
        settings.remove(u"crm"_s);
        if (demo)
            settings.remove(u"model"_s);
    }
    CommandLine::Options options;
    options.dataDir = m_dir->path();
    options.keychainService = m_keychainService;
    auto root = std::make_unique<CompositionRoot>(options);
    if (const Result<void> started = root->start(); !started.ok()) {
        qWarning().noquote() << started.error().toString();
        return nullptr;
    }
    MainWindow *window = root->mainWindow();
    window->resize(1440, 860);
    window->activateWindow();
    QApplication::setActiveWindow(window);
    if (!QTest::qWaitForWindowActive(window))
        qWarning("the main window did not become active");
    return root;
}

QString TestComposeFlow::pickTicket(const QString &id) {
    MainWindow *window = m_root->mainWindow();
    if (!QTest::qWaitFor([&] { return window->ticketModel()->rowCount() > 0; }, Timeout))
        return {};
    QString target = id;
    if (target.isEmpty()) {
        // An open ticket whose prospect may be contacted.
        for (int row = 0; row < window->ticketModel()->rowCount() && target.isEmpty(); ++row) {
            const QString candidate = window->ticketModel()->ticketId(row);
            ComposeSession *s = window->composeController()->session(candidate);
            if (s->generateBlockedReason().isEmpty() && !s->prospectEmail().isEmpty())
                target = candidate;
        }
    }
    if (!window->selectTicket(target))
        return {};
    return pane()->session() && pane()->session()->ticketId() == target ? target : QString();
}

void TestComposeFlow::generate() {
    promptEdit()->setFocus();
    QTest::keyClick(m_root->mainWindow(), Qt::Key_Return, Qt::ControlModifier);
}

void TestComposeFlow::waitIdle() const {
    QTRY_VERIFY_WITH_TIMEOUT(!session()->isRunning(), Timeout);
}

void TestComposeFlow::ctrlReturnStreamsIntoTheEditorAndShowsTheMetadata() {
    m_root = startApp();
    QVERIFY(m_root);
    const QString ticket = pickTicket();
    QVERIFY(!ticket.isEmpty());
    m_model->setChunkDelay(15);
    m_model->setReplyText(
        u"Hi Priya,\n\nThanks for flagging the 4% gap between the dashboards and the CRM "
        "(SR-46964). Our team traced it to the nightly connector run: records updated after "
        "the cut-off were counted twice. The fix is in the 2.3 connector, which we can switch "
        "on for Harbourside this week.\n\nWould a 20-minute call on Thursday suit you to check "
        "the weekly report together before Finance runs it?\n\nBest regards,\nSam"_s);

    QTest::keyClicks(promptEdit(), u"Follow up on the dashboard numbers and propose a call"_s);
    QVERIFY(pane()->generateAction()->isEnabled());
    generate();
    // Text appears while the stream is still running, with the busy indicator and a count.
    QTRY_VERIFY_WITH_TIMEOUT(
        session()->state() == ComposeSession::State::Generating && !body().isEmpty(), Timeout);
    QVERIFY(child<QProgressBar>(pane(), u"busyIndicator"_s)->isVisible());
    QVERIFY(pane()->stopAction()->isEnabled());
    QVERIFY(!pane()->generateAction()->isEnabled());
    QTRY_VERIFY(child<QLabel>(pane(), u"progressText"_s)->text().contains(u"token"_s));
    waitIdle();

    QVERIFY2(!session()->error(),
             qPrintable(session()->error() ? session()->error()->message() : QString()));
    QVERIFY(!subjectEdit()->text().isEmpty());
    QVERIFY(body().size() > 40);
    QVERIFY(!child<QProgressBar>(pane(), u"busyIndicator"_s)->isVisible());
    // What the request was built from: the prompt reached the model.
    const QJsonObject request = m_model->lastRequestBody();
    QVERIFY(QJsonDocument(request).toJson().contains(
        "Follow up on the dashboard numbers and propose a call"));

    MetadataPanel *metadata = metadataPanel();
    QVERIFY2(metadata->usedContextText().contains(u"Ticket"_s),
             qPrintable(metadata->usedContextText()));
    QVERIFY2(metadata->confidenceText().contains(u'%'), qPrintable(metadata->confidenceText()));
    QVERIFY(!metadata->followUpText().isEmpty());
    QVERIFY2(metadata->usageText().contains(u"gpt-test"_s), qPrintable(metadata->usageText()));
    QVERIFY(!metadata->findingsText().isEmpty());
    // The generation is a version in the ticket's history.
    QCOMPARE(historyPanel()->versionCount(), 1);
    QCOMPARE(session()->versions().constFirst().status, DraftVersion::Status::Complete);
    QCOMPARE(session()->versions().constFirst().prompt,
             u"Follow up on the dashboard numbers and propose a call"_s);
    shoot(m_root->mainWindow(), u"compose.png"_s);
}

void TestComposeFlow::saveQueuesExactlyOneActivityWithAnIdempotencyKey() {
    m_root = startApp();
    QVERIFY(m_root);
    const QString ticket = pickTicket();
    QVERIFY(!ticket.isEmpty());
    QTest::keyClicks(promptEdit(), u"Ask for a call"_s);
    generate();
    waitIdle();
    QVERIFY(pane()->saveAction()->isEnabled());
    QVERIFY(!pane()->markSentAction()->isEnabled());
    QVERIFY(pane()->markSentAction()->toolTip().contains(u"Save"_s));

    bodyEdit()->setFocus();
    QTest::keyClick(m_root->mainWindow(), Qt::Key_S, Qt::ControlModifier);
    QTRY_COMPARE_WITH_TIMEOUT(m_crm->activities(ticket).size(), 1, Timeout);
    const QList<RecordedRequest> posts = m_crm->requests(u"activities.post"_s);
    QVERIFY(!posts.isEmpty());
    const QByteArray key = posts.constLast().header("Idempotency-Key");
    QVERIFY(!key.isEmpty());
    QCOMPARE(m_crm->timesStored(key), 1);
    const QJsonObject stored = m_crm->activities(ticket).constFirst();
    QCOMPARE(stored.value(u"content"_s).toString(), body());
    QCOMPARE(stored.value(u"subject"_s).toString(), subjectEdit()->text());
    QCOMPARE(stored.value(u"metadata"_s).toObject().value(u"prompt"_s).toString(),
             u"Ask for a call"_s);
    // Saved once: the action now says so, and pressing again sends nothing.
    QVERIFY(!pane()->saveAction()->isEnabled());
    QTest::keyClick(m_root->mainWindow(), Qt::Key_S, Qt::ControlModifier);
    QTest::qWait(300);
    QCOMPARE(m_crm->activities(ticket).size(), 1);
    QCOMPARE(historyPanel()->savedCount(), 1);

    // Mark as sent queues the "sent" event of that message, once.
    QVERIFY(pane()->markSentAction()->isEnabled());
    pane()->markSentAction()->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(m_crm->events(ticket).size(), 1, Timeout);
    QCOMPARE(m_crm->events(ticket).constFirst().value(u"type"_s).toString(), u"sent"_s);
    QVERIFY(!pane()->markSentAction()->isEnabled());
    QTRY_COMPARE(m_root->crmSession()->outbox().pendingCount(), 0);
}

void TestComposeFlow::escapeMidStreamKeepsThePartialText() {
    m_root = startApp();
    QVERIFY(m_root);
    QVERIFY(!pickTicket().isEmpty());
    m_model->setReplyTokens(400);
    m_model->setChunkDelay(20);
    QTest::keyClicks(promptEdit(), u"A long one"_s);
    generate();
    QTRY_VERIFY_WITH_TIMEOUT(body().size() > 20, Timeout);
    QTest::keyClick(m_root->mainWindow(), Qt::Key_Escape);
    waitIdle();
    const QString partial = body();
    QVERIFY(partial.size() > 20);
    QTest::qWait(300);
    QCOMPARE(body(), partial); // nothing more arrives
    QVERIFY(!session()->error());
    QVERIFY(session()->wasStopped());
    QVERIFY2(inlineMessage()->text().contains(u"Stopped"_s), qPrintable(inlineMessage()->text()));
    QCOMPARE(session()->versions().constFirst().status, DraftVersion::Status::Stopped);
    QCOMPARE(session()->versions().constFirst().response.message, partial);
}

void TestComposeFlow::textTypedDuringAStreamIsNeverOverwritten() {
    m_root = startApp();
    QVERIFY(m_root);
    QVERIFY(!pickTicket().isEmpty());
    m_model->setReplyTokens(120);
    m_model->setChunkDelay(15);
    QTest::keyClicks(promptEdit(), u"Write it"_s);
    generate();
    QTRY_VERIFY_WITH_TIMEOUT(body().size() > 10, Timeout);
    QPlainTextEdit *editor = bodyEdit();
    editor->setFocus();
    editor->moveCursor(QTextCursor::Start);
    QTest::keyClicks(editor, u"Hi there! "_s);
    editor->moveCursor(QTextCursor::End);
    QTest::keyClicks(editor, u" PS: typed by me"_s);
    subjectEdit()->setText(QString());
    QTest::keyClicks(subjectEdit(), u"My own subject"_s);
    waitIdle();
    QVERIFY(!session()->error());
    QVERIFY2(body().startsWith(u"Hi there! "_s), qPrintable(body().left(80)));
    QVERIFY2(body().contains(u" PS: typed by me"_s), qPrintable(body()));
    QCOMPARE(subjectEdit()->text(), u"My own subject"_s);
    // The model's own text is intact in the version.
    const DraftVersion version = session()->versions().constFirst();
    QVERIFY(!version.response.message.contains(u"typed by me"_s));
    QVERIFY(body().size() > version.response.message.size());
}

void TestComposeFlow::aRateLimitCountsDownAndThenSucceeds() {
    m_root = startApp();
    QVERIFY(m_root);
    QVERIFY(!pickTicket().isEmpty());
    m_model->setFault(ModelFault::rateLimit("2", "2000"), 1);
    QTest::keyClicks(promptEdit(), u"Try again"_s);
    generate();
    QTRY_VERIFY_WITH_TIMEOUT(session()->state() == ComposeSession::State::Waiting, Timeout);
    QTRY_VERIFY2(inlineMessage()->text().contains(u"Trying again by itself in"_s),
                 qPrintable(inlineMessage()->text()));
    QVERIFY(child<QLabel>(pane(), u"progressText"_s)->text().contains(u"Waiting to retry"_s));
    shoot(pane(), u"compose-rate-limit.png"_s);
    const int first = session()->retrySecondsLeft();
    QVERIFY(first >= 1 && first <= 2);
    waitIdle();
    QVERIFY(!session()->error());
    QVERIFY(!body().isEmpty());
    QVERIFY(inlineMessage()->text().isEmpty());
    QCOMPARE(m_model->requests(u"openai"_s).size(), 2);
}

void TestComposeFlow::aSpentQuotaSaysBillingAndDoesNotRetry() {
    m_root = startApp();
    QVERIFY(m_root);
    QVERIFY(!pickTicket().isEmpty());
    m_model->setFault(ModelFault::insufficientQuota());
    QTest::keyClicks(promptEdit(), u"Anything"_s);
    generate();
    QTRY_VERIFY_WITH_TIMEOUT(session()->error().has_value(), Timeout);
    waitIdle();
    QVERIFY2(inlineMessage()->text().contains(u"billing"_s), qPrintable(inlineMessage()->text()));
    QTest::qWait(1500);
    QCOMPARE(m_model->requests(u"openai"_s).size(), 1);
    QVERIFY(!session()->isRunning());
}

void TestComposeFlow::anAuthErrorOffersTheSettings() {
    m_root = startApp();
    QVERIFY(m_root);
    QVERIFY(!pickTicket().isEmpty());
    m_model->setFault(ModelFault::unauthorized());
    QSignalSpy settings(m_root->mainWindow(), &MainWindow::settingsRequested);
    generate();
    QTRY_VERIFY_WITH_TIMEOUT(session()->error().has_value(), Timeout);
    QCOMPARE(session()->error()->code(), OutreachError::Code::Auth);
    InlineMessage *message = inlineMessage();
    QVERIFY(message->actionButton()->isVisible());
    QVERIFY(message->actionButton()->text().contains(u"Settings"_s));
    QTest::mouseClick(message->actionButton(), Qt::LeftButton);
    QCOMPARE(settings.size(), 1);
}

void TestComposeFlow::aRestartRestoresTheDraft() {
    m_root = startApp();
    QVERIFY(m_root);
    const QString ticket = pickTicket();
    QVERIFY(!ticket.isEmpty());
    QTest::keyClicks(promptEdit(), u"Mention the SSO add-on"_s);
    generate();
    waitIdle();
    bodyEdit()->moveCursor(QTextCursor::End);
    QTest::keyClick(bodyEdit(), Qt::Key_Return);
    QTest::keyClicks(bodyEdit(), u"Best, Sam"_s);
    const QString expectedBody = body();
    const QString expectedSubject = subjectEdit()->text();

    // Autosaved within a second, read back through a second connection as a restart would.
    const QString dbPath = m_root->cache()->path();
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            auto cache = CacheStore::open(dbPath);
            if (!cache.ok())
                return false;
            const std::optional<Draft> draft = DraftStore(*cache.value()).load(ticket);
            return draft && draft->body == expectedBody;
        }(),
        1000);

    m_root.reset();
    m_root = startApp();
    QVERIFY(m_root);
    QCOMPARE(pickTicket(ticket), ticket);
    QCOMPARE(promptEdit()->toPlainText(), u"Mention the SSO add-on"_s);
    QCOMPARE(body(), expectedBody);
    QCOMPARE(subjectEdit()->text(), expectedSubject);
    QVERIFY(metadataPanel()->usageText().contains(u"gpt-test"_s));
    QCOMPARE(historyPanel()->versionCount(), 1);
}

void TestComposeFlow::switchingTicketsKeepsEachTicketsOwnGeneration() {
    m_root = startApp();
    QVERIFY(m_root);
    const QString first = pickTicket();
    QVERIFY(!first.isEmpty());
    m_model->setReplyTokens(150);
    m_model->setChunkDelay(10);
    QTest::keyClicks(promptEdit(), u"First ticket's request"_s);
    generate();
    QTRY_VERIFY_WITH_TIMEOUT(!body().isEmpty(), Timeout);
    ComposeSession *firstSession = session();

    // Another ticket while the first still streams: its own, empty compose state.
    MainWindow *window = m_root->mainWindow();
    QString second;
    for (int row = 0; row < window->ticketModel()->rowCount() && second.isEmpty(); ++row) {
        const QString id = window->ticketModel()->ticketId(row);
        if (id != first
            && window->composeController()->session(id)->generateBlockedReason().isEmpty())
            second = id;
    }
    QVERIFY(window->selectTicket(second));
    QCOMPARE(session()->ticketId(), second);
    QVERIFY(firstSession->isRunning());
    QVERIFY(body().isEmpty());
    QVERIFY(promptEdit()->toPlainText().isEmpty());
    QVERIFY(pane()->generateAction()->isEnabled());

    QTRY_VERIFY_WITH_TIMEOUT(!firstSession->isRunning(), Timeout);
    QVERIFY(body().isEmpty()); // nothing leaked into the ticket on screen
    QVERIFY(window->selectTicket(first));
    QCOMPARE(promptEdit()->toPlainText(), u"First ticket's request"_s);
    QVERIFY(body().size() > 100);
    QVERIFY(!firstSession->error());
}

void TestComposeFlow::aDoNotContactProspectDisablesGenerateWithTheReason() {
    m_root = startApp();
    QVERIFY(m_root);
    QCOMPARE(pickTicket(DoNotContactTicket), DoNotContactTicket);
    QVERIFY(!pane()->generateAction()->isEnabled());
    QVERIFY2(pane()->generateAction()->toolTip().contains(u"do-not-contact"_s),
             qPrintable(pane()->generateAction()->toolTip()));
    QVERIFY(!pane()->templatesMenu()->isEnabled());
    generate();
    QTest::qWait(200);
    QVERIFY(m_model->requests().isEmpty());
    QVERIFY(!session()->isRunning());
}

void TestComposeFlow::anyVersionCanBePutBack() {
    m_root = startApp();
    QVERIFY(m_root);
    QVERIFY(!pickTicket().isEmpty());
    m_model->setReplyText(u"First version of the message, long enough to count as one."_s);
    generate();
    waitIdle();
    const QString first = body();
    m_model->setReplyText(u"Second version, which replaces the first in the editor."_s);
    pane()->regenerateAction()->trigger();
    waitIdle();
    QVERIFY(body() != first);
    QCOMPARE(historyPanel()->versionCount(), 2);

    const qint64 older = historyPanel()->versionIdAt(1);
    QVERIFY(older > 0);
    QTreeWidget *tree = historyPanel()->tree();
    QTreeWidgetItem *versions = tree->topLevelItem(1);
    tree->setCurrentItem(versions->child(1));
    QPushButton *restore = historyPanel()->findChild<QPushButton *>(u"restoreVersionButton"_s);
    QVERIFY(restore->isEnabled());
    QTest::mouseClick(restore, Qt::LeftButton);
    QCOMPARE(body(), first);
}

void TestComposeFlow::mailtoCarriesAddressSubjectAndBody() {
    m_root = startApp();
    QVERIFY(m_root);
    QVERIFY(!pickTicket().isEmpty());
    QVERIFY(!pane()->mailAction()->isEnabled());
    generate();
    waitIdle();
    MailtoCatcher catcher;
    QDesktopServices::setUrlHandler(u"mailto"_s, &catcher, "open");
    pane()->mailAction()->trigger();
    QDesktopServices::unsetUrlHandler(u"mailto"_s);
    QCOMPARE(catcher.urls.size(), 1);
    const QUrl url = catcher.urls.constFirst();
    QCOMPARE(url.scheme(), u"mailto"_s);
    QCOMPARE(url.path(), session()->prospectEmail());
    const QUrlQuery query(url);
    QCOMPARE(query.queryItemValue(u"subject"_s, QUrl::FullyDecoded), subjectEdit()->text());
    QCOMPARE(query.queryItemValue(u"body"_s, QUrl::FullyDecoded).replace(u"\r\n"_s, u"\n"_s),
             body());

    pane()->copyAction()->trigger();
    QVERIFY(QApplication::clipboard()->text().contains(body()));
    QVERIFY(QApplication::clipboard()->text().contains(subjectEdit()->text()));
}

void TestComposeFlow::longMessagesOpenInTheMailClientUncut() {
    m_root = startApp();
    QVERIFY(m_root);
    QVERIFY(!pickTicket().isEmpty());
    generate();
    waitIdle();
    QString text;
    for (int i = 1; i <= 30; ++i)
        text +=
            u"Absatz %1: Wir haben das Angebot für Müller & Söhne noch einmal geprüft.\n"_s.arg(i);
    session()->bodyDocument()->setPlainText(text);
    QVERIFY(MailClientHandoff::mailtoUrl(pane()->mailDraft()).toString(QUrl::FullyEncoded).size()
            > MailClientHandoff::MailtoLimit);
    QSignalSpy status(pane(), &ComposePane::statusMessage);

    // No Thunderbird: the whole message as an .eml, opened with the system's handler.
    pane()->mailHandoff().setThunderbirdProgram(QString());
    MailtoCatcher catcher;
    QDesktopServices::setUrlHandler(u"file"_s, &catcher, "open");
    QDesktopServices::setUrlHandler(u"mailto"_s, &catcher, "open");
    pane()->mailAction()->trigger();
    QDesktopServices::unsetUrlHandler(u"file"_s);
    QDesktopServices::unsetUrlHandler(u"mailto"_s);
    QCOMPARE(catcher.urls.size(), 1);
    QVERIFY(catcher.urls.first().isLocalFile());
    QFile eml(catcher.urls.first().toLocalFile());
    QVERIFY(eml.open(QIODevice::ReadOnly));
    const Result<ReceivedMail> opened = ReceivedMail::parse(eml.readAll());
    QVERIFY(opened.ok());
    QCOMPARE(opened.value().text, text);
    QCOMPARE(opened.value().subject, subjectEdit()->text().trimmed());
    QVERIFY(!status.isEmpty());
    QVERIFY2(status.last().first().toString().contains(u".eml"_s),
             qPrintable(status.last().first().toString()));

    // Thunderbird where it is installed: its composer gets the whole text from a file.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString script = dir.filePath(u"thunderbird"_s);
    const QString arguments = dir.filePath(u"arguments.txt"_s);
    QFile program(script);
    QVERIFY(program.open(QIODevice::WriteOnly));
    program.write(u"#!/bin/sh\nprintf '%s\\n' \"$@\" > '%1'\n"_s.arg(arguments).toUtf8());
    program.close();
    program.setPermissions(program.permissions() | QFileDevice::ExeOwner);
    pane()->mailHandoff().setThunderbirdProgram(script);
    pane()->mailAction()->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(QFileInfo(arguments).size() > 0, 10000);
    QFile recorded(arguments);
    QVERIFY(recorded.open(QIODevice::ReadOnly));
    const QStringList given = QString::fromUtf8(recorded.readAll()).split(u'\n');
    QCOMPARE(given.value(0), u"-compose"_s);
    static const QRegularExpression messageFile(u"message='([^']+)'"_s);
    const QRegularExpressionMatch match = messageFile.match(given.value(1));
    QVERIFY2(match.hasMatch(), qPrintable(given.value(1)));
    QVERIFY(given.value(1).contains(u"to='%1'"_s.arg(session()->prospectEmail())));
    QFile bodyFile(match.captured(1));
    QVERIFY(bodyFile.open(QIODevice::ReadOnly));
    QCOMPARE(QString::fromUtf8(bodyFile.readAll()), text);
    QVERIFY(status.last().first().toString().contains(u"Thunderbird"_s));
}

void TestComposeFlow::saveAsEmlWritesTheMessageForAnyMailClient() {
    m_root = startApp();
    QVERIFY(m_root);
    QVERIFY(!pickTicket().isEmpty());
    QVERIFY(!pane()->saveEmlAction()->isEnabled());
    generate();
    waitIdle();
    QVERIFY(pane()->saveEmlAction()->isEnabled());
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    // The action's file dialog, answered as a rep would.
    QTimer::singleShot(0, this, [&dir] {
        auto *dialog = qobject_cast<QFileDialog *>(QApplication::activeModalWidget());
        if (!dialog)
            return;
        dialog->selectFile(dir.filePath(u"angebot"_s));
        QMetaObject::invokeMethod(dialog, "accept");
    });
    pane()->saveEmlAction()->trigger();
    QFile eml(dir.filePath(u"angebot.eml"_s));
    QVERIFY2(eml.open(QIODevice::ReadOnly), qPrintable(eml.fileName()));
    const QByteArray bytes = eml.readAll();
    QVERIFY(bytes.contains("\r\nX-Unsent: 1\r\n"));
    const Result<ReceivedMail> read = ReceivedMail::parse(bytes);
    QVERIFY(read.ok());
    QCOMPARE(read.value().text, body() + (body().endsWith(u'\n') ? u""_s : u"\n"_s));
    QCOMPARE(read.value().subject, subjectEdit()->text().trimmed());
    QVERIFY(bytes.contains(session()->prospectEmail().toUtf8()));
    // Saved through the window's own check: an unwritable place says so and keeps the draft.
    const Result<QString> refused = pane()->saveEmlTo(dir.filePath(u"no/such/folder/x.eml"_s));
    QVERIFY(!refused.ok());
    QVERIFY(refused.error().message().contains(u"could not be saved"_s));
}

void TestComposeFlow::usedContextLinksHighlightTheirSource() {
    m_root = startApp();
    QVERIFY(m_root);
    QVERIFY(!pickTicket().isEmpty());
    generate();
    waitIdle();
    QVERIFY(session()->response());
    const QStringList used = session()->response()->metadata.usedContext;
    QVERIFY(used.contains(u"ticket"_s));
    TicketDetailPane *detail = child<TicketDetailPane>(m_root->mainWindow(), u"ticketDetailPane"_s);
    emit metadataPanel()->contextActivated(u"ticket"_s);
    QCOMPARE(detail->highlightedSection(), u"ticket"_s);
    QVERIFY(detail->highlightContext(u"prospect.preferences"_s));
    QCOMPARE(detail->highlightedSection(), u"preferences"_s);
}

void TestComposeFlow::withoutAModelGenerateOffersTemplatesAndTheDemoSavesLocally() {
    m_root = startApp(/*withCrm=*/false, /*demo=*/true);
    QVERIFY(m_root);
    QVERIFY(!m_root->crmSession());
    const QString ticket = pickTicket();
    QVERIFY(!ticket.isEmpty());
    QVERIFY(!m_root->mainWindow()->composeController()->hasModel());
    generate();
    InlineMessage *message = inlineMessage();
    QTRY_VERIFY(message->text().contains(u"No model endpoint is configured"_s));
    QCOMPARE(message->secondaryButton()->text(), u"Find a Local Server…"_s);
    {
        // The composition root would open the settings and scan this computer's real ports:
        // only that the window asks for it is checked here (tst_settingsdialog does the scan).
        QObject::disconnect(m_root->mainWindow(), &MainWindow::localServerSearchRequested, nullptr,
                            nullptr);
        QSignalSpy search(m_root->mainWindow(), &MainWindow::localServerSearchRequested);
        QTest::mouseClick(message->secondaryButton(), Qt::LeftButton);
        QCOMPARE(search.size(), 1);
    }
    QAction *followUp = pane()->templatesMenu()->findChild<QAction *>(u"template-follow-up"_s);
    QVERIFY(followUp);
    followUp->trigger();
    QVERIFY(!body().isEmpty());
    QVERIFY(!subjectEdit()->text().isEmpty());
    QVERIFY(message->text().isEmpty());
    QCOMPARE(session()->versions().constFirst().status, DraftVersion::Status::Template);

    // Edit, save: the message is on the ticket's history on this computer.
    bodyEdit()->moveCursor(QTextCursor::End);
    QTest::keyClick(bodyEdit(), Qt::Key_Return);
    QTest::keyClicks(bodyEdit(), u"See you soon."_s);
    QVERIFY2(pane()->saveAction()->isEnabled(), qPrintable(pane()->saveAction()->toolTip()));
    pane()->saveAction()->trigger();
    QCOMPARE(historyPanel()->savedCount(), 1);
    const QList<OutreachActivity> saved =
        m_root->mainWindow()->composeController()->tracker().messages(ticket);
    QCOMPARE(saved.size(), 1);
    QVERIFY(saved.constFirst().content.endsWith(u"See you soon."_s));
    QVERIFY(m_model->requests().isEmpty());
    QVERIFY(m_crm->requests().isEmpty());
}

void TestComposeFlow::mailSettingsRequestOpensTheMailPage() {
    // A mailbox on this computer where nothing answers, its password from the environment.
    MailSettings mail;
    mail.account.host = u"127.0.0.1"_s;
    mail.account.port = closedPort();
    mail.account.security = MailAccount::Security::None;
    mail.account.user = u"sam"_s;
    {
        QSettings settings(m_dir->filePath(u"settings.ini"_s), QSettings::IniFormat);
        mail.save(settings);
    }
    qputenv(MailSettings::PasswordVariable, "imap-secret-from-env");
    m_root = startApp(/*withCrm=*/false, /*demo=*/true);
    qunsetenv(MailSettings::PasswordVariable);
    QVERIFY(m_root);
    ComposeController *compose = m_root->mainWindow()->composeController();
    QCOMPARE(compose->mailSettings(), mail);
    QCOMPARE(compose->mailPassword(), u"imap-secret-from-env"_s);

    // Page 3 is what the compose area's mail notices ask for ("Mail Settings…").
    emit m_root->mainWindow()->settingsRequested(3);
    QPointer<SettingsDialog> dialog = m_root->mainWindow()->findChild<SettingsDialog *>();
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isVisible());
    QCOMPARE(dialog->currentPage(), SettingsDialog::Page::Mail);
    QCOMPARE(dialog->findChild<QLineEdit *>(u"mailHost"_s)->text(), u"127.0.0.1"_s);
    // What the dialog saves reaches the compose area at once.
    dialog->findChild<QSpinBox *>(u"mailPollSeconds"_s)->setValue(40);
    dialog->findChild<QDialogButtonBox *>(u"settingsButtons"_s)
        ->button(QDialogButtonBox::Ok)
        ->click();
    QTRY_VERIFY_WITH_TIMEOUT(!dialog, Timeout);
    QTRY_COMPARE_WITH_TIMEOUT(compose->mailSettings().pollSeconds, 40, Timeout);
    QCOMPARE(compose->mailSettings().account, mail.account);
}

void TestComposeFlow::settingsFromTheWindowConfigureTheModelAndGenerateWorks() {
    m_root = startApp(/*withCrm=*/false, /*demo=*/true);
    QVERIFY(m_root);
    QVERIFY(!pickTicket().isEmpty());
    QVERIFY(!m_root->mainWindow()->composeController()->hasModel());

    // Ctrl+, opens the dialog on the model page.
    QTest::keyClick(m_root->mainWindow(), Qt::Key_Comma, Qt::ControlModifier);
    // Deleted when it closes.
    QPointer<SettingsDialog> dialog = m_root->mainWindow()->findChild<SettingsDialog *>();
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isVisible());
    QCOMPARE(dialog->currentPage(), SettingsDialog::Page::Model);
    auto *provider = dialog->findChild<QComboBox *>(u"modelProvider"_s);
    QVERIFY(provider);
    for (int i = 0; i < provider->count(); ++i) {
        if (provider->itemData(i).toString() == u"compatible"_s)
            provider->setCurrentIndex(i);
    }
    auto *baseUrl = dialog->findChild<QLineEdit *>(u"modelBaseUrl"_s);
    auto *model = dialog->findChild<QLineEdit *>(u"modelName"_s);
    QVERIFY(baseUrl && model);
    baseUrl->setText(m_model->openAiBaseUrl().toString());
    model->setText(u"gpt-test"_s);
    shoot(dialog, u"settings.png"_s);
    dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->click();
    QTRY_VERIFY_WITH_TIMEOUT(m_root->mainWindow()->composeController()->hasModel(), Timeout);
    QTRY_VERIFY(!dialog || !dialog->isVisible());
    // Without a window manager (Xvfb) nothing hands the activation back to the main window.
    m_root->mainWindow()->activateWindow();
    QApplication::setActiveWindow(m_root->mainWindow());
    QVERIFY(QTest::qWaitForWindowActive(m_root->mainWindow()));

    generate();
    waitIdle();
    QVERIFY(!session()->error());
    QVERIFY(!body().isEmpty());
    QCOMPARE(m_model->requests(u"openai"_s).size(), 1);
}

void TestComposeFlow::aRefusedWriteIsListedFromTheStatusBarAndRetried() {
    m_root = startApp();
    QVERIFY(m_root);
    const QString ticket = pickTicket();
    QVERIFY(!ticket.isEmpty());
    generate();
    waitIdle();
    m_crm->setFault(u"activities.post"_s, FakeCrmServer::Fault::httpStatus(422), 1);
    pane()->saveAction()->trigger();
    Outbox &outbox = m_root->crmSession()->outbox();
    QTRY_COMPARE_WITH_TIMEOUT(outbox.failedCount(), 1, Timeout);
    auto *status = m_root->mainWindow()->findChild<QToolButton *>(u"outboxStatus"_s);
    QTRY_VERIFY(status->isVisible() && status->text().contains(u"refused"_s));

    QTest::mouseClick(status, Qt::LeftButton);
    auto *dialog = m_root->mainWindow()->findChild<OutboxDialog *>();
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isVisible());
    QCOMPARE(dialog->table()->rowCount(), 1);
    QCOMPARE(dialog->table()->item(0, 2)->text(), ticket);
    QVERIFY(!dialog->table()->item(0, 3)->text().isEmpty()); // the CRM's reason

    dialog->table()->selectRow(0);
    auto *retry = dialog->findChild<QPushButton *>(u"retryWriteButton"_s);
    QVERIFY(retry->isEnabled());
    QTest::mouseClick(retry, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(m_crm->activities(ticket).size(), 1, Timeout);
    QTRY_COMPARE(outbox.failedCount(), 0);
    QTRY_COMPARE(dialog->table()->rowCount(), 0);
    QTRY_VERIFY(!status->isVisible());
}

void TestComposeFlow::outcomesRecordedInTheHistoryReachTheCrmOnceAndTheEffectivenessView() {
    m_root = startApp();
    QVERIFY(m_root);
    const QString ticket = pickTicket();
    QVERIFY(!ticket.isEmpty());
    // A preset, so the message is counted under it.
    QComboBox *presets = child<QComboBox>(pane(), u"presetBox"_s);
    presets->setCurrentIndex(presets->findData(u"meeting_request"_s));
    emit presets->activated(presets->currentIndex());
    QCOMPARE(promptEdit()->toPlainText(),
             PromptPreset::request(PromptPreset::Kind::MeetingRequest));
    generate();
    waitIdle();
    pane()->saveAction()->trigger();
    pane()->markSentAction()->trigger();
    const QString messageId = session()->savedMessageId();
    QVERIFY(!messageId.isEmpty());

    HistoryPanel *history = historyPanel();
    QVERIFY(history->selectSavedMessage(messageId));
    QPushButton *positive = history->outcomeButton(ActivityTracker::Milestone::RepliedPositive);
    QVERIFY(positive && positive->isEnabled());
    QTest::mouseClick(positive, Qt::LeftButton);
    QVERIFY(history->selectSavedMessage(messageId));
    QTest::mouseClick(positive, Qt::LeftButton); // a second click sends nothing
    QVERIFY(history->selectSavedMessage(messageId));
    QTest::mouseClick(history->outcomeButton(ActivityTracker::Milestone::MeetingBooked),
                      Qt::LeftButton);
    QVERIFY(history->tree()->topLevelItem(0)->child(0)->text(1).contains(u"meeting booked"_s));
    pane()->findChild<QTabWidget *>(u"composeTabs"_s)->setCurrentWidget(history);
    shoot(pane(), u"compose-history.png"_s);

    QTRY_COMPARE_WITH_TIMEOUT(m_root->crmSession()->outbox().pendingCount(), 0, Timeout);
    QStringList types;
    for (const QJsonObject &event : m_crm->events(ticket))
        types.append(event.value(u"type"_s).toString());
    QCOMPARE(types, (QStringList{u"sent"_s, u"replied"_s, u"meeting_booked"_s}));
    const QJsonObject metrics = m_crm->effectiveness().value(messageId);
    QCOMPARE(metrics.value(u"reply_sentiment"_s).toString(), u"positive"_s);
    QVERIFY(metrics.value(u"meeting_booked"_s).toBool());
    QCOMPARE(m_crm->activities(ticket)
                 .constFirst()
                 .value(u"metadata"_s)
                 .toObject()
                 .value(u"preset"_s)
                 .toString(),
             u"meeting_request"_s);

    // View → Effectiveness shows it, under its preset.
    QTest::keyClick(m_root->mainWindow(), Qt::Key_I, Qt::ControlModifier | Qt::ShiftModifier);
    auto *effectiveness = m_root->mainWindow()->findChild<QDialog *>(u"effectivenessWindow"_s);
    QVERIFY(effectiveness);
    QTRY_VERIFY(effectiveness->isVisible());
    auto *view = effectiveness->findChild<EffectivenessView *>();
    QVERIFY(view);
    QTRY_VERIFY_WITH_TIMEOUT(!view->isLoading(), Timeout); // read on a worker
    QCOMPARE(view->summary().overall.sent, 1);
    QCOMPARE(view->summary().overall.meetings, 1);
    QCOMPARE(view->summary().byPreset.constFirst().label,
             PromptPreset::label(PromptPreset::Kind::MeetingRequest));
}

void TestComposeFlow::theWindowStaysResponsiveDuringAnEndlessStream() {
    m_root = startApp();
    QVERIFY(m_root);
    const QString ticket = pickTicket();
    QVERIFY(!ticket.isEmpty());
    // Plain text (the endpoint refuses structured output), so the endless words reach the editor.
    m_model->setFault(ModelFault::rejectParam(u"response_format"_s));
    m_model->setFault(ModelFault::endlessStream());

    // While text pours in, the event loop keeps turning (a 10 ms timer is never held up long)
    // and the rest of the window works (another ticket can be selected, and back).
    QElapsedTimer clock;
    clock.start();
    qint64 last = 0;
    qint64 longestGap = 0;
    QTimer tick;
    connect(&tick, &QTimer::timeout, this, [&] {
        longestGap = std::max(longestGap, clock.elapsed() - last);
        last = clock.elapsed();
    });
    tick.start(10);
    generate();
    QTRY_VERIFY_WITH_TIMEOUT(!body().isEmpty(), Timeout);
    MainWindow *window = m_root->mainWindow();
    const QString other = window->ticketModel()->ticketId(1) == ticket
                              ? window->ticketModel()->ticketId(2)
                              : window->ticketModel()->ticketId(1);
    QVERIFY(window->selectTicket(other));
    QVERIFY(window->selectTicket(ticket));
    // The generator bounds the answer (1 Mi characters) and ends with a clear error; Esc would
    // end it sooner. Either way the text so far stays.
    QTest::keyClick(window, Qt::Key_Escape);
    waitIdle();
    tick.stop();
    QVERIFY2(longestGap < 250, qPrintable(u"event loop held for %1 ms"_s.arg(longestGap)));
    QVERIFY(body().size() > 100);
    if (session()->error())
        QVERIFY(!session()->error()->message().isEmpty());
    qInfo("longest event-loop gap while streaming: %lld ms; %lld characters kept", longestGap,
          qlonglong(body().size()));
}

QTEST_MAIN(TestComposeFlow)
#include "tst_composeflow.moc"

void TestComposeFlow::aDraftCutAtTheOutputLimitIsNotReadyUntilTheRepFinishesIt() {
    {
        QSettings settings(m_dir->filePath(u"settings.ini"_s), QSettings::IniFormat);
        settings.setValue(u"model/maxOutputTokens"_s, 40);
    }
    m_root = startApp();
    QVERIFY(m_root);
    QVERIFY(!pickTicket().isEmpty());
    m_model->setReplyTokens(300);
    generate();
    waitIdle();
    QCOMPARE(m_model->lastRequestBody().value(u"max_tokens"_s).toInt(), 40);
    QVERIFY2(!body().isEmpty(), "the text written so far stays");
    const auto incomplete = [this] {
        for (const ComplianceFinding &finding : session()->findings()) {
            if (finding.kind == ComplianceFinding::Kind::IncompleteDraft)
                return true;
        }
        return false;
    };
    QTRY_VERIFY_WITH_TIMEOUT(incomplete(), Timeout);
    QVERIFY(!pane()->saveAction()->isEnabled());
    QVERIFY2(session()->saveBlockedReason().contains(u"output"_s),
             qPrintable(session()->saveBlockedReason()));
    QVERIFY(metadataPanel()->findingsText().contains(u"output limit"_s));

    // The rep finishes the sentence: the ending is theirs now, and the draft may be saved.
    bodyEdit()->setFocus();
    bodyEdit()->moveCursor(QTextCursor::End);
    QTest::keyClicks(bodyEdit(), u" and that is all. Best regards"_s);
    QTRY_VERIFY_WITH_TIMEOUT(!incomplete(), Timeout);
}

void TestComposeFlow::theCoachingIsUpToDateTheMomentAGenerationEnds() {
    m_root = startApp();
    QVERIFY(m_root);
    QVERIFY(!pickTicket().isEmpty());
    auto *tabs = child<QTabWidget>(pane(), u"composeTabs"_s);
    auto *coaching = child<CoachingPanel>(pane(), u"coachingPanel"_s);
    tabs->setCurrentWidget(coaching);
    m_model->setChunkDelay(5);
    m_model->setReplyText(u"Hi Priya,\n\nThe fix for the dashboard gap is ready, and the pilot is "
                          u"free for your team. Would a short call on Thursday suit you?\n\n"
                          u"Best regards,\nSam"_s);
    QTest::keyClicks(promptEdit(), u"Follow up on the dashboard numbers"_s);
    generate();
    QTRY_VERIFY_WITH_TIMEOUT(session()->isRunning(), Timeout);
    waitIdle();
    QVERIFY2(!session()->error(),
             qPrintable(session()->error() ? session()->error()->message() : QString()));
    // No pause to wait for: the finished text is coached as it lands.
    const DraftMeasures expected =
        DraftCoach::measure({session()->subject(), body(),
                             session()->context()->prospect.prospect.locale, session()->length()});
    QCOMPARE(coaching->items().size(), 8);
    const CoachingItem words = coaching->items().at(0);
    QCOMPARE(words.kind, CoachingItem::Kind::WordCount);
    QVERIFY2(words.value.startsWith(u"%1 word"_s.arg(expected.words)), qPrintable(words.value));
    QVERIFY(body().contains(u"free"_s));
    const CoachingItem spam = coaching->items().at(6);
    QCOMPARE(spam.kind, CoachingItem::Kind::SpamWords);
    QVERIFY2(spam.value.contains(u"free"_s), qPrintable(spam.value));
}
