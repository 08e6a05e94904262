#include "CommandLine.h"

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
    parser.addOptions({dataDir, demo, quitWhenShown});

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
    parsed.options.dataDir = parser.value(dataDir);
    parsed.options.demo = parser.isSet(demo);
    parsed.options.quitWhenShown = parser.isSet(quitWhenShown);
    return parsed;
}
