// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "batch/BatchRunner.h"
#include "domain/BatchItem.h"
#include "domain/BatchJob.h"
#include "domain/Result.h"
#include "storage/BatchStore.h"

#include <QDeadlineTimer>
#include <QObject>
#include <QPointer>

#include <memory>
#include <optional>

class ComposeController;
class ComposeSession;
class QTimer;

// Runs the window's batch jobs and carries out the rep's review decisions: creates a runner with
// the compose area's endpoint, rules and assembler when a batch starts or resumes, lets a ticket's
// open draft show what the batch wrote, and approves, skips or rejects drafts in the job.
class BatchController : public QObject {
    Q_OBJECT

public:
    // At most this often the progress is shown anew, however fast the runner reports.
    static constexpr int ProgressIntervalMs = 250;
    // How long a CRM change waits for the drafts in flight to stop.
    static constexpr int InterruptWaitMs = 3000;

    // `compose` must outlive the controller.
    explicit BatchController(ComposeController &compose, QObject *parent = nullptr);
    ~BatchController() override;

    // Stores a new job for `ticketIds` (what the editors hold is saved first) and runs it.
    Result<qint64> start(const BatchJob &job, const QStringList &ticketIds);
    // Runs a stored job's pending tickets again (after a pause, a quit or a crash).
    void resume(qint64 jobId);
    void pause();
    void cancel();

    bool isRunning() const { return m_runner && m_runner->isRunning(); }
    bool isPausing() const;
    // The job shown: the one running, or else the last one started, resumed or opened.
    qint64 jobId() const { return m_jobId; }
    std::optional<BatchJob> job() const;
    // Shows a stored job (its queue and counts) without running it.
    void open(qint64 jobId);
    // What the next start offers to resume, or nullopt.
    std::optional<BatchJob> resumableJob() const;
    BatchStore &store() { return *m_store; }
    ComposeController &compose() const { return m_compose; }

    // The runner's figures while it runs, else the stored ones.
    BatchRunner::Progress progress() const;
    // Seconds a rate limit still holds every request, or 0.
    int rateLimitSecondsLeft() const;

    // The ticket's draft for review (created, with its autosaved draft, on first use).
    ComposeSession *session(const QString &ticketId) const;
    // Why the item's draft cannot be approved now, or empty.
    QString approveBlockedReason(const BatchItem &item) const;
    // Stores the draft on the ticket's history, queues it for the CRM and marks it approved.
    Result<void> approve(int position);
    Result<void> skip(int position);
    // Marks it rejected and clears the ticket's draft (its version stays in the history).
    Result<void> reject(int position);
    struct BulkResult {
        int approved = 0;
        int left = 0; // drafted and unreviewed, with findings or otherwise not approvable
    };
    // Approves every drafted, unreviewed draft in which the checks found nothing at all.
    BulkResult approveAllWithoutFindings();

signals:
    // Another job is shown, or the shown job's items were replaced.
    void jobChanged(qint64 jobId);
    void itemChanged(const BatchItem &item);
    // Coalesced to at most one every ProgressIntervalMs.
    void progressChanged();
    void runningChanged(bool running);
    // A run could not start or stopped because the local store failed.
    void failed(const QString &message);

private:
    BatchRunner::Settings runnerSettings() const;
    void scheduleProgress();
    void runnerFinished(BatchRunner *runner);
    // The CRM connection is being replaced while a batch runs: stops the drafts in flight, waits
    // for the run to end and leaves the job paused.
    void interrupt();
    Result<void> review(int position, BatchItem::Review review);

    ComposeController &m_compose;
    std::unique_ptr<BatchStore> m_store;
    QPointer<BatchRunner> m_runner;
    qint64 m_jobId = 0;
    QTimer *m_progressTimer;
    QDeadlineTimer m_rateLimitedUntil;
};
