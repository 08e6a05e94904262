// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "composition/OutreachComposer.h"
#include "domain/ComplianceFinding.h"
#include "domain/Draft.h"
#include "domain/DraftVersion.h"
#include "domain/OutreachContext.h"
#include "domain/OutreachError.h"
#include "domain/OutreachResponse.h"
#include "domain/Result.h"
#include "domain/RewriteRequest.h"
#include "generation/PromptBuilder.h"
#include "ui/compose/ComposeRules.h"

#include <QCoroTask>
#include <QElapsedTimer>
#include <QObject>
#include <QPointer>

#include <optional>

class ComposeController;
class DraftChecker;
class DraftKeeper;
class StreamWriter;
class QTextDocument;
class QTimer;

// One ticket's compose state for as long as the app runs: the prompt and message documents the
// editors show, the generation (or rewrite of a passage) in flight with its progress, metadata and
// error, and the saved state. Streams into its own documents whether or not the ticket is on
// screen, never overwrites what the rep types meanwhile, and autosaves everything within a second
// of a change.
class ComposeSession : public QObject {
    Q_OBJECT
public:
    enum class State {
        Idle,
        Assembling, // fetching the ticket's context
        Generating, // the request is out or text is arriving
        Waiting,    // a retry after a rate limit or server trouble is counting down
    };

    // Restores the ticket's autosaved draft, if any.
    ComposeSession(QString ticketId, ComposeController &controller);
    ~ComposeSession() override;

    QString ticketId() const { return m_ticketId; }
    QTextDocument *promptDocument() const { return m_prompt; }
    QTextDocument *bodyDocument() const { return m_body; }
    QString subject() const { return m_subject; }
    // The rep edited the subject line.
    void setSubject(const QString &subject);
    QString preset() const { return m_preset; }
    void setPreset(const QString &preset);
    MessageTone tone() const { return m_tone; }
    void setTone(MessageTone tone);
    MessageLength length() const { return m_length; }
    void setLength(MessageLength length);

    State state() const { return m_state; }
    bool isRunning() const { return m_state != State::Idle; }
    qint64 elapsedMs() const;
    // Tokens of text received so far in this generation (estimated while streaming).
    int streamedTokens() const;
    // Seconds left before the automatic retry, while Waiting.
    int retrySecondsLeft() const;

    // The last generation's (or template's) metadata, findings re-checked against the current
    // text.
    const std::optional<OutreachResponse> &response() const { return m_response; }
    // What the compliance check finds in the text as it stands now (re-checked after edits).
    const QList<ComplianceFinding> &findings() const { return m_findings; }
    // Why the last generation failed; nullopt after success or a deliberate stop.
    const std::optional<OutreachError> &error() const { return m_error; }
    // While Waiting: what the endpoint said (a rate limit, server trouble).
    const std::optional<OutreachError> &waitReason() const { return m_waitReason; }
    bool wasStopped() const { return m_stopped; }
    // The context of the last generation, or the cached one when none ran yet.
    std::optional<OutreachContext> context() const { return m_context; }
    void setContext(const OutreachContext &context);

    // Why Generate cannot work for this ticket (a do-not-contact prospect), or empty.
    QString generateBlockedReason() const;
    // Why the message cannot be saved, opened in a mail client or marked sent, or empty.
    QString saveBlockedReason() const;
    QString markSentBlockedReason() const;
    QString mailBlockedReason() const;
    QString prospectEmail() const;
    bool hasMessage() const;
    // The text in the editor is the message stored on the ticket's history.
    bool isSaved() const;
    bool isMarkedSent() const { return m_draft.markedSent && isSaved(); }
    QString savedMessageId() const { return m_draft.savedMessageId; }

    QList<DraftVersion> versions() const;
    Draft currentDraft() const;

    // Starts a generation with the current prompt. Without a configured model nothing is sent:
    // the session reports needsModel() so the pane can offer the template drafts.
    void generate();
    void stop();

    // Rewrites the body's text between `selectionStart` and `selectionEnd` (white space at either
    // end left as it is; an empty selection: the whole body) with the model, through the same
    // composition as a draft. The answer streams in place of the passage as one undo step; a
    // stop or a failure puts the original back exactly. The subject is left alone.
    void rewrite(RewriteRequest::Kind kind, int selectionStart, int selectionEnd);
    bool isRewriting() const { return m_rewrite.has_value(); }
    // Why that rewrite cannot run now, or empty.
    QString rewriteBlockedReason(RewriteRequest::Kind kind) const;
    // The prospect's locale, which a translation goes into; empty when the CRM has none.
    QString prospectLocale() const;
    // The last rewrite failed and its passage is still where it was: Retry runs it again.
    bool canRetryRewrite() const;
    // The error on show is a failed rewrite's (whose original passage is back).
    bool rewriteFailed() const { return m_failedRewrite.has_value() && m_error.has_value(); }
    void retryRewrite();
    // Puts a version back into the editor; the text it replaces is kept as a version first.
    Result<void> restoreVersion(qint64 versionId);
    Result<void> applyTemplate(const QString &templateId);
    // Stores the message on the ticket's history and queues it for the CRM.
    Result<void> saveToHistory();
    // Queues the "sent" event of the saved message.
    Result<void> markSent();
    // Writes the pending autosave now.
    void flush();
    // Shows the ticket's autosaved draft again after something else stored it (a batch run).
    // Ignored while a generation runs, whose text would be mixed with it.
    void reloadDraft();

signals:
    void stateChanged();
    // The subject was set by a generation, template or restored version (not by the rep).
    void subjectReplaced();
    void responseChanged();
    void findingsChanged();
    void errorChanged();
    // Elapsed time, streamed tokens or the retry countdown moved on.
    void progressChanged();
    void versionsChanged();
    void savedChanged();
    void contextChanged();
    // Generate was pressed with no model configured.
    void needsModel();
    // A rewrite was stopped: the original passage is back.
    void rewriteStopped();
    // A rewrite is in the body, from `start` to `end`.
    void rewriteApplied(int start, int end);

private:
    QCoro::Task<void> run(QString prompt, PromptOptions options);
    // Applies a finished composition: the processed text, the version, the error or retry.
    void finish(const OutreachComposer::Composition &composition, const QString &prompt);
    struct RewriteJob {
        RewriteRequest::Kind kind = RewriteRequest::Kind::Shorter;
        int start = 0;
        int end = 0;
        QString passage;
    };
    void startRewrite(const RewriteJob &job);
    void finishRewrite(const OutreachComposer::Composition &composition, const QString &prompt);
    PromptOptions promptOptions() const;
    void endRun();
    void setState(State state);
    void setError(std::optional<OutreachError> error);
    void restoreDraft();
    void recheck();
    ComposeRules::Facts facts() const;
    // Keeps text the rep wrote (or edited) as a version before something replaces it.
    void keepEditsAsVersion();
    // Puts a whole message (a template, a restored version) in the editor as our own.
    void showMessage(const OutreachResponse &response);
    void beginStream();
    void scheduleRetry(qint64 delayMs);

    QString m_ticketId;
    ComposeController &m_controller;
    QTextDocument *m_prompt;
    QTextDocument *m_body;
    StreamWriter *m_writer;
    DraftKeeper *m_keeper;
    DraftChecker *m_checker;
    QString m_subject;
    QString m_preset;
    MessageTone m_tone = MessageTone::Concise;
    MessageLength m_length = MessageLength::Medium;
    Draft m_draft; // the saved-state part (version, saved id, marked sent)
    std::optional<OutreachResponse> m_response;
    std::optional<OutreachError> m_error;
    std::optional<OutreachError> m_waitReason;
    QList<ComplianceFinding> m_findings;
    std::optional<OutreachContext> m_context;
    State m_state = State::Idle;
    bool m_stopped = false;

    QPointer<OutreachComposer> m_composer;     // the composition in flight
    std::optional<RewriteJob> m_rewrite;       // the rewrite in flight
    std::optional<RewriteJob> m_failedRewrite; // the last rewrite, when it failed
    bool m_subjectEditedByRep = false;
    bool m_streamBegun = false;
    quint64 m_runId = 0;
    int m_autoRetries = 0;
    QElapsedTimer m_elapsed;
    qint64 m_finishedElapsed = 0;
    QTimer *m_progressTimer;
    QTimer *m_retryTimer;
    QElapsedTimer m_retryClock;
    qint64 m_retryDelayMs = 0;
    QTimer *m_recheck;
};
