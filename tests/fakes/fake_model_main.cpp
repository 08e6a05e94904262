// SPDX-License-Identifier: GPL-3.0-or-later
// fake_model: the fake OpenAI-compatible Chat Completions endpoint, for running the app (or curl)
// against a model by hand. Prints "listening http://127.0.0.1:PORT/v1" and serves until killed.

#include "FakeModelServer.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <chrono>
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
    const QCommandLineOption windowOption(
        u"context-window"_s,
        u"Tokens of context, as llama.cpp's --ctx-size: a longer prompt is cut from the front "
        "and answered (0: no limit)."_s,
        u"N"_s, u"0"_s);
    const QCommandLineOption noShiftOption(
        u"no-context-shift"_s,
        u"With --context-window: answer a longer prompt with llama.cpp's error line instead."_s);
    const QCommandLineOption ignoreFormatOption(
        u"ignore-response-format"_s, u"Answer in plain text even when a JSON schema is asked."_s);
    const QCommandLineOption rpmOption(
        u"rpm"_s,
        u"Requests per rate window, as OpenAI's RPM limit: more is answered 429 (0: no limit)."_s,
        u"N"_s, u"0"_s);
    const QCommandLineOption tpmOption(u"tpm"_s,
                                       u"Tokens per rate window, as OpenAI's TPM limit, charged as "
                                       u"the prompt's characters / 4 plus "
                                       "max_completion_tokens (0: no limit)."_s,
                                       u"N"_s, u"0"_s);
    const QCommandLineOption rateWindowOption(
        u"rate-window-ms"_s,
        u"The window --rpm and --tpm count over, shorter to scale time down."_s, u"MS"_s,
        u"60000"_s);
    parser.addOptions({portOption, keyOption, delayOption, tokensOption, windowOption,
                       noShiftOption, ignoreFormatOption, rpmOption, tpmOption, rateWindowOption});
    parser.process(app);

    bool portOk = false;
    const quint16 port = parser.value(portOption).toUShort(&portOk);
    bool delayOk = false;
    const int delay = parser.value(delayOption).toInt(&delayOk);
    bool tokensOk = false;
    const int tokens = parser.value(tokensOption).toInt(&tokensOk);
    bool windowOk = false;
    const int window = parser.value(windowOption).toInt(&windowOk);
    bool rpmOk = false;
    const int rpm = parser.value(rpmOption).toInt(&rpmOk);
    bool tpmOk = false;
    const int tpm = parser.value(tpmOption).toInt(&tpmOk);
    bool rateWindowOk = false;
    const int rateWindow = parser.value(rateWindowOption).toInt(&rateWindowOk);
    if (!portOk || !delayOk || delay < 0 || !tokensOk || tokens < 0 || !windowOk || window < 0
        || !rpmOk || rpm < 0 || !tpmOk || tpm < 0 || !rateWindowOk || rateWindow <= 0) {
        std::fprintf(stderr,
                     "fake_model: --port, --chunk-delay, --reply-tokens, --context-window, --rpm "
                     "and --tpm take non-negative numbers, --rate-window-ms a positive one\n");
        return 2;
    }

    FakeModelServer server;
    if (parser.isSet(keyOption))
        server.setApiKey(parser.value(keyOption).toUtf8());
    else if (qEnvironmentVariableIsSet("FAKE_MODEL_API_KEY"))
        server.setApiKey(qgetenv("FAKE_MODEL_API_KEY"));
    server.setChunkDelay(delay);
    server.setReplyTokens(tokens);
    server.setContextWindow(window, parser.isSet(noShiftOption)
                                        ? FakeModelServer::Overflow::ErrorLine
                                        : FakeModelServer::Overflow::CutSilently);
    server.setIgnoresResponseFormat(parser.isSet(ignoreFormatOption));
    server.setRateLimits(rpm, tpm, std::chrono::milliseconds(rateWindow));
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
