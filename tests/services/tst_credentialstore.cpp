// SPDX-License-Identifier: GPL-3.0-or-later
// CredentialStore: secrets in the real system keyring, and a clear error where there is none.
// Run inside scripts/test.sh's D-Bus session, which unlocks a throwaway gnome-keyring; every run
// uses its own service name and removes what it wrote.
#include "platform/CredentialStore.h"

#include <QCoroTask>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSettings>
#include <QSignalSpy>
#include <QTest>
#include <QTextStream>
#include <QUuid>

#include <optional>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace {

template <typename T>
QCoro::Task<> storeResult(QCoro::Task<T> task, std::optional<T> &out) {
    out.emplace(co_await std::move(task));
}

// Blocks until `task` is done. QCoro::waitFor() itself needs a default-constructible result, which
// Result<T> is not, so the result goes through an optional.
template <typename T>
T await(QCoro::Task<T> task) {
    std::optional<T> result;
    QCoro::waitFor(storeResult(std::move(task), result));
    return std::move(*result);
}

QString uniqueService() {
    return u"OutreachGPT-test-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces);
}

QString describe(const Result<void> &result) {
    return result.ok() ? u"ok"_s : result.error().toString();
}

QString describe(const Result<std::optional<QString>> &result) {
    if (!result.ok())
        return result.error().toString();
    return result.value() ? u"a secret"_s : u"no entry"_s;
}

// The failure probe: the test binary started again with this variable set (and no session bus)
// runs one write and one read and prints what happened as JSON lines.
constexpr char probeVariable[] = "OUTREACH_CREDENTIALSTORE_PROBE";
constexpr auto probeDelay = 400ms;

QJsonObject probeLine(const char *operation, const OutreachError *error, int retries,
                      qint64 elapsedMs) {
    return QJsonObject{
        {u"operation"_s, QString::fromLatin1(operation)},
        {u"ok"_s, error == nullptr},
        {u"code"_s, error ? error->codeName() : QString()},
        {u"message"_s, error ? error->message() : QString()},
        {u"retries"_s, retries},
        {u"elapsed_ms"_s, elapsedMs},
    };
}

int runProbe() {
    const QString service = qEnvironmentVariable("OUTREACH_PROBE_SERVICE");
    const QString key = qEnvironmentVariable("OUTREACH_PROBE_KEY");
    const QString secret = qEnvironmentVariable("OUTREACH_PROBE_SECRET");
    CredentialStore store(service);
    store.setRetryDelay(probeDelay);
    int retries = 0;
    QObject::connect(&store, &CredentialStore::retrying, &store, [&retries] { ++retries; });
    QTextStream out(stdout);

    QElapsedTimer timer;
    timer.start();
    const Result<void> written = await(store.write(key, secret));
    out << QJsonDocument(probeLine("write", written.ok() ? nullptr : &written.error(), retries,
                                   timer.elapsed()))
               .toJson(QJsonDocument::Compact)
        << '\n';

    retries = 0;
    timer.restart();
    const Result<std::optional<QString>> read = await(store.read(key));
    out << QJsonDocument(
               probeLine("read", read.ok() ? nullptr : &read.error(), retries, timer.elapsed()))
               .toJson(QJsonDocument::Compact)
        << '\n';
    return 0;
}

// Everything logged while the suite runs, to show that no secret reaches a log.
QStringList loggedMessages;
QtMessageHandler previousHandler = nullptr;

void recordMessage(QtMsgType type, const QMessageLogContext &context, const QString &message) {
    loggedMessages.append(message);
    if (previousHandler)
        previousHandler(type, context, message);
}

} // namespace

class TestCredentialStore : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanup();
    void cleanupTestCase();

    void entryKey_data();
    void entryKey();
    void entryKeysForDifferentPlacesDiffer();
    void writeReadOverwriteRemove();
    void secrets_data();
    void secrets();
    void entriesDoNotCollide();
    void readingAnAbsentEntryGivesNothing();
    void removingAnAbsentEntrySucceeds();
    void emptyKeyIsRefused();
    void operationsStartedTogetherAllComplete();
    void storeDeletedDuringAnOperation();
    void noSecretInLogsOrSettings();
    void failsClearlyWithoutASessionBus();

private:
    QString key(const QString &name);

    QString m_service;
    QStringList m_keys; // every key a test wrote, removed in cleanup()
};

QString TestCredentialStore::key(const QString &name) {
    m_keys.append(name);
    return name;
}

void TestCredentialStore::initTestCase() {
    previousHandler = qInstallMessageHandler(recordMessage);
    m_service = uniqueService();
    // Fail early, and say how to run the suite, when there is no usable keyring here.
    CredentialStore store(m_service);
    const QString name = u"initTestCase"_s;
    const Result<void> written = await(store.write(name, u"check"_s));
    if (written.ok())
        m_keys.append(name);
    else
        QFAIL(qPrintable(u"The system keyring is not usable here: "_s + written.error().message()
                         + u"\nRun the tests through scripts/test.sh (or dbus-run-session -- "
                           u"scripts/test-in-session.sh <preset>), which start a D-Bus session "
                           u"with an unlocked throwaway gnome-keyring."_s));
}

void TestCredentialStore::cleanup() {
    CredentialStore store(m_service);
    for (const QString &name : std::as_const(m_keys)) {
        const Result<void> removed = await(store.remove(name));
        QVERIFY2(removed.ok(), qPrintable(describe(removed)));
        const Result<std::optional<QString>> read = await(store.read(name));
        QVERIFY2(read.ok() && !read.value(), qPrintable(name + u": "_s + describe(read)));
    }
    m_keys.clear();
}

void TestCredentialStore::cleanupTestCase() {
    cleanup();
    qInstallMessageHandler(previousHandler);
}

void TestCredentialStore::entryKey_data() {
    QTest::addColumn<QString>("endpoint");
    QTest::addColumn<QString>("account");
    QTest::addColumn<QString>("expected");
    const QString crm = u"crm-token@https://crm.example.com"_s;
    QTest::newRow("plain") << u"crm"_s << u"https://crm.example.com"_s << crm;
    QTest::newRow("trailing slash") << u"crm"_s << u"https://crm.example.com/"_s << crm;
    QTest::newRow("several trailing slashes") << u"crm"_s << u"https://crm.example.com///"_s << crm;
    QTest::newRow("upper-case scheme and host") << u"crm"_s << u"HTTPS://CRM.Example.COM/"_s << crm;
    QTest::newRow("spaces and endpoint case")
        << u" CRM "_s << u"  https://crm.example.com \n"_s << crm;
    QTest::newRow("default https port") << u"crm"_s << u"https://crm.example.com:443/"_s << crm;
    QTest::newRow("user info dropped")
        << u"crm"_s << u"https://dana:hunter2@crm.example.com/"_s << crm;
    QTest::newRow("query and fragment dropped")
        << u"crm"_s << u"https://crm.example.com/?tenant=1#top"_s << crm;
    QTest::newRow("other port kept") << u"crm"_s << u"https://crm.example.com:8443/"_s
                                     << u"crm-token@https://crm.example.com:8443"_s;
    QTest::newRow("default http port")
        << u"crm"_s << u"http://localhost:80/"_s << u"crm-token@http://localhost"_s;
    QTest::newRow("http and https differ")
        << u"crm"_s << u"http://crm.example.com"_s << u"crm-token@http://crm.example.com"_s;
    QTest::newRow("model with a path") << u"model"_s << u"https://api.openai.com/v1/"_s
                                       << u"model-token@https://api.openai.com/v1"_s;
    QTest::newRow("path case kept") << u"model"_s << u"https://Example.com/Openai/V1"_s
                                    << u"model-token@https://example.com/Openai/V1"_s;
    QTest::newRow("local server") << u"model"_s << u"http://127.0.0.1:11434/v1/"_s
                                  << u"model-token@http://127.0.0.1:11434/v1"_s;
    QTest::newRow("IPv6") << u"model"_s << u"http://[::1]:8080/"_s
                          << u"model-token@http://[::1]:8080"_s;
    QTest::newRow("IDN host") << u"crm"_s << u"https://CRM.Müller.example/"_s
                              << u"crm-token@https://crm.xn--mller-kva.example"_s;
    QTest::newRow("IDN host already in ASCII") << u"crm"_s << u"https://crm.xn--mller-kva.example"_s
                                               << u"crm-token@https://crm.xn--mller-kva.example"_s;
    QTest::newRow("not a URL") << u"crm"_s << u"  dana@acme  "_s << u"crm-token@dana@acme"_s;
    QTest::newRow("relative") << u"crm"_s << u"crm.example.com/"_s
                              << u"crm-token@crm.example.com/"_s;
}

void TestCredentialStore::entryKey() {
    QFETCH(QString, endpoint);
    QFETCH(QString, account);
    QFETCH(QString, expected);
    QCOMPARE(CredentialStore::entryKey(endpoint, account), expected);
}

void TestCredentialStore::entryKeysForDifferentPlacesDiffer() {
    const QStringList keys{
        CredentialStore::entryKey(u"crm"_s, u"https://crm.example.com"_s),
        CredentialStore::entryKey(u"model"_s, u"https://crm.example.com"_s),
        CredentialStore::entryKey(u"crm"_s, u"https://crm2.example.com"_s),
        CredentialStore::entryKey(u"crm"_s, u"https://crm.example.com/eu"_s),
        CredentialStore::entryKey(u"crm"_s, u"https://crm.example.com:8443"_s),
        CredentialStore::entryKey(u"crm"_s, u"http://crm.example.com"_s),
    };
    QCOMPARE(QSet<QString>(keys.begin(), keys.end()).size(), keys.size());
}

void TestCredentialStore::writeReadOverwriteRemove() {
    CredentialStore store(m_service);
    const QString name = key(CredentialStore::entryKey(u"crm"_s, u"https://crm.example.com"_s));

    const Result<void> written = await(store.write(name, u"first-token"_s));
    QVERIFY2(written.ok(), qPrintable(describe(written)));
    Result<std::optional<QString>> read = await(store.read(name));
    QVERIFY2(read.ok(), qPrintable(describe(read)));
    QCOMPARE(read.value(), std::optional(u"first-token"_s));

    const Result<void> overwritten = await(store.write(name, u"second-token"_s));
    QVERIFY2(overwritten.ok(), qPrintable(describe(overwritten)));
    read = await(store.read(name));
    QVERIFY2(read.ok(), qPrintable(describe(read)));
    QCOMPARE(read.value(), std::optional(u"second-token"_s));

    // Another store for the same service (the app after a restart) sees the same entry.
    CredentialStore again(m_service);
    QCOMPARE(await(again.read(name)).value(), std::optional(u"second-token"_s));

    const Result<void> removed = await(store.remove(name));
    QVERIFY2(removed.ok(), qPrintable(describe(removed)));
    read = await(store.read(name));
    QVERIFY2(read.ok(), qPrintable(describe(read)));
    QCOMPARE(read.value(), std::nullopt);
}

void TestCredentialStore::secrets_data() {
    QTest::addColumn<QString>("secret");
    QTest::newRow("API key") << u"sk-proj-Abc123_xyz-789"_s;
    QTest::newRow("non-ASCII") << u"pässwörd-東京-Łódź-ß-🔑-👩‍💻-שלום"_s;
    QTest::newRow("whitespace and newlines") << u"  leading\n\ttabbed\r\ntrailing  "_s;
    QTest::newRow("quotes and JSON") << u"{\"token\":\"a\\\"b\",'c':[1,2]} % %1 $HOME"_s;
    QString jwt = u"eyJhbGciOiJSUzI1NiJ9."_s;
    for (int i = 0; i < 200; ++i)
        jwt += u"eyJzdWIiOiIxMjM0NTY3ODkwIn0"_s;
    QTest::newRow("long token") << jwt;
    QString huge;
    for (int i = 0; huge.size() < 100'000; ++i)
        huge += QString::number(i) + u"-ä東🔑-"_s;
    QTest::newRow("100k characters, non-ASCII") << huge;
}

void TestCredentialStore::secrets() {
    QFETCH(QString, secret);
    CredentialStore store(m_service);
    const QString name = key(u"secret:"_s + QString::fromUtf8(QTest::currentDataTag()));
    const Result<void> written = await(store.write(name, secret));
    QVERIFY2(written.ok(), qPrintable(describe(written)));
    const Result<std::optional<QString>> read = await(store.read(name));
    QVERIFY2(read.ok(), qPrintable(describe(read)));
    QVERIFY(read.value().has_value());
    QCOMPARE(read.value()->size(), secret.size());
    QVERIFY(*read.value() == secret);
}

void TestCredentialStore::entriesDoNotCollide() {
    CredentialStore store(m_service);
    const QString crm = key(CredentialStore::entryKey(u"crm"_s, u"https://crm.example.com"_s));
    const QString model = key(CredentialStore::entryKey(u"model"_s, u"https://crm.example.com"_s));
    const QString otherCrm =
        key(CredentialStore::entryKey(u"crm"_s, u"https://crm.other.example/"_s));
    QVERIFY(await(store.write(crm, u"crm-secret"_s)).ok());
    QVERIFY(await(store.write(model, u"model-secret"_s)).ok());
    QVERIFY(await(store.write(otherCrm, u"other-crm-secret"_s)).ok());

    // The same key under another service is another entry.
    const QString otherService = uniqueService();
    CredentialStore otherStore(otherService);
    QCOMPARE(await(otherStore.read(crm)).value(), std::nullopt);
    QVERIFY(await(otherStore.write(crm, u"other-service-secret"_s)).ok());

    QCOMPARE(await(store.read(crm)).value(), std::optional(u"crm-secret"_s));
    QCOMPARE(await(store.read(model)).value(), std::optional(u"model-secret"_s));
    QCOMPARE(await(store.read(otherCrm)).value(), std::optional(u"other-crm-secret"_s));
    QCOMPARE(await(otherStore.read(crm)).value(), std::optional(u"other-service-secret"_s));

    // Removing one leaves the others.
    QVERIFY(await(store.remove(model)).ok());
    QCOMPARE(await(store.read(model)).value(), std::nullopt);
    QCOMPARE(await(store.read(crm)).value(), std::optional(u"crm-secret"_s));
    QCOMPARE(await(store.read(otherCrm)).value(), std::optional(u"other-crm-secret"_s));
    QCOMPARE(await(otherStore.read(crm)).value(), std::optional(u"other-service-secret"_s));

    QVERIFY(await(otherStore.remove(crm)).ok());
    QCOMPARE(await(otherStore.read(crm)).value(), std::nullopt);
    QCOMPARE(await(store.read(crm)).value(), std::optional(u"crm-secret"_s));
}

void TestCredentialStore::readingAnAbsentEntryGivesNothing() {
    CredentialStore store(m_service);
    QSignalSpy retrying(&store, &CredentialStore::retrying);
    const Result<std::optional<QString>> read = await(store.read(u"never-written"_s));
    QVERIFY2(read.ok(), qPrintable(describe(read)));
    QCOMPARE(read.value(), std::nullopt);
    // "Not found" is an answer, not a failure to retry.
    QCOMPARE(retrying.size(), 0);

    // Nor from a service that has never stored anything.
    CredentialStore fresh(uniqueService());
    const Result<std::optional<QString>> none = await(fresh.read(u"crm-token@x"_s));
    QVERIFY2(none.ok(), qPrintable(describe(none)));
    QCOMPARE(none.value(), std::nullopt);
}

void TestCredentialStore::removingAnAbsentEntrySucceeds() {
    CredentialStore store(m_service);
    QSignalSpy retrying(&store, &CredentialStore::retrying);
    const Result<void> removed = await(store.remove(u"never-written"_s));
    QVERIFY2(removed.ok(), qPrintable(describe(removed)));

    // Twice in a row, too.
    const QString name = key(u"removed-twice"_s);
    QVERIFY(await(store.write(name, u"x"_s)).ok());
    QVERIFY(await(store.remove(name)).ok());
    const Result<void> again = await(store.remove(name));
    QVERIFY2(again.ok(), qPrintable(describe(again)));
    QCOMPARE(retrying.size(), 0);
}

void TestCredentialStore::emptyKeyIsRefused() {
    CredentialStore store(m_service);
    const Result<void> written = await(store.write(QString(), u"secret-for-no-key"_s));
    QVERIFY(!written.ok());
    QCOMPARE(written.error().code(), OutreachError::Code::Storage);
    QVERIFY(!written.error().message().contains(u"secret-for-no-key"_s));
    QVERIFY(!await(store.read(QString())).ok());
    QVERIFY(!await(store.remove(QString())).ok());
}

void TestCredentialStore::operationsStartedTogetherAllComplete() {
    // Tasks start at once (eager); QtKeychain queues the jobs. Each must still get its own answer.
    CredentialStore store(m_service);
    const QString a = key(u"together-a"_s);
    const QString b = key(u"together-b"_s);
    QCoro::Task<Result<void>> writeA = store.write(a, u"alpha"_s);
    QCoro::Task<Result<void>> writeB = store.write(b, u"beta"_s);
    QCoro::Task<Result<std::optional<QString>>> readMissing = store.read(u"together-missing"_s);
    QCoro::Task<Result<std::optional<QString>>> readA = store.read(a);
    QVERIFY(await(std::move(writeA)).ok());
    QVERIFY(await(std::move(writeB)).ok());
    QCOMPARE(await(std::move(readMissing)).value(), std::nullopt);
    // Jobs run in the order they were started, so the read after the write sees it.
    QCOMPARE(await(std::move(readA)).value(), std::optional(u"alpha"_s));
    QCOMPARE(await(store.read(b)).value(), std::optional(u"beta"_s));
}

void TestCredentialStore::storeDeletedDuringAnOperation() {
    // A store may go away (window closed) while its job runs; the job still ends cleanly.
    const QString name = key(u"outlives-the-store"_s);
    auto *store = new CredentialStore(m_service);
    QCoro::Task<Result<void>> written = store->write(name, u"kept"_s);
    delete store;
    const Result<void> result = await(std::move(written));
    QVERIFY2(result.ok(), qPrintable(describe(result)));
    CredentialStore reader(m_service);
    QCOMPARE(await(reader.read(name)).value(), std::optional(u"kept"_s));
}

void TestCredentialStore::noSecretInLogsOrSettings() {
    const QString secret = u"never-log-me-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces);
    const QString name = key(u"not-in-logs"_s);
    loggedMessages.clear();
    CredentialStore store(m_service);
    QVERIFY(await(store.write(name, secret)).ok());
    QCOMPARE(await(store.read(name)).value(), std::optional(secret));
    QVERIFY(await(store.remove(name)).ok());
    for (const QString &message : std::as_const(loggedMessages))
        QVERIFY2(!message.contains(secret), "a secret was logged");

    // No plaintext fallback: QtKeychain's would be a QSettings file named after the service.
    QSettings fallback(m_service);
    QVERIFY2(fallback.allKeys().isEmpty(), qPrintable(fallback.fileName()));
    QVERIFY2(!QFile::exists(fallback.fileName()), qPrintable(fallback.fileName()));
}

void TestCredentialStore::failsClearlyWithoutASessionBus() {
#ifndef Q_OS_LINUX
    QSKIP("The Secret Service and its session bus exist only on Linux");
#else
    // This binary again, as a child without a session bus: what a rep gets when no keyring runs.
    const QString service = uniqueService();
    const QString name = CredentialStore::entryKey(u"crm"_s, u"https://crm.example.com"_s);
    const QString secret = u"probe-secret-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces);
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QString::fromLatin1(probeVariable), u"1"_s);
    environment.insert(u"OUTREACH_PROBE_SERVICE"_s, service);
    environment.insert(u"OUTREACH_PROBE_KEY"_s, name);
    environment.insert(u"OUTREACH_PROBE_SECRET"_s, secret);
    environment.insert(u"DBUS_SESSION_BUS_ADDRESS"_s, u"unix:path=/nonexistent"_s);
    QProcess probe;
    probe.setProcessEnvironment(environment);
    probe.start(QCoreApplication::applicationFilePath(), QStringList());
    QVERIFY2(probe.waitForFinished(60'000), "the probe did not finish");
    const QByteArray output = probe.readAllStandardOutput();
    const QByteArray errors = probe.readAllStandardError();
    QCOMPARE(probe.exitStatus(), QProcess::NormalExit);
    QVERIFY2(probe.exitCode() == 0, errors.constData());
    QVERIFY2(!output.contains(secret.toUtf8()), "the secret reached standard output");
    QVERIFY2(!errors.contains(secret.toUtf8()), "the secret reached standard error");

    const QList<QByteArray> lines = output.trimmed().split('\n');
    QCOMPARE(lines.size(), 2);
    const QStringList actions{u"Could not save the credential"_s,
                              u"Could not read the credential"_s};
    for (int i = 0; i < 2; ++i) {
        const QJsonObject line = QJsonDocument::fromJson(lines.at(i)).object();
        const QString message = line.value(u"message"_s).toString();
        QVERIFY2(!line.value(u"ok"_s).toBool(), lines.at(i).constData());
        QCOMPARE(line.value(u"code"_s).toString(), u"STORAGE"_s);
        // Clear: what failed, which credential, and where to look.
        QVERIFY2(message.startsWith(QString(actions.at(i) + u" \""_s + name + u"\" "_s)),
                 qPrintable(message));
        QVERIFY2(message.contains(u"system keyring: "_s), qPrintable(message));
        QVERIFY2(message.contains(u"Secret Service keyring (GNOME Keyring or KWallet)"_s),
                 qPrintable(message));
        QVERIFY2(!message.contains(secret), qPrintable(message));
        // Exactly one retry, after the delay.
        QCOMPARE(line.value(u"retries"_s).toInt(), 1);
        const qint64 elapsed = line.value(u"elapsed_ms"_s).toInteger();
        // QCoro::sleepFor() uses a coarse QTimer, which may fire up to 5 % early.
        QVERIFY2(elapsed >= probeDelay.count() * 9 / 10, qPrintable(QString::number(elapsed)));
    }
#endif
}

int main(int argc, char **argv) {
    QCoreApplication app(argc, argv);
    if (qEnvironmentVariableIsSet(probeVariable))
        return runProbe();
    TestCredentialStore test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_credentialstore.moc"
