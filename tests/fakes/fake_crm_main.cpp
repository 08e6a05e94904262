// SPDX-License-Identifier: GPL-3.0-or-later
// fake_crm: the fake CRM server on the bundled demo workspace, for running the app (or curl)
// against a CRM by hand. Prints "listening http://127.0.0.1:PORT" and serves until killed.

#include "FakeCrmServer.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <cstdio>

using namespace Qt::StringLiterals;

int main(int argc, char *argv[]) {
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"fake_crm"_s);

    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"A fake CRM (docs/crm-api.md) serving the demo workspace on 127.0.0.1."_s);
    parser.addHelpOption();
    const QCommandLineOption portOption(u"port"_s, u"Port to listen on (0: any free port)."_s,
                                        u"N"_s, u"0"_s);
    const QCommandLineOption tokenOption(
        u"token"_s, u"Bearer token to accept (default: $FAKE_CRM_TOKEN, else test-token)."_s,
        u"T"_s);
    const QCommandLineOption latencyOption(u"latency"_s, u"Delay before every answer."_s, u"MS"_s,
                                           u"0"_s);
    parser.addOptions({portOption, tokenOption, latencyOption});
    parser.process(app);

    bool portOk = false;
    const quint16 port = parser.value(portOption).toUShort(&portOk);
    bool latencyOk = false;
    const int latency = parser.value(latencyOption).toInt(&latencyOk);
    if (!portOk || !latencyOk || latency < 0) {
        std::fprintf(stderr, "fake_crm: --port and --latency take non-negative numbers\n");
        return 2;
    }

    FakeCrmServer server;
    if (parser.isSet(tokenOption))
        server.setToken(parser.value(tokenOption).toUtf8());
    else if (qEnvironmentVariableIsSet("FAKE_CRM_TOKEN"))
        server.setToken(qgetenv("FAKE_CRM_TOKEN"));
    server.setLatency(u"*"_s, latency);
    if (!server.loadWorkspace())
        return 1;
    if (!server.start(port)) {
        std::fprintf(stderr, "fake_crm: cannot listen on 127.0.0.1:%u\n", unsigned(port));
        return 1;
    }

    // One line per answered request on stderr, so a manual run shows what the client does. The
    // token is never printed.
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
