// SPDX-License-Identifier: GPL-3.0-or-later
// Command-line parsing: works without a QApplication and rejects what it does not understand.
#include "app/CommandLine.h"

#include <QTest>

using namespace Qt::StringLiterals;

class TestCommandLine : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void defaultsToRunningTheApp();
    void dataDirAndDemo();
    void helpAndVersionPrintAndExit();
    void badArgumentsFail_data();
    void badArgumentsFail();
    void benchmarkProbeIsHiddenFromHelp();
    void headlessModes();
    void crmUrlNeedsAValue_data();
    void crmUrlNeedsAValue();
    void crmUrlWithCredentialsIsRefused();
    void crmKindPicksTheConnector();
    void demoIsRefusedWithHeadlessModes_data();
    void demoIsRefusedWithHeadlessModes();
    void helpListsTheHeadlessOptions();
    void generateOptions();
    void generateOptionsNeedGenerate();
    void batchOptions();
    void badBatchOptionsFail_data();
    void badBatchOptionsFail();
};

void TestCommandLine::initTestCase() {
    QCoreApplication::setApplicationName(u"OutreachGPT"_s);
    QCoreApplication::setApplicationVersion(u"9.8.7"_s);
}

void TestCommandLine::defaultsToRunningTheApp() {
    const auto parsed = CommandLine::parse({u"outreachgpt"_s});
    QCOMPARE(parsed.action, CommandLine::Action::Run);
    QVERIFY(parsed.options.dataDir.isEmpty());
    QVERIFY(!parsed.options.demo);
    QVERIFY(!parsed.options.quitWhenShown);
    QVERIFY(parsed.options.crmUrl.isEmpty());
    QVERIFY(!parsed.options.sync);
    QVERIFY(!parsed.options.flushOutbox);
    QVERIFY(!parsed.options.headless());
}

void TestCommandLine::crmKindPicksTheConnector() {
    const auto hubSpot =
        CommandLine::parse({u"outreachgpt"_s, u"--crm"_s, u"HubSpot"_s, u"--sync"_s});
    QCOMPARE(hubSpot.action, CommandLine::Action::Run);
    QCOMPARE(hubSpot.options.crmKind, u"hubspot"_s);
    QVERIFY(hubSpot.options.sync);
    const auto rest = CommandLine::parse({u"outreachgpt"_s, u"--crm=rest"_s, u"--flush-outbox"_s});
    QCOMPARE(rest.options.crmKind, u"rest"_s);
    const auto none = CommandLine::parse({u"outreachgpt"_s});
    QVERIFY(none.options.crmKind.isEmpty()); // the environment or the settings then decide
    const auto bogus = CommandLine::parse({u"outreachgpt"_s, u"--crm"_s, u"salesforce"_s});
    QCOMPARE(bogus.action, CommandLine::Action::FailAndExit);
    QVERIFY2(bogus.output.contains(u"salesforce"_s), qPrintable(bogus.output));
    QVERIFY(bogus.output.contains(u"hubspot"_s));
}

void TestCommandLine::dataDirAndDemo() {
    const auto parsed =
        CommandLine::parse({u"outreachgpt"_s, u"--data-dir"_s, u"/tmp/Zoë's data"_s, u"--demo"_s});
    QCOMPARE(parsed.action, CommandLine::Action::Run);
    QCOMPARE(parsed.options.dataDir, u"/tmp/Zoë's data"_s);
    QVERIFY(parsed.options.demo);

    const auto equals = CommandLine::parse({u"outreachgpt"_s, u"--data-dir=/srv/x"_s});
    QCOMPARE(equals.options.dataDir, u"/srv/x"_s);
}

void TestCommandLine::helpAndVersionPrintAndExit() {
    const auto help = CommandLine::parse({u"outreachgpt"_s, u"--help"_s});
    QCOMPARE(help.action, CommandLine::Action::PrintAndExit);
    QVERIFY(help.output.contains(u"--data-dir <dir>"_s));
    QVERIFY(help.output.contains(u"--demo"_s));

    const auto version = CommandLine::parse({u"outreachgpt"_s, u"--version"_s});
    QCOMPARE(version.action, CommandLine::Action::PrintAndExit);
    QCOMPARE(version.output, u"OutreachGPT 9.8.7\n"_s);
}

void TestCommandLine::badArgumentsFail_data() {
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("unknown option") << QStringList{u"--frobnicate"_s} << u"frobnicate"_s;
    QTest::newRow("missing value") << QStringList{u"--data-dir"_s} << u"data-dir"_s;
    QTest::newRow("empty value") << QStringList{u"--data-dir="_s} << u"data-dir"_s;
    QTest::newRow("positional") << QStringList{u"stray"_s} << u"stray"_s;
}

void TestCommandLine::badArgumentsFail() {
    QFETCH(QStringList, arguments);
    QFETCH(QString, mentions);
    arguments.prepend(u"outreachgpt"_s);
    const auto parsed = CommandLine::parse(arguments);
    QCOMPARE(parsed.action, CommandLine::Action::FailAndExit);
    QVERIFY2(parsed.output.contains(mentions), qPrintable(parsed.output));
}

void TestCommandLine::benchmarkProbeIsHiddenFromHelp() {
    const auto help = CommandLine::parse({u"outreachgpt"_s, u"--help"_s});
    QVERIFY(!help.output.contains(u"quit-when-shown"_s));
    const auto probe = CommandLine::parse({u"outreachgpt"_s, u"--quit-when-shown"_s});
    QCOMPARE(probe.action, CommandLine::Action::Run);
    QVERIFY(probe.options.quitWhenShown);
}

void TestCommandLine::headlessModes() {
    const auto sync =
        CommandLine::parse({u"outreachgpt"_s, u"--data-dir"_s, u"/srv/x"_s, u"--crm-url"_s,
                            u" https://crm.example.com/api "_s, u"--sync"_s});
    QCOMPARE(sync.action, CommandLine::Action::Run);
    QVERIFY(sync.options.sync);
    QVERIFY(!sync.options.flushOutbox);
    QVERIFY(sync.options.headless());
    // Trimmed: a pasted address with stray spaces still works.
    QCOMPARE(sync.options.crmUrl, u"https://crm.example.com/api"_s);
    QCOMPARE(sync.options.dataDir, u"/srv/x"_s);

    const auto flush = CommandLine::parse({u"outreachgpt"_s, u"--flush-outbox"_s});
    QCOMPARE(flush.action, CommandLine::Action::Run);
    QVERIFY(flush.options.flushOutbox);
    QVERIFY(!flush.options.sync);
    QVERIFY(flush.options.headless());
    QVERIFY(flush.options.crmUrl.isEmpty()); // the environment or the settings then decide

    const auto both = CommandLine::parse(
        {u"outreachgpt"_s, u"--sync"_s, u"--flush-outbox"_s, u"--crm-url=http://127.0.0.1:9"_s});
    QCOMPARE(both.action, CommandLine::Action::Run);
    QVERIFY(both.options.sync && both.options.flushOutbox && both.options.headless());
    QCOMPARE(both.options.crmUrl, u"http://127.0.0.1:9"_s);

    // A URL alone chooses the CRM for a windowed run; it does not make the run headless.
    const auto urlOnly =
        CommandLine::parse({u"outreachgpt"_s, u"--crm-url"_s, u"http://127.0.0.1:9"_s});
    QCOMPARE(urlOnly.action, CommandLine::Action::Run);
    QVERIFY(!urlOnly.options.headless());
}

void TestCommandLine::crmUrlNeedsAValue_data() {
    QTest::addColumn<QStringList>("arguments");
    QTest::newRow("missing") << QStringList{u"--sync"_s, u"--crm-url"_s};
    QTest::newRow("empty") << QStringList{u"--crm-url="_s, u"--sync"_s};
    QTest::newRow("blank") << QStringList{u"--crm-url"_s, u"   "_s};
}

void TestCommandLine::crmUrlNeedsAValue() {
    QFETCH(QStringList, arguments);
    arguments.prepend(u"outreachgpt"_s);
    const auto parsed = CommandLine::parse(arguments);
    QCOMPARE(parsed.action, CommandLine::Action::FailAndExit);
    QVERIFY2(parsed.output.contains(u"crm-url"_s), qPrintable(parsed.output));
}

void TestCommandLine::crmUrlWithCredentialsIsRefused() {
    const auto parsed = CommandLine::parse(
        {u"outreachgpt"_s, u"--sync"_s, u"--crm-url"_s, u"https://rep:hunter2@crm.example.com"_s});
    QCOMPARE(parsed.action, CommandLine::Action::FailAndExit);
    QVERIFY2(parsed.output.contains(u"user name or password"_s), qPrintable(parsed.output));
    QVERIFY2(parsed.output.contains(u"keychain"_s), qPrintable(parsed.output));
    QVERIFY(!parsed.output.contains(u"hunter2"_s));
}

void TestCommandLine::demoIsRefusedWithHeadlessModes_data() {
    QTest::addColumn<QStringList>("arguments");
    QTest::newRow("--sync") << QStringList{u"--demo"_s, u"--sync"_s};
    QTest::newRow("--flush-outbox") << QStringList{u"--flush-outbox"_s, u"--demo"_s};
    QTest::newRow("both") << QStringList{u"--demo"_s, u"--sync"_s, u"--flush-outbox"_s};
}

void TestCommandLine::demoIsRefusedWithHeadlessModes() {
    // The demo workspace is not a CRM: syncing it or flushing its outbox would send demo data
    // to whatever CRM the settings name.
    QFETCH(QStringList, arguments);
    arguments.prepend(u"outreachgpt"_s);
    const auto parsed = CommandLine::parse(arguments);
    QCOMPARE(parsed.action, CommandLine::Action::FailAndExit);
    QVERIFY2(parsed.output.contains(u"--demo cannot be combined"_s), qPrintable(parsed.output));
}

void TestCommandLine::helpListsTheHeadlessOptions() {
    const auto help = CommandLine::parse({u"outreachgpt"_s, u"--help"_s});
    QCOMPARE(help.action, CommandLine::Action::PrintAndExit);
    QVERIFY2(help.output.contains(u"--crm-url <url>"_s), qPrintable(help.output));
    QVERIFY2(help.output.contains(u"--sync"_s), qPrintable(help.output));
    QVERIFY2(help.output.contains(u"--flush-outbox"_s), qPrintable(help.output));
    // Where the token comes from is documented, since it has no option of its own.
    QVERIFY2(help.output.contains(u"OUTREACHGPT_CRM_TOKEN"_s), qPrintable(help.output));
    QVERIFY2(help.output.contains(u"OUTREACHGPT_CRM_URL"_s), qPrintable(help.output));
}

QTEST_GUILESS_MAIN(TestCommandLine)
void TestCommandLine::generateOptions() {
    const auto parsed = CommandLine::parse(
        {u"outreachgpt"_s, u"--generate"_s, u" T-1042 "_s, u"--prompt"_s, u"Offer a demo"_s,
         u"--tone"_s, u"Warm"_s, u"--length"_s, u"short"_s, u"--json"_s, u"--demo"_s});
    QCOMPARE(parsed.action, CommandLine::Action::Run);
    QCOMPARE(parsed.options.generateTicket, u"T-1042"_s);
    QCOMPARE(parsed.options.prompt, u"Offer a demo"_s);
    QCOMPARE(parsed.options.tone, u"warm"_s);
    QCOMPARE(parsed.options.length, u"short"_s);
    QVERIFY(parsed.options.json);
    QVERIFY(parsed.options.headless());
    // --demo is allowed here: drafting from the demo needs no CRM.
    QVERIFY(parsed.options.demo);
    QCOMPARE(CommandLine::parse({u"outreachgpt"_s, u"--generate"_s, u" "_s}).action,
             CommandLine::Action::FailAndExit);
    const auto eml = CommandLine::parse(
        {u"outreachgpt"_s, u"--generate"_s, u"T-1042"_s, u"--eml"_s, u"out/draft.eml"_s});
    QCOMPARE(eml.action, CommandLine::Action::Run);
    QCOMPARE(eml.options.eml, u"out/draft.eml"_s);
    QCOMPARE(
        CommandLine::parse({u"outreachgpt"_s, u"--generate"_s, u"T-1042"_s, u"--eml= "_s}).action,
        CommandLine::Action::FailAndExit);
}

void TestCommandLine::generateOptionsNeedGenerate() {
    for (const QString &option : {u"--json"_s, u"--prompt=x"_s, u"--tone=warm"_s,
                                  u"--length=long"_s, u"--eml=draft.eml"_s}) {
        const auto parsed = CommandLine::parse({u"outreachgpt"_s, option});
        QCOMPARE(parsed.action, CommandLine::Action::FailAndExit);
        QVERIFY(parsed.output.contains(u"--generate"_s));
    }
}

void TestCommandLine::batchOptions() {
    const auto parsed = CommandLine::parse({u"outreachgpt"_s, u"--generate-batch"_s, u"--tickets"_s,
                                            u" T-1, T-2 ,,T-3"_s, u"--prompt"_s, u"Follow up."_s,
                                            u"--tone"_s, u"warm"_s, u"--max-concurrency"_s, u"4"_s,
                                            u"--jsonl"_s, u"out.jsonl"_s});
    QCOMPARE(parsed.action, CommandLine::Action::Run);
    QVERIFY(parsed.options.headless());
    QVERIFY(parsed.options.generateBatch);
    QCOMPARE(parsed.options.tickets, (QStringList{u"T-1"_s, u"T-2"_s, u"T-3"_s}));
    QCOMPARE(parsed.options.maxConcurrency, 4);
    QCOMPARE(parsed.options.jsonl, u"out.jsonl"_s);
    QCOMPARE(parsed.options.tone, u"warm"_s);

    const auto filtered = CommandLine::parse(
        {u"outreachgpt"_s, u"--generate-batch"_s, u"--filter"_s, u"acme"_s, u"--prompt=x"_s});
    QCOMPARE(filtered.action, CommandLine::Action::Run);
    QCOMPARE(filtered.options.filter, u"acme"_s);

    const auto resume = CommandLine::parse({u"outreachgpt"_s, u"--resume-batch"_s});
    QCOMPARE(resume.action, CommandLine::Action::Run);
    QVERIFY(resume.options.headless());
    QVERIFY(resume.options.resumeBatch);
}

void TestCommandLine::badBatchOptionsFail_data() {
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("named");
    QTest::newRow("no tickets") << QStringList{u"--generate-batch"_s, u"--prompt=x"_s}
                                << u"--tickets"_s;
    QTest::newRow("two choices") << QStringList{u"--generate-batch"_s, u"--prompt=x"_s,
                                                u"--filter=a"_s, u"--tickets=T-1"_s}
                                 << u"one of"_s;
    QTest::newRow("no prompt") << QStringList{u"--generate-batch"_s, u"--tickets=T-1"_s}
                               << u"--prompt"_s;
    QTest::newRow("filter alone") << QStringList{u"--filter=a"_s} << u"--generate-batch"_s;
    QTest::newRow("concurrency zero") << QStringList{u"--generate-batch"_s, u"--tickets=T-1"_s,
                                                     u"--prompt=x"_s, u"--max-concurrency=0"_s}
                                      << u"1 to 64"_s;
    QTest::newRow("jsonl alone") << QStringList{u"--jsonl=x"_s} << u"--generate-batch"_s;
    QTest::newRow("with generate") << QStringList{u"--generate-batch"_s, u"--generate=T-1"_s,
                                                  u"--tickets=T-1"_s, u"--prompt=x"_s}
                                   << u"--generate"_s;
    QTest::newRow("json") << QStringList{u"--generate-batch"_s, u"--tickets=T-1"_s, u"--prompt=x"_s,
                                         u"--json"_s}
                          << u"JSON lines"_s;
}

void TestCommandLine::badBatchOptionsFail() {
    QFETCH(QStringList, arguments);
    QFETCH(QString, named);
    arguments.prepend(u"outreachgpt"_s);
    const auto parsed = CommandLine::parse(arguments);
    QCOMPARE(parsed.action, CommandLine::Action::FailAndExit);
    QVERIFY2(parsed.output.contains(named), qPrintable(parsed.output));
}

#include "tst_commandline.moc"
