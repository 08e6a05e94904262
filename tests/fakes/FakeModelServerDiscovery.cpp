// SPDX-License-Identifier: GPL-3.0-or-later
// FakeModelServer's discovery routes: the model lists and server properties of llama.cpp,
// Ollama, LM Studio, vLLM and OpenAI, shaped as each server sends them.
#include "FakeModelServer.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

using Flavour = FakeModelServer::Flavour;

constexpr qint64 listedCreated = 1767225600; // 2026-01-01T00:00:00Z, as the completions use

QByteArray compactJson(const QJsonObject &object) {
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

HttpHeaders jsonHeaders() {
    return {{"Content-Type"_ba, "application/json; charset=utf-8"_ba}};
}

QString ollamaName(const QString &id) {
    return id.contains(u':') ? id : id + u":latest"_s;
}

// A stable made-up digest per model, as Ollama lists a sha256 for each.
QString digestOf(const QString &id) {
    QString digest = QString::fromLatin1(id.toUtf8().toHex());
    while (digest.size() < 64)
        digest += u'0';
    return digest.left(64);
}

QJsonObject ollamaDetails() {
    return {{u"parent_model"_s, u""_s},       {u"format"_s, u"gguf"_s},
            {u"family"_s, u"llama"_s},        {u"families"_s, QJsonArray{u"llama"_s}},
            {u"parameter_size"_s, u"8.0B"_s}, {u"quantization_level"_s, u"Q4_K_M"_s}};
}

} // namespace

void FakeModelServer::setFlavour(Flavour flavour) {
    m_flavour = flavour;
}

void FakeModelServer::setModels(const QList<Model> &models) {
    m_models = models;
}

void FakeModelServer::setSlotCount(int count) {
    m_slots = std::max(1, count);
}

int FakeModelServer::slotContext(const Model &model) const {
    return model.runContext > 0 ? model.runContext : model.contextLength / m_slots;
}

void FakeModelServer::addDiscoveryRoutes() {
    addRoute(u"discovery.models"_s, "GET"_ba, u"/v1/models"_s, [this](HttpExchange &exchange) {
        if (admitDiscovery(exchange, m_flavour))
            answerModelList(exchange);
    });
    addRoute(u"llamacpp.props"_s, "GET"_ba, u"/props"_s, [this](HttpExchange &exchange) {
        if (admitDiscovery(exchange, Flavour::LlamaCpp))
            answerProps(exchange);
    });
    addRoute(u"ollama.tags"_s, "GET"_ba, u"/api/tags"_s, [this](HttpExchange &exchange) {
        if (admitDiscovery(exchange, Flavour::Ollama))
            answerTags(exchange);
    });
    addRoute(u"ollama.show"_s, "POST"_ba, u"/api/show"_s, [this](HttpExchange &exchange) {
        if (admitDiscovery(exchange, Flavour::Ollama))
            answerShow(exchange);
    });
    addRoute(u"ollama.ps"_s, "GET"_ba, u"/api/ps"_s, [this](HttpExchange &exchange) {
        if (admitDiscovery(exchange, Flavour::Ollama))
            answerPs(exchange);
    });
    addRoute(u"lmstudio.models"_s, "GET"_ba, u"/api/v0/models"_s, [this](HttpExchange &exchange) {
        if (admitDiscovery(exchange, Flavour::LmStudio))
            answerLmStudioModels(exchange);
    });
}

bool FakeModelServer::admitDiscovery(HttpExchange &exchange, Flavour owner) {
    if (owner != m_flavour) {
        respondMissing(exchange);
        return false;
    }
    if (m_apiKey.isEmpty() || exchange.request().header("Authorization") == "Bearer "_ba + m_apiKey)
        return true;
    switch (m_flavour) {
    case Flavour::LlamaCpp:
        exchange.respond(
            401,
            compactJson({{u"error"_s, QJsonObject{{u"code"_s, 401},
                                                  {u"message"_s, u"Invalid API Key"_s},
                                                  {u"type"_s, u"authentication_error"_s}}}}),
            jsonHeaders());
        break;
    case Flavour::Vllm:
        exchange.respond(401, compactJson({{u"error"_s, u"Unauthorized"_s}}), jsonHeaders());
        break;
    default:
        exchange.respond(
            401,
            compactJson({{u"error"_s, QJsonObject{{u"message"_s, u"Incorrect API key provided."_s},
                                                  {u"type"_s, u"invalid_request_error"_s},
                                                  {u"param"_s, QJsonValue::Null},
                                                  {u"code"_s, u"invalid_api_key"_s}}}}),
            jsonHeaders());
        break;
    }
    return false;
}

void FakeModelServer::respondMissing(HttpExchange &exchange) const {
    const HttpRequest &request = exchange.request();
    const QString line = QString::fromLatin1(request.method) + u' ' + request.path;
    switch (m_flavour) {
    case Flavour::OpenAI:
        exchange.respond(
            404,
            compactJson(
                {{u"error"_s, QJsonObject{{u"message"_s, QString(u"Invalid URL ("_s + line + u')')},
                                          {u"type"_s, u"invalid_request_error"_s},
                                          {u"param"_s, QJsonValue::Null},
                                          {u"code"_s, QJsonValue::Null}}}}),
            jsonHeaders());
        break;
    case Flavour::LlamaCpp:
        exchange.respond(
            404,
            compactJson({{u"error"_s, QJsonObject{{u"code"_s, 404},
                                                  {u"message"_s, u"File Not Found"_s},
                                                  {u"type"_s, u"not_found_error"_s}}}}),
            jsonHeaders());
        break;
    case Flavour::Ollama: // Go's router: plain text
        exchange.respond(404, "404 page not found"_ba, {{"Content-Type"_ba, "text/plain"_ba}});
        break;
    case Flavour::LmStudio:
        exchange.respond(404,
                         compactJson({{u"error"_s, QString(u"Unexpected endpoint or method. ("_s
                                                           + line + u')')}}),
                         jsonHeaders());
        break;
    case Flavour::Vllm: // FastAPI
        exchange.respond(404, compactJson({{u"detail"_s, u"Not Found"_s}}), jsonHeaders());
        break;
    }
}

void FakeModelServer::answerModelList(HttpExchange &exchange) const {
    QJsonArray data;
    for (const Model &model : m_models) {
        QJsonObject entry{{u"id"_s, m_flavour == Flavour::Ollama ? ollamaName(model.id) : model.id},
                          {u"object"_s, u"model"_s}};
        switch (m_flavour) {
        case Flavour::OpenAI:
            entry.insert(u"created"_s, listedCreated);
            entry.insert(u"owned_by"_s, u"system"_s);
            break;
        case Flavour::LlamaCpp:
            entry.insert(u"created"_s, listedCreated);
            entry.insert(u"owned_by"_s, u"llamacpp"_s);
            entry.insert(u"meta"_s, QJsonObject{{u"vocab_type"_s, 2},
                                                {u"n_vocab"_s, 128256},
                                                {u"n_ctx_train"_s, model.contextLength},
                                                {u"n_embd"_s, 4096},
                                                {u"n_params"_s, 8030261312.0},
                                                {u"size"_s, 4912898304.0}});
            break;
        case Flavour::Ollama:
            entry.insert(u"created"_s, listedCreated);
            entry.insert(u"owned_by"_s, u"library"_s);
            break;
        case Flavour::LmStudio:
            entry.insert(u"owned_by"_s, u"organization_owner"_s);
            break;
        case Flavour::Vllm:
            entry.insert(u"created"_s, listedCreated);
            entry.insert(u"owned_by"_s, u"vllm"_s);
            entry.insert(u"root"_s, model.id);
            entry.insert(u"parent"_s, QJsonValue::Null);
            entry.insert(u"max_model_len"_s, model.contextLength);
            entry.insert(u"permission"_s,
                         QJsonArray{QJsonObject{{u"id"_s, u"modelperm-fake"_s},
                                                {u"object"_s, u"model_permission"_s},
                                                {u"created"_s, listedCreated},
                                                {u"allow_sampling"_s, true},
                                                {u"allow_view"_s, true},
                                                {u"organization"_s, u"*"_s}}});
            break;
        }
        data.append(entry);
    }
    exchange.respond(200, compactJson({{u"object"_s, u"list"_s}, {u"data"_s, data}}),
                     jsonHeaders());
}

void FakeModelServer::answerProps(HttpExchange &exchange) const {
    // llama-server serves one model; its n_ctx here is one slot's share of the context.
    const Model model =
        m_models.isEmpty() ? Model{u"model"_s, 4096, 0, 0, u"llm"_s} : m_models.first();
    const QJsonObject settings{{u"id"_s, 0},
                               {u"id_task"_s, -1},
                               {u"n_ctx"_s, slotContext(model)},
                               {u"speculative"_s, false},
                               {u"is_processing"_s, false},
                               {u"params"_s, QJsonObject{{u"n_predict"_s, -1},
                                                         {u"temperature"_s, 0.8},
                                                         {u"top_k"_s, 40},
                                                         {u"top_p"_s, 0.95}}}};
    exchange.respond(
        200,
        compactJson({{u"default_generation_settings"_s, settings},
                     {u"total_slots"_s, m_slots},
                     {u"model_alias"_s, model.id},
                     {u"model_path"_s, QString(u"/models/"_s + model.id + u".gguf"_s)},
                     {u"modalities"_s, QJsonObject{{u"vision"_s, false}, {u"audio"_s, false}}},
                     {u"chat_template"_s, u"{{ messages }}"_s},
                     {u"build_info"_s, u"b6000-fake"_s}}),
        jsonHeaders());
}

void FakeModelServer::answerTags(HttpExchange &exchange) const {
    QJsonArray listed;
    for (const Model &model : m_models) {
        const QString name = ollamaName(model.id);
        listed.append(QJsonObject{{u"name"_s, name},
                                  {u"model"_s, name},
                                  {u"modified_at"_s, u"2026-01-01T00:00:00Z"_s},
                                  {u"size"_s, 4920753328.0},
                                  {u"digest"_s, digestOf(name)},
                                  {u"details"_s, ollamaDetails()}});
    }
    exchange.respond(200, compactJson({{u"models"_s, listed}}), jsonHeaders());
}

void FakeModelServer::answerShow(HttpExchange &exchange) const {
    const QJsonObject body = QJsonDocument::fromJson(exchange.request().body).object();
    // Older clients send "name"; Ollama still takes it.
    QString wanted = body.value(u"model"_s).toString();
    if (wanted.isEmpty())
        wanted = body.value(u"name"_s).toString();
    for (const Model &model : m_models) {
        if (ollamaName(model.id) != ollamaName(wanted))
            continue;
        QString parameters = u"stop                           \"<|eot_id|>\""_s;
        if (model.numCtx > 0)
            parameters = u"num_ctx                        "_s + QString::number(model.numCtx)
                         + u'\n' + parameters;
        const QJsonObject info{{u"general.architecture"_s, u"llama"_s},
                               {u"general.parameter_count"_s, 8030261248.0},
                               {u"llama.block_count"_s, 32},
                               {u"llama.context_length"_s, model.contextLength},
                               {u"llama.embedding_length"_s, 4096}};
        exchange.respond(200,
                         compactJson({{u"modelfile"_s, QString(u"FROM "_s + ollamaName(model.id))},
                                      {u"parameters"_s, parameters},
                                      {u"template"_s, u"{{ .Prompt }}"_s},
                                      {u"details"_s, ollamaDetails()},
                                      {u"model_info"_s, info},
                                      {u"capabilities"_s, QJsonArray{u"completion"_s}},
                                      {u"modified_at"_s, u"2026-01-01T00:00:00Z"_s}}),
                         jsonHeaders());
        return;
    }
    exchange.respond(404,
                     compactJson({{u"error"_s, QString(u"model '"_s + wanted + u"' not found"_s)}}),
                     jsonHeaders());
}

void FakeModelServer::answerPs(HttpExchange &exchange) const {
    QJsonArray running;
    for (const Model &model : m_models) {
        if (model.runContext <= 0)
            continue;
        const QString name = ollamaName(model.id);
        running.append(QJsonObject{{u"name"_s, name},
                                   {u"model"_s, name},
                                   {u"size"_s, 5618579456.0},
                                   {u"digest"_s, digestOf(name)},
                                   {u"details"_s, ollamaDetails()},
                                   {u"expires_at"_s, u"2026-01-01T00:05:00Z"_s},
                                   {u"size_vram"_s, 5618579456.0},
                                   {u"context_length"_s, model.runContext}});
    }
    exchange.respond(200, compactJson({{u"models"_s, running}}), jsonHeaders());
}

void FakeModelServer::answerLmStudioModels(HttpExchange &exchange) const {
    QJsonArray data;
    for (const Model &model : m_models) {
        QJsonObject entry{{u"id"_s, model.id},
                          {u"object"_s, u"model"_s},
                          {u"type"_s, model.type},
                          {u"publisher"_s, u"lmstudio-community"_s},
                          {u"arch"_s, u"llama"_s},
                          {u"compatibility_type"_s, u"gguf"_s},
                          {u"quantization"_s, u"Q4_K_M"_s},
                          {u"state"_s, model.runContext > 0 ? u"loaded"_s : u"not-loaded"_s},
                          {u"max_context_length"_s, model.contextLength}};
        if (model.runContext > 0)
            entry.insert(u"loaded_context_length"_s, model.runContext);
        data.append(entry);
    }
    exchange.respond(200, compactJson({{u"object"_s, u"list"_s}, {u"data"_s, data}}),
                     jsonHeaders());
}
