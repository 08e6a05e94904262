// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/CommandLine.h"

#include "crm/CrmConnector.h"
#include "net/HttpTransport.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFileInfo>

using namespace Qt::StringLiterals;

CommandLine::Parsed CommandLine::parse(const QStringList &arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "CommandLine", "Drafts personalised sales outreach from your CRM's context."));
    const QCommandLineOption help = parser.addHelpOption();
    const QCommandLineOption version = parser.addVersionOption();
    const QCommandLineOption dataDir(
        u"data-dir"_s,
        QCoreApplication::translate("CommandLine",
                                    "Keep all state (database, settings) in <dir> instead of the "
                                    "user's application data folder."),
        u"dir"_s);
    const QCommandLineOption demo(
        u"demo"_s, QCoreApplication::translate(
                       "CommandLine", "Start on the bundled demo workspace: in a fresh temporary "
                                      "data folder, or loaded into --data-dir when given."));
    QCommandLineOption quitWhenShown(u"quit-when-shown"_s);
    quitWhenShown.setDescription(u"Print start-up figures once the ticket list is painted, then "
                                 u"quit (used by the benchmarks)."_s);
    quitWhenShown.setFlags(QCommandLineOption::HiddenFromHelp);
    const QCommandLineOption crmUrl(
        u"crm-url"_s,
        QCoreApplication::translate("CommandLine",
                                    "Use the CRM at <url> for this run (overrides the settings "
                                    "and OUTREACHGPT_CRM_URL; not saved)."),
        u"url"_s);
    const QCommandLineOption crmKind(
        u"crm"_s,
        QCoreApplication::translate("CommandLine",
                                    "The kind of CRM for this run: hubspot or rest (overrides the "
                                    "settings and OUTREACHGPT_CRM_KIND; not saved)."),
        u"kind"_s);
    const QCommandLineOption sync(
        u"sync"_s, QCoreApplication::translate("CommandLine",
                                               "Sync the ticket list from the CRM into the local "
                                               "cache, print what was fetched and exit."));
    const QCommandLineOption flushOutbox(
        u"flush-outbox"_s,
        QCoreApplication::translate("CommandLine",
                                    "Deliver the writes queued for the CRM, print the counts and "
                                    "exit. The CRM token comes from OUTREACHGPT_CRM_TOKEN or the "
                                    "keychain."));
    const QCommandLineOption generate(
        u"generate"_s,
        QCoreApplication::translate("CommandLine",
                                    "Draft an outreach message for <ticket> with the configured "
                                    "model (OPENAI_API_KEY / OPENAI_BASE_URL or "
                                    "AZURE_OPENAI_* work too), streaming it to the terminal."),
        u"ticket"_s);
    const QCommandLineOption prompt(
        u"prompt"_s,
        QCoreApplication::translate("CommandLine", "What the message should do, for --generate."),
        u"text"_s);
    const QCommandLineOption tone(
        u"tone"_s,
        QCoreApplication::translate("CommandLine",
                                    "Tone for --generate: concise, warm, formal, friendly or "
                                    "direct."),
        u"tone"_s);
    const QCommandLineOption length(
        u"length"_s,
        QCoreApplication::translate("CommandLine", "Length for --generate: short, medium or long."),
        u"length"_s);
    const QCommandLineOption json(
        u"json"_s, QCoreApplication::translate(
                       "CommandLine", "With --generate: print one JSON object instead of text."));
    const QCommandLineOption templateOption(
        u"template"_s,
        QCoreApplication::translate("CommandLine",
                                    "With --generate: fill the offline template <id> instead of "
                                    "asking a model (first-outreach, follow-up, re-engage, "
                                    "meeting-request, answer-ticket)."),
        u"id"_s);
    const QCommandLineOption eml(
        u"eml"_s,
        QCoreApplication::translate("CommandLine",
                                    "With --generate: also write the draft to <file> as an email "
                                    "message (.eml) to the prospect, from the address in the mail "
                                    "settings, for any mail client to open and send."),
        u"file"_s);
    const QCommandLineOption generateBatch(
        u"generate-batch"_s,
        QCoreApplication::translate(
            "CommandLine",
            "Draft a message for each ticket chosen by --filter, --tickets or --tickets-file with "
            "the one --prompt, as many at once as the model's rate limits allow; one JSON line per "
            "ticket as it finishes, then a summary line. The drafts are stored for review in the "
            "app."));
    const QCommandLineOption resumeBatch(
        u"resume-batch"_s,
        QCoreApplication::translate("CommandLine",
                                    "Finish the newest batch that was paused or interrupted, "
                                    "without drafting a finished ticket again."));
    const QCommandLineOption filter(
        u"filter"_s,
        QCoreApplication::translate("CommandLine",
                                    "With --generate-batch: the tickets the list shows for this "
                                    "search."),
        u"text"_s);
    const QCommandLineOption tickets(
        u"tickets"_s,
        QCoreApplication::translate("CommandLine",
                                    "With --generate-batch: these ticket ids, comma-separated."),
        u"ids"_s);
    const QCommandLineOption ticketsFile(
        u"tickets-file"_s,
        QCoreApplication::translate("CommandLine",
                                    "With --generate-batch: the ticket ids in <file>, one per line "
                                    "(# starts a comment)."),
        u"file"_s);
    const QCommandLineOption maxConcurrency(
        u"max-concurrency"_s,
        QCoreApplication::translate("CommandLine",
                                    "With --generate-batch or --resume-batch: at most <n> model "
                                    "requests at once (default: as the server's rate limits "
                                    "allow)."),
        u"n"_s);
    const QCommandLineOption jsonl(
        u"jsonl"_s,
        QCoreApplication::translate("CommandLine",
                                    "With --generate-batch or --resume-batch: write the JSON lines "
                                    "to <file> instead of the standard output."),
        u"file"_s);
    parser.addOptions({dataDir, demo,        quitWhenShown,  crmUrl,         crmKind,
                       sync,    flushOutbox, generate,       prompt,         tone,
                       length,  json,        templateOption, generateBatch,  resumeBatch,
                       filter,  tickets,     ticketsFile,    maxConcurrency, jsonl,
                       eml});

    // Without a QCoreApplication the parser cannot know the program's name; tell it.
    const QString program =
        arguments.isEmpty() ? u"outreachgpt"_s : QFileInfo(arguments.constFirst()).fileName();
    const auto helpText = [&] {
        return parser.helpText().replace(u"<executable_name>"_s, program);
    };

    Parsed parsed;
    if (!parser.parse(arguments)) {
        parsed.action = Action::FailAndExit;
        parsed.output = parser.errorText() + u"\n\n"_s + helpText();
        return parsed;
    }
    if (parser.isSet(help)) {
        parsed.action = Action::PrintAndExit;
        parsed.output = helpText();
        return parsed;
    }
    if (parser.isSet(version)) {
        parsed.action = Action::PrintAndExit;
        parsed.output = u"%1 %2\n"_s.arg(QCoreApplication::applicationName(),
                                         QCoreApplication::applicationVersion());
        return parsed;
    }
    if (!parser.positionalArguments().isEmpty()) {
        parsed.action = Action::FailAndExit;
        parsed.output = QCoreApplication::translate("CommandLine", "Unexpected argument: %1\n")
                            .arg(parser.positionalArguments().constFirst());
        return parsed;
    }
    if (parser.isSet(dataDir) && parser.value(dataDir).trimmed().isEmpty()) {
        parsed.action = Action::FailAndExit;
        parsed.output =
            QCoreApplication::translate("CommandLine", "--data-dir needs a folder name.\n");
        return parsed;
    }
    if (parser.isSet(crmKind) && !CrmConnector::kindFromName(parser.value(crmKind))) {
        parsed.action = Action::FailAndExit;
        parsed.output =
            QCoreApplication::translate("CommandLine", "--crm must be hubspot or rest, not “%1”.\n")
                .arg(parser.value(crmKind));
        return parsed;
    }
    if (parser.isSet(crmUrl) && parser.value(crmUrl).trimmed().isEmpty()) {
        parsed.action = Action::FailAndExit;
        parsed.output = QCoreApplication::translate("CommandLine", "--crm-url needs an address.\n");
        return parsed;
    }
    if (const Result<void> noUserInfo = HttpTransport::checkNoUserInfo(
            QUrl(parser.value(crmUrl).trimmed()),
            QCoreApplication::translate("CommandLine", "the CRM (--crm-url)"));
        !noUserInfo.ok()) {
        parsed.action = Action::FailAndExit;
        parsed.output = noUserInfo.error().message() + u'\n';
        return parsed;
    }
    if (parser.isSet(demo) && (parser.isSet(sync) || parser.isSet(flushOutbox))) {
        parsed.action = Action::FailAndExit;
        parsed.output = QCoreApplication::translate(
            "CommandLine", "--demo cannot be combined with --sync or --flush-outbox.\n");
        return parsed;
    }
    if (parser.isSet(generate) && parser.value(generate).trimmed().isEmpty()) {
        parsed.action = Action::FailAndExit;
        parsed.output =
            QCoreApplication::translate("CommandLine", "--generate needs a ticket id.\n");
        return parsed;
    }
    const auto fail = [&parsed](const char *message) {
        parsed.action = Action::FailAndExit;
        parsed.output = QCoreApplication::translate("CommandLine", message);
        return parsed;
    };
    const bool batch = parser.isSet(generateBatch);
    if (batch && parser.isSet(generate))
        return fail("--generate-batch cannot be combined with --generate.\n");
    if (parser.isSet(resumeBatch) && (batch || parser.isSet(generate)))
        return fail("--resume-batch cannot be combined with --generate or --generate-batch.\n");
    const int choices =
        int(parser.isSet(filter)) + int(parser.isSet(tickets)) + int(parser.isSet(ticketsFile));
    if (batch && choices != 1)
        return fail("--generate-batch needs one of --filter, --tickets or --tickets-file.\n");
    if (!batch && choices > 0)
        return fail("--filter, --tickets and --tickets-file go with --generate-batch.\n");
    if (batch && parser.value(prompt).trimmed().isEmpty())
        return fail("--generate-batch needs --prompt: what every message should do.\n");
    if ((parser.isSet(maxConcurrency) || parser.isSet(jsonl)) && !batch
        && !parser.isSet(resumeBatch))
        return fail("--max-concurrency and --jsonl go with --generate-batch or --resume-batch.\n");
    if (parser.isSet(maxConcurrency)) {
        bool ok = false;
        const int n = parser.value(maxConcurrency).toInt(&ok);
        if (!ok || n < 1 || n > 64)
            return fail("--max-concurrency needs a number from 1 to 64.\n");
        parsed.options.maxConcurrency = n;
    }
    if (batch && parser.isSet(json))
        return fail("--generate-batch writes JSON lines already; --json goes with --generate.\n");
    if ((parser.isSet(demo)) && parser.isSet(resumeBatch) && !parser.isSet(dataDir))
        return fail("--resume-batch with --demo needs --data-dir: a fresh demo folder has no "
                    "batch.\n");
    const bool styleOptions = parser.isSet(prompt) || parser.isSet(tone) || parser.isSet(length);
    if (((styleOptions && !batch) || parser.isSet(json) || parser.isSet(templateOption)
         || parser.isSet(eml))
        && !parser.isSet(generate)) {
        parsed.action = Action::FailAndExit;
        parsed.output = QCoreApplication::translate(
            "CommandLine",
            "--prompt, --tone and --length go with --generate or --generate-batch; --template, "
            "--json and --eml with --generate.\n");
        return parsed;
    }
    parsed.options.templateId = parser.value(templateOption).trimmed();
    parsed.options.generateTicket = parser.value(generate).trimmed();
    parsed.options.prompt = parser.value(prompt);
    parsed.options.tone = parser.value(tone).trimmed().toLower();
    parsed.options.length = parser.value(length).trimmed().toLower();
    parsed.options.json = parser.isSet(json);
    parsed.options.eml = parser.value(eml).trimmed();
    if (parser.isSet(eml) && parsed.options.eml.isEmpty())
        return fail("--eml needs a file name.\n");
    parsed.options.dataDir = parser.value(dataDir);
    parsed.options.crmUrl = parser.value(crmUrl).trimmed();
    parsed.options.crmKind = parser.value(crmKind).trimmed().toLower();
    parsed.options.sync = parser.isSet(sync);
    parsed.options.flushOutbox = parser.isSet(flushOutbox);
    parsed.options.demo = parser.isSet(demo);
    parsed.options.quitWhenShown = parser.isSet(quitWhenShown);
    parsed.options.generateBatch = batch;
    parsed.options.resumeBatch = parser.isSet(resumeBatch);
    parsed.options.filter = parser.value(filter).trimmed();
    for (const QString &id : parser.value(tickets).split(u',', Qt::SkipEmptyParts))
        if (!id.trimmed().isEmpty())
            parsed.options.tickets.append(id.trimmed());
    if (parser.isSet(tickets) && parsed.options.tickets.isEmpty())
        return fail("--tickets needs at least one ticket id.\n");
    parsed.options.ticketsFile = parser.value(ticketsFile);
    parsed.options.jsonl = parser.value(jsonl);
    return parsed;
}
