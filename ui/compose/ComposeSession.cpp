// SPDX-License-Identifier: GPL-3.0-or-later
// Longer than most files here, and one file on purpose: what is left is one state machine. Running,
// finishing, retrying, stopping, restoring a version, applying a template and saving all read and
// change the same state (the documents, the response, the error, the run in flight and the saved
// draft), and each in an order the others rely on; the writing, keeping and checking of the text
// are StreamWriter's, DraftKeeper's and DraftChecker's.
#include "ui/compose/ComposeSession.h"

#include "activity/ActivityTracker.h"
#include "crm/ContextAssembler.h"
#include "domain/PromptPreset.h"
#include "generation/TemplateDrafts.h"
#include "ui/compose/ComposeController.h"
#include "ui/compose/DraftChecker.h"
#include "ui/compose/DraftKeeper.h"
#include "ui/compose/StreamWriter.h"

#include <QPlainTextDocumentLayout>
#include <QTextDocument>
#include <QTimer>
#include <QUuid>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

constexpr int RecheckDelayMs = 250;
constexpr int ProgressIntervalMs = 100;
// A rate limit without Retry-After: wait this long before trying again by ourselves.
constexpr qint64 DefaultRateLimitWaitMs = 20000;
constexpr int MaxAutoRetries = 3;

QTextDocument *plainDocument(QObject *parent) {
    auto *document = new QTextDocument(parent);
    document->setDocumentLayout(new QPlainTextDocumentLayout(document));
    return document;
}

} // namespace

ComposeSession::ComposeSession(QString ticketId, ComposeController &controller)
    : QObject(&controller)
    , m_ticketId(std::move(ticketId))
    , m_controller(controller)
    , m_prompt(plainDocument(this))
    , m_body(plainDocument(this))
    , m_writer(new StreamWriter(m_body, this))
    , m_keeper(new DraftKeeper(
          m_ticketId, controller.drafts(), [this] { return currentDraft(); }, this))
    , m_checker(new DraftChecker(this))
    , m_progressTimer(new QTimer(this))
    , m_retryTimer(new QTimer(this))
    , m_recheck(new QTimer(this)) {
    connect(m_keeper, &DraftKeeper::versionsChanged, this, &ComposeSession::versionsChanged);
    connect(m_keeper, &DraftKeeper::storageFailed, &m_controller,
            &ComposeController::storageFailed);
    m_recheck->setSingleShot(true);
    m_recheck->setInterval(RecheckDelayMs);
    connect(m_recheck, &QTimer::timeout, this, &ComposeSession::recheck);
    connect(m_checker, &DraftChecker::checked, this, [this](const QList<ComplianceFinding> &found) {
        if (found == m_findings)
            return;
        m_findings = found;
        emit findingsChanged();
        emit savedChanged(); // what can be saved depends on the findings
    });
    m_progressTimer->setInterval(ProgressIntervalMs);
    connect(m_progressTimer, &QTimer::timeout, this, &ComposeSession::progressChanged);
    m_retryTimer->setSingleShot(true);
    connect(m_retryTimer, &QTimer::timeout, this, [this] {
        setState(State::Idle);
        const int retries = m_autoRetries;
        generate();
        m_autoRetries = retries;
    });

    restoreDraft();
    m_context = m_controller.assembler().cachedContext(m_ticketId);
    recheck();
    connect(m_prompt, &QTextDocument::contentsChanged, m_keeper, &DraftKeeper::schedule);
    // The request is trusted context: a figure the rep names there is one the rep vouches for.
    connect(m_prompt, &QTextDocument::contentsChanged, m_recheck, qOverload<>(&QTimer::start));
    connect(m_writer, &StreamWriter::changed, m_keeper, &DraftKeeper::schedule);
    connect(m_writer, &StreamWriter::editedByRepChanged, this, [this] {
        m_recheck->start();
        emit savedChanged();
    });
    connect(&m_controller, &ComposeController::configurationChanged, this,
            &ComposeSession::recheck);
}

// The keeper writes a pending autosave when it goes, and that reads this session's documents:
// it goes first, while they are whole.
ComposeSession::~ComposeSession() {
    delete m_keeper;
}

void ComposeSession::restoreDraft() {
    const std::optional<Draft> saved = m_keeper->restore();
    if (!saved)
        return;
    m_draft = *saved;
    // Set as plain text, so the restored draft starts the editors' undo history.
    m_prompt->setPlainText(saved->prompt);
    m_body->setPlainText(saved->body);
    m_subject = saved->subject;
    m_preset = saved->preset;
    m_tone = saved->tone;
    m_length = saved->length;
    m_response = saved->response;
    // Text that is not what the last generation produced was written by the rep.
    m_writer->setEditedByRep(m_response ? m_response->message != saved->body
                                        : !saved->body.isEmpty());
    m_subjectEditedByRep =
        m_response ? m_response->subject != saved->subject : !saved->subject.isEmpty();
}

void ComposeSession::setContext(const OutreachContext &context) {
    if (context.ticket.id != m_ticketId)
        return;
    m_context = context;
    emit contextChanged();
    recheck();
}

void ComposeSession::setSubject(const QString &subject) {
    if (subject == m_subject)
        return;
    m_subject = subject;
    m_subjectEditedByRep = true;
    m_keeper->schedule();
    m_recheck->start();
    emit savedChanged();
}

void ComposeSession::setPreset(const QString &preset) {
    if (preset == m_preset)
        return;
    m_preset = preset;
    m_keeper->schedule();
}

void ComposeSession::setTone(MessageTone tone) {
    if (tone == m_tone)
        return;
    m_tone = tone;
    m_keeper->schedule();
}

void ComposeSession::setLength(MessageLength length) {
    if (length == m_length)
        return;
    m_length = length;
    m_keeper->schedule();
}

qint64 ComposeSession::elapsedMs() const {
    if (isRunning() && m_elapsed.isValid())
        return m_elapsed.elapsed();
    return m_finishedElapsed;
}

int ComposeSession::streamedTokens() const {
    return m_writer->streamedTokens();
}

int ComposeSession::retrySecondsLeft() const {
    if (m_state != State::Waiting || !m_retryClock.isValid())
        return 0;
    const qint64 left = m_retryDelayMs - m_retryClock.elapsed();
    return left <= 0 ? 0 : int((left + 999) / 1000);
}

ComposeRules::Facts ComposeSession::facts() const {
    ComposeRules::Facts facts;
    facts.ticketId = m_ticketId;
    facts.context = m_context ? &*m_context : nullptr;
    facts.running = isRunning();
    facts.hasMessage = hasMessage();
    facts.saved = isSaved();
    facts.markedSent = m_draft.markedSent;
    facts.findings = m_findings;
    return facts;
}

QString ComposeSession::generateBlockedReason() const {
    return ComposeRules::generateBlocked(facts());
}

QString ComposeSession::saveBlockedReason() const {
    return ComposeRules::saveBlocked(facts());
}

QString ComposeSession::markSentBlockedReason() const {
    return ComposeRules::markSentBlocked(facts());
}

QString ComposeSession::mailBlockedReason() const {
    return ComposeRules::mailBlocked(facts());
}

QString ComposeSession::prospectEmail() const {
    return ComposeRules::prospectEmail(facts());
}

bool ComposeSession::isSaved() const {
    return !m_draft.savedMessageId.isEmpty()
           && m_draft.savedFingerprint == Draft::fingerprint(m_subject, m_body->toPlainText());
}

bool ComposeSession::hasMessage() const {
    return !m_body->isEmpty() && !m_body->toPlainText().trimmed().isEmpty();
}

QList<DraftVersion> ComposeSession::versions() const {
    return m_keeper->versions();
}

Draft ComposeSession::currentDraft() const {
    Draft draft = m_draft;
    draft.ticketId = m_ticketId;
    draft.prompt = m_prompt->toPlainText();
    draft.preset = m_preset;
    draft.tone = m_tone;
    draft.length = m_length;
    draft.subject = m_subject;
    draft.body = m_writer->textWithoutRewrite();
    draft.response = m_response;
    return draft;
}

void ComposeSession::flush() {
    m_keeper->flush();
}

void ComposeSession::reloadDraft() {
    if (isRunning())
        return;
    restoreDraft();
    m_error.reset();
    recheck();
    emit subjectReplaced();
    emit responseChanged();
    emit errorChanged();
    emit versionsChanged();
    emit savedChanged();
}

void ComposeSession::recheck() {
    QList<ComplianceFinding> cited;
    // Cited ids are a fact about the generation, not the text: keep them. So is an unfinished
    // generation, until the rep has edited the body and so made its ending their own.
    const bool repEdited = m_writer->editedByRep();
    if (m_response) {
        for (const ComplianceFinding &finding : m_response->metadata.findings) {
            if (finding.kind == ComplianceFinding::Kind::UnknownContextId
                || (finding.kind == ComplianceFinding::Kind::IncompleteDraft && !repEdited))
                cited.append(finding);
        }
    }
    m_checker->check(m_subject, m_body->toPlainText(), m_context, m_controller.compliance(), cited,
                     m_prompt->toPlainText());
}

void ComposeSession::setState(State state) {
    if (state == m_state)
        return;
    m_state = state;
    emit stateChanged();
}

void ComposeSession::setError(std::optional<OutreachError> error) {
    m_error = std::move(error);
    emit errorChanged();
}

void ComposeSession::keepEditsAsVersion() {
    const QString body = m_body->toPlainText();
    if (body.trimmed().isEmpty() || (!m_writer->editedByRep() && !m_subjectEditedByRep))
        return;
    OutreachResponse edited;
    edited.subject = m_subject;
    edited.message = body;
    if (m_response)
        edited.metadata = m_response->metadata;
    m_keeper->addVersion(DraftVersion::Status::Edited, m_prompt->toPlainText(), edited);
}

void ComposeSession::generate() {
    if (isRunning() || !generateBlockedReason().isEmpty())
        return;
    if (!m_controller.hasModel()) {
        emit needsModel();
        return;
    }
    QString prompt = m_prompt->toPlainText().trimmed();
    if (prompt.isEmpty()) {
        const auto preset = PromptPreset::fromName(m_preset);
        prompt = preset ? PromptPreset::request(*preset) : tr("Write a follow-up on this ticket.");
    }
    m_stopped = false;
    m_autoRetries = 0;
    m_failedRewrite.reset();
    setError(std::nullopt);
    QCoro::connect(run(prompt, promptOptions()), this, [] {});
}

PromptOptions ComposeSession::promptOptions() const {
    PromptOptions options;
    options.tone = m_tone;
    options.length = m_length;
    options.contextWindowTokens = m_controller.endpoint().contextWindowTokens;
    options.maxOutputTokens = m_controller.endpoint().maxOutputTokens;
    return options;
}

QString ComposeSession::prospectLocale() const {
    return m_context ? m_context->prospect.prospect.locale : QString();
}

QString ComposeSession::rewriteBlockedReason(RewriteRequest::Kind kind) const {
    if (!m_controller.hasModel())
        return tr("Rewriting needs a model: set one up in the settings.");
    if (isRunning())
        return tr("A message is being written; stop it first.");
    if (const QString blocked = generateBlockedReason(); !blocked.isEmpty())
        return blocked;
    if (!hasMessage())
        return tr("There is no message to rewrite yet.");
    if (kind == RewriteRequest::Kind::Translate
        && RewriteRequest::languageName(prospectLocale()).isEmpty())
        return tr("The prospect's language is not known: the CRM has no locale for them.");
    return {};
}

void ComposeSession::rewrite(RewriteRequest::Kind kind, int selectionStart, int selectionEnd) {
    if (!rewriteBlockedReason(kind).isEmpty())
        return;
    const QString body = m_body->toPlainText();
    const auto core = [&body](int &start, int &end) {
        while (start < end && body.at(start).isSpace())
            ++start;
        while (end > start && body.at(end - 1).isSpace())
            --end;
    };
    const int size = int(body.size());
    int start = std::clamp(std::min(selectionStart, selectionEnd), 0, size);
    int end = std::clamp(std::max(selectionStart, selectionEnd), 0, size);
    core(start, end);
    if (start == end) {
        // No selection (or only white space in it): the whole body.
        start = 0;
        end = size;
        core(start, end);
    }
    if (start == end)
        return;
    startRewrite({kind, start, end, body.mid(start, end - start)});
}

bool ComposeSession::canRetryRewrite() const {
    return m_failedRewrite && !isRunning()
           && QStringView(m_body->toPlainText())
                      .mid(m_failedRewrite->start, m_failedRewrite->end - m_failedRewrite->start)
                  == m_failedRewrite->passage;
}

void ComposeSession::retryRewrite() {
    if (canRetryRewrite() && rewriteBlockedReason(m_failedRewrite->kind).isEmpty())
        startRewrite(*m_failedRewrite);
}

void ComposeSession::startRewrite(const RewriteJob &job) {
    RewriteRequest request;
    request.kind = job.kind;
    request.passage = job.passage;
    request.draftSubject = m_subject;
    const QString body = m_body->toPlainText();
    // The whole body goes once, as the passage, rather than twice.
    request.draftBody = body.trimmed() == job.passage ? job.passage : body;
    request.targetLocale = prospectLocale();
    PromptOptions options = promptOptions();
    options.rewrite = request;
    m_stopped = false;
    m_autoRetries = 0;
    m_failedRewrite.reset();
    setError(std::nullopt);
    m_rewrite = job;
    m_writer->beginPassage(job.start, job.end);
    QCoro::connect(run(tr("Rewrite: %1").arg(RewriteRequest::name(job.kind)), options), this,
                   [] {});
}

void ComposeSession::finishRewrite(const OutreachComposer::Composition &composition,
                                   const QString &prompt) {
    endRun();
    const RewriteJob job = *m_rewrite;
    m_rewrite.reset();
    if (composition.cancelled()) {
        m_writer->restorePassage();
        emit rewriteStopped();
        setState(State::Idle);
        return;
    }
    std::optional<OutreachError> failure = composition.error;
    if (!failure && composition.response) {
        for (const ComplianceFinding &finding : composition.response->metadata.findings) {
            if (finding.kind == ComplianceFinding::Kind::IncompleteDraft)
                failure = OutreachError(OutreachError::Code::ApiError, finding.text);
        }
    }
    if (!failure && (!composition.response || composition.response->message.trimmed().isEmpty()))
        failure = OutreachError(OutreachError::Code::ApiError,
                                tr("The model returned no rewritten text."));
    if (failure) {
        m_writer->restorePassage();
        m_failedRewrite = job;
        setError(failure);
        setState(State::Idle);
        return;
    }

    const OutreachResponse &rewritten = *composition.response;
    // The text before the rewrite, when the rep wrote in it, is kept first like before a
    // generation: the undo history does not outlive the app.
    if (m_writer->editedByRep()) {
        QString before = m_body->toPlainText();
        before.replace(job.start, m_writer->passageEnd() - job.start, job.passage);
        OutreachResponse edited;
        edited.subject = m_subject;
        edited.message = before;
        if (m_response)
            edited.metadata = m_response->metadata;
        m_keeper->addVersion(DraftVersion::Status::Edited, m_prompt->toPlainText(), edited);
    }
    m_writer->finishPassage(rewritten.message);
    const int end = job.start + int(StreamWriter::normalised(rewritten.message).size());

    // The draft as it now stands is ours, like a generation: its metadata is the draft's, with
    // what the rewrite drew on added.
    OutreachResponse response = m_response.value_or(rewritten);
    response.subject = m_subject;
    response.message = m_body->toPlainText();
    for (const QString &id : rewritten.metadata.usedContext) {
        if (!response.metadata.usedContext.contains(id))
            response.metadata.usedContext.append(id);
    }
    m_response = response;
    m_writer->setEditedByRep(false);
    if (const std::optional<qint64> stored =
            m_keeper->addVersion(DraftVersion::Status::Complete, prompt, response))
        m_draft.versionId = *stored;
    emit responseChanged();
    recheck();
    flush();
    emit rewriteApplied(job.start, end);
    emit savedChanged();
    setState(State::Idle);
}

QCoro::Task<void> ComposeSession::run(QString prompt, PromptOptions options) {
    QPointer<ComposeSession> self(this);
    const quint64 runId = ++m_runId;
    m_elapsed.start();
    m_streamBegun = false;
    m_progressTimer->start();
    setState(State::Assembling);

    auto *composer = new OutreachComposer(m_controller.assembler(), this);
    m_composer = composer;
    composer->setEndpoint(m_controller.endpoint());
    composer->setQuirkStore(&m_controller.settings());
    connect(composer, &OutreachComposer::contextAssembled, this, &ComposeSession::setContext);
    connect(composer, &OutreachComposer::stageChanged, this, [this](OutreachComposer::Stage stage) {
        if (stage != OutreachComposer::Stage::Generating)
            return;
        // A rewrite leaves the passage in place until its first text arrives.
        if (!m_streamBegun && !m_rewrite)
            beginStream();
        setState(State::Generating);
    });
    connect(composer, &OutreachComposer::messageDelta, m_writer, &StreamWriter::append);
    connect(composer, &OutreachComposer::subjectDelta, this, [this](const QString &text) {
        if (m_subjectEditedByRep || m_rewrite)
            return;
        m_subject += text;
        emit subjectReplaced();
    });
    connect(composer, &OutreachComposer::retrying, this,
            [this](int, qint64 delayMs, const OutreachError &error) {
                m_retryDelayMs = delayMs;
                m_retryClock.start();
                m_waitReason = error;
                setState(State::Waiting);
                emit progressChanged();
            });

    OutreachComposer::Request request;
    request.ticketId = m_ticketId;
    request.prompt = prompt;
    request.options = options;
    request.compliance = m_controller.compliance();
    QCoro::Task<OutreachComposer::Composition> composing = composer->compose(std::move(request));
    const OutreachComposer::Composition composition = co_await std::move(composing);
    if (!self)
        co_return;
    composer->deleteLater();
    if (runId != m_runId)
        co_return; // stopped while the context was on its way
    if (m_rewrite)
        finishRewrite(composition, prompt);
    else
        finish(composition, prompt);
}

void ComposeSession::endRun() {
    m_writer->flush();
    m_progressTimer->stop();
    m_finishedElapsed = m_elapsed.elapsed();
    m_waitReason.reset();
}

void ComposeSession::finish(const OutreachComposer::Composition &composition,
                            const QString &prompt) {
    endRun();
    if (!composition.context || composition.refused) {
        // The context could not be assembled, or it says do-not-contact (the blocked reason
        // shows why): nothing was sent.
        if (!composition.context)
            setError(composition.error);
        setState(State::Idle);
        return;
    }
    const GenerationResult &result = composition.generated;
    const OutreachResponse &response = *composition.response;
    const bool cancelled = composition.cancelled();
    DraftVersion::Status status = DraftVersion::Status::Complete;
    if (cancelled)
        status = DraftVersion::Status::Stopped;
    else if (result.error)
        status = DraftVersion::Status::Failed;

    // The processed text replaces the streamed one unless the rep has written in it meanwhile.
    if (!m_writer->editedByRep()
        && m_body->toPlainText() != StreamWriter::normalised(response.message)
        && (result.ok() || !response.message.isEmpty()))
        m_writer->replace(response.message);
    if (!m_subjectEditedByRep && m_subject != response.subject) {
        m_subject = response.subject;
        emit subjectReplaced();
    }
    m_response = response;
    if (!response.message.trimmed().isEmpty()) {
        if (const std::optional<qint64> stored = m_keeper->addVersion(status, prompt, response))
            m_draft.versionId = *stored;
    }
    emit responseChanged();
    recheck();
    flush();

    if (result.error && !cancelled) {
        setError(result.error);
        const OutreachError &error = *result.error;
        // A rate limit outlasting the retries inside the request: count down here and try
        // again, a few times. A spent quota is billing, and waiting does not fix it.
        if (error.code() == OutreachError::Code::RateLimit && !error.isQuotaExhausted()
            && m_autoRetries < MaxAutoRetries) {
            ++m_autoRetries;
            scheduleRetry(error.retryAfter() ? std::max<qint64>(error.retryAfter()->count(), 1000)
                                             : DefaultRateLimitWaitMs);
            return;
        }
    } else if (result.ok()) {
        m_autoRetries = 0;
    }
    m_stopped = cancelled;
    setState(State::Idle);
}

void ComposeSession::beginStream() {
    m_streamBegun = true;
    keepEditsAsVersion();
    m_writer->begin();
    if (!m_subjectEditedByRep) {
        m_subject.clear();
        emit subjectReplaced();
    }
}

void ComposeSession::scheduleRetry(qint64 delayMs) {
    m_retryDelayMs = delayMs;
    m_retryClock.start();
    m_retryTimer->start(int(std::min<qint64>(delayMs, std::numeric_limits<int>::max())));
    setState(State::Waiting);
    m_progressTimer->start();
}

void ComposeSession::stop() {
    if (m_retryTimer->isActive()) {
        m_retryTimer->stop();
        m_stopped = true;
        m_progressTimer->stop();
        setState(State::Idle);
        return;
    }
    if (m_state == State::Assembling) {
        ++m_runId; // the context's arrival is ignored
        if (m_composer)
            m_composer->cancel();
        m_progressTimer->stop();
        m_finishedElapsed = m_elapsed.elapsed();
        if (m_rewrite) {
            // Nothing had arrived, so the passage is untouched.
            m_rewrite.reset();
            m_writer->restorePassage();
            emit rewriteStopped();
        } else {
            m_stopped = true;
        }
        setState(State::Idle);
        return;
    }
    if (m_composer)
        m_composer->cancel();
}

void ComposeSession::showMessage(const OutreachResponse &response) {
    keepEditsAsVersion();
    m_writer->replace(response.message);
    m_subject = response.subject;
    m_subjectEditedByRep = false;
    emit subjectReplaced();
    m_response = response;
}

Result<void> ComposeSession::restoreVersion(qint64 versionId) {
    if (isRunning())
        return OutreachError(OutreachError::Code::Cancelled,
                             tr("Stop the generation before putting a version back."));
    const std::optional<DraftVersion> version = m_keeper->version(versionId);
    if (!version)
        return OutreachError(OutreachError::Code::Storage,
                             tr("That version of the draft no longer exists."));
    showMessage(version->response);
    m_draft.versionId = version->id;
    emit responseChanged();
    recheck();
    flush();
    emit savedChanged();
    return {};
}

Result<void> ComposeSession::applyTemplate(const QString &templateId) {
    if (isRunning())
        return OutreachError(OutreachError::Code::Cancelled,
                             tr("Stop the generation before using a template."));
    if (!m_context)
        return OutreachError(OutreachError::Code::ContextInvalid, generateBlockedReason());
    const Result<TemplateDrafts::FilledTemplate> filled =
        TemplateDrafts::fill(templateId, *m_context, m_controller.compliance());
    if (!filled.ok())
        return filled.error();
    OutreachResponse response;
    response.subject = filled->subject;
    response.message = filled->body;
    response.metadata.model = u"template:"_s + templateId;
    response.metadata.structured = false;
    response.metadata.confidenceExplanation = tr("A template draft: no model was used.");
    showMessage(response);
    m_error.reset();
    emit errorChanged();
    if (const std::optional<qint64> stored =
            m_keeper->addVersion(DraftVersion::Status::Template, templateId, response))
        m_draft.versionId = *stored;
    emit responseChanged();
    recheck();
    flush();
    emit savedChanged();
    return {};
}

Result<void> ComposeSession::saveToHistory() {
    if (const QString blocked = saveBlockedReason(); !blocked.isEmpty())
        return OutreachError(OutreachError::Code::ContextInvalid, blocked);
    OutreachActivity activity;
    activity.messageId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    activity.subject = m_subject;
    activity.content = m_body->toPlainText();
    activity.createdAt = QDateTime::currentDateTimeUtc();
    activity.metadata.prompt = m_prompt->toPlainText().trimmed();
    activity.metadata.preset = m_preset;
    activity.metadata.tone = MessageStyle::name(m_tone);
    if (m_response) {
        const OutreachResponse::Metadata &meta = m_response->metadata;
        activity.metadata.usedContext = meta.usedContext;
        activity.metadata.suggestedFollowUp = meta.suggestedFollowUp;
        activity.metadata.model = meta.model;
        if (!meta.model.startsWith(u"template:"_s))
            activity.metadata.confidence = std::clamp(meta.confidence, 0.0, 1.0);
    }
    const Result<QByteArray> queued =
        m_controller.tracker().addOutreachActivity(m_ticketId, activity);
    if (!queued.ok())
        return queued.error();
    m_draft.savedMessageId = activity.messageId;
    m_draft.savedFingerprint = Draft::fingerprint(m_subject, activity.content);
    m_draft.markedSent = false;
    flush();
    emit savedChanged();
    return {};
}

Result<void> ComposeSession::markSent() {
    if (const QString blocked = markSentBlockedReason(); !blocked.isEmpty())
        return OutreachError(OutreachError::Code::ContextInvalid, blocked);
    // The event and the metrics that now say "sent", so effectiveness counts it.
    const Result<QList<QByteArray>> queued = m_controller.tracker().recordOutcome(
        m_ticketId, m_draft.savedMessageId, ActivityTracker::Milestone::Sent);
    if (!queued.ok())
        return queued.error();
    m_draft.markedSent = true;
    flush();
    emit savedChanged();
    return {};
}
