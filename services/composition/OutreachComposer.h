// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/GenerationResult.h"
#include "domain/OutreachContext.h"
#include "domain/OutreachError.h"
#include "domain/OutreachResponse.h"
#include "generation/ModelEndpoint.h"
#include "generation/PromptBuilder.h"
#include "net/RetryPolicy.h"
#include "review/ComplianceChecker.h"

#include <QCoroTask>
#include <QObject>
#include <QPointer>
#include <QString>

#include <optional>

class ContextAssembler;
class MessageGenerator;
class ModelServerProbe;
class RateLimitGovernor;
class QSettings;

// One composition from the rep's request to a checked draft (or, with options.rewrite, to a
// checked rewrite of a passage of the rep's draft): assembles the ticket's context,
// refuses a do-not-contact prospect before a token is spent, asks a compatible server for its real
// context window, streams the message from the model
// and reads the answer (checks, confidence, cited context) off the calling thread. The window's
// ComposeSession and the command line's HeadlessRun are its two front ends.
class OutreachComposer : public QObject {
    Q_OBJECT
public:
    enum class Stage {
        Idle,
        Assembling, // fetching the ticket's context
        Generating, // the request is out or text is arriving
        Waiting,    // a retry after a rate limit or server trouble is counting down
        Processing, // reading the finished answer: checks, confidence, cited context
    };
    Q_ENUM(Stage)

    struct Request {
        QString ticketId;
        QString prompt; // the rep's request
        PromptOptions options;
        ComplianceSettings compliance;
    };

    struct Composition {
        // Nullopt when it could not be assembled (or the run was stopped before it was).
        std::optional<OutreachContext> context;
        // What the model produced, partial text included; empty when nothing was generated.
        GenerationResult generated;
        // The answer as read and checked; nullopt when there was no context to read it against.
        std::optional<OutreachResponse> response;
        // Why it did not complete: the assembly, the refusal, the endpoint, or a stop.
        std::optional<OutreachError> error;
        // The prospect must not be contacted: nothing went to the model.
        bool refused = false;

        bool ok() const { return !error.has_value(); }
        bool cancelled() const { return error && error->code() == OutreachError::Code::Cancelled; }
    };

    explicit OutreachComposer(ContextAssembler &assembler, QObject *parent = nullptr);
    ~OutreachComposer() override;

    void setEndpoint(const ModelEndpoint &endpoint) { m_endpoint = endpoint; }
    const ModelEndpoint &endpoint() const { return m_endpoint; }
    // Where the generator remembers parameters an endpoint rejected; optional.
    void setQuirkStore(QSettings *settings) { m_quirks = settings; }
    // The model requests' retry policy; the transport's default when not set.
    void setRetryPolicy(const RetryPolicy &policy) { m_retryPolicy = policy; }

    // The shared admission of a batch's model requests; optional, and it must outlive the
    // compositions.
    void setGovernor(RateLimitGovernor *governor);

    // Runs one composition; one at a time (a second call while one runs is CANCELLED at once).
    QCoro::Task<Composition> compose(Request request);
    // Stops the composition in flight: its result keeps the partial text and says CANCELLED.
    void cancel();
    bool isRunning() const { return m_stage != Stage::Idle; }
    Stage stage() const { return m_stage; }

signals:
    void stageChanged(OutreachComposer::Stage stage);
    // The context the model is about to see (fresh, or from the cache when offline).
    void contextAssembled(const OutreachContext &context);
    // New text of the subject and of the message body, as it arrives.
    void subjectDelta(const QString &text);
    void messageDelta(const QString &text);
    // Waiting before another attempt (rate limit, server trouble): for a countdown.
    void retrying(int retry, qint64 delayMs, const OutreachError &error);

private:
    void setStage(Stage stage);
    QCoro::Task<Composition> run(Request request);

    ContextAssembler &m_assembler;
    ModelEndpoint m_endpoint;
    QSettings *m_quirks = nullptr;
    std::optional<RetryPolicy> m_retryPolicy;
    QPointer<RateLimitGovernor> m_governor;
    Stage m_stage = Stage::Idle;
    bool m_cancelled = false;
    QPointer<MessageGenerator> m_generator;
    ModelServerProbe *m_probe; // kept: it remembers each server's kind between compositions
};
