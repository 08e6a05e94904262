// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/compose/ComposePane.h"

#include "activity/ActivityTracker.h"
#include "generation/TemplateDrafts.h"
#include "mail/MimeWriter.h"
#include "review/SpellChecker.h"
#include "storage/MailStore.h"
#include "ui/compose/CoachingPanel.h"
#include "ui/compose/ComposeController.h"
#include "ui/compose/ComposeSession.h"
#include "ui/compose/HistoryPanel.h"
#include "ui/compose/MailClientHandoff.h"
#include "ui/compose/MessageEditor.h"
#include "ui/compose/MetadataPanel.h"
#include "ui/compose/PromptPanel.h"
#include "ui/widgets/InlineMessage.h"
#include "workspace/DraftsUploader.h"
#include "workspace/MailOutcomeWatcher.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDesktopServices>
#include <QDir>
#include <QFileDialog>
#include <QIcon>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSaveFile>
#include <QScrollArea>
#include <QSplitter>
#include <QStackedLayout>
#include <QStandardPaths>
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
    , m_controller(controller)
    , m_handoff(QDir(QStandardPaths::writableLocation(QStandardPaths::TempLocation))
                    .filePath(u"OutreachGPT-mail"_s)) {
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
    connect(m_mail, &QAction::triggered, this, &ComposePane::openInMailClient);

    m_saveEml =
        new QAction(actionIcon("document-save-as", "save"), tr("Save Message as .&eml…"), this);
    m_saveEml->setObjectName(u"saveEmlAction"_s);
    connect(m_saveEml, &QAction::triggered, this, &ComposePane::saveEml);

    m_saveToDrafts =
        new QAction(actionIcon("mail-mark-unread", "mail"), tr("Save to &Drafts"), this);
    m_saveToDrafts->setObjectName(u"saveToDraftsAction"_s);
    m_saveToDrafts->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_D));
    connect(m_saveToDrafts, &QAction::triggered, this, [this] { saveToDrafts(); });

    m_watch = new QAction(tr("&Watch Mailbox for Sent, Replies and Bounces"), this);
    m_watch->setObjectName(u"watchMailboxAction"_s);
    m_watch->setCheckable(true);
    m_watch->setChecked(m_controller.mailSettings().watchByDefault);
    connect(m_watch, &QAction::toggled, this, [this](bool on) {
        if (!m_session || !m_session->isSaved())
            return;
        MailStore store(m_controller.cache());
        if (!store.entry(m_session->savedMessageId()))
            return; // applies when the draft is saved to Drafts
        if (const Result<void> set = store.setWatched(m_session->savedMessageId(), on); !set.ok()) {
            showNotice(ErrorNotice::failure(set.error().message()));
            return;
        }
        if (on)
            m_controller.mailWatcher().requestCheck();
        updateHistory();
    });

    m_checkMailbox = new QAction(tr("&Check Mailbox Now"), this);
    m_checkMailbox->setObjectName(u"checkMailboxAction"_s);
    connect(m_checkMailbox, &QAction::triggered, this, [this] {
        MailOutcomeWatcher &watcher = m_controller.mailWatcher();
        if (!m_controller.mailSettings().configured() || m_controller.mailPassword().isEmpty()) {
            showNotice(ErrorNotice::needsMailbox(m_controller.mailSettings().configured()));
            return;
        }
        if (!watcher.isRunning())
            watcher.start();
        watcher.requestCheck();
        emit statusMessage(tr("Checking %1 for sent messages, replies and bounces…")
                               .arg(m_controller.mailSettings().accountName()));
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
                            m_saveEml, m_saveToDrafts, m_focusPrompt, m_focusMessage})
        addAction(action);
    buildRewriteActions();
    connect(&m_controller.mailWatcher(), &MailOutcomeWatcher::outcomeRecorded, this,
            [this](const QString &ticketId, const QString &, MailStore::Outcome outcome) {
                emit outcomeRecorded();
                if (m_session && m_session->ticketId() == ticketId)
                    updateHistory();
                const QString what =
                    outcome == MailStore::Outcome::Sent
                        ? tr("sent")
                        : (outcome == MailStore::Outcome::Replied ? tr("a reply") : tr("a bounce"));
                emit statusMessage(
                    tr("The mailbox shows %1 for a message on %2.").arg(what, ticketId));
            });
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
        for (QAction *action : {m_generate, m_stop, m_regenerate, m_copy, m_mail, m_save,
                                m_markSent, m_saveEml, m_saveToDrafts})
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
    setActionState(m_saveEml, session->mailBlockedReason(),
                   tr("Save the message as an .eml draft for any mail client"));
    const MailSettings &mail = m_controller.mailSettings();
    QString draftsBlocked = session->mailBlockedReason();
    if (draftsBlocked.isEmpty() && m_uploading)
        draftsBlocked = tr("The message is being saved to Drafts.");
    if (draftsBlocked.isEmpty() && !session->isSaved())
        draftsBlocked = session->saveBlockedReason();
    setActionState(m_saveToDrafts, draftsBlocked,
                   mail.configured()
                       ? tr("Save to the ticket's history and to the Drafts folder of %1, to send "
                            "from your own mail client")
                             .arg(mail.accountName())
                       : tr("Save to the Drafts folder of your mailbox (set it up in Settings → "
                            "Mail)"));
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
    case ErrorNotice::Action::OpenMailSettings:
        emit settingsRequested(3);
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

QList<HistoryPanel::MailNote> ComposePane::mailNotes(const MailStore &mail,
                                                     const QString &messageId) const {
    QList<HistoryPanel::MailNote> notes;
    const std::optional<MailStore::Entry> entry = mail.entry(messageId);
    if (!entry)
        return notes;
    notes.append({entry->savedAt, tr("In Drafts"),
                  entry->watched
                      ? tr("“%1” of %2 · watching for sent, replies and bounces")
                            .arg(entry->mailbox, entry->account)
                      : tr("“%1” of %2 · not watched").arg(entry->mailbox, entry->account)});
    for (const MailStore::Detection &detection : mail.detections(messageId)) {
        QString what;
        switch (detection.outcome) {
        case MailStore::Outcome::Sent:
            what = tr("Sent");
            break;
        case MailStore::Outcome::Replied:
            what = tr("Replied");
            break;
        case MailStore::Outcome::Bounced:
            what = tr("Bounced");
            break;
        }
        notes.append({detection.occurredAt, what, detection.source});
    }
    return notes;
}

void ComposePane::updateHistory() {
    if (!m_session)
        return;
    QList<HistoryPanel::SavedMessage> saved;
    ActivityTracker &tracker = m_controller.tracker();
    const QHash<QString, MessageOutcome> outcomes = tracker.outcomes(m_session->ticketId());
    const MailStore mail(m_controller.cache());
    for (const OutreachActivity &activity : tracker.messages(m_session->ticketId())) {
        const auto outcome = outcomes.constFind(activity.messageId);
        saved.append({activity,
                      outcome == outcomes.constEnd() ? std::nullopt
                                                     : std::optional<MessageOutcome>(*outcome),
                      mailNotes(mail, activity.messageId)});
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
    return m_session ? MailClientHandoff::mailtoUrl(mailDraft()) : QUrl();
}

MailDraft ComposePane::mailDraft() const {
    MailDraft draft;
    if (!m_session)
        return draft;
    draft.from = m_controller.mailSettings().from;
    draft.to.address = m_session->prospectEmail();
    if (const std::optional<OutreachContext> context = m_session->context())
        draft.to.name = context->prospect.prospect.name;
    draft.subject = m_session->subject().trimmed();
    draft.text = m_session->bodyDocument()->toPlainText();
    return draft;
}

void ComposePane::openInMailClient() {
    if (!m_session || !m_session->mailBlockedReason().isEmpty())
        return;
    const MailDraft draft = mailDraft();
    const Result<MailClientHandoff::Done> done = m_handoff.open(draft);
    if (!done.ok()) {
        showNotice(m_handoff.routeFor(draft) == MailClientHandoff::Route::Mailto
                       ? ErrorNotice::noMailClient()
                       : ErrorNotice::failure(done.error().message()));
        return;
    }
    emit statusMessage(done.value().message);
}

Result<QString> ComposePane::saveEmlTo(const QString &path) {
    if (!m_session || !m_session->mailBlockedReason().isEmpty())
        return OutreachError(OutreachError::Code::ContextInvalid,
                             m_session ? m_session->mailBlockedReason()
                                       : tr("Select a ticket first."));
    const Result<QByteArray> message = MimeWriter::write(mailDraft());
    if (!message.ok())
        return message.error();
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(message.value()) != message.value().size()
        || !file.commit())
        return OutreachError(OutreachError::Code::Storage,
                             tr("The message could not be saved as %1: %2")
                                 .arg(QDir::toNativeSeparators(path), file.errorString()));
    return path;
}

void ComposePane::saveEml() {
    if (!m_session || !m_session->mailBlockedReason().isEmpty())
        return;
    QString name = m_session->subject().trimmed();
    // Characters no file system takes, and none that would start a path.
    static const QRegularExpression unsafe(u"[\\\\/:*?\"<>|\\x00-\\x1f]+"_s);
    name = name.replace(unsafe, u" "_s).simplified().left(80);
    if (name.isEmpty())
        name = m_session->ticketId();
    QFileDialog dialog(this, tr("Save Message as .eml"));
    dialog.setObjectName(u"saveEmlDialog"_s);
    dialog.setAcceptMode(QFileDialog::AcceptSave);
    dialog.setNameFilter(tr("Email messages (*.eml)"));
    dialog.setDefaultSuffix(u"eml"_s);
    dialog.setDirectory(QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation));
    dialog.selectFile(name + u".eml"_s);
    if (dialog.exec() != QDialog::Accepted || dialog.selectedFiles().isEmpty())
        return;
    const Result<QString> saved = saveEmlTo(dialog.selectedFiles().constFirst());
    if (!saved.ok()) {
        showNotice(ErrorNotice::failure(saved.error().message()));
        return;
    }
    emit statusMessage(tr("Saved as %1: open it in any mail client to send it.")
                           .arg(QDir::toNativeSeparators(saved.value())));
}

QCoro::Task<void> ComposePane::saveToDrafts() {
    if (!m_session || m_uploading)
        co_return;
    const MailSettings settings = m_controller.mailSettings();
    const QString password = m_controller.mailPassword();
    if (!settings.configured() || password.isEmpty()) {
        showNotice(ErrorNotice::needsMailbox(settings.configured()));
        co_return;
    }
    QPointer<ComposePane> self(this);
    QPointer<ComposeSession> session(m_session);
    if (!session->isSaved()) {
        if (const Result<void> saved = session->saveToHistory(); !saved.ok()) {
            showNotice(ErrorNotice::failure(saved.error().message()));
            co_return;
        }
    }
    DraftsUploader::Upload upload;
    upload.ticketId = session->ticketId();
    upload.messageId = session->savedMessageId();
    upload.draft = mailDraft();
    upload.watch = m_watch->isChecked();
    m_uploading = true;
    updateActions();
    emit statusMessage(tr("Saving to Drafts on %1…").arg(settings.accountName()));
    QCoro::Task<Result<MailStore::Entry>> uploading =
        m_controller.draftsUploader().upload(settings, password, upload);
    const Result<MailStore::Entry> entry = co_await uploading;
    if (!self)
        co_return;
    m_uploading = false;
    updateActions();
    if (!entry.ok()) {
        showNotice(ErrorNotice::failure(
            tr("The message is saved to the ticket's history, but not to Drafts: %1")
                .arg(entry.error().message())));
        co_return;
    }
    if (entry.value().watched)
        m_controller.mailWatcher().requestCheck();
    emit statusMessage(
        entry.value().watched
            ? tr("Saved to “%1” on %2. Send it from your mail client; the app watches for it in "
                 "Sent and for replies.")
                  .arg(entry.value().mailbox, settings.accountName())
            : tr("Saved to “%1” on %2. Send it from your mail client.")
                  .arg(entry.value().mailbox, settings.accountName()));
    updateHistory();
}
