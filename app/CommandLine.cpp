// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/CommandLine.h"

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
    parser.addOptions({dataDir, demo, quitWhenShown, crmUrl, sync, flushOutbox, generate, prompt,
                       tone, length, json, templateOption});

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
    if ((parser.isSet(prompt) || parser.isSet(json) || parser.isSet(tone) || parser.isSet(length)
         || parser.isSet(templateOption))
        && !parser.isSet(generate)) {
        parsed.action = Action::FailAndExit;
        parsed.output = QCoreApplication::translate(
            "CommandLine",
            "--prompt, --tone, --length, --template and --json go with --generate.\n");
        return parsed;
    }
    parsed.options.templateId = parser.value(templateOption).trimmed();
    parsed.options.generateTicket = parser.value(generate).trimmed();
    parsed.options.prompt = parser.value(prompt);
    parsed.options.tone = parser.value(tone).trimmed().toLower();
    parsed.options.length = parser.value(length).trimmed().toLower();
    parsed.options.json = parser.isSet(json);
    parsed.options.dataDir = parser.value(dataDir);
    parsed.options.crmUrl = parser.value(crmUrl).trimmed();
    parsed.options.sync = parser.isSet(sync);
    parsed.options.flushOutbox = parser.isSet(flushOutbox);
    parsed.options.demo = parser.isSet(demo);
    parsed.options.quitWhenShown = parser.isSet(quitWhenShown);
    return parsed;
}
