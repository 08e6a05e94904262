// SPDX-License-Identifier: GPL-3.0-or-later
#include "batch/BatchRunner.h"

#include "domain/Draft.h"
#include "domain/DraftVersion.h"
#include "generation/ModelServerProbe.h"
#include "generation/RateLimitGovernor.h"
#include "generation/TokenEstimator.h"
#include "platform/LogCategories.h"
#include "storage/CacheStore.h"
#include "storage/DraftStore.h"

#include <QLocale>

#include <algorithm>
#include <vector>

using namespace Qt::StringLiterals;

namespace {

int blockingCount(const QList<ComplianceFinding> &findings) {
    return int(std::count_if(findings.cbegin(), findings.cend(), [](const ComplianceFinding &f) {
        return f.severity == ComplianceFinding::Severity::Blocking;
    }));
}

} // namespace

BatchRunner::BatchRunner(CacheStore &cache, ContextAssembler &assembler, QObject *parent)
    : QObject(parent)
    , m_cache(cache)
    , m_assembler(assembler)
    , m_store(std::make_unique<BatchStore>(cache))
    , m_drafts(std::make_unique<DraftStore>(cache))
    , m_governor(new RateLimitGovernor(this)) {
    connect(m_governor, &RateLimitGovernor::paused, this, [this](qint64 delayMs) {
        emit rateLimited(delayMs);
        emit progressChanged();
    });
}

BatchRunner::~BatchRunner() = default;

void BatchRunner::keep(const Result<void> &stored) {
    // The first failure is the one worth reporting; it also stops the run.
    if (!stored.ok() && !m_error)
        m_error = stored.error();
}

int BatchRunner::outputCap(MessageLength length) {
    switch (length) {
    case MessageLength::Short:
        return 800;
    case MessageLength::Medium:
        return 1200;
    case MessageLength::Long:
        return 2000;
    }
    return 1200;
}

void BatchRunner::pause() {
    if (!m_running)
        return;
    m_pausing = true;
    emit progressChanged();
}

void BatchRunner::pauseNow() {
    if (!m_running)
        return;
    m_pausing = true;
    stopComposers();
    emit progressChanged();
}

void BatchRunner::cancel() {
    if (!m_running)
        return;
    m_cancelling = true;
    stopComposers();
    emit progressChanged();
}

void BatchRunner::stopComposers() {
    for (const QPointer<OutreachComposer> &composer : std::as_const(m_composers)) {
        if (composer)
            composer->cancel();
    }
}

BatchRunner::Progress BatchRunner::progress() const {
    Progress progress;
    progress.running = m_running;
    progress.pausing = m_running && (m_pausing || m_cancelling);
    if (m_jobId == 0)
        return progress;
    progress.counts = m_store->counts(m_jobId);
    const qint64 runMs = m_running && m_runClock.isValid() ? m_runClock.elapsed() : 0;
    progress.elapsedMs = m_elapsedBefore + runMs;
    progress.inFlight = m_governor->inFlight();
    progress.rateLimited = m_governor->rateLimitedCount() - m_rateLimitedAtStart;
    // The rate of this run alone: an earlier run may have had another server or limits.
    if (m_running && m_doneThisRun > 0 && runMs > 0) {
        const double perTicketMs = double(runMs) / double(m_doneThisRun);
        progress.etaMs = qint64(perTicketMs * double(progress.counts.pending));
    }
    return progress;
}

QString BatchRunner::unsentDraftReason(const QString &ticketId) const {
    const std::optional<Draft> draft = m_drafts->load(ticketId);
    if (!draft || draft->body.trimmed().isEmpty() || draft->savedTextIsCurrent())
        return {};
    const QList<Interaction> latest = m_cache.interactionPage(ticketId, std::nullopt, 1);
    const QDateTime lastInteraction =
        latest.isEmpty() ? QDateTime() : latest.constFirst().occurredAt;
    if (lastInteraction.isValid() && draft->updatedAt.isValid()
        && draft->updatedAt <= lastInteraction)
        return {};
    const QString when = QLocale().toString(draft->updatedAt.toLocalTime(), QLocale::ShortFormat);
    return lastInteraction.isValid()
               ? tr("It has an unsent draft from %1, newer than its last interaction: review or "
                    "clear that draft first.")
                     .arg(when)
               : tr("It has an unsent draft from %1: review or clear that draft first.").arg(when);
}

QCoro::Task<int> BatchRunner::automaticConcurrency() {
    if (m_settings.endpoint.provider != ModelEndpoint::Provider::Compatible)
        co_return 2;
    // llama.cpp says how many requests it serves at once; more would only queue there.
    QPointer<BatchRunner> self(this);
    ModelServerProbe probe;
    QCoro::Task<Result<ModelServerInfo>> asking = probe.probe(m_settings.endpoint);
    const Result<ModelServerInfo> info = co_await std::move(asking);
    if (!self)
        co_return 2;
    if (info.ok() && info->parallelSlots > 0)
        co_return info->parallelSlots;
    co_return 2;
}

QCoro::Task<void> BatchRunner::run(qint64 jobId) {
    if (m_running)
        co_return;
    QPointer<BatchRunner> self(this);
    const std::optional<BatchJob> job = m_store->job(jobId);
    if (!job) {
        m_error = OutreachError(OutreachError::Code::Storage,
                                tr("The batch %1 is not in the local store.").arg(jobId));
        co_return;
    }
    m_jobId = jobId;
    m_running = true;
    m_pausing = false;
    m_cancelling = false;
    m_error.reset();
    m_doneThisRun = 0;
    m_elapsedBefore = job->elapsedMs;
    m_rateLimitedAtStart = m_governor->rateLimitedCount();
    m_runClock.start();
    if (const Result<int> released = m_store->releaseInterrupted(jobId); !released.ok())
        m_error = released.error();
    else if (released.value() > 0)
        qCInfo(lcModel) << "Batch" << jobId << "resumes" << released.value()
                        << "tickets an interrupted run had taken up";
    if (const Result<void> state = m_store->setState(jobId, BatchJob::State::Running); !state.ok())
        m_error = state.error();
    emit started();
    emit progressChanged();

    if (!m_error) {
        const int fixed = m_settings.maxConcurrency > 0 ? m_settings.maxConcurrency
                                                        : co_await automaticConcurrency();
        if (!self)
            co_return;
        m_governor->setFixedConcurrency(fixed);
        const int workers =
            m_settings.maxConcurrency > 0 ? m_settings.maxConcurrency : AutomaticWorkers;
        m_governor->setMaxInFlight(workers);
        const int pending = m_store->counts(jobId).pending;
        std::vector<QCoro::Task<void>> running;
        for (int i = 0; i < std::min(workers, pending); ++i)
            running.push_back(work(*job));
        for (QCoro::Task<void> &worker : running)
            co_await std::move(worker);
        if (!self)
            co_return;
    }

    keep(m_store->addElapsed(jobId, m_runClock.elapsed()));
    const BatchStore::Counts counts = m_store->counts(jobId);
    BatchJob::State state = BatchJob::State::Running; // the store failed: resumable
    if (m_cancelling)
        state = BatchJob::State::Cancelled;
    else if (counts.pending == 0 && !m_error)
        state = BatchJob::State::Finished;
    else if (m_pausing)
        state = BatchJob::State::Paused;
    keep(m_store->setState(jobId, state));
    m_elapsedBefore += m_runClock.elapsed();
    m_runClock.invalidate();
    m_running = false;
    m_composers.removeAll(nullptr);
    emit progressChanged();
    emit stopped();
}

QCoro::Task<void> BatchRunner::work(BatchJob job) {
    QPointer<BatchRunner> self(this);
    // A child, not a local: should the runner go while a draft is out, the composer goes with it
    // instead of outliving it in an abandoned frame.
    auto *composer = new OutreachComposer(m_assembler, this);
    ModelEndpoint endpoint = m_settings.endpoint;
    endpoint.maxOutputTokens = std::min(endpoint.maxOutputTokens, outputCap(job.length));
    composer->setEndpoint(endpoint);
    composer->setQuirkStore(m_settings.quirks);
    composer->setGovernor(m_governor);
    if (m_settings.retryPolicy)
        composer->setRetryPolicy(*m_settings.retryPolicy);
    m_composers.append(composer);
    const QPointer<OutreachComposer> guard(composer);
    while (!m_pausing && !m_cancelling && !m_error) {
        Result<std::optional<BatchItem>> claimed = m_store->claimNext(job.id);
        if (!claimed.ok()) {
            m_error = claimed.error();
            break;
        }
        if (!claimed.value())
            break;
        const BatchItem item = *claimed.value();
        emit itemStarted(item);
        emit progressChanged();
        QCoro::Task<void> drafting = draft(*composer, job, item);
        co_await std::move(drafting);
        if (!self || !guard)
            co_return;
    }
    composer->deleteLater();
}

QCoro::Task<void> BatchRunner::draft(OutreachComposer &composer, const BatchJob &job,
                                     BatchItem item) {
    QPointer<BatchRunner> self(this);
    Finished finished;
    if (const QString reason = unsentDraftReason(item.ticketId); !reason.isEmpty()) {
        item.status = BatchItem::Status::Skipped;
        item.reason = reason;
        finished.item = item;
        record(std::move(finished), job);
        co_return;
    }

    PromptOptions options;
    options.tone = job.tone;
    options.length = job.length;
    OutreachComposer::Request request{item.ticketId, job.prompt, options, m_settings.compliance};
    QCoro::Task<OutreachComposer::Composition> composing = composer.compose(std::move(request));
    const OutreachComposer::Composition composition = co_await std::move(composing);
    if (!self)
        co_return;

    const std::optional<OutreachError> &error = composition.error;
    if (composition.cancelled() && (m_cancelling || m_pausing)) {
        // Not this ticket's fault: it goes back to the queue.
        keep(m_store->release(job.id, item.position));
        emit progressChanged();
        co_return;
    }
    const bool rateLimited = error && error->code() == OutreachError::Code::RateLimit
                             && !error->isQuotaExhausted() && composition.context;
    if (rateLimited && item.attempts < MaxAttempts) {
        // Every worker is held already (the governor saw the 429); the ticket waits its turn.
        keep(m_store->release(job.id, item.position));
        emit progressChanged();
        co_return;
    }

    finished.error = error;
    finished.response = composition.response;
    if (!composition.context) {
        item.status = BatchItem::Status::Failed;
        item.reason = tr("The ticket's context could not be assembled: %1")
                          .arg(error ? error->message() : tr("unknown error"));
    } else if (composition.refused) {
        item.status = BatchItem::Status::Skipped;
        item.reason = error ? error->message() : tr("The prospect must not be contacted.");
    } else if (error) {
        item.status = BatchItem::Status::Failed;
        item.reason = error->message();
    } else {
        item.status = BatchItem::Status::Drafted;
    }
    if (composition.response) {
        const OutreachResponse &response = *composition.response;
        item.subject = response.subject;
        if (item.status == BatchItem::Status::Drafted)
            item.confidence = response.metadata.confidence;
        item.findings = int(response.metadata.findings.size());
        item.blocking = blockingCount(response.metadata.findings);
    }
    const GenerationResult &generated = composition.generated;
    if (generated.usage) {
        item.promptTokens = generated.usage->promptTokens;
        item.completionTokens = generated.usage->completionTokens;
    } else if (item.status == BatchItem::Status::Drafted) {
        // A server that reports no usage: the estimate the request was planned with.
        item.promptTokens = generated.prompt.estimatedTokens;
        item.completionTokens = TokenEstimator::estimate(generated.subject)
                                + TokenEstimator::estimate(generated.message);
    }
    finished.item = item;
    record(std::move(finished), job);
}

void BatchRunner::record(Finished finished, const BatchJob &job) {
    BatchItem &item = finished.item;
    item.finishedAt = QDateTime::currentDateTimeUtc();
    const Result<void> stored = m_cache.inTransaction([&]() -> Result<void> {
        const bool hasText = finished.response && !finished.response->message.trimmed().isEmpty();
        if (hasText && item.status != BatchItem::Status::Skipped) {
            DraftVersion version;
            version.ticketId = item.ticketId;
            version.createdAt = item.finishedAt;
            version.status = item.status == BatchItem::Status::Drafted
                                 ? DraftVersion::Status::Complete
                                 : DraftVersion::Status::Failed;
            version.prompt = job.prompt;
            version.response = *finished.response;
            const Result<qint64> versionId = m_drafts->addVersion(version);
            if (!versionId.ok())
                return versionId.error();
            item.versionId = versionId.value();
        }
        if (item.status == BatchItem::Status::Drafted) {
            // The ticket's draft, as a single generation leaves it: the editor opens on it.
            Draft draft;
            draft.ticketId = item.ticketId;
            draft.prompt = job.prompt;
            draft.preset = job.preset;
            draft.tone = job.tone;
            draft.length = job.length;
            draft.subject = finished.response->subject;
            draft.body = finished.response->message;
            draft.response = finished.response;
            draft.versionId = item.versionId;
            if (const Result<void> saved = m_drafts->save(draft); !saved.ok())
                return saved;
        }
        return m_store->finish(item);
    });
    if (!stored.ok()) {
        // The draft is not stored, so neither is the ticket done: a later run drafts it again.
        qCWarning(lcModel).noquote() << "Batch" << job.id << "could not store ticket"
                                     << item.ticketId << ":" << stored.error().toString();
        keep(stored);
        keep(m_store->release(job.id, item.position));
        emit progressChanged();
        return;
    }
    ++m_doneThisRun;
    emit itemFinished(finished);
    emit progressChanged();
}
