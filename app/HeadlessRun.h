// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/CommandLine.h"
#include "domain/BatchItem.h"
#include "domain/ComplianceFinding.h"
#include "domain/OutreachContext.h"
#include "domain/OutreachResponse.h"
#include "generation/ModelEndpoint.h"
#include "workspace/MailSettings.h"

#include <QCoreApplication>
#include <QCoroTask>
#include <QList>
#include <QProcessEnvironment>
#include <QTextStream>

#include <memory>
#include <optional>

class CacheStore;
class ContextAssembler;
class CredentialStore;
class CrmSession;
class OutreachComposer;
class QSettings;
struct ComplianceSettings;
struct PromptOptions;

// `outreachgpt --sync`, `--flush-outbox` and `--generate`: one sync, one delivery run and/or one
// drafted message without a window (for scripts, cron jobs and tests), printing what happened.
class HeadlessRun {
public:
    Q_DECLARE_TR_FUNCTIONS(HeadlessRun)

public:
    HeadlessRun(CommandLine::Options options, QProcessEnvironment environment);

    // Resolves to the process exit code: 0 when everything asked for succeeded, 1 when the CRM
    // or the local store failed (the reason is printed), 2 when the run is misconfigured.
    QCoro::Task<int> run();

private:
    // --generate: streams the draft to the terminal (or prints
    // it as JSON) with its metadata and findings; the composition itself is OutreachComposer's.
    QCoro::Task<int> generate(CacheStore &cache, QSettings &settings);
    // Where contexts come from: live from the CRM when one is configured (with its token, else
    // it says so and works from the cache), else the cache.
    struct ContextSource {
        std::unique_ptr<CrmSession> session;
        std::unique_ptr<ContextAssembler> offline;
        ContextAssembler &assembler() const;
    };
    QCoro::Task<std::unique_ptr<ContextSource>>
    contextSource(CacheStore &cache, QSettings &settings, CredentialStore &credentials);
    // --generate-batch and --resume-batch: a stored batch job drafted by BatchRunner, one JSON
    // line per ticket as it finishes and a summary line.
    QCoro::Task<int> generateBatch(CacheStore &cache, QSettings &settings);
    // One ticket's JSON line: what it became, why, its draft and tokens.
    static QString batchLine(const BatchItem &item,
                             const std::optional<OutreachResponse> &response);
    // The tickets --filter, --tickets or --tickets-file name; nullopt (the reason printed) when
    // the file cannot be read or nothing is chosen.
    std::optional<QStringList> batchTickets(CacheStore &cache);
    // The model endpoint from the settings, the environment and the keychain; nullopt (the
    // reason printed) when it is not configured enough to send a request.
    QCoro::Task<std::optional<ModelEndpoint>> modelEndpoint(QSettings &settings,
                                                            CredentialStore &credentials);
    // --generate with --template: fills a template from the context, no model involved.
    QCoro::Task<int> draftFromTemplate(ContextAssembler &assembler, ComplianceSettings compliance);
    // --eml: the draft as an email to the prospect, from the mail settings' address; false (and
    // why on the error stream) when it could not be written.
    bool writeEml(const QString &subject, const QString &body, const OutreachContext &context);
    // --tone and --length read; nullopt (with the reason printed) when one is unknown.
    std::optional<PromptOptions> promptOptions();
    // Prints the context line, the subject and message as they arrive, and retry countdowns.
    void streamToTerminal(OutreachComposer &composer);
    // One line per compliance finding: severity, kind, the offending text and what to do.
    void printFindings(const QList<ComplianceFinding> &findings);

    CommandLine::Options m_options;
    MailSettings m_mail; // for --eml
    QProcessEnvironment m_environment;
    QTextStream m_out;
    QTextStream m_err;
    // What streamToTerminal has printed of the answer so far.
    struct TerminalStream {
        bool subjectStarted = false;
        bool bodyStarted = false;
        QString heldBody; // body text that arrived before any subject
    } m_terminal;
};
