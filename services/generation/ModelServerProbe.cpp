// SPDX-License-Identifier: GPL-3.0-or-later
#include "generation/ModelServerProbe.h"

#include "net/HttpTransport.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QPointer>
#include <QRegularExpression>

#include <algorithm>
#include <limits>

using namespace Qt::StringLiterals;

// What the server-specific routes answered while identifying the server; a route the server
// does not have is nullopt.
struct ModelServerProbe::Answers {
    std::optional<QJsonObject> models;   // {base}/models, the OpenAI list
    std::optional<QJsonObject> props;    // llama.cpp {root}/props
    std::optional<QJsonObject> tags;     // Ollama {root}/api/tags
    std::optional<QJsonObject> lmModels; // LM Studio {root}/api/v0/models
    std::optional<OutreachError> error;  // the first failure other than a missing route
    bool reached = false;                // something answered at all, if only with a 404
    Kind kind = Kind::Unknown;
};

namespace {

using Kind = ModelServerInfo::Kind;

std::optional<int> positiveInt(const QJsonValue &value) {
    if (!value.isDouble())
        return std::nullopt;
    const double number = value.toDouble();
    if (number < 1 || number > double(std::numeric_limits<int>::max()))
        return std::nullopt;
    return int(number);
}

QUrl withPath(QUrl url, const QString &tail) {
    QString path = url.path();
    while (path.endsWith(u'/'))
        path.chop(1);
    url.setPath(path + tail);
    url.setQuery(QString());
    url.setFragment(QString());
    return url;
}

QJsonArray dataOf(const std::optional<QJsonObject> &list) {
    return list ? list->value(u"data"_s).toArray() : QJsonArray();
}

// The entry of an OpenAI-shaped list (or LM Studio's) whose id is `id`.
std::optional<QJsonObject> entryFor(const std::optional<QJsonObject> &list, const QString &id) {
    for (const QJsonValue &value : dataOf(list)) {
        const QJsonObject entry = value.toObject();
        if (entry.value(u"id"_s).toString() == id)
            return entry;
    }
    return std::nullopt;
}

// LM Studio lists embedding models beside the ones that chat; those cannot write a message.
bool isEmbedding(const QJsonObject &lmEntry) {
    return lmEntry.value(u"type"_s).toString().startsWith(u"embedding"_s);
}

// The order matters: llama.cpp also answers some of Ollama's routes and lists its model with an
// Ollama-style "models" array, and every server here answers the OpenAI list.
Kind kindOf(const ModelServerProbe::Answers &answers, const ModelEndpoint &endpoint) {
    if (answers.props
        && (answers.props->value(u"default_generation_settings"_s).isObject()
            || answers.props->contains(u"total_slots"_s)))
        return Kind::LlamaCpp;
    if (answers.lmModels && answers.lmModels->value(u"data"_s).isArray())
        return Kind::LmStudio;
    if (answers.tags && answers.tags->value(u"models"_s).isArray())
        return Kind::Ollama;
    if (!answers.models || !answers.models->value(u"data"_s).isArray())
        return Kind::Unknown;
    for (const QJsonValue &value : dataOf(answers.models)) {
        const QJsonObject entry = value.toObject();
        const QString owner = entry.value(u"owned_by"_s).toString();
        if (owner == u"vllm" || entry.contains(u"max_model_len"_s))
            return Kind::Vllm;
        if (owner == u"llamacpp")
            return Kind::LlamaCpp;
    }
    if (endpoint.baseUrl.host().compare(u"api.openai.com"_s, Qt::CaseInsensitive) == 0)
        return Kind::OpenAI;
    return Kind::Compatible;
}

// One Ollama model's context as its OpenAI API uses it, and the note beside it.
std::pair<std::optional<int>, QString> ollamaFigure(const std::optional<QJsonObject> &show,
                                                    const std::optional<QJsonObject> &ps,
                                                    const QString &model) {
    if (!show)
        return {std::nullopt, QString()};
    const std::optional<int> maximum = ModelServerProbe::ollamaModelMaximum(*show);
    const QString largest = maximum ? ModelServerProbe::tr("largest %1").arg(*maximum) : QString();
    // The Modelfile's num_ctx is what every request without options gets, and the OpenAI API
    // sends none.
    if (const std::optional<int> numCtx = ModelServerProbe::ollamaNumCtx(*show))
        return {numCtx, largest};
    // Loaded: the context Ollama allocated, which already reflects OLLAMA_CONTEXT_LENGTH or the
    // memory-based default, neither of which the API reports otherwise.
    if (ps) {
        if (const std::optional<int> loaded = ModelServerProbe::ollamaLoadedContext(*ps, model))
            return {loaded, largest.isEmpty() ? ModelServerProbe::tr("loaded")
                                              : ModelServerProbe::tr("loaded, %1").arg(largest)};
    }
    // Otherwise Ollama's default applies; the smallest it documents, never above the model's.
    const int fallback = maximum ? std::min(*maximum, ModelServerProbe::OllamaDefaultContext)
                                 : ModelServerProbe::OllamaDefaultContext;
    return {fallback, largest.isEmpty()
                          ? ModelServerProbe::tr("Ollama's default")
                          : ModelServerProbe::tr("Ollama's default, %1").arg(largest)};
}

// The context of `model` from what identification already fetched (all kinds but Ollama,
// which needs a request per model).
std::optional<int> contextFrom(Kind kind, const ModelServerProbe::Answers &answers,
                               const QString &model) {
    switch (kind) {
    case Kind::LlamaCpp:
        return answers.props ? ModelServerProbe::llamaCppSlotContext(*answers.props) : std::nullopt;
    case Kind::LmStudio:
        if (const std::optional<QJsonObject> entry = entryFor(answers.lmModels, model))
            return ModelServerProbe::lmStudioContext(*entry);
        return std::nullopt;
    case Kind::Vllm:
        if (const std::optional<QJsonObject> entry = entryFor(answers.models, model))
            return positiveInt(entry->value(u"max_model_len"_s));
        return std::nullopt;
    default:
        return std::nullopt;
    }
}

} // namespace

ModelServerProbe::ModelServerProbe(QObject *parent)
    : QObject(parent) {}

QUrl ModelServerProbe::rootOf(const QUrl &baseUrl) {
    QUrl root = baseUrl;
    QString path = root.path();
    while (path.endsWith(u'/'))
        path.chop(1);
    if (path.endsWith(u"/v1"_s))
        path.chop(3);
    root.setPath(path);
    root.setQuery(QString());
    root.setFragment(QString());
    return root;
}

std::optional<int> ModelServerProbe::llamaCppSlotContext(const QJsonObject &props) {
    // n_ctx here is one slot's share: with --parallel 4 and -c 16384 each request gets 4096.
    return positiveInt(props.value(u"default_generation_settings"_s).toObject().value(u"n_ctx"_s));
}

std::optional<int> ModelServerProbe::ollamaNumCtx(const QJsonObject &show) {
    // "parameters" is the Modelfile's PARAMETER lines as text: "num_ctx    8192\nstop …".
    static const QRegularExpression space(u"\\s+"_s);
    const QStringList lines = show.value(u"parameters"_s).toString().split(u'\n');
    for (const QString &line : lines) {
        const QStringList words = line.trimmed().split(space, Qt::SkipEmptyParts);
        if (words.size() >= 2 && words.first() == u"num_ctx") {
            bool ok = false;
            const int value = words.at(1).toInt(&ok);
            if (ok && value > 0)
                return value;
        }
    }
    return std::nullopt;
}

std::optional<int> ModelServerProbe::ollamaModelMaximum(const QJsonObject &show) {
    const QJsonObject info = show.value(u"model_info"_s).toObject();
    const QString architecture = info.value(u"general.architecture"_s).toString();
    if (!architecture.isEmpty()) {
        if (const std::optional<int> maximum =
                positiveInt(info.value(architecture + u".context_length"_s)))
            return maximum;
    }
    for (auto it = info.constBegin(); it != info.constEnd(); ++it) {
        if (it.key().endsWith(u".context_length"_s))
            return positiveInt(it.value());
    }
    return std::nullopt;
}

std::optional<int> ModelServerProbe::ollamaLoadedContext(const QJsonObject &ps,
                                                         const QString &model) {
    for (const QJsonValue &value : ps.value(u"models"_s).toArray()) {
        const QJsonObject running = value.toObject();
        if (running.value(u"name"_s).toString() == model
            || running.value(u"model"_s).toString() == model)
            return positiveInt(running.value(u"context_length"_s));
    }
    return std::nullopt;
}

std::optional<int> ModelServerProbe::lmStudioContext(const QJsonObject &entry) {
    if (const std::optional<int> loaded = positiveInt(entry.value(u"loaded_context_length"_s)))
        return loaded;
    return positiveInt(entry.value(u"max_context_length"_s));
}

HttpTransport *ModelServerProbe::newTransport(std::chrono::milliseconds deadline) {
    // Owned by this probe: destroying it drops the requests, and the coroutines waiting on them
    // are then never resumed (HttpTransport's lifetime rule).
    auto *transport = new HttpTransport(tr("the model server"), this);
    HttpLimits limits;
    limits.deadline = deadline;
    limits.inactivity = deadline;
    // Ollama's /api/show carries the template and licence; a few MiB is still plenty.
    limits.maxBodyBytes = 4 * 1024 * 1024;
    transport->setLimits(limits);
    RetryPolicy once;
    once.maxRetries = 0;
    transport->setRetryPolicy(once);
    return transport;
}

QCoro::Task<Result<std::optional<QJsonObject>>> ModelServerProbe::fetch(HttpTransport *transport,
                                                                        QUrl url,
                                                                        ModelEndpoint endpoint,
                                                                        QByteArray body) {
    if (url.isEmpty())
        co_return std::optional<QJsonObject>();
    OutgoingRequest request;
    request.method = body.isNull() ? "GET"_ba : "POST"_ba;
    request.url = url;
    request.headers = endpoint.authHeaders();
    request.headers.append({"Accept"_ba, "application/json"_ba});
    if (!body.isNull())
        request.headers.append({"Content-Type"_ba, "application/json"_ba});
    request.body = body;
    QCoro::Task<Result<IncomingResponse>> sending = transport->send(request);
    const Result<IncomingResponse> response = co_await sending;
    if (!response.ok()) {
        const int status = response.error().httpStatus();
        // A route this server does not have (or a model it does not know): only unknown.
        if (status >= 400 && status < 500 && status != 401 && status != 403 && status != 429)
            co_return std::optional<QJsonObject>();
        co_return response.error();
    }
    const QJsonDocument json = QJsonDocument::fromJson(response->body);
    if (!json.isObject())
        co_return std::optional<QJsonObject>();
    co_return std::optional<QJsonObject>(json.object());
}

QCoro::Task<ModelServerProbe::Answers>
ModelServerProbe::identify(ModelEndpoint endpoint, std::chrono::milliseconds deadline) {
    HttpTransport *transport = newTransport(deadline);
    const bool compatible = endpoint.provider == ModelEndpoint::Provider::Compatible;
    const QUrl root = rootOf(endpoint.baseUrl);
    const auto route = [&](const QString &path) {
        return compatible ? withPath(root, path) : QUrl();
    };
    // All at once: the coroutines start on the call, so the four requests are in flight together.
    QCoro::Task<Result<std::optional<QJsonObject>>> models =
        fetch(transport, withPath(endpoint.baseUrl, u"/models"_s), endpoint);
    QCoro::Task<Result<std::optional<QJsonObject>>> props =
        fetch(transport, route(u"/props"_s), endpoint);
    QCoro::Task<Result<std::optional<QJsonObject>>> tags =
        fetch(transport, route(u"/api/tags"_s), endpoint);
    QCoro::Task<Result<std::optional<QJsonObject>>> lmModels =
        fetch(transport, route(u"/api/v0/models"_s), endpoint);

    Answers answers;
    const auto take = [&answers](const Result<std::optional<QJsonObject>> &result,
                                 std::optional<QJsonObject> &into) {
        if (result.ok()) {
            answers.reached = true;
            into = result.value();
            return;
        }
        if (result.error().httpStatus() != 0)
            answers.reached = true;
        if (!answers.error)
            answers.error = result.error();
    };
    const Result<std::optional<QJsonObject>> modelsAnswer = co_await std::move(models);
    take(modelsAnswer, answers.models);
    const Result<std::optional<QJsonObject>> propsAnswer = co_await std::move(props);
    take(propsAnswer, answers.props);
    const Result<std::optional<QJsonObject>> tagsAnswer = co_await std::move(tags);
    take(tagsAnswer, answers.tags);
    const Result<std::optional<QJsonObject>> lmAnswer = co_await std::move(lmModels);
    take(lmAnswer, answers.lmModels);
    transport->deleteLater();
    answers.kind = kindOf(answers, endpoint);
    co_return answers;
}

QCoro::Task<std::optional<int>>
ModelServerProbe::ollamaContext(ModelEndpoint endpoint, QString model,
                                std::chrono::milliseconds deadline) {
    HttpTransport *transport = newTransport(deadline);
    const QUrl root = rootOf(endpoint.baseUrl);
    const QByteArray body =
        QJsonDocument(QJsonObject{{u"model"_s, model}}).toJson(QJsonDocument::Compact);
    QCoro::Task<Result<std::optional<QJsonObject>>> showing =
        fetch(transport, withPath(root, u"/api/show"_s), endpoint, body);
    QCoro::Task<Result<std::optional<QJsonObject>>> running =
        fetch(transport, withPath(root, u"/api/ps"_s), endpoint);
    const Result<std::optional<QJsonObject>> show = co_await std::move(showing);
    const Result<std::optional<QJsonObject>> ps = co_await std::move(running);
    transport->deleteLater();
    if (!show.ok())
        co_return std::nullopt;
    co_return ollamaFigure(show.value(), ps.ok() ? ps.value() : std::nullopt, model).first;
}

QCoro::Task<Result<ModelServerInfo>> ModelServerProbe::probe(ModelEndpoint endpoint) {
    if (!endpoint.baseUrl.isValid() || endpoint.baseUrl.host().isEmpty())
        co_return OutreachError(OutreachError::Code::ApiError,
                                tr("Enter the server's address, e.g. http://localhost:8080/v1."));
    QPointer<ModelServerProbe> self(this);
    QElapsedTimer clock;
    clock.start();
    QCoro::Task<Answers> identifying = identify(endpoint, m_deadline);
    const Answers answers = co_await std::move(identifying);
    if (!self)
        co_return OutreachError(OutreachError::Code::Cancelled, tr("Stopped."));

    const QString key = endpoint.baseUrl.toString(QUrl::StripTrailingSlash);
    if (answers.kind == Kind::Unknown) {
        m_kinds.remove(key);
        if (answers.error && (!answers.reached || answers.error->httpStatus() != 0))
            co_return *answers.error;
        co_return OutreachError(
            OutreachError::Code::ApiError,
            tr("Something answered at %1, but not like a model server: check the address (it "
               "usually ends in /v1).")
                .arg(endpoint.baseUrl.toString()));
    }
    m_kinds.insert(key, answers.kind);

    ModelServerInfo info;
    info.kind = answers.kind;
    // The local servers all serve the OpenAI API under /v1 of their root, whatever was typed.
    const bool local = answers.kind == Kind::LlamaCpp || answers.kind == Kind::Ollama
                       || answers.kind == Kind::LmStudio || answers.kind == Kind::Vllm;
    info.baseUrl = local ? withPath(rootOf(endpoint.baseUrl), u"/v1"_s) : endpoint.baseUrl;

    QStringList ids;
    for (const QJsonValue &value : dataOf(answers.models)) {
        const QString id = value.toObject().value(u"id"_s).toString();
        if (!id.isEmpty() && !ids.contains(id))
            ids.append(id);
    }

    switch (answers.kind) {
    case Kind::LlamaCpp: {
        const std::optional<int> context =
            answers.props ? llamaCppSlotContext(*answers.props) : std::nullopt;
        info.parallelSlots =
            answers.props ? positiveInt(answers.props->value(u"total_slots"_s)).value_or(0) : 0;
        const QString detail = info.parallelSlots > 1
                                   ? tr("per slot, %n slot(s)", nullptr, info.parallelSlots)
                                   : QString();
        for (const QString &id : std::as_const(ids))
            info.models.append({id, context.value_or(0), detail});
        break;
    }
    case Kind::LmStudio:
        for (const QJsonValue &value : dataOf(answers.lmModels)) {
            const QJsonObject entry = value.toObject();
            const QString id = entry.value(u"id"_s).toString();
            if (id.isEmpty() || isEmbedding(entry))
                continue;
            const bool loaded = entry.value(u"state"_s).toString() == u"loaded";
            const std::optional<int> maximum = positiveInt(entry.value(u"max_context_length"_s));
            QString detail = loaded ? tr("loaded") : tr("not loaded");
            if (maximum)
                detail += u", "_s + tr("largest %1").arg(*maximum);
            info.models.append({id, lmStudioContext(entry).value_or(0), detail});
        }
        break;
    case Kind::Vllm:
        for (const QString &id : std::as_const(ids))
            info.models.append({id, contextFrom(Kind::Vllm, answers, id).value_or(0), QString()});
        break;
    case Kind::Ollama: {
        if (ids.isEmpty()) {
            for (const QJsonValue &value : answers.tags->value(u"models"_s).toArray()) {
                const QString name = value.toObject().value(u"name"_s).toString();
                if (!name.isEmpty())
                    ids.append(name);
            }
        }
        const auto left =
            std::chrono::milliseconds(std::max<qint64>(250, m_deadline.count() - clock.elapsed()));
        HttpTransport *transport = newTransport(left);
        const QUrl root = rootOf(endpoint.baseUrl);
        QCoro::Task<Result<std::optional<QJsonObject>>> running =
            fetch(transport, withPath(root, u"/api/ps"_s), endpoint);
        std::vector<QCoro::Task<Result<std::optional<QJsonObject>>>> shows;
        shows.reserve(size_t(ids.size()));
        for (const QString &id : std::as_const(ids))
            shows.push_back(
                fetch(transport, withPath(root, u"/api/show"_s), endpoint,
                      QJsonDocument(QJsonObject{{u"model"_s, id}}).toJson(QJsonDocument::Compact)));
        const Result<std::optional<QJsonObject>> ps = co_await std::move(running);
        for (qsizetype i = 0; i < ids.size(); ++i) {
            const Result<std::optional<QJsonObject>> show = co_await std::move(shows[size_t(i)]);
            const auto [context, detail] =
                ollamaFigure(show.ok() ? show.value() : std::nullopt,
                             ps.ok() ? ps.value() : std::nullopt, ids.at(i));
            info.models.append({ids.at(i), context.value_or(0), detail});
        }
        if (!self)
            co_return OutreachError(OutreachError::Code::Cancelled, tr("Stopped."));
        transport->deleteLater();
        break;
    }
    case Kind::OpenAI:
    case Kind::Compatible:
    case Kind::Unknown:
        for (const QString &id : std::as_const(ids))
            info.models.append({id, 0, QString()});
        break;
    }
    co_return info;
}

QCoro::Task<std::optional<int>> ModelServerProbe::contextWindow(ModelEndpoint endpoint) {
    // OpenAI's and Azure's lists give no context sizes: nothing to ask.
    if (endpoint.provider != ModelEndpoint::Provider::Compatible || endpoint.model.isEmpty()
        || !endpoint.baseUrl.isValid() || endpoint.baseUrl.host().isEmpty())
        co_return std::nullopt;
    QPointer<ModelServerProbe> self(this);
    QElapsedTimer clock;
    clock.start();
    const QString key = endpoint.baseUrl.toString(QUrl::StripTrailingSlash);
    const Kind known = m_kinds.value(key, Kind::Unknown);

    Answers answers;
    if (known == Kind::Unknown) {
        QCoro::Task<Answers> identifying = identify(endpoint, m_deadline);
        answers = co_await std::move(identifying);
        if (!self)
            co_return std::nullopt;
        if (answers.kind == Kind::Unknown)
            co_return std::nullopt;
        m_kinds.insert(key, answers.kind);
    } else if (known != Kind::Ollama) {
        // Only the one route that holds the figure.
        HttpTransport *transport = newTransport(m_deadline);
        const QUrl url = known == Kind::LlamaCpp ? withPath(rootOf(endpoint.baseUrl), u"/props"_s)
                         : known == Kind::LmStudio
                             ? withPath(rootOf(endpoint.baseUrl), u"/api/v0/models"_s)
                         : known == Kind::Vllm ? withPath(endpoint.baseUrl, u"/models"_s)
                                               : QUrl();
        if (url.isEmpty()) {
            transport->deleteLater();
            co_return std::nullopt;
        }
        QCoro::Task<Result<std::optional<QJsonObject>>> fetching = fetch(transport, url, endpoint);
        const Result<std::optional<QJsonObject>> fetched = co_await std::move(fetching);
        if (!self)
            co_return std::nullopt;
        transport->deleteLater();
        // Gone, or now something else on that address: identify it afresh next time.
        if (!fetched.ok() || !fetched.value()) {
            m_kinds.remove(key);
            co_return std::nullopt;
        }
        answers.kind = known;
        (known == Kind::LlamaCpp   ? answers.props
         : known == Kind::LmStudio ? answers.lmModels
                                   : answers.models) = fetched.value();
    } else {
        answers.kind = Kind::Ollama;
    }

    if (answers.kind != Kind::Ollama)
        co_return contextFrom(answers.kind, answers, endpoint.model);
    const auto left =
        std::chrono::milliseconds(std::max<qint64>(250, m_deadline.count() - clock.elapsed()));
    QCoro::Task<std::optional<int>> asking = ollamaContext(endpoint, endpoint.model, left);
    const std::optional<int> context = co_await std::move(asking);
    co_return context;
}

void ModelServerProbe::cancel() {
    const QList<HttpTransport *> transports = findChildren<HttpTransport *>();
    for (HttpTransport *transport : transports)
        transport->abortAll();
}
