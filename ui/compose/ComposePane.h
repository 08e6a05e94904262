// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/RewriteRequest.h"
#include "mail/MailDraft.h"
#include "ui/compose/ErrorNotice.h"
#include "ui/compose/HistoryPanel.h"
#include "ui/compose/MailClientHandoff.h"

#include <QHash>
#include <QPointer>
#include <QWidget>
#include <qcoro/qcorotask.h>

class CoachingPanel;
class ComposeController;
class ComposeSession;
class MailStore;
class InlineMessage;
class MessageEditor;
class MetadataPanel;
class PromptPanel;
class QAction;
class QLabel;
class QMenu;
class QTabWidget;

// The compose area: the prompt panel, the message editor the generation streams into, the inline
// message that says what went wrong and what to do, the metadata, history and coaching tabs, and
// the actions on the message, each with a shortcut and, when it cannot work, a tooltip saying why.
// It binds them all to the selected ticket's session.
class ComposePane : public QWidget {
    Q_OBJECT
public:
    explicit ComposePane(ComposeController &controller, QWidget *parent = nullptr);
    ~ComposePane() override;

    // Shows `ticketId`'s session (created on first use); empty shows nothing.
    void setTicket(const QString &ticketId);
    ComposeSession *session() const { return m_session; }

    QAction *generateAction() const { return m_generate; }
    QAction *stopAction() const { return m_stop; }
    QAction *regenerateAction() const { return m_regenerate; }
    QAction *copyAction() const { return m_copy; }
    QAction *mailAction() const { return m_mail; }
    QAction *saveAction() const { return m_save; }
    QAction *markSentAction() const { return m_markSent; }
    QAction *saveEmlAction() const { return m_saveEml; }
    QAction *saveToDraftsAction() const { return m_saveToDrafts; }
    // Checked: a draft saved to Drafts is watched for its Sent copy, replies and bounces.
    QAction *watchAction() const { return m_watch; }
    QAction *checkMailboxAction() const { return m_checkMailbox; }
    QAction *focusPromptAction() const { return m_focusPrompt; }
    QAction *focusMessageAction() const { return m_focusMessage; }
    QMenu *templatesMenu() const { return m_templates; }
    // Shorter, Warmer, More formal, Fix grammar, Translate: on the selection, or the whole body.
    QMenu *rewriteMenu() const { return m_rewrite; }
    QAction *rewriteAction(RewriteRequest::Kind kind) const { return m_rewriteActions.value(kind); }

    // The mailto: URL "Open in mail client" opens for the current draft.
    QUrl mailtoUrl() const;
    // The current message as a mail draft: to the prospect, from the rep's mail settings.
    MailDraft mailDraft() const;
    // Where "Open in Mail Client" writes the .eml of a long message; tests point it elsewhere.
    MailClientHandoff &mailHandoff() { return m_handoff; }
    // What "Save Message as .eml…" writes after its file dialog: the path, or why not.
    Result<QString> saveEmlTo(const QString &path);

signals:
    // A used-context link was activated: show that source in the context pane.
    void contextActivated(const QString &contextId);
    // The rep asked for the settings (an AUTH error, no model configured); page 0 model, 1 CRM,
    // 3 the mailbox (SettingsDialog::Page).
    void settingsRequested(int page);
    // The model settings, with a search for model servers on this computer under way.
    void localServerSearchRequested();
    // A short confirmation for the status bar ("Saved to the ticket's history").
    void statusMessage(const QString &text);
    // A message was saved, marked sent or got an outcome: effectiveness figures changed.
    void outcomeRecorded();

private:
    void buildUi();
    void buildActions();
    void bindSession(ComposeSession *session);
    void updateActions();
    void updateProgress();
    void updateMessage();
    void updateMetadata();
    // The message is spell checked in the prospect's language, accepting the ticket's names.
    void updateSpelling();
    void updateHistory();
    QList<HistoryPanel::MailNote> mailNotes(const MailStore &mail, const QString &messageId) const;
    // Selects [start, start + length) of the message body in the editor.
    void selectInBody(qsizetype start, qsizetype length);
    void showNeedsModel();
    // Shows `notice` on the message line; its buttons do what it says until the next one.
    void showNotice(const ErrorNotice &notice);
    // What a click on the message line's `button` does.
    void act(ErrorNotice::Action action, QWidget *button);
    void setActionState(QAction *action, const QString &blockedReason, const QString &toolTip);
    void runResult(const QString &failure, const QString &success);
    void saveEml();
    QCoro::Task<void> saveToDrafts();
    void openInMailClient();
    void buildRewriteActions();
    void updateRewriteActions();
    void rewrite(RewriteRequest::Kind kind);

    ComposeController &m_controller;
    QPointer<ComposeSession> m_session;
    bool m_needsModelShown = false;
    bool m_stopNoticeDismissed = false;
    ErrorNotice m_notice; // what the message line shows, and so what its buttons do

    QWidget *m_content = nullptr;
    QLabel *m_placeholder = nullptr;
    PromptPanel *m_promptPanel = nullptr;
    InlineMessage *m_message = nullptr;
    MessageEditor *m_editor = nullptr;
    QTabWidget *m_tabs = nullptr;
    MetadataPanel *m_metadata = nullptr;
    HistoryPanel *m_history = nullptr;
    CoachingPanel *m_coaching = nullptr;
    QMenu *m_templates = nullptr;
    QMenu *m_rewrite = nullptr;
    QHash<RewriteRequest::Kind, QAction *> m_rewriteActions;

    QAction *m_generate = nullptr;
    QAction *m_stop = nullptr;
    QAction *m_regenerate = nullptr;
    QAction *m_copy = nullptr;
    QAction *m_mail = nullptr;
    QAction *m_save = nullptr;
    QAction *m_markSent = nullptr;
    QAction *m_saveEml = nullptr;
    QAction *m_saveToDrafts = nullptr;
    QAction *m_watch = nullptr;
    QAction *m_checkMailbox = nullptr;
    MailClientHandoff m_handoff;
    bool m_uploading = false;
    QAction *m_focusPrompt = nullptr;
    QAction *m_focusMessage = nullptr;
};
