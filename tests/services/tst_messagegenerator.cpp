// SPDX-License-Identifier: GPL-3.0-or-later
// MessageGenerator against the fake OpenAI-compatible endpoint: the request body per provider,
// streamed structured output reaching the caller as text, and every fault switch giving the
// documented error with the partial text kept.
#include "FakeModelServer.h"
#include "HttpExchange.h"
#include "crm/ContextAssembler.h"
#include "generation/CompletionStream.h"
#include "generation/MessageGenerator.h"
#include "generation/TokenBudget.h"
#include "net/HttpTransport.h"
#include "storage/CacheStore.h"
#include "storage/DemoWorkspace.h"
#include "support/AwaitTask.h"
#include "support/TestRetryPolicies.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using Fault = FakeModelServer::Fault;

Q_DECLARE_METATYPE(OutreachError::Code)

namespace {

struct Rig {
    QTemporaryDir dir;
    FakeModelServer server;
    std::unique_ptr<CacheStore> cache;
    std::unique_ptr<QSettings> settings;
    MessageGenerator generator;
    OutreachContext context;
    QString streamed;

    bool start() {
        if (!server.start())
            return false;
        auto opened = CacheStore::open(dir.filePath(u"cache.sqlite"_s));
        if (!opened.ok() || !DemoWorkspace::load(*opened.value()).ok())
            return false;
        cache = std::move(opened).value();
        settings =
            std::make_unique<QSettings>(dir.filePath(u"settings.ini"_s), QSettings::IniFormat);
        // A ticket whose prospect may be contacted.
        ContextAssembler assembler(*cache, nullptr);
        for (int id = 1001; id < 1057; ++id) {
            Result<OutreachContext> found = awaitTask(assembler.assembleContext(u"T-%1"_s.arg(id)));
            if (found.ok() && !found->prospect.prospect.doNotContact) {
                context = std::move(found).value();
                break;
            }
        }
        ModelEndpoint endpoint;
        endpoint.provider = ModelEndpoint::Provider::Compatible;
        endpoint.baseUrl = server.openAiBaseUrl();
        endpoint.model = u"fake-model"_s;
        generator.setEndpoint(endpoint);
        generator.setQuirkStore(settings.get());
        generator.transport()->setRetryPolicy(TestRetryPolicies::quick());
        QObject::connect(&generator, &MessageGenerator::messageDelta, &generator,
                         [this](const QString &text) { streamed += text; });
        return !context.ticket.id.isEmpty();
    }

    GenerationResult generate(const QString &request = u"Follow up on the demo"_s) {
        streamed.clear();
        return awaitTask(generator.generateMessage(context, request));
    }
};

} // namespace

class TestMessageGenerator : public QObject {
    Q_OBJECT

private slots:
    void theAnswerBoundFollowsTheOutputBudget() {
        QCOMPARE(MessageGenerator::maxAnswerCharacters(4000), qsizetype(64 * 1024));
        QCOMPARE(MessageGenerator::maxAnswerCharacters(16000), qsizetype(256000));
        QCOMPARE(MessageGenerator::maxAnswerCharacters(1000000),
                 MessageGenerator::MaxContentCharacters);
        QCOMPARE(MessageGenerator::maxAnswerCharacters(-1), qsizetype(64 * 1024));
    }

    void streamsTheMessageAsTextNeverJson() {
        Rig rig;
        QVERIFY(rig.start());
        QSignalSpy subject(&rig.generator, &MessageGenerator::subjectDelta);
        const GenerationResult result = rig.generate();
        QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error->toString()));
        QVERIFY(result.structured);
        const QString expected = rig.server.replyTextFor(rig.server.lastRequestBody());
        QCOMPARE(result.message, expected);
        QCOMPARE(rig.streamed, expected);
        QVERIFY(!rig.streamed.contains(u"\"message\""_s));
        QVERIFY(subject.size() > 0);
        QVERIFY(!result.subject.isEmpty());
        // The fake cites every id it saw in the prompt: the context reached it.
        QVERIFY(result.usedContext.contains(rig.context.ticket.id));
        QVERIFY(result.usage);
        QVERIFY(result.usage->completionTokens > 0);
        QVERIFY(result.logprobs && !result.logprobs->isEmpty());
        QCOMPARE(result.finishReason, u"stop"_s);
        QCOMPARE(result.requestId.left(4), u"req-"_s);
        QVERIFY(!rig.generator.isRunning());
    }

    void theRequestBodyFieldByField() {
        Rig rig;
        QVERIFY(rig.start());
        QVERIFY(rig.generate(u"Offer a demo next week"_s).ok());
        const QJsonObject body = rig.server.lastRequestBody();
        QCOMPARE(body.value(u"model"_s).toString(), u"fake-model"_s);
        QCOMPARE(body.value(u"stream"_s).toBool(), true);
        QCOMPARE(body.value(u"stream_options"_s).toObject().value(u"include_usage"_s).toBool(),
                 true);
        QCOMPARE(body.value(u"temperature"_s).toDouble(), 0.7);
        // A compatible server gets the output cap by the name every such server knows.
        QCOMPARE(body.value(u"max_tokens"_s).toInt(), 4000);
        QVERIFY(!body.contains(u"max_completion_tokens"_s));
        QCOMPARE(body.value(u"logprobs"_s).toBool(), true);
        QCOMPARE(body.value(u"top_logprobs"_s).toInt(), 1);
        const QJsonObject format = body.value(u"response_format"_s).toObject();
        QCOMPARE(format.value(u"type"_s).toString(), u"json_schema"_s);
        const QJsonObject schema = format.value(u"json_schema"_s).toObject();
        QCOMPARE(schema.value(u"strict"_s).toBool(), true);
        QCOMPARE(schema.value(u"schema"_s).toObject().value(u"required"_s).toArray().size(), 4);
        const QJsonArray messages = body.value(u"messages"_s).toArray();
        QCOMPARE(messages.size(), 2);
        QCOMPARE(messages.at(0).toObject().value(u"role"_s).toString(), u"system"_s);
        QCOMPARE(messages.at(1).toObject().value(u"role"_s).toString(), u"user"_s);
        const QString user = messages.at(1).toObject().value(u"content"_s).toString();
        QVERIFY(user.contains(u"Offer a demo next week"_s));
        QVERIFY(user.contains(u"<crm_data"_s));
        QVERIFY(user.contains(rig.context.ticket.id));
        // No key for a local server: no Authorization header at all.
        QVERIFY(rig.server.requests().constLast().header("Authorization").isNull());
    }

    void openAiAndAzureAuthentication() {
        Rig rig;
        QVERIFY(rig.start());
        rig.server.setApiKey("sk-secret"_ba);
        ModelEndpoint openai = rig.generator.endpoint();
        openai.provider = ModelEndpoint::Provider::OpenAI;
        openai.apiKey = u"sk-secret"_s;
        rig.generator.setEndpoint(openai);
        QVERIFY(rig.generate().ok());
        QCOMPARE(rig.server.requests().constLast().header("Authorization"), "Bearer sk-secret"_ba);

        ModelEndpoint azure;
        azure.provider = ModelEndpoint::Provider::Azure;
        azure.baseUrl = QUrl(rig.server.baseUrl());
        azure.deployment = u"outreach"_s;
        azure.apiVersion = u"2024-10-21"_s;
        azure.apiKey = u"sk-secret"_s;
        rig.generator.setEndpoint(azure);
        const GenerationResult result = rig.generate();
        QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error->toString()));
        const RecordedRequest last = rig.server.requests().constLast();
        QCOMPARE(last.route, u"azure.deployments"_s);
        QCOMPARE(last.header("api-key"), "sk-secret"_ba);
        QVERIFY(last.header("Authorization").isNull());
        QCOMPARE(last.query.queryItemValue(u"api-version"_s), u"2024-10-21"_s);

        rig.server.setApiKey("another"_ba);
        const GenerationResult refused = rig.generate();
        QCOMPARE(refused.error->code(), OutreachError::Code::Auth);
        QVERIFY(!refused.error->message().contains(u"sk-secret"_s));
    }

    void streamingQuirksGiveTheSameText_data() {
        QTest::addColumn<Fault>("fault");
        QTest::newRow("random splits") << Fault::randomSplits(7);
        QTest::newRow("CRLF") << Fault::crlfLineEndings();
        QTest::newRow("keep-alives") << Fault::keepAliveComments();
        QTest::newRow("Azure empty first chunk") << Fault::azureEmptyFirstChunk();
    }
    void streamingQuirksGiveTheSameText() {
        QFETCH(Fault, fault);
        Rig rig;
        QVERIFY(rig.start());
        const GenerationResult clean = rig.generate();
        QVERIFY(clean.ok());
        rig.server.setFault(fault);
        const GenerationResult quirky = rig.generate();
        QVERIFY2(quirky.ok(), qPrintable(quirky.ok() ? QString() : quirky.error->toString()));
        QCOMPARE(quirky.message, clean.message);
        QCOMPARE(rig.streamed, clean.message);
        QCOMPARE(quirky.subject, clean.subject);
    }

    // Mid-stream faults strike after 40 pieces of the JSON object: well into the message text
    // (the fake streams the structured output in pieces of 3-7 characters, subject first).
    void faults_data() {
        QTest::addColumn<Fault>("fault");
        QTest::addColumn<int>("times");
        QTest::addColumn<bool>("recovers");
        QTest::addColumn<OutreachError::Code>("code");
        QTest::addColumn<int>("requests");
        QTest::addColumn<bool>("partial");
        using Code = OutreachError::Code;
        QTest::newRow("rate limit once")
            << Fault::rateLimit("0", "50") << 1 << true << Code::RateLimit << 2 << false;
        QTest::newRow("rate limit always")
            << Fault::rateLimit("0", "10") << -1 << false << Code::RateLimit << 3 << false;
        QTest::newRow("quota") << Fault::insufficientQuota() << -1 << false << Code::RateLimit << 1
                               << false;
        QTest::newRow("should not retry")
            << Fault::rateLimit("0", "10", "false") << -1 << false << Code::RateLimit << 1 << false;
        QTest::newRow("401") << Fault::unauthorized() << -1 << false << Code::Auth << 1 << false;
        QTest::newRow("500 once") << Fault::serverError() << 1 << true << Code::ApiError << 2
                                  << false;
        QTest::newRow("flat error") << Fault::flatError(400, u"bad things"_s) << -1 << false
                                    << Code::ApiError << 1 << false;
        QTest::newRow("error mid-stream") << Fault::errorMidStream(40, u"model crashed"_s) << -1
                                          << false << Code::ApiError << 1 << true;
        QTest::newRow("truncated")
            << Fault::truncated(40) << -1 << false << Code::ApiError << 1 << true;
        QTest::newRow("dropped mid-stream")
            << Fault::dropMidStream(40) << -1 << false << Code::Network << 1 << true;
    }
    void faults() {
        QFETCH(Fault, fault);
        QFETCH(int, times);
        QFETCH(bool, recovers);
        QFETCH(OutreachError::Code, code);
        QFETCH(int, requests);
        QFETCH(bool, partial);
        Rig rig;
        QVERIFY(rig.start());
        rig.server.setFault(fault, times);
        const GenerationResult result = rig.generate();
        QCOMPARE(result.ok(), recovers);
        if (fault.kind == Fault::Kind::DropMidStream)
            QVERIFY(rig.server.requests().size() >= requests);
        else
            QCOMPARE(int(rig.server.requests().size()), requests);
        if (recovers)
            return;
        // Qt sometimes ends a cut chunked stream with NoError; the missing [DONE] then makes it
        // the truncated-stream API_ERROR instead of NETWORK. Both keep the text.
        if (fault.kind == Fault::Kind::DropMidStream)
            QVERIFY(result.error->code() == OutreachError::Code::Network
                    || result.error->code() == OutreachError::Code::ApiError);
        else
            QCOMPARE(result.error->code(), code);
        QVERIFY(!result.error->requestId().isEmpty() || fault.kind == Fault::Kind::DropMidStream);
        if (partial) {
            QVERIFY2(!result.message.isEmpty(), "the partial text must be kept");
            QCOMPARE(rig.streamed, result.message);
        }
        if (fault.kind == Fault::Kind::InsufficientQuota)
            QVERIFY(result.error->isQuotaExhausted());
        if (fault.kind == Fault::Kind::ErrorMidStream)
            QVERIFY(result.error->message().contains(u"model crashed"_s));
        if (fault.kind == Fault::Kind::FlatError)
            QVERIFY(result.error->message().contains(u"bad things"_s));
    }

    void rateLimitWaitsForRetryAfter() {
        Rig rig;
        QVERIFY(rig.start());
        rig.server.setFault(Fault::rateLimit("1", "400"), 1);
        QSignalSpy retrying(&rig.generator, &MessageGenerator::retrying);
        QVERIFY(rig.generate().ok());
        QCOMPARE(retrying.size(), 1);
        QCOMPARE(retrying.constFirst().at(1).toLongLong(), 400); // retry-after-ms wins
        const QList<RecordedRequest> requests = rig.server.requests();
        QVERIFY(requests.at(1).arrivedMs - requests.at(0).completedMs >= 380);
    }

    void aRejectedParameterIsDroppedOnceAndRemembered_data() {
        QTest::addColumn<Fault>("fault");
        QTest::addColumn<QString>("absentAfter");
        QTest::addColumn<QString>("presentAfter");
        QTest::newRow("max_tokens")
            << Fault::rejectParam(u"max_tokens"_s) << u"max_tokens"_s << u"max_completion_tokens"_s;
        QTest::newRow("temperature") << Fault::rejectParam(u"temperature"_s, u"unsupported_value"_s)
                                     << u"temperature"_s << u"messages"_s;
        QTest::newRow("response_format")
            << Fault::rejectParam(u"response_format"_s) << u"response_format"_s << u"messages"_s;
    }
    void aRejectedParameterIsDroppedOnceAndRemembered() {
        QFETCH(Fault, fault);
        QFETCH(QString, absentAfter);
        QFETCH(QString, presentAfter);
        Rig rig;
        QVERIFY(rig.start());
        rig.server.setFault(fault);
        GenerationResult result = rig.generate();
        QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error->toString()));
        QCOMPARE(rig.server.requests().size(), 2);
        QVERIFY(!rig.server.lastRequestBody().contains(absentAfter));
        QVERIFY(rig.server.lastRequestBody().contains(presentAfter));
        QVERIFY(!result.message.isEmpty());
        QCOMPARE(rig.streamed, result.message);
        if (fault.param == u"response_format"_s) {
            QVERIFY(!result.structured);
            QVERIFY(!result.message.startsWith(u'{'));
        }
        // Remembered for this endpoint and model: the next generation asks right away.
        rig.server.clearRequests();
        result = rig.generate();
        QVERIFY(result.ok());
        QCOMPARE(rig.server.requests().size(), 1);
        QVERIFY(!rig.server.lastRequestBody().contains(absentAfter));
    }

    // What OpenAI-compatible servers do without saying so: each must end as an error or a
    // result the checks block, never as a clean draft.
    void llamaCppErrorLineIsAnError() {
        Rig rig;
        QVERIFY(rig.start());
        rig.server.setContextWindow(500, FakeModelServer::Overflow::ErrorLine);
        const GenerationResult result = rig.generate();
        QVERIFY(!result.ok());
        QCOMPARE(result.error->code(), OutreachError::Code::ApiError);
        QVERIFY2(result.error->message().contains(u"exceeds the available context size"_s),
                 qPrintable(result.error->message()));
        QCOMPARE(result.error->serverCode(), u"exceed_context_size_error"_s);
        QVERIFY(result.message.isEmpty());
    }

    void aPromptTheServerCutIsAnErrorNotADraft() {
        Rig rig;
        QVERIFY(rig.start());
        // The setting says 128,000; the server really has 1,000 and drops the prompt's front.
        rig.server.setContextWindow(1000);
        const GenerationResult result = rig.generate();
        QVERIFY(!result.ok());
        QCOMPARE(result.error->serverCode(), u"prompt_cut"_s);
        QVERIFY(result.error->message().contains(u"cut the prompt"_s));
        QVERIFY2(result.usage && result.usage->promptTokens == 500, "the server's own count");
        QCOMPARE(rig.server.requests().size(), 1);
    }

    void anHonestCountIsNotTakenForACut_data() {
        QTest::addColumn<int>("interactions");
        QTest::newRow("all context") << -1;
        QTest::newRow("no history") << 0;
    }
    void anHonestCountIsNotTakenForACut() {
        QFETCH(int, interactions);
        Rig rig;
        QVERIFY(rig.start());
        if (interactions >= 0)
            rig.context.interactions.resize(interactions);
        const GenerationResult result = rig.generate();
        QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error->toString()));
        // The fake counts as a BPE pre-tokenizer splits; the estimate stays above that.
        const double ratio =
            double(result.usage->promptTokens) / double(result.prompt.estimatedTokens);
        QVERIFY2(ratio > 0.7 && ratio <= 1.0, qPrintable(QString::number(ratio)));
    }

    void theServersWindowShapesTheRequest() {
        Rig rig;
        QVERIFY(rig.start());
        rig.server.setContextWindow(3000);
        rig.generator.setServerContextWindow(3000);
        const GenerationResult result = rig.generate();
        QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error->toString()));
        const QJsonObject body = rig.server.lastRequestBody();
        // The output cap gave way (4,000 would not fit) down to what a medium draft needs, and the
        // prompt was trimmed to the rest, with the margin for an unknown tokenizer.
        const int output = body.value(u"max_tokens"_s).toInt();
        QCOMPARE(output, TokenBudget::minimumOutputTokens(MessageLength::Medium, true));
        QVERIFY(!result.prompt.dropped.isEmpty());
        QVERIFY(result.prompt.estimatedTokens * 1.15 <= 3000 - output + 1);
        QVERIFY(result.usage->promptTokens + output <= 3000);
    }

    void aWindowTooSmallForAnyPromptSendsNothing() {
        Rig rig;
        QVERIFY(rig.start());
        rig.generator.setServerContextWindow(900);
        const GenerationResult result = rig.generate();
        QVERIFY(!result.ok());
        QVERIFY2(result.error->message().contains(u"does not fit"_s),
                 qPrintable(result.error->message()));
        QVERIFY(result.error->message().contains(u"900"_s));
        QCOMPARE(rig.server.requests().size(), 0);
    }

    void anIgnoredResponseFormatIsReadAsPlainText() {
        Rig rig;
        QVERIFY(rig.start());
        rig.server.setIgnoresResponseFormat(true);
        const GenerationResult result = rig.generate();
        QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error->toString()));
        QVERIFY(!result.structured);
        QVERIFY(result.message.startsWith(u"Reply using"_s));
        QCOMPARE(rig.streamed, result.message);
        // Read as plain text, the cited context comes from the text, not from JSON.
        QVERIFY(rig.server.lastRequestBody().contains(u"response_format"_s));
    }

    void aFencedJsonAnswerIsReadAsJson() {
        Rig rig;
        QVERIFY(rig.start());
        rig.server.setIgnoresResponseFormat(true, true);
        const GenerationResult result = rig.generate();
        QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error->toString()));
        QVERIFY(result.structured);
        QVERIFY(result.subject.startsWith(u"Following up"_s));
        QVERIFY(result.message.startsWith(u"Reply using"_s));
        QVERIFY(!result.message.contains(u"```"_s));
        QCOMPARE(rig.streamed, result.message);
        QVERIFY(!result.suggestedFollowUp.isEmpty());
    }

    void theOutputCapIsOneTheServerHonours() {
        Rig rig;
        QVERIFY(rig.start());
        rig.server.setIgnoresMaxCompletionTokens(true);
        ModelEndpoint endpoint = rig.generator.endpoint();
        endpoint.maxOutputTokens = 30;
        rig.generator.setEndpoint(endpoint);
        const GenerationResult result = rig.generate();
        // Cut at 30 tokens: the result is whole as a stream, and says it was cut.
        QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error->toString()));
        QCOMPARE(result.finishReason, u"length"_s);
        QCOMPARE(result.usage->completionTokens, 30);

        // OpenAI and Azure get the name they document.
        rig.server.setApiKey("sk-secret"_ba);
        endpoint.provider = ModelEndpoint::Provider::OpenAI;
        endpoint.apiKey = u"sk-secret"_s;
        rig.generator.setEndpoint(endpoint);
        rig.generate();
        QCOMPARE(rig.server.lastRequestBody().value(u"max_completion_tokens"_s).toInt(), 30);
        QVERIFY(!rig.server.lastRequestBody().contains(u"max_tokens"_s));
    }

    void aParameterRejectedWithA500IsDroppedWithoutRetrying() {
        Rig rig;
        QVERIFY(rig.start());
        rig.server.setFault(Fault::rejectParamAsServerError(
            u"response_format"_s, u"response_format type must be one of \"text\" or "
                                  u"\"json_object\", but got: json_schema"_s));
        const GenerationResult result = rig.generate();
        QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error->toString()));
        // One refusal and one adapted request: a 500 that names a parameter is not retried.
        QCOMPARE(rig.server.requests().size(), 2);
        QVERIFY(!rig.server.lastRequestBody().contains(u"response_format"_s));
        QVERIFY(!result.structured);
        QVERIFY(!result.message.isEmpty());
    }

    void aPlain500IsStillRetried() {
        Rig rig;
        QVERIFY(rig.start());
        rig.server.setFault(Fault::serverError(500, u"out of memory while loading the model"_s), 1);
        const GenerationResult result = rig.generate();
        QVERIFY(result.ok());
        QCOMPARE(rig.server.requests().size(), 2);
        QVERIFY(rig.server.lastRequestBody().contains(u"response_format"_s));
    }

    void logprobsCostLittleAndLeaveOutTheEndOfText() {
        Rig rig;
        QVERIFY(rig.start());
        // llama.cpp: twenty alternatives unless told, and the end-of-text token at the end.
        rig.server.setDefaultTopLogprobs(20);
        rig.server.setEndOfTextLogprob(QString(), -9.0);
        QByteArray wire;
        QObject::connect(&rig.server, &FakeModelServer::streamBytesWritten, &rig.server,
                         [&wire](const QByteArray &bytes) { wire += bytes; });
        const GenerationResult result = rig.generate();
        QVERIFY(result.ok());
        QCOMPARE(rig.server.lastRequestBody().value(u"top_logprobs"_s).toInt(), 1);
        QCOMPARE(qsizetype(result.logprobs->size()), qsizetype(result.usage->completionTokens));
        for (const double logprob : *result.logprobs)
            QCOMPARE(logprob, -0.05);
        // One alternative per token on the wire, not twenty.
        QVERIFY(!wire.contains("~2"));
    }

    void endOfTextTokensAreRecognised() {
        const auto token = [](const QString &text) { return QJsonObject{{u"token"_s, text}}; };
        for (const QString &end :
             {QString(), u"<|im_end|>"_s, u"<|eot_id|>"_s, u"</s>"_s, u"<eos>"_s,
              u"<end_of_turn>"_s, u"<\uFF5Cend\u2581of\u2581sentence\uFF5C>"_s})
            QVERIFY2(CompletionStream::isEndOfTextToken(token(end)), qPrintable(end));
        for (const QString &text : {u" Hello"_s, u"<"_s, u"<b>"_s, u"|"_s, u" <|"_s})
            QVERIFY2(!CompletionStream::isEndOfTextToken(token(text)), qPrintable(text));
    }

    void theSchemaGoesOutInWritingOrder() {
        Rig rig;
        QVERIFY(rig.start());
        QVERIFY(rig.generate().ok());
        const QByteArray body = rig.server.requests().constLast().body;
        const qsizetype properties = body.indexOf("\"properties\":{");
        QVERIFY(properties > 0);
        const QByteArray order = body.mid(properties);
        const qsizetype subject = order.indexOf("\"subject\"");
        const qsizetype message = order.indexOf("\"message\"");
        const qsizetype used = order.indexOf("\"used_context\"");
        const qsizetype followUp = order.indexOf("\"suggested_follow_up\"");
        QVERIFY(subject >= 0 && subject < message && message < used && used < followUp);
        // The request's own fields too: model and messages first, the schema last.
        QVERIFY(body.startsWith("{\"model\":"));
        QVERIFY(body.indexOf("\"response_format\"") > body.indexOf("\"messages\""));
    }

    void streamsThatEndBadlyAreErrors_data() {
        QTest::addColumn<QByteArray>("raw");
        QTest::addColumn<QString>("says");
        // Explicit return types: QStringBuilder would otherwise outlive its operands.
        const auto chunk = [](const QString &content, const QJsonValue &finish) -> QByteArray {
            const QJsonObject object{
                {u"choices"_s,
                 QJsonArray{QJsonObject{{u"index"_s, 0},
                                        {u"delta"_s, QJsonObject{{u"content"_s, content}}},
                                        {u"finish_reason"_s, finish}}}}};
            return "data: "_ba + QJsonDocument(object).toJson(QJsonDocument::Compact) + "\n\n"_ba;
        };
        const QByteArray content =
            chunk(u"{\"subject\":\"Hi\",\"message\":\"Text\"}"_s, QJsonValue::Null);
        const QByteArray done = "data: [DONE]\n\n"_ba;
        QTest::newRow("[DONE] without a finish reason")
            << QByteArray(content + done) << u"no finish reason"_s;
        QTest::newRow("nothing but [DONE]") << done << u"no finish reason"_s;
        QTest::newRow("an empty answer")
            << QByteArray(chunk(QString(), u"stop"_s) + done) << u"was empty"_s;
        QTest::newRow("an error line after content") << QByteArray(
            content
            + "error: {\"code\":500,\"message\":\"slot crashed\",\"type\":\"server_error\"}"
              "\n\n"_ba
            + done) << u"slot crashed"_s;
    }
    void streamsThatEndBadlyAreErrors() {
        QFETCH(QByteArray, raw);
        QFETCH(QString, says);
        Rig rig;
        QVERIFY(rig.start());
        rig.server.setFault(Fault::rawStream(raw));
        const GenerationResult result = rig.generate();
        QVERIFY(!result.ok());
        QVERIFY2(result.error->message().contains(says), qPrintable(result.error->message()));
        if (raw.contains("Text"))
            QCOMPARE(result.message, u"Text"_s); // the partial text is kept
    }

    void inactivityTimeoutKeepsThePartialText() {
        Rig rig;
        QVERIFY(rig.start());
        HttpLimits limits = rig.generator.transport()->limits();
        limits.inactivity = std::chrono::milliseconds(300);
        rig.generator.transport()->setLimits(limits);
        rig.server.setFault(Fault::hangMidStream(40));
        const GenerationResult result = rig.generate();
        QVERIFY(!result.ok());
        QCOMPARE(result.error->code(), OutreachError::Code::Network);
        QVERIFY(!result.message.isEmpty());
        QCOMPARE(rig.server.requests().size(), 1); // never retried after text arrived
    }

    void aHangBeforeTheAnswerTimesOutAndIsRetried() {
        Rig rig;
        QVERIFY(rig.start());
        HttpLimits limits = rig.generator.transport()->limits();
        limits.inactivity = std::chrono::milliseconds(200);
        rig.generator.transport()->setLimits(limits);
        rig.server.setFault(Fault::hangBeforeHeaders(), 1);
        const GenerationResult result = rig.generate();
        QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error->toString()));
        QCOMPARE(rig.server.requests().size(), 2); // nothing had arrived: safe to ask again
    }

    void aServerThatIgnoresStreamingStillWorks() {
        // Some compatible servers answer `stream: true` with one chat.completion object.
        Rig rig;
        QVERIFY(rig.start());
        FakeHttpServer plain;
        plain.addRoute(u"chat"_s, "POST"_ba, u"/v1/chat/completions"_s, [](HttpExchange &exchange) {
            const QJsonObject content{{u"subject"_s, u"Hello"_s},
                                      {u"message"_s, u"One piece, not streamed."_s},
                                      {u"used_context"_s, QJsonArray{u"ticket"_s}},
                                      {u"suggested_follow_up"_s, u"Call"_s}};
            const QJsonObject answer{
                {u"object"_s, u"chat.completion"_s},
                {u"model"_s, u"plain-model"_s},
                {u"choices"_s,
                 QJsonArray{QJsonObject{
                     {u"index"_s, 0},
                     {u"message"_s,
                      QJsonObject{{u"role"_s, u"assistant"_s},
                                  {u"content"_s, QString::fromUtf8(QJsonDocument(content).toJson(
                                                     QJsonDocument::Compact))}}},
                     {u"finish_reason"_s, u"stop"_s}}}},
                {u"usage"_s, QJsonObject{{u"prompt_tokens"_s, 2500},
                                         {u"completion_tokens"_s, 5},
                                         {u"total_tokens"_s, 2505}}}};
            exchange.respondJson(200, QJsonDocument(answer));
        });
        QVERIFY(plain.listen());
        ModelEndpoint endpoint = rig.generator.endpoint();
        endpoint.baseUrl = QUrl(plain.baseUrl().toString() + u"/v1"_s);
        rig.generator.setEndpoint(endpoint);
        const GenerationResult result = rig.generate();
        QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error->toString()));
        QCOMPARE(result.message, u"One piece, not streamed."_s);
        QCOMPARE(rig.streamed, result.message);
        QCOMPARE(result.subject, u"Hello"_s);
        QCOMPARE(result.usedContext, QStringList{u"ticket"_s});
        QCOMPARE(result.model, u"plain-model"_s);
        QCOMPARE(result.usage->totalTokens, 2505);
    }

    void stopKeepsThePartialText() {
        Rig rig;
        QVERIFY(rig.start());
        rig.server.setChunkDelay(30);
        QObject::connect(&rig.generator, &MessageGenerator::messageDelta, &rig.generator, [&rig] {
            if (rig.streamed.size() > 10)
                rig.generator.cancel();
        });
        const GenerationResult result = rig.generate();
        QVERIFY(!result.ok());
        QCOMPARE(result.error->code(), OutreachError::Code::Cancelled);
        QVERIFY(!result.message.isEmpty());
        QVERIFY(result.message.size()
                < rig.server.replyTextFor(rig.server.lastRequestBody()).size());
    }

    void aDoNotContactProspectCostsNoRequest() {
        Rig rig;
        QVERIFY(rig.start());
        rig.context.prospect.prospect.doNotContact = true;
        const GenerationResult result = rig.generate();
        QVERIFY(!result.ok());
        QCOMPARE(result.error->field(), u"do_not_contact"_s);
        QVERIFY(rig.server.requests().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestMessageGenerator)
#include "tst_messagegenerator.moc"
