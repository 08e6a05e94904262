// SPDX-License-Identifier: GPL-3.0-or-later
// Streaming latency and prompt building. The fake model endpoint streams a structured answer at a
// fixed rate; for every piece of message text the benchmark measures the delay from the moment
// the server handed its bytes to the socket to (a) a bare QNetworkReply's readyRead (the floor
// any Qt client pays) and (b) MessageGenerator's messageDelta signal, in the same run. Then the
// time to build a prompt for a ticket with 10,000 interactions, next to serialising them once.
//
//   build/release/tests/bench/bench_generation [chunks-per-second=200] [reply-words=400]
// Exits with 1, saying what failed, when a step fails or measures nothing; 2 on bad arguments.
#include "FakeModelServer.h"
#include "crm/ContextAssembler.h"
#include "generation/JsonFieldStream.h"
#include "generation/MessageGenerator.h"
#include "generation/PromptBuilder.h"
#include "generation/SseDecoder.h"
#include "storage/CacheStore.h"
#include "storage/DemoWorkspace.h"
#include "support/AwaitTask.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTemporaryDir>
#include <QTextStream>

#include <algorithm>
#include <vector>

using namespace Qt::StringLiterals;

namespace {

QElapsedTimer clockTimer;

qint64 now() {
    return clockTimer.nsecsElapsed();
}

// What the server wrote: when, how many bytes so far, how much message text so far.
struct Written {
    qint64 at = 0;
    qint64 bytes = 0;
    qsizetype messageLength = 0;
};

struct Recorder {
    std::vector<Written> writes;
    SseDecoder decoder;
    JsonFieldStream message{QStringList{u"message"_s}};
    qint64 bytes = 0;

    void reset() {
        writes.clear();
        decoder.reset();
        message = JsonFieldStream(QStringList{u"message"_s});
        bytes = 0;
    }
    void written(const QByteArray &chunk) {
        const qint64 at = now();
        bytes += chunk.size();
        for (const SseEvent &event : decoder.feed(chunk)) {
            const QJsonObject object = QJsonDocument::fromJson(event.data).object();
            for (const QJsonValue &choice : object.value(u"choices"_s).toArray()) {
                const QJsonValue content =
                    choice.toObject().value(u"delta"_s).toObject().value(u"content"_s);
                if (content.isString())
                    message.feed(content.toString());
            }
        }
        writes.push_back({at, bytes, message.value(u"message"_s).size()});
    }
    // The first write after which at least `bytes` bytes / `length` characters were out.
    const Written *byBytes(qint64 count) const {
        const auto it = std::lower_bound(writes.cbegin(), writes.cend(), count,
                                         [](const Written &w, qint64 n) { return w.bytes < n; });
        return it == writes.cend() ? nullptr : &*it;
    }
    const Written *byMessage(qsizetype length) const {
        const auto it =
            std::lower_bound(writes.cbegin(), writes.cend(), length,
                             [](const Written &w, qsizetype n) { return w.messageLength < n; });
        return it == writes.cend() ? nullptr : &*it;
    }
};

struct Stats {
    double median = 0;
    double p99 = 0;
    size_t count = 0;
};

Stats stats(std::vector<double> values) {
    Stats result;
    result.count = values.size();
    if (values.empty())
        return result;
    std::sort(values.begin(), values.end());
    result.median = values[values.size() / 2];
    result.p99 = values[std::min(values.size() - 1, size_t(double(values.size()) * 0.99))];
    return result;
}

QString micro(double nanoseconds) {
    return QString::number(nanoseconds / 1000.0, 'f', 0) + u" µs"_s;
}

} // namespace

int main(int argc, char *argv[]) {
    QCoreApplication app(argc, argv);
    clockTimer.start();
    const QStringList args = app.arguments();
    bool rateOk = true;
    bool wordsOk = true;
    const double rate = args.size() > 1 ? args.at(1).toDouble(&rateOk) : 200.0;
    const int words = args.size() > 2 ? args.at(2).toInt(&wordsOk) : 400;
    QTextStream out(stdout);
    QTextStream err(stderr);
    if (!rateOk || !wordsOk || rate <= 0 || words < 1) {
        err << "usage: bench_generation [chunks-per-second > 0] [reply-words >= 1]\n";
        return 2;
    }
    const auto fail = [&err](const QString &what) {
        err << "bench_generation: " << what << '\n';
        return 1;
    };

    QTemporaryDir dir;
    auto cache = CacheStore::open(dir.filePath(u"cache.sqlite"_s));
    if (!cache.ok() || !DemoWorkspace::load(*cache.value()).ok())
        return fail(u"could not load the demo workspace into a cache"_s);
    ContextAssembler assembler(*cache.value(), nullptr);
    const Result<OutreachContext> context = awaitTask(assembler.assembleContext(u"T-1001"_s));
    if (!context.ok())
        return fail(u"context assembly: "_s + context.error().toString());

    FakeModelServer server;
    if (!server.start())
        return fail(u"could not start the fake model server"_s);
    server.setReplyTokens(words);
    server.setTokensPerSecond(rate);
    Recorder recorder;
    QObject::connect(&server, &FakeModelServer::streamBytesWritten, &server,
                     [&recorder](const QByteArray &bytes) { recorder.written(bytes); });

    // (b) MessageGenerator, end to end.
    MessageGenerator generator;
    ModelEndpoint endpoint;
    endpoint.provider = ModelEndpoint::Provider::Compatible;
    endpoint.baseUrl = server.openAiBaseUrl();
    endpoint.model = u"bench"_s;
    generator.setEndpoint(endpoint);
    std::vector<double> generatorDelays;
    qsizetype received = 0;
    QObject::connect(&generator, &MessageGenerator::messageDelta, &generator,
                     [&](const QString &text) {
                         const qint64 at = now();
                         received += text.size();
                         if (const Written *w = recorder.byMessage(received))
                             generatorDelays.push_back(double(at - w->at));
                     });
    const qint64 started = now();
    const GenerationResult result =
        awaitTask(generator.generateMessage(context.value(), u"Offer a demo next week"_s));
    const double seconds = double(now() - started) / 1e9;
    if (!result.ok())
        return fail(u"generation: "_s + result.error->toString());
    const size_t chunks = recorder.writes.size();

    // (a) The same request with a bare QNetworkReply: the floor.
    recorder.reset();
    const QJsonObject body = server.lastRequestBody();
    QNetworkAccessManager network;
    QNetworkRequest request(QUrl(server.openAiBaseUrl().toString() + u"/chat/completions"_s));
    request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
    QNetworkReply *reply = network.post(request, QJsonDocument(body).toJson());
    std::vector<double> bareDelays;
    qint64 bareBytes = 0;
    QObject::connect(reply, &QNetworkReply::readyRead, reply, [&] {
        const qint64 at = now();
        bareBytes += reply->readAll().size();
        if (const Written *w = recorder.byBytes(bareBytes))
            bareDelays.push_back(double(at - w->at));
    });
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    reply->deleteLater();
    if (reply->error() != QNetworkReply::NoError)
        return fail(u"the bare request: "_s + reply->errorString());
    if (generatorDelays.empty() || bareDelays.empty())
        return fail(
            u"no message text was measured (%1 deltas, %2 reads)"_s.arg(generatorDelays.size())
                .arg(bareDelays.size()));

    const Stats bare = stats(bareDelays);
    const Stats ours = stats(generatorDelays);
    out << "Streaming: " << chunks << " SSE chunks (" << words << " words of structured output, "
        << result.message.size() << " characters of message) at " << rate << " chunks/s in "
        << QString::number(seconds, 'f', 1) << " s" << Qt::endl;
    out << "  socket write -> bare QNetworkReply readyRead:   median " << micro(bare.median)
        << ", p99 " << micro(bare.p99) << "  (" << bare.count << " reads)" << Qt::endl;
    out << "  socket write -> MessageGenerator messageDelta:  median " << micro(ours.median)
        << ", p99 " << micro(ours.p99) << "  (" << ours.count << " deltas)" << Qt::endl;

    // Prompt building for a ticket with 10,000 interactions.
    OutreachContext big = context.value();
    const QList<Interaction> seed = big.interactions;
    big.interactions.clear();
    for (int i = 0; i < 10'000; ++i) {
        Interaction interaction = seed.at(i % seed.size());
        interaction.id = u"I-%1"_s.arg(100'000 + i);
        interaction.occurredAt = interaction.occurredAt.addSecs(-3600LL * i);
        big.interactions.append(interaction);
    }
    std::vector<double> buildTimes;
    std::vector<double> serialiseTimes;
    BuiltPrompt built;
    for (int run = 0; run < 7; ++run) {
        QElapsedTimer timer;
        timer.start();
        built = PromptBuilder::build(big, PromptOptions());
        buildTimes.push_back(double(timer.nsecsElapsed()) / 1e6);
        timer.restart();
        QJsonArray all;
        for (const Interaction &interaction : std::as_const(big.interactions))
            all.append(interaction.toJson());
        const QByteArray json = QJsonDocument(all).toJson(QJsonDocument::Compact);
        serialiseTimes.push_back(double(timer.nsecsElapsed()) / 1e6);
        Q_UNUSED(json);
    }
    out << "Prompt for 10,000 interactions (128k window): median "
        << QString::number(stats(buildTimes).median, 'f', 1) << " ms, " << built.estimatedTokens
        << " tokens, " << built.dropped.size()
        << " interactions left out; serialising all 10,000 to JSON once: median "
        << QString::number(stats(serialiseTimes).median, 'f', 1) << " ms" << Qt::endl;
    return 0;
}
