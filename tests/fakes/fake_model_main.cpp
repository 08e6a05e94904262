// SPDX-License-Identifier: GPL-3.0-or-later
// fake_model: the fake OpenAI-compatible Chat Completions endpoint, for running the app (or curl)
// against a model by hand. Prints "listening http://127.0.0.1:PORT/v1" and serves until killed.

#include "FakeModelServer.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <cstdio>

using namespace Qt::StringLiterals;

int main(int argc, char *argv[]) {
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"fake_model"_s);

    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"A fake OpenAI-compatible Chat Completions endpoint on 127.0.0.1."_s);
    parser.addHelpOption();
    const QCommandLineOption portOption(u"port"_s, u"Port to listen on (0: any free port)."_s,
                                        u"N"_s, u"0"_s);
    const QCommandLineOption keyOption(
        u"api-key"_s,
        u"Key to require (Bearer on /v1, api-key on /openai; default: $FAKE_MODEL_API_KEY, "
        "else none)."_s,
        u"K"_s);
    const QCommandLineOption delayOption(u"chunk-delay"_s, u"Delay between streamed tokens."_s,
                                         u"MS"_s, u"30"_s);
    const QCommandLineOption tokensOption(u"reply-tokens"_s, u"Words in a reply."_s, u"N"_s,
                                          u"60"_s);
    parser.addOptions({portOption, keyOption, delayOption, tokensOption});
    parser.process(app);

    bool portOk = false;
    const quint16 port = parser.value(portOption).toUShort(&portOk);
    bool delayOk = false;
    const int delay = parser.value(delayOption).toInt(&delayOk);
    bool tokensOk = false;
    const int tokens = parser.value(tokensOption).toInt(&tokensOk);
    if (!portOk || !delayOk || delay < 0 || !tokensOk || tokens < 0) {
        std::fprintf(stderr,
                     "fake_model: --port, --chunk-delay and --reply-tokens take non-negative "
                     "numbers\n");
        return 2;
    }

    FakeModelServer server;
    if (parser.isSet(keyOption))
        server.setApiKey(parser.value(keyOption).toUtf8());
    else if (qEnvironmentVariableIsSet("FAKE_MODEL_API_KEY"))
        server.setApiKey(qgetenv("FAKE_MODEL_API_KEY"));
    server.setChunkDelay(delay);
    server.setReplyTokens(tokens);
    if (!server.start(port)) {
        std::fprintf(stderr, "fake_model: cannot listen on 127.0.0.1:%u\n", unsigned(port));
        return 1;
    }

    // One line per answered request on stderr, so a manual run shows what the client does. The
    // key is never printed.
    QObject::connect(&server, &FakeHttpServer::requestCompleted, &server,
                     [](const RecordedRequest &request) {
                         std::fprintf(stderr, "%s %s -> %d (%lld ms)\n", request.method.constData(),
                                      request.path.toUtf8().constData(), request.status,
                                      request.completedMs - request.arrivedMs);
                     });

    std::printf("listening %s\n", server.openAiBaseUrl().toString().toUtf8().constData());
    std::fflush(stdout);
    return QCoreApplication::exec();
}
