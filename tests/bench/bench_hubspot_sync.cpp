// SPDX-License-Identifier: GPL-3.0-or-later
// An initial ticket sync from HubSpot at its rate limit: TicketSync with the HubSpotConnector
// against the in-process fake HubSpot, which enforces a rolling window of requests per token
// (100 per 10 s by default, HubSpot's limit for a private app on most plans), the search
// endpoints' own per-second limit, and answers with HubSpot's X-HubSpot-RateLimit-* headers and
// 429s. Every ticket has its own deal (with line items), contact and company, so the sync also
// reads those in batches, as a real first sync does.
//
// The floor: a rolling window of C requests per W lets request k (counting from 0) go no sooner
// than floor(k / C) * W, so N requests need at least floor((N - 1) / C) * W. The figures: the
// sync's time against the floor for the requests it made, requests per ticket, and 429s. A
// quarter-size sync runs first in the same process as the baseline; both are printed side by
// side.
//
// Run:  build/release/tests/bench/bench_hubspot_sync [--tickets 20000] [--rate-max 100]
//       [--rate-interval-ms 10000] [--time-scale 1] [--latency-ms 20]
// --time-scale multiplies the window (0.1: 100 requests per second). Not registered with ctest;
// prints PASS/MISS per target and exits 0 whatever they are, non-zero only when a sync fails or
// stores fewer tickets than HubSpot has.
#include "BenchSupport.h"
#include "FakeHubSpotServer.h"
#include "crm/HubSpotConnector.h"
#include "crm/TicketSync.h"
#include "storage/CacheStore.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QCoroTask>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QLoggingCategory>
#include <QTemporaryDir>

#include <optional>

using namespace Qt::StringLiterals;

namespace {

constexpr double RatioTarget = 1.15;

using bench::out;
using bench::progress;

struct Figures {
    int tickets = 0;
    int stored = 0;
    int requests = 0;
    int rateLimited = 0;
    double elapsedMs = 0;
    double floorMs = 0;
    bool ok = false;
    QString error;
};

struct Limits {
    int max = 100;
    int intervalMs = 10'000;
    int latencyMs = 20;
};

Figures runSync(int tickets, const Limits &limits) {
    Figures figures;
    figures.tickets = tickets;
    QTemporaryDir dir;
    FakeHubSpotServer server;
    if (!dir.isValid() || !server.start()) {
        figures.error = u"could not start the fake HubSpot"_s;
        return figures;
    }
    progress(u"seeding %1 tickets with their deals, contacts and companies"_s.arg(tickets));
    server.seedGenerated(tickets);
    FakeHubSpotServer::RateLimits rate;
    rate.max = limits.max;
    rate.intervalMs = limits.intervalMs;
    server.setRateLimits(rate);
    server.setLatency(u"*"_s, limits.latencyMs);
    auto cache = CacheStore::open(dir.filePath(u"cache.sqlite"_s));
    if (!cache.ok()) {
        figures.error = cache.error().toString();
        return figures;
    }
    HubSpotConnector connector;
    connector.setBaseUrl(server.baseUrl());
    connector.setToken(QString::fromLatin1(server.token()));
    TicketSync sync(*cache.value(), connector);
    QObject::connect(&sync, &TicketSync::progress, [](int fetched, int pages) {
        if (pages % 20 == 0)
            progress(u"%1 tickets in %2 pages"_s.arg(fetched).arg(pages));
    });

    QElapsedTimer clock;
    clock.start();
    std::optional<TicketSync::Report> report;
    QEventLoop loop;
    QCoro::connect(sync.sync(), &loop, [&](const TicketSync::Report &done) {
        report = done;
        loop.quit();
    });
    loop.exec();
    figures.elapsedMs = double(clock.elapsed());
    figures.requests = server.requestCount();
    figures.rateLimited = server.rateLimitedCount();
    figures.stored = cache.value()->ticketCount();
    const int windows = figures.requests > 0 ? (figures.requests - 1) / limits.max : 0;
    figures.floorMs = double(windows) * limits.intervalMs;
    figures.ok = report && report->ok() && figures.stored == tickets;
    if (report && report->error)
        figures.error = report->error->toString();
    else if (figures.stored != tickets)
        figures.error = u"stored %1 of %2 tickets"_s.arg(figures.stored).arg(tickets);
    return figures;
}

QString seconds(double ms) {
    return u"%1 s"_s.arg(ms / 1000.0, 0, 'f', 1);
}

QString ratio(const Figures &f) {
    if (f.floorMs <= 0)
        return u"n/a"_s;
    return u"%1 / %2 = %3"_s.arg(seconds(f.elapsedMs), seconds(f.floorMs))
        .arg(f.elapsedMs / f.floorMs, 0, 'f', 3);
}

} // namespace

int main(int argc, char *argv[]) {
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(u"outreach.*.info=false\nqt.*=false"_s);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption ticketsOption(u"tickets"_s, u"Tickets in the full sync."_s, u"n"_s,
                                           u"20000"_s);
    const QCommandLineOption maxOption(u"rate-max"_s, u"Requests per window."_s, u"n"_s, u"100"_s);
    const QCommandLineOption intervalOption(u"rate-interval-ms"_s, u"The window."_s, u"ms"_s,
                                            u"10000"_s);
    const QCommandLineOption scaleOption(u"time-scale"_s, u"Multiplies the window."_s, u"f"_s,
                                         u"1"_s);
    const QCommandLineOption latencyOption(u"latency-ms"_s, u"Each answer's latency."_s, u"ms"_s,
                                           u"20"_s);
    parser.addOptions({ticketsOption, maxOption, intervalOption, scaleOption, latencyOption});
    parser.process(app);
    bool ok = true;
    const int tickets = parser.value(ticketsOption).toInt(&ok);
    Limits limits;
    limits.max = parser.value(maxOption).toInt();
    const double scale = parser.value(scaleOption).toDouble();
    limits.intervalMs = int(parser.value(intervalOption).toInt() * scale);
    limits.latencyMs = parser.value(latencyOption).toInt();
    if (!ok || tickets < 4 || limits.max < 1 || limits.intervalMs < 1 || limits.latencyMs < 0) {
        QTextStream(stderr) << "bench_hubspot_sync: bad arguments\n";
        return 2;
    }

    const Figures baseline = runSync(tickets / 4, limits);
    const Figures full = runSync(tickets, limits);

    out() << "HubSpot initial sync at " << limits.max << " requests per " << limits.intervalMs
          << " ms (time scale " << scale << "), " << limits.latencyMs << " ms per answer; load "
          << bench::loadAverage() << Qt::endl;
    out() << Qt::endl;
    out() << "| figure | " << full.tickets << " tickets | " << baseline.tickets
          << " tickets (baseline) | target |" << Qt::endl;
    out() << "|---|---|---|---|" << Qt::endl;
    out() << "| sync time / the floor for its requests | " << ratio(full) << " | "
          << ratio(baseline) << " | ≤ " << RatioTarget << " |" << Qt::endl;
    out() << "| requests | " << full.requests << " | " << baseline.requests << " | |" << Qt::endl;
    out() << "| requests per ticket | "
          << QString::number(double(full.requests) / std::max(1, full.tickets), 'f', 4) << " | "
          << QString::number(double(baseline.requests) / std::max(1, baseline.tickets), 'f', 4)
          << " | |" << Qt::endl;
    out() << "| 429s | " << full.rateLimited << " | " << baseline.rateLimited << " | 0 |"
          << Qt::endl;
    out() << "| tickets stored | " << full.stored << " | " << baseline.stored << " | all |"
          << Qt::endl;
    out() << Qt::endl;
    for (const Figures *f : {&baseline, &full}) {
        const bool withinRatio = f->floorMs <= 0 || f->elapsedMs <= RatioTarget * f->floorMs;
        out() << (withinRatio && f->rateLimited == 0 ? "PASS" : "MISS") << "  " << f->tickets
              << " tickets: time within " << RatioTarget << "x the floor, no 429" << Qt::endl;
        if (!f->ok)
            out() << "FAIL  " << f->tickets << " tickets: " << f->error << Qt::endl;
    }
    return baseline.ok && full.ok ? 0 : 1;
}
