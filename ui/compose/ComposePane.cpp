// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/compose/ComposePane.h"

#include "activity/ActivityTracker.h"
#include "generation/TemplateDrafts.h"
#include "review/SpellChecker.h"
#include "ui/compose/CoachingPanel.h"
#include "ui/compose/ComposeController.h"
#include "ui/compose/ComposeSession.h"
#include "ui/compose/HistoryPanel.h"
#include "ui/compose/MessageEditor.h"
#include "ui/compose/MetadataPanel.h"
#include "ui/compose/PromptPanel.h"
#include "ui/widgets/InlineMessage.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDesktopServices>
#include <QIcon>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QStackedLayout>
#include <QTabWidget>
#include <QTextCursor>
#include <QTextDocument>
#include <QUrl>
#include <QUrlQuery>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {

QIcon actionIcon(const char *themeName, const char *file) {
    return QIcon::fromTheme(QString::fromLatin1(themeName),
                            QIcon(u":/icons/actions/%1.svg"_s.arg(QLatin1StringView(file))));
}

QString seconds(qint64 ms) {
    return QLocale().toString(double(ms) / 1000.0, 'f', 1);
}

} // namespace

ComposePane::ComposePane(ComposeController &controller, QWidget *parent)
    : QWidget(parent)
    , m_controller(controller) {
    buildActions();
    buildUi();
    connect(&m_controller, &ComposeController::configurationChanged, this, [this] {
        if (m_controller.hasModel() && m_needsModelShown) {
            m_needsModelShown = false;
            updateMessage();
        }
        updateActions();
    });
    setTicket({});
}

ComposePane::~ComposePane() = default;

void ComposePane::buildActions() {
    m_generate = new QAction(actionIcon("system-run", "generate"), tr("&Generate"), this);
    m_generate->setObjectName(u"generateAction"_s);
    m_generate->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return));
    connect(m_generate, &QAction::triggered, this, [this] {
        if (m_session) {
            m_stopNoticeDismissed = false;
            m_session->generate();
        }
    });

    m_stop = new QAction(actionIcon("process-stop", "stop"), tr("S&top"), this);
    m_stop->setObjectName(u"stopAction"_s);
    m_stop->setShortcut(QKeySequence(Qt::Key_Escape));
    m_stop->setToolTip(tr("Stop the generation; the text so far stays in the editor (Esc)"));
    connect(m_stop, &QAction::triggered, this, [this] {
        if (m_session)
            m_session->stop();
    });

    m_regenerate = new QAction(actionIcon("view-refresh", "regenerate"), tr("&Regenerate"), this);
    m_regenerate->setObjectName(u"regenerateAction"_s);
    m_regenerate->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Return));
    connect(m_regenerate, &QAction::triggered, m_generate, &QAction::trigger);

    m_copy = new QAction(actionIcon("edit-copy", "copy"), tr("&Copy Message"), this);
    m_copy->setObjectName(u"copyAction"_s);
    m_copy->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    connect(m_copy, &QAction::triggered, this, [this] {
        if (!m_session)
            return;
        const QString subject = m_session->subject().trimmed();
        const QString body = m_session->bodyDocument()->toPlainText();
        QApplication::clipboard()->setText(
            subject.isEmpty() ? body : tr("Subject: %1").arg(subject) + u"\n\n"_s + body);
        emit statusMessage(tr("Subject and message copied to the clipboard."));
    });

    m_mail = new QAction(actionIcon("mail-message-new", "mail"), tr("Open in &Mail Client"), this);
    m_mail->setObjectName(u"mailAction"_s);
    m_mail->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_M));
    connect(m_mail, &QAction::triggered, this, [this] {
        if (m_session && m_session->mailBlockedReason().isEmpty()
            && !QDesktopServices::openUrl(mailtoUrl()))
            showNotice(ErrorNotice::noMailClient());
    });

    m_save = new QAction(actionIcon("document-save", "save"), tr("&Save to Ticket History"), this);
    m_save->setObjectName(u"saveAction"_s);
    m_save->setShortcut(QKeySequence::Save);
    connect(m_save, &QAction::triggered, this, [this] {
        if (!m_session)
            return;
        const Result<void> saved = m_session->saveToHistory();
        runResult(saved.ok() ? QString() : saved.error().message(),
                  m_controller.tracker().deliversToCrm()
                      ? tr("Saved to the ticket's history; it is on its way to the CRM.")
                      : tr("Saved to the ticket's history on this computer."));
    });

    m_markSent = new QAction(actionIcon("mail-send", "sent"), tr("Mark as S&ent"), this);
    m_markSent->setObjectName(u"markSentAction"_s);
    m_markSent->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    connect(m_markSent, &QAction::triggered, this, [this] {
        if (!m_session)
            return;
        const Result<void> marked = m_session->markSent();
        runResult(marked.ok() ? QString() : marked.error().message(), tr("Marked as sent."));
    });

    m_focusPrompt = new QAction(tr("Go to &Prompt"), this);
    m_focusPrompt->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_K));
    connect(m_focusPrompt, &QAction::triggered, this,
            [this] { m_promptPanel->focusPrompt(Qt::ShortcutFocusReason); });
    m_focusMessage = new QAction(tr("Go to &Message"), this);
    m_focusMessage->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_J));
    connect(m_focusMessage, &QAction::triggered, this,
            [this] { m_editor->focusBody(Qt::ShortcutFocusReason); });

    m_templates = new QMenu(tr("Start from &Template"), this);
    m_templates->setObjectName(u"templatesMenu"_s);
    m_templates->setIcon(actionIcon("text-x-generic-template", "template"));
    for (const TemplateDrafts::TemplateInfo &info : TemplateDrafts::available()) {
        QAction *action = m_templates->addAction(info.title);
        action->setObjectName(u"template-"_s + info.id);
        connect(action, &QAction::triggered, this, [this, id = info.id] {
            if (!m_session)
                return;
            const Result<void> applied = m_session->applyTemplate(id);
            if (!applied.ok()) {
                showNotice(ErrorNotice::failure(applied.error().message()));
                return;
            }
            m_needsModelShown = false;
            updateMessage();
            emit statusMessage(tr("Template draft filled in from the ticket's context."));
        });
    }

    for (QAction *action : {m_generate, m_stop, m_regenerate, m_copy, m_mail, m_save, m_markSent,
                            m_focusPrompt, m_focusMessage})
        addAction(action);
    buildRewriteActions();
}

void ComposePane::buildRewriteActions() {
    m_rewrite = new QMenu(tr("Re&write"), this);
    m_rewrite->setObjectName(u"rewriteMenu"_s);
    m_rewrite->setIcon(actionIcon("document-edit", "regenerate"));
    struct Entry {
        RewriteRequest::Kind kind;
        QString text;
        Qt::Key key;
    };
    // Alt+Shift and the word's initial: free here, and no AltGr layout types a character with it.
    const Entry entries[] = {
        {RewriteRequest::Kind::Shorter, tr("&Shorter"), Qt::Key_S},
        {RewriteRequest::Kind::Warmer, tr("&Warmer"), Qt::Key_W},
        {RewriteRequest::Kind::MoreFormal, tr("More &Formal"), Qt::Key_F},
        {RewriteRequest::Kind::FixGrammar, tr("Fix &Grammar"), Qt::Key_G},
        {RewriteRequest::Kind::Translate, tr("&Translate"), Qt::Key_T},
    };
    for (const Entry &entry : entries) {
        QAction *action = m_rewrite->addAction(entry.text);
        action->setObjectName(u"rewrite-"_s + RewriteRequest::name(entry.kind));
        action->setShortcut(QKeySequence(Qt::ALT | Qt::SHIFT | entry.key));
        connect(action, &QAction::triggered, this, [this, kind = entry.kind] { rewrite(kind); });
        m_rewriteActions.insert(entry.kind, action);
        addAction(action);
    }
}

void ComposePane::rewrite(RewriteRequest::Kind kind) {
    if (!m_session || !m_session->rewriteBlockedReason(kind).isEmpty())
        return;
    const QTextCursor cursor = m_editor->body()->textCursor();
    m_stopNoticeDismissed = false;
    m_session->rewrite(kind, cursor.selectionStart(), cursor.selectionEnd());
}

void ComposePane::updateRewriteActions() {
    QAction *translate = m_rewriteActions.value(RewriteRequest::Kind::Translate);
    const QString locale = m_session ? m_session->prospectLocale() : QString();
    const QString language = RewriteRequest::languageName(locale);
    const QString native = RewriteRequest::nativeLanguageName(locale);
    if (language.isEmpty())
        translate->setText(tr("&Translate to the Prospect's Language"));
    else if (native.isEmpty() || native == language)
        translate->setText(tr("&Translate to %1").arg(language));
    else
        translate->setText(tr("&Translate to %1 (%2)").arg(language, native));

    const bool selection = m_session && m_editor->body()->textCursor().hasSelection();
    const QString what = selection ? tr("the selected text") : tr("the whole message");
    for (auto it = m_rewriteActions.cbegin(); it != m_rewriteActions.cend(); ++it) {
        QString toolTip;
        switch (it.key()) {
        case RewriteRequest::Kind::Shorter:
            toolTip = tr("Rewrite %1 in fewer words").arg(what);
            break;
        case RewriteRequest::Kind::Warmer:
            toolTip = tr("Rewrite %1 in a warmer tone").arg(what);
            break;
        case RewriteRequest::Kind::MoreFormal:
            toolTip = tr("Rewrite %1 more formally").arg(what);
            break;
        case RewriteRequest::Kind::FixGrammar:
            toolTip = tr("Correct the grammar and spelling of %1").arg(what);
            break;
        case RewriteRequest::Kind::Translate:
            toolTip = tr("Translate %1 into the prospect's language").arg(what);
            break;
        }
        setActionState(it.value(),
                       m_session ? m_session->rewriteBlockedReason(it.key())
                                 : tr("Select a ticket first."),
                       toolTip);
    }
    m_rewrite->setEnabled(m_session && !m_session->isRunning());
}

void ComposePane::buildUi() {
    m_placeholder = new QLabel(tr("Select a ticket to write a message for it."));
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setWordWrap(true);
    m_placeholder->setForegroundRole(QPalette::PlaceholderText);

    m_promptPanel = new PromptPanel(m_generate, m_stop, m_templates);
    m_promptPanel->setObjectName(u"promptPanel"_s);
    connect(m_promptPanel, &PromptPanel::presetChosen, this, [this](const QString &name) {
        if (m_session)
            m_session->setPreset(name);
    });
    connect(m_promptPanel, &PromptPanel::toneChosen, this, [this](MessageTone tone) {
        if (m_session)
            m_session->setTone(tone);
    });
    connect(m_promptPanel, &PromptPanel::lengthChosen, this, [this](MessageLength length) {
        if (m_session)
            m_session->setLength(length);
    });

    m_message = new InlineMessage;
    m_message->setObjectName(u"composeMessage"_s);
    connect(m_message, &InlineMessage::actionTriggered, this,
            [this] { act(m_notice.primary.action, m_message->actionButton()); });
    connect(m_message, &InlineMessage::secondaryActionTriggered, this,
            [this] { act(m_notice.secondary.action, m_message->secondaryButton()); });
    connect(m_message, &InlineMessage::dismissed, this, [this] {
        m_notice = {};
        m_needsModelShown = false;
        m_stopNoticeDismissed = true;
    });

    m_editor = new MessageEditor(m_controller.settings(), m_copy, m_mail, m_save, m_markSent);
    m_editor->setObjectName(u"messageEditor"_s);
    m_editor->setRewriteMenu(m_rewrite);
    // Whether a rewrite takes the selection or the whole message.
    connect(m_editor->body(), &QPlainTextEdit::selectionChanged, this,
            &ComposePane::updateRewriteActions);
    connect(m_editor, &MessageEditor::subjectEdited, this, [this](const QString &text) {
        if (m_session)
            m_session->setSubject(text);
    });

    m_metadata = new MetadataPanel;
    m_metadata->setObjectName(u"metadataPanel"_s);
    connect(m_metadata, &MetadataPanel::contextActivated, this, &ComposePane::contextActivated);
    m_history = new HistoryPanel;
    m_history->setObjectName(u"historyPanel"_s);
    connect(m_history, &HistoryPanel::restoreRequested, this, [this](qint64 id) {
        if (!m_session)
            return;
        const Result<void> restored = m_session->restoreVersion(id);
        runResult(restored.ok() ? QString() : restored.error().message(),
                  tr("Version put back into the editor; the text it replaced is kept."));
    });
    connect(m_history, &HistoryPanel::outcomeRequested, this,
            [this](const QString &messageId, ActivityTracker::Milestone outcome) {
                if (!m_session)
                    return;
                const Result<QList<QByteArray>> recorded =
                    m_controller.tracker().recordOutcome(m_session->ticketId(), messageId, outcome);
                runResult(recorded.ok() ? QString() : recorded.error().message(),
                          recorded.ok() && recorded->isEmpty()
                              ? tr("That outcome was already recorded.")
                              : tr("Outcome recorded."));
            });
    m_tabs = new QTabWidget;
    m_tabs->setObjectName(u"composeTabs"_s);
    m_tabs->setDocumentMode(true);
    // Long findings or many sources scroll rather than squeeze the editor.
    auto *metadataScroll = new QScrollArea;
    metadataScroll->setObjectName(u"metadataScroll"_s);
    metadataScroll->setWidget(m_metadata);
    metadataScroll->setWidgetResizable(true);
    metadataScroll->setFrameShape(QFrame::NoFrame);
    m_tabs->addTab(metadataScroll, tr("Details"));
    m_tabs->addTab(m_history, tr("History"));

    m_coaching = new CoachingPanel;
    m_coaching->setObjectName(u"coachingPanel"_s);
    m_tabs->addTab(m_coaching, tr("Coaching"));
    // The session says when its text changes; the length chosen is only known here.
    connect(m_promptPanel, &PromptPanel::lengthChosen, m_coaching, &CoachingPanel::scheduleUpdate);
    connect(m_coaching, &CoachingPanel::selectionRequested, this, &ComposePane::selectInBody);

    auto *split = new QSplitter(Qt::Vertical);
    split->setObjectName(u"composeSplitter"_s);
    split->addWidget(m_editor);
    split->addWidget(m_tabs);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    split->setChildrenCollapsible(false);

    m_content = new QWidget;
    auto *content = new QVBoxLayout(m_content);
    content->setContentsMargins(6, 6, 6, 0);
    content->addWidget(m_promptPanel);
    content->addWidget(m_message);
    content->addWidget(split, 1);

    auto *stack = new QStackedLayout(this);
    stack->addWidget(m_placeholder);
    stack->addWidget(m_content);

    // From the request straight to the message: the message line's buttons come after it.
    m_editor->followInTabOrder(m_promptPanel->lastInTabOrder());
}

void ComposePane::setTicket(const QString &ticketId) {
    ComposeSession *session = ticketId.isEmpty() ? nullptr : m_controller.session(ticketId);
    if (session == m_session && (session || !m_content->isVisible()))
        return;
    bindSession(session);
}

void ComposePane::bindSession(ComposeSession *session) {
    if (m_session)
        disconnect(m_session, nullptr, this, nullptr);
    m_session = session;
    m_needsModelShown = false;
    m_stopNoticeDismissed = false;
    auto *stack = static_cast<QStackedLayout *>(layout());
    stack->setCurrentWidget(session ? m_content : static_cast<QWidget *>(m_placeholder));
    m_coaching->setSession(session);
    if (!session) {
        updateActions();
        return;
    }
    m_promptPanel->showRequest(session->promptDocument(), session->preset(), session->tone(),
                               session->length());
    m_editor->showMessage(session->bodyDocument(), session->subject());
    updateSpelling();

    connect(session, &ComposeSession::subjectReplaced, this,
            [this] { m_editor->setSubject(m_session->subject()); });
    connect(session, &ComposeSession::stateChanged, this, [this] {
        // The rep cannot type into a passage the model is rewriting.
        m_editor->body()->setReadOnly(m_session->isRewriting());
        updateActions();
        updateProgress();
        updateMessage();
        updateHistory(); // versions can be put back only while nothing is being written
    });
    connect(session, &ComposeSession::progressChanged, this, [this] {
        updateProgress();
        if (m_session->state() == ComposeSession::State::Waiting)
            updateMessage();
    });
    connect(session, &ComposeSession::errorChanged, this, &ComposePane::updateMessage);
    connect(session, &ComposeSession::responseChanged, this, &ComposePane::updateMetadata);
    connect(session, &ComposeSession::findingsChanged, this, &ComposePane::updateMetadata);
    connect(session, &ComposeSession::contextChanged, this, [this] {
        updateMetadata();
        updateActions();
        updateSpelling();
    });
    connect(session, &ComposeSession::savedChanged, this, &ComposePane::updateActions);
    connect(session, &ComposeSession::savedChanged, this, &ComposePane::updateHistory);
    connect(session, &ComposeSession::versionsChanged, this, &ComposePane::updateHistory);
    connect(session, &ComposeSession::needsModel, this, &ComposePane::showNeedsModel);
    connect(session, &ComposeSession::rewriteStopped, this,
            [this] { emit statusMessage(tr("Rewrite stopped; the original text is back.")); });
    connect(session, &ComposeSession::rewriteApplied, this, [this](int start, int end) {
        // Selected, so that the rep sees what changed and can rewrite it again.
        QTextCursor cursor = m_editor->body()->textCursor();
        cursor.setPosition(start);
        cursor.setPosition(end, QTextCursor::KeepAnchor);
        m_editor->body()->setTextCursor(cursor);
        emit statusMessage(tr("Rewritten; Undo (Ctrl+Z) puts the original back."));
    });
    m_editor->body()->setReadOnly(session->isRewriting());
    connect(session->bodyDocument(), &QTextDocument::contentsChanged, this,
            &ComposePane::updateActions);
    connect(session->promptDocument(), &QTextDocument::contentsChanged, this,
            &ComposePane::updateActions);

    updateActions();
    updateProgress();
    updateMessage();
    updateMetadata();
    updateHistory();
}

void ComposePane::setActionState(QAction *action, const QString &blockedReason,
                                 const QString &toolTip) {
    action->setEnabled(blockedReason.isEmpty());
    const QString shortcut = action->shortcut().toString(QKeySequence::NativeText);
    const QString text = blockedReason.isEmpty() ? toolTip : blockedReason;
    action->setToolTip(shortcut.isEmpty() ? text : u"%1 (%2)"_s.arg(text, shortcut));
    action->setStatusTip(text);
}

void ComposePane::updateActions() {
    ComposeSession *session = m_session;
    const QString noTicket = tr("Select a ticket first.");
    if (!session) {
        for (QAction *action :
             {m_generate, m_stop, m_regenerate, m_copy, m_mail, m_save, m_markSent})
            setActionState(action, noTicket, {});
        m_templates->setEnabled(false);
        updateRewriteActions();
        return;
    }
    const bool running = session->isRunning();
    QString generateBlocked = session->generateBlockedReason();
    if (generateBlocked.isEmpty() && running)
        generateBlocked = tr("A message is being written; stop it first.");
    setActionState(m_generate, generateBlocked,
                   m_controller.hasModel()
                       ? tr("Write the message with the model from the ticket's context")
                       : tr("No model is configured: offers the template drafts"));
    setActionState(m_stop, running ? QString() : tr("Nothing is being written."),
                   session->isRewriting()
                       ? tr("Stop the rewrite; the original text comes back")
                       : tr("Stop the generation; the text so far stays in the editor"));
    QString regenerateBlocked = generateBlocked;
    if (regenerateBlocked.isEmpty() && !session->response())
        regenerateBlocked = tr("Nothing has been generated for this ticket yet.");
    setActionState(m_regenerate, regenerateBlocked,
                   tr("Write another version; the current one stays in the history"));
    setActionState(m_copy, session->hasMessage() ? QString() : tr("There is no message yet."),
                   tr("Copy the subject and message to the clipboard"));
    const QString email = session->prospectEmail();
    setActionState(m_mail, session->mailBlockedReason(),
                   tr("Open a new email to %1 with this subject and message").arg(email));
    setActionState(m_save, session->saveBlockedReason(),
                   m_controller.tracker().deliversToCrm()
                       ? tr("Store the message on the ticket's history in the CRM")
                       : tr("Store the message on the ticket's history on this computer"));
    setActionState(m_markSent, session->markSentBlockedReason(),
                   tr("Record that this message was sent"));
    m_templates->setEnabled(!running && session->generateBlockedReason().isEmpty());
    m_promptPanel->setTemplatesEnabled(m_templates->isEnabled());
    updateRewriteActions();
}

void ComposePane::updateProgress() {
    if (!m_session) {
        m_promptPanel->showProgress(false, {});
        return;
    }
    const ComposeSession::State state = m_session->state();
    const qint64 elapsed = m_session->elapsedMs();
    const int tokens = m_session->streamedTokens();
    QString text;
    switch (state) {
    case ComposeSession::State::Assembling:
        text = tr("Gathering the ticket's context… %1 s").arg(seconds(elapsed));
        break;
    case ComposeSession::State::Generating:
        text = m_session->isRewriting()
                   ? tr("Rewriting… %1 s · %n token(s)", nullptr, tokens).arg(seconds(elapsed))
                   : tr("Writing… %1 s · %n token(s)", nullptr, tokens).arg(seconds(elapsed));
        break;
    case ComposeSession::State::Waiting:
        text = tr("Waiting to retry… %n s", nullptr, m_session->retrySecondsLeft());
        break;
    case ComposeSession::State::Idle:
        if (m_session->response() && elapsed > 0 && tokens > 0)
            text = tr("Written in %1 s · %n token(s)", nullptr, tokens).arg(seconds(elapsed));
        break;
    }
    m_promptPanel->showProgress(state != ComposeSession::State::Idle, text);
}

void ComposePane::showNeedsModel() {
    m_needsModelShown = true;
    updateMessage();
}

void ComposePane::updateMessage() {
    if (!m_session) {
        showNotice({});
        return;
    }
    ErrorNotice::Facts facts;
    facts.ticketId = m_session->ticketId();
    facts.waiting = m_session->state() == ComposeSession::State::Waiting;
    facts.retrySecondsLeft = m_session->retrySecondsLeft();
    facts.waitReason = m_session->waitReason();
    facts.needsModel = m_needsModelShown;
    facts.error = m_session->error();
    facts.stopped = m_session->wasStopped() && !m_stopNoticeDismissed && !m_session->isRunning();
    facts.partialKept = m_session->hasMessage() && !m_session->rewriteFailed();
    ErrorNotice notice = ErrorNotice::forFacts(facts);
    if (m_session->rewriteFailed() && !notice.isEmpty())
        notice.text += u" "_s + tr("The text is as it was before the rewrite.");
    showNotice(notice);
}

void ComposePane::showNotice(const ErrorNotice &notice) {
    m_notice = notice;
    if (notice.isEmpty()) {
        m_message->dismiss();
        return;
    }
    m_message->showMessage(notice.text, notice.tone);
    m_message->setAction(notice.primary.label);
    m_message->setSecondaryAction(notice.secondary.label);
}

void ComposePane::act(ErrorNotice::Action action, QWidget *button) {
    switch (action) {
    case ErrorNotice::Action::None:
        break;
    case ErrorNotice::Action::Retry:
        if (m_session && m_session->canRetryRewrite())
            m_session->retryRewrite();
        else
            m_generate->trigger();
        break;
    case ErrorNotice::Action::OpenModelSettings:
        emit settingsRequested(0);
        break;
    case ErrorNotice::Action::FindLocalServer:
        emit localServerSearchRequested();
        break;
    case ErrorNotice::Action::ChooseTemplate:
        m_templates->popup(button->mapToGlobal(QPoint(0, button->height())));
        break;
    }
}

void ComposePane::updateMetadata() {
    if (!m_session) {
        m_metadata->showMetadata(std::nullopt, {}, std::nullopt);
        return;
    }
    m_metadata->showMetadata(m_session->response(), m_session->findings(), m_session->context());
}

void ComposePane::updateSpelling() {
    const std::optional<OutreachContext> context = m_session->context();
    if (context)
        m_editor->setSpellingContext(context->prospect.prospect.locale,
                                     SpellChecker::contextNames(*context));
    else
        m_editor->setSpellingContext(QString(), {});
}

void ComposePane::updateHistory() {
    if (!m_session)
        return;
    QList<HistoryPanel::SavedMessage> saved;
    ActivityTracker &tracker = m_controller.tracker();
    const QHash<QString, MessageOutcome> outcomes = tracker.outcomes(m_session->ticketId());
    for (const OutreachActivity &activity : tracker.messages(m_session->ticketId())) {
        const auto outcome = outcomes.constFind(activity.messageId);
        saved.append({activity, outcome == outcomes.constEnd()
                                    ? std::nullopt
                                    : std::optional<MessageOutcome>(*outcome)});
    }
    m_history->setHistory(saved, m_session->versions(), !m_session->isRunning());
    m_tabs->setTabText(1, tr("History (%1)").arg(saved.size() + m_history->versionCount()));
}

void ComposePane::selectInBody(qsizetype start, qsizetype length) {
    // The editor shows the session's body document; its view is found by name, as the editor
    // offers no selection of its own.
    auto *body = m_editor->findChild<QPlainTextEdit *>(u"bodyEdit"_s);
    if (!body || !m_session || body->document() != m_session->bodyDocument())
        return;
    QTextCursor cursor(body->document());
    cursor.setPosition(int(std::min<qsizetype>(start, body->document()->characterCount() - 1)));
    cursor.setPosition(
        int(std::min<qsizetype>(start + length, body->document()->characterCount() - 1)),
        QTextCursor::KeepAnchor);
    body->setTextCursor(cursor);
    body->ensureCursorVisible();
    body->setFocus(Qt::OtherFocusReason);
}

void ComposePane::runResult(const QString &failure, const QString &success) {
    if (!failure.isEmpty()) {
        showNotice(ErrorNotice::failure(failure));
        return;
    }
    emit statusMessage(success);
    emit outcomeRecorded();
    updateActions();
    updateHistory();
}

QUrl ComposePane::mailtoUrl() const {
    if (!m_session)
        return {};
    QUrl url;
    url.setScheme(u"mailto"_s);
    url.setPath(m_session->prospectEmail());
    QUrlQuery query;
    // Mail clients read "\r\n" line breaks from mailto bodies (RFC 6068).
    const auto encode = [](QString text) {
        text.replace(u"\n"_s, u"\r\n"_s);
        return QString::fromLatin1(QUrl::toPercentEncoding(text));
    };
    query.addQueryItem(u"subject"_s, encode(m_session->subject()));
    query.addQueryItem(u"body"_s, encode(m_session->bodyDocument()->toPlainText()));
    url.setQuery(query);
    return url;
}
