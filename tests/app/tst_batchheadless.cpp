// SPDX-License-Identifier: GPL-3.0-or-later
// `outreachgpt --generate-batch` and `--resume-batch` as a script would run them, against the
// in-process fake model server: JSON lines that parse, one per ticket and a summary, the exit
// code, and a run killed with SIGKILL mid-batch whose resume drafts each remaining ticket
// exactly once.

#include "FakeModelServer.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

const QStringList Tickets{u"T-1005"_s, u"T-1029"_s, u"T-1027"_s, u"T-1036"_s, u"T-1046"_s,
                          u"T-1034"_s, u"T-1009"_s, u"T-1030"_s, u"T-1044"_s, u"T-1025"_s};

QList<QJsonObject> jsonLines(const QString &path) {
    QList<QJsonObject> lines;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return lines;
    while (!file.atEnd()) {
        const QByteArray line = file.readLine().trimmed();
        if (line.isEmpty())
            continue;
        QJsonParseError error{};
        const QJsonDocument document = QJsonDocument::fromJson(line, &error);
        if (!document.isObject()) {
            qWarning() << "not a JSON object line:" << line << error.errorString();
            return {};
        }
        lines.append(document.object());
    }
    return lines;
}

} // namespace

class TestBatchHeadless : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void writesAJsonLinePerTicketAndASummary();
    void aKilledBatchResumesEachTicketOnce();

private:
    struct Run {
        int exitCode = -1;
        QString err;
    };
    Run run(const QStringList &arguments);
    // Chat requests per ticket, read off the ticket id in each request's user message.
    QHash<QString, int> requestsPerTicket(qsizetype from = 0) const;

    QTemporaryDir m_dir;
    FakeModelServer m_model;
    QProcessEnvironment m_environment;
};

void TestBatchHeadless::initTestCase() {
    QVERIFY(m_dir.isValid());
    QVERIFY(m_model.start());
    m_environment = QProcessEnvironment::systemEnvironment();
    for (const QString &name : {u"HOME"_s, u"XDG_CONFIG_HOME"_s, u"XDG_DATA_HOME"_s,
                                u"XDG_CACHE_HOME"_s, u"XDG_STATE_HOME"_s})
        m_environment.insert(name, m_dir.filePath(u"home/"_s + name.toLower()));
    m_environment.insert(u"OPENAI_BASE_URL"_s, m_model.openAiBaseUrl().toString());
    m_environment.insert(u"OPENAI_API_KEY"_s, u"sk-test-headless-batch"_s);
    m_environment.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
    m_environment.insert(u"DBUS_SESSION_BUS_ADDRESS"_s, u"unix:path=/nonexistent"_s);
}

TestBatchHeadless::Run TestBatchHeadless::run(const QStringList &arguments) {
    QProcess process;
    process.setProcessEnvironment(m_environment);
    process.start(QStringLiteral(OUTREACHGPT_EXECUTABLE), arguments);
    Run result;
    if (!process.waitForStarted(30'000))
        return result;
    // The fake lives on this thread: keep its event loop running while the app talks to it.
    QDeadlineTimer deadline(90'000);
    while (process.state() != QProcess::NotRunning && !deadline.hasExpired())
        QTest::qWait(20);
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.err = QString::fromUtf8(process.readAllStandardError());
    return result;
}

QHash<QString, int> TestBatchHeadless::requestsPerTicket(qsizetype from) const {
    QHash<QString, int> counts;
    static const QRegularExpression ticketId(u"T-\\d+"_s);
    const QList<RecordedRequest> requests = m_model.requests(u"openai"_s);
    for (qsizetype i = from; i < requests.size(); ++i) {
        const QJsonArray messages =
            QJsonDocument::fromJson(requests.at(i).body).object().value(u"messages"_s).toArray();
        const QRegularExpressionMatch match =
            ticketId.match(messages.last().toObject().value(u"content"_s).toString());
        if (match.hasMatch())
            ++counts[match.captured()];
    }
    return counts;
}

void TestBatchHeadless::writesAJsonLinePerTicketAndASummary() {
    const QString jsonl = m_dir.filePath(u"lines.jsonl"_s);
    const Run result = run({u"--data-dir"_s, m_dir.filePath(u"plain"_s), u"--demo"_s,
                            u"--generate-batch"_s, u"--tickets"_s, u"T-1005,T-1039,T-9999,T-1029"_s,
                            u"--prompt"_s, u"Follow up on the demo."_s, u"--jsonl"_s, jsonl});
    // T-9999 does not exist: it failed, so the run says so.
    QCOMPARE(result.exitCode, 1);
    const QList<QJsonObject> lines = jsonLines(jsonl);
    QCOMPARE(lines.size(), 5);
    QHash<QString, QJsonObject> byTicket;
    for (qsizetype i = 0; i < 4; ++i)
        byTicket.insert(lines.at(i).value(u"ticket"_s).toString(), lines.at(i));
    const QJsonObject drafted = byTicket.value(u"T-1005"_s);
    QCOMPARE(drafted.value(u"status"_s).toString(), u"drafted"_s);
    QVERIFY(drafted.value(u"message"_s).toString().contains(u"T-1005"_s));
    QVERIFY(!drafted.value(u"subject"_s).toString().isEmpty());
    QVERIFY(drafted.value(u"confidence"_s).isDouble());
    QVERIFY(drafted.value(u"findings"_s).isArray());
    QVERIFY(drafted.value(u"tokens"_s).toObject().value(u"completion"_s).toInt() > 0);
    QCOMPARE(byTicket.value(u"T-1039"_s).value(u"status"_s).toString(), u"skipped"_s);
    QVERIFY(
        byTicket.value(u"T-1039"_s).value(u"reason"_s).toString().contains(u"do-not-contact"_s));
    QCOMPARE(byTicket.value(u"T-9999"_s).value(u"status"_s).toString(), u"failed"_s);
    QVERIFY(!byTicket.value(u"T-9999"_s).value(u"reason"_s).toString().isEmpty());
    const QJsonObject summary = lines.last().value(u"summary"_s).toObject();
    QCOMPARE(summary.value(u"tickets"_s).toInt(), 4);
    QCOMPARE(summary.value(u"drafted"_s).toInt(), 2);
    QCOMPARE(summary.value(u"skipped"_s).toInt(), 1);
    QCOMPARE(summary.value(u"failed"_s).toInt(), 1);
    QCOMPARE(summary.value(u"left"_s).toInt(), 0);

    // Only drafted or skipped with a reason: success.
    const Run clean =
        run({u"--data-dir"_s, m_dir.filePath(u"clean"_s), u"--demo"_s, u"--generate-batch"_s,
             u"--tickets"_s, u"T-1005,T-1039"_s, u"--prompt"_s, u"Follow up on the demo."_s,
             u"--jsonl"_s, m_dir.filePath(u"clean.jsonl"_s)});
    QCOMPARE(clean.exitCode, 0);
}

void TestBatchHeadless::aKilledBatchResumesEachTicketOnce() {
    const QString dataDir = m_dir.filePath(u"killed"_s);
    const QString jsonl = m_dir.filePath(u"killed.jsonl"_s);
    QFile ids(m_dir.filePath(u"tickets.txt"_s));
    QVERIFY(ids.open(QIODevice::WriteOnly));
    ids.write("# the morning's follow-ups\n" + Tickets.join(u'\n').toUtf8() + '\n');
    ids.close();
    // Slow answers, so the kill lands with drafts in flight.
    m_model.setChunkDelay(15);
    m_model.setReplyTokens(30);
    const qsizetype before = m_model.requests(u"openai"_s).size();

    QProcess first;
    first.setProcessEnvironment(m_environment);
    first.start(QStringLiteral(OUTREACHGPT_EXECUTABLE),
                {u"--data-dir"_s, dataDir, u"--demo"_s, u"--generate-batch"_s, u"--tickets-file"_s,
                 ids.fileName(), u"--prompt"_s, u"Follow up on the demo."_s, u"--max-concurrency"_s,
                 u"2"_s, u"--jsonl"_s, jsonl});
    QVERIFY(first.waitForStarted(30'000));
    // Kill once three tickets are finished, while two more are being drafted.
    QTRY_VERIFY_WITH_TIMEOUT(jsonLines(jsonl).size() >= 3, 60'000);
    first.kill();
    QVERIFY(first.waitForFinished(10'000));
    QCOMPARE(first.exitStatus(), QProcess::CrashExit);
    // What the store holds as finished, which may be one more than the lines written: the kill
    // can land between a ticket's commit and its line.
    QSet<QString> finishedBeforeKill;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"killed"_s);
        db.setDatabaseName(dataDir + u"/outreachgpt.sqlite"_s);
        QVERIFY(db.open());
        QSqlQuery query(db);
        QVERIFY(query.exec(u"SELECT ticket_id FROM batch_items WHERE status = 'drafted'"_s));
        while (query.next())
            finishedBeforeKill.insert(query.value(0).toString());
    }
    QSqlDatabase::removeDatabase(u"killed"_s);
    QVERIFY(finishedBeforeKill.size() >= 3);
    QVERIFY(finishedBeforeKill.size() < Tickets.size());

    // A request the killed run sent just before it died may still wait in this process's socket
    // buffer: let the fake read it, so it is not counted as the resumed run's.
    QTRY_COMPARE_WITH_TIMEOUT(m_model.openConnectionCount(), 0, 10'000);
    m_model.setChunkDelay(0);
    const qsizetype resumedFrom = m_model.requests(u"openai"_s).size();
    const Run resumed = run({u"--data-dir"_s, dataDir, u"--resume-batch"_s, u"--jsonl"_s, jsonl});
    QCOMPARE(resumed.exitCode, 0);

    // Nothing finished before the kill was asked for again; everything else exactly once.
    const QHash<QString, int> secondRun = requestsPerTicket(resumedFrom);
    for (const QString &ticket : Tickets) {
        if (finishedBeforeKill.contains(ticket))
            QVERIFY2(!secondRun.contains(ticket), qPrintable(ticket));
        else
            QVERIFY2(secondRun.value(ticket) == 1, qPrintable(ticket));
    }
    const QList<QJsonObject> lines = jsonLines(jsonl);
    QSet<QString> drafted;
    int ticketLines = 0;
    for (const QJsonObject &line : lines) {
        if (line.contains(u"summary"_s))
            continue;
        ++ticketLines;
        QCOMPARE(line.value(u"status"_s).toString(), u"drafted"_s);
        drafted.insert(line.value(u"ticket"_s).toString());
    }
    // One line per ticket: the resumed run also wrote any the kill kept from being written.
    QCOMPARE(ticketLines, int(Tickets.size()));
    QCOMPARE(drafted.size(), Tickets.size());
    QCOMPARE(lines.last().value(u"summary"_s).toObject().value(u"drafted"_s).toInt(),
             int(Tickets.size()));
    QVERIFY(requestsPerTicket(before).size() == Tickets.size());

    // The store agrees: one draft and one version per ticket.
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"check"_s);
        db.setDatabaseName(dataDir + u"/outreachgpt.sqlite"_s);
        QVERIFY(db.open());
        QSqlQuery query(db);
        QVERIFY(query.exec(u"SELECT count(*), count(DISTINCT ticket_id) FROM draft_versions"_s));
        QVERIFY(query.next());
        QCOMPARE(query.value(0).toInt(), int(Tickets.size()));
        QCOMPARE(query.value(1).toInt(), int(Tickets.size()));
        QVERIFY(query.exec(u"SELECT count(*) FROM batch_items WHERE status = 'drafted'"_s));
        QVERIFY(query.next());
        QCOMPARE(query.value(0).toInt(), int(Tickets.size()));
    }
    QSqlDatabase::removeDatabase(u"check"_s);
}

QTEST_GUILESS_MAIN(TestBatchHeadless)
#include "tst_batchheadless.moc"
