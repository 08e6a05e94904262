// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// An in-process fake of an OpenAI-compatible Chat Completions endpoint (OpenAI, Azure OpenAI,
// llama.cpp/vLLM quirks) that answers deterministically from the request and injects faults.

#include "FakeHttpServer.h"
#include "HttpExchange.h"
#include "RateLimitBuckets.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QRandomGenerator>

#include <chrono>

// Routes (names as recorded in RecordedRequest::route):
//   openai             POST /v1/chat/completions                           Authorization: Bearer
//   azure.deployments  POST /openai/deployments/{deployment}/chat/completions?api-version=…
//                                                                          api-key (api-version
//                                                                          required)
//   azure.v1           POST /openai/v1/chat/completions                    api-key
//
// The answer is computed from the request only, so the same request gives the same bytes on a
// fresh server (ids are "chatcmpl-fake-<sequence>", x-request-id "req-<sequence>", `created` is
// fixed): it names every CRM id ("T-1", "P-20", …) found in the user messages and echoes the last
// line of the last user message, then filler words up to replyTokens() tokens. A token is one
// whitespace-separated word with the whitespace before it; each is one streamed delta, so the
// deltas concatenate to the text exactly. With `response_format.type == "json_schema"` the content
// is instead {"subject","message","used_context","suggested_follow_up"} as JSON text, streamed in
// pieces of 3–7 characters that cut through keys, values and escapes.
// A rewrite request (PromptBuilder's "Rewrite (<kind>): …" with a <passage> block) is answered
// with the passage rewritten instead, no filler added: "shorter" its first sentence (of a single
// sentence, the part before the first ',', ';' or ':', ending in '.'), "warmer"
// "Thank you so much for your time. " before it, "more_formal" without contractions or '!',
// "fix_grammar" with runs of spaces, a lone "i" and a lower-case start fixed, "translate"
// "[<language>] " before it; the structured subject is then the one in <current_draft>.
//
// Order of checks: route (api-version), then the key (401), then the body (400 for a body that is
// not JSON, no `messages`, or no `model` outside azure.deployments), then the rate limits (429,
// see setRateLimits()), then faults, then latency, then the answer. A request refused by any of
// these checks up to the rate limits is answered at once, without the latency, and no fault
// strikes it.
class FakeModelServer : public FakeHttpServer {
    Q_OBJECT

public:
    struct Fault {
        enum class Kind {
            // --- Error answers instead of a completion (any request) -------------------------
            RateLimit,         // 429 rate_limit_exceeded + retry-after/-ms, x-should-retry
            InsufficientQuota, // 429 insufficient_quota, no retry headers
            Unauthorized,      // 401 invalid_api_key, whatever key was sent
            ServerError,       // `status` (500) server_error
            // 400 naming `param` (code unsupported_parameter or unsupported_value); strikes only
            // requests whose body has `param` (with a value other than `acceptedValue`, when
            // that is set), so a client that retries without it succeeds.
            RejectParam,
            FlatError,         // `status` (400) with vLLM's flat {"object":"error",…} body
            HangBeforeHeaders, // no answer at all; the connection stays open
            // --- Streaming only (a `stream: false` request is left alone, the rule not used) -
            AzureEmptyFirstChunk, // a first event with "choices":[] and prompt_filter_results
            ErrorMidStream, // after `afterChunks` content chunks: data: {"error":{…}}, then the
                            // stream ends without finish_reason or [DONE] (llama.cpp)
            DropMidStream,  // after `afterChunks` content chunks: the connection is reset
            HangMidStream,  // after `afterChunks` content chunks: nothing more, connection open
            Truncated,    // after `afterChunks` content chunks: the body ends cleanly, with neither
                          // finish_reason nor [DONE]
            RandomSplits, // each event cut at 1–3 random byte offsets (seeded by `seed`,
                          // so also inside UTF-8 characters), each piece its own TCP write
            CrlfLineEndings,   // "\r\n" instead of "\n" in the SSE framing
            KeepAliveComments, // ": keep-alive\n\n" before the first event and between events
            // --- Whole bodies for resource-bound tests (streaming requests only) -------------
            // The role chunk, then content chunks of `message` (or 4 KiB of words) forever,
            // written only as fast as the client reads them.
            EndlessStream,
            // ": keep-alive" comments forever and nothing else, as fast as the client reads.
            EndlessKeepAlive,
            // `raw` as the whole event-stream body, then the end of the stream.
            RawStream,
        };

        Kind kind = Kind::ServerError;
        int status = 500;
        QString type;    // error.type; empty: the kind's usual one
        QString code;    // error.code; empty: the kind's usual one (JSON null for ServerError)
        QString message; // error.message; empty: a realistic default
        QString param;   // RejectParam: the body field refused, also error.param
        QJsonValue acceptedValue = QJsonValue(QJsonValue::Undefined); // RejectParam
        // Sent when non-empty (RateLimit sets them; any error kind may).
        QByteArray retryAfter;           // "retry-after": seconds or an HTTP-date
        QByteArray retryAfterMs;         // "retry-after-ms"
        QByteArray shouldRetry;          // "x-should-retry": "true" / "false"
        int afterChunks = 2;             // mid-stream kinds: content chunks sent first
        quint32 seed = 1;                // RandomSplits
        QByteArray raw;                  // RawStream
        bool paramOnlyInMessage = false; // RejectParam: error.param null, as llama.cpp sends it

        static Fault rateLimit(const QByteArray &retryAfter = "1",
                               const QByteArray &retryAfterMs = "1000",
                               const QByteArray &shouldRetry = "true") {
            Fault fault = of(Kind::RateLimit);
            fault.status = 429;
            fault.retryAfter = retryAfter;
            fault.retryAfterMs = retryAfterMs;
            fault.shouldRetry = shouldRetry;
            return fault;
        }
        static Fault insufficientQuota() {
            Fault fault = of(Kind::InsufficientQuota);
            fault.status = 429;
            return fault;
        }
        static Fault unauthorized() {
            Fault fault = of(Kind::Unauthorized);
            fault.status = 401;
            return fault;
        }
        static Fault serverError(int status = 500, const QString &message = {}) {
            Fault fault = of(Kind::ServerError);
            fault.status = status;
            fault.message = message;
            return fault;
        }
        // `code` "unsupported_parameter" (max_tokens, response_format) or "unsupported_value"
        // (temperature; `acceptedValue` 1 lets temperature: 1 through, as OpenAI does).
        static Fault
        rejectParam(const QString &param,
                    const QString &code = QStringLiteral("unsupported_parameter"),
                    const QJsonValue &acceptedValue = QJsonValue(QJsonValue::Undefined)) {
            Fault fault = of(Kind::RejectParam);
            fault.status = 400;
            fault.param = param;
            fault.code = code;
            fault.acceptedValue = acceptedValue;
            return fault;
        }
        // llama.cpp's way: 500 server_error, the parameter named only in `message`.
        static Fault rejectParamAsServerError(const QString &param, const QString &message) {
            Fault fault = rejectParam(param, QString());
            fault.status = 500;
            fault.type = QStringLiteral("server_error");
            fault.message = message;
            fault.paramOnlyInMessage = true;
            return fault;
        }
        static Fault flatError(int status = 400, const QString &message = {}) {
            Fault fault = of(Kind::FlatError);
            fault.status = status;
            fault.message = message;
            return fault;
        }
        static Fault hangBeforeHeaders() { return of(Kind::HangBeforeHeaders); }
        static Fault azureEmptyFirstChunk() { return of(Kind::AzureEmptyFirstChunk); }
        static Fault errorMidStream(int afterChunks = 2, const QString &message = {}) {
            Fault fault = midStream(Kind::ErrorMidStream, afterChunks);
            fault.message = message;
            return fault;
        }
        static Fault dropMidStream(int afterChunks = 2) {
            return midStream(Kind::DropMidStream, afterChunks);
        }
        static Fault hangMidStream(int afterChunks = 2) {
            return midStream(Kind::HangMidStream, afterChunks);
        }
        static Fault truncated(int afterChunks = 2) {
            return midStream(Kind::Truncated, afterChunks);
        }
        static Fault randomSplits(quint32 seed = 1) {
            Fault fault = of(Kind::RandomSplits);
            fault.seed = seed;
            return fault;
        }
        static Fault endlessStream(const QString &message = {}) {
            Fault fault = of(Kind::EndlessStream);
            fault.message = message;
            return fault;
        }
        static Fault endlessKeepAlive() { return of(Kind::EndlessKeepAlive); }
        static Fault rawStream(const QByteArray &raw) {
            Fault fault = of(Kind::RawStream);
            fault.raw = raw;
            return fault;
        }
        static Fault crlfLineEndings() { return of(Kind::CrlfLineEndings); }
        static Fault keepAliveComments() { return of(Kind::KeepAliveComments); }
        static Fault of(Kind kind) {
            Fault fault;
            fault.kind = kind;
            return fault;
        }
        static Fault midStream(Kind kind, int afterChunks) {
            Fault fault = of(kind);
            fault.afterChunks = afterChunks;
            return fault;
        }

        bool streamingOnly() const;
        bool isErrorAnswer() const; // replaces the whole answer with a status and an error body
        bool isWholeBody() const;   // EndlessStream, EndlessKeepAlive, RawStream
    };

    explicit FakeModelServer(QObject *parent = nullptr);

    // Listens on 127.0.0.1 (`port` 0: any free port).
    bool start(quint16 port = 0);
    // "http://127.0.0.1:<port>/v1": what an OpenAI client takes as its base URL.
    QUrl openAiBaseUrl() const;

    // --- Behaviour ---------------------------------------------------------------------------
    // The key expected: "Authorization: Bearer <key>" on openai, "api-key: <key>" on the Azure
    // routes. Empty (the default): no key needed, like a local llama.cpp; one sent is ignored.
    void setApiKey(const QByteArray &key);
    // Tokens in a computed reply (60 by default); the ids and echoed line are never cut to fit.
    void setReplyTokens(int tokens);
    int replyTokens() const;
    // A fixed reply text instead of the computed one; a null QString goes back to computing.
    void setReplyText(const QString &text);
    // Between the role chunk and each content chunk, scheduled from the stream's start so that
    // the rate does not drift (0, the default: everything at once).
    void setChunkDelay(int ms);
    void setTokensPerSecond(double tokensPerSecond); // the same as a delay of 1000/rate ms
    // The logprob of every token when the request asks for logprobs (-0.05 by default).
    void setLogprob(double logprob);
    // A delay before the status line of every answer, errors included.
    void setLatency(int ms);
    void setStreamFraming(HttpExchange::Framing framing); // Chunked by default

    // --- What OpenAI-compatible servers do differently (llama.cpp, Ollama, vLLM) -----------
    // What a server with a context window does with a prompt of at least that many tokens.
    enum class Overflow {
        // llama.cpp's default context shift: the front of the prompt is dropped (half the
        // window is kept), the answer is 200 and usage.prompt_tokens says how much was read.
        CutSilently,
        // llama.cpp with --no-context-shift, streaming: the status is 200, the body one
        // `error: {"code":400,…,"type":"exceed_context_size_error"}` line, then data: [DONE].
        ErrorLine,
    };
    // 0 (the default): no window. With one, prompt and answer together never exceed it (the
    // answer stops with finish_reason "length" where it would).
    void setContextWindow(int tokens, Overflow overflow = Overflow::CutSilently);
    // Answers in plain text even when response_format asks for a json_schema, as servers
    // without grammar support do; with `fenced`, the JSON object inside a ```json fence.
    void setIgnoresResponseFormat(bool ignores, bool fenced = false);
    // Reads only max_tokens, as llama.cpp does: max_completion_tokens goes unheeded.
    void setIgnoresMaxCompletionTokens(bool ignores);
    // Alternatives per token when logprobs is asked for without top_logprobs (OpenAI: 0, the
    // default; llama.cpp: 20). With top_logprobs, that many.
    void setDefaultTopLogprobs(int count);
    // An entry for the end-of-text token in the last content chunk's logprobs, as llama.cpp
    // sends it (`token` "" or "<|im_end|>"); a null QString (the default): none, as OpenAI.
    void setEndOfTextLogprob(const QString &token, double logprob);

    // Rules, several at once: each applies to the next `times` requests it strikes (-1: all).
    // Error answers are checked in the order set and the first that strikes wins; the streaming
    // modifiers (splits, CRLF, keep-alives, the Azure chunk) combine with each other and with one
    // mid-stream fault. Setting a kind again replaces its rule (RejectParam: per param).
    void setFault(const Fault &fault, int times = -1);
    // The rule strikes each request with `probability`, drawn from a generator seeded with
    // `seed` in order of arrival, so a run can be repeated exactly.
    void setFailureProbability(const Fault &fault, double probability, quint32 seed);
    void clearFaults();

    // --- Rate limits -------------------------------------------------------------------------
    // Which rate-limit headers the chat answers carry while limits are on. OpenAI:
    // x-ratelimit-{limit,remaining,reset}-{requests,tokens}, reset in OpenAI's duration format
    // ("120ms", "1.5s", "6m0s"). Azure: only x-ratelimit-remaining-{requests,tokens}. None: the
    // limits still hold, but nothing tells the client (as behind a proxy that strips them).
    enum class RateLimitHeaders { OpenAI, Azure, None };
    // OpenAI's rate limits, as token buckets as deep as the limit that refill continuously over
    // `window` (a benchmark shortens it to scale time). A chat request that passed the route,
    // key and body checks is charged 1 request and rateLimitCharge() tokens, or, when either
    // bucket lacks that, refused with OpenAI's (or on the Azure routes or with Azure headers,
    // Azure's) 429, retry-after/-ms and x-should-retry, and not charged. Every chat answer
    // carries the headers, "remaining" counted after its own charge; a 0 limit is not enforced
    // and not reported. A request larger than a whole tokens limit gets OpenAI's "Request too
    // large" 429 with x-should-retry: false and no retry-after, since waiting cannot help.
    // 0/0 (the default) turns rate limiting off. Setting limits fills the buckets; the stats
    // are kept.
    void setRateLimits(int requestsPerWindow, int tokensPerWindow,
                       std::chrono::milliseconds window = std::chrono::minutes(1),
                       RateLimitHeaders headers = RateLimitHeaders::OpenAI);
    struct RateLimitStats {
        int admitted = 0;
        int refused = 0;
        qint64 chargedTokens = 0;
        int chargedRequests = 0;
    };
    RateLimitStats rateLimitStats() const { return m_rateLimitStats; }
    void resetRateLimitStats();
    // The tokens a request is charged at admission: the prompt estimate plus the most it may
    // produce (max_completion_tokens, else max_tokens, else replyTokens()), as OpenAI counts.
    int rateLimitCharge(const QJsonObject &body) const;
    // OpenAI's prompt estimate: the characters of every message's content, divided by 4, rounded
    // up (not the tokenizer-like count that usage.prompt_tokens reports).
    static int promptTokenEstimate(const QJsonObject &body);
    // A duration as OpenAI writes it in x-ratelimit-reset-* and its 429 messages (Go's format).
    static QByteArray rateLimitDuration(std::chrono::milliseconds duration);

    // --- For tests ---------------------------------------------------------------------------
    // The text a request body would be answered with (before any max_tokens cut), and the ids
    // found in the text of its user messages, in order of first appearance.
    QString replyTextFor(const QJsonObject &requestBody) const;
    static QStringList contextIds(const QString &text);
    // The last request's body as JSON on any route (empty when none or not JSON).
    QJsonObject lastRequestBody() const;

    QByteArray errorBody(int status, const QString &code, const QString &message) const override;

    // --- Discovery ---------------------------------------------------------------------------
    // The routes a client asks to find out which server this is and what it serves, each in
    // the wire format of the server it stands for (FakeModelServerDiscovery.cpp):
    //   discovery.models   GET  /v1/models       every flavour (vLLM adds max_model_len)
    //   llamacpp.props     GET  /props           llama.cpp
    //   ollama.tags        GET  /api/tags        Ollama
    //   ollama.show        POST /api/show        Ollama ({"model": name}; 404 for another name)
    //   ollama.ps          GET  /api/ps          Ollama (the loaded models)
    //   lmstudio.models    GET  /api/v0/models   LM Studio
    // A flavour without a route answers it 404 in its own error shape (Ollama's is plain text).
    // With setApiKey(), every one of them wants "Authorization: Bearer <key>" first.
    enum class Flavour { OpenAI, LlamaCpp, Ollama, LmStudio, Vllm };
    struct Model {
        QString id;
        // The model's own maximum: GGUF context_length (Ollama's model_info, llama.cpp's
        // n_ctx_train), vLLM's max_model_len, LM Studio's max_context_length.
        int contextLength = 8192;
        // What the server runs it with: llama.cpp's n_ctx per slot (0: contextLength divided by
        // the slots), the loaded context of Ollama (/api/ps) and LM Studio
        // (loaded_context_length); 0 there means not loaded.
        int runContext = 0;
        int numCtx = 0; // Ollama: the Modelfile's PARAMETER num_ctx; 0 when it has none
        QString type = QStringLiteral("llm"); // LM Studio: "llm", "vlm" or "embeddings"
    };
    // OpenAI (the default) answers /v1/models only.
    void setFlavour(Flavour flavour);
    Flavour flavour() const { return m_flavour; }
    // Served models in listing order (none by default).
    void setModels(const QList<Model> &models);
    QList<Model> models() const { return m_models; }
    // llama.cpp's total_slots (1 by default).
    void setSlotCount(int count);

signals:
    // Bytes of a streamed answer as they are handed to the socket (for latency benchmarks).
    void streamBytesWritten(const QByteArray &bytes);

private:
    struct FaultRule {
        Fault fault;
        int remaining = -1;
        double probability = 1.0;
        QRandomGenerator random;
    };

    void serve(HttpExchange &exchange, bool azure);
    // False after answering the exchange with a 429; `headers` gets the rate-limit headers.
    bool admitRateLimited(HttpExchange &exchange, const QJsonObject &body, bool azure,
                          HttpHeaders &headers);
    HttpHeaders rateLimitHeaders();
    QList<Fault> drawFaults(const QJsonObject &body, bool streaming);
    // `extra`: headers every answer carries (the rate-limit ones).
    void answer(HttpExchange &exchange, const QJsonObject &body, const QList<Fault> &faults,
                const HttpHeaders &extra);
    void answerError(HttpExchange &exchange, const Fault &fault, const QJsonObject &body,
                     const HttpHeaders &extra) const;
    void answerComplete(HttpExchange &exchange, const QJsonObject &body,
                        const HttpHeaders &extra) const;
    void answerStream(HttpExchange &exchange, const QJsonObject &body, const QList<Fault> &faults,
                      const HttpHeaders &extra);
    void answerWholeBody(HttpExchange &exchange, const QJsonObject &body, const Fault &fault,
                         const HttpHeaders &extra);

    QByteArray m_apiKey;
    int m_replyTokens = 60;
    QString m_replyText;
    double m_chunkDelayMs = 0;
    double m_logprob = -0.05;
    int m_latencyMs = 0;
    HttpExchange::Framing m_framing = HttpExchange::Framing::Chunked;
    QList<FaultRule> m_faults;
    RateLimitBuckets m_rateLimits;
    RateLimitHeaders m_rateLimitHeaders = RateLimitHeaders::OpenAI;
    RateLimitStats m_rateLimitStats;

    // --- Discovery (FakeModelServerDiscovery.cpp) -----------------------------------------------
    void addDiscoveryRoutes();
    // False after answering the exchange itself: a route this flavour lacks, or a wrong key.
    bool admitDiscovery(HttpExchange &exchange, Flavour owner);
    void respondMissing(HttpExchange &exchange) const;
    void answerModelList(HttpExchange &exchange) const;
    void answerProps(HttpExchange &exchange) const;
    void answerTags(HttpExchange &exchange) const;
    void answerShow(HttpExchange &exchange) const;
    void answerPs(HttpExchange &exchange) const;
    void answerLmStudioModels(HttpExchange &exchange) const;
    int slotContext(const Model &model) const;

    Flavour m_flavour = Flavour::OpenAI;
    QList<Model> m_models;
    int m_slots = 1;

public:
    // The compatible-server behaviour above, as completions are computed from it.
    struct Compatibility {
        int contextWindow = 0;
        Overflow overflow = Overflow::CutSilently;
        bool ignoresResponseFormat = false;
        bool fencedJson = false;
        bool ignoresMaxCompletionTokens = false;
        int defaultTopLogprobs = 0;
        QString endOfTextToken; // null: none
        double endOfTextLogprob = -2.0;
    };

private:
    Compatibility m_compat;
};

Q_DECLARE_METATYPE(FakeModelServer::Fault)
