// SPDX-License-Identifier: GPL-3.0-or-later
// A helper process for the outbox kill tests: queues activities through the ActivityTracker
// while delivering them, and runs until it is killed.
//   outbox_producer <data-dir> <crm-url> <count> [hubspot <ticket,ticket,…>]
// (token from OUTREACHGPT_CRM_TOKEN). With `hubspot` it talks to HubSpot's API and spreads the
// messages over the tickets given; otherwise to the REST API v1 over T-1001…T-1056.
#include "activity/ActivityTracker.h"
#include "crm/HubSpotConnector.h"
#include "crm/Outbox.h"
#include "crm/RestCrmConnector.h"
#include "net/HttpTransport.h"
#include "storage/CacheStore.h"
#include "support/TestRetryPolicies.h"

#include <QCoreApplication>
#include <QCoroTimer>
#include <QDir>
#include <QTextStream>
#include <QTimer>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace {

QCoro::Task<> deliverForever(Outbox &outbox) {
    while (true) {
        const Outbox::Report report = co_await outbox.deliver(Outbox::Mode::Flush);
        QTextStream(stdout) << "delivered " << report.delivered << " pending " << report.pending
                            << Qt::endl;
        co_await QCoro::sleepFor(std::chrono::milliseconds(5));
    }
}

} // namespace

int main(int argc, char *argv[]) {
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    const bool hubSpot = args.size() == 6 && args.at(4) == u"hubspot";
    if (args.size() != 4 && !hubSpot) {
        QTextStream(stderr)
            << "usage: outbox_producer <data-dir> <crm-url> <count> [hubspot <tickets>]\n";
        return 2;
    }
    const QStringList hubSpotTickets = hubSpot ? args.at(5).split(u',') : QStringList();
    auto cache = CacheStore::open(QDir(args.at(1)).filePath(u"outreachgpt.sqlite"_s));
    if (!cache.ok()) {
        QTextStream(stderr) << cache.error().toString() << '\n';
        return 1;
    }
    std::unique_ptr<CrmConnector> client;
    if (hubSpot)
        client = std::make_unique<HubSpotConnector>();
    else
        client = std::make_unique<RestCrmConnector>();
    client->setBaseUrl(QUrl(args.at(2)));
    client->setToken(qEnvironmentVariable("OUTREACHGPT_CRM_TOKEN"));
    client->transport()->setRetryPolicy(TestRetryPolicies::quick(std::chrono::milliseconds(10)));
    Outbox outbox(*cache.value(), *client);
    outbox.setPaused(true); // deliverForever drives delivery
    ActivityTracker tracker(*cache.value(), outbox);

    const int count = args.at(3).toInt();
    int queued = 0;
    QTimer producer;
    QObject::connect(&producer, &QTimer::timeout, &app, [&] {
        if (queued == count) {
            producer.stop();
            QTextStream(stdout) << "queued " << queued << Qt::endl;
            return;
        }
        OutreachActivity activity;
        activity.messageId = u"M-%1"_s.arg(queued, 3, 10, QChar(u'0'));
        activity.subject = u"Follow-up %1"_s.arg(queued);
        activity.content = u"Message %1 of the kill test."_s.arg(queued);
        activity.createdAt = QDateTime::currentDateTimeUtc();
        const QString ticket = hubSpot ? hubSpotTickets.at(queued % hubSpotTickets.size())
                                       : u"T-%1"_s.arg(1001 + queued % 56);
        if (const auto key = tracker.addOutreachActivity(ticket, activity); !key.ok()) {
            QTextStream(stderr) << key.error().toString() << '\n';
            QCoreApplication::exit(1);
            return;
        }
        ++queued;
    });
    producer.start(1);
    auto delivery = deliverForever(outbox);
    return app.exec();
}
