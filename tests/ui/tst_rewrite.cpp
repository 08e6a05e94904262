// SPDX-License-Identifier: GPL-3.0-or-later
// Rewriting a selection or the whole draft in the real main window: the composition root with the
// in-process fake CRM and fake model endpoint, which answers a rewrite request with a predictable
// rewrite of the passage it was sent (FakeModelServer). Checks the text streams in place, is one
// undo step, is put back exactly after a stop or a failure, and is autosaved and checked.
#include "FakeCrmServer.h"
#include "FakeModelServer.h"
#include "app/CompositionRoot.h"
#include "domain/ComplianceFinding.h"
#include "domain/RewriteRequest.h"
#include "storage/CacheStore.h"
#include "storage/DraftStore.h"
#include "support/ChildWidget.h"
#include "ui/compose/ComposeController.h"
#include "ui/compose/ComposePane.h"
#include "ui/compose/ComposeSession.h"
#include "ui/itemmodels/TicketTableModel.h"
#include "ui/main/MainWindow.h"
#include "ui/widgets/InlineMessage.h"
#include "workspace/CrmSession.h"

#include <QAction>
#include <QApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLineEdit>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>
#include <QTextCursor>
#include <QTextDocument>

#include <memory>

using namespace Qt::StringLiterals;
using ModelFault = FakeModelServer::Fault;

namespace {

// A hang guard, not a speed claim: QTRY_* returns as soon as its condition holds.
constexpr int Timeout = 15'000;

const QString DraftText =
    u"Hi Priya,\n\nThank you for the call on Tuesday. Our team traced the gap to the nightly "
    "connector run, which counted some records twice. The fix ships in the next connector "
    "release.\n\nWould a short call this week suit you?\n\nBest regards,\nSam"_s;
const QString Sentence =
    u"Our team traced the gap to the nightly connector run, which counted some records twice."_s;
// What the fake makes of the one sentence: its first clause.
const QString ShorterSentence = u"Our team traced the gap to the nightly connector run."_s;

// The last user message the fake received.
QString lastUserMessage(const FakeModelServer &server) {
    const QJsonArray messages = server.lastRequestBody().value(u"messages"_s).toArray();
    for (qsizetype i = messages.size() - 1; i >= 0; --i) {
        const QJsonObject message = messages.at(i).toObject();
        if (message.value(u"role"_s).toString() == u"user")
            return message.value(u"content"_s).toString();
    }
    return {};
}

QJsonObject ownBlock(const QString &user, const QString &tag) {
    const QString open = u'<' + tag + u">\n"_s;
    const qsizetype begin = user.indexOf(open);
    const qsizetype end = user.indexOf(u"\n</"_s + tag + u'>');
    if (begin < 0 || end < begin)
        return {};
    return QJsonDocument::fromJson(
               user.mid(begin + open.size(), end - begin - open.size()).toUtf8())
        .object();
}

} // namespace

class TestRewrite : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void shorterReplacesTheSelectionInPlaceAsOneUndoStep();
    void stoppingMidStreamPutsTheOriginalBackExactly();
    void stoppingBeforeAnyTextLeavesTheDraftAlone();
    void aDroppedStreamPutsTheOriginalBackAndShowsTheError();
    void withoutASelectionTheWholeDraftIsTranslated();
    void aRewriteThatAddsAFigureGetsTheFinding();
    void theRewriteMenuIsInTheMessageMenuAndTheBodysContextMenu();

private:
    bool startApp();
    // Picks a ticket whose prospect may be contacted and has a known language, and puts DraftText
    // in its editor through a generation.
    QString prepareDraft();
    void select(int start, int end);
    ComposePane *pane() const { return child<ComposePane>(m_root->mainWindow(), u"composePane"_s); }
    ComposeSession *session() const { return pane()->session(); }
    QPlainTextEdit *bodyEdit() const { return child<QPlainTextEdit>(pane(), u"bodyEdit"_s); }
    QLineEdit *subjectEdit() const { return child<QLineEdit>(pane(), u"subjectEdit"_s); }
    QString body() const { return bodyEdit()->toPlainText(); }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<FakeCrmServer> m_crm;
    std::unique_ptr<FakeModelServer> m_model;
    std::unique_ptr<CompositionRoot> m_root;
};

void TestRewrite::init() {
    qputenv(CrmSession::TokenVariable, "test-token");
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_crm = std::make_unique<FakeCrmServer>();
    QVERIFY(m_crm->start());
    QVERIFY(m_crm->loadWorkspace());
    m_model = std::make_unique<FakeModelServer>();
    QVERIFY(m_model->start());
    QSettings settings(m_dir->filePath(u"settings.ini"_s), QSettings::IniFormat);
    settings.setValue(u"crm/baseUrl"_s, m_crm->baseUrl().toString());
    settings.setValue(u"model/provider"_s, u"compatible"_s);
    settings.setValue(u"model/baseUrl"_s, m_model->openAiBaseUrl().toString());
    settings.setValue(u"model/name"_s, u"gpt-test"_s);
}

void TestRewrite::cleanup() {
    m_root.reset();
    m_model.reset();
    m_crm.reset();
    m_dir.reset();
    qunsetenv(CrmSession::TokenVariable);
}

bool TestRewrite::startApp() {
    CommandLine::Options options;
    options.dataDir = m_dir->path();
    options.keychainService = u"OutreachGPT-test-%1"_s.arg(QCoreApplication::applicationPid());
    m_root = std::make_unique<CompositionRoot>(options);
    if (const Result<void> started = m_root->start(); !started.ok()) {
        qWarning().noquote() << started.error().toString();
        return false;
    }
    MainWindow *window = m_root->mainWindow();
    window->resize(1440, 860);
    window->activateWindow();
    QApplication::setActiveWindow(window);
    return QTest::qWaitForWindowActive(window);
}

QString TestRewrite::prepareDraft() {
    MainWindow *window = m_root->mainWindow();
    if (!QTest::qWaitFor([&] { return window->ticketModel()->rowCount() > 0; }, Timeout))
        return {};
    QString target;
    for (int row = 0; row < window->ticketModel()->rowCount() && target.isEmpty(); ++row) {
        const QString candidate = window->ticketModel()->ticketId(row);
        ComposeSession *s = window->composeController()->session(candidate);
        if (s->generateBlockedReason().isEmpty()
            && !RewriteRequest::languageName(s->prospectLocale()).isEmpty())
            target = candidate;
    }
    if (target.isEmpty() || !window->selectTicket(target) || !session())
        return {};
    m_model->setReplyText(DraftText);
    pane()->generateAction()->trigger();
    if (!QTest::qWaitFor([&] { return !session()->isRunning(); }, Timeout) || body() != DraftText)
        return {};
    // From here on the fake computes its answers, rewrites included.
    m_model->setReplyText(QString());
    return target;
}

void TestRewrite::select(int start, int end) {
    QTextCursor cursor = bodyEdit()->textCursor();
    cursor.setPosition(start);
    cursor.setPosition(end, QTextCursor::KeepAnchor);
    bodyEdit()->setTextCursor(cursor);
    bodyEdit()->setFocus();
}

void TestRewrite::shorterReplacesTheSelectionInPlaceAsOneUndoStep() {
    QVERIFY(startApp());
    const QString ticket = prepareDraft();
    QVERIFY(!ticket.isEmpty());
    const QString subject = subjectEdit()->text();
    const int versions = int(session()->versions().size());
    const int at = int(DraftText.indexOf(Sentence));
    QVERIFY(at > 0);
    select(at, at + int(Sentence.size()));
    QVERIFY(pane()->rewriteAction(RewriteRequest::Kind::Shorter)->isEnabled());
    QVERIFY(pane()
                ->rewriteAction(RewriteRequest::Kind::Shorter)
                ->toolTip()
                .contains(u"selected text"_s));

    // Every state the body passes through, to see the rewrite arrive piece by piece.
    QStringList states;
    connect(bodyEdit()->document(), &QTextDocument::contentsChanged, this,
            [&] { states.append(body()); });
    m_model->setChunkDelay(25);
    QTest::keyClick(bodyEdit(), Qt::Key_S, Qt::AltModifier | Qt::ShiftModifier);
    QTRY_VERIFY_WITH_TIMEOUT(session()->isRewriting(), Timeout);
    QVERIFY(bodyEdit()->isReadOnly());
    QVERIFY(!pane()->generateAction()->isEnabled());
    QVERIFY(pane()->stopAction()->isEnabled());
    QTRY_VERIFY_WITH_TIMEOUT(!session()->isRunning(), Timeout);
    QVERIFY2(!session()->error(),
             qPrintable(session()->error() ? session()->error()->message() : QString()));
    QVERIFY(!bodyEdit()->isReadOnly());

    const QString prefix = DraftText.left(at);
    const QString suffix = DraftText.mid(at + Sentence.size());
    const QString expected = prefix + ShorterSentence + suffix;
    QCOMPARE(body(), expected);
    QCOMPARE(subjectEdit()->text(), subject);
    // Streamed in place: the rest stayed put while pieces of the new sentence came in.
    int partial = 0;
    for (const QString &state : std::as_const(states)) {
        QVERIFY2(state.startsWith(prefix) && state.endsWith(suffix), qPrintable(state));
        const QString middle =
            state.mid(prefix.size(), state.size() - prefix.size() - suffix.size());
        if (!middle.isEmpty() && middle != ShorterSentence && ShorterSentence.startsWith(middle))
            ++partial;
    }
    QVERIFY2(partial >= 2, qPrintable(states.join(u"\n---\n"_s)));
    // The rewritten passage is selected.
    QCOMPARE(bodyEdit()->textCursor().selectedText(), ShorterSentence);

    // What the model was asked: that passage, that change, the draft around it.
    const QString user = lastUserMessage(*m_model);
    QVERIFY(user.contains(u"\nRewrite (shorter): "_s));
    QCOMPARE(ownBlock(user, u"passage"_s).value(u"passage"_s).toString(), Sentence);
    QCOMPARE(ownBlock(user, u"current_draft"_s).value(u"body"_s).toString(), DraftText);
    QCOMPARE(ownBlock(user, u"current_draft"_s).value(u"subject"_s).toString(), subject);

    // Autosaved, and kept as a version.
    const QString dbPath = m_root->cache()->path();
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            auto cache = CacheStore::open(dbPath);
            if (!cache.ok())
                return false;
            const std::optional<Draft> draft = DraftStore(*cache.value()).load(ticket);
            return draft && draft->body == expected;
        }(),
        1000);
    QCOMPARE(session()->versions().size(), versions + 1);
    QCOMPARE(session()->versions().constFirst().prompt, u"Rewrite: shorter"_s);

    // One undo puts the original back exactly; redo brings the rewrite back.
    bodyEdit()->setFocus();
    QTest::keyClick(bodyEdit(), Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(body(), DraftText);
    bodyEdit()->redo();
    QCOMPARE(body(), expected);
}

void TestRewrite::stoppingMidStreamPutsTheOriginalBackExactly() {
    QVERIFY(startApp());
    QVERIFY(!prepareDraft().isEmpty());
    const int undoSteps = bodyEdit()->document()->availableUndoSteps();
    const int at = int(DraftText.indexOf(Sentence));
    select(at, at + int(Sentence.size()));
    m_model->setChunkDelay(60);
    pane()->rewriteAction(RewriteRequest::Kind::Warmer)->trigger();
    // Stopped once the new text has taken the passage's place.
    QTRY_VERIFY_WITH_TIMEOUT(!body().contains(Sentence), Timeout);
    QVERIFY(session()->isRewriting());
    // An autosave meanwhile (a quit, a crash) keeps the draft as it was, not half rewritten.
    QCOMPARE(session()->currentDraft().body, DraftText);
    QTest::keyClick(m_root->mainWindow(), Qt::Key_Escape);
    QTRY_VERIFY_WITH_TIMEOUT(!session()->isRunning(), Timeout);
    QCOMPARE(body(), DraftText);
    QVERIFY(!session()->error());
    QVERIFY(!bodyEdit()->isReadOnly());
    // Nothing of the stopped rewrite is left to undo or redo.
    QCOMPARE(bodyEdit()->document()->availableUndoSteps(), undoSteps);
    QVERIFY(!bodyEdit()->document()->isRedoAvailable());
    QTest::qWait(300);
    QCOMPARE(body(), DraftText); // nothing more arrives
}

void TestRewrite::stoppingBeforeAnyTextLeavesTheDraftAlone() {
    QVERIFY(startApp());
    QVERIFY(!prepareDraft().isEmpty());
    const int at = int(DraftText.indexOf(Sentence));
    select(at, at + int(Sentence.size()));
    m_model->setLatency(5000);
    pane()->rewriteAction(RewriteRequest::Kind::MoreFormal)->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(session()->state() == ComposeSession::State::Generating, Timeout);
    // The passage stays readable until text arrives.
    QCOMPARE(body(), DraftText);
    QVERIFY(bodyEdit()->isReadOnly());
    pane()->stopAction()->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(!session()->isRunning(), Timeout);
    QCOMPARE(body(), DraftText);
    QVERIFY(!session()->error());
    QVERIFY(!bodyEdit()->isReadOnly());
}

void TestRewrite::aDroppedStreamPutsTheOriginalBackAndShowsTheError() {
    QVERIFY(startApp());
    QVERIFY(!prepareDraft().isEmpty());
    const int at = int(DraftText.indexOf(Sentence));
    select(at, at + int(Sentence.size()));
    bool replaced = false;
    connect(bodyEdit()->document(), &QTextDocument::contentsChanged, this,
            [&] { replaced = replaced || !body().contains(Sentence); });
    // The subject's pieces and then some of the message before the connection goes.
    m_model->setFault(ModelFault::dropMidStream(24), 1);
    pane()->rewriteAction(RewriteRequest::Kind::Warmer)->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(!session()->isRunning(), Timeout);
    QVERIFY(replaced);
    QCOMPARE(body(), DraftText);
    QVERIFY(session()->error());
    QVERIFY(session()->rewriteFailed());
    auto *message = child<InlineMessage>(pane(), u"composeMessage"_s);
    QTRY_VERIFY(message->isVisible());
    QVERIFY2(message->text().contains(u"as it was before the rewrite"_s),
             qPrintable(message->text()));

    // Retry runs the same rewrite again, now that the endpoint answers.
    QVERIFY(session()->canRetryRewrite());
    QVERIFY(message->actionButton()->isVisible());
    QTest::mouseClick(message->actionButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!session()->isRunning() && !session()->error(), Timeout);
    QCOMPARE(body(), DraftText.left(at) + u"Thank you so much for your time. "_s + Sentence
                         + DraftText.mid(at + Sentence.size()));
}

void TestRewrite::withoutASelectionTheWholeDraftIsTranslated() {
    QVERIFY(startApp());
    QVERIFY(!prepareDraft().isEmpty());
    const QString language = RewriteRequest::languageName(session()->prospectLocale());
    QAction *translate = pane()->rewriteAction(RewriteRequest::Kind::Translate);
    QVERIFY2(translate->text().contains(language), qPrintable(translate->text()));
    select(10, 10); // a cursor, no selection
    QVERIFY(translate->toolTip().contains(u"whole message"_s));
    QTest::keyClick(bodyEdit(), Qt::Key_T, Qt::AltModifier | Qt::ShiftModifier);
    QTRY_VERIFY_WITH_TIMEOUT(session()->isRewriting(), Timeout);
    QTRY_VERIFY_WITH_TIMEOUT(!session()->isRunning(), Timeout);
    QVERIFY2(!session()->error(),
             qPrintable(session()->error() ? session()->error()->message() : QString()));
    QCOMPARE(body(), u'[' + language + u"] "_s + DraftText);

    // The whole body went once, as the passage, into the prospect's language.
    const QString user = lastUserMessage(*m_model);
    QVERIFY(user.contains(u"\nRewrite (translate): translate the passage into "_s + language));
    QCOMPARE(ownBlock(user, u"passage"_s).value(u"passage"_s).toString(), DraftText);
    QVERIFY(!ownBlock(user, u"current_draft"_s).contains(u"body"_s));

    bodyEdit()->undo();
    QCOMPARE(body(), DraftText);
}

void TestRewrite::aRewriteThatAddsAFigureGetsTheFinding() {
    QVERIFY(startApp());
    QVERIFY(!prepareDraft().isEmpty());
    const auto figureFound = [this] {
        for (const ComplianceFinding &finding : session()->findings()) {
            if (finding.kind == ComplianceFinding::Kind::UnverifiedFigure
                && finding.text.contains(u"37"_s))
                return true;
        }
        return false;
    };
    QVERIFY(!figureFound());
    const int at = int(DraftText.indexOf(Sentence));
    select(at, at + int(Sentence.size()));
    // A model that makes something up.
    m_model->setReplyText(u"Our team traced the gap and can take 37% off the licence."_s);
    pane()->rewriteAction(RewriteRequest::Kind::Shorter)->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(!session()->isRunning(), Timeout);
    QVERIFY(body().contains(u"37% off"_s));
    QTRY_VERIFY_WITH_TIMEOUT(figureFound(), Timeout);
}

void TestRewrite::theRewriteMenuIsInTheMessageMenuAndTheBodysContextMenu() {
    QVERIFY(startApp());
    QVERIFY(!prepareDraft().isEmpty());
    QMenu *rewrite = pane()->rewriteMenu();
    auto *messageMenu = child<QMenu>(m_root->mainWindow(), u"messageMenu"_s);
    QVERIFY(messageMenu->actions().contains(rewrite->menuAction()));
    for (const RewriteRequest::Kind kind : RewriteRequest::Kinds) {
        QAction *action = pane()->rewriteAction(kind);
        QVERIFY(rewrite->actions().contains(action));
        QVERIFY(!action->shortcut().isEmpty());
    }

    emit bodyEdit()->customContextMenuRequested(QPoint(10, 10));
    QTRY_VERIFY(qobject_cast<QMenu *>(QApplication::activePopupWidget()));
    auto *context = qobject_cast<QMenu *>(QApplication::activePopupWidget());
    QVERIFY(context->actions().contains(rewrite->menuAction()));
    context->close();
}

QTEST_MAIN(TestRewrite)
#include "tst_rewrite.moc"
