// SPDX-License-Identifier: GPL-3.0-or-later
// Context assembly against the fake CRM with a fixed latency per request: fresh (the ticket,
// then three at once), cached (all four at once) and the naive one-after-the-other order, in the
// same run, each as a multiple of one measured round trip. Targets: fresh ≤ 2.2, cached ≤ 1.2.
//
//   build/release/tests/bench/bench_context_assembly [latency-ms=50] [runs=20]
#include "FakeCrmServer.h"
#include "crm/ContextAssembler.h"
#include "crm/CrmClient.h"
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
QCoro::Task<bool> sequential(CrmClient &client, QString ticketId, int interactionLimit) {
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
    const int latency = args.size() > 1 ? args.at(1).toInt() : 50;
    const int runs = args.size() > 2 ? args.at(2).toInt() : 20;
    QTextStream out(stdout);

    FakeCrmServer server;
    if (!server.start() || !server.loadWorkspace()) {
        QTextStream(stderr) << "could not start the fake CRM\n";
        return 1;
    }
    server.setInteractionPageSize(100); // one page per history: measure assembly, not paging
    server.setLatency(u"*"_s, latency);
    CrmClient client;
    client.setBaseUrl(server.baseUrl());
    client.setToken(u"test-token"_s);
    const QStringList tickets = server.ticketIds();

    QTemporaryDir dir;
    std::vector<double> roundTrip, fresh, cached, sequentialTimes;
    for (int run = 0; run < runs; ++run) {
        const QString ticketId = tickets.at(run % tickets.size());
        // A fresh cache per run, so "fresh" never finds the ticket.
        auto opened = CacheStore::open(dir.filePath(u"bench-%1.sqlite"_s.arg(run)));
        if (!opened.ok())
            return 1;
        const std::unique_ptr<CacheStore> cache = std::move(opened).value();
        ContextAssembler assembler(*cache, &client);

        QElapsedTimer timer;
        timer.start();
        if (!awaitTask(client.ticket(ticketId)).ok())
            return 1;
        roundTrip.push_back(timer.nsecsElapsed() / 1e6);

        timer.restart();
        if (!awaitTask(assembler.assembleContext(ticketId)).ok())
            return 1;
        fresh.push_back(timer.nsecsElapsed() / 1e6);

        timer.restart();
        if (!awaitTask(assembler.assembleContext(ticketId)).ok())
            return 1;
        cached.push_back(timer.nsecsElapsed() / 1e6);

        timer.restart();
        if (!awaitTask(sequential(client, ticketId, assembler.interactionLimit())))
            return 1;
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
