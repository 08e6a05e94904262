// SPDX-License-Identifier: GPL-3.0-or-later
#include "generation/MessageGenerator.h"

#include "generation/JsonFieldStream.h"
#include "generation/SseDecoder.h"
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

const QStringList StructuredFields = {u"subject"_s, u"message"_s};

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

// Stream errors quote the server's own text, which may echo what it was sent: masked first.
OutreachError apiError(const QString &message) {
    return OutreachError(OutreachError::Code::ApiError, LogRedaction::redact(message));
}

} // namespace

// The state of one streamed request: decoders, the text so far and what the stream said.
struct MessageGenerator::Attempt {
    SseDecoder decoder;
    std::optional<JsonFieldStream> fields;
    QString content;     // every content delta, joined
    QString plainHeader; // plain-text mode: the start, until the subject line is known
    bool plainHeaderDone = false;
    bool done = false; // "data: [DONE]" arrived
    // The stream was cut by this attempt itself (an unreadable event, an answer too long): its
    // streamError, not the CANCELLED that aborting gives, is what the rep must see.
    bool abortedByUs = false;
    bool sawEvent = false;
    // The first bytes, kept until an event shows this is a stream: a server that ignores
    // `stream: true` answers with one chat.completion JSON object instead.
    QByteArray unstreamed;
    std::optional<OutreachError> streamError;
    GenerationResult result;
};

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
    auto state = std::make_shared<Attempt>();
    state->result.prompt = prompt;
    state->result.structured = !quirks.noResponseFormat;
    state->result.model = m_endpoint.model;
    if (state->result.structured)
        state->fields.emplace(StructuredFields);

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

    const auto emitText = [this](const QString &field, const QString &text) {
        if (text.isEmpty())
            return;
        if (field == u"subject"_s)
            emit subjectDelta(text);
        else
            emit messageDelta(text);
    };
    HttpTransport *transport = m_transport;
    const qsizetype maxCharacters = maxAnswerCharacters(m_endpoint.maxOutputTokens);
    const auto appendContent = [state, emitText, transport, maxCharacters](const QString &piece) {
        if (state->content.size() + piece.size() > maxCharacters) {
            state->streamError =
                apiError(MessageGenerator::tr("The model's answer grew past %L1 characters and was "
                                              "stopped; the text so far is kept.")
                             .arg(maxCharacters));
            state->abortedByUs = true;
            transport->abortAll();
            return;
        }
        state->content += piece;
        if (state->fields) {
            for (const JsonFieldStream::Delta &delta : state->fields->feed(piece))
                emitText(delta.field, delta.text);
            return;
        }
        // Plain text: "Subject: …" on the first line, when the model wrote one.
        if (state->plainHeaderDone) {
            state->result.message += piece;
            emitText(u"message"_s, piece);
            return;
        }
        state->plainHeader += piece;
        const qsizetype newline = state->plainHeader.indexOf(u'\n');
        if (newline < 0 && state->plainHeader.size() < 300)
            return;
        state->plainHeaderDone = true;
        QString rest = state->plainHeader;
        const QString firstLine = newline < 0 ? QString() : rest.left(newline).trimmed();
        if (firstLine.startsWith(u"Subject:"_s, Qt::CaseInsensitive)) {
            state->result.subject = firstLine.mid(8).trimmed();
            emitText(u"subject"_s, state->result.subject);
            rest = rest.mid(newline + 1);
            while (rest.startsWith(u'\n'))
                rest.remove(0, 1);
        }
        state->result.message += rest;
        emitText(u"message"_s, rest);
    };
    const auto handleEvent = [state, appendContent, transport](const SseEvent &event) {
        if (state->done || state->streamError)
            return;
        const QByteArray data = event.data.trimmed();
        if (data == "[DONE]") {
            state->done = true;
            return;
        }
        const QJsonDocument document = QJsonDocument::fromJson(data);
        if (!document.isObject()) {
            state->streamError =
                apiError(MessageGenerator::tr("The model endpoint sent an unreadable event: %1")
                             .arg(QString::fromUtf8(data.left(120))));
            state->abortedByUs = true;
            transport->abortAll();
            return;
        }
        const QJsonObject chunk = document.object();
        if (chunk.value(u"error"_s).isObject()) {
            // llama.cpp and others report a failure mid-stream, then close.
            const QJsonObject error = chunk.value(u"error"_s).toObject();
            state->streamError =
                apiError(MessageGenerator::tr("The model endpoint stopped with an error: %1")
                             .arg(error.value(u"message"_s).toString()));
            return;
        }
        if (const QString model = chunk.value(u"model"_s).toString(); !model.isEmpty())
            state->result.model = model;
        if (const QJsonObject usage = chunk.value(u"usage"_s).toObject(); !usage.isEmpty()) {
            GenerationResult::Usage counted;
            counted.promptTokens = usage.value(u"prompt_tokens"_s).toInt();
            counted.completionTokens = usage.value(u"completion_tokens"_s).toInt();
            counted.totalTokens = usage.value(u"total_tokens"_s).toInt();
            state->result.usage = counted;
        }
        // Azure's first chunk and the usage chunk have no choices; only choice 0 is ours.
        for (const QJsonValue &value : chunk.value(u"choices"_s).toArray()) {
            const QJsonObject choice = value.toObject();
            if (choice.value(u"index"_s).toInt() != 0)
                continue;
            const QJsonValue content = choice.value(u"delta"_s).toObject().value(u"content"_s);
            if (content.isString())
                appendContent(content.toString());
            const QJsonArray logprobs =
                choice.value(u"logprobs"_s).toObject().value(u"content"_s).toArray();
            for (const QJsonValue &token : logprobs) {
                if (!state->result.logprobs)
                    state->result.logprobs.emplace();
                state->result.logprobs->append(token.toObject().value(u"logprob"_s).toDouble());
            }
            if (const QString finish = choice.value(u"finish_reason"_s).toString();
                !finish.isEmpty())
                state->result.finishReason = finish;
        }
    };
    // Named before the co_await: GCC 12 mishandles temporaries in a co_await'ed call.
    const HttpTransport::BodySink sink = [state, handleEvent](const QByteArray &bytes) {
        if (!state->sawEvent && state->unstreamed.size() < 16 * 1024 * 1024)
            state->unstreamed += bytes;
        for (const SseEvent &event : state->decoder.feed(bytes)) {
            state->sawEvent = true;
            state->unstreamed.clear();
            handleEvent(event);
        }
        if (state->decoder.failed() && !state->streamError)
            state->streamError = apiError(state->decoder.errorString());
    };

    QPointer<MessageGenerator> self(this);
    const Result<IncomingResponse> response = co_await m_transport->sendWithRetry(request, sink);
    if (!self)
        co_return std::move(state->result);
    if (response.ok()) {
        const QJsonObject whole =
            state->sawEvent ? QJsonObject() : QJsonDocument::fromJson(state->unstreamed).object();
        if (!whole.isEmpty()) {
            // Not streamed after all: one complete answer (or an error with a 200 status).
            if (whole.value(u"error"_s).isObject()) {
                state->streamError = apiError(
                    tr("The model endpoint answered with an error: %1")
                        .arg(whole.value(u"error"_s).toObject().value(u"message"_s).toString()));
            } else {
                const QJsonObject choice = whole.value(u"choices"_s).toArray().first().toObject();
                const QString text =
                    choice.value(u"message"_s).toObject().value(u"content"_s).toString();
                SseEvent asEvent;
                asEvent.data =
                    QJsonDocument(
                        QJsonObject{{u"model"_s, whole.value(u"model"_s)},
                                    {u"usage"_s, whole.value(u"usage"_s)},
                                    {u"choices"_s,
                                     QJsonArray{QJsonObject{
                                         {u"index"_s, 0},
                                         {u"delta"_s, QJsonObject{{u"content"_s, text}}},
                                         {u"logprobs"_s, choice.value(u"logprobs"_s)},
                                         {u"finish_reason"_s, choice.value(u"finish_reason"_s)}}}}})
                        .toJson(QJsonDocument::Compact);
                handleEvent(asEvent);
                state->done = true;
            }
        }
    }
    GenerationResult result = std::move(state->result);

    // What the stream said wins over how the connection ended (a closed connection after an
    // error event is the error event's doing), except when the rep pressed Stop.
    if (!response.ok()) {
        result.requestId = response.error().requestId();
        const bool stopped =
            response.error().code() == OutreachError::Code::Cancelled && !state->abortedByUs;
        result.error = state->streamError && !stopped ? *state->streamError : response.error();
    } else {
        result.requestId = QString::fromLatin1(response->header("x-request-id"));
        if (state->streamError) {
            result.error = state->streamError;
        } else if (!state->done && result.finishReason.isEmpty()) {
            // Qt can end a cut chunked stream without an error: the framing tells.
            result.error = apiError(tr("The model endpoint's stream ended before the message "
                                       "was finished; the text so far is kept."));
        }
    }
    if (result.error)
        result.error->setRequestId(result.requestId);
    qCDebug(lcModel).noquote() << "Generation ended: finish" << result.finishReason << "request"
                               << result.requestId << "usage"
                               << (result.usage ? result.usage->totalTokens : -1) << "error"
                               << (result.error ? result.error->toString() : u"none"_s);

    if (state->fields) {
        result.subject = state->fields->value(u"subject"_s);
        result.message = state->fields->value(u"message"_s);
        const QJsonDocument whole = QJsonDocument::fromJson(state->content.toUtf8());
        if (whole.isObject()) {
            const QJsonObject object = whole.object();
            result.subject = object.value(u"subject"_s).toString(result.subject);
            result.message = object.value(u"message"_s).toString(result.message);
            result.suggestedFollowUp = object.value(u"suggested_follow_up"_s).toString();
            for (const QJsonValue &id : object.value(u"used_context"_s).toArray())
                result.usedContext.append(id.toString());
        } else if (state->fields->failed() && !result.error) {
            // Neither the incremental reader nor QJsonDocument could read the answer (plain text
            // despite json_schema, nesting beyond any limit, junk): say so rather than show an
            // empty draft as if it were one.
            result.error = apiError(state->fields->errorString());
            result.error->setRequestId(result.requestId);
        }
    } else if (!state->plainHeaderDone) {
        // A short plain answer never reached the end of its first line.
        result.message = state->plainHeader;
        if (!state->plainHeader.isEmpty())
            emit messageDelta(state->plainHeader);
    }
    co_return result;
}
