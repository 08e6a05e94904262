// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/CommandLine.h"
#include "app/CompositionRoot.h"
#include "app/HeadlessRun.h"
#include "platform/LogRedaction.h"

#include <QApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QMessageBox>
#include <QProcessEnvironment>
#include <QTextStream>
#include <QTimer>
#include <QTranslator>

#ifdef __GLIBC__
#include <malloc.h>
#endif

using namespace Qt::StringLiterals;

int main(int argc, char *argv[]) {
#ifdef __GLIBC__
    // A fixed threshold: every block of 128 KiB or more gets its own mapping, given back to the
    // system when freed. glibc otherwise raises the threshold after the first large free, and the
    // ticket list's growing buffers, built on a worker thread, then leave about 5 MiB of freed
    // pages in that thread's arena that malloc_trim cannot return (measured with 100k tickets).
    mallopt(M_MMAP_THRESHOLD, 128 * 1024);
#endif
    // Before anything can log: every message passes through the redaction of credentials.
    LogRedaction::install();
    QCoreApplication::setApplicationName(u"OutreachGPT"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(OUTREACH_VERSION));
    QCoreApplication::setOrganizationDomain(u"outreachgpt.example"_s);
    QGuiApplication::setDesktopFileName(u"example.outreachgpt.OutreachGPT"_s);

    // Parse before QApplication exists: it aborts without a display, and --help must not need one.
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments.append(QString::fromLocal8Bit(argv[i]));
    const CommandLine::Parsed parsed = CommandLine::parse(arguments);
    if (parsed.action == CommandLine::Action::PrintAndExit) {
        QTextStream(stdout) << parsed.output;
        return 0;
    }
    if (parsed.action == CommandLine::Action::FailAndExit) {
        QTextStream(stderr) << parsed.output;
        return 2;
    }

    if (parsed.options.headless()) {
        // No window, so no display needed: cron jobs and CI run these.
        QCoreApplication app(argc, argv);
        HeadlessRun run(parsed.options, QProcessEnvironment::systemEnvironment());
        // Started from the event loop: a run that ends without waiting must still end exec().
        QTimer::singleShot(0, &app, [&run, &app] {
            QCoro::connect(run.run(), &app, [](int code) { QCoreApplication::exit(code); });
        });
        return app.exec();
    }

    QApplication app(argc, argv);
    // Qt's own strings (standard buttons, file dialogs) in the rep's language. The app's strings
    // are collected into the build's outreachgpt.ts template for translators.
    QTranslator qtTranslations;
    if (qtTranslations.load(QLocale(), u"qtbase"_s, u"_"_s,
                            QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(&qtTranslations);
    CompositionRoot root(parsed.options);
    if (const Result<void> started = root.start(); !started.ok()) {
        QTextStream(stderr) << started.error().toString() << Qt::endl;
        if (!parsed.options.quitWhenShown)
            QMessageBox::critical(nullptr, QCoreApplication::translate("main", "OutreachGPT"),
                                  started.error().message());
        return 1;
    }
    return app.exec();
}
