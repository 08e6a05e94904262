// SPDX-License-Identifier: GPL-3.0-or-later
// Crash safety: crash_worker is killed with SIGKILL at random moments while it syncs the ticket
// list, queues CRM writes and delivers them, or autosaves drafts (alone or all at once, as the
// app does), against the
// fake CRM, which changes tickets all the while and loses one answer in five after storing the
// write. After every kill the database must pass `PRAGMA integrity_check` and open without being
// moved aside, every write the worker reported as queued must be in it, and every draft it
// reported as saved must be there (that one, or a later save of the same ticket). At the end one
// clean run delivers everything: each queued write reaches the CRM exactly once, and the cache
// holds every ticket as the CRM has it now.
//
// Adding a scenario (the draft autosave, say): write it in crash_worker.cpp (a function, listed in
// its `scenarios` map, printing a line each time something became durable), then add an entry to
// `scenarios()` below whose `afterKill` checks, on the database, that everything the worker
// reported survived. The kill loop takes the scenarios in turn on one shared data folder.
//
// OUTREACH_CRASH_SEED and OUTREACH_CRASH_KILLS change the random seed and the number of kills.
#include "FakeCrmServer.h"
#include "domain/Draft.h"
#include "storage/CacheStore.h"

#include <QDir>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <functional>

using namespace Qt::StringLiterals;
using Fault = FakeCrmServer::Fault;

namespace {

constexpr auto Token = "crash-test-token";

// What one killed run of the worker printed, complete lines only (the kill may cut the last).
struct RunOutput {
    QStringList lines;
    QStringList queued;  // message ids whose transaction had committed
    QStringList drafts;  // "T-1001 <run> <n>": drafts whose save had returned
    bool worked = false; // killed after the worker had stored something (not during start-up)
};

RunOutput parse(const QByteArray &output) {
    RunOutput run;
    const qsizetype end = output.lastIndexOf('\n');
    for (const QByteArray &line : output.left(end < 0 ? 0 : end).split('\n')) {
        const QString text = QString::fromUtf8(line);
        run.lines.append(text);
        if (text.startsWith(u"queued "_s))
            run.queued.append(text.mid(7));
        if (text.startsWith(u"draft "_s))
            run.drafts.append(text.mid(6));
        if (text.startsWith(u"queued "_s) || text.startsWith(u"page "_s) || text == u"synced"_s
            || text.startsWith(u"draft "_s))
            run.worked = true;
    }
    return run;
}

QStringList column(const QSqlDatabase &db, const QString &sql) {
    QStringList values;
    QSqlQuery query(db);
    if (!query.exec(sql))
        return {u"<error: "_s + query.lastError().text() + u'>'};
    while (query.next())
        values.append(query.value(0).toString());
    return values;
}

} // namespace

class TestCrashSafety : public QObject {
    Q_OBJECT

public:
    // One kind of work the worker does until it is killed, and what must hold after each kill.
    struct Scenario {
        QString name; // crash_worker's scenario
        // Checks the database (a plain SQLite connection, after the integrity check) against
        // what all runs so far reported; returns what is wrong, or nothing.
        std::function<QString(const QSqlDatabase &db)> afterKill;
    };

private slots:
    void initTestCase();
    void killedAtRandomMomentsLosesNothingAndSendsNothingTwice();

private:
    QList<Scenario> scenarios();
    // The integrity check and the app's own opening of the file; empty when both are fine.
    QString checkDatabase(const QString &path, const Scenario &scenario);
    void mutateSomeTicket();

    FakeCrmServer m_server;
    QRandomGenerator m_random;
    QSet<QString> m_queued; // every message id any run reported as queued
    // The newest draft any run reported as saved, per ticket: (run, n).
    QHash<QString, std::pair<int, int>> m_drafts;
    int m_version = 0;
};

void TestCrashSafety::initTestCase() {
    QVERIFY(m_server.start());
    QVERIFY(m_server.loadWorkspace());
    m_server.setToken(Token);
    // A little latency, so that kills land with requests in flight; one write answer in five is
    // lost after the CRM stored it, so the outbox must retry with the same key.
    m_server.setLatency(u"*"_s, 2);
    m_server.setFailureProbability(u"activities.post"_s, 0.2,
                                   Fault::httpStatus(503, "0"_ba).afterHandling(), 20261126);
}

QList<TestCrashSafety::Scenario> TestCrashSafety::scenarios() {
    const auto everyQueuedWriteIsStored = [this](const QSqlDatabase &db) -> QString {
        const QStringList messages = column(db, u"SELECT id FROM messages"_s);
        const QStringList outbox =
            column(db, u"SELECT message_id FROM outbox WHERE kind = 'activity'"_s);
        const QSet<QString> inMessages(messages.cbegin(), messages.cend());
        const QSet<QString> inOutbox(outbox.cbegin(), outbox.cend());
        if (outbox.size() != inOutbox.size())
            return u"a message is queued twice in the outbox"_s;
        for (const QString &id : std::as_const(m_queued)) {
            if (!inMessages.contains(id) || !inOutbox.contains(id))
                return u"queued write %1 is lost"_s.arg(id);
        }
        return {};
    };
    const auto pagesAreWhole = [](const QSqlDatabase &db) -> QString {
        // Each page goes in with the high-water mark: a ticket row without its fetch time would
        // be half a page.
        const QStringList orphans =
            column(db, u"SELECT id FROM tickets WHERE id NOT IN (SELECT id FROM fetch_times WHERE "
                       u"entity = 'ticket')"_s);
        return orphans.isEmpty() ? QString()
                                 : u"tickets stored without their page: "_s + orphans.join(u", "_s);
    };
    const auto everySavedDraftIsThere = [this](const QSqlDatabase &db) -> QString {
        for (auto it = m_drafts.cbegin(); it != m_drafts.cend(); ++it) {
            QSqlQuery query(db);
            query.prepare(u"SELECT state FROM drafts WHERE ticket_id = ?"_s);
            query.addBindValue(it.key());
            if (!query.exec() || !query.next())
                return u"the saved draft of %1 is lost"_s.arg(it.key());
            const Draft draft = Draft::fromJson(
                it.key(), QJsonDocument::fromJson(query.value(0).toString().toUtf8()).object());
            const QStringList parts = draft.prompt.split(u' ');
            const std::pair<int, int> found{parts.value(1).toInt(), parts.value(2).toInt()};
            if (parts.size() != 3 || found < it.value()
                || !draft.body.startsWith(u"Body %1\n"_s.arg(found.second)))
                return u"draft of %1: saved %2 %3, found \"%4\""_s.arg(it.key())
                    .arg(it.value().first)
                    .arg(it.value().second)
                    .arg(draft.prompt);
        }
        return {};
    };
    return {
        {u"sync"_s, pagesAreWhole},
        {u"outbox"_s, everyQueuedWriteIsStored},
        {u"draft"_s, everySavedDraftIsThere},
        {u"mixed"_s,
         [=](const QSqlDatabase &db) {
             QString problem = everyQueuedWriteIsStored(db);
             if (problem.isEmpty())
                 problem = everySavedDraftIsThere(db);
             return problem.isEmpty() ? pagesAreWhole(db) : problem;
         }},
    };
}

QString TestCrashSafety::checkDatabase(const QString &path, const Scenario &scenario) {
    if (!QFile::exists(path))
        return {}; // killed before the file was created: nothing to check yet
    QString problem;
    {
        const QString connection = u"crash-check"_s;
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, connection);
        db.setDatabaseName(path);
        if (!db.open()) {
            problem = u"does not open: "_s + db.lastError().text();
        } else {
            // SQLite replays (or rolls back) the WAL on this first connection.
            const QStringList integrity = column(db, u"PRAGMA integrity_check"_s);
            if (integrity != QStringList{u"ok"_s})
                problem = u"integrity_check: "_s + integrity.join(u"; "_s);
            else if (!column(db, u"PRAGMA foreign_key_check"_s).isEmpty())
                problem = u"foreign_key_check failed"_s;
            else if (scenario.afterKill)
                problem = scenario.afterKill(db);
            db.close();
        }
    }
    QSqlDatabase::removeDatabase(u"crash-check"_s);
    if (!problem.isEmpty())
        return problem;
    // The app's own way in: migrations, the header check, nothing moved aside.
    auto cache = CacheStore::open(path);
    if (!cache.ok())
        return u"CacheStore::open: "_s + cache.error().toString();
    if (!cache.value()->recoveredFrom().isEmpty())
        return u"the database was moved aside as unreadable"_s;
    return {};
}

void TestCrashSafety::mutateSomeTicket() {
    // The CRM changes while the worker syncs: each change must end up in the cache.
    const QStringList ids = m_server.ticketIds();
    QJsonObject ticket = m_server.ticket(ids.at(int(m_random.bounded(qsizetype(ids.size())))));
    ++m_version;
    QString title = ticket.value(u"title"_s).toString();
    title = title.left(title.indexOf(u" [v"_s) < 0 ? title.size() : title.indexOf(u" [v"_s));
    ticket.insert(u"title"_s, QString(title + u" [v%1]"_s.arg(m_version)));
    ticket.insert(u"updated_at"_s, QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs));
    m_server.putTicket(ticket);
}

void TestCrashSafety::killedAtRandomMomentsLosesNothingAndSendsNothingTwice() {
    const quint32 seed = qEnvironmentVariableIsSet("OUTREACH_CRASH_SEED")
                             ? quint32(qEnvironmentVariableIntValue("OUTREACH_CRASH_SEED"))
                             : 20261126u;
    const int kills = qEnvironmentVariableIsSet("OUTREACH_CRASH_KILLS")
                          ? qEnvironmentVariableIntValue("OUTREACH_CRASH_KILLS")
                          : 80;
    m_random.seed(seed);
    qInfo("seed %u (OUTREACH_CRASH_SEED), %d kills (OUTREACH_CRASH_KILLS)", seed, kills);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString dataDir = dir.filePath(u"data"_s);
    QVERIFY(QDir().mkpath(dataDir));
    const QString databasePath = QDir(dataDir).filePath(u"outreachgpt.sqlite"_s);
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"OUTREACHGPT_CRM_TOKEN"_s, QString::fromLatin1(Token));

    QTimer mutations;
    connect(&mutations, &QTimer::timeout, this, &TestCrashSafety::mutateSomeTicket);
    mutations.start(15);

    const QList<Scenario> all = scenarios();
    QHash<QString, int> killsPerScenario;
    int midWork = 0;
    QElapsedTimer clock;
    clock.start();
    for (int i = 0; i < kills; ++i) {
        const Scenario &scenario = all.at(i % all.size());
        QProcess worker;
        worker.setProcessEnvironment(environment);
        worker.setProcessChannelMode(QProcess::SeparateChannels);
        worker.start(QStringLiteral(CRASH_WORKER),
                     {scenario.name, dataDir, m_server.baseUrl().toString(), QString::number(i)});
        QVERIFY2(worker.waitForStarted(), qPrintable(worker.errorString()));
        QByteArray output;
        // One kill in eight strikes at a random moment of the start-up (opening and migrating
        // the database); the others at a random moment of the work, once it has begun.
        if (i % 8 != 7) {
            QTRY_VERIFY_WITH_TIMEOUT(
                (output += worker.readAllStandardOutput(),
                 output.contains("ready\n") || worker.state() == QProcess::NotRunning),
                30'000);
            QVERIFY2(worker.state() == QProcess::Running,
                     qPrintable(QString::fromUtf8(output + worker.readAllStandardError())));
        }
        QTest::qWait(int(m_random.bounded(i % 8 == 7 ? 150 : 300)));
        QVERIFY2(worker.state() == QProcess::Running,
                 qPrintable(QString::fromUtf8(worker.readAllStandardError())));
        worker.kill(); // SIGKILL: no destructor, no last commit, no flush
        QVERIFY(worker.waitForFinished(10'000));
        output += worker.readAllStandardOutput();
        const QByteArray errors = worker.readAllStandardError();
        QVERIFY2(!errors.contains("ERROR: AddressSanitizer") && !errors.contains("runtime error"),
                 errors.constData());

        const RunOutput run = parse(output);
        for (const QString &line : run.lines)
            QVERIFY2(!line.startsWith(u"error "_s), qPrintable(line));
        m_queued.unite(QSet<QString>(run.queued.cbegin(), run.queued.cend()));
        for (const QString &line : run.drafts) {
            const QStringList parts = line.split(u' ');
            const std::pair<int, int> saved{parts.value(1).toInt(), parts.value(2).toInt()};
            if (saved > m_drafts.value(parts.value(0), {-1, -1}))
                m_drafts.insert(parts.value(0), saved);
        }
        midWork += run.worked ? 1 : 0;
        ++killsPerScenario[scenario.name];

        const QString problem = checkDatabase(databasePath, scenario);
        QVERIFY2(problem.isEmpty(),
                 qPrintable(u"after kill %1 (%2): %3"_s.arg(i + 1).arg(scenario.name, problem)));
        // Nothing reached the CRM twice, even while the outbox was being killed.
        QStringList delivered;
        for (const QJsonObject &activity : m_server.activities())
            delivered.append(activity.value(u"message_id"_s).toString());
        QCOMPARE(QSet<QString>(delivered.cbegin(), delivered.cend()).size(), delivered.size());
    }
    const qint64 killLoopMs = clock.elapsed();
    mutations.stop();

    // One clean run: a whole sync and every queued write delivered.
    QProcess drain;
    drain.setProcessEnvironment(environment);
    drain.start(QStringLiteral(CRASH_WORKER),
                {u"drain"_s, dataDir, m_server.baseUrl().toString(), u"drain"_s});
    QTRY_VERIFY_WITH_TIMEOUT(drain.state() == QProcess::NotRunning, 120'000);
    const QString drainOutput = QString::fromUtf8(drain.readAllStandardOutput())
                                + QString::fromUtf8(drain.readAllStandardError());
    QVERIFY2(drain.exitStatus() == QProcess::NormalExit && drain.exitCode() == 0,
             qPrintable(drainOutput));

    // Every write stored by any run reached the CRM exactly once, under its one key.
    auto cache = CacheStore::open(databasePath);
    QVERIFY(cache.ok());
    const QSqlDatabase db = cache.value()->database();
    const QStringList stored = column(db, u"SELECT message_id FROM outbox WHERE kind = "
                                          "'activity' AND state = 'delivered'"_s);
    QCOMPARE(column(db, u"SELECT count(*) FROM outbox WHERE state != 'delivered'"_s),
             QStringList{u"0"_s});
    QStringList delivered;
    for (const QJsonObject &activity : m_server.activities())
        delivered.append(activity.value(u"message_id"_s).toString());
    QCOMPARE(QSet<QString>(delivered.cbegin(), delivered.cend()).size(), delivered.size());
    QCOMPARE(QSet<QString>(delivered.cbegin(), delivered.cend()),
             QSet<QString>(stored.cbegin(), stored.cend()));
    QVERIFY(QSet<QString>(stored.cbegin(), stored.cend()).contains(m_queued));
    for (const QString &key : column(db, u"SELECT idempotency_key FROM outbox"_s))
        QCOMPARE(m_server.timesStored(key.toLatin1()), 1);

    // The cache has every ticket as the CRM has it now: no change was lost to a kill.
    int tickets = 0;
    for (const QString &id : m_server.ticketIds()) {
        const std::optional<Ticket> cached = cache.value()->ticket(id);
        QVERIFY2(cached, qPrintable(id));
        QCOMPARE(cached->title, m_server.ticket(id).value(u"title"_s).toString());
        ++tickets;
    }

    QStringList perScenario;
    for (auto it = killsPerScenario.cbegin(); it != killsPerScenario.cend(); ++it)
        perScenario.append(u"%1 %2"_s.arg(it.key()).arg(it.value()));
    perScenario.sort();
    qInfo("%d kills (%s) in %.1f s, %d of them after work had begun; %lld writes reported "
          "queued, %lld delivered in all, each once; %lld tickets' latest drafts intact; %d "
          "tickets match the CRM after %d changes",
          kills, qPrintable(perScenario.join(u", "_s)), double(killLoopMs) / 1000.0, midWork,
          qlonglong(m_queued.size()), qlonglong(delivered.size()), qlonglong(m_drafts.size()),
          tickets, m_version);
    QVERIFY(!m_drafts.isEmpty());
    QVERIFY2(midWork >= kills / 2, "too few kills landed during the work");
}

QTEST_GUILESS_MAIN(TestCrashSafety)
#include "tst_crashsafety.moc"
