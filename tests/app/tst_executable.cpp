// Runs the installed-style executable: --help and --version need no display; --data-dir keeps
// every file in one folder; the demo workspace opens on first start.
#include <QDir>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

class TestExecutable : public QObject {
    Q_OBJECT

private slots:
    void versionAndHelpWithoutADisplay();
    void badOptionExitsWithUsage();
    void firstStartOpensTheDemoInTheDataDir();
    void demoWithoutDataDirLeavesNothingBehind();

private:
    struct Run {
        int exitCode = -1;
        QString out;
        QString err;
    };
    static Run run(const QStringList &arguments, const QProcessEnvironment &environment);
    static QProcessEnvironment headless();
    static QProcessEnvironment noDisplay();
};

QProcessEnvironment TestExecutable::headless() {
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
    return environment;
}

QProcessEnvironment TestExecutable::noDisplay() {
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(u"QT_QPA_PLATFORM"_s);
    environment.remove(u"DISPLAY"_s);
    environment.remove(u"WAYLAND_DISPLAY"_s);
    return environment;
}

TestExecutable::Run TestExecutable::run(const QStringList &arguments,
                                        const QProcessEnvironment &environment) {
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(OUTREACHGPT_EXECUTABLE), arguments);
    Run result;
    if (!process.waitForFinished(60000)) {
        process.kill();
        process.waitForFinished();
        result.err = u"timed out"_s;
        return result;
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = QString::fromUtf8(process.readAllStandardOutput());
    result.err = QString::fromUtf8(process.readAllStandardError());
    return result;
}

void TestExecutable::versionAndHelpWithoutADisplay() {
    const Run version = run({u"--version"_s}, noDisplay());
    QCOMPARE(version.exitCode, 0);
    QVERIFY2(version.out.startsWith(u"OutreachGPT "_s), qPrintable(version.out + version.err));
    QVERIFY(version.out.contains(QStringLiteral(OUTREACH_VERSION)));

    const Run help = run({u"--help"_s}, noDisplay());
    QCOMPARE(help.exitCode, 0);
    QVERIFY(help.out.contains(u"--data-dir"_s));
    QVERIFY(help.out.contains(u"--demo"_s));
}

void TestExecutable::badOptionExitsWithUsage() {
    const Run bad = run({u"--no-such-option"_s}, noDisplay());
    QCOMPARE(bad.exitCode, 2);
    QVERIFY(bad.err.contains(u"no-such-option"_s));
}

void TestExecutable::firstStartOpensTheDemoInTheDataDir() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString dataDir = dir.filePath(u"state"_s);
    const Run first = run({u"--data-dir"_s, dataDir, u"--quit-when-shown"_s}, headless());
    QVERIFY2(first.exitCode == 0, qPrintable(first.err));
    QVERIFY2(first.out.contains(u"shown rows="_s), qPrintable(first.out));
    const int rows = first.out.section(u"rows="_s, 1).section(u' ', 0, 0).toInt();
    QVERIFY2(rows >= 40, qPrintable(first.out));

    const QStringList files = QDir(dataDir).entryList(QDir::Files);
    QVERIFY2(files.contains(u"outreachgpt.sqlite"_s), qPrintable(files.join(u' ')));
    QVERIFY2(files.contains(u"settings.ini"_s), qPrintable(files.join(u' ')));

    // A second start reuses the cache rather than loading the demo again.
    const Run second = run({u"--data-dir"_s, dataDir, u"--quit-when-shown"_s}, headless());
    QCOMPARE(second.exitCode, 0);
    QVERIFY(second.out.contains(u"shown rows=%1 "_s.arg(rows)));
}

void TestExecutable::demoWithoutDataDirLeavesNothingBehind() {
    QTemporaryDir home;
    QVERIFY(home.isValid());
    QProcessEnvironment environment = headless();
    environment.insert(u"HOME"_s, home.path());
    environment.insert(u"XDG_DATA_HOME"_s, home.filePath(u"data"_s));
    environment.insert(u"XDG_CONFIG_HOME"_s, home.filePath(u"config"_s));
    const Run demo = run({u"--demo"_s, u"--quit-when-shown"_s}, environment);
    QVERIFY2(demo.exitCode == 0, qPrintable(demo.err));
    QVERIFY(demo.out.contains(u"shown rows="_s));
    QVERIFY2(!QDir(home.filePath(u"data/OutreachGPT"_s)).exists(),
             "--demo must not write into the user's data folder");
}

QTEST_GUILESS_MAIN(TestExecutable)
#include "tst_executable.moc"
