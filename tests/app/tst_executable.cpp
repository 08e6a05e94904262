// SPDX-License-Identifier: GPL-3.0-or-later
// Runs the installed-style executable: --help and --version need no display; --data-dir keeps
// every file in one folder; the demo workspace opens on first start. The headless modes
// (--sync, --flush-outbox) run against the fake_crm executable, a separate process, so the
// blocking waits here cannot stall the server.
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <memory>

using namespace Qt::StringLiterals;

class TestExecutable : public QObject {
    Q_OBJECT

private slots:
    void versionAndHelpWithoutADisplay();
    void badOptionExitsWithUsage();
    void firstStartOpensTheDemoInTheDataDir();
    void demoWithoutDataDirLeavesNothingBehind();

    void initTestCase();
    void cleanupTestCase();
    void syncFetchesIntoTheDataDir();
    void wrongTokenIsAnAuthFailure();
    void noTokenFailsClearly();
    void noUrlIsMisconfigured();
    void credentialsInTheCrmAddressAreRefused();
    void demoCannotSyncOrFlush();
    void generateStreamsADraftFromTheDemo();
    void generateWithoutAModelIsMisconfigured();
    void generateWritesTheDraftAsAnEml();
    void generateAgainstAServerThatCutsOrIgnores();

private:
    struct Run {
        int exitCode = -1;
        QString out;
        QString err;
    };
    static Run run(const QStringList &arguments, const QProcessEnvironment &environment);
    static QProcessEnvironment headless();
    static QProcessEnvironment noDisplay();
    // For the headless modes: no display, no CRM settings inherited from whoever runs the
    // tests, and a session bus that does not exist, so a run that reaches for the keychain
    // fails rather than finding the developer's own keyring.
    static QProcessEnvironment crmRun(const QString &token, const QString &url = {});
    struct SyncLine {
        int fetched = -1;
        int pages = -1;
        int stored = -1;
        int related = -1;
        int rejected = -1;
    };
    static SyncLine syncLine(const QString &out);
    // Every file under `dir` (the database, its -wal and -shm, settings.ini, …) whose bytes
    // contain `needle`.
    static QStringList filesContaining(const QString &dir, const QByteArray &needle);
    static int count(const QString &databasePath, const QString &sql);

    std::unique_ptr<QProcess> m_crm;
    QString m_crmUrl;  // http://127.0.0.1:PORT
    QString m_address; // 127.0.0.1:PORT, what any stored form of the URL would contain
    // Unique per run, so finding it in a file cannot be a coincidence.
    const QString m_token = u"tok-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces);
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

void TestExecutable::initTestCase() {
    m_crm = std::make_unique<QProcess>();
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"FAKE_CRM_TOKEN"_s, m_token);
    m_crm->setProcessEnvironment(environment);
    m_crm->setProcessChannelMode(QProcess::SeparateChannels);
    m_crm->start(QStringLiteral(FAKE_CRM_EXECUTABLE), QStringList());
    QVERIFY2(m_crm->waitForStarted(30000), qPrintable(m_crm->errorString()));
    while (!m_crm->canReadLine()) {
        QVERIFY2(m_crm->waitForReadyRead(30000),
                 qPrintable(u"fake_crm printed no address: "_s
                            + QString::fromUtf8(m_crm->readAllStandardError())));
    }
    const QString line = QString::fromUtf8(m_crm->readLine()).trimmed();
    const QRegularExpressionMatch match =
        QRegularExpression(u"^listening (http://(127\\.0\\.0\\.1:\\d+))$"_s).match(line);
    QVERIFY2(match.hasMatch(), qPrintable(line));
    m_crmUrl = match.captured(1);
    m_address = match.captured(2);
}

void TestExecutable::cleanupTestCase() {
    if (m_crm) {
        m_crm->kill();
        m_crm->waitForFinished(30000);
        // The fake logs requests, never the token; a leak there would hide one elsewhere.
        QVERIFY(!m_crm->readAllStandardError().contains(m_token.toUtf8()));
    }
}

QProcessEnvironment TestExecutable::crmRun(const QString &token, const QString &url) {
    QProcessEnvironment environment = noDisplay();
    environment.remove(u"OUTREACHGPT_CRM_TOKEN"_s);
    environment.remove(u"OUTREACHGPT_CRM_URL"_s);
    environment.insert(u"DBUS_SESSION_BUS_ADDRESS"_s, u"unix:path=/nonexistent"_s);
    if (!token.isEmpty())
        environment.insert(u"OUTREACHGPT_CRM_TOKEN"_s, token);
    if (!url.isEmpty())
        environment.insert(u"OUTREACHGPT_CRM_URL"_s, url);
    return environment;
}

TestExecutable::SyncLine TestExecutable::syncLine(const QString &out) {
    static const QRegularExpression pattern(
        u"(\\d+) tickets fetched in (\\d+) page\\(s\\), (\\d+) stored, (\\d+) projects and "
        "prospects fetched, (\\d+) rejected\\."_s);
    const QRegularExpressionMatch match = pattern.match(out);
    if (!match.hasMatch())
        return {};
    return {match.captured(1).toInt(), match.captured(2).toInt(), match.captured(3).toInt(),
            match.captured(4).toInt(), match.captured(5).toInt()};
}

QStringList TestExecutable::filesContaining(const QString &dir, const QByteArray &needle) {
    QStringList found;
    QDirIterator it(dir, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile file(it.next());
        if (!file.open(QIODevice::ReadOnly))
            found.append(file.fileName() + u" (unreadable)"_s);
        else if (file.readAll().contains(needle))
            found.append(file.fileName());
    }
    return found;
}

int TestExecutable::count(const QString &databasePath, const QString &sql) {
    int result = -1;
    const QString connection = u"inspect-"_s + QUuid::createUuid().toString();
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, connection);
        db.setDatabaseName(databasePath);
        if (db.open()) {
            QSqlQuery q(db);
            if (q.exec(sql) && q.next())
                result = q.value(0).toInt();
            else
                qWarning().noquote() << sql << q.lastError().text();
        }
    }
    QSqlDatabase::removeDatabase(connection);
    return result;
}

void TestExecutable::syncFetchesIntoTheDataDir() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString dataDir = dir.filePath(u"state"_s);
    const QStringList common{u"--data-dir"_s, dataDir};

    const Run first =
        run(common + QStringList{u"--crm-url"_s, m_crmUrl, u"--sync"_s}, crmRun(m_token));
    QVERIFY2(first.exitCode == 0, qPrintable(first.out + first.err));
    QVERIFY2(first.out.contains(u"Sync from "_s + m_crmUrl), qPrintable(first.out));
    const SyncLine initial = syncLine(first.out);
    QVERIFY2(initial.fetched == 56, qPrintable(first.out));
    QCOMPARE(initial.stored, 56);
    QCOMPARE(initial.rejected, 0);
    QVERIFY2(initial.pages >= 1, qPrintable(first.out));
    // The child has exited; what it reported is really in the file.
    const QString database = dataDir + u"/outreachgpt.sqlite"_s;
    QVERIFY(QFile::exists(database));
    QCOMPARE(count(database, u"SELECT count(*) FROM tickets"_s), 56);
    // Nothing but tickets was cached before, so the sync fetched every project and prospect
    // the tickets name, and each one is now in the cache.
    const int projects = count(database, u"SELECT count(DISTINCT project_id) FROM tickets"_s);
    const int prospects = count(database, u"SELECT count(DISTINCT prospect_id) FROM tickets"_s);
    QVERIFY(projects > 0 && prospects > 0);
    QVERIFY2(initial.related == projects + prospects, qPrintable(first.out));
    QCOMPARE(count(database, u"SELECT count(*) FROM projects"_s), projects);
    QCOMPARE(count(database, u"SELECT count(*) FROM prospects"_s), prospects);
    QCOMPARE(count(database, u"SELECT count(*) FROM fetch_times WHERE entity = 'ticket'"_s), 56);

    // The next sync starts from the high-water mark: only the tickets updated at exactly that
    // moment come again (the CRM's updated_since is inclusive), nothing is stored twice.
    const Run second =
        run(common + QStringList{u"--crm-url"_s, m_crmUrl, u"--sync"_s}, crmRun(m_token));
    QVERIFY2(second.exitCode == 0, qPrintable(second.out + second.err));
    const SyncLine boundary = syncLine(second.out);
    QVERIFY2(boundary.fetched >= 1 && boundary.fetched <= 3, qPrintable(second.out));
    QCOMPARE(boundary.related, 0);
    QCOMPARE(count(database, u"SELECT count(*) FROM tickets"_s), 56);

    // The address from the environment instead of the command line.
    const Run fromEnvironment = run(common + QStringList{u"--sync"_s}, crmRun(m_token, m_crmUrl));
    QVERIFY2(fromEnvironment.exitCode == 0, qPrintable(fromEnvironment.out + fromEnvironment.err));
    QVERIFY2(fromEnvironment.out.contains(u"Sync from "_s + m_crmUrl),
             qPrintable(fromEnvironment.out));
    const SyncLine again = syncLine(fromEnvironment.out);
    QVERIFY2(again.fetched >= 1 && again.fetched <= 3, qPrintable(fromEnvironment.out));

    const Run flush = run(common + QStringList{u"--flush-outbox"_s}, crmRun(m_token, m_crmUrl));
    QVERIFY2(flush.exitCode == 0, qPrintable(flush.out + flush.err));
    QVERIFY2(flush.out.contains(u"Outbox: 0 delivered, 0 failed, 0 pending, 0 failed in total."_s),
             qPrintable(flush.out));

    // Neither the token nor an address given for the run was written anywhere: not in the
    // settings, not in the database or its write-ahead log.
    const QStringList files = QDir(dataDir).entryList(QDir::Files);
    QVERIFY2(files.contains(u"outreachgpt.sqlite"_s), qPrintable(files.join(u' ')));
    QVERIFY2(filesContaining(dataDir, m_token.toUtf8()).isEmpty(),
             qPrintable(filesContaining(dataDir, m_token.toUtf8()).join(u' ')));
    QVERIFY2(filesContaining(dataDir, m_address.toUtf8()).isEmpty(),
             qPrintable(filesContaining(dataDir, m_address.toUtf8()).join(u' ')));
}

void TestExecutable::wrongTokenIsAnAuthFailure() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString wrongToken = u"wrong-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces);
    const Run sync = run({u"--data-dir"_s, dir.path(), u"--crm-url"_s, m_crmUrl, u"--sync"_s},
                         crmRun(wrongToken));
    QVERIFY2(sync.exitCode == 1, qPrintable(sync.out + sync.err));
    QVERIFY2(sync.err.contains(u"AUTH"_s), qPrintable(sync.err));
    QVERIFY2(!sync.out.contains(wrongToken) && !sync.err.contains(wrongToken),
             "the token was printed");
    QVERIFY2(filesContaining(dir.path(), wrongToken.toUtf8()).isEmpty(), "the token was stored");
    QCOMPARE(count(dir.filePath(u"outreachgpt.sqlite"_s), u"SELECT count(*) FROM tickets"_s), 0);
}

void TestExecutable::noTokenFailsClearly() {
    // No OUTREACHGPT_CRM_TOKEN and no session bus: the keychain cannot answer. A cron job gets
    // this, and must learn why and what to set.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const Run sync =
        run({u"--data-dir"_s, dir.path(), u"--crm-url"_s, m_crmUrl, u"--sync"_s}, crmRun({}));
    QVERIFY2(sync.exitCode != 0 && sync.exitCode != -1, qPrintable(sync.out + sync.err));
    QVERIFY2(sync.err.contains(u"keyring"_s, Qt::CaseInsensitive), qPrintable(sync.err));
    QVERIFY2(sync.err.contains(u"OUTREACHGPT_CRM_TOKEN"_s), qPrintable(sync.err));
    QVERIFY2(syncLine(sync.out).fetched == -1, "a sync ran without a token");
    QVERIFY2(filesContaining(dir.path(), m_address.toUtf8()).isEmpty(), "the address was stored");
}

void TestExecutable::noUrlIsMisconfigured() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    for (const QString &mode : {u"--sync"_s, u"--flush-outbox"_s}) {
        const Run noUrl = run({u"--data-dir"_s, dir.path(), mode}, crmRun(m_token));
        QVERIFY2(noUrl.exitCode == 2, qPrintable(mode + u": "_s + noUrl.out + noUrl.err));
        QVERIFY2(noUrl.err.contains(u"--crm-url"_s), qPrintable(noUrl.err));
        QVERIFY2(noUrl.err.contains(u"OUTREACHGPT_CRM_URL"_s), qPrintable(noUrl.err));
    }
    QVERIFY(filesContaining(dir.path(), m_token.toUtf8()).isEmpty());
}

void TestExecutable::credentialsInTheCrmAddressAreRefused() {
    // From the environment (or an old settings file) the address is refused before any
    // request, and the secret appears nowhere.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QUrl withSecret(m_crmUrl);
    withSecret.setUserName(u"rep"_s);
    withSecret.setPassword(u"hunter2-secret"_s);
    const Run sync =
        run({u"--data-dir"_s, dir.path(), u"--sync"_s}, crmRun(m_token, withSecret.toString()));
    QVERIFY2(sync.exitCode == 2, qPrintable(sync.out + sync.err));
    QVERIFY2(sync.err.contains(u"user name or password"_s), qPrintable(sync.err));
    QVERIFY2(syncLine(sync.out).fetched == -1, "a sync ran");
    QVERIFY(!sync.out.contains(u"hunter2"_s) && !sync.err.contains(u"hunter2"_s));
    QVERIFY(filesContaining(dir.path(), "hunter2").isEmpty());
}

void TestExecutable::demoCannotSyncOrFlush() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString dataDir = dir.filePath(u"state"_s);
    for (const QString &mode : {u"--sync"_s, u"--flush-outbox"_s}) {
        const Run demo =
            run({u"--demo"_s, mode, u"--data-dir"_s, dataDir, u"--crm-url"_s, m_crmUrl},
                crmRun(m_token));
        QVERIFY2(demo.exitCode == 2, qPrintable(demo.out + demo.err));
        QVERIFY2(demo.err.contains(u"--demo cannot be combined"_s), qPrintable(demo.err));
    }
    // Refused before anything was opened or created.
    QVERIFY(!QDir(dataDir).exists());
}

QTEST_GUILESS_MAIN(TestExecutable)
#include "tst_executable.moc"

void TestExecutable::generateStreamsADraftFromTheDemo() {
    QProcess model;
    model.start(QStringLiteral(FAKE_MODEL_EXECUTABLE), {u"--chunk-delay"_s, u"1"_s});
    QVERIFY(model.waitForStarted(30000));
    while (!model.canReadLine())
        QVERIFY(model.waitForReadyRead(30000));
    const QString line = QString::fromUtf8(model.readLine()).trimmed();
    QVERIFY2(line.startsWith(u"listening http://127.0.0.1:"_s), qPrintable(line));
    const QString base = line.section(u' ', 1);
    const QString key = u"sk-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces);

    QProcessEnvironment environment = crmRun(QString());
    environment.insert(u"OPENAI_BASE_URL"_s, base);
    environment.insert(u"OPENAI_API_KEY"_s, key);
    const Run json = run({u"--demo"_s, u"--generate"_s, u"T-1001"_s, u"--prompt"_s,
                          u"Offer a demo next week"_s, u"--json"_s},
                         environment);
    QVERIFY2(json.exitCode == 0, qPrintable(json.err));
    const QJsonObject result = QJsonDocument::fromJson(json.out.toUtf8()).object();
    // The fake answers with the ids it saw: the demo's context reached the model.
    QVERIFY2(result.value(u"message"_s).toString().contains(u"T-1001"_s), qPrintable(json.out));
    const QJsonObject metadata = result.value(u"metadata"_s).toObject();
    QVERIFY(metadata.value(u"used_context"_s).toArray().contains(u"ticket"_s));
    QVERIFY(metadata.value(u"confidence"_s).toDouble() > 0.0);
    QCOMPARE(metadata.value(u"finish_reason"_s).toString(), u"stop"_s);

    const Run text =
        run({u"--demo"_s, u"--generate"_s, u"T-1001"_s, u"--tone"_s, u"warm"_s}, environment);
    QVERIFY2(text.exitCode == 0, qPrintable(text.err));
    // The subject on a line of its own, then a blank line, then the body.
    QVERIFY(text.out.startsWith(u"Subject: "_s));
    const QStringList lines = text.out.split(u'\n');
    QVERIFY(lines.size() > 3 && lines.at(1).isEmpty() && lines.at(2).startsWith(u"Reply using"_s));
    QVERIFY(text.out.contains(u"Confidence: "_s));
    QVERIFY(text.out.contains(u"Ready to send."_s));
    for (const Run &each : {json, text})
        QVERIFY(!QString(each.out + each.err).contains(key));
    model.kill();
    model.waitForFinished();
    QVERIFY(!model.readAllStandardError().contains(key.toUtf8()));

    const Run badTone =
        run({u"--demo"_s, u"--generate"_s, u"T-1001"_s, u"--tone"_s, u"rude"_s}, environment);
    QCOMPARE(badTone.exitCode, 2);
}

void TestExecutable::generateWithoutAModelIsMisconfigured() {
    QProcessEnvironment environment = crmRun(QString());
    environment.remove(u"OPENAI_API_KEY"_s);
    environment.remove(u"OPENAI_BASE_URL"_s);
    environment.remove(u"AZURE_OPENAI_ENDPOINT"_s);
    environment.remove(u"AZURE_OPENAI_API_KEY"_s);
    const Run result = run({u"--demo"_s, u"--generate"_s, u"T-1001"_s}, environment);
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.err.contains(u"OPENAI_API_KEY"_s), qPrintable(result.err));
    QVERIFY2(result.err.contains(u"--template"_s), qPrintable(result.err));

    // A template draft needs neither a model nor a network.
    const Run draft = run(
        {u"--demo"_s, u"--generate"_s, u"T-1001"_s, u"--template"_s, u"follow-up"_s}, environment);
    QVERIFY2(draft.exitCode == 0, qPrintable(draft.err));
    QVERIFY(draft.out.startsWith(u"Template draft (follow-up"_s));
    QVERIFY(draft.out.contains(u"Subject: Following up: "_s));
    QVERIFY(!draft.out.contains(u"{{"_s));
    const Run unknown =
        run({u"--demo"_s, u"--generate"_s, u"T-1001"_s, u"--template"_s, u"nope"_s}, environment);
    QCOMPARE(unknown.exitCode, 2);
}

// --eml: the draft as a MIME message any mail client opens as a draft to send.
void TestExecutable::generateWritesTheDraftAsAnEml() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString eml = dir.filePath(u"draft.eml"_s);
    const Run draft = run({u"--demo"_s, u"--generate"_s, u"T-1042"_s, u"--template"_s,
                           u"follow-up"_s, u"--eml"_s, eml},
                          crmRun(QString()));
    QVERIFY2(draft.exitCode == 0, qPrintable(draft.err));
    QVERIFY2(draft.err.contains(u"as an email to José Álvarez <jose.alvarez@"_s),
             qPrintable(draft.err));
    QFile file(eml);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll();
    QVERIFY(bytes.contains("\r\nX-Unsent: 1\r\n"));
    QVERIFY(bytes.contains("<jose.alvarez@hispano-retail.example>"));
    QVERIFY(bytes.contains("Content-Type: text/plain; charset=utf-8\r\n"));
    QVERIFY(bytes.contains("Content-Transfer-Encoding: quoted-printable\r\n"));
    // The greeting with its accent, in quoted-printable UTF-8.
    QVERIFY2(bytes.contains("Jos=C3=A9"), bytes.constData());
    const qsizetype subject = draft.out.indexOf(u"Subject: "_s);
    QVERIFY(subject >= 0);
    const QString subjectLine = draft.out.mid(subject).section(u'\n', 0, 0);
    QVERIFY2(bytes.contains(subjectLine.toUtf8()), qPrintable(subjectLine));

    const Run unwritable = run({u"--demo"_s, u"--generate"_s, u"T-1042"_s, u"--template"_s,
                                u"follow-up"_s, u"--eml"_s, dir.filePath(u"no/such/dir/x.eml"_s)},
                               crmRun(QString()));
    QCOMPARE(unwritable.exitCode, 1);
    QVERIFY2(unwritable.err.contains(u"Could not write"_s), qPrintable(unwritable.err));
}

// A llama.cpp-like server that cuts an over-long prompt, refuses it with its error line, or
// ignores the schema: never "Ready to send" for a wrong or empty draft, and the exit code says so.
void TestExecutable::generateAgainstAServerThatCutsOrIgnores() {
    const auto serve = [](QProcess &model, const QStringList &arguments) {
        model.start(QStringLiteral(FAKE_MODEL_EXECUTABLE), arguments);
        if (!model.waitForStarted(30000))
            return QString();
        while (!model.canReadLine())
            if (!model.waitForReadyRead(30000))
                return QString();
        return QString::fromUtf8(model.readLine()).trimmed().section(u' ', 1);
    };
    struct Case {
        QStringList arguments;
        int exitCode;
        QString says;
    };
    const QList<Case> cases{
        {{u"--context-window"_s, u"1000"_s}, 1, u"cut the prompt"_s},
        {{u"--context-window"_s, u"1000"_s, u"--no-context-shift"_s},
         1,
         u"exceeds the available context size"_s},
        {{u"--ignore-response-format"_s}, 0, QString()},
    };
    for (const Case &each : cases) {
        QProcess model;
        const QString base = serve(model, QStringList{u"--chunk-delay"_s, u"0"_s} + each.arguments);
        QVERIFY(!base.isEmpty());
        QProcessEnvironment environment = crmRun(QString());
        environment.insert(u"OPENAI_BASE_URL"_s, base);
        environment.remove(u"OPENAI_API_KEY"_s);
        const Run text = run({u"--demo"_s, u"--generate"_s, u"T-1001"_s}, environment);
        QVERIFY2(text.exitCode == each.exitCode, qPrintable(text.out + text.err));
        if (each.exitCode != 0) {
            QVERIFY2(text.out.contains(u"Not ready"_s), qPrintable(text.out));
            QVERIFY2(text.err.contains(each.says), qPrintable(text.err));
        } else {
            // Plain text read as the draft, not thrown away as "not the expected JSON".
            QVERIFY2(text.out.contains(u"Reply using T-1001"_s), qPrintable(text.out));
            QVERIFY2(text.out.contains(u"Ready to send."_s), qPrintable(text.out + text.err));
        }
        model.kill();
        model.waitForFinished();
    }
}
