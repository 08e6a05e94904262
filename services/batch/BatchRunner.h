// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "composition/OutreachComposer.h"
#include "domain/BatchItem.h"
#include "domain/BatchJob.h"
#include "domain/OutreachError.h"
#include "domain/OutreachResponse.h"
#include "generation/ModelEndpoint.h"
#include "net/RetryPolicy.h"
#include "review/ComplianceChecker.h"
#include "storage/BatchStore.h"

#include <QCoroTask>
#include <QElapsedTimer>
#include <QObject>
#include <QPointer>

#include <memory>
#include <optional>

class CacheStore;
class ContextAssembler;
class DraftStore;
class QSettings;
class RateLimitGovernor;

// Drafts a stored batch job's tickets through the same composition as a single draft (context,
// checks, confidence, the ticket's autosaved draft and version), several at once as the model
// endpoint's rate limits allow, and records each outcome in the job. Skips a do-not-contact
// prospect and a ticket whose unsent draft is newer than its last interaction, with the reason.
// Pausing finishes the drafts in flight; cancelling stops them; a crash loses only those.
class BatchRunner : public QObject {
    Q_OBJECT
public:
    struct Settings {
        ModelEndpoint endpoint;
        ComplianceSettings compliance;
        // Requests in flight at most. 0: as the server allows — its rate-limit headers, or for a
        // server without them its slot count (llama.cpp) or 2.
        int maxConcurrency = 0;
        std::optional<RetryPolicy> retryPolicy;
        QSettings *quirks = nullptr; // where rejected parameters are remembered; optional
    };

    struct Progress {
        BatchStore::Counts counts;
        qint64 elapsedMs = 0;        // over every run of the job
        std::optional<qint64> etaMs; // from this run's measured rate; nullopt until one is done
        int inFlight = 0;            // requests at the model now
        int rateLimited = 0;         // 429s this run
        bool running = false;
        bool pausing = false; // pause() was asked: the drafts in flight finish, no new one starts
    };

    // What became of one ticket, as it is stored; `response` and `error` as the composition
    // gave them (for the command line's JSON lines).
    struct Finished {
        BatchItem item;
        std::optional<OutreachResponse> response;
        std::optional<OutreachError> error;
    };

    // A rate limit that outlasts the request's own retries puts the ticket back this often.
    static constexpr int MaxAttempts = 5;
    // Workers when the concurrency is automatic; the governor decides how many requests of
    // theirs are in flight.
    static constexpr int AutomaticWorkers = 8;

    // The output cap a batch's requests ask for: about four times the longest message of that
    // length, the structured fields included, in a language that takes twice the tokens of
    // English. Rate limits charge the cap at admission, not what the model writes, so the
    // endpoint's general setting (4,000 by default) would cost several times the throughput.
    static int outputCap(MessageLength length);

    BatchRunner(CacheStore &cache, ContextAssembler &assembler, QObject *parent = nullptr);
    ~BatchRunner() override;

    void setSettings(const Settings &settings) { m_settings = settings; }
    const Settings &settings() const { return m_settings; }
    BatchStore &store() { return *m_store; }
    RateLimitGovernor &governor() { return *m_governor; }

    // Drafts the job's pending tickets until none is left, or pause() or cancel(). Tickets a
    // crashed run had taken up are drafted again; finished ones never are. The job's state
    // afterwards: finished, paused, cancelled, or still running when the store failed (the
    // error is in lastError()).
    QCoro::Task<void> run(qint64 jobId);
    void pause();
    // Pauses without waiting for the drafts in flight: they are stopped and go back to the queue.
    void pauseNow();
    void cancel();
    bool isRunning() const { return m_running; }
    qint64 jobId() const { return m_jobId; }
    Progress progress() const;
    // Why the last run stopped early (the local store failed); nullopt otherwise.
    const std::optional<OutreachError> &lastError() const { return m_error; }

    // Why `ticketId` is skipped before anything is sent: the rep has an unsent draft for it
    // that is newer than the ticket's last interaction. Empty when it is not.
    QString unsentDraftReason(const QString &ticketId) const;

signals:
    void started();
    void itemStarted(const BatchItem &item);
    void itemFinished(const BatchRunner::Finished &finished);
    // Counts, tokens or the requests in flight changed.
    void progressChanged();
    // A 429 holds every request for `delayMs`.
    void rateLimited(qint64 delayMs);
    void stopped();

private:
    QCoro::Task<void> work(BatchJob job);
    QCoro::Task<void> draft(OutreachComposer &composer, const BatchJob &job, BatchItem item);
    // Stores the outcome (with the draft and its version when drafted) and tells the listeners.
    void record(Finished finished, const BatchJob &job);
    QCoro::Task<int> automaticConcurrency();
    void stopComposers();
    // Remembers a failed write of the store as the run's error.
    void keep(const Result<void> &stored);

    CacheStore &m_cache;
    ContextAssembler &m_assembler;
    std::unique_ptr<BatchStore> m_store;
    std::unique_ptr<DraftStore> m_drafts;
    RateLimitGovernor *m_governor;
    Settings m_settings;
    qint64 m_jobId = 0;
    bool m_running = false;
    bool m_pausing = false;
    bool m_cancelling = false;
    std::optional<OutreachError> m_error;
    QList<QPointer<OutreachComposer>> m_composers;
    QElapsedTimer m_runClock;
    qint64 m_elapsedBefore = 0;
    int m_doneThisRun = 0;
    int m_rateLimitedAtStart = 0;
};
