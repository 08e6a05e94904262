// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/BatchItem.h"
#include "domain/BatchJob.h"
#include "domain/Result.h"
#include "storage/CacheSchema.h"

#include <QList>
#include <QStringList>

#include <optional>
#include <span>

class CacheStore;

// Keeps batch jobs and their tickets in the local SQLite file (tables batch_jobs and
// batch_items): which tickets are left, which a worker has taken up, and what became of each.
// A worker claims a ticket before drafting it and stores the result together with the draft in
// one transaction, so a crash loses at most the drafts in flight and never drafts a ticket twice.
class BatchStore {
public:
    explicit BatchStore(CacheStore &cache);

    // Stores a new job with its tickets in that order (duplicates dropped) and returns its id.
    Result<qint64> createJob(const BatchJob &job, const QStringList &ticketIds);
    std::optional<BatchJob> job(qint64 jobId) const;
    // The newest job, open or not; nullopt when there is none.
    std::optional<BatchJob> latestJob() const;
    // The newest job that still has tickets to draft and was not cancelled: what the next start
    // offers to resume.
    std::optional<BatchJob> resumableJob() const;
    Result<void> setState(qint64 jobId, BatchJob::State state);
    Result<void> addElapsed(qint64 jobId, qint64 elapsedMs);

    // Takes the first pending ticket of the job (status drafting, one more attempt); nullopt
    // when none is left.
    Result<std::optional<BatchItem>> claimNext(qint64 jobId);
    // Puts a claimed ticket back (the run stopped, or a rate limit outlasted the retries).
    Result<void> release(qint64 jobId, int position);
    // What a run interrupted by a quit or a crash had claimed goes back to pending; returns how
    // many.
    Result<int> releaseInterrupted(qint64 jobId);
    // Stores what became of a claimed ticket: status, reason, subject, confidence, findings,
    // tokens, version and finish time. Call inside the transaction that stores its draft.
    Result<void> finish(const BatchItem &item);
    Result<void> setReview(qint64 jobId, int position, BatchItem::Review review);

    std::optional<BatchItem> item(qint64 jobId, int position) const;
    // Every ticket of the job in batch order.
    QList<BatchItem> items(qint64 jobId) const;

    struct Counts {
        int total = 0;
        int pending = 0; // pending or drafting
        int drafted = 0;
        int skipped = 0;
        int failed = 0;
        int approved = 0;
        int rejected = 0;
        int reviewed = 0; // approved, skipped in review or rejected
        qint64 promptTokens = 0;
        qint64 completionTokens = 0;
        int done() const { return drafted + skipped + failed; }
    };
    Counts counts(qint64 jobId) const;

    static std::span<const CacheSchema::Step> schemaSteps();

private:
    CacheStore &m_cache;
};
