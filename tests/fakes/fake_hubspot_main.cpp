// SPDX-License-Identifier: GPL-3.0-or-later
// fake_hubspot: the fake HubSpot CRM API on a seeded workspace, for running the app (or curl)
// against HubSpot by hand. Prints "listening http://127.0.0.1:PORT" and serves until killed.

#include "FakeHubSpotServer.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <cstdio>

using namespace Qt::StringLiterals;

int main(int argc, char *argv[]) {
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"fake_hubspot"_s);

    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"A fake HubSpot CRM API on 127.0.0.1: the sample workspace, or --tickets N generated."_s);
    parser.addHelpOption();
    const QCommandLineOption portOption(u"port"_s, u"Port to listen on (0: any free port)."_s,
                                        u"N"_s, u"0"_s);
    const QCommandLineOption tokenOption(
        u"token"_s,
        u"Private-app token to accept (default: $FAKE_HUBSPOT_TOKEN, else "
        u"pat-na1-test-token)."_s,
        u"T"_s);
    const QCommandLineOption ticketsOption(
        u"tickets"_s,
        u"Generate N tickets (each with deal, contact, company, emails, a note) "
        u"besides the sample."_s,
        u"N"_s, u"0"_s);
    const QCommandLineOption latencyOption(u"latency"_s, u"Delay before every answer."_s, u"MS"_s,
                                           u"0"_s);
    const QCommandLineOption rateMaxOption(u"rate-max"_s, u"Requests per rolling interval."_s,
                                           u"N"_s, u"100"_s);
    const QCommandLineOption rateIntervalOption(u"rate-interval-ms"_s, u"The rolling interval."_s,
                                                u"MS"_s, u"10000"_s);
    parser.addOptions(
        {portOption, tokenOption, ticketsOption, latencyOption, rateMaxOption, rateIntervalOption});
    parser.process(app);

    bool ok[5] = {};
    const quint16 port = parser.value(portOption).toUShort(&ok[0]);
    const int tickets = parser.value(ticketsOption).toInt(&ok[1]);
    const int latency = parser.value(latencyOption).toInt(&ok[2]);
    const int rateMax = parser.value(rateMaxOption).toInt(&ok[3]);
    const int rateInterval = parser.value(rateIntervalOption).toInt(&ok[4]);
    if (!ok[0] || !ok[1] || !ok[2] || !ok[3] || !ok[4] || tickets < 0 || latency < 0 || rateMax < 0
        || rateInterval < 1) {
        std::fprintf(stderr, "fake_hubspot: the options take non-negative numbers\n");
        return 2;
    }

    FakeHubSpotServer server;
    if (parser.isSet(tokenOption))
        server.setToken(parser.value(tokenOption).toUtf8());
    else if (qEnvironmentVariableIsSet("FAKE_HUBSPOT_TOKEN"))
        server.setToken(qgetenv("FAKE_HUBSPOT_TOKEN"));
    server.setLatency(u"*"_s, latency);
    FakeHubSpotServer::RateLimits limits = server.rateLimits();
    limits.max = rateMax;
    limits.intervalMs = rateInterval;
    server.setRateLimits(limits);
    server.seedSample();
    if (tickets > 0)
        server.seedGenerated(tickets);
    if (!server.start(port)) {
        std::fprintf(stderr, "fake_hubspot: cannot listen on 127.0.0.1:%u\n", unsigned(port));
        return 1;
    }

    // One line per answered request on stderr; the token is never printed.
    QObject::connect(
        &server, &FakeHttpServer::requestCompleted, &server, [](const RecordedRequest &request) {
            const QByteArray query =
                request.query.isEmpty() ? QByteArray() : '?' + request.query.toString().toUtf8();
            std::fprintf(stderr, "%s %s%s -> %d (%lld ms)\n", request.method.constData(),
                         request.path.toUtf8().constData(), query.constData(), request.status,
                         request.completedMs - request.arrivedMs);
        });

    std::printf("listening %s\n", server.baseUrl().toString().toUtf8().constData());
    std::fflush(stdout);
    return QCoreApplication::exec();
}
