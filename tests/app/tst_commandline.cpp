// Command-line parsing: works without a QApplication and rejects what it does not understand.
#include "CommandLine.h"

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

QTEST_GUILESS_MAIN(TestCommandLine)
#include "tst_commandline.moc"
