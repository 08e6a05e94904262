// SPDX-License-Identifier: GPL-3.0-or-later
#include "generation/MessageGenerator.h"

#include "generation/CompletionStream.h"
#include "generation/OrderedJson.h"
#include "generation/RateLimitGovernor.h"
#include "generation/TokenBudget.h"
#include "net/HttpTransport.h"
#include "platform/LogCategories.h"
#include "platform/LogRedaction.h"
#include "review/ComplianceChecker.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QRegularExpression>
#include <QSettings>

#include <cmath>

using namespace Qt::StringLiterals;

namespace {

// In the order a writer works, which a model held to the schema follows: the subject, then the
// message, then what it drew on and the follow-up.
OrderedJson outputSchema() {
    const auto text = [] { return OrderedJson::object({{u"type"_s, u"string"_s}}); };
    return OrderedJson::object({
        {u"type"_s, u"object"_s},
        {u"properties"_s, OrderedJson::object({
                              {u"subject"_s, text()},
                              {u"message"_s, text()},
                              {u"used_context"_s, OrderedJson::object({{u"type"_s, u"array"_s},
                                                                       {u"items"_s, text()}})},
                              {u"suggested_follow_up"_s, text()},
                          })},
        {u"required"_s, OrderedJson::array({u"subject"_s, u"message"_s, u"used_context"_s,
                                            u"suggested_follow_up"_s})},
        {u"additionalProperties"_s, false},
    });
}

// A server that reports fewer prompt tokens than this share of the estimate read less than it
// was sent. The estimate runs at most about 20 % high on the tokenizers it was measured against,
// so an honest count stays well above it.
constexpr double CutPromptRatio = 0.7;

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

MessageGenerator::~MessageGenerator() {
    // A request abandoned with its generator must not hold an admission for ever.
    if (m_governor)
        m_governor->release(RateLimitGovernor::Requester(this));
}

void MessageGenerator::setGovernor(RateLimitGovernor *governor) {
    m_governor = governor;
}

void MessageGenerator::setEndpoint(const ModelEndpoint &endpoint) {
    m_endpoint = endpoint;
    LogRedaction::addSecret(endpoint.apiKey);
}

void MessageGenerator::cancel() {
    m_transport->abortAll();
}

MessageGenerator::Quirks MessageGenerator::loadQuirks() const {
    Quirks quirks;
    // OpenAI and Azure document max_completion_tokens and refuse max_tokens for newer models;
    // compatible servers know max_tokens, and some (llama.cpp) ignore the newer name silently.
    quirks.useMaxTokens = m_endpoint.provider == ModelEndpoint::Provider::Compatible;
    if (!m_quirks)
        return quirks;
    const QString prefix = u"model/quirks/%1/"_s.arg(m_endpoint.quirkKey());
    quirks.omitTemperature = m_quirks->value(prefix + u"omitTemperature"_s, false).toBool();
    quirks.useMaxTokens = m_quirks->value(prefix + u"useMaxTokens"_s, quirks.useMaxTokens).toBool();
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
    // OpenAI answers 400 naming the parameter; FastAPI-based servers 422; llama.cpp and others
    // 500 server_error, naming it only in the message.
    const int status = error.httpStatus();
    if (status != 400 && status != 422 && status != 500)
        return false;
    const QString param = error.serverParam();
    const QString code = error.serverCode();
    const bool unsupported = code == u"unsupported_parameter"_s || code == u"unsupported_value"_s
                             || code == u"invalid_request_error"_s || !param.isEmpty();
    if (!unsupported && status == 400)
        return false;
    const Quirks before = quirks;
    // Some servers name the parameter only in the message; a 500 counts only when it does.
    const QString message = error.message();
    const auto names = [&](const QString &name) {
        if (param == name)
            return true;
        if (!param.isEmpty())
            return false;
        // A whole name: the "logprobs" in "top_logprobs" is no mention of it.
        const QRegularExpression whole(u"\\b"_s + QRegularExpression::escape(name) + u"\\b"_s);
        return whole.match(message).hasMatch();
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

QByteArray MessageGenerator::requestBody(const BuiltPrompt &prompt, const Quirks &quirks,
                                         int outputTokens) const {
    OrderedJson body = OrderedJson::object({
        {u"model"_s, m_endpoint.model},
        {u"messages"_s,
         OrderedJson::array(
             {OrderedJson::object({{u"role"_s, u"system"_s}, {u"content"_s, prompt.system}}),
              OrderedJson::object({{u"role"_s, u"user"_s}, {u"content"_s, prompt.user}})})},
        {u"stream"_s, true},
        {u"stream_options"_s, OrderedJson::object({{u"include_usage"_s, true}})},
    });
    body.insert(quirks.useMaxTokens ? u"max_tokens"_s : u"max_completion_tokens"_s, outputTokens);
    if (!quirks.omitTemperature)
        body.insert(u"temperature"_s, m_endpoint.temperature);
    if (!quirks.noLogprobs) {
        // One alternative per token: without top_logprobs llama.cpp sends twenty (about 2 KB a
        // token), and with 0 it sends no probabilities at all.
        body.insert(u"logprobs"_s, true);
        body.insert(u"top_logprobs"_s, 1);
    }
    if (!quirks.noResponseFormat) {
        body.insert(u"response_format"_s,
                    OrderedJson::object({{u"type"_s, u"json_schema"_s},
                                         {u"json_schema"_s,
                                          OrderedJson::object({{u"name"_s, u"outreach_message"_s},
                                                               {u"strict"_s, true},
                                                               {u"schema"_s, outputSchema()}})}}));
    }
    return body.toJson();
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
    // A final error is one the generator adapts to: retrying it unchanged would only wait.
    m_transport->setFinalErrorRule([quirks](const OutreachError &error) {
        Quirks adapted = quirks;
        return adaptTo(error, adapted);
    });
    const int window = m_serverContextWindow.value_or(m_endpoint.contextWindowTokens);
    options.userRequest = userPrompt;
    options.contextWindowTokens = window;
    options.maxOutputTokens = m_endpoint.maxOutputTokens;
    GenerationResult result;
    // At most one adaptation: an endpoint that rejects one parameter after another is broken.
    for (int round = 0; round < 2; ++round) {
        options.structuredOutput = !quirks.noResponseFormat;
        const TokenBudget::Plan plan = TokenBudget::plan(context, options, tokenizerMargin());
        if (!plan.fits) {
            result = GenerationResult();
            result.prompt = plan.prompt;
            result.structured = options.structuredOutput;
            result.error = OutreachError(
                OutreachError::Code::ApiError,
                tr("The request does not fit the model's context window of %L1 tokens%2, even "
                   "with the history left out: it needs about %L3 tokens for the prompt and "
                   "%L4 for the answer. Nothing was sent. Use a model or server with a larger "
                   "context (for llama.cpp: llama-server --ctx-size).")
                    .arg(window)
                    .arg(m_serverContextWindow ? tr(" (as the server reports it)") : QString())
                    .arg(plan.prompt.estimatedTokens)
                    .arg(plan.outputTokens));
            break;
        }
        result = co_await attempt(plan.prompt, quirks, plan.outputTokens);
        if (!self)
            co_return result;
        const bool nothingStreamed = result.message.isEmpty() && result.subject.isEmpty();
        if (result.ok() || !nothingStreamed || !adaptTo(*result.error, quirks))
            break;
        saveQuirks(quirks);
    }
    if (result.ok())
        result.error = promptCutError(result, window);
    m_running = false;
    co_return result;
}

double MessageGenerator::tokenizerMargin() const {
    // The estimate is calibrated on OpenAI's tokenizers; other models' run up to about 10 %
    // higher on the same text (Llama, Mistral and Qwen vocabularies on CRM JSON).
    return m_endpoint.provider == ModelEndpoint::Provider::Compatible ? 1.15 : 1.0;
}

std::optional<OutreachError> MessageGenerator::promptCutError(const GenerationResult &result,
                                                              int window) const {
    if (!result.usage || result.usage->promptTokens <= 0)
        return std::nullopt;
    const int read = result.usage->promptTokens;
    const int sent = result.prompt.estimatedTokens;
    if (double(read) >= CutPromptRatio * double(sent))
        return std::nullopt;
    // A server that cuts an over-long prompt from the front (llama.cpp without
    // --no-context-shift) answers 200: the model never saw the instructions, so the text is
    // kept for reference but must not pass for a draft.
    OutreachError error(
        OutreachError::Code::ApiError,
        tr("The model endpoint read only %L1 of the about %L2 prompt tokens it was sent: it cut "
           "the prompt to fit its own context window, so the model did not see all of its "
           "instructions and context. The answer is kept but is not a draft. The app planned for "
           "a window of %L3 tokens; give the server a larger context (for llama.cpp: "
           "llama-server --ctx-size) or set the window it really has in Settings → Model.")
            .arg(read)
            .arg(sent)
            .arg(window));
    error.setServerCode(u"prompt_cut"_s);
    error.setRequestId(result.requestId);
    return error;
}

QCoro::Task<GenerationResult> MessageGenerator::attempt(BuiltPrompt prompt, Quirks quirks,
                                                        int outputTokens) {
    auto stream = std::make_shared<CompletionStream>(!quirks.noResponseFormat,
                                                     maxAnswerCharacters(outputTokens));
    stream->result().prompt = prompt;
    stream->result().model = m_endpoint.model;

    OutgoingRequest request;
    request.method = "POST"_ba;
    request.url = m_endpoint.chatCompletionsUrl();
    request.headers = m_endpoint.authHeaders();
    request.headers.append({"Content-Type"_ba, "application/json"_ba});
    request.headers.append({"Accept"_ba, "text/event-stream"_ba});
    request.body = requestBody(prompt, quirks, outputTokens);
    qCDebug(lcModel).noquote() << "Asking" << m_endpoint.model << "for a draft: about"
                               << prompt.estimatedTokens << "prompt tokens, at most" << outputTokens
                               << "output tokens," << prompt.dropped.size()
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

    // The governor counts this request's prompt estimate and output cap from admission until a
    // rate-limit reading includes the server's own count.
    const QPointer<RateLimitGovernor> governor = m_governor;
    const auto requester = RateLimitGovernor::Requester(this);
    QMetaObject::Connection observing;
    if (governor) {
        const int tokens = prompt.estimatedTokens + outputTokens;
        m_transport->setAttemptGate([governor, requester, tokens] {
            return governor ? governor->tryAdmit(requester, tokens) : std::chrono::milliseconds(0);
        });
        observing = connect(m_transport, &HttpTransport::answerStarted, governor,
                            [governor, requester](int status, const RateLimitGovernor::Headers &h) {
                                governor->observe(requester, status, h);
                            });
    }
    const Result<IncomingResponse> response = co_await m_transport->sendWithRetry(request, sink);
    if (governor) {
        governor->release(requester);
        disconnect(observing);
    }
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
        } else if (result.finishReason.isEmpty()) {
            result.error = OutreachError(
                OutreachError::Code::ApiError,
                tr("The model endpoint ended its answer without saying why it stopped (no finish "
                   "reason), so the message may be incomplete; the text so far is kept."));
        }
    }
    // Neither the incremental reader nor QJsonDocument could read the answer: say so rather
    // than show an empty draft as if it were one.
    if (!result.error && stream->unreadableAnswer())
        result.error = stream->unreadableAnswer();
    if (!result.error && result.message.trimmed().isEmpty() && result.subject.trimmed().isEmpty())
        result.error = OutreachError(OutreachError::Code::ApiError,
                                     tr("The model endpoint's answer was empty: it wrote no "
                                        "subject and no message."));
    if (result.error)
        result.error->setRequestId(result.requestId);
    qCDebug(lcModel).noquote() << "Generation ended: finish" << result.finishReason << "request"
                               << result.requestId << "usage"
                               << (result.usage ? result.usage->totalTokens : -1) << "error"
                               << (result.error ? result.error->toString() : u"none"_s);
    emitDeltas(held);
    co_return result;
}
