// SPDX-License-Identifier: GPL-3.0-or-later
// ModelServerProbe against the fake model server in each flavour (llama.cpp, Ollama, LM Studio,
// vLLM, OpenAI) on 127.0.0.1: which server it is, its models and their context windows, a key
// sent and refused, routes missing, junk answers, a dead port and a server that never answers.
#include "FakeHttpServer.h"
#include "FakeModelServer.h"
#include "HttpExchange.h"
#include "generation/ModelServerProbe.h"
#include "support/AwaitTask.h"
#include "support/ClosedPort.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QTcpServer>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

using Flavour = FakeModelServer::Flavour;
using Kind = ModelServerInfo::Kind;
using Model = FakeModelServer::Model;

namespace {

ModelEndpoint compatible(const QUrl &baseUrl, const QString &model = {}) {
    ModelEndpoint endpoint;
    endpoint.provider = ModelEndpoint::Provider::Compatible;
    endpoint.baseUrl = baseUrl;
    endpoint.model = model;
    return endpoint;
}

QStringList paths(const QList<RecordedRequest> &requests) {
    QStringList seen;
    for (const RecordedRequest &request : requests)
        seen.append(QString::fromLatin1(request.method) + u' ' + request.path);
    return seen;
}

} // namespace

class TestModelServerProbe : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void rootDropsTheV1();
    void parsesOllamaParameters();

    void llamaCppContextIsPerSlot();
    void ollamaPrefersNumCtxThenTheLoadedContextThenItsDefault();
    void lmStudioLoadedContextElseTheLargest();
    void vllmMaxModelLen();
    void otherCompatibleServerListsModelsWithoutContext();
    void rootAddressStillFindsTheServer();

    void openAiProviderAsksTheListOnlyAndSendsTheKey();
    void compatibleServerWithKeyGetsItOnEveryRoute();
    void refusedKeyIsAnAuthError();
    void junkAnswersAreNotAModelServer();
    void deadPortFailsQuickly();
    void silentServerIsBoundedByTheDeadline();

    void contextWindowRemembersTheKind();
    void contextWindowForgetsAServerThatChanged();
    void contextWindowUnknownModelOrProviderIsNullopt();

private:
    std::unique_ptr<FakeModelServer> m_server;
    std::unique_ptr<ModelServerProbe> m_probe;
};

void TestModelServerProbe::init() {
    m_server = std::make_unique<FakeModelServer>();
    QVERIFY(m_server->start());
    m_probe = std::make_unique<ModelServerProbe>();
}

void TestModelServerProbe::cleanup() {
    m_probe.reset();
    m_server.reset();
}

void TestModelServerProbe::rootDropsTheV1() {
    QCOMPARE(ModelServerProbe::rootOf(QUrl(u"http://127.0.0.1:11434/v1"_s)),
             QUrl(u"http://127.0.0.1:11434"_s));
    QCOMPARE(ModelServerProbe::rootOf(QUrl(u"http://127.0.0.1:8080/v1/"_s)),
             QUrl(u"http://127.0.0.1:8080"_s));
    QCOMPARE(ModelServerProbe::rootOf(QUrl(u"http://127.0.0.1/llm/v1"_s)),
             QUrl(u"http://127.0.0.1/llm"_s));
    QCOMPARE(ModelServerProbe::rootOf(QUrl(u"http://127.0.0.1:1234"_s)),
             QUrl(u"http://127.0.0.1:1234"_s));
}

void TestModelServerProbe::parsesOllamaParameters() {
    const QJsonObject show{
        {u"parameters"_s, u"stop \"<|eot_id|>\"\nnum_ctx                        16384\n"_s}};
    QCOMPARE(ModelServerProbe::ollamaNumCtx(show), std::optional<int>(16384));
    QCOMPARE(ModelServerProbe::ollamaNumCtx({{u"parameters"_s, u"num_ctx banana"_s}}),
             std::nullopt);
    QCOMPARE(ModelServerProbe::ollamaNumCtx({}), std::nullopt);
    const QJsonObject info{{u"model_info"_s, QJsonObject{{u"general.architecture"_s, u"qwen2"_s},
                                                         {u"qwen2.context_length"_s, 32768}}}};
    QCOMPARE(ModelServerProbe::ollamaModelMaximum(info), std::optional<int>(32768));
}

void TestModelServerProbe::llamaCppContextIsPerSlot() {
    m_server->setFlavour(Flavour::LlamaCpp);
    m_server->setSlotCount(4);
    m_server->setModels({Model{u"qwen2.5-7b-instruct"_s, 32768, 0, 0, u"llm"_s}});
    const Result<ModelServerInfo> info =
        awaitTask(m_probe->probe(compatible(m_server->openAiBaseUrl())));
    QVERIFY2(info.ok(), qPrintable(info.ok() ? QString() : info.error().message()));
    QCOMPARE(info->kind, Kind::LlamaCpp);
    QCOMPARE(info->kindName(), u"llama.cpp"_s);
    QCOMPARE(info->baseUrl, m_server->openAiBaseUrl());
    QCOMPARE(info->parallelSlots, 4);
    QCOMPARE(info->models.size(), 1);
    QCOMPARE(info->models.first().id, u"qwen2.5-7b-instruct"_s);
    QCOMPARE(info->models.first().contextTokens, 32768 / 4); // one slot's share
    QVERIFY(info->models.first().detail.contains(u"4 slot"_s));

    const std::optional<int> window = awaitTask(
        m_probe->contextWindow(compatible(m_server->openAiBaseUrl(), u"qwen2.5-7b-instruct"_s)));
    QCOMPARE(window, std::optional<int>(8192));
}

void TestModelServerProbe::ollamaPrefersNumCtxThenTheLoadedContextThenItsDefault() {
    m_server->setFlavour(Flavour::Ollama);
    m_server->setModels({
        Model{u"llama3.1"_s, 131072, 0, 8192, u"llm"_s},   // the Modelfile sets num_ctx
        Model{u"qwen2.5:7b"_s, 32768, 16384, 0, u"llm"_s}, // loaded with 16384
        Model{u"mistral:7b"_s, 32768, 0, 0, u"llm"_s},     // neither: Ollama's default
        Model{u"tinyllama:1b"_s, 2048, 0, 0, u"llm"_s},    // a model smaller than the default
        Model{u"gemma:2b"_s, 8192, 32768, 4096, u"llm"_s}, // num_ctx wins over a loaded figure
    });
    const Result<ModelServerInfo> info =
        awaitTask(m_probe->probe(compatible(m_server->openAiBaseUrl())));
    QVERIFY2(info.ok(), qPrintable(info.ok() ? QString() : info.error().message()));
    QCOMPARE(info->kind, Kind::Ollama);
    QCOMPARE(info->models.size(), 5);
    const auto context = [&](const QString &id) {
        const ServedModel *model = info->model(id);
        return model ? model->contextTokens : -1;
    };
    QCOMPARE(context(u"llama3.1:latest"_s), 8192);
    QCOMPARE(context(u"qwen2.5:7b"_s), 16384);
    QCOMPARE(context(u"mistral:7b"_s), ModelServerProbe::OllamaDefaultContext);
    QCOMPARE(context(u"tinyllama:1b"_s), 2048);
    QCOMPARE(context(u"gemma:2b"_s), 4096);
    QVERIFY(info->model(u"llama3.1:latest"_s)->detail.contains(u"131072"_s));
    QVERIFY(info->model(u"mistral:7b"_s)->detail.contains(u"default"_s));

    const std::optional<int> window =
        awaitTask(m_probe->contextWindow(compatible(m_server->openAiBaseUrl(), u"qwen2.5:7b"_s)));
    QCOMPARE(window, std::optional<int>(16384));
}

void TestModelServerProbe::lmStudioLoadedContextElseTheLargest() {
    m_server->setFlavour(Flavour::LmStudio);
    m_server->setModels(
        {Model{u"meta-llama-3.1-8b-instruct"_s, 131072, 8192, 0, u"llm"_s},
         Model{u"qwen2-vl-7b-instruct"_s, 32768, 0, 0, u"vlm"_s},
         Model{u"text-embedding-nomic-embed-text-v1.5"_s, 2048, 0, 0, u"embeddings"_s}});
    const Result<ModelServerInfo> info =
        awaitTask(m_probe->probe(compatible(m_server->openAiBaseUrl())));
    QVERIFY2(info.ok(), qPrintable(info.ok() ? QString() : info.error().message()));
    QCOMPARE(info->kind, Kind::LmStudio);
    QCOMPARE(info->models.size(), 2); // the embedding model cannot write a message
    QCOMPARE(info->models.at(0).contextTokens, 8192);
    QVERIFY(info->models.at(0).detail.startsWith(u"loaded"_s));
    QCOMPARE(info->models.at(1).contextTokens, 32768);
    QVERIFY(info->models.at(1).detail.startsWith(u"not loaded"_s));

    const std::optional<int> window = awaitTask(m_probe->contextWindow(
        compatible(m_server->openAiBaseUrl(), u"meta-llama-3.1-8b-instruct"_s)));
    QCOMPARE(window, std::optional<int>(8192));
}

void TestModelServerProbe::vllmMaxModelLen() {
    m_server->setFlavour(Flavour::Vllm);
    m_server->setModels({Model{u"Qwen/Qwen2.5-7B-Instruct"_s, 16384, 0, 0, u"llm"_s}});
    const Result<ModelServerInfo> info =
        awaitTask(m_probe->probe(compatible(m_server->openAiBaseUrl())));
    QVERIFY2(info.ok(), qPrintable(info.ok() ? QString() : info.error().message()));
    QCOMPARE(info->kind, Kind::Vllm);
    QCOMPARE(info->models.first().contextTokens, 16384);
    const std::optional<int> window = awaitTask(m_probe->contextWindow(
        compatible(m_server->openAiBaseUrl(), u"Qwen/Qwen2.5-7B-Instruct"_s)));
    QCOMPARE(window, std::optional<int>(16384));
}

void TestModelServerProbe::otherCompatibleServerListsModelsWithoutContext() {
    m_server->setModels({Model{u"local-proxy-model"_s, 8192, 0, 0, u"llm"_s}});
    const Result<ModelServerInfo> info =
        awaitTask(m_probe->probe(compatible(m_server->openAiBaseUrl())));
    QVERIFY2(info.ok(), qPrintable(info.ok() ? QString() : info.error().message()));
    // The server-specific routes all answered 404: only unknown, not a failure.
    QCOMPARE(info->kind, Kind::Compatible);
    QCOMPARE(info->models.size(), 1);
    QCOMPARE(info->models.first().contextTokens, 0);
    const std::optional<int> window = awaitTask(
        m_probe->contextWindow(compatible(m_server->openAiBaseUrl(), u"local-proxy-model"_s)));
    QCOMPARE(window, std::nullopt);
}

void TestModelServerProbe::rootAddressStillFindsTheServer() {
    m_server->setFlavour(Flavour::Ollama);
    m_server->setModels({Model{u"llama3.2"_s, 131072, 0, 0, u"llm"_s}});
    // Typed without /v1: /models is then missing, but the native list names the models.
    const Result<ModelServerInfo> info = awaitTask(m_probe->probe(compatible(m_server->baseUrl())));
    QVERIFY2(info.ok(), qPrintable(info.ok() ? QString() : info.error().message()));
    QCOMPARE(info->kind, Kind::Ollama);
    QCOMPARE(info->baseUrl, m_server->openAiBaseUrl());
    QCOMPARE(info->models.size(), 1);
    QCOMPARE(info->models.first().id, u"llama3.2:latest"_s);
}

void TestModelServerProbe::openAiProviderAsksTheListOnlyAndSendsTheKey() {
    m_server->setApiKey("sk-list-4d2"_ba);
    m_server->setModels({Model{u"gpt-4o-mini"_s, 128000, 0, 0, u"llm"_s},
                         Model{u"gpt-4.1"_s, 1047576, 0, 0, u"llm"_s}});
    ModelEndpoint endpoint;
    endpoint.provider = ModelEndpoint::Provider::OpenAI;
    endpoint.baseUrl = m_server->openAiBaseUrl();
    endpoint.apiKey = u"sk-list-4d2"_s;
    const Result<ModelServerInfo> info = awaitTask(m_probe->probe(endpoint));
    QVERIFY2(info.ok(), qPrintable(info.ok() ? QString() : info.error().message()));
    QCOMPARE(info->models.size(), 2);
    QCOMPARE(info->baseUrl, endpoint.baseUrl);
    const QList<RecordedRequest> requests = m_server->requests();
    QCOMPARE(paths(requests), QStringList{u"GET /v1/models"_s});
    QCOMPARE(requests.first().header("Authorization"), "Bearer sk-list-4d2"_ba);

    // Nothing to ask OpenAI about a context window.
    endpoint.model = u"gpt-4o-mini"_s;
    QCOMPARE(awaitTask(m_probe->contextWindow(endpoint)), std::nullopt);
    QCOMPARE(m_server->requests().size(), 1);
}

void TestModelServerProbe::compatibleServerWithKeyGetsItOnEveryRoute() {
    m_server->setFlavour(Flavour::Vllm);
    m_server->setApiKey("vllm-key"_ba);
    m_server->setModels({Model{u"served"_s, 65536, 0, 0, u"llm"_s}});
    ModelEndpoint endpoint = compatible(m_server->openAiBaseUrl());
    endpoint.apiKey = u"vllm-key"_s;
    const Result<ModelServerInfo> info = awaitTask(m_probe->probe(endpoint));
    QVERIFY2(info.ok(), qPrintable(info.ok() ? QString() : info.error().message()));
    QCOMPARE(info->kind, Kind::Vllm);
    QCOMPARE(info->models.first().contextTokens, 65536);
    const QList<RecordedRequest> requests = m_server->requests();
    QCOMPARE(requests.size(), 4);
    for (const RecordedRequest &request : requests)
        QCOMPARE(request.header("Authorization"), "Bearer vllm-key"_ba);
}

void TestModelServerProbe::refusedKeyIsAnAuthError() {
    m_server->setApiKey("right"_ba);
    m_server->setModels({Model{u"gpt-4o"_s, 128000, 0, 0, u"llm"_s}});
    ModelEndpoint endpoint = compatible(m_server->openAiBaseUrl());
    endpoint.apiKey = u"wrong"_s;
    const Result<ModelServerInfo> info = awaitTask(m_probe->probe(endpoint));
    QVERIFY(!info.ok());
    QCOMPARE(info.error().code(), OutreachError::Code::Auth);
    QCOMPARE(info.error().httpStatus(), 401);
}

void TestModelServerProbe::junkAnswersAreNotAModelServer() {
    FakeHttpServer junk;
    QVERIFY(junk.listen());
    const auto html = [](HttpExchange &exchange) {
        exchange.respond(200, "<html><body>Router login</body></html>"_ba,
                         {{"Content-Type"_ba, "text/html"_ba}});
    };
    for (const QString &path : {u"/v1/models"_s, u"/props"_s, u"/api/tags"_s, u"/api/v0/models"_s})
        junk.addRoute(path, "GET"_ba, path, html);
    QUrl base = junk.baseUrl();
    base.setPath(u"/v1"_s);
    const Result<ModelServerInfo> info = awaitTask(m_probe->probe(compatible(base)));
    QVERIFY(!info.ok());
    QCOMPARE(info.error().code(), OutreachError::Code::ApiError);
    QVERIFY2(info.error().message().contains(u"not like a model server"_s),
             qPrintable(info.error().message()));
    QCOMPARE(awaitTask(m_probe->contextWindow(compatible(base, u"x"_s))), std::nullopt);

    // JSON of the wrong shape is no better.
    FakeHttpServer wrongShape;
    QVERIFY(wrongShape.listen());
    wrongShape.addRoute(u"list"_s, "GET"_ba, u"/v1/models"_s, [](HttpExchange &exchange) {
        exchange.respond(200, R"({"data":"none","props":{"n_ctx":"big"}})"_ba,
                         {{"Content-Type"_ba, "application/json"_ba}});
    });
    QUrl other = wrongShape.baseUrl();
    other.setPath(u"/v1"_s);
    QVERIFY(!awaitTask(m_probe->probe(compatible(other))).ok());
}

void TestModelServerProbe::deadPortFailsQuickly() {
    const quint16 port = closedPort();
    QVERIFY(port != 0);
    QElapsedTimer clock;
    clock.start();
    const Result<ModelServerInfo> info =
        awaitTask(m_probe->probe(compatible(QUrl(u"http://127.0.0.1:%1/v1"_s.arg(port)))));
    QVERIFY(!info.ok());
    QCOMPARE(info.error().code(), OutreachError::Code::Network);
    // Refused at once: measured worst 2 ms under ASan (3 runs, 2 cores); the bound is a 250 ms
    // floor for scheduling noise rather than 3x that.
    QVERIFY2(clock.elapsed() < 250, qPrintable(QString::number(clock.elapsed())));
    QCOMPARE(awaitTask(m_probe->contextWindow(
                 compatible(QUrl(u"http://127.0.0.1:%1/v1"_s.arg(port)), u"m"_s))),
             std::nullopt);
}

void TestModelServerProbe::silentServerIsBoundedByTheDeadline() {
    FakeHttpServer silent;
    QVERIFY(silent.listen());
    for (const QString &path : {u"/v1/models"_s, u"/props"_s, u"/api/tags"_s, u"/api/v0/models"_s})
        silent.addRoute(path, "GET"_ba, path, [](HttpExchange &) {}); // never answers
    QUrl base = silent.baseUrl();
    base.setPath(u"/v1"_s);
    m_probe->setDeadline(400ms);
    QElapsedTimer clock;
    clock.start();
    const Result<ModelServerInfo> info = awaitTask(m_probe->probe(compatible(base)));
    QVERIFY(!info.ok());
    // Each ends at the 400 ms deadline: measured worst 410 ms under ASan (3 runs, 2 cores);
    // bounds 3x.
    QVERIFY2(clock.elapsed() < 1300, qPrintable(QString::number(clock.elapsed())));
    clock.restart();
    QCOMPARE(awaitTask(m_probe->contextWindow(compatible(base, u"m"_s))), std::nullopt);
    QVERIFY2(clock.elapsed() < 1300, qPrintable(QString::number(clock.elapsed())));
}

void TestModelServerProbe::contextWindowRemembersTheKind() {
    m_server->setFlavour(Flavour::LlamaCpp);
    m_server->setModels({Model{u"gguf"_s, 8192, 0, 0, u"llm"_s}});
    const ModelEndpoint endpoint = compatible(m_server->openAiBaseUrl(), u"gguf"_s);
    QCOMPARE(awaitTask(m_probe->contextWindow(endpoint)), std::optional<int>(8192));
    const qsizetype first = m_server->requests().size();
    QCOMPARE(first, 4); // identified: the four routes at once
    m_server->clearRequests();
    QCOMPARE(awaitTask(m_probe->contextWindow(endpoint)), std::optional<int>(8192));
    QCOMPARE(paths(m_server->requests()), QStringList{u"GET /props"_s});
}

void TestModelServerProbe::contextWindowForgetsAServerThatChanged() {
    m_server->setFlavour(Flavour::LlamaCpp);
    m_server->setModels({Model{u"m"_s, 8192, 0, 0, u"llm"_s}});
    const ModelEndpoint endpoint = compatible(m_server->openAiBaseUrl(), u"m"_s);
    QCOMPARE(awaitTask(m_probe->contextWindow(endpoint)), std::optional<int>(8192));
    // Another server on the same port now: /props is gone.
    m_server->setFlavour(Flavour::Vllm);
    QCOMPARE(awaitTask(m_probe->contextWindow(endpoint)), std::nullopt);
    QCOMPARE(awaitTask(m_probe->contextWindow(endpoint)), std::optional<int>(8192));
}

void TestModelServerProbe::contextWindowUnknownModelOrProviderIsNullopt() {
    m_server->setFlavour(Flavour::Ollama);
    m_server->setModels({Model{u"llama3.2"_s, 131072, 0, 0, u"llm"_s}});
    QCOMPARE(awaitTask(m_probe->contextWindow(compatible(m_server->openAiBaseUrl(), u"nope"_s))),
             std::nullopt);
    QCOMPARE(awaitTask(m_probe->contextWindow(compatible(m_server->openAiBaseUrl()))),
             std::nullopt);
    ModelEndpoint azure;
    azure.provider = ModelEndpoint::Provider::Azure;
    azure.baseUrl = m_server->baseUrl();
    azure.model = u"llama3.2"_s;
    m_server->clearRequests();
    QCOMPARE(awaitTask(m_probe->contextWindow(azure)), std::nullopt);
    QVERIFY(m_server->requests().isEmpty());
}

QTEST_GUILESS_MAIN(TestModelServerProbe)
#include "tst_modelserverprobe.moc"
