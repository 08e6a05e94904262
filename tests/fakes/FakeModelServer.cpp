// SPDX-License-Identifier: GPL-3.0-or-later
#include "FakeModelServer.h"

#include "BodyPump.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QPointer>
#include <QRegularExpression>
#include <QTimer>

#include <algorithm>
#include <cmath>
#include <functional>
#include <optional>
#include <utility>

using namespace Qt::StringLiterals;

namespace {

using Fault = FakeModelServer::Fault;
using Kind = Fault::Kind;

// A fixed `created`, so that the same request gives the same bytes.
constexpr qint64 createdTime = 1767225600; // 2026-01-01T00:00:00Z

const QStringList &fillerWords() {
    static const QStringList words = {
        u"We"_s,      u"would"_s,     u"be"_s,   u"glad"_s,  u"to"_s,    u"walk"_s,   u"you"_s,
        u"through"_s, u"the"_s,       u"next"_s, u"steps"_s, u"and"_s,   u"answer"_s, u"any"_s,
        u"open"_s,    u"questions"_s, u"on"_s,   u"a"_s,     u"short"_s, u"call."_s,
    };
    return words;
}

QJsonValue nullable(const QString &text) {
    return text.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
}

QByteArray compact(const QJsonObject &object) {
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QByteArray openAiError(const QString &message, const QString &type, const QString &param,
                       const QString &code) {
    return compact({{u"error"_s, QJsonObject{{u"message"_s, message},
                                             {u"type"_s, type},
                                             {u"param"_s, nullable(param)},
                                             {u"code"_s, nullable(code)}}}});
}

// A message's content is a string or an array of parts ({"type":"text","text":…}).
QString textOf(const QJsonValue &content) {
    if (content.isString())
        return content.toString();
    QStringList parts;
    for (const QJsonValue &part : content.toArray()) {
        const QJsonObject object = part.toObject();
        if (object.value(u"type"_s).toString() == u"text")
            parts.append(object.value(u"text"_s).toString());
    }
    return parts.join(u'\n');
}

QStringList userTexts(const QJsonObject &body) {
    QStringList texts;
    for (const QJsonValue &message : body.value(u"messages"_s).toArray()) {
        const QJsonObject object = message.toObject();
        if (object.value(u"role"_s).toString() == u"user")
            texts.append(textOf(object.value(u"content"_s)));
    }
    return texts;
}

// Each token is a word with the whitespace before it, so that the tokens concatenate to the text.
QStringList tokenize(const QString &text) {
    static const QRegularExpression word(u"\\s*\\S+"_s);
    QStringList tokens;
    qsizetype end = 0;
    for (auto it = word.globalMatch(text); it.hasNext();) {
        const QRegularExpressionMatch match = it.next();
        tokens.append(match.captured());
        end = match.capturedEnd();
    }
    if (end < text.size()) {
        if (tokens.isEmpty())
            tokens.append(text.mid(end));
        else
            tokens.last() += text.mid(end);
    }
    return tokens;
}

// Small pieces of varying size, as a model streams JSON: they cut through keys, values and
// escapes, but never through a surrogate pair (a delta is a JSON string, so valid UTF-16).
QStringList jsonPieces(const QString &json) {
    static constexpr int sizes[] = {4, 7, 3, 6, 5};
    QStringList pieces;
    qsizetype position = 0;
    for (int i = 0; position < json.size(); ++i) {
        qsizetype end = std::min(json.size(), position + sizes[i % 5]);
        if (end < json.size() && json.at(end - 1).isHighSurrogate())
            ++end;
        pieces.append(json.mid(position, end - position));
        position = end;
    }
    return pieces;
}

QString jsonString(const QString &text) {
    // QJsonDocument cannot write a bare string; an array of one, brackets removed, is the same.
    const QByteArray array = QJsonDocument(QJsonArray{text}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(array.mid(1, array.size() - 2));
}

// A rewrite request as PromptBuilder writes it: the kind from "Rewrite (<kind>): …", the draft's
// subject from <current_draft>, the passage from <passage>, each block's JSON on its own line.
struct RewriteAsked {
    QString kind;
    QString subject;
    QString passage;
    QString language; // translate: the language named after "into "
};

QJsonObject blockJson(const QString &text, const QString &tag) {
    const QString open = u'<' + tag + u">\n"_s;
    const qsizetype begin = text.indexOf(open);
    if (begin < 0)
        return {};
    const qsizetype from = begin + open.size();
    const qsizetype end = text.indexOf(u"\n</"_s + tag + u'>', from);
    if (end < 0)
        return {};
    return QJsonDocument::fromJson(text.mid(from, end - from).toUtf8()).object();
}

std::optional<RewriteAsked> rewriteAsked(const QString &user) {
    static const QRegularExpression kind(u"\nRewrite \\(([a-z_]+)\\): "_s);
    const QRegularExpressionMatch match = kind.match(user);
    const QJsonObject passage = blockJson(user, u"passage"_s);
    if (!match.hasMatch() || !passage.contains(u"passage"_s))
        return std::nullopt;
    RewriteAsked asked;
    asked.kind = match.captured(1);
    asked.subject = blockJson(user, u"current_draft"_s).value(u"subject"_s).toString();
    asked.passage = passage.value(u"passage"_s).toString();
    static const QRegularExpression language(u"translate the passage into (\\S+)"_s);
    asked.language = language.match(user).captured(1);
    return asked;
}

std::optional<RewriteAsked> rewriteAsked(const QJsonObject &body) {
    const QStringList texts = userTexts(body);
    return texts.isEmpty() ? std::nullopt : rewriteAsked(texts.last());
}

// A plausible, predictable rewrite of the passage: enough for a test to tell which was asked.
QString rewritten(const RewriteAsked &asked) {
    const QString passage = asked.passage.trimmed();
    if (asked.kind == u"shorter") {
        static const QRegularExpression sentence(u"^.*?[.!?](?=\\s|$)"_s,
                                                 QRegularExpression::DotMatchesEverythingOption);
        const QRegularExpressionMatch first = sentence.match(passage);
        if (first.hasMatch() && first.capturedLength() < passage.size())
            return first.captured();
        // One sentence: its first clause, as a sentence.
        static const QRegularExpression clause(u"^[^,;:]+"_s);
        const QString head = clause.match(passage).captured().trimmed();
        return !head.isEmpty() && head.size() < passage.size() ? head + u'.' : passage;
    }
    if (asked.kind == u"warmer")
        return u"Thank you so much for your time. "_s + passage;
    if (asked.kind == u"more_formal") {
        static const std::pair<QString, QString> expansions[] = {
            {u"we're"_s, u"we are"_s}, {u"We're"_s, u"We are"_s}, {u"don't"_s, u"do not"_s},
            {u"Don't"_s, u"Do not"_s}, {u"can't"_s, u"cannot"_s}, {u"Can't"_s, u"Cannot"_s},
            {u"I'm"_s, u"I am"_s},     {u"it's"_s, u"it is"_s},   {u"It's"_s, u"It is"_s},
            {u"!"_s, u"."_s}};
        QString formal = passage;
        for (const auto &[from, to] : expansions)
            formal.replace(from, to);
        return formal;
    }
    if (asked.kind == u"fix_grammar") {
        static const QRegularExpression spaces(u" {2,}"_s);
        static const QRegularExpression lowerI(u"\\bi\\b"_s);
        QString fixed = passage;
        fixed.replace(spaces, u" "_s);
        fixed.replace(lowerI, u"I"_s);
        if (!fixed.isEmpty())
            fixed[0] = fixed.at(0).toUpper();
        return fixed;
    }
    if (asked.kind == u"translate")
        return u'[' + asked.language + u"] "_s + passage;
    return passage;
}

// Written by hand, because QJsonObject would sort the keys and the fields' order (message
// before used_context) is what makes incremental extraction of `message` worth testing.
QString structuredContent(const QString &message, const QStringList &ids,
                          const std::optional<QString> &keptSubject = std::nullopt) {
    QStringList quotedIds;
    for (const QString &id : ids)
        quotedIds.append(jsonString(id));
    const QString subject = keptSubject     ? *keptSubject
                            : ids.isEmpty() ? u"Following up"_s
                                            : u"Following up on "_s + ids.first();
    return u"{\"subject\":"_s + jsonString(subject) + u",\"message\":"_s + jsonString(message)
           + u",\"used_context\":["_s + quotedIds.join(u',') + u"],\"suggested_follow_up\":"_s
           + jsonString(u"Check in again in three business days."_s) + u'}';
}

// Counted the way BPE tokenizers split text before merging (the GPT-4 pre-tokenizer pattern),
// with a long word costing a token per ten letters: close to what real servers report, and
// independent of the client's own estimator, which the tests compare against it.
int promptTokens(const QJsonObject &body) {
    static const QRegularExpression piece(
        u"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}"
        u"| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+"_s);
    int count = 0;
    for (const QJsonValue &message : body.value(u"messages"_s).toArray()) {
        const QString text = textOf(message.toObject().value(u"content"_s));
        for (auto it = piece.globalMatch(text); it.hasNext();)
            count += 1 + int(it.next().capturedLength() - 1) / 10;
        count += 4; // the chat template's role and separators
    }
    return count;
}

// The output limit from max_completion_tokens or max_tokens (the smaller when both); -1 if none.
int outputLimit(const QJsonObject &body, bool ignoresMaxCompletionTokens) {
    int limit = -1;
    const QStringList names = ignoresMaxCompletionTokens
                                  ? QStringList{u"max_tokens"_s}
                                  : QStringList{u"max_completion_tokens"_s, u"max_tokens"_s};
    for (const QString &name : names) {
        const QJsonValue value = body.value(name);
        if (value.isDouble() && value.toDouble() >= 0) {
            const int asked = int(value.toDouble());
            limit = limit < 0 ? asked : std::min(limit, asked);
        }
    }
    return limit;
}

bool wantsStructured(const QJsonObject &body) {
    return body.value(u"response_format"_s).toObject().value(u"type"_s).toString()
           == u"json_schema";
}

QJsonArray bytesOf(const QString &token) {
    QJsonArray bytes;
    for (const char byte : token.toUtf8())
        bytes.append(int(static_cast<unsigned char>(byte)));
    return bytes;
}

// `alternatives` top_logprobs entries per token: the token itself first, then made-up ones.
QJsonObject logprobsFor(const QStringList &tokens, double logprob, int alternatives = 0) {
    QJsonArray content;
    for (const QString &token : tokens) {
        QJsonArray top;
        for (int i = 0; i < alternatives; ++i) {
            const QString other = i == 0 ? token : token + u'~' + QString::number(i);
            top.append(QJsonObject{{u"token"_s, other},
                                   {u"logprob"_s, i == 0 ? logprob : logprob - 1.0 - i},
                                   {u"bytes"_s, bytesOf(other)}});
        }
        content.append(QJsonObject{{u"token"_s, token},
                                   {u"logprob"_s, logprob},
                                   {u"bytes"_s, bytesOf(token)},
                                   {u"top_logprobs"_s, top}});
    }
    return {{u"content"_s, content}, {u"refusal"_s, QJsonValue::Null}};
}

// What a request is answered with, before framing.
struct Completion {
    QString id;
    QString model;
    QStringList tokens; // after the output limit
    QString finishReason;
    int promptTokens = 0;
    bool logprobs = false;
    int topLogprobs = 0;
    bool includeUsage = false;
    bool overflowError = false; // Overflow::ErrorLine struck
    int contextWindow = 0;

    QJsonObject usage() const {
        const int completion = int(tokens.size());
        return {{u"prompt_tokens"_s, promptTokens},
                {u"completion_tokens"_s, completion},
                {u"total_tokens"_s, promptTokens + completion}};
    }
    QJsonObject envelope(const QString &object) const {
        return {{u"id"_s, id},
                {u"object"_s, object},
                {u"created"_s, createdTime},
                {u"model"_s, model},
                {u"system_fingerprint"_s, u"fp_fake"_s}};
    }
};

HttpHeaders streamHeaders(const HttpExchange &exchange, const HttpHeaders &extra) {
    HttpHeaders headers{{"x-request-id"_ba, "req-"_ba + QByteArray::number(exchange.sequence())},
                        {"Content-Type"_ba, "text/event-stream; charset=utf-8"_ba},
                        {"Cache-Control"_ba, "no-cache"_ba}};
    headers.append(extra);
    return headers;
}

// Plays a stream's steps on an exchange at their times. A child of the exchange, so it goes
// away (timer and all) when the exchange does.
class StreamPlayer : public QObject {
public:
    struct Step {
        enum class Action { Write, End, Abort, Stop };
        Action action = Action::Write;
        QByteArray bytes;
        double dueMs = 0;     // from the stream's start
        bool ownTick = false; // a separate event-loop turn (and TCP write) from the one before
    };

    StreamPlayer(HttpExchange &exchange, QList<Step> steps,
                 std::function<void(const QByteArray &)> written)
        : QObject(&exchange)
        , m_exchange(exchange)
        , m_steps(std::move(steps))
        , m_written(std::move(written)) {
        m_timer.setSingleShot(true);
        m_timer.setTimerType(Qt::PreciseTimer);
        connect(&m_timer, &QTimer::timeout, this, &StreamPlayer::play);
        m_clock.start();
        play();
    }

private:
    void play() {
        // The client may have gone; the exchange is then finished and about to be deleted.
        if (m_exchange.isFinished())
            return;
        bool wrote = false;
        while (m_next < m_steps.size()) {
            const Step &step = m_steps.at(m_next);
            qint64 wait = qint64(std::ceil(step.dueMs)) - m_clock.elapsed();
            // Bytes queued in one turn leave in one write; a later turn lets the socket flush.
            if (step.ownTick && wrote)
                wait = std::max<qint64>(wait, 1);
            if (wait > 0) {
                m_timer.start(int(wait));
                return;
            }
            ++m_next;
            switch (step.action) {
            case Step::Action::Write:
                m_exchange.writeChunk(step.bytes);
                wrote = true;
                if (m_written)
                    m_written(step.bytes);
                break;
            case Step::Action::End:
                m_exchange.endStream();
                return;
            case Step::Action::Abort:
                m_exchange.abort();
                return;
            case Step::Action::Stop:
                return;
            }
        }
    }

    HttpExchange &m_exchange;
    QList<Step> m_steps;
    std::function<void(const QByteArray &)> m_written;
    qsizetype m_next = 0;
    QElapsedTimer m_clock;
    QTimer m_timer;
};

} // namespace

bool FakeModelServer::Fault::streamingOnly() const {
    switch (kind) {
    case Kind::AzureEmptyFirstChunk:
    case Kind::ErrorMidStream:
    case Kind::DropMidStream:
    case Kind::HangMidStream:
    case Kind::Truncated:
    case Kind::RandomSplits:
    case Kind::CrlfLineEndings:
    case Kind::KeepAliveComments:
    case Kind::EndlessStream:
    case Kind::EndlessKeepAlive:
    case Kind::RawStream:
        return true;
    default:
        return false;
    }
}

bool FakeModelServer::Fault::isWholeBody() const {
    return kind == Kind::EndlessStream || kind == Kind::EndlessKeepAlive || kind == Kind::RawStream;
}

bool FakeModelServer::Fault::isErrorAnswer() const {
    switch (kind) {
    case Kind::RateLimit:
    case Kind::InsufficientQuota:
    case Kind::Unauthorized:
    case Kind::ServerError:
    case Kind::RejectParam:
    case Kind::FlatError:
        return true;
    default:
        return false;
    }
}

FakeModelServer::FakeModelServer(QObject *parent)
    : FakeHttpServer(parent) {
    addRoute(u"openai"_s, "POST"_ba, u"/v1/chat/completions"_s,
             [this](HttpExchange &exchange) { serve(exchange, false); });
    addRoute(u"azure.deployments"_s, "POST"_ba,
             u"/openai/deployments/{deployment}/chat/completions"_s,
             [this](HttpExchange &exchange) { serve(exchange, true); });
    addRoute(u"azure.v1"_s, "POST"_ba, u"/openai/v1/chat/completions"_s,
             [this](HttpExchange &exchange) { serve(exchange, true); });
    addDiscoveryRoutes();
}

bool FakeModelServer::start(quint16 port) {
    return listen(QHostAddress(QHostAddress::LocalHost), port);
}

QUrl FakeModelServer::openAiBaseUrl() const {
    QUrl url = baseUrl();
    url.setPath(u"/v1"_s);
    return url;
}

void FakeModelServer::setApiKey(const QByteArray &key) {
    m_apiKey = key;
}

void FakeModelServer::setReplyTokens(int tokens) {
    m_replyTokens = std::max(0, tokens);
}

int FakeModelServer::replyTokens() const {
    return m_replyTokens;
}

void FakeModelServer::setReplyText(const QString &text) {
    m_replyText = text;
}

void FakeModelServer::setChunkDelay(int ms) {
    m_chunkDelayMs = std::max(0, ms);
}

void FakeModelServer::setTokensPerSecond(double tokensPerSecond) {
    m_chunkDelayMs = tokensPerSecond > 0 ? 1000.0 / tokensPerSecond : 0;
}

void FakeModelServer::setLogprob(double logprob) {
    m_logprob = logprob;
}

void FakeModelServer::setLatency(int ms) {
    m_latencyMs = std::max(0, ms);
}

void FakeModelServer::setStreamFraming(HttpExchange::Framing framing) {
    m_framing = framing;
}

void FakeModelServer::setContextWindow(int tokens, Overflow overflow) {
    m_compat.contextWindow = tokens;
    m_compat.overflow = overflow;
}

void FakeModelServer::setIgnoresResponseFormat(bool ignores, bool fenced) {
    m_compat.ignoresResponseFormat = ignores;
    m_compat.fencedJson = fenced;
}

void FakeModelServer::setIgnoresMaxCompletionTokens(bool ignores) {
    m_compat.ignoresMaxCompletionTokens = ignores;
}

void FakeModelServer::setDefaultTopLogprobs(int count) {
    m_compat.defaultTopLogprobs = std::clamp(count, 0, 20);
}

void FakeModelServer::setEndOfTextLogprob(const QString &token, double logprob) {
    m_compat.endOfTextToken = token;
    m_compat.endOfTextLogprob = logprob;
}

void FakeModelServer::setFault(const Fault &fault, int times) {
    m_faults.removeIf([&](const FaultRule &rule) {
        return rule.fault.kind == fault.kind
               && (fault.kind != Kind::RejectParam || rule.fault.param == fault.param);
    });
    if (times != 0)
        m_faults.append(FaultRule{fault, times, 1.0, QRandomGenerator()});
}

void FakeModelServer::setFailureProbability(const Fault &fault, double probability, quint32 seed) {
    setFault(fault);
    m_faults.last().probability = probability;
    m_faults.last().random = QRandomGenerator(seed);
}

void FakeModelServer::clearFaults() {
    m_faults.clear();
}

void FakeModelServer::setRateLimits(int requestsPerWindow, int tokensPerWindow,
                                    std::chrono::milliseconds window, RateLimitHeaders headers) {
    m_rateLimits.setLimits({requestsPerWindow, tokensPerWindow, window});
    m_rateLimitHeaders = headers;
}

void FakeModelServer::resetRateLimitStats() {
    m_rateLimitStats = {};
}

int FakeModelServer::promptTokenEstimate(const QJsonObject &body) {
    qint64 characters = 0;
    const auto count = [&](const QString &text) { characters += text.toUcs4().size(); };
    for (const QJsonValue &message : body.value(u"messages"_s).toArray()) {
        const QJsonValue content = message.toObject().value(u"content"_s);
        if (content.isString())
            count(content.toString());
        for (const QJsonValue &part : content.toArray())
            count(part.toObject().value(u"text"_s).toString());
    }
    return int((characters + 3) / 4);
}

int FakeModelServer::rateLimitCharge(const QJsonObject &body) const {
    int output = m_replyTokens;
    for (const QString &name : {u"max_completion_tokens"_s, u"max_tokens"_s}) {
        const QJsonValue value = body.value(name);
        if (value.isDouble() && value.toDouble() >= 0) {
            output = int(value.toDouble());
            break;
        }
    }
    return promptTokenEstimate(body) + output;
}

QByteArray FakeModelServer::rateLimitDuration(std::chrono::milliseconds duration) {
    const qint64 ms = duration.count();
    if (ms <= 0)
        return "0s"_ba;
    if (ms < 1000)
        return QByteArray::number(ms) + "ms"_ba;
    const qint64 hours = ms / 3600000;
    const qint64 minutes = ms / 60000 % 60;
    QByteArray text;
    if (hours > 0)
        text += QByteArray::number(hours) + 'h';
    if (hours > 0 || minutes > 0)
        text += QByteArray::number(minutes) + 'm';
    text += QByteArray::number(ms / 1000 % 60);
    if (const qint64 fraction = ms % 1000; fraction > 0) {
        QByteArray digits = QByteArray::number(fraction).rightJustified(3, '0');
        while (digits.endsWith('0'))
            digits.chop(1);
        text += '.' + digits;
    }
    return text + 's';
}

QStringList FakeModelServer::contextIds(const QString &text) {
    static const QRegularExpression id(u"\\b[TPCIM]-[0-9]+\\b"_s);
    QStringList ids;
    for (auto it = id.globalMatch(text); it.hasNext();) {
        const QString found = it.next().captured();
        if (!ids.contains(found))
            ids.append(found);
    }
    return ids;
}

QString FakeModelServer::replyTextFor(const QJsonObject &requestBody) const {
    if (!m_replyText.isNull())
        return m_replyText;
    if (const std::optional<RewriteAsked> asked = rewriteAsked(requestBody))
        return rewritten(*asked);
    const QStringList texts = userTexts(requestBody);
    const QStringList ids = contextIds(texts.join(u'\n'));
    QString lastLine;
    if (!texts.isEmpty()) {
        const QStringList lines = texts.last().split(u'\n');
        for (auto it = lines.crbegin(); it != lines.crend() && lastLine.isEmpty(); ++it)
            lastLine = it->simplified();
    }
    QString text = ids.isEmpty() ? u"Reply"_s : u"Reply using "_s + ids.join(u", "_s);
    text += lastLine.isEmpty() ? u"."_s : u" to: "_s + lastLine;
    qsizetype count = tokenize(text).size();
    for (qsizetype i = 0; count < m_replyTokens; ++i, ++count)
        text += u' ' + fillerWords().at(i % fillerWords().size());
    return text;
}

QJsonObject FakeModelServer::lastRequestBody() const {
    const QList<RecordedRequest> all = requests();
    return all.isEmpty() ? QJsonObject() : QJsonDocument::fromJson(all.last().body).object();
}

QByteArray FakeModelServer::errorBody(int status, const QString &code,
                                      const QString &message) const {
    Q_UNUSED(status)
    return openAiError(message, u"invalid_request_error"_s, {}, code);
}

// --- Serving ---------------------------------------------------------------------------------

void FakeModelServer::serve(HttpExchange &exchange, bool azure) {
    const HttpRequest &request = exchange.request();
    const HttpHeaders idHeader{
        {"x-request-id"_ba, "req-"_ba + QByteArray::number(exchange.sequence())}};
    const auto refuse = [&](int status, const QByteArray &body) {
        HttpHeaders headers = idHeader;
        headers.append({"Content-Type"_ba, "application/json"_ba});
        headers.append(rateLimitHeaders());
        exchange.respond(status, body, headers);
    };

    if (request.route == u"azure.deployments" && !request.query.hasQueryItem(u"api-version"_s)) {
        refuse(400,
               openAiError(u"The api-version query parameter (?api-version=) is required for all "
                           "requests."_s,
                           u"invalid_request_error"_s, u"api-version"_s,
                           u"MissingApiVersionParameter"_s));
        return;
    }

    if (!m_apiKey.isEmpty()) {
        QByteArray sent;
        if (azure) {
            sent = request.header("api-key");
        } else {
            const QByteArray header = request.header("authorization");
            const qsizetype space = header.indexOf(' ');
            if (space > 0 && header.left(space).compare("bearer", Qt::CaseInsensitive) == 0)
                sent = header.mid(space + 1).trimmed();
        }
        if (sent != m_apiKey) {
            const QString message =
                azure ? u"Access denied due to invalid subscription key or wrong API endpoint. "
                        "Make sure to provide a valid key for an active subscription and use a "
                        "correct regional API endpoint for your resource."_s
                : sent.isEmpty()
                    ? u"You didn't provide an API key. You need to provide your API key in an "
                      "Authorization header using Bearer auth (i.e. Authorization: Bearer "
                      "YOUR_KEY)."_s
                    : u"Incorrect API key provided. You can find your API key at "
                      "https://platform.openai.com/account/api-keys."_s;
            refuse(401, openAiError(message, u"invalid_request_error"_s, {},
                                    azure ? u"401"_s : u"invalid_api_key"_s));
            return;
        }
    }

    QJsonParseError parseError{};
    const QJsonDocument document = QJsonDocument::fromJson(request.body, &parseError);
    if (!document.isObject()) {
        refuse(400, openAiError(u"We could not parse the JSON body of your request. (HINT: This "
                                "likely means you aren't using your HTTP library correctly.)"_s,
                                u"invalid_request_error"_s, {}, {}));
        return;
    }
    QJsonObject body = document.object();
    const QJsonArray messages = body.value(u"messages"_s).toArray();
    if (messages.isEmpty()) {
        refuse(400, openAiError(u"'messages' must be a non-empty array."_s,
                                u"invalid_request_error"_s, u"messages"_s, {}));
        return;
    }
    if (!body.value(u"model"_s).isString()) {
        // A deployment names the model, so Azure's deployment route does not need one.
        if (request.route == u"azure.deployments") {
            body.insert(u"model"_s, request.pathParams.value(u"deployment"_s));
        } else {
            refuse(400, openAiError(u"you must provide a model parameter"_s,
                                    u"invalid_request_error"_s, u"model"_s, {}));
            return;
        }
    }

    HttpHeaders extra;
    if (!admitRateLimited(exchange, body, azure, extra))
        return;

    const QList<Fault> faults = drawFaults(body, body.value(u"stream"_s).toBool());
    if (m_latencyMs <= 0) {
        answer(exchange, body, faults, extra);
        return;
    }
    const QPointer<HttpExchange> target(&exchange);
    QTimer::singleShot(m_latencyMs, Qt::PreciseTimer, &exchange,
                       [this, target, body, faults, extra] {
                           if (target)
                               answer(*target, body, faults, extra);
                       });
}

HttpHeaders FakeModelServer::rateLimitHeaders() {
    if (!m_rateLimits.enabled() || m_rateLimitHeaders == RateLimitHeaders::None)
        return {};
    const RateLimitBuckets::Limits limits = m_rateLimits.limits();
    HttpHeaders headers;
    if (m_rateLimitHeaders == RateLimitHeaders::Azure) {
        if (limits.requests > 0)
            headers.append({"x-ratelimit-remaining-requests"_ba,
                            QByteArray::number(m_rateLimits.remainingRequests())});
        if (limits.tokens > 0)
            headers.append({"x-ratelimit-remaining-tokens"_ba,
                            QByteArray::number(m_rateLimits.remainingTokens())});
        return headers;
    }
    if (limits.requests > 0) {
        headers.append({"x-ratelimit-limit-requests"_ba, QByteArray::number(limits.requests)});
        headers.append({"x-ratelimit-remaining-requests"_ba,
                        QByteArray::number(m_rateLimits.remainingRequests())});
        headers.append(
            {"x-ratelimit-reset-requests"_ba, rateLimitDuration(m_rateLimits.requestsResetIn())});
    }
    if (limits.tokens > 0) {
        headers.append({"x-ratelimit-limit-tokens"_ba, QByteArray::number(limits.tokens)});
        headers.append({"x-ratelimit-remaining-tokens"_ba,
                        QByteArray::number(m_rateLimits.remainingTokens())});
        headers.append(
            {"x-ratelimit-reset-tokens"_ba, rateLimitDuration(m_rateLimits.tokensResetIn())});
    }
    return headers;
}

bool FakeModelServer::admitRateLimited(HttpExchange &exchange, const QJsonObject &body, bool azure,
                                       HttpHeaders &headers) {
    if (!m_rateLimits.enabled())
        return true;
    const int charge = rateLimitCharge(body);
    const RateLimitBuckets::Admission admission = m_rateLimits.admit(charge);
    headers = rateLimitHeaders();
    if (admission.admitted) {
        ++m_rateLimitStats.admitted;
        ++m_rateLimitStats.chargedRequests;
        m_rateLimitStats.chargedTokens += charge;
        return true;
    }
    ++m_rateLimitStats.refused;

    const bool tokens = admission.limit == RateLimitBuckets::Limit::Tokens;
    const qint64 waitMs = admission.retryAfter.count();
    const qint64 waitSeconds = (waitMs + 999) / 1000;
    HttpHeaders answerHeaders{
        {"x-request-id"_ba, "req-"_ba + QByteArray::number(exchange.sequence())},
        {"Content-Type"_ba, "application/json"_ba}};
    if (admission.neverFits) {
        // Waiting does not help a request larger than the whole limit.
        answerHeaders.append({"x-should-retry"_ba, "false"_ba});
    } else {
        answerHeaders.append({"retry-after"_ba, QByteArray::number(waitSeconds)});
        answerHeaders.append({"retry-after-ms"_ba, QByteArray::number(waitMs)});
        answerHeaders.append({"x-should-retry"_ba, "true"_ba});
    }
    answerHeaders.append(headers);

    QByteArray payload;
    if (azure || m_rateLimitHeaders == RateLimitHeaders::Azure) {
        const QString version = exchange.request().query.hasQueryItem(u"api-version"_s)
                                    ? exchange.request().query.queryItemValue(u"api-version"_s)
                                    : u"v1"_s;
        QString message =
            u"Requests to the ChatCompletions_Create Operation under Azure OpenAI API "
            "version "_s
            + version + u" have exceeded "_s + (tokens ? u"token"_s : u"call"_s)
            + u" rate limit of your current OpenAI S0 pricing tier. "_s;
        message += admission.neverFits
                       ? u"The request asks for more tokens than the limit allows. "_s
                       : u"Please retry after "_s + QString::number(waitSeconds)
                             + (waitSeconds == 1 ? u" second. "_s : u" seconds. "_s);
        message += u"Please go here: https://aka.ms/oai/quotaincrease if you would like to "
                   "further increase the default rate limit."_s;
        // Azure's error object has only these two fields.
        payload =
            compact({{u"error"_s, QJsonObject{{u"code"_s, u"429"_s}, {u"message"_s, message}}}});
    } else {
        const QString model = body.value(u"model"_s).toString();
        const QString limit = tokens ? u"tokens per min (TPM)"_s : u"requests per min (RPM)"_s;
        QString message;
        if (admission.neverFits)
            message = u"Request too large for "_s + model + u" in organization org-fake on "_s
                      + limit + u": Limit "_s + QString::number(admission.limitValue)
                      + u", Requested "_s + QString::number(admission.requested)
                      + u". The input or output tokens must be reduced in order to run "
                        "successfully."_s;
        else
            message = u"Rate limit reached for "_s + model + u" in organization org-fake on "_s
                      + limit + u": Limit "_s + QString::number(admission.limitValue) + u", Used "_s
                      + QString::number(admission.used) + u", Requested "_s
                      + QString::number(admission.requested) + u". Please try again in "_s
                      + QString::fromLatin1(rateLimitDuration(admission.retryAfter)) + u'.';
        message += u" Visit https://platform.openai.com/account/rate-limits to learn more."_s;
        payload = openAiError(message, tokens ? u"tokens"_s : u"requests"_s, {},
                              u"rate_limit_exceeded"_s);
    }
    exchange.respond(429, payload, answerHeaders);
    return false;
}

QList<Fault> FakeModelServer::drawFaults(const QJsonObject &body, bool streaming) {
    QList<Fault> drawn;
    bool errorDrawn = false;
    bool midStreamDrawn = false;
    for (qsizetype i = 0; i < m_faults.size();) {
        FaultRule &rule = m_faults[i];
        const Fault &fault = rule.fault;
        bool applies = streaming || !fault.streamingOnly();
        if (fault.kind == Kind::RejectParam) {
            const QJsonValue value = body.value(fault.param);
            applies = !value.isUndefined()
                      && (fault.acceptedValue.isUndefined() || value != fault.acceptedValue);
        }
        const bool midStream =
            fault.kind == Kind::ErrorMidStream || fault.kind == Kind::DropMidStream
            || fault.kind == Kind::HangMidStream || fault.kind == Kind::Truncated;
        // One answer-replacing fault and one way for a stream to end: later rules wait.
        const bool exclusive =
            fault.isErrorAnswer() || fault.kind == Kind::HangBeforeHeaders || fault.isWholeBody();
        if ((exclusive && errorDrawn) || (midStream && midStreamDrawn))
            applies = false;
        if (applies && rule.probability < 1.0)
            applies = rule.random.generateDouble() < rule.probability;
        if (!applies) {
            ++i;
            continue;
        }
        drawn.append(fault);
        errorDrawn = errorDrawn || exclusive;
        midStreamDrawn = midStreamDrawn || midStream;
        if (rule.remaining > 0 && --rule.remaining == 0)
            m_faults.removeAt(i);
        else
            ++i;
    }
    return drawn;
}

void FakeModelServer::answer(HttpExchange &exchange, const QJsonObject &body,
                             const QList<Fault> &faults, const HttpHeaders &extra) {
    if (!exchange.canAnswer())
        return;
    for (const Fault &fault : faults) {
        if (fault.kind == Kind::HangBeforeHeaders)
            return;
        if (fault.isErrorAnswer()) {
            answerError(exchange, fault, body, extra);
            return;
        }
        if (fault.isWholeBody()) {
            answerWholeBody(exchange, body, fault, extra);
            return;
        }
    }
    if (body.value(u"stream"_s).toBool())
        answerStream(exchange, body, faults, extra);
    else
        answerComplete(exchange, body, extra);
}

void FakeModelServer::answerError(HttpExchange &exchange, const Fault &fault,
                                  const QJsonObject &body, const HttpHeaders &extra) const {
    HttpHeaders headers{{"x-request-id"_ba, "req-"_ba + QByteArray::number(exchange.sequence())},
                        {"Content-Type"_ba, "application/json"_ba}};
    if (!fault.retryAfter.isEmpty())
        headers.append({"retry-after"_ba, fault.retryAfter});
    if (!fault.retryAfterMs.isEmpty())
        headers.append({"retry-after-ms"_ba, fault.retryAfterMs});
    if (!fault.shouldRetry.isEmpty())
        headers.append({"x-should-retry"_ba, fault.shouldRetry});
    headers.append(extra);

    const auto pick = [](const QString &set, const QString &fallback) {
        return set.isEmpty() ? fallback : set;
    };
    QByteArray payload;
    switch (fault.kind) {
    case Kind::RateLimit:
        payload = openAiError(
            pick(fault.message, u"Rate limit reached for requests. Please try again in 1s."_s),
            pick(fault.type, u"requests"_s), {}, pick(fault.code, u"rate_limit_exceeded"_s));
        break;
    case Kind::InsufficientQuota:
        payload = openAiError(pick(fault.message,
                                   u"You exceeded your current quota, please check your plan and "
                                   "billing details."_s),
                              pick(fault.type, u"insufficient_quota"_s), {},
                              pick(fault.code, u"insufficient_quota"_s));
        break;
    case Kind::Unauthorized:
        payload = openAiError(pick(fault.message, u"Incorrect API key provided."_s),
                              pick(fault.type, u"invalid_request_error"_s), {},
                              pick(fault.code, u"invalid_api_key"_s));
        break;
    case Kind::ServerError:
        payload = openAiError(pick(fault.message,
                                   u"The server had an error while processing your request. Sorry "
                                   "about that!"_s),
                              pick(fault.type, u"server_error"_s), {}, fault.code);
        break;
    case Kind::RejectParam: {
        QString message = fault.message;
        if (message.isEmpty() && fault.code == u"unsupported_value") {
            const QString value = QString::fromUtf8(
                QJsonDocument(QJsonArray{body.value(fault.param)}).toJson(QJsonDocument::Compact));
            message = u"Unsupported value: '"_s + fault.param + u"' does not support "_s
                      + value.mid(1, value.size() - 2)
                      + u" with this model. Only the default (1) value is supported."_s;
        } else if (message.isEmpty()) {
            message = u"Unsupported parameter: '"_s + fault.param
                      + u"' is not supported with this model."_s;
            if (fault.param == u"max_tokens")
                message += u" Use 'max_completion_tokens' instead."_s;
        }
        payload = openAiError(message, pick(fault.type, u"invalid_request_error"_s),
                              fault.paramOnlyInMessage ? QString() : fault.param, fault.code);
        break;
    }
    case Kind::FlatError:
        payload = compact({{u"object"_s, u"error"_s},
                           {u"message"_s, pick(fault.message, u"The model does not support this "
                                                              "request."_s)},
                           {u"type"_s, pick(fault.type, u"BadRequestError"_s)},
                           {u"param"_s, nullable(fault.param)},
                           {u"code"_s, fault.status}});
        break;
    default:
        return;
    }
    exchange.respond(fault.status, payload, headers);
}

namespace {

Completion completionFor(const QJsonObject &body, const QString &text, int sequence,
                         const FakeModelServer::Compatibility &compat) {
    Completion completion;
    completion.id = u"chatcmpl-fake-"_s + QString::number(sequence);
    completion.model = body.value(u"model"_s).toString();
    const bool structured = wantsStructured(body) && !compat.ignoresResponseFormat;
    const bool fenced = wantsStructured(body) && compat.ignoresResponseFormat && compat.fencedJson;
    // A rewrite keeps the draft's subject, as the prompt asks.
    const std::optional<RewriteAsked> asked = rewriteAsked(body);
    const QString json =
        structured || fenced
            ? structuredContent(text, FakeModelServer::contextIds(userTexts(body).join(u'\n')),
                                asked ? std::optional<QString>(asked->subject) : std::nullopt)
            : QString();
    if (structured)
        completion.tokens = jsonPieces(json);
    else if (fenced)
        completion.tokens = jsonPieces(u"```json\n"_s + json + u"\n```"_s);
    else
        completion.tokens = tokenize(text);
    completion.finishReason = u"stop"_s;
    completion.promptTokens = promptTokens(body);
    int limit = outputLimit(body, compat.ignoresMaxCompletionTokens);
    if (compat.contextWindow > 0) {
        completion.contextWindow = compat.contextWindow;
        if (completion.promptTokens >= compat.contextWindow) {
            if (compat.overflow == FakeModelServer::Overflow::ErrorLine)
                completion.overflowError = true;
            else
                completion.promptTokens = compat.contextWindow / 2; // what the shift keeps
        }
        const int room = std::max(0, compat.contextWindow - completion.promptTokens);
        limit = limit < 0 ? room : std::min(limit, room);
    }
    if (limit >= 0 && limit < completion.tokens.size()) {
        completion.tokens.resize(limit);
        completion.finishReason = u"length"_s;
    }
    completion.logprobs = body.value(u"logprobs"_s).toBool();
    completion.topLogprobs = body.contains(u"top_logprobs"_s)
                                 ? std::clamp(body.value(u"top_logprobs"_s).toInt(), 0, 20)
                                 : compat.defaultTopLogprobs;
    completion.includeUsage =
        body.value(u"stream_options"_s).toObject().value(u"include_usage"_s).toBool();
    return completion;
}

} // namespace

void FakeModelServer::answerComplete(HttpExchange &exchange, const QJsonObject &body,
                                     const HttpHeaders &extra) const {
    const Completion completion =
        completionFor(body, replyTextFor(body), int(exchange.sequence()), m_compat);
    QJsonObject choice{
        {u"index"_s, 0},
        {u"message"_s, QJsonObject{{u"role"_s, u"assistant"_s},
                                   {u"content"_s, completion.tokens.join(QString())},
                                   {u"refusal"_s, QJsonValue::Null}}},
        {u"logprobs"_s, completion.logprobs ? QJsonValue(
                            logprobsFor(completion.tokens, m_logprob, completion.topLogprobs))
                                            : QJsonValue(QJsonValue::Null)},
        {u"finish_reason"_s, completion.finishReason},
    };
    QJsonObject answer = completion.envelope(u"chat.completion"_s);
    answer.insert(u"choices"_s, QJsonArray{choice});
    answer.insert(u"usage"_s, completion.usage());
    HttpHeaders headers{{"x-request-id"_ba, "req-"_ba + QByteArray::number(exchange.sequence())},
                        {"Content-Type"_ba, "application/json"_ba}};
    headers.append(extra);
    exchange.respond(200, compact(answer), headers);
}

void FakeModelServer::answerWholeBody(HttpExchange &exchange, const QJsonObject &body,
                                      const Fault &fault, const HttpHeaders &extra) {
    exchange.beginStream(200, streamHeaders(exchange, extra), m_framing);
    if (fault.kind == Kind::RawStream) {
        exchange.writeChunk(fault.raw);
        exchange.endStream();
        return;
    }
    if (fault.kind == Kind::EndlessKeepAlive) {
        new BodyPump(exchange, [](qint64) { return ": keep-alive\n\n"_ba; });
        return;
    }
    // EndlessStream: the role chunk once, then the same content chunk over and over.
    const Completion completion =
        completionFor(body, QString(), int(exchange.sequence()), m_compat);
    QString text = fault.message;
    while (text.size() < 4096)
        text += fillerWords().at(text.size() % fillerWords().size()) + u' ';
    const auto event = [&](const QJsonObject &delta) -> QByteArray {
        QJsonObject object = completion.envelope(u"chat.completion.chunk"_s);
        object.insert(u"choices"_s,
                      QJsonArray{QJsonObject{{u"index"_s, 0},
                                             {u"delta"_s, delta},
                                             {u"logprobs"_s, QJsonValue::Null},
                                             {u"finish_reason"_s, QJsonValue::Null}}});
        return "data: "_ba + compact(object) + "\n\n"_ba;
    };
    const QByteArray role = event({{u"role"_s, u"assistant"_s}, {u"content"_s, u""_s}});
    const QByteArray content = event({{u"content"_s, text}});
    new BodyPump(exchange, [role, content](qint64 offset) { return offset == 0 ? role : content; });
}

void FakeModelServer::answerStream(HttpExchange &exchange, const QJsonObject &body,
                                   const QList<Fault> &faults, const HttpHeaders &extra) {
    const Completion completion =
        completionFor(body, replyTextFor(body), int(exchange.sequence()), m_compat);
    const auto has = [&](Kind kind) -> const Fault * {
        for (const Fault &fault : faults) {
            if (fault.kind == kind)
                return &fault;
        }
        return nullptr;
    };
    const QByteArray newline = has(Kind::CrlfLineEndings) ? "\r\n"_ba : "\n"_ba;
    // Explicit return types: QStringBuilder would otherwise outlive its operands.
    const auto event = [&](const QByteArray &data) -> QByteArray {
        return "data: "_ba + data + newline + newline;
    };
    const auto chunk = [&](const QJsonObject &delta, const QJsonValue &logprobs,
                           const QJsonValue &finishReason) -> QByteArray {
        QJsonObject object = completion.envelope(u"chat.completion.chunk"_s);
        object.insert(u"choices"_s, QJsonArray{QJsonObject{{u"index"_s, 0},
                                                           {u"delta"_s, delta},
                                                           {u"logprobs"_s, logprobs},
                                                           {u"finish_reason"_s, finishReason}}});
        // OpenAI announces the usage chunk this way on every chunk before it.
        if (completion.includeUsage)
            object.insert(u"usage"_s, QJsonValue::Null);
        return event(compact(object));
    };

    // The events and when each is due; then the faults rewrite the list.
    struct Event {
        QByteArray bytes;
        double dueMs = 0;
    };
    QList<Event> events;
    if (has(Kind::AzureEmptyFirstChunk)) {
        const QJsonObject severity{{u"filtered"_s, false}, {u"severity"_s, u"safe"_s}};
        const QJsonObject results{{u"hate"_s, severity},
                                  {u"self_harm"_s, severity},
                                  {u"sexual"_s, severity},
                                  {u"violence"_s, severity}};
        events.append(
            {event(compact({{u"choices"_s, QJsonArray{}},
                            {u"created"_s, 0},
                            {u"id"_s, u""_s},
                            {u"model"_s, u""_s},
                            {u"object"_s, u""_s},
                            {u"prompt_filter_results"_s,
                             QJsonArray{QJsonObject{{u"prompt_index"_s, 0},
                                                    {u"content_filter_results"_s, results}}}}})),
             0});
    }
    events.append(
        {chunk(
             {{u"role"_s, u"assistant"_s}, {u"content"_s, u""_s}, {u"refusal"_s, QJsonValue::Null}},
             QJsonValue::Null, QJsonValue::Null),
         0});

    const Fault *ending = nullptr;
    for (Kind kind :
         {Kind::ErrorMidStream, Kind::DropMidStream, Kind::HangMidStream, Kind::Truncated}) {
        if (!ending)
            ending = has(kind);
    }
    const qsizetype total = completion.tokens.size();
    const qsizetype sent = ending ? std::clamp<qsizetype>(ending->afterChunks, 0, total) : total;
    if (completion.overflowError) {
        // llama.cpp reads the prompt before it writes a token: nothing but the error line.
        const QJsonObject error{
            {u"code"_s, 400},
            {u"message"_s, u"the request exceeds the available context size, try increasing it"_s},
            {u"type"_s, u"exceed_context_size_error"_s},
            {u"n_prompt_tokens"_s, completion.promptTokens},
            {u"n_ctx"_s, completion.contextWindow}};
        events.append({"error: "_ba + compact(error) + newline + newline, 0});
        events.append({event("[DONE]"_ba), 0});
        ending = nullptr;
    }
    for (qsizetype i = 0; i < sent && !completion.overflowError; ++i) {
        const QString &token = completion.tokens.at(i);
        const bool last = !ending && i == total - 1;
        QJsonValue logprobs = QJsonValue::Null;
        if (completion.logprobs) {
            QJsonObject entries = logprobsFor({token}, m_logprob, completion.topLogprobs);
            if (last && !m_compat.endOfTextToken.isNull()) {
                QJsonArray content = entries.value(u"content"_s).toArray();
                content.append(logprobsFor({m_compat.endOfTextToken}, m_compat.endOfTextLogprob,
                                           completion.topLogprobs)
                                   .value(u"content"_s)
                                   .toArray()
                                   .first());
                entries.insert(u"content"_s, content);
            }
            logprobs = entries;
        }
        events.append({chunk({{u"content"_s, token}}, logprobs,
                             last ? QJsonValue(completion.finishReason) : QJsonValue::Null),
                       double(i + 1) * m_chunkDelayMs});
    }
    const double endMs = double(sent) * m_chunkDelayMs;
    if (!ending && !completion.overflowError) {
        // Nothing to stream (an empty reply or max_tokens 0): the finish still comes.
        if (total == 0)
            events.append({chunk({}, QJsonValue::Null, completion.finishReason), endMs});
        if (completion.includeUsage) {
            QJsonObject usage = completion.envelope(u"chat.completion.chunk"_s);
            usage.insert(u"choices"_s, QJsonArray{});
            usage.insert(u"usage"_s, completion.usage());
            events.append({event(compact(usage)), endMs});
        }
        events.append({event("[DONE]"_ba), endMs});
    } else if (ending && ending->kind == Kind::ErrorMidStream) {
        const QString message =
            ending->message.isEmpty() ? u"Context size has been exceeded."_s : ending->message;
        events.append({event(compact({{u"error"_s, QJsonObject{{u"code"_s, 500},
                                                               {u"message"_s, message},
                                                               {u"type"_s, u"server_error"_s}}}})),
                       endMs});
    }

    using Step = StreamPlayer::Step;
    QList<Step> steps;
    const Fault *splits = has(Kind::RandomSplits);
    QRandomGenerator random(splits ? splits->seed : 1);
    const bool keepAlives = has(Kind::KeepAliveComments) != nullptr;
    for (const Event &item : std::as_const(events)) {
        if (keepAlives)
            steps.append(
                {Step::Action::Write, ": keep-alive"_ba + newline + newline, item.dueMs, false});
        if (!splits) {
            steps.append({Step::Action::Write, item.bytes, item.dueMs, false});
            continue;
        }
        QList<qsizetype> cuts;
        const int count = int(random.bounded(1, 4));
        for (int i = 0; i < count && item.bytes.size() > 1; ++i)
            cuts.append(qsizetype(random.bounded(1, int(item.bytes.size()))));
        cuts.append(item.bytes.size());
        std::sort(cuts.begin(), cuts.end());
        qsizetype from = 0;
        for (const qsizetype cut : std::as_const(cuts)) {
            if (cut > from)
                steps.append(
                    {Step::Action::Write, item.bytes.mid(from, cut - from), item.dueMs, true});
            from = cut;
        }
    }
    if (!ending || ending->kind == Kind::ErrorMidStream || ending->kind == Kind::Truncated)
        steps.append({Step::Action::End, {}, endMs, false});
    else if (ending->kind == Kind::DropMidStream)
        // abort() discards bytes still buffered in the socket: give the last chunks time to
        // leave first, so that the client sees them before the reset.
        steps.append({Step::Action::Abort, {}, endMs + 20, true});
    else
        steps.append({Step::Action::Stop, {}, endMs, false});

    exchange.beginStream(200, streamHeaders(exchange, extra), m_framing);
    new StreamPlayer(exchange, std::move(steps),
                     [this](const QByteArray &bytes) { emit streamBytesWritten(bytes); });
}
