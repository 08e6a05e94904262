// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/ModelServerInfo.h"
#include "domain/Result.h"
#include "generation/ModelEndpoint.h"

#include <QCoroTask>
#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QString>
#include <QUrl>

#include <chrono>
#include <optional>

class HttpTransport;

// Asks a model endpoint what it is: which server software (llama.cpp, Ollama, LM Studio, vLLM,
// OpenAI or another compatible server), the models it serves and the context window each really
// gets. One attempt per request, no retries, a short deadline; a route the server does not have
// only means that figure is unknown.
class ModelServerProbe : public QObject {
    Q_OBJECT

public:
    explicit ModelServerProbe(QObject *parent = nullptr);

    // Bounds one probe() or contextWindow() call as a whole (3 s unless set).
    void setDeadline(std::chrono::milliseconds deadline) { m_deadline = deadline; }
    std::chrono::milliseconds deadline() const { return m_deadline; }

    // The server behind `endpoint` and its models, each with its context size where the server
    // says it. The server's own routes (/props, /api/tags, /api/v0/models) are asked only of a
    // compatible server: OpenAI and Azure answer the model list alone. An error when nothing
    // answered, the key was refused, or what answered is no model server.
    QCoro::Task<Result<ModelServerInfo>> probe(ModelEndpoint endpoint);

    // The context window the server gives `endpoint.model`: llama.cpp's n_ctx per slot, Ollama's
    // num_ctx (else the context of the loaded model, else Ollama's default, see the .cpp), LM
    // Studio's loaded context (else the model's largest), vLLM's max_model_len. Nullopt when the
    // server does not say, or for OpenAI and Azure, which are not asked. Cheap enough to call
    // before each generation: the server's kind is remembered per base URL, so a repeat costs
    // one or two small requests.
    QCoro::Task<std::optional<int>> contextWindow(ModelEndpoint endpoint);

    // Ends every request in flight now.
    void cancel();

    // "http://127.0.0.1:11434/v1" → "http://127.0.0.1:11434": where a server's own routes live.
    static QUrl rootOf(const QUrl &baseUrl);
    // Ollama's context for a model whose Modelfile sets no num_ctx and that is not loaded.
    static constexpr int OllamaDefaultContext = 4096;

    // The figures from each route's answer (public for the parser tests).
    static std::optional<int> llamaCppSlotContext(const QJsonObject &props);
    static std::optional<int> ollamaNumCtx(const QJsonObject &show);
    static std::optional<int> ollamaModelMaximum(const QJsonObject &show);
    static std::optional<int> ollamaLoadedContext(const QJsonObject &ps, const QString &model);
    static std::optional<int> lmStudioContext(const QJsonObject &entry);

    // What identifying a server fetched (defined and used in the .cpp only).
    struct Answers;

private:
    using Kind = ModelServerInfo::Kind;

    HttpTransport *newTransport(std::chrono::milliseconds deadline);
    // GET (or POST `body` to) `url` with the endpoint's key: the JSON object answered, nullopt
    // for a 404 or anything that is not a JSON object, or the error (network, key refused, …).
    QCoro::Task<Result<std::optional<QJsonObject>>>
    fetch(HttpTransport *transport, QUrl url, ModelEndpoint endpoint, QByteArray body = {});
    QCoro::Task<Answers> identify(ModelEndpoint endpoint, std::chrono::milliseconds deadline);
    QCoro::Task<std::optional<int>> ollamaContext(ModelEndpoint endpoint, QString model,
                                                  std::chrono::milliseconds deadline);

    std::chrono::milliseconds m_deadline{3'000};
    QHash<QString, Kind> m_kinds; // by base URL, from the last probe that identified the server
};
