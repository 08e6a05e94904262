// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/batch/BatchController.h"

#include "storage/CacheStore.h"
#include "ui/compose/ComposeController.h"
#include "ui/compose/ComposeSession.h"

#include <QCoroTask>
#include <QEventLoop>
#include <QSettings>
#include <QTextDocument>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace {

const auto MaxConcurrencyKey = u"batch/maxConcurrency"_s;

} // namespace

BatchController::BatchController(ComposeController &compose, QObject *parent)
    : QObject(parent)
    , m_compose(compose)
    , m_store(std::make_unique<BatchStore>(compose.cache()))
    , m_progressTimer(new QTimer(this)) {
    m_progressTimer->setSingleShot(true);
    m_progressTimer->setInterval(ProgressIntervalMs);
    connect(m_progressTimer, &QTimer::timeout, this, &BatchController::progressChanged);
    connect(&compose, &ComposeController::crmChanging, this, &BatchController::interrupt);
}

void BatchController::interrupt() {
    if (!isRunning())
        return;
    // The runner drafts with the old CRM's assembler, which may be destroyed as soon as this
    // returns: the drafts in flight are stopped (they go back to the queue) and the run is
    // waited for here, user input held, so that none of them is left inside the old assembler.
    const qint64 jobId = m_runner->jobId();
    m_runner->pauseNow();
    if (m_runner && m_runner->isRunning()) {
        QEventLoop loop;
        connect(m_runner.data(), &BatchRunner::stopped, &loop, &QEventLoop::quit);
        QTimer::singleShot(InterruptWaitMs, &loop, &QEventLoop::quit);
        loop.exec(QEventLoop::ExcludeUserInputEvents);
    }
    if (m_runner && m_runner->isRunning()) {
        // A CRM request that does not end in time: the run is given up (what it finished is
        // stored; what it had taken up is drafted again on resume).
        qWarning("The batch did not stop within %d ms of the CRM change; it is abandoned.",
                 InterruptWaitMs);
        delete m_runner.data();
        m_runner = nullptr;
        runnerFinished(nullptr);
    }
    if (const Result<void> stored = m_store->setState(jobId, BatchJob::State::Paused); !stored.ok())
        emit failed(stored.error().message());
    else
        emit failed(tr("The batch was paused because the CRM connection changed. Resume it to "
                       "go on with the new connection."));
    emit progressChanged();
}

// A runner still going is a child and stops with the controller; what it finished is stored.
BatchController::~BatchController() = default;

BatchRunner::Settings BatchController::runnerSettings() const {
    BatchRunner::Settings settings;
    settings.endpoint = m_compose.endpoint();
    settings.compliance = m_compose.compliance();
    settings.maxConcurrency = std::max(0, m_compose.settings().value(MaxConcurrencyKey, 0).toInt());
    settings.quirks = &m_compose.settings();
    return settings;
}

Result<qint64> BatchController::start(const BatchJob &job, const QStringList &ticketIds) {
    if (isRunning())
        return OutreachError(OutreachError::Code::ContextInvalid,
                             tr("A batch is running already: pause or cancel it first."));
    // The runner skips a ticket whose unsent draft is newer than its history: it must see the
    // text in the editors, not what was autosaved a moment ago.
    m_compose.flushAll();
    const Result<qint64> created = m_store->createJob(job, ticketIds);
    if (!created.ok())
        return created;
    resume(created.value());
    return created;
}

void BatchController::open(qint64 jobId) {
    m_jobId = jobId;
    emit jobChanged(jobId);
    emit progressChanged();
}

void BatchController::resume(qint64 jobId) {
    if (isRunning())
        return;
    if (m_jobId != jobId)
        open(jobId);
    m_compose.flushAll();
    auto *runner = new BatchRunner(m_compose.cache(), m_compose.assembler(), this);
    runner->setSettings(runnerSettings());
    m_runner = runner;
    connect(runner, &BatchRunner::progressChanged, this, &BatchController::scheduleProgress);
    connect(runner, &BatchRunner::rateLimited, this, [this](qint64 delayMs) {
        m_rateLimitedUntil.setRemainingTime(delayMs);
        scheduleProgress();
    });
    connect(runner, &BatchRunner::itemStarted, this, &BatchController::itemChanged);
    connect(runner, &BatchRunner::itemFinished, this, [this](const BatchRunner::Finished &done) {
        if (done.item.status == BatchItem::Status::Drafted) {
            // An open draft of the ticket's shows what the batch wrote, unless it is busy.
            if (ComposeSession *open = m_compose.existingSession(done.item.ticketId))
                open->reloadDraft();
        }
        emit itemChanged(done.item);
    });
    connect(runner, &BatchRunner::started, this, [this] { emit runningChanged(true); });
    QPointer<BatchRunner> guard(runner);
    QPointer<BatchController> self(this);
    QCoro::connect(runner->run(jobId), runner, [self, guard] {
        if (self && guard)
            self->runnerFinished(guard);
    });
}

void BatchController::runnerFinished(BatchRunner *runner) {
    if (runner) {
        if (runner->lastError())
            emit failed(runner->lastError()->message());
        // Its last figures are stored; the store answers from now on.
        runner->deleteLater();
        if (m_runner == runner)
            m_runner = nullptr;
    }
    m_rateLimitedUntil = QDeadlineTimer();
    m_progressTimer->stop();
    emit progressChanged();
    emit jobChanged(m_jobId);
    emit runningChanged(false);
}

void BatchController::pause() {
    if (m_runner)
        m_runner->pause();
    scheduleProgress();
}

void BatchController::cancel() {
    if (m_runner && m_runner->isRunning()) {
        m_runner->cancel();
    } else if (const std::optional<BatchJob> shown = job(); shown && shown->isOpen()) {
        // A paused job that is not running: nothing is in flight, only its state changes.
        if (const Result<void> stored = m_store->setState(shown->id, BatchJob::State::Cancelled);
            !stored.ok())
            emit failed(stored.error().message());
        emit progressChanged();
    }
}

bool BatchController::isPausing() const {
    return m_runner && m_runner->progress().pausing;
}

std::optional<BatchJob> BatchController::job() const {
    return m_jobId > 0 ? m_store->job(m_jobId) : std::nullopt;
}

std::optional<BatchJob> BatchController::resumableJob() const {
    return m_store->resumableJob();
}

BatchRunner::Progress BatchController::progress() const {
    if (m_runner && m_runner->jobId() == m_jobId)
        return m_runner->progress();
    BatchRunner::Progress progress;
    if (m_jobId <= 0)
        return progress;
    progress.counts = m_store->counts(m_jobId);
    if (const std::optional<BatchJob> shown = job())
        progress.elapsedMs = shown->elapsedMs;
    return progress;
}

int BatchController::rateLimitSecondsLeft() const {
    if (!isRunning() || m_rateLimitedUntil.isForever() || m_rateLimitedUntil.hasExpired())
        return 0;
    return int((m_rateLimitedUntil.remainingTime() + 999) / 1000);
}

void BatchController::scheduleProgress() {
    if (!m_progressTimer->isActive())
        m_progressTimer->start();
}

ComposeSession *BatchController::session(const QString &ticketId) const {
    return m_compose.session(ticketId);
}

QString BatchController::approveBlockedReason(const BatchItem &item) const {
    if (item.status != BatchItem::Status::Drafted)
        return item.status == BatchItem::Status::Pending
                       || item.status == BatchItem::Status::Drafting
                   ? tr("This ticket has not been drafted yet.")
                   : tr("This ticket was not drafted: %1").arg(item.reason);
    if (item.review == BatchItem::Review::Approved)
        return tr("This draft is approved already.");
    return session(item.ticketId)->saveBlockedReason();
}

Result<void> BatchController::approve(int position) {
    const std::optional<BatchItem> item = m_store->item(m_jobId, position);
    if (!item)
        return OutreachError(OutreachError::Code::Storage,
                             tr("Ticket %1 of the batch is not in the local store.").arg(position));
    if (const QString blocked = approveBlockedReason(*item); !blocked.isEmpty())
        return OutreachError(OutreachError::Code::ContextInvalid, blocked);
    if (const Result<void> saved = session(item->ticketId)->saveToHistory(); !saved.ok())
        return saved;
    return review(position, BatchItem::Review::Approved);
}

Result<void> BatchController::skip(int position) {
    return review(position, BatchItem::Review::Skipped);
}

Result<void> BatchController::reject(int position) {
    const std::optional<BatchItem> item = m_store->item(m_jobId, position);
    if (!item)
        return OutreachError(OutreachError::Code::Storage,
                             tr("Ticket %1 of the batch is not in the local store.").arg(position));
    if (item->status == BatchItem::Status::Drafted) {
        ComposeSession *draft = session(item->ticketId);
        if (!draft->isRunning()) {
            draft->bodyDocument()->setPlainText(QString());
            draft->setSubject(QString());
            draft->flush();
        }
    }
    return review(position, BatchItem::Review::Rejected);
}

Result<void> BatchController::review(int position, BatchItem::Review review) {
    if (const Result<void> stored = m_store->setReview(m_jobId, position, review); !stored.ok())
        return stored;
    if (const std::optional<BatchItem> item = m_store->item(m_jobId, position))
        emit itemChanged(*item);
    emit progressChanged();
    return {};
}

BatchController::BulkResult BatchController::approveAllWithoutFindings() {
    BulkResult result;
    for (const BatchItem &item : m_store->items(m_jobId)) {
        if (item.status != BatchItem::Status::Drafted
            || item.review != BatchItem::Review::Unreviewed)
            continue;
        ComposeSession *draft = session(item.ticketId);
        // The stored count covers a draft whose check has not come back yet in its session.
        const bool clean = item.findings == 0 && draft->findings().isEmpty();
        if (clean && approve(item.position).ok())
            ++result.approved;
        else
            ++result.left;
    }
    return result;
}
