// SPDX-License-Identifier: GPL-3.0-or-later
// Batch drafting at the model's rate limit: a BatchRunner job drafts every ticket of a synthetic
// workspace against the in-process fake OpenAI server, which enforces OpenAI's token buckets
// (requests and tokens per window, x-ratelimit-* headers, 429s) and streams each answer for a
// fixed time. The figures: how close the batch comes to the floor those limits set for what it
// used, how many 429s it drew, how long the UI thread was held up meanwhile, and whether memory
// stays flat in the number of tickets. A smaller batch (a quarter of the tickets) runs first in
// the same process as the baseline, and both runs are printed side by side.
//
// The floor: a bucket of capacity C refilling at C per window W lets N units through no sooner
// than max(0, N - C) * W / C before the last one can start; the last answer then streams. The
// floor is the larger of the requests' and the tokens' (as the fake charged them) plus one
// answer's stream time (measured before the runs, without limits).
//
// Memory: resident size after the run (freed memory returned to the system) against before it,
// and against halfway through; flat means the second half adds at most 1 MiB. The fake's own
// request log is cleared as the run goes, or its recorded bodies would be what grows.
//
// The probe is a 5 ms precise timer on the main thread: its lateness (the gap between two ticks
// minus 5 ms) is how long the event loop was held up; the target is a p99 under a frame.
//
// Run:  build/release/tests/bench/bench_batch [--tickets 200] [--rpm 60] [--tpm 40000]
//       [--stream-ms 2000] [--time-scale 1] [--max-concurrency 0]
// --time-scale multiplies the 60 s window and the stream time (0.1: a 6 s window, 200 ms
// streams). Not registered with ctest; prints PASS/MISS per target and exits 0 whatever they
// are, non-zero only when a batch itself fails (a ticket not drafted, the store failing).
#include "BenchSupport.h"
#include "FakeModelServer.h"
#include "SyntheticWorkspace.h"
#include "batch/BatchRunner.h"
#include "crm/ContextAssembler.h"
#include "generation/RateLimitGovernor.h"
#include "storage/BatchStore.h"
#include "storage/CacheStore.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QTemporaryDir>
#include <QTextStream>
#include <QTimeZone>
#include <QTimer>

#include <algorithm>
#include <cmath>
#include <memory>
#include <optional>
#include <vector>

using namespace Qt::StringLiterals;

namespace {

constexpr double FrameMs = 16.0;
constexpr double RatioTarget = 1.1;
constexpr int ProbeIntervalMs = 5;
// Tokens in each computed reply; the chunk rate is set so that a whole answer streams for the
// time asked.
constexpr int ReplyTokens = 80;
constexpr int InteractionsPerTicket = 4;

using bench::out;
using bench::progress;

QString seconds(double ms) {
    return u"%1 s"_s.arg(ms / 1000.0, 0, 'f', 1);
}

QString millis(double ms) {
    return u"%1 ms"_s.arg(ms, 0, 'f', ms < 10 ? 1 : 0);
}

// The lateness of every tick of a 5 ms timer on this thread: how long the event loop was held up.
class LatenessProbe {
public:
    LatenessProbe() {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(ProbeIntervalMs);
        QObject::connect(&m_timer, &QTimer::timeout, [this] { tick(); });
    }
    void start() {
        m_late.clear();
        m_clock.start();
        m_last = 0;
        m_timer.start();
    }
    void stop() {
        m_timer.stop();
        tick();
    }
    double maxMs() const {
        return m_late.empty() ? 0 : *std::max_element(m_late.begin(), m_late.end());
    }
    double percentileMs(double p) const {
        if (m_late.empty())
            return 0;
        std::vector<double> sorted = m_late;
        std::sort(sorted.begin(), sorted.end());
        const auto index = std::size_t(std::ceil(p * double(sorted.size()))) - 1;
        return sorted.at(std::min(index, sorted.size() - 1));
    }
    std::size_t ticks() const { return m_late.size(); }

private:
    void tick() {
        const qint64 now = m_clock.nsecsElapsed();
        const double gapMs = double(now - m_last) / 1e6;
        m_late.push_back(std::max(0.0, gapMs - ProbeIntervalMs));
        m_last = now;
    }

    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = 0;
    std::vector<double> m_late;
};

QList<Interaction> historyFor(const QString &ticketId, int count, int salt) {
    static const QStringList words{u"pricing"_s,  u"rollout"_s,         u"renewal"_s,
                                   u"seats"_s,    u"security review"_s, u"Zürich office"_s,
                                   u"timeline"_s, u"integration"_s};
    QList<Interaction> history;
    const QDateTime newest(QDate(2026, 11, 30), QTime(17, 0), QTimeZone::utc());
    for (int i = 0; i < count; ++i) {
        Interaction entry;
        entry.id = u"I-%1-%2"_s.arg(ticketId).arg(i);
        entry.ticketId = ticketId;
        entry.type = Interaction::Type((salt + i) % 4);
        entry.direction = Interaction::Direction((salt + i) % 3);
        entry.occurredAt = newest.addSecs(-qint64(salt % 97 + i) * 86400);
        entry.author = i % 2 == 0 ? u"Zoë Müller"_s : u"Dana Ruiz"_s;
        entry.subject = u"Re: "_s + words.at((salt + i) % words.size());
        entry.content = u"We talked about the %1 and agreed on the next step: a call about the %2 "
                        u"next week."_s.arg(words.at((salt + 2 * i) % words.size()),
                                            words.at((salt + 3 * i + 1) % words.size()));
        history.append(entry);
    }
    return history;
}

struct Limits {
    int requests = 60;
    int tokens = 40000;
    std::chrono::milliseconds window{60000};
};

// The time N units need through a bucket of capacity C refilling at C per window.
double bucketFloorMs(qint64 units, qint64 capacity, std::chrono::milliseconds window) {
    if (capacity <= 0)
        return 0;
    return double(std::max<qint64>(0, units - capacity)) * double(window.count())
           / double(capacity);
}

struct RunFigures {
    int tickets = 0;
    bool ok = false;
    QString failure;
    double timeMs = 0;
    int requests = 0; // admitted (charged) by the fake
    qint64 tokens = 0;
    int refused = 0;
    int runnerRateLimited = 0;
    double requestFloorMs = 0;
    double tokenFloorMs = 0;
    double floorMs = 0;
    double stallMaxMs = 0;
    double stallP99Ms = 0;
    qint64 rssBeforeKiB = 0;
    qint64 rssAfterKiB = 0;
    qint64 rssHalfwayKiB = 0;
    int peakInFlight = 0;
    double ratio() const { return floorMs > 0 ? timeMs / floorMs : 0; }
    qint64 rssGrowthKiB() const { return rssAfterKiB - rssBeforeKiB; }
    qint64 secondHalfGrowthKiB() const { return rssAfterKiB - rssHalfwayKiB; }
};

class Bench {
public:
    Bench(CacheStore &cache, FakeModelServer &model, BatchRunner::Settings settings)
        : m_cache(cache)
        , m_model(model)
        , m_assembler(cache, nullptr)
        , m_settings(std::move(settings)) {}

    // One job over `tickets`; the runner (and its governor) fresh for it.
    struct Outcome {
        bool ok = false;
        QString failure;
        double timeMs = 0;
        int peakInFlight = 0;
        int rateLimited = 0;
        qint64 rssHalfwayKiB = 0; // when half the tickets were done
    };
    Outcome runJob(const QStringList &tickets, LatenessProbe *probe) {
        Outcome outcome;
        auto runner = std::make_unique<BatchRunner>(m_cache, m_assembler);
        runner->setSettings(m_settings);
        BatchJob job;
        job.prompt = u"Follow up on their demo request and propose a short call next week."_s;
        job.scope = u"bench"_s;
        const Result<qint64> created = runner->store().createJob(job, tickets);
        if (!created.ok()) {
            outcome.failure = created.error().toString();
            return outcome;
        }
        const qint64 jobId = created.value();
        QObject::connect(runner.get(), &BatchRunner::progressChanged, runner.get(),
                         [&outcome, r = runner.get()] {
                             outcome.peakInFlight =
                                 std::max(outcome.peakInFlight, r->governor().inFlight());
                         });
        // Halfway, what the first half left behind: the second half should add nothing to it.
        int finished = 0;
        const int half = int(tickets.size()) / 2;
        QObject::connect(runner.get(), &BatchRunner::itemFinished, runner.get(),
                         [this, &outcome, &finished, half] {
                             // The fake's request log (each body ~10 KiB) is the fake's memory,
                             // not the app's.
                             m_model.clearRequests();
                             if (++finished == half) {
                                 bench::releaseFreedMemory();
                                 outcome.rssHalfwayKiB = bench::residentKiB();
                             }
                         });
        if (probe)
            probe->start();
        QElapsedTimer clock;
        clock.start();
        // Named first: GCC 12 mishandles a temporary task in a co_await'ed call.
        QCoro::Task<void> running = runner->run(jobId);
        QCoro::waitFor(std::move(running));
        outcome.timeMs = double(clock.nsecsElapsed()) / 1e6;
        if (probe)
            probe->stop();
        outcome.rateLimited = runner->progress().rateLimited;
        const BatchStore::Counts counts = runner->store().counts(jobId);
        if (runner->lastError()) {
            outcome.failure = runner->lastError()->toString();
        } else if (counts.drafted != int(tickets.size())) {
            QString reason;
            for (const BatchItem &item : runner->store().items(jobId)) {
                if (item.status != BatchItem::Status::Drafted) {
                    reason = u"%1: %2"_s.arg(item.ticketId, item.reason);
                    break;
                }
            }
            outcome.failure = u"%1 of %2 tickets drafted (%3 failed, %4 skipped, %5 pending); "
                              u"first: %6"_s.arg(counts.drafted)
                                  .arg(tickets.size())
                                  .arg(counts.failed)
                                  .arg(counts.skipped)
                                  .arg(counts.pending)
                                  .arg(reason);
        } else {
            outcome.ok = true;
        }
        runner.reset();
        // The composers go with deleteLater().
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
        QCoreApplication::processEvents();
        return outcome;
    }

    RunFigures measured(const QStringList &tickets, const Limits &limits, double streamMs) {
        RunFigures figures;
        figures.tickets = int(tickets.size());
        // Full buckets and fresh counts for each run.
        m_model.setRateLimits(limits.requests, limits.tokens, limits.window,
                              FakeModelServer::RateLimitHeaders::OpenAI);
        m_model.resetRateLimitStats();
        bench::releaseFreedMemory();
        figures.rssBeforeKiB = bench::residentKiB();
        LatenessProbe probe;
        const Outcome outcome = runJob(tickets, &probe);
        bench::releaseFreedMemory();
        figures.rssAfterKiB = bench::residentKiB();
        figures.ok = outcome.ok;
        figures.failure = outcome.failure;
        figures.timeMs = outcome.timeMs;
        figures.peakInFlight = outcome.peakInFlight;
        figures.rssHalfwayKiB = outcome.rssHalfwayKiB;
        figures.runnerRateLimited = outcome.rateLimited;
        const FakeModelServer::RateLimitStats stats = m_model.rateLimitStats();
        // A refused request is not charged: chargedRequests already leaves the 429s out.
        figures.requests = stats.chargedRequests;
        figures.tokens = stats.chargedTokens;
        figures.refused = stats.refused;
        figures.requestFloorMs = bucketFloorMs(figures.requests, limits.requests, limits.window);
        figures.tokenFloorMs = bucketFloorMs(figures.tokens, limits.tokens, limits.window);
        figures.floorMs = std::max(figures.requestFloorMs, figures.tokenFloorMs) + streamMs;
        figures.stallMaxMs = probe.maxMs();
        figures.stallP99Ms = probe.percentileMs(0.99);
        return figures;
    }

private:
    CacheStore &m_cache;
    FakeModelServer &m_model;
    ContextAssembler m_assembler;
    BatchRunner::Settings m_settings;
};

void printTable(const Limits &limits, double streamMs, const RunFigures &small,
                const RunFigures &large) {
    constexpr int nameWidth = 44;
    constexpr int columnWidth = 16;
    const auto row = [&](const QString &name, const QString &a, const QString &b) {
        out() << name.leftJustified(nameWidth) << a.rightJustified(columnWidth)
              << b.rightJustified(columnWidth) << "\n";
    };
    const auto perTicket = [](double value, int tickets) {
        return tickets > 0 ? value / double(tickets) : 0.0;
    };
    const auto both = [&](const QString &name, auto format) {
        row(name, format(small), format(large));
    };
    out() << "\nlimits: " << limits.requests << " requests and " << limits.tokens << " tokens per "
          << seconds(double(limits.window.count())) << " window (OpenAI "
          << "headers); one answer streams in " << millis(streamMs) << "\n\n";
    row(u"run"_s, u"baseline"_s, u"batch"_s);
    both(u"tickets"_s, [](const RunFigures &f) { return QString::number(f.tickets); });
    both(u"batch time"_s, [](const RunFigures &f) { return seconds(f.timeMs); });
    both(u"  request floor (before the last starts)"_s,
         [](const RunFigures &f) { return seconds(f.requestFloorMs); });
    both(u"  token floor (before the last starts)"_s,
         [](const RunFigures &f) { return seconds(f.tokenFloorMs); });
    both(u"floor (larger of the two + one stream)"_s,
         [](const RunFigures &f) { return seconds(f.floorMs); });
    both(u"time / floor (target <= 1.1)"_s,
         [](const RunFigures &f) { return QString::number(f.ratio(), 'f', 3); });
    both(u"429s from the server (target 0)"_s,
         [](const RunFigures &f) { return QString::number(f.refused); });
    both(u"requests admitted"_s, [](const RunFigures &f) { return QString::number(f.requests); });
    both(u"tokens charged"_s, [](const RunFigures &f) { return QString::number(f.tokens); });
    both(u"requests per ticket"_s, [&](const RunFigures &f) {
        return QString::number(perTicket(f.requests, f.tickets), 'f', 2);
    });
    both(u"tokens per ticket"_s, [&](const RunFigures &f) {
        return QString::number(perTicket(double(f.tokens), f.tickets), 'f', 0);
    });
    both(u"most requests in flight"_s,
         [](const RunFigures &f) { return QString::number(f.peakInFlight); });
    both(u"UI thread lateness max"_s, [](const RunFigures &f) { return millis(f.stallMaxMs); });
    both(u"UI thread lateness p99 (target < 16 ms)"_s,
         [](const RunFigures &f) { return millis(f.stallP99Ms); });
    both(u"RSS before"_s, [](const RunFigures &f) { return u"%1 KiB"_s.arg(f.rssBeforeKiB); });
    both(u"RSS after"_s, [](const RunFigures &f) { return u"%1 KiB"_s.arg(f.rssAfterKiB); });
    both(u"RSS growth over the run"_s,
         [](const RunFigures &f) { return u"%1 KiB"_s.arg(f.rssGrowthKiB()); });
    both(u"RSS growth over the second half"_s,
         [](const RunFigures &f) { return u"%1 KiB"_s.arg(f.secondHalfGrowthKiB()); });
    both(u"RSS growth per ticket"_s, [&](const RunFigures &f) {
        return u"%1 KiB"_s.arg(perTicket(double(f.rssGrowthKiB()), f.tickets), 0, 'f', 1);
    });
    out() << "\n";
    const auto verdict = [&](const QString &name, bool pass, const QString &detail) {
        out() << (pass ? "PASS  " : "MISS  ") << name << ": " << detail << "\n";
    };
    for (const RunFigures *f : {&small, &large}) {
        const QString which = f == &small ? u"baseline"_s : u"batch"_s;
        verdict(u"%1 time / floor <= 1.1"_s.arg(which), f->ratio() <= RatioTarget,
                QString::number(f->ratio(), 'f', 3));
        verdict(u"%1 no 429s"_s.arg(which), f->refused == 0, QString::number(f->refused));
        verdict(u"%1 UI lateness p99 < 16 ms"_s.arg(which), f->stallP99Ms < FrameMs,
                millis(f->stallP99Ms));
    }
    // Memory flat in the number of tickets: what a run keeps is a one-time cost (connections,
    // SQLite's page cache filling up to its 2 MiB, Qt's caches), so the bigger run's second half
    // adds at most 1 MiB, whatever its size.
    const bool flat = large.secondHalfGrowthKiB() <= 1024;
    verdict(u"memory flat in the number of tickets"_s, flat,
            u"%1 KiB over the last %2 of %3 tickets (the whole run: %4 KiB; the baseline's %5)"_s
                .arg(large.secondHalfGrowthKiB())
                .arg(large.tickets - large.tickets / 2)
                .arg(large.tickets)
                .arg(large.rssGrowthKiB())
                .arg(small.rssGrowthKiB()));
    out().flush();
}

} // namespace

int main(int argc, char *argv[]) {
    QCoreApplication app(argc, argv);
    // Each ticket's context says it came from the cache (no CRM here): not worth a line each.
    QLoggingCategory::setFilterRules(u"outreach.*.info=false"_s);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Batch drafting at the model's rate limit: time against the floor the limits set, "
        u"429s, UI-thread lateness and memory, a quarter-size baseline beside it."_s);
    parser.addHelpOption();
    const QCommandLineOption ticketsOption(u"tickets"_s, u"Tickets in the batch (200)."_s, u"N"_s,
                                           u"200"_s);
    const QCommandLineOption rpmOption(u"rpm"_s, u"Requests per window (60)."_s, u"N"_s, u"60"_s);
    const QCommandLineOption tpmOption(u"tpm"_s, u"Tokens per window (40000)."_s, u"N"_s,
                                       u"40000"_s);
    const QCommandLineOption streamOption(u"stream-ms"_s, u"One answer's stream time (2000)."_s,
                                          u"MS"_s, u"2000"_s);
    const QCommandLineOption scaleOption(
        u"time-scale"_s, u"Multiplies the 60 s window and the stream time (1)."_s, u"F"_s, u"1"_s);
    const QCommandLineOption concurrencyOption(
        u"max-concurrency"_s, u"Requests in flight at most; 0: automatic (0)."_s, u"N"_s, u"0"_s);
    parser.addOptions(
        {ticketsOption, rpmOption, tpmOption, streamOption, scaleOption, concurrencyOption});
    parser.process(app);
    bool ok = true;
    const auto number = [&](const QCommandLineOption &option) {
        bool parsed = false;
        const double value = parser.value(option).toDouble(&parsed);
        ok = ok && parsed && value >= 0;
        return value;
    };
    const int ticketCount = int(number(ticketsOption));
    Limits limits;
    limits.requests = int(number(rpmOption));
    limits.tokens = int(number(tpmOption));
    const double streamAskedMs = number(streamOption);
    const double scale = number(scaleOption);
    const int maxConcurrency = int(number(concurrencyOption));
    if (!ok || ticketCount < 4 || scale <= 0) {
        QTextStream(stderr) << "bench_batch: bad arguments (see --help)\n";
        return 2;
    }
    limits.window = std::chrono::milliseconds(qint64(std::llround(60000.0 * scale)));
    const double streamMs = streamAskedMs * scale;
    const int baselineCount = std::max(1, ticketCount / 4);

    out() << "bench_batch: " << ticketCount << " tickets (baseline " << baselineCount
          << "), load average " << bench::loadAverage() << "\n";
    out().flush();

    QTemporaryDir dir;
    auto opened = CacheStore::open(dir.filePath(u"cache.sqlite"_s));
    if (!dir.isValid() || !opened.ok()) {
        progress(u"could not open the cache"_s);
        return 1;
    }
    std::unique_ptr<CacheStore> cache = std::move(opened).value();
    // Two tickets to calibrate the stream on, then the baseline's, then the batch's: no ticket
    // is drafted twice.
    const int total = 2 + baselineCount + ticketCount;
    SyntheticWorkspace workspace = SyntheticWorkspace::generate(total, 20261207);
    // Every prospect may be contacted: the benchmark is about the model's limits, not skips.
    for (ProspectHistory &history : workspace.prospects)
        history.prospect.doNotContact = false;
    QList<Interaction> interactions;
    for (int i = 0; i < workspace.tickets.size(); ++i)
        interactions += historyFor(workspace.tickets.at(i).id, InteractionsPerTicket, i);
    if (!cache->upsertProjects(workspace.projects) || !cache->upsertProspects(workspace.prospects)
        || !cache->upsertTickets(workspace.tickets) || !cache->upsertInteractions(interactions)) {
        progress(u"could not store the synthetic workspace"_s);
        return 1;
    }
    QStringList ids;
    for (const Ticket &ticket : std::as_const(workspace.tickets))
        ids.append(ticket.id);
    const QStringList calibration = ids.mid(0, 2);
    const QStringList baseline = ids.mid(2, baselineCount);
    const QStringList batch = ids.mid(2 + baselineCount, ticketCount);

    FakeModelServer model;
    model.setApiKey("sk-bench-batch");
    model.setReplyTokens(ReplyTokens);
    if (!model.start()) {
        progress(u"could not start the fake model server"_s);
        return 1;
    }
    BatchRunner::Settings settings;
    settings.endpoint.provider = ModelEndpoint::Provider::OpenAI;
    settings.endpoint.baseUrl = model.openAiBaseUrl();
    settings.endpoint.model = u"gpt-4o-mini"_s;
    settings.endpoint.apiKey = u"sk-bench-batch"_s;
    settings.maxConcurrency = maxConcurrency;
    Bench bench(*cache, model, settings);

    // ---- the stream time: an answer's chunks are counted by timing one at a known rate, then
    // the rate is set so that one streams for the time asked, and one more is timed.
    double oneAnswerMs = 0;
    {
        constexpr double probeChunkMs = 10;
        model.setTokensPerSecond(1000.0 / probeChunkMs);
        const Bench::Outcome probing = bench.runJob({calibration.at(0)}, nullptr);
        if (!probing.ok) {
            progress(u"the calibration draft failed: "_s + probing.failure);
            return 1;
        }
        const double chunks = std::max(1.0, std::round(probing.timeMs / probeChunkMs));
        if (streamMs > 0)
            model.setTokensPerSecond(chunks * 1000.0 / streamMs);
        else
            model.setChunkDelay(0);
        const Bench::Outcome timed = bench.runJob({calibration.at(1)}, nullptr);
        if (!timed.ok) {
            progress(u"the calibration draft failed: "_s + timed.failure);
            return 1;
        }
        oneAnswerMs = timed.timeMs;
        out() << "one draft without limits: " << millis(oneAnswerMs) << " (stream asked "
              << millis(streamMs) << ", about " << int(chunks) << " chunks)\n";
        out().flush();
    }

    progress(u"baseline: %1 tickets"_s.arg(baseline.size()));
    const RunFigures small = bench.measured(baseline, limits, oneAnswerMs);
    if (!small.ok) {
        progress(u"the baseline batch failed: "_s + small.failure);
        return 1;
    }
    progress(u"batch: %1 tickets"_s.arg(batch.size()));
    const RunFigures large = bench.measured(batch, limits, oneAnswerMs);
    if (!large.ok) {
        progress(u"the batch failed: "_s + large.failure);
        return 1;
    }
    printTable(limits, oneAnswerMs, small, large);
    return 0;
}
