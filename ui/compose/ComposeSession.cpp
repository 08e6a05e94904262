// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/compose/ComposeSession.h"

#include "activity/ActivityTracker.h"
#include "crm/ContextAssembler.h"
#include "domain/PromptPreset.h"
#include "generation/MessageGenerator.h"
#include "generation/TemplateDrafts.h"
#include "generation/TokenEstimator.h"
#include "review/ComplianceChecker.h"
#include "review/ResponseHandler.h"
#include "storage/CacheStore.h"
#include "storage/DraftStore.h"
#include "ui/compose/ComposeController.h"

#include <QCoroFuture>
#include <QFutureWatcher>
#include <QPlainTextDocumentLayout>
#include <QTextDocument>
#include <QTimer>
#include <QUuid>
#include <QtConcurrent>

using namespace Qt::StringLiterals;

namespace {

// Within a second of a change, as promised; bursts (streaming, typing) share one write.
constexpr int AutosaveDelayMs = 500;
constexpr int RecheckDelayMs = 250;
constexpr int ProgressIntervalMs = 100;
// How often arriving text is put into the editor: smooth to the eye, cheap for the layout.
constexpr int StreamFlushMs = 40;
// A rate limit without Retry-After: wait this long before trying again by ourselves.
constexpr qint64 DefaultRateLimitWaitMs = 20000;
constexpr int MaxAutoRetries = 3;

QTextDocument *plainDocument(QObject *parent) {
    auto *document = new QTextDocument(parent);
    document->setDocumentLayout(new QPlainTextDocumentLayout(document));
    return document;
}

QString normalised(QString text) {
    // QTextCursor turns '\r' into a paragraph break of its own: "\r\n" would become two.
    text.replace(u"\r\n"_s, u"\n"_s);
    text.replace(u'\r', u'\n');
    return text;
}

} // namespace

ComposeSession::ComposeSession(QString ticketId, ComposeController &controller)
    : QObject(&controller)
    , m_ticketId(std::move(ticketId))
    , m_controller(controller)
    , m_prompt(plainDocument(this))
    , m_body(plainDocument(this))
    , m_progressTimer(new QTimer(this))
    , m_retryTimer(new QTimer(this))
    , m_streamFlush(new QTimer(this))
    , m_autosave(new QTimer(this))
    , m_recheck(new QTimer(this)) {
    m_autosave->setSingleShot(true);
    m_autosave->setInterval(AutosaveDelayMs);
    connect(m_autosave, &QTimer::timeout, this, &ComposeSession::flush);
    m_recheck->setSingleShot(true);
    m_recheck->setInterval(RecheckDelayMs);
    connect(m_recheck, &QTimer::timeout, this, &ComposeSession::recheck);
    m_progressTimer->setInterval(ProgressIntervalMs);
    connect(m_progressTimer, &QTimer::timeout, this, &ComposeSession::progressChanged);
    m_streamFlush->setSingleShot(true);
    m_streamFlush->setInterval(StreamFlushMs);
    connect(m_streamFlush, &QTimer::timeout, this, &ComposeSession::flushStreamed);
    m_retryTimer->setSingleShot(true);
    connect(m_retryTimer, &QTimer::timeout, this, [this] {
        setState(State::Idle);
        const int retries = m_autoRetries;
        generate();
        m_autoRetries = retries;
    });

    restoreDraft();
    loadCachedContext();
    recheck();
    connect(m_prompt, &QTextDocument::contentsChanged, this, &ComposeSession::scheduleAutosave);
    connect(m_body, &QTextDocument::contentsChange, this, &ComposeSession::onBodyChanged);
    connect(&m_controller, &ComposeController::configurationChanged, this,
            &ComposeSession::recheck);
}

ComposeSession::~ComposeSession() {
    if (m_autosave->isActive())
        flush();
}

void ComposeSession::restoreDraft() {
    const std::optional<Draft> saved = m_controller.drafts().load(m_ticketId);
    if (!saved)
        return;
    m_draft = *saved;
    m_applying = true;
    m_prompt->setPlainText(saved->prompt);
    m_body->setPlainText(saved->body);
    m_applying = false;
    m_subject = saved->subject;
    m_preset = saved->preset;
    m_tone = PromptOptions::toneFromName(saved->tone).value_or(m_tone);
    m_length = PromptOptions::lengthFromName(saved->length).value_or(m_length);
    m_response = saved->response;
    // Text that is not what the last generation produced was written by the rep.
    m_bodyEditedByRep = m_response ? m_response->message != saved->body : !saved->body.isEmpty();
    m_subjectEditedByRep =
        m_response ? m_response->subject != saved->subject : !saved->subject.isEmpty();
}

void ComposeSession::loadCachedContext() {
    const CacheStore &cache = m_controller.cache();
    const std::optional<Ticket> ticket = cache.ticket(m_ticketId);
    if (!ticket)
        return;
    OutreachContext context;
    context.ticket = *ticket;
    context.project = cache.project(ticket->projectId).value_or(Project{});
    context.prospect = cache.prospect(ticket->prospectId).value_or(ProspectHistory{});
    context.interactions =
        cache.interactions(m_ticketId, m_controller.assembler().interactionLimit());
    context.source = OutreachContext::Source::Cache;
    context.assembledAt = QDateTime::currentDateTimeUtc();
    m_context = context;
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
    scheduleAutosave();
    m_recheck->start();
    emit savedChanged();
}

void ComposeSession::setPreset(const QString &preset) {
    if (preset == m_preset)
        return;
    m_preset = preset;
    scheduleAutosave();
}

void ComposeSession::setTone(PromptOptions::Tone tone) {
    if (tone == m_tone)
        return;
    m_tone = tone;
    scheduleAutosave();
}

void ComposeSession::setLength(PromptOptions::Length length) {
    if (length == m_length)
        return;
    m_length = length;
    scheduleAutosave();
}

qint64 ComposeSession::elapsedMs() const {
    if (isRunning() && m_elapsed.isValid())
        return m_elapsed.elapsed();
    return m_finishedElapsed;
}

int ComposeSession::retrySecondsLeft() const {
    if (m_state != State::Waiting || !m_retryClock.isValid())
        return 0;
    const qint64 left = m_retryDelayMs - m_retryClock.elapsed();
    return left <= 0 ? 0 : int((left + 999) / 1000);
}

QString ComposeSession::generateBlockedReason() const {
    if (!m_context)
        return tr("Ticket %1 is not in the local cache yet.").arg(m_ticketId);
    if (ComplianceChecker::refuseBeforeGeneration(*m_context))
        return tr("%1 is marked do-not-contact in the CRM: no message may be generated or sent.")
            .arg(m_context->prospect.prospect.name.isEmpty() ? tr("This prospect")
                                                             : m_context->prospect.prospect.name);
    return {};
}

bool ComposeSession::isSaved() const {
    return !m_draft.savedMessageId.isEmpty()
           && m_draft.savedFingerprint == Draft::fingerprint(m_subject, m_body->toPlainText());
}

bool ComposeSession::hasMessage() const {
    return !m_body->isEmpty() && !m_body->toPlainText().trimmed().isEmpty();
}

QString ComposeSession::saveBlockedReason() const {
    if (isRunning())
        return tr("Wait for the generation to finish, or stop it.");
    if (!hasMessage())
        return tr("There is no message to save yet.");
    if (isSaved())
        return tr("This message is already on the ticket's history.");
    for (const ComplianceFinding &finding : m_findings) {
        if (finding.severity == ComplianceFinding::Severity::Blocking)
            return tr("Fix what the checks found first: %1").arg(finding.advice);
    }
    return {};
}

QString ComposeSession::markSentBlockedReason() const {
    if (!isSaved())
        return tr("Save the message to the ticket's history first.");
    if (m_draft.markedSent)
        return tr("This message is already marked as sent.");
    return {};
}

QString ComposeSession::mailBlockedReason() const {
    if (const QString blocked = generateBlockedReason(); !blocked.isEmpty() && m_context)
        return blocked;
    if (!hasMessage())
        return tr("There is no message to send yet.");
    if (prospectEmail().isEmpty())
        return tr("The CRM has no email address for this prospect.");
    if (isRunning())
        return tr("Wait for the generation to finish, or stop it.");
    return {};
}

QString ComposeSession::prospectEmail() const {
    return m_context ? m_context->prospect.prospect.email : QString();
}

QList<DraftVersion> ComposeSession::versions() const {
    return m_controller.drafts().versions(m_ticketId);
}

Draft ComposeSession::currentDraft() const {
    Draft draft = m_draft;
    draft.ticketId = m_ticketId;
    draft.prompt = m_prompt->toPlainText();
    draft.preset = m_preset;
    draft.tone = PromptOptions::toneName(m_tone);
    draft.length = PromptOptions::lengthName(m_length);
    draft.subject = m_subject;
    draft.body = m_body->toPlainText();
    draft.response = m_response;
    return draft;
}

void ComposeSession::flush() {
    m_autosave->stop();
    const Result<void> saved = m_controller.drafts().save(currentDraft());
    if (!saved.ok())
        emit m_controller.storageFailed(saved.error().message());
}

void ComposeSession::scheduleAutosave() {
    // Not restarted by later changes: a long stream or steady typing still saves every half
    // second instead of waiting for a pause.
    if (!m_autosave->isActive())
        m_autosave->start();
}

void ComposeSession::onBodyChanged(int, int removed, int added) {
    if (removed == 0 && added == 0)
        return;
    scheduleAutosave();
    if (!m_applying) {
        m_bodyEditedByRep = true;
        m_recheck->start();
        emit savedChanged();
    }
}

void ComposeSession::recheck() {
    // On a worker thread: the checks scan the whole text (a runaway answer is megabytes), and
    // the window must not wait for them. Only the newest check's answer is taken.
    const quint64 generation = ++m_recheckGeneration;
    std::optional<OutreachContext> context = m_context;
    const bool anything = hasMessage() || !m_subject.trimmed().isEmpty();
    QList<ComplianceFinding> cited;
    // Cited ids are a fact about the generation, not the text: keep them.
    if (m_response) {
        for (const ComplianceFinding &finding : m_response->metadata.findings) {
            if (finding.kind == ComplianceFinding::Kind::UnknownContextId)
                cited.append(finding);
        }
    }
    const auto apply = [this](QList<ComplianceFinding> findings) {
        if (findings == m_findings)
            return;
        m_findings = std::move(findings);
        emit findingsChanged();
        emit savedChanged(); // what can be saved depends on the findings
    };
    if (!context || !anything) {
        apply(cited); // nothing to check: no thread needed
        return;
    }
    auto *watcher = new QFutureWatcher<QList<ComplianceFinding>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this,
            [this, watcher, generation, cited, apply] {
                watcher->deleteLater();
                if (generation != m_recheckGeneration)
                    return;
                apply(watcher->result() + cited);
            });
    watcher->setFuture(
        QtConcurrent::run([subject = m_subject, body = m_body->toPlainText(),
                           context = std::move(*context), settings = m_controller.compliance()] {
            return ComplianceChecker::check(subject, body, context, settings);
        }));
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

void ComposeSession::replaceBody(const QString &text) {
    m_applying = true;
    QTextCursor cursor(m_body);
    cursor.beginEditBlock();
    cursor.select(QTextCursor::Document);
    cursor.insertText(normalised(text));
    cursor.endEditBlock();
    m_applying = false;
    m_bodyEditedByRep = false;
}

void ComposeSession::keepEditsAsVersion() {
    const QString body = m_body->toPlainText();
    if (body.trimmed().isEmpty() || (!m_bodyEditedByRep && !m_subjectEditedByRep))
        return;
    DraftVersion version;
    version.ticketId = m_ticketId;
    version.createdAt = QDateTime::currentDateTimeUtc();
    version.status = DraftVersion::Status::Edited;
    version.prompt = m_prompt->toPlainText();
    version.response.subject = m_subject;
    version.response.message = body;
    if (m_response)
        version.response.metadata = m_response->metadata;
    const Result<qint64> stored = m_controller.drafts().addVersion(version);
    if (!stored.ok())
        emit m_controller.storageFailed(stored.error().message());
    else
        emit versionsChanged();
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
    PromptOptions options;
    options.tone = m_tone;
    options.length = m_length;
    options.contextWindowTokens = m_controller.endpoint().contextWindowTokens;
    options.maxOutputTokens = m_controller.endpoint().maxOutputTokens;
    m_stopped = false;
    m_autoRetries = 0;
    setError(std::nullopt);
    QCoro::connect(run(prompt, options), this, [] {});
}

QCoro::Task<void> ComposeSession::run(QString prompt, PromptOptions options) {
    QPointer<ComposeSession> self(this);
    const quint64 runId = ++m_runId;
    m_elapsed.start();
    m_streamedTokens = 0;
    m_progressTimer->start();
    setState(State::Assembling);

    QCoro::Task<Result<OutreachContext>> contextTask =
        m_controller.assembler().assembleContext(m_ticketId);
    const Result<OutreachContext> context = co_await std::move(contextTask);
    if (!self || runId != m_runId)
        co_return; // destroyed, or stopped while the context was on its way
    if (!context.ok()) {
        m_progressTimer->stop();
        m_finishedElapsed = m_elapsed.elapsed();
        setError(context.error());
        setState(State::Idle);
        co_return;
    }
    setContext(context.value());
    if (!generateBlockedReason().isEmpty()) {
        // The fresh context says do-not-contact: nothing is sent.
        m_progressTimer->stop();
        m_finishedElapsed = m_elapsed.elapsed();
        setState(State::Idle);
        co_return;
    }

    auto *generator = new MessageGenerator(this);
    m_generator = generator;
    generator->setEndpoint(m_controller.endpoint());
    generator->setQuirkStore(&m_controller.settings());
    connect(generator, &MessageGenerator::messageDelta, this, &ComposeSession::appendStreamed);
    connect(generator, &MessageGenerator::subjectDelta, this, [this](const QString &text) {
        m_streamedSubject += text;
        if (m_subjectEditedByRep)
            return;
        m_subject += text;
        emit subjectReplaced();
    });
    connect(generator, &MessageGenerator::retrying, this,
            [this](int, qint64 delayMs, const OutreachError &error) {
                m_retryDelayMs = delayMs;
                m_retryClock.start();
                m_waitReason = error;
                setState(State::Waiting);
                emit progressChanged();
            });
    beginStream();
    setState(State::Generating);

    QCoro::Task<GenerationResult> generation =
        generator->generateMessage(*m_context, prompt, options);
    const GenerationResult result = co_await std::move(generation);
    if (!self)
        co_return;
    flushStreamed();
    generator->deleteLater();
    m_progressTimer->stop();
    m_finishedElapsed = m_elapsed.elapsed();
    m_waitReason.reset();

    // Off the UI thread: the checks scan the whole text, and a runaway answer is megabytes.
    QFuture<OutreachResponse> processing =
        QtConcurrent::run(&ResponseHandler::process, result, *m_context, m_controller.compliance());
    const OutreachResponse response = co_await processing;
    if (!self)
        co_return;
    const bool cancelled = result.error && result.error->code() == OutreachError::Code::Cancelled;
    DraftVersion::Status status = DraftVersion::Status::Complete;
    if (cancelled)
        status = DraftVersion::Status::Stopped;
    else if (result.error)
        status = DraftVersion::Status::Failed;

    // The processed text replaces the streamed one unless the rep has written in it meanwhile.
    if (!m_bodyEditedByRep && m_body->toPlainText() != normalised(response.message)
        && (result.ok() || !response.message.isEmpty()))
        replaceBody(response.message);
    if (!m_subjectEditedByRep && m_subject != response.subject) {
        m_subject = response.subject;
        emit subjectReplaced();
    }
    m_response = response;
    if (!response.message.trimmed().isEmpty()) {
        DraftVersion version;
        version.ticketId = m_ticketId;
        version.createdAt = QDateTime::currentDateTimeUtc();
        version.status = status;
        version.prompt = prompt;
        version.response = response;
        const Result<qint64> stored = m_controller.drafts().addVersion(version);
        if (stored.ok()) {
            m_draft.versionId = stored.value();
            emit versionsChanged();
        } else {
            emit m_controller.storageFailed(stored.error().message());
        }
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
            co_return;
        }
    } else if (result.ok()) {
        m_autoRetries = 0;
    }
    m_stopped = cancelled;
    setState(State::Idle);
}

void ComposeSession::beginStream() {
    keepEditsAsVersion();
    replaceBody(QString());
    if (!m_subjectEditedByRep) {
        m_subject.clear();
        emit subjectReplaced();
    }
    m_pendingStream.clear();
    m_streamedSubject.clear();
    m_streamCursor = QTextCursor(m_body);
    m_streamCursor.movePosition(QTextCursor::End);
    // Text the rep types at the insertion point stays after the arriving text, never inside it.
    m_streamCursor.setKeepPositionOnInsert(true);
}

void ComposeSession::appendStreamed(const QString &text) {
    if (m_state == State::Waiting)
        setState(State::Generating);
    // Deltas are gathered and put into the document a few times a second rather than one by
    // one: each insertion re-lays out its paragraph, and a fast endpoint sends hundreds of
    // deltas a second (a runaway one, megabytes), which would hold up the whole window.
    m_pendingStream += normalised(text);
    if (!m_streamFlush->isActive())
        m_streamFlush->start();
}

void ComposeSession::flushStreamed() {
    m_streamFlush->stop();
    if (m_pendingStream.isEmpty())
        return;
    const QString piece = std::exchange(m_pendingStream, QString());
    m_applying = true;
    // Qt moves a keep-position cursor's anchor past text inserted at it, which would leave the
    // rep's text selected and replaced by the next piece: collapse onto the position first.
    const int position = m_streamCursor.position();
    m_streamCursor.setPosition(position);
    m_streamCursor.insertText(piece);
    m_streamCursor.setPosition(position + int(piece.size()));
    m_applying = false;
    m_streamedTokens += TokenEstimator::estimate(piece);
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
    if (m_generator) {
        m_generator->cancel();
        return;
    }
    if (m_state == State::Assembling) {
        ++m_runId; // the context's arrival is ignored
        m_progressTimer->stop();
        m_finishedElapsed = m_elapsed.elapsed();
        m_stopped = true;
        setState(State::Idle);
    }
}

Result<void> ComposeSession::restoreVersion(qint64 versionId) {
    if (isRunning())
        return OutreachError(OutreachError::Code::Cancelled,
                             tr("Stop the generation before putting a version back."));
    const std::optional<DraftVersion> version = m_controller.drafts().version(versionId);
    if (!version || version->ticketId != m_ticketId)
        return OutreachError(OutreachError::Code::Storage,
                             tr("That version of the draft no longer exists."));
    keepEditsAsVersion();
    replaceBody(version->response.message);
    m_subject = version->response.subject;
    m_subjectEditedByRep = false;
    emit subjectReplaced();
    m_response = version->response;
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
    keepEditsAsVersion();
    OutreachResponse response;
    response.subject = filled->subject;
    response.message = filled->body;
    response.metadata.model = u"template:"_s + templateId;
    response.metadata.structured = false;
    response.metadata.confidenceExplanation = tr("A template draft: no model was used.");
    replaceBody(response.message);
    m_subject = response.subject;
    m_subjectEditedByRep = false;
    emit subjectReplaced();
    m_response = response;
    m_error.reset();
    emit errorChanged();

    DraftVersion version;
    version.ticketId = m_ticketId;
    version.createdAt = QDateTime::currentDateTimeUtc();
    version.status = DraftVersion::Status::Template;
    version.prompt = templateId;
    version.response = response;
    const Result<qint64> stored = m_controller.drafts().addVersion(version);
    if (stored.ok())
        m_draft.versionId = stored.value();
    emit versionsChanged();
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
    activity.metadata.tone = PromptOptions::toneName(m_tone);
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
        m_ticketId, m_draft.savedMessageId, ActivityTracker::Outcome::Sent);
    if (!queued.ok())
        return queued.error();
    m_draft.markedSent = true;
    flush();
    emit savedChanged();
    return {};
}
