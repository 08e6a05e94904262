// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/HeadlessRun.h"

#include "batch/BatchRunner.h"
#include "composition/OutreachComposer.h"
#include "crm/ContextAssembler.h"
#include "crm/CrmConnector.h"
#include "crm/Outbox.h"
#include "crm/TicketSync.h"
#include "generation/ModelEndpoint.h"
#include "generation/TemplateDrafts.h"
#include "mail/MimeWriter.h"
#include "net/HttpTransport.h"
#include "platform/CredentialStore.h"
#include "review/ComplianceChecker.h"
#include "storage/CacheStore.h"
#include "storage/DataDirectory.h"
#include "storage/DemoWorkspace.h"
#include "storage/DraftStore.h"
#include "ui/itemmodels/TicketTableModel.h"
#include "workspace/CrmSession.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QSaveFile>
#include <QSet>
#include <QSettings>
#include <QTemporaryDir>

#include <memory>
#include <utility>

using namespace Qt::StringLiterals;

HeadlessRun::HeadlessRun(CommandLine::Options options, QProcessEnvironment environment)
    : m_options(std::move(options))
    , m_environment(std::move(environment))
    , m_out(stdout)
    , m_err(stderr) {}

QCoro::Task<int> HeadlessRun::run() {
    // --demo without --data-dir must not fill the user's real data folder with the demo.
    QTemporaryDir demoDir;
    const QString location =
        m_options.demo && m_options.dataDir.isEmpty() ? demoDir.path() : m_options.dataDir;
    Result<DataDirectory> dataDir = DataDirectory::open(location);
    if (!dataDir.ok()) {
        m_err << dataDir.error().toString() << Qt::endl;
        co_return 1;
    }
    const std::unique_ptr<QSettings> settings = dataDir->settings();
    Result<std::unique_ptr<CacheStore>> opened = CacheStore::open(dataDir->databasePath());
    if (!opened.ok()) {
        m_err << opened.error().toString() << Qt::endl;
        co_return 1;
    }
    const std::unique_ptr<CacheStore> cache = std::move(opened).value();
    if (m_options.generateBatch || m_options.resumeBatch) {
        if (m_options.demo && cache->ticketCount() == 0) {
            if (const auto demo = DemoWorkspace::load(*cache); !demo.ok()) {
                m_err << demo.error().toString() << Qt::endl;
                co_return 1;
            }
        }
        co_return co_await generateBatch(*cache, *settings);
    }
    if (!m_options.generateTicket.isEmpty()) {
        if (m_options.demo && cache->ticketCount() == 0) {
            if (const auto demo = DemoWorkspace::load(*cache); !demo.ok()) {
                m_err << demo.error().toString() << Qt::endl;
                co_return 1;
            }
        }
        co_return co_await generate(*cache, *settings);
    }

    const CrmSession::Settings crmSettings =
        CrmSession::Settings::load(*settings, m_environment, m_options.crmUrl, m_options.crmKind);
    if (!crmSettings.configured()) {
        m_err << tr("No CRM address: pass --crm-url URL (or --crm hubspot), set "
                    "OUTREACHGPT_CRM_URL, or set the CRM in Settings.")
              << Qt::endl;
        co_return 2;
    }
    // Before anything is sent, and without the address's secret in the message: the address
    // may come from OUTREACHGPT_CRM_URL or an old settings file.
    if (const Result<void> noUserInfo =
            HttpTransport::checkNoUserInfo(crmSettings.baseUrl, tr("the CRM"));
        !noUserInfo.ok()) {
        m_err << noUserInfo.error().toString() << Qt::endl;
        co_return 2;
    }
    HttpTransport::useSystemProxySettings();
    CrmSession session(*cache, crmSettings);
    if (const Result<bool> claimed = session.claimCache(); !claimed.ok()) {
        m_err << claimed.error().toString() << Qt::endl;
        co_return 1;
    } else if (claimed.value()) {
        m_err << tr("The cache held another CRM's tickets; they were removed (your messages and "
                    "queued writes stay).")
              << Qt::endl;
    }
    CredentialStore credentials;
    if (const Result<void> token = co_await session.loadToken(credentials, m_environment);
        !token.ok()) {
        m_err << token.error().toString() << Qt::endl;
        // Scripts and cron jobs often run where no keyring can be reached: say how to give the
        // token without one.
        m_err << tr("Without the keychain, pass the CRM token in OUTREACHGPT_CRM_TOKEN.")
              << Qt::endl;
        co_return 1;
    }
    if (!session.connector().hasToken()) {
        m_err << tr("No CRM token: set OUTREACHGPT_CRM_TOKEN, or store the token in Settings "
                    "(it is kept in the system keychain).")
              << Qt::endl;
        co_return 2;
    }

    int exitCode = 0;
    if (m_options.sync) {
        const TicketSync::Report report = co_await session.ticketSync().sync();
        m_out << tr("Sync from %1: %2 tickets fetched in %3 page(s), %4 stored, %5 projects and "
                    "prospects fetched, %6 rejected.")
                     .arg(crmSettings.baseUrl.toDisplayString())
                     .arg(report.fetched)
                     .arg(report.pages)
                     .arg(report.stored)
                     .arg(report.relatedFetched)
                     .arg(report.rejected.size())
              << Qt::endl;
        for (const OutreachError &rejected : report.rejected)
            m_out << tr("  rejected: %1").arg(rejected.toString()) << Qt::endl;
        if (report.error) {
            m_err << tr("Sync stopped: %1").arg(report.error->toString()) << Qt::endl;
            exitCode = 1;
        }
    }
    if (m_options.flushOutbox) {
        const Outbox::Report report = co_await session.outbox().deliver(Outbox::Mode::Flush);
        m_out << tr("Outbox: %1 delivered, %2 failed, %3 pending, %4 failed in total.")
                     .arg(report.delivered)
                     .arg(report.failed)
                     .arg(report.pending)
                     .arg(session.outbox().failedCount())
              << Qt::endl;
        for (const Outbox::Entry &entry : session.outbox().entries(Outbox::State::Failed))
            m_out << tr("  failed: #%1 %2 %3: %4")
                         .arg(entry.seq)
                         .arg(QString::fromLatin1(entry.method), entry.path, entry.lastError)
                  << Qt::endl;
        if (report.stoppedBy)
            m_err << tr("Delivery stopped: %1").arg(report.stoppedBy->toString()) << Qt::endl;
        if (report.pending > 0 || report.failed > 0)
            exitCode = 1;
    }
    co_return exitCode;
}

void HeadlessRun::printFindings(const QList<ComplianceFinding> &findings) {
    for (const ComplianceFinding &finding : findings)
        m_out << tr("%1 — %2: \"%3\". %4")
                     .arg(ComplianceFinding::severityLabel(finding.severity),
                          ComplianceFinding::kindLabel(finding.kind), finding.text, finding.advice)
              << Qt::endl;
}

void HeadlessRun::streamToTerminal(OutreachComposer &composer) {
    QObject::connect(
        &composer, &OutreachComposer::contextAssembled, &composer,
        [this](const OutreachContext &context) {
            m_err << tr("Context for %1: %2").arg(context.ticket.id, context.sourceDescription())
                  << Qt::endl;
        });
    // The subject goes on its own line before the body, whichever the model writes first: body
    // text that comes before any subject waits for it (or for the end of the answer).
    QObject::connect(&composer, &OutreachComposer::subjectDelta, &composer,
                     [this](const QString &text) {
                         if (!m_terminal.subjectStarted)
                             m_out << tr("Subject: ");
                         m_terminal.subjectStarted = true;
                         m_out << text << Qt::flush;
                     });
    QObject::connect(&composer, &OutreachComposer::messageDelta, &composer,
                     [this](const QString &text) {
                         if (!m_terminal.subjectStarted) {
                             m_terminal.heldBody += text;
                             return;
                         }
                         if (!m_terminal.bodyStarted)
                             m_out << "\n\n" << std::exchange(m_terminal.heldBody, {});
                         m_terminal.bodyStarted = true;
                         m_out << text << Qt::flush;
                     });
    QObject::connect(&composer, &OutreachComposer::retrying, &composer,
                     [this](int retry, qint64 delayMs, const OutreachError &error) {
                         m_err << tr("Retry %1 in %2 s: %3")
                                      .arg(retry)
                                      .arg(double(delayMs) / 1000.0, 0, 'f', 1)
                                      .arg(error.message())
                               << Qt::endl;
                     });
}

std::optional<PromptOptions> HeadlessRun::promptOptions() {
    PromptOptions options;
    if (!m_options.tone.isEmpty()) {
        const auto tone = MessageStyle::toneFromName(m_options.tone);
        if (!tone) {
            m_err << tr("Unknown tone \"%1\".").arg(m_options.tone) << Qt::endl;
            return std::nullopt;
        }
        options.tone = *tone;
    }
    if (!m_options.length.isEmpty()) {
        const auto length = MessageStyle::lengthFromName(m_options.length);
        if (!length) {
            m_err << tr("Unknown length \"%1\".").arg(m_options.length) << Qt::endl;
            return std::nullopt;
        }
        options.length = *length;
    }
    return options;
}

QCoro::Task<int> HeadlessRun::draftFromTemplate(ContextAssembler &assembler,
                                                ComplianceSettings compliance) {
    // Offline: no model, no network; labelled as a template draft.
    QCoro::Task<Result<OutreachContext>> assembling =
        assembler.assembleContext(m_options.generateTicket);
    const Result<OutreachContext> context = co_await std::move(assembling);
    if (!context.ok()) {
        m_err << context.error().toString() << Qt::endl;
        co_return 1;
    }
    if (!m_options.json)
        m_err << tr("Context for %1: %2").arg(context->ticket.id, context->sourceDescription())
              << Qt::endl;
    const Result<TemplateDrafts::FilledTemplate> filled =
        TemplateDrafts::fill(m_options.templateId, context.value(), compliance);
    if (!filled.ok()) {
        m_err << filled.error().toString() << Qt::endl;
        co_return 2;
    }
    const QList<ComplianceFinding> findings =
        ComplianceChecker::check(filled->subject, filled->body, context.value(), compliance);
    if (m_options.json) {
        OutreachResponse response;
        response.subject = filled->subject;
        response.message = filled->body;
        response.metadata.findings = findings;
        response.metadata.model = u"template:"_s + m_options.templateId;
        response.metadata.structured = false;
        QJsonObject json = response.toJson();
        json.insert(u"template_draft"_s, true);
        m_out << QString::fromUtf8(QJsonDocument(json).toJson(QJsonDocument::Indented))
              << Qt::flush;
    } else {
        m_out << tr("Template draft (%1, no model used)").arg(m_options.templateId) << "\n"
              << tr("Subject: %1").arg(filled->subject) << "\n\n"
              << filled->body << "\n\n";
        printFindings(findings);
    }
    co_return writeEml(filled->subject, filled->body, context.value()) ? 0 : 1;
}

bool HeadlessRun::writeEml(const QString &subject, const QString &body,
                           const OutreachContext &context) {
    if (m_options.eml.isEmpty())
        return true;
    MailDraft draft;
    draft.from = m_mail.from;
    draft.to = {context.prospect.prospect.name, context.prospect.prospect.email};
    draft.subject = subject;
    draft.text = body;
    if (draft.to.address.isEmpty()) {
        m_err << tr("No .eml written: the CRM has no email address for the prospect of %1.")
                     .arg(context.ticket.id)
              << Qt::endl;
        return false;
    }
    const Result<QByteArray> message = MimeWriter::write(draft);
    if (!message.ok()) {
        m_err << message.error().toString() << Qt::endl;
        return false;
    }
    QSaveFile file(m_options.eml);
    if (!file.open(QIODevice::WriteOnly) || file.write(message.value()) != message.value().size()
        || !file.commit()) {
        m_err << tr("Could not write %1: %2").arg(m_options.eml, file.errorString()) << Qt::endl;
        return false;
    }
    m_err << tr("Written to %1 as an email to %2.").arg(m_options.eml, draft.to.display())
          << Qt::endl;
    return true;
}

QCoro::Task<std::optional<ModelEndpoint>> HeadlessRun::modelEndpoint(QSettings &settings,
                                                                     CredentialStore &credentials) {
    ModelEndpoint endpoint = ModelEndpoint::load(settings, m_environment);
    if (endpoint.apiKey.isEmpty()) {
        const Result<std::optional<QString>> key =
            co_await credentials.read(endpoint.credentialKey());
        if (key.ok() && key.value())
            endpoint.apiKey = *key.value();
    }
    if (const Result<void> valid = endpoint.validate(); !valid.ok()) {
        m_err << valid.error().toString() << Qt::endl;
        co_return std::nullopt;
    }
    co_return endpoint;
}

ContextAssembler &HeadlessRun::ContextSource::assembler() const {
    return session ? session->assembler() : *offline;
}

QCoro::Task<std::unique_ptr<HeadlessRun::ContextSource>>
HeadlessRun::contextSource(CacheStore &cache, QSettings &settings, CredentialStore &credentials) {
    auto source = std::make_unique<ContextSource>();
    source->offline = std::make_unique<ContextAssembler>(cache, nullptr);
    const CrmSession::Settings crmSettings =
        CrmSession::Settings::load(settings, m_environment, m_options.crmUrl, m_options.crmKind);
    if (crmSettings.configured()) {
        HttpTransport::useSystemProxySettings();
        source->session = std::make_unique<CrmSession>(cache, crmSettings);
        if (const Result<bool> claimed = source->session->claimCache(); !claimed.ok())
            m_err << claimed.error().toString() << Qt::endl;
        QCoro::Task<Result<void>> loading = source->session->loadToken(credentials, m_environment);
        if (const Result<void> token = co_await std::move(loading); !token.ok())
            m_err << tr("Working from the cache: %1").arg(token.error().message()) << Qt::endl;
    }
    co_return source;
}

QCoro::Task<int> HeadlessRun::generate(CacheStore &cache, QSettings &settings) {
    CredentialStore credentials;
    QCoro::Task<std::unique_ptr<ContextSource>> opening =
        contextSource(cache, settings, credentials);
    const std::unique_ptr<ContextSource> source = co_await std::move(opening);
    ContextAssembler &assembler = source->assembler();
    const ComplianceSettings compliance = ComplianceSettings::load(settings);
    m_mail = MailSettings::load(settings);
    if (!m_options.templateId.isEmpty())
        co_return co_await draftFromTemplate(assembler, compliance);

    // Everything the run can get wrong by configuration is said before the CRM is asked.
    QCoro::Task<std::optional<ModelEndpoint>> loading = modelEndpoint(settings, credentials);
    const std::optional<ModelEndpoint> loaded = co_await std::move(loading);
    if (!loaded) {
        QStringList templates;
        for (const TemplateDrafts::TemplateInfo &info : TemplateDrafts::available())
            templates.append(info.id);
        m_err
            << tr("Without a model, draft from a template: --template %1").arg(templates.join(u'|'))
            << Qt::endl;
        co_return 2;
    }
    const ModelEndpoint &endpoint = *loaded;
    const std::optional<PromptOptions> options = promptOptions();
    if (!options)
        co_return 2;
    QString request = m_options.prompt.trimmed();
    if (request.isEmpty())
        request = tr("Write a follow-up on this ticket.");

    OutreachComposer composer(assembler);
    composer.setEndpoint(endpoint);
    composer.setQuirkStore(&settings);
    if (!m_options.json)
        streamToTerminal(composer);
    QCoro::Task<OutreachComposer::Composition> composing =
        composer.compose({m_options.generateTicket, request, *options, compliance});
    const OutreachComposer::Composition composition = co_await std::move(composing);
    if (!m_options.json && !m_terminal.heldBody.isEmpty())
        m_out << (m_terminal.subjectStarted ? "\n\n" : "") << std::exchange(m_terminal.heldBody, {})
              << Qt::flush;
    if (!composition.response) {
        // No context to draft from: the assembly failed.
        m_err << composition.error.value_or(OutreachError()).toString() << Qt::endl;
        co_return 1;
    }
    const GenerationResult &generated = composition.generated;
    const OutreachResponse &response = *composition.response;

    if (m_options.json) {
        QJsonObject json = response.toJson();
        if (generated.error)
            json.insert(u"error"_s, QJsonObject{{u"code"_s, generated.error->codeName()},
                                                {u"message"_s, generated.error->message()},
                                                {u"request_id"_s, generated.error->requestId()}});
        m_out << QString::fromUtf8(QJsonDocument(json).toJson(QJsonDocument::Indented))
              << Qt::flush;
    } else {
        const OutreachResponse::Metadata &meta = response.metadata;
        m_out << "\n\n";
        m_out << tr("Confidence: %1%2 — %3")
                     .arg(meta.confidence, 0, 'f', 2)
                     .arg(meta.confidenceEstimated ? tr(" (estimated)") : QString())
                     .arg(meta.confidenceExplanation)
              << Qt::endl;
        if (!meta.usedContext.isEmpty())
            m_out << tr("Used context: %1").arg(meta.usedContext.join(u", "_s)) << Qt::endl;
        if (!meta.suggestedFollowUp.isEmpty())
            m_out << tr("Suggested follow-up: %1").arg(meta.suggestedFollowUp) << Qt::endl;
        if (meta.usage)
            m_out << tr("Tokens: %1 prompt, %2 completion")
                         .arg(meta.usage->promptTokens)
                         .arg(meta.usage->completionTokens)
                  << Qt::endl;
        if (!meta.droppedContext.isEmpty())
            m_out << tr("Left out to fit the model: %1").arg(meta.droppedContext.join(u", "_s))
                  << Qt::endl;
        printFindings(meta.findings);
        m_out << (response.isReady() ? tr("Ready to send.") : tr("Not ready: fix the above."))
              << Qt::endl;
        if (generated.error)
            m_err << generated.error->toString()
                  << (generated.error->requestId().isEmpty()
                          ? QString()
                          : tr(" (request id %1)").arg(generated.error->requestId()))
                  << Qt::endl;
    }
    if (!generated.ok())
        co_return 1;
    co_return composition.context &&writeEml(response.subject, response.message,
                                             *composition.context)
        ? 0
        : 1;
}

QString HeadlessRun::batchLine(const BatchItem &item,
                               const std::optional<OutreachResponse> &response) {
    QJsonObject line{
        {u"ticket"_s, item.ticketId},
        {u"status"_s, BatchItem::statusName(item.status)},
        {u"tokens"_s,
         QJsonObject{{u"prompt"_s, item.promptTokens}, {u"completion"_s, item.completionTokens}}},
    };
    if (!item.reason.isEmpty())
        line.insert(u"reason"_s, item.reason);
    if (response && item.status == BatchItem::Status::Drafted) {
        line.insert(u"subject"_s, response->subject);
        line.insert(u"message"_s, response->message);
        line.insert(u"confidence"_s, response->metadata.confidence);
        // In --generate --json's shape.
        line.insert(u"findings"_s,
                    response->toJson().value(u"metadata"_s).toObject().value(u"findings"_s));
        line.insert(u"ready"_s, response->isReady());
    }
    return QString::fromUtf8(QJsonDocument(line).toJson(QJsonDocument::Compact));
}

std::optional<QStringList> HeadlessRun::batchTickets(CacheStore &cache) {
    QStringList ids = m_options.tickets;
    if (!m_options.ticketsFile.isEmpty()) {
        QFile file(m_options.ticketsFile);
        if (!file.open(QIODevice::ReadOnly | QIODevice::Text)) {
            m_err << tr("Could not read the ticket list %1: %2")
                         .arg(m_options.ticketsFile, file.errorString())
                  << Qt::endl;
            return std::nullopt;
        }
        while (!file.atEnd()) {
            QString line = QString::fromUtf8(file.readLine());
            if (const qsizetype hash = line.indexOf(u'#'); hash >= 0)
                line.truncate(hash);
            for (const QString &id : line.split(u',', Qt::SkipEmptyParts))
                if (!id.trimmed().isEmpty())
                    ids.append(id.trimmed());
        }
    } else if (ids.isEmpty()) {
        // The same search as the ticket list's, so a batch drafts what the rep saw there.
        TicketTableModel model;
        const Result<void> loaded =
            model.load([&cache](const std::function<void(TicketRow &&)> &sink) {
                return cache.forEachTicketRow(sink);
            });
        if (!loaded.ok()) {
            m_err << loaded.error().toString() << Qt::endl;
            return std::nullopt;
        }
        TicketFilter filter;
        filter.setText(m_options.filter);
        model.setFilter(filter);
        for (int row = 0; row < model.rowCount(); ++row)
            ids.append(model.ticketId(row));
    }
    if (ids.isEmpty()) {
        m_err << (m_options.filter.isEmpty()
                      ? tr("No ticket to draft.")
                      : tr("No cached ticket matches \"%1\".").arg(m_options.filter))
              << Qt::endl;
        return std::nullopt;
    }
    return ids;
}

QCoro::Task<int> HeadlessRun::generateBatch(CacheStore &cache, QSettings &settings) {
    BatchStore store(cache);
    std::optional<BatchJob> job;
    if (m_options.resumeBatch) {
        job = store.resumableJob();
        if (!job) {
            m_err << tr("No batch to resume: every batch in %1 is finished or cancelled.")
                         .arg(QDir::toNativeSeparators(cache.path()))
                  << Qt::endl;
            co_return 2;
        }
    }
    CredentialStore credentials;
    QCoro::Task<std::unique_ptr<ContextSource>> opening =
        contextSource(cache, settings, credentials);
    const std::unique_ptr<ContextSource> source = co_await std::move(opening);
    ContextAssembler &assembler = source->assembler();

    QCoro::Task<std::optional<ModelEndpoint>> loading = modelEndpoint(settings, credentials);
    const std::optional<ModelEndpoint> endpoint = co_await std::move(loading);
    if (!endpoint)
        co_return 2;
    if (!job) {
        const std::optional<PromptOptions> options = promptOptions();
        if (!options)
            co_return 2;
        const std::optional<QStringList> ids = batchTickets(cache);
        if (!ids)
            co_return 2;
        BatchJob created;
        created.prompt = m_options.prompt.trimmed();
        created.tone = options->tone;
        created.length = options->length;
        created.scope = !m_options.filter.isEmpty()
                            ? tr("filter: %1").arg(m_options.filter)
                            : tr("%n ticket(s) from the command line", nullptr, int(ids->size()));
        const Result<qint64> id = store.createJob(created, *ids);
        if (!id.ok()) {
            m_err << id.error().toString() << Qt::endl;
            co_return 1;
        }
        job = store.job(id.value());
    }

    QFile jsonlFile(m_options.jsonl);
    QTextStream lines(stdout);
    if (!m_options.jsonl.isEmpty()) {
        // A resumed batch adds to the lines its first run wrote.
        const QIODevice::OpenMode mode =
            m_options.resumeBatch ? QIODevice::Append : QIODevice::Truncate;
        if (!jsonlFile.open(QIODevice::WriteOnly | mode)) {
            m_err << tr("Could not write %1: %2").arg(m_options.jsonl, jsonlFile.errorString())
                  << Qt::endl;
            co_return 1;
        }
        lines.setDevice(&jsonlFile);
    }

    // A run killed between storing a ticket and writing its line: the resumed run writes the
    // lines the file lacks, so it ends with one line per finished ticket.
    if (m_options.resumeBatch && !m_options.jsonl.isEmpty()) {
        QSet<QString> written;
        QFile earlier(m_options.jsonl);
        if (earlier.open(QIODevice::ReadOnly)) {
            while (!earlier.atEnd()) {
                const QJsonObject line = QJsonDocument::fromJson(earlier.readLine()).object();
                if (line.contains(u"ticket"_s))
                    written.insert(line.value(u"ticket"_s).toString());
            }
        }
        DraftStore drafts(cache);
        for (const BatchItem &item : store.items(job->id)) {
            if (!item.isDone() || written.contains(item.ticketId))
                continue;
            std::optional<OutreachResponse> response;
            if (const std::optional<DraftVersion> version = drafts.version(item.versionId))
                response = version->response;
            lines << batchLine(item, response) << Qt::endl;
        }
    }

    BatchRunner runner(cache, assembler);
    BatchRunner::Settings batchSettings;
    batchSettings.endpoint = *endpoint;
    batchSettings.compliance = ComplianceSettings::load(settings);
    batchSettings.maxConcurrency = m_options.maxConcurrency > 0
                                       ? m_options.maxConcurrency
                                       : settings.value(u"batch/maxConcurrency"_s, 0).toInt();
    batchSettings.quirks = &settings;
    runner.setSettings(batchSettings);
    const int total = store.counts(job->id).total;
    QObject::connect(
        &runner, &BatchRunner::itemFinished, &runner,
        [this, &lines, &runner, total](const BatchRunner::Finished &finished) {
            const BatchItem &item = finished.item;
            lines << batchLine(item, finished.response) << Qt::endl;
            const BatchStore::Counts counts = runner.store().counts(item.jobId);
            m_err << tr("[%1/%2] %3 %4%5")
                         .arg(counts.done())
                         .arg(total)
                         .arg(item.ticketId, BatchItem::statusLabel(item.status).toLower(),
                              item.reason.isEmpty() ? QString() : u": "_s + item.reason)
                  << Qt::endl;
        });
    QObject::connect(&runner, &BatchRunner::rateLimited, &runner, [this](qint64 delayMs) {
        m_err << tr("Rate limited: every request waits %1 s.")
                     .arg(double(delayMs) / 1000.0, 0, 'f', 1)
              << Qt::endl;
    });
    QCoro::Task<void> running = runner.run(job->id);
    co_await std::move(running);

    const BatchRunner::Progress progress = runner.progress();
    const BatchStore::Counts &counts = progress.counts;
    lines << QString::fromUtf8(
        QJsonDocument(
            QJsonObject{{u"summary"_s,
                         QJsonObject{
                             {u"job"_s, job->id},
                             {u"tickets"_s, counts.total},
                             {u"drafted"_s, counts.drafted},
                             {u"skipped"_s, counts.skipped},
                             {u"failed"_s, counts.failed},
                             {u"left"_s, counts.pending},
                             {u"tokens"_s, QJsonObject{{u"prompt"_s, counts.promptTokens},
                                                       {u"completion"_s, counts.completionTokens}}},
                             {u"elapsed_ms"_s, progress.elapsedMs},
                             {u"rate_limited"_s, progress.rateLimited},
                         }}})
            .toJson(QJsonDocument::Compact))
          << Qt::endl;
    if (runner.lastError())
        m_err << runner.lastError()->toString() << Qt::endl;
    m_err << tr("Batch %1: %2 drafted, %3 skipped, %4 failed, %5 left.")
                 .arg(job->id)
                 .arg(counts.drafted)
                 .arg(counts.skipped)
                 .arg(counts.failed)
                 .arg(counts.pending)
          << Qt::endl;
    co_return counts.failed == 0 && counts.pending == 0 && !runner.lastError() ? 0 : 1;
}
