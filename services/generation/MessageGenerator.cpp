// SPDX-License-Identifier: GPL-3.0-or-later
#include "generation/MessageGenerator.h"

#include "generation/CompletionStream.h"
#include "net/HttpTransport.h"
#include "platform/LogCategories.h"
#include "platform/LogRedaction.h"
#include "review/ComplianceChecker.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QSettings>

#include <cmath>

using namespace Qt::StringLiterals;

namespace {

QJsonObject outputSchema() {
    const QJsonObject text{{u"type"_s, u"string"_s}};
    return QJsonObject{
        {u"type"_s, u"object"_s},
        {u"properties"_s,
         QJsonObject{
             {u"subject"_s, text},
             {u"message"_s, text},
             {u"used_context"_s, QJsonObject{{u"type"_s, u"array"_s}, {u"items"_s, text}}},
             {u"suggested_follow_up"_s, text},
         }},
        {u"required"_s,
         QJsonArray{u"subject"_s, u"message"_s, u"used_context"_s, u"suggested_follow_up"_s}},
        {u"additionalProperties"_s, false},
    };
}

} // namespace

MessageGenerator::MessageGenerator(QObject *parent)
    : QObject(parent)
    , m_transport(new HttpTransport(tr("the model endpoint"), this)) {
    HttpLimits limits;
    limits.inactivity = std::chrono::seconds(60); // reset by every byte, keep-alives included
    limits.deadline = std::chrono::minutes(10);
    m_transport->setLimits(limits);
    connect(m_transport, &HttpTransport::retrying, this, &MessageGenerator::retrying);
}

qsizetype MessageGenerator::maxAnswerCharacters(int maxOutputTokens) {
    return std::clamp<qsizetype>(qsizetype(std::max(0, maxOutputTokens)) * 16, 64 * 1024,
                                 MaxContentCharacters);
}

MessageGenerator::~MessageGenerator() = default;

void MessageGenerator::setEndpoint(const ModelEndpoint &endpoint) {
    m_endpoint = endpoint;
    LogRedaction::addSecret(endpoint.apiKey);
}

void MessageGenerator::cancel() {
    m_transport->abortAll();
}

MessageGenerator::Quirks MessageGenerator::loadQuirks() const {
    Quirks quirks;
    if (!m_quirks)
        return quirks;
    const QString prefix = u"model/quirks/%1/"_s.arg(m_endpoint.quirkKey());
    quirks.omitTemperature = m_quirks->value(prefix + u"omitTemperature"_s, false).toBool();
    quirks.useMaxTokens = m_quirks->value(prefix + u"useMaxTokens"_s, false).toBool();
    quirks.noResponseFormat = m_quirks->value(prefix + u"noResponseFormat"_s, false).toBool();
    quirks.noLogprobs = m_quirks->value(prefix + u"noLogprobs"_s, false).toBool();
    return quirks;
}

void MessageGenerator::saveQuirks(const Quirks &quirks) const {
    if (!m_quirks)
        return;
    const QString prefix = u"model/quirks/%1/"_s.arg(m_endpoint.quirkKey());
    m_quirks->setValue(prefix + u"omitTemperature"_s, quirks.omitTemperature);
    m_quirks->setValue(prefix + u"useMaxTokens"_s, quirks.useMaxTokens);
    m_quirks->setValue(prefix + u"noResponseFormat"_s, quirks.noResponseFormat);
    m_quirks->setValue(prefix + u"noLogprobs"_s, quirks.noLogprobs);
}

bool MessageGenerator::adaptTo(const OutreachError &error, Quirks &quirks) {
    if (error.httpStatus() != 400)
        return false;
    const QString param = error.serverParam();
    const QString code = error.serverCode();
    const bool unsupported = code == u"unsupported_parameter"_s || code == u"unsupported_value"_s
                             || code == u"invalid_request_error"_s || !param.isEmpty();
    if (!unsupported)
        return false;
    const Quirks before = quirks;
    // Some servers name the parameter only in the message.
    const auto names = [&](const QString &name) {
        return param == name || (param.isEmpty() && error.message().contains(name));
    };
    if (names(u"max_completion_tokens"_s))
        quirks.useMaxTokens = true;
    else if (names(u"max_tokens"_s))
        quirks.useMaxTokens = false;
    else if (names(u"temperature"_s))
        quirks.omitTemperature = true;
    else if (names(u"response_format"_s) || names(u"json_schema"_s))
        quirks.noResponseFormat = true;
    else if (names(u"logprobs"_s) || names(u"top_logprobs"_s))
        quirks.noLogprobs = true;
    return !(quirks == before);
}

QByteArray MessageGenerator::requestBody(const BuiltPrompt &prompt, const Quirks &quirks) const {
    QJsonObject body{
        {u"model"_s, m_endpoint.model},
        {u"messages"_s,
         QJsonArray{QJsonObject{{u"role"_s, u"system"_s}, {u"content"_s, prompt.system}},
                    QJsonObject{{u"role"_s, u"user"_s}, {u"content"_s, prompt.user}}}},
        {u"stream"_s, true},
        {u"stream_options"_s, QJsonObject{{u"include_usage"_s, true}}},
    };
    body.insert(quirks.useMaxTokens ? u"max_tokens"_s : u"max_completion_tokens"_s,
                m_endpoint.maxOutputTokens);
    if (!quirks.omitTemperature)
        body.insert(u"temperature"_s, m_endpoint.temperature);
    if (!quirks.noLogprobs)
        body.insert(u"logprobs"_s, true);
    if (!quirks.noResponseFormat) {
        body.insert(u"response_format"_s,
                    QJsonObject{{u"type"_s, u"json_schema"_s},
                                {u"json_schema"_s, QJsonObject{{u"name"_s, u"outreach_message"_s},
                                                               {u"strict"_s, true},
                                                               {u"schema"_s, outputSchema()}}}});
    }
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

std::optional<OutreachError> MessageGenerator::refusal(const OutreachContext &context) {
    const std::optional<ComplianceFinding> finding =
        ComplianceChecker::refuseBeforeGeneration(context);
    if (!finding)
        return std::nullopt;
    return OutreachError::invalidField(
        u"prospect"_s, context.prospect.prospect.id, u"do_not_contact"_s,
        tr("is set: %1 Nothing was generated.").arg(finding->advice));
}

QCoro::Task<GenerationResult> MessageGenerator::generateMessage(OutreachContext context,
                                                                QString userPrompt,
                                                                PromptOptions options) {
    GenerationResult refused;
    refused.structured = false;
    // No tokens are spent on a prospect who must not be contacted.
    if (std::optional<OutreachError> refused_ = refusal(context)) {
        refused.error = std::move(refused_);
        co_return refused;
    }
    if (const Result<void> valid = m_endpoint.validate(); !valid.ok()) {
        refused.error = valid.error();
        co_return refused;
    }
    if (m_running) {
        refused.error = OutreachError(OutreachError::Code::Cancelled,
                                      tr("A message is already being generated."));
        co_return refused;
    }
    m_running = true;
    emit started();
    QPointer<MessageGenerator> self(this);

    Quirks quirks = loadQuirks();
    options.userRequest = userPrompt;
    options.contextWindowTokens = m_endpoint.contextWindowTokens;
    options.maxOutputTokens = m_endpoint.maxOutputTokens;
    GenerationResult result;
    // At most one adaptation: an endpoint that rejects one parameter after another is broken.
    for (int round = 0; round < 2; ++round) {
        options.structuredOutput = !quirks.noResponseFormat;
        const BuiltPrompt prompt = PromptBuilder::build(context, options);
        result = co_await attempt(prompt, quirks);
        if (!self)
            co_return result;
        const bool nothingStreamed = result.message.isEmpty() && result.subject.isEmpty();
        if (result.ok() || !nothingStreamed || !adaptTo(*result.error, quirks))
            break;
        saveQuirks(quirks);
    }
    m_running = false;
    co_return result;
}

QCoro::Task<GenerationResult> MessageGenerator::attempt(BuiltPrompt prompt, Quirks quirks) {
    auto stream = std::make_shared<CompletionStream>(
        !quirks.noResponseFormat, maxAnswerCharacters(m_endpoint.maxOutputTokens));
    stream->result().prompt = prompt;
    stream->result().model = m_endpoint.model;

    OutgoingRequest request;
    request.method = "POST"_ba;
    request.url = m_endpoint.chatCompletionsUrl();
    request.headers = m_endpoint.authHeaders();
    request.headers.append({"Content-Type"_ba, "application/json"_ba});
    request.headers.append({"Accept"_ba, "text/event-stream"_ba});
    request.body = requestBody(prompt, quirks);
    qCDebug(lcModel).noquote() << "Asking" << m_endpoint.model << "for a draft: about"
                               << prompt.estimatedTokens << "prompt tokens,"
                               << prompt.dropped.size()
                               << "context items left out, structured:" << !quirks.noResponseFormat;

    QPointer<MessageGenerator> self(this);
    const auto emitDeltas = [self](const QList<CompletionStream::Delta> &deltas) {
        for (const CompletionStream::Delta &delta : deltas) {
            if (!self)
                return;
            if (delta.field == CompletionStream::Delta::Field::Subject)
                emit self->subjectDelta(delta.text);
            else
                emit self->messageDelta(delta.text);
        }
    };
    HttpTransport *transport = m_transport;
    // Named before the co_await: GCC 12 mishandles temporaries in a co_await'ed call.
    const HttpTransport::BodySink sink = [stream, emitDeltas, transport](const QByteArray &bytes) {
        if (stream->abortRequested())
            return;
        emitDeltas(stream->feed(bytes));
        if (stream->abortRequested())
            transport->abortAll();
    };

    const Result<IncomingResponse> response = co_await m_transport->sendWithRetry(request, sink);
    if (!self)
        co_return std::move(stream->result());
    if (response.ok())
        emitDeltas(stream->endOfBody());
    const QList<CompletionStream::Delta> held = stream->finish();
    GenerationResult result = std::move(stream->result());

    // What the stream said wins over how the connection ended (a closed connection after an
    // error event is the error event's doing), except when the rep pressed Stop.
    if (!response.ok()) {
        result.requestId = response.error().requestId();
        const bool stopped =
            response.error().code() == OutreachError::Code::Cancelled && !stream->abortRequested();
        result.error = stream->error() && !stopped ? *stream->error() : response.error();
    } else {
        result.requestId = QString::fromLatin1(response->header("x-request-id"));
        if (stream->error()) {
            result.error = stream->error();
        } else if (!stream->done() && result.finishReason.isEmpty()) {
            // Qt can end a cut chunked stream without an error: the framing tells.
            result.error = OutreachError(OutreachError::Code::ApiError,
                                         tr("The model endpoint's stream ended before the message "
                                            "was finished; the text so far is kept."));
        }
    }
    // Neither the incremental reader nor QJsonDocument could read the answer: say so rather
    // than show an empty draft as if it were one.
    if (!result.error && stream->unreadableAnswer())
        result.error = stream->unreadableAnswer();
    if (result.error)
        result.error->setRequestId(result.requestId);
    qCDebug(lcModel).noquote() << "Generation ended: finish" << result.finishReason << "request"
                               << result.requestId << "usage"
                               << (result.usage ? result.usage->totalTokens : -1) << "error"
                               << (result.error ? result.error->toString() : u"none"_s);
    emitDeltas(held);
    co_return result;
}
