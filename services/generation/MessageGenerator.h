// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/GenerationResult.h"
#include "domain/OutreachContext.h"
#include "domain/Result.h"
#include "generation/ModelEndpoint.h"
#include "generation/PromptBuilder.h"

#include <QCoroTask>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>

#include <optional>

class HttpTransport;
class QSettings;
class RateLimitGovernor;

// Generates a message for a context and the rep's request: one streamed Chat Completions request
// with structured output, text handed to the caller delta by delta. Retries what the retry policy
// allows before the first byte; adapts once to an endpoint that rejects a parameter and
// remembers that for the endpoint and model.
class MessageGenerator : public QObject {
    Q_OBJECT
public:
    explicit MessageGenerator(QObject *parent = nullptr);
    ~MessageGenerator() override;

    // The API key is registered with LogRedaction: masked in every log line and server text.
    void setEndpoint(const ModelEndpoint &endpoint);
    const ModelEndpoint &endpoint() const { return m_endpoint; }
    // Where rejected parameters are remembered ("model/quirks/<endpoint+model>/…"); optional.
    void setQuirkStore(QSettings *settings) { m_quirks = settings; }
    HttpTransport *transport() const { return m_transport; }
    // The context window the server itself reports for this model (llama.cpp's n_ctx per slot,
    // Ollama's num_ctx, …); nullopt: the endpoint's setting is all there is to go on.
    void setServerContextWindow(std::optional<int> tokens) { m_serverContextWindow = tokens; }

    // Requests wait for `governor`'s admission before each attempt and report their answers'
    // rate-limit headers to it (a batch shares one); optional, and it must outlive the
    // generation.
    void setGovernor(RateLimitGovernor *governor);

    // An answer longer than this is stopped and reported (the text so far is kept): far above any
    // model's output limit, it only bounds the memory an endless or hostile stream can take.
    static constexpr qsizetype MaxContentCharacters = 1024 * 1024;
    // The bound for one answer: 16 characters per token of the output budget (four times what
    // tokens average, escapes included), at least 64 Ki and at most MaxContentCharacters. A
    // runaway endpoint is cut where no real message reaches, before the editor has to lay out
    // megabytes.
    static qsizetype maxAnswerCharacters(int maxOutputTokens);

    // The error a do-not-contact prospect gets instead of a generation; nullopt for anyone else.
    static std::optional<OutreachError> refusal(const OutreachContext &context);

    QCoro::Task<GenerationResult> generateMessage(OutreachContext context, QString userPrompt,
                                                  PromptOptions options = {});
    // Stops the generation in flight at once; its result keeps the partial text (CANCELLED).
    void cancel();
    bool isRunning() const { return m_running; }

signals:
    void started();
    // New text of the message body (never JSON), and of the subject, as it arrives.
    void messageDelta(const QString &text);
    void subjectDelta(const QString &text);
    // Waiting before another attempt (rate limit, server trouble): for a countdown.
    void retrying(int retry, qint64 delayMs, const OutreachError &error);

private:
    struct Quirks {
        bool omitTemperature = false;
        bool useMaxTokens = false; // the older name instead of max_completion_tokens
        bool noResponseFormat = false;
        bool noLogprobs = false;
        bool operator==(const Quirks &) const = default;
    };

    Quirks loadQuirks() const;
    void saveQuirks(const Quirks &quirks) const;
    // Adjusts `quirks` for a 400 that names one parameter; false when there is nothing to adjust.
    static bool adaptTo(const OutreachError &error, Quirks &quirks);
    QByteArray requestBody(const BuiltPrompt &prompt, const Quirks &quirks, int outputTokens) const;
    QCoro::Task<GenerationResult> attempt(BuiltPrompt prompt, Quirks quirks, int outputTokens);
    // How much more than the estimate the endpoint's tokenizer may count.
    double tokenizerMargin() const;
    // The error for an answer whose server read much less of the prompt than was sent.
    std::optional<OutreachError> promptCutError(const GenerationResult &result, int window) const;

    HttpTransport *m_transport;
    ModelEndpoint m_endpoint;
    QSettings *m_quirks = nullptr;
    std::optional<int> m_serverContextWindow;
    QPointer<RateLimitGovernor> m_governor;
    bool m_running = false;
};
