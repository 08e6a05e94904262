// SPDX-License-Identifier: GPL-3.0-or-later
#include "composition/OutreachComposer.h"

#include "crm/ContextAssembler.h"
#include "generation/MessageGenerator.h"
#include "generation/ModelServerProbe.h"
#include "generation/RateLimitGovernor.h"
#include "net/HttpTransport.h"
#include "review/ResponseHandler.h"

#include <QCoroFuture>
#include <QtConcurrent>

using namespace Qt::StringLiterals;

OutreachComposer::OutreachComposer(ContextAssembler &assembler, QObject *parent)
    : QObject(parent)
    , m_assembler(assembler)
    , m_probe(new ModelServerProbe(this)) {}

OutreachComposer::~OutreachComposer() = default;

void OutreachComposer::setGovernor(RateLimitGovernor *governor) {
    m_governor = governor;
}

void OutreachComposer::setStage(Stage stage) {
    if (stage == m_stage)
        return;
    m_stage = stage;
    emit stageChanged(stage);
}

void OutreachComposer::cancel() {
    if (!isRunning())
        return;
    m_cancelled = true;
    m_probe->cancel();
    if (m_generator)
        m_generator->cancel();
}

QCoro::Task<OutreachComposer::Composition> OutreachComposer::compose(Request request) {
    if (isRunning()) {
        Composition busy;
        busy.error = OutreachError(OutreachError::Code::Cancelled,
                                   tr("A message is already being composed."));
        co_return busy;
    }
    QPointer<OutreachComposer> self(this);
    m_cancelled = false;
    QCoro::Task<Composition> running = run(std::move(request));
    Composition composition = co_await std::move(running);
    if (self)
        setStage(Stage::Idle);
    co_return composition;
}

QCoro::Task<OutreachComposer::Composition> OutreachComposer::run(Request request) {
    QPointer<OutreachComposer> self(this);
    Composition composition;
    const auto stopped = [] {
        return OutreachError(OutreachError::Code::Cancelled, tr("Stopped."));
    };

    setStage(Stage::Assembling);
    QCoro::Task<Result<OutreachContext>> assembling = m_assembler.assembleContext(request.ticketId);
    Result<OutreachContext> assembled = co_await std::move(assembling);
    if (!self || m_cancelled) {
        composition.error = stopped();
        co_return composition;
    }
    if (!assembled.ok()) {
        composition.error = assembled.error();
        co_return composition;
    }
    composition.context = std::move(assembled).value();
    const OutreachContext &context = *composition.context;
    emit contextAssembled(context);

    if (std::optional<OutreachError> refused = MessageGenerator::refusal(context)) {
        // Nothing goes to the model; the answer is still read, so the refusal shows as a
        // blocking finding like any other.
        composition.refused = true;
        composition.generated.structured = false;
        composition.generated.error = refused;
        composition.error = std::move(refused);
        composition.response = ResponseHandler::process(composition.generated, context,
                                                        request.compliance, request.prompt);
        co_return composition;
    }

    // A compatible server says how much context it really gives the model (llama.cpp's per-slot
    // n_ctx, Ollama's num_ctx), which the setting only guesses; OpenAI and Azure are not asked.
    std::optional<int> serverWindow;
    if (m_endpoint.provider == ModelEndpoint::Provider::Compatible) {
        QCoro::Task<std::optional<int>> asking = m_probe->contextWindow(m_endpoint);
        serverWindow = co_await std::move(asking);
        if (!self || m_cancelled) {
            composition.error = stopped();
            co_return composition;
        }
    }

    auto *generator = new MessageGenerator(this);
    m_generator = generator;
    generator->setServerContextWindow(serverWindow);
    generator->setEndpoint(m_endpoint);
    generator->setQuirkStore(m_quirks);
    generator->setGovernor(m_governor);
    if (m_retryPolicy)
        generator->transport()->setRetryPolicy(*m_retryPolicy);
    connect(generator, &MessageGenerator::subjectDelta, this, [this](const QString &text) {
        setStage(Stage::Generating);
        emit subjectDelta(text);
    });
    connect(generator, &MessageGenerator::messageDelta, this, [this](const QString &text) {
        setStage(Stage::Generating);
        emit messageDelta(text);
    });
    connect(generator, &MessageGenerator::retrying, this,
            [this](int retry, qint64 delayMs, const OutreachError &error) {
                setStage(Stage::Waiting);
                emit retrying(retry, delayMs, error);
            });
    setStage(Stage::Generating);
    QCoro::Task<GenerationResult> generating =
        generator->generateMessage(context, request.prompt, request.options);
    composition.generated = co_await std::move(generating);
    if (!self)
        co_return composition;
    generator->deleteLater();
    composition.error = composition.generated.error;

    // Off the calling thread: the checks scan the whole text, and a runaway answer is megabytes.
    setStage(Stage::Processing);
    QFuture<OutreachResponse> processing =
        QtConcurrent::run(&ResponseHandler::process, composition.generated, context,
                          request.compliance, request.prompt);
    composition.response = co_await processing;
    co_return composition;
}
