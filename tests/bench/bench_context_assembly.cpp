// SPDX-License-Identifier: GPL-3.0-or-later
// Context assembly against the fake CRM with a fixed latency per request: fresh (the ticket,
// then three at once), cached (all four at once) and the naive one-after-the-other order, in the
// same run, each as a multiple of one measured round trip. Targets: fresh ≤ 2.2, cached ≤ 1.2.
//
//   build/release/tests/bench/bench_context_assembly [latency-ms=50] [runs=20]
// Exits with 1, saying what failed, when a request or an assembly fails; 2 on bad arguments.
#include "FakeCrmServer.h"
#include "crm/ContextAssembler.h"
#include "crm/RestCrmConnector.h"
#include "net/HttpTransport.h"
#include "storage/CacheStore.h"
#include "support/AwaitTask.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTextStream>

#include <algorithm>
#include <vector>

using namespace Qt::StringLiterals;

namespace {

double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    const size_t n = values.size();
    return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2.0;
}

// The baseline: four awaits, one after the other, as a first version would write it.
QCoro::Task<bool> sequential(RestCrmConnector &client, QString ticketId, int interactionLimit) {
    const Result<Ticket> ticket = co_await client.ticket(ticketId);
    if (!ticket.ok())
        co_return false;
    const Result<Project> project = co_await client.project(ticket->projectId);
    const Result<ProspectHistory> prospect = co_await client.prospectHistory(ticket->prospectId);
    const Result<QList<Interaction>> interactions =
        co_await client.interactions(ticketId, interactionLimit);
    co_return project.ok() && prospect.ok() && interactions.ok();
}

} // namespace

int main(int argc, char *argv[]) {
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    bool latencyOk = true;
    bool runsOk = true;
    const int latency = args.size() > 1 ? args.at(1).toInt(&latencyOk) : 50;
    const int runs = args.size() > 2 ? args.at(2).toInt(&runsOk) : 20;
    QTextStream out(stdout);
    QTextStream err(stderr);
    if (!latencyOk || !runsOk || latency < 0 || runs < 1) {
        err << "usage: bench_context_assembly [latency-ms >= 0] [runs >= 1]\n";
        return 2;
    }
    const auto fail = [&err](const QString &what) {
        err << "bench_context_assembly: " << what << " failed\n";
        return 1;
    };

    FakeCrmServer server;
    if (!server.start() || !server.loadWorkspace()) {
        return fail(u"starting the fake CRM"_s);
    }
    server.setInteractionPageSize(100); // one page per history: measure assembly, not paging
    server.setLatency(u"*"_s, latency);
    RestCrmConnector client;
    client.setBaseUrl(server.baseUrl());
    client.setToken(u"test-token"_s);
    const QStringList tickets = server.ticketIds();
    if (tickets.isEmpty())
        return fail(u"loading the demo tickets"_s);

    QTemporaryDir dir;
    std::vector<double> roundTrip, fresh, cached, sequentialTimes;
    for (int run = 0; run < runs; ++run) {
        const QString ticketId = tickets.at(run % tickets.size());
        // A fresh cache per run, so "fresh" never finds the ticket.
        auto opened = CacheStore::open(dir.filePath(u"bench-%1.sqlite"_s.arg(run)));
        if (!opened.ok())
            return fail(u"opening the cache: "_s + opened.error().toString());
        const std::unique_ptr<CacheStore> cache = std::move(opened).value();
        ContextAssembler assembler(*cache, &client);

        QElapsedTimer timer;
        timer.start();
        if (const auto ticket = awaitTask(client.ticket(ticketId)); !ticket.ok())
            return fail(u"the round trip: "_s + ticket.error().toString());
        roundTrip.push_back(timer.nsecsElapsed() / 1e6);

        timer.restart();
        if (const auto context = awaitTask(assembler.assembleContext(ticketId)); !context.ok())
            return fail(u"fresh assembly: "_s + context.error().toString());
        fresh.push_back(timer.nsecsElapsed() / 1e6);

        timer.restart();
        if (const auto context = awaitTask(assembler.assembleContext(ticketId)); !context.ok())
            return fail(u"cached assembly: "_s + context.error().toString());
        cached.push_back(timer.nsecsElapsed() / 1e6);

        timer.restart();
        if (!awaitTask(sequential(client, ticketId, assembler.interactionLimit())))
            return fail(u"the one-after-another baseline"_s);
        sequentialTimes.push_back(timer.nsecsElapsed() / 1e6);
    }

    const double trip = median(roundTrip);
    const auto line = [&](const char *name, const std::vector<double> &values, double target) {
        const double ms = median(values);
        out << qSetFieldWidth(26) << Qt::left << name << qSetFieldWidth(0) << Qt::right
            << QString::number(ms, 'f', 1).rightJustified(8) << " ms  "
            << QString::number(ms / trip, 'f', 2).rightJustified(5) << " round trips";
        if (target > 0)
            out << "  (target ≤ " << target << ": " << (ms / trip <= target ? "PASS" : "MISS")
                << ")";
        out << Qt::endl;
    };
    out << "Context assembly, " << latency << " ms latency per request, median of " << runs
        << " runs (" << tickets.size() << " demo tickets)" << Qt::endl;
    line("one round trip", roundTrip, 0);
    line("fresh (ticket, then 3)", fresh, 2.2);
    line("cached (all 4 at once)", cached, 1.2);
    line("one after another (baseline)", sequentialTimes, 0);
    return 0;
}
