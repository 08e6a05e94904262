// SPDX-License-Identifier: GPL-3.0-or-later
// The process tst_crashsafety kills: it does one kind of work against a data folder and a CRM
// until it is killed (SIGKILL, at a random moment), printing a line each time something became
// durable, so the test knows what must survive the kill.
//
//   crash_worker <scenario> <data-dir> <crm-url> <run>     (token from OUTREACHGPT_CRM_TOKEN)
//
// Scenarios (one function each below; add one by writing it and listing it in `scenarios`):
//   sync    syncs the ticket list in small pages, again and again    prints "page N", "synced"
//   outbox  queues activities and delivers them, in parallel         prints "queued M-…"
//   draft   autosaves drafts (and a version now and then), every 3 ms   prints "draft T-… <run> N"
//   mixed   all three at once, as the app does
//   drain   one whole sync and delivery until nothing is pending, then exits 0 (not killed)
// Every scenario prints "ready" once the database is open.
#include "activity/ActivityTracker.h"
#include "crm/Outbox.h"
#include "crm/RestCrmConnector.h"
#include "crm/TicketSync.h"
#include "net/HttpTransport.h"
#include "storage/CacheStore.h"
#include "storage/DraftStore.h"
#include "support/TestRetryPolicies.h"

#include <QCoreApplication>
#include <QCoroTimer>
#include <QDir>
#include <QTextStream>
#include <QTimer>

#include <functional>
#include <map>

using namespace Qt::StringLiterals;

namespace {

// What every scenario gets: the opened cache, a client for the CRM, the services on top.
struct Worker {
    std::unique_ptr<CacheStore> cache;
    RestCrmConnector client;
    std::unique_ptr<Outbox> outbox;
    std::unique_ptr<ActivityTracker> tracker;
    std::unique_ptr<TicketSync> sync;
    QString run; // this run's number, part of every id it makes, so runs never collide
};

void say(const QString &line) {
    // One write per line, flushed at once: the test reads these as facts about the database.
    QTextStream(stdout) << line << Qt::endl;
}

QCoro::Task<> syncForever(Worker &worker) {
    while (true) {
        const TicketSync::Report report = co_await worker.sync->sync();
        if (report.ok())
            say(u"synced"_s);
        co_await QCoro::sleepFor(std::chrono::milliseconds(5));
    }
}

QCoro::Task<> deliverForever(Worker &worker) {
    while (true) {
        co_await worker.outbox->deliver(Outbox::Mode::Flush);
        co_await QCoro::sleepFor(std::chrono::milliseconds(3));
    }
}

// Queues an activity every 8 ms; "queued <id>" is printed only after its transaction committed.
void queueForever(Worker &worker, QTimer &timer) {
    timer.setInterval(8);
    QObject::connect(&timer, &QTimer::timeout, &timer, [&worker, count = 0]() mutable {
        OutreachActivity activity;
        activity.messageId = u"M-%1-%2"_s.arg(worker.run).arg(count, 4, 10, QChar(u'0'));
        activity.subject = u"Crash test %1"_s.arg(count);
        activity.content = u"Message %1 of run %2 of the crash test."_s.arg(count).arg(worker.run);
        activity.createdAt = QDateTime::currentDateTimeUtc();
        const QString ticket = u"T-%1"_s.arg(1001 + count % 56);
        if (const auto key = worker.tracker->addOutreachActivity(ticket, activity); key.ok())
            say(u"queued "_s + activity.messageId);
        else
            say(u"error "_s + key.error().toString());
        ++count;
    });
    timer.start();
}

// Autosaves a draft every 3 ms, the way ComposeSession::flush does, and a version every fifth
// time; "draft <ticket> <run> <n>" is printed only after the save returned.
void autosaveForever(Worker &worker, QTimer &timer) {
    timer.setInterval(3);
    QObject::connect(&timer, &QTimer::timeout, &timer, [&worker, count = 0]() mutable {
        DraftStore store(*worker.cache);
        Draft draft;
        draft.ticketId = u"T-%1"_s.arg(1001 + count % 56);
        draft.prompt = u"draft %1 %2"_s.arg(worker.run).arg(count);
        draft.subject = u"Subject %1"_s.arg(count);
        // A few KiB, so that a kill can land inside a page write.
        draft.body = u"Body %1\n"_s.arg(count) + QString(1000 + (count % 7) * 500, u'x');
        Result<void> saved = store.save(draft);
        if (saved.ok() && count % 5 == 0) {
            DraftVersion version;
            version.ticketId = draft.ticketId;
            version.prompt = draft.prompt;
            version.response.message = draft.body;
            const Result<qint64> added = store.addVersion(version);
            if (!added.ok())
                saved = added.error();
        }
        if (saved.ok())
            say(u"draft %1 %2 %3"_s.arg(draft.ticketId, worker.run).arg(count));
        else
            say(u"error "_s + saved.error().toString());
        ++count;
    });
    timer.start();
}

QCoro::Task<int> drain(Worker &worker) {
    const TicketSync::Report synced = co_await worker.sync->sync();
    if (!synced.ok()) {
        say(u"error "_s + synced.error->toString());
        co_return 1;
    }
    for (int round = 0; round < 20 && worker.outbox->pendingCount() > 0; ++round)
        co_await worker.outbox->deliver(Outbox::Mode::Flush);
    say(u"drained pending %1 failed %2"_s.arg(worker.outbox->pendingCount())
            .arg(worker.outbox->failedCount()));
    co_return worker.outbox->pendingCount() == 0 && worker.outbox->failedCount() == 0 ? 0 : 1;
}

} // namespace

int main(int argc, char *argv[]) {
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() != 5) {
        QTextStream(stderr) << "usage: crash_worker <scenario> <data-dir> <crm-url> <run>\n";
        return 2;
    }
    const QString scenario = args.at(1);

    Worker worker;
    worker.run = args.at(4);
    auto cache = CacheStore::open(QDir(args.at(2)).filePath(u"outreachgpt.sqlite"_s));
    if (!cache.ok()) {
        QTextStream(stderr) << cache.error().toString() << '\n';
        return 1;
    }
    worker.cache = std::move(cache).value();
    worker.client.setBaseUrl(QUrl(args.at(3)));
    worker.client.setToken(qEnvironmentVariable("OUTREACHGPT_CRM_TOKEN"));
    worker.client.transport()->setRetryPolicy(
        TestRetryPolicies::quick(std::chrono::milliseconds(5)));
    worker.outbox = std::make_unique<Outbox>(*worker.cache, worker.client);
    worker.outbox->setPaused(true); // the scenarios drive delivery
    worker.tracker = std::make_unique<ActivityTracker>(*worker.cache, *worker.outbox);
    worker.sync = std::make_unique<TicketSync>(*worker.cache, worker.client);
    worker.sync->setPageSize(4); // many small transactions: more moments to be killed in
    QObject::connect(worker.sync.get(), &TicketSync::progress, &app,
                     [](int, int pages) { say(u"page %1"_s.arg(pages)); });

    QTimer producer;
    QTimer autosave;
    std::optional<QCoro::Task<>> syncing;
    std::optional<QCoro::Task<>> delivering;
    const std::map<QString, std::function<void()>> scenarios = {
        {u"sync"_s, [&] { syncing.emplace(syncForever(worker)); }},
        {u"outbox"_s,
         [&] {
             queueForever(worker, producer);
             delivering.emplace(deliverForever(worker));
         }},
        {u"draft"_s, [&] { autosaveForever(worker, autosave); }},
        {u"mixed"_s,
         [&] {
             syncing.emplace(syncForever(worker));
             queueForever(worker, producer);
             delivering.emplace(deliverForever(worker));
             autosaveForever(worker, autosave);
         }},
        {u"drain"_s,
         [&] {
             QCoro::connect(drain(worker), &app, [](int code) { QCoreApplication::exit(code); });
         }},
    };
    const auto found = scenarios.find(scenario);
    if (found == scenarios.end()) {
        QTextStream(stderr) << "crash_worker: unknown scenario " << scenario << '\n';
        return 2;
    }
    say(u"ready"_s);
    found->second();
    return app.exec();
}
