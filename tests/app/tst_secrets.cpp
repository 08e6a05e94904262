// SPDX-License-Identifier: GPL-3.0-or-later
// No secret on disk or in any output: with a known CRM token and model API key, the real
// executable syncs, flushes the outbox and drafts a message (once with the model endpoint
// answering 401 with the key echoed back, as some servers do) against the in-process fakes, with
// every outreach.* logging category at debug level. Then the data folder (SQLite database, WAL,
// settings.ini), everything under the run's HOME and XDG folders (any QSettings file), and all
// the runs' stdout and stderr (the logs included) are searched for both secrets: absent. The same
// is done in process for the services alone, with the message handler capturing every log line.
#include "FakeCrmServer.h"
#include "FakeModelServer.h"
#include "crm/ContextAssembler.h"
#include "crm/RestCrmConnector.h"
#include "crm/TicketSync.h"
#include "generation/MessageGenerator.h"
#include "net/HttpTransport.h"
#include "platform/LogRedaction.h"
#include "storage/CacheStore.h"
#include "support/AwaitTask.h"

#include <QDeadlineTimer>
#include <QDirIterator>
#include <QLoggingCategory>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

// Long and unmistakable, so that a hit is a leak and not a coincidence.
const QString CrmToken = u"crm-tok-7Qx2Lm9Vb4Nc8Rt1Yw5Kp3Hs6Jd0Fg"_s;
const QString ApiKey = u"sk-test-Zu4Ea8Wr2Ty6Ui0Op3As7Df1Gh5Jk9Lz"_s;

QStringList capturedLines;
QtMessageHandler previousHandler = nullptr;

void captureHandler(QtMsgType type, const QMessageLogContext &context, const QString &message) {
    capturedLines.append(QString::fromLatin1(context.category ? context.category : "default")
                         + u": "_s + message);
    if (previousHandler)
        previousHandler(type, context, message);
}

// The encodings a secret could be stored in: UTF-8 (SQLite's text, INI files, logs), UTF-16
// (a QString dumped raw, SQLite's UTF-16 databases) and base64 (Basic auth, QSettings' @ByteArray).
QList<QByteArray> encodings(const QString &secret) {
    const QByteArray utf16(reinterpret_cast<const char *>(secret.utf16()),
                           secret.size() * qsizetype(sizeof(char16_t)));
    return {secret.toUtf8(), utf16, secret.toUtf8().toBase64()};
}

QStringList filesContaining(const QString &dir, const QString &secret) {
    QStringList found;
    QDirIterator it(dir, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile file(it.next());
        if (!file.open(QIODevice::ReadOnly)) {
            found.append(file.fileName() + u" (unreadable)"_s);
            continue;
        }
        const QByteArray bytes = file.readAll();
        for (const QByteArray &encoded : encodings(secret)) {
            if (bytes.contains(encoded))
                found.append(file.fileName());
        }
    }
    return found;
}

int fileCount(const QString &dir) {
    int count = 0;
    QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        it.next();
        ++count;
    }
    return count;
}

} // namespace

class TestSecrets : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void theExecutableLeavesNoSecretAnywhere();
    void theServicesLogNoSecret();

private:
    struct Run {
        int exitCode = -1;
        QString out;
        QString err;
    };
    Run run(const QStringList &arguments);

    QTemporaryDir m_dir;
    FakeCrmServer m_crm;
    FakeModelServer m_model;
    QProcessEnvironment m_environment;
};

void TestSecrets::initTestCase() {
    QVERIFY(m_dir.isValid());
    QVERIFY(m_crm.start());
    QVERIFY(m_crm.loadWorkspace());
    m_crm.setToken(CrmToken.toUtf8());
    QVERIFY(m_model.start());
    m_model.setApiKey(ApiKey.toUtf8());

    // A home of its own: whatever QSettings or Qt writes outside the data folder lands here.
    m_environment = QProcessEnvironment::systemEnvironment();
    for (const QString &name : {u"HOME"_s, u"XDG_CONFIG_HOME"_s, u"XDG_DATA_HOME"_s,
                                u"XDG_CACHE_HOME"_s, u"XDG_STATE_HOME"_s})
        m_environment.insert(name, m_dir.filePath(u"home/"_s + name.toLower()));
    m_environment.insert(u"OUTREACHGPT_CRM_TOKEN"_s, CrmToken);
    m_environment.insert(u"OPENAI_BASE_URL"_s, m_model.openAiBaseUrl().toString());
    m_environment.insert(u"OPENAI_API_KEY"_s, ApiKey);
    // Every outreach category at debug level, with the category in each line.
    m_environment.insert(u"QT_LOGGING_RULES"_s, u"outreach.*.debug=true"_s);
    m_environment.insert(u"QT_MESSAGE_PATTERN"_s, u"%{category}: %{message}"_s);
    m_environment.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
    // No keychain for these runs: the secrets come from the environment only.
    m_environment.insert(u"DBUS_SESSION_BUS_ADDRESS"_s, u"unix:path=/nonexistent"_s);
}

TestSecrets::Run TestSecrets::run(const QStringList &arguments) {
    QProcess process;
    process.setProcessEnvironment(m_environment);
    process.start(QStringLiteral(OUTREACHGPT_EXECUTABLE), arguments);
    Run result;
    if (!process.waitForStarted(30'000))
        return result;
    // The fakes live on this thread: keep its event loop running while the app talks to them.
    QDeadlineTimer deadline(120'000);
    while (process.state() != QProcess::NotRunning && !deadline.hasExpired())
        QTest::qWait(20);
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = QString::fromUtf8(process.readAllStandardOutput());
    result.err = QString::fromUtf8(process.readAllStandardError());
    return result;
}

void TestSecrets::theExecutableLeavesNoSecretAnywhere() {
    const QString dataDir = m_dir.filePath(u"data"_s);
    const QStringList common{u"--data-dir"_s, dataDir, u"--crm-url"_s, m_crm.baseUrl().toString()};
    QList<Run> runs;

    runs.append(run(common + QStringList{u"--sync"_s}));
    QVERIFY2(runs.last().exitCode == 0, qPrintable(runs.last().out + runs.last().err));
    runs.append(run(common + QStringList{u"--flush-outbox"_s}));
    QVERIFY2(runs.last().exitCode == 0, qPrintable(runs.last().out + runs.last().err));

    // The endpoint refuses the key and quotes it back in its error, as some servers do.
    FakeModelServer::Fault echo = FakeModelServer::Fault::unauthorized();
    echo.message =
        u"Incorrect API key provided: "_s + ApiKey + u". Authorization: Bearer "_s + ApiKey;
    m_model.setFault(echo, 1);
    runs.append(run(common + QStringList{u"--generate"_s, u"T-1001"_s}));
    QVERIFY2(runs.last().exitCode == 1, qPrintable(runs.last().out + runs.last().err));
    QVERIFY2(runs.last().err.contains(u"AUTH"_s) || runs.last().out.contains(u"AUTH"_s),
             qPrintable(runs.last().out + runs.last().err));
    runs.append(run(common + QStringList{u"--generate"_s, u"T-1001"_s, u"--json"_s}));
    QVERIFY2(runs.last().exitCode == 0, qPrintable(runs.last().out + runs.last().err));

    // The logs were really on, and the credentials really went over the wire.
    QString everything;
    for (const Run &r : std::as_const(runs))
        everything += r.out + r.err;
    QVERIFY2(everything.contains(u"outreach.http: "_s), qPrintable(everything.left(2000)));
    QVERIFY2(everything.contains(u"Authorization: [redacted]"_s),
             qPrintable(everything.left(2000)));
    QVERIFY(!m_model.requests().isEmpty());
    QCOMPARE(m_model.requests().last().header("authorization"), "Bearer "_ba + ApiKey.toUtf8());
    QCOMPARE(m_crm.requests().last().header("authorization"), "Bearer "_ba + CrmToken.toUtf8());

    for (const QString &secret : {CrmToken, ApiKey}) {
        QVERIFY2(!everything.contains(secret), qPrintable(u"printed: "_s + secret));
        const QStringList data = filesContaining(dataDir, secret);
        QVERIFY2(data.isEmpty(), qPrintable(data.join(u", "_s)));
        const QStringList home = filesContaining(m_dir.filePath(u"home"_s), secret);
        QVERIFY2(home.isEmpty(), qPrintable(home.join(u", "_s)));
    }
    QVERIFY(QFile::exists(QDir(dataDir).filePath(u"outreachgpt.sqlite"_s)));
    qInfo("searched %d files in the data folder and %d under HOME, and %lld characters of "
          "output from %lld runs: neither secret found",
          fileCount(dataDir), fileCount(m_dir.filePath(u"home"_s)), qlonglong(everything.size()),
          qlonglong(runs.size()));
}

void TestSecrets::theServicesLogNoSecret() {
    // The capture first, then the redaction in front of it, as main() installs it in front of
    // Qt's own handler: the capture sees what any log sink would.
    previousHandler = qInstallMessageHandler(captureHandler);
    LogRedaction::install();
    QLoggingCategory::setFilterRules(u"outreach.*.debug=true"_s);
    capturedLines.clear();

    auto cache = CacheStore::open(m_dir.filePath(u"services.sqlite"_s));
    QVERIFY(cache.ok());
    RestCrmConnector client;
    client.setBaseUrl(m_crm.baseUrl());
    client.setToken(CrmToken);
    TicketSync sync(*cache.value(), client);
    const TicketSync::Report report = awaitTask(sync.sync());
    QVERIFY(report.ok());
    ContextAssembler assembler(*cache.value(), &client);
    Result<OutreachContext> context = awaitTask(assembler.assembleContext(u"T-1001"_s));
    QVERIFY(context.ok());

    MessageGenerator generator;
    ModelEndpoint endpoint;
    endpoint.provider = ModelEndpoint::Provider::Compatible;
    endpoint.baseUrl = m_model.openAiBaseUrl();
    endpoint.model = u"fake-model"_s;
    endpoint.apiKey = ApiKey;
    generator.setEndpoint(endpoint);
    FakeModelServer::Fault echo = FakeModelServer::Fault::unauthorized();
    echo.message = u"Incorrect API key provided: "_s + ApiKey;
    m_model.setFault(echo, 1);
    const GenerationResult refused = awaitTask(generator.generateMessage(*context, u"Hi"_s));
    QVERIFY(refused.error);
    QVERIFY2(!refused.error->message().contains(ApiKey), qPrintable(refused.error->message()));
    const GenerationResult drafted = awaitTask(generator.generateMessage(*context, u"Hi"_s));
    QVERIFY(drafted.ok());

    QLoggingCategory::setFilterRules(QString());
    const QString logs = capturedLines.join(u'\n');
    QVERIFY2(logs.contains(u"outreach.http: "_s), qPrintable(logs.left(2000)));
    QVERIFY2(logs.contains(u"outreach.model: "_s), qPrintable(logs.left(2000)));
    QVERIFY2(logs.contains(u"Authorization: [redacted]"_s), qPrintable(logs.left(2000)));
    for (const QString &secret : {CrmToken, ApiKey}) {
        QVERIFY2(!logs.contains(secret), qPrintable(secret));
        const QStringList files = filesContaining(m_dir.path(), secret);
        QVERIFY2(files.isEmpty(), qPrintable(files.join(u", "_s)));
    }
    qInfo("%lld log lines captured at debug level, no secret in them",
          qlonglong(capturedLines.size()));
}

QTEST_GUILESS_MAIN(TestSecrets)
#include "tst_secrets.moc"
