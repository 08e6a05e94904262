// SPDX-License-Identifier: GPL-3.0-or-later
// StorageUpkeep: which outbox rows and draft versions go and which stay, space given back, and a
// year of simulated use next to the same year without upkeep: the file levels off at the size
// of the rep's permanent records, while without upkeep it grows with every generation.
#include "storage/DraftStore.h"
#include "storage/SpaceReclaimer.h"
#include "storage/Sql.h"
#include "support/LocalRecords.h"
#include "workspace/StorageUpkeep.h"

#include <QSignalSpy>
#include <QSqlQuery>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

// The first value of `sql`'s first row; -1 when it cannot be read.
qint64 scalar(CacheStore &cache, const QString &sql) {
    const Result<QVariant> value = Sql::scalar(cache.database(), sql, {});
    return value ? value->toLongLong() : -1;
}

int count(CacheStore &cache, const QString &sql) {
    return int(scalar(cache, sql));
}

// The test is the clock: rows get the simulated time where the app would stamp the real one.
bool setColumn(CacheStore &cache, const QString &sql, const QVariantList &values) {
    QSqlQuery query(cache.database());
    query.prepare(sql);
    for (const QVariant &value : values)
        query.addBindValue(value);
    return query.exec();
}

DraftVersion version(const QString &ticketId, const QDateTime &at, int words) {
    DraftVersion result;
    result.ticketId = ticketId;
    result.createdAt = at;
    result.prompt = u"Follow up on the renewal and offer a call next week"_s;
    result.response.subject = u"Your renewal — a short call?"_s;
    QString body;
    for (int i = 0; i < words; ++i)
        body += u"renewal%1 "_s.arg(i % 97);
    result.response.message = body;
    result.response.metadata.model = u"gpt-test"_s;
    result.response.metadata.confidence = 0.8;
    return result;
}

} // namespace

class TestStorageUpkeep : public QObject {
    Q_OBJECT

    StorageUpkeep::Policy m_policy; // 30 days, 20 versions, 90 days

    // One simulated day of a busy rep: three new tickets, four generations each, one message
    // stored and delivered per ticket, marked sent and (for one in three) replied. One commit.
    static bool workOneDay(LocalRecords &records, int day) {
        CacheStore &cache = *records.cache;
        const QDateTime morning = LocalRecords::day(day, 9);
        return cache
            .inTransaction([&]() -> Result<void> {
                const OutreachError failed(OutreachError::Code::Storage, u"simulation"_s);
                DraftStore drafts(cache);
                for (int t = 0; t < 3; ++t) {
                    const QString ticket = u"T-%1-%2"_s.arg(day).arg(t);
                    const QString message = u"M-%1-%2"_s.arg(day).arg(t);
                    if (!records.addTicket(ticket, u"C-%1"_s.arg(t), u"renewal"_s))
                        return failed;
                    for (int v = 0; v < 4; ++v) {
                        if (!drafts.addVersion(version(ticket, morning.addSecs(60 * v), 250)).ok())
                            return failed;
                    }
                    Draft draft;
                    draft.ticketId = ticket;
                    draft.subject = u"Your renewal — a short call?"_s;
                    draft.body = u"Hi Lee, a short note on the renewal."_s;
                    if (!drafts.save(draft).ok()
                        || !setColumn(cache,
                                      u"UPDATE drafts SET updated_at_ms = ? WHERE ticket_id = ?"_s,
                                      {morning.toMSecsSinceEpoch(), ticket}))
                        return failed;
                    if (!records.addMessage(message, ticket, morning.addSecs(600))
                        || !records.record(ticket, message, ActivityTracker::Milestone::Sent,
                                           morning.addSecs(700)))
                        return failed;
                    if ((day + t) % 3 == 0
                        && !records.record(ticket, message,
                                           ActivityTracker::Milestone::RepliedPositive,
                                           morning.addSecs(7200)))
                        return failed;
                }
                // The CRM took everything the same day.
                if (!setColumn(cache,
                               u"UPDATE outbox SET state = 'delivered', delivered_at_ms = ? "
                               "WHERE state = 'pending'"_s,
                               {morning.addSecs(3 * 3600).toMSecsSinceEpoch()}))
                    return failed;
                return {};
            })
            .ok();
    }

    // What is kept for good, in bytes of its text: the rep's messages, events and effectiveness,
    // and the tickets (the CRM's mirror, as big as the CRM's own list).
    static qint64 permanentBytes(CacheStore &cache) {
        return scalar(cache,
                      u"SELECT (SELECT coalesce(sum(length(id) + length(ticket_id) "
                      "+ length(coalesce(subject, '')) + length(content) + length(metadata) "
                      "+ length(created_at) + 8), 0) FROM messages) "
                      "+ (SELECT coalesce(sum(length(message_id) + length(ticket_id) "
                      "+ length(type) + length(occurred_at) + 8), 0) FROM message_events) "
                      "+ (SELECT coalesce(sum(length(message_id) + length(metrics) "
                      "+ length(updated_at)), 0) FROM message_effectiveness) "
                      "+ (SELECT coalesce(sum(length(id) + length(title) + length(project_id) "
                      "+ length(prospect_id) + length(created_at) + length(updated_at) "
                      "+ length(title_key) + length(search_key) + 24), 0) FROM tickets)"_s);
    }

    static qint64 fileSize(CacheStore &cache) {
        QSqlQuery(cache.database()).exec(u"PRAGMA wal_checkpoint(TRUNCATE)"_s);
        return SpaceReclaimer::fileBytes(cache.path());
    }

private slots:
    void newFilesUseIncrementalVacuum() {
        LocalRecords records;
        QVERIFY(records.open());
        QCOMPARE(scalar(*records.cache, u"PRAGMA auto_vacuum"_s), 2); // INCREMENTAL
    }

    void prunesOnlyFinishedRowsPastTheRetention() {
        LocalRecords records;
        QVERIFY(records.open());
        QVERIFY(records.addTicket(u"T-1"_s, u"C-1"_s, u"renewal"_s));
        for (int i = 1; i <= 5; ++i)
            QVERIFY(records.addMessage(u"M-%1"_s.arg(i), u"T-1"_s, LocalRecords::day(0)));
        const QDateTime now = LocalRecords::day(100);
        const qint64 old = now.addDays(-31).toMSecsSinceEpoch();
        const qint64 recent = now.addDays(-29).toMSecsSinceEpoch();
        CacheStore &cache = *records.cache;
        // M-1 delivered long ago, M-2 recently, M-3 failed and M-4 pending long ago, M-5 dropped.
        QVERIFY(setColumn(cache,
                          u"UPDATE outbox SET state = 'delivered', delivered_at_ms = ? "
                          "WHERE message_id = 'M-1'"_s,
                          {old}));
        QVERIFY(setColumn(cache,
                          u"UPDATE outbox SET state = 'delivered', delivered_at_ms = ? "
                          "WHERE message_id = 'M-2'"_s,
                          {recent}));
        QVERIFY(setColumn(cache,
                          u"UPDATE outbox SET state = 'failed', created_at_ms = ? "
                          "WHERE message_id = 'M-3'"_s,
                          {old}));
        QVERIFY(setColumn(cache, u"UPDATE outbox SET created_at_ms = ? WHERE message_id = 'M-4'"_s,
                          {old}));
        QVERIFY(setColumn(cache,
                          u"UPDATE outbox SET state = 'dropped', created_at_ms = ? "
                          "WHERE message_id = 'M-5'"_s,
                          {old}));

        const StorageUpkeep::Report report = StorageUpkeep::run(cache, m_policy, now);
        QVERIFY(!report.error);
        QCOMPARE(report.outboxRowsRemoved, 2);
        QStringList left;
        QSqlQuery query(cache.database());
        QVERIFY(query.exec(u"SELECT message_id FROM outbox ORDER BY message_id"_s));
        while (query.next())
            left.append(query.value(0).toString());
        QCOMPARE(left, (QStringList{u"M-2"_s, u"M-3"_s, u"M-4"_s}));
        // The rep's own records are untouched.
        QCOMPARE(count(cache, u"SELECT count(*) FROM messages"_s), 5);
    }

    void trimsVersionsPerTicketAndByAge() {
        LocalRecords records;
        QVERIFY(records.open());
        CacheStore &cache = *records.cache;
        DraftStore drafts(cache);
        const QDateTime now = LocalRecords::day(200);
        // A busy ticket: 25 versions this week. An old one: 3 versions, draft untouched for
        // 100 days. An old one still being worked on: its draft was touched yesterday.
        for (int v = 0; v < 25; ++v)
            QVERIFY(drafts.addVersion(version(u"T-busy"_s, now.addSecs(-3600 * v), 10)).ok());
        for (const QString &ticket : {u"T-old"_s, u"T-open"_s}) {
            for (int v = 0; v < 3; ++v)
                QVERIFY(drafts.addVersion(version(ticket, now.addDays(-100 - v), 10)).ok());
            Draft draft;
            draft.ticketId = ticket;
            draft.body = u"Hi"_s;
            QVERIFY(drafts.save(draft).ok());
        }
        QVERIFY(setColumn(cache, u"UPDATE drafts SET updated_at_ms = ? WHERE ticket_id = ?"_s,
                          {now.addDays(-100).toMSecsSinceEpoch(), u"T-old"_s}));
        QVERIFY(setColumn(cache, u"UPDATE drafts SET updated_at_ms = ? WHERE ticket_id = ?"_s,
                          {now.addDays(-1).toMSecsSinceEpoch(), u"T-open"_s}));

        const StorageUpkeep::Report report = StorageUpkeep::run(cache, m_policy, now);
        QVERIFY(!report.error);
        QCOMPARE(report.versionsRemoved, 5 + 3);
        const QList<DraftVersion> busy = drafts.versions(u"T-busy"_s);
        QCOMPARE(busy.size(), 20);
        QCOMPARE(busy.constFirst().createdAt, now); // the newest stay
        QCOMPARE(drafts.versions(u"T-old"_s).size(), 0);
        QCOMPARE(drafts.versions(u"T-open"_s).size(), 3);
    }

    void aFileFromBeforeIsSwitchedToIncrementalOnceMuchIsFree() {
        LocalRecords records;
        QVERIFY(records.open());
        CacheStore &cache = *records.cache;
        // As files made by older builds are (or made where SQLite's default is none).
        QVERIFY(QSqlQuery(cache.database()).exec(u"PRAGMA auto_vacuum = NONE"_s));
        QVERIFY(QSqlQuery(cache.database()).exec(u"VACUUM"_s));
        QCOMPARE(scalar(cache, u"PRAGMA auto_vacuum"_s), 0);
        DraftStore drafts(cache);
        for (int v = 0; v < 400; ++v)
            QVERIFY(drafts.addVersion(version(u"T-%1"_s.arg(v), LocalRecords::day(0), 300)).ok());
        const qint64 full = fileSize(cache);

        const StorageUpkeep::Report report =
            StorageUpkeep::run(cache, m_policy, LocalRecords::day(400));
        QVERIFY(!report.error);
        QCOMPARE(report.versionsRemoved, 400);
        QVERIFY(report.converted);
        QCOMPARE(scalar(cache, u"PRAGMA auto_vacuum"_s), 2);
        QVERIFY2(fileSize(cache) < full / 4,
                 qPrintable(u"%1 -> %2"_s.arg(full).arg(fileSize(cache))));
    }

    void aPassRunsOffTheCallingThread() {
        LocalRecords records;
        QVERIFY(records.open());
        StorageUpkeep upkeep;
        QSignalSpy finished(&upkeep, &StorageUpkeep::finished);
        QVERIFY(upkeep.start(records.cache->path(), m_policy));
        QVERIFY(upkeep.isRunning());
        QVERIFY(!upkeep.start(records.cache->path(), m_policy)); // one at a time
        QVERIFY(finished.wait(10000));
        QVERIFY(!upkeep.isRunning());
        const auto report = finished.constFirst().constFirst().value<StorageUpkeep::Report>();
        QVERIFY(!report.error);
    }

    void aYearOfUseLevelsOff() {
        LocalRecords kept;
        LocalRecords unkept;
        QVERIFY(kept.open());
        QVERIFY(unkept.open());
        QList<qint64> keptSizes, unkeptSizes, permanent;
        for (int day = 0; day < 360; ++day) {
            QVERIFY(workOneDay(kept, day));
            QVERIFY(workOneDay(unkept, day));
            const StorageUpkeep::Report report =
                StorageUpkeep::run(*kept.cache, m_policy, LocalRecords::day(day, 23));
            QVERIFY2(!report.error, qPrintable(report.error ? report.error->message() : QString()));
            if ((day + 1) % 30 == 0) {
                keptSizes.append(fileSize(*kept.cache));
                unkeptSizes.append(fileSize(*unkept.cache));
                permanent.append(permanentBytes(*kept.cache));
                qInfo("month %2lld: with upkeep %7.2f MiB, without %7.2f MiB, permanent records "
                      "%6.2f MiB",
                      qint64(keptSizes.size()), double(keptSizes.constLast()) / (1 << 20),
                      double(unkeptSizes.constLast()) / (1 << 20),
                      double(permanent.constLast()) / (1 << 20));
            }
        }
        QCOMPARE(keptSizes.size(), 12);
        // After the retention windows (30 days of outbox, 90 of versions) the file grows only by
        // the permanent records, with SQLite's page and index overhead (at most three times).
        const qint64 keptGrowth = keptSizes.at(11) - keptSizes.at(5);
        const qint64 permanentGrowth = permanent.at(11) - permanent.at(5);
        const qint64 unkeptGrowth = unkeptSizes.at(11) - unkeptSizes.at(5);
        qInfo("months 7-12: +%.2f MiB with upkeep, +%.2f MiB without, +%.2f MiB of permanent "
              "records",
              double(keptGrowth) / (1 << 20), double(unkeptGrowth) / (1 << 20),
              double(permanentGrowth) / (1 << 20));
        QVERIFY2(
            keptGrowth <= 3 * permanentGrowth,
            qPrintable(
                u"grew %1 bytes for %2 bytes of records"_s.arg(keptGrowth).arg(permanentGrowth)));
        QVERIFY2(unkeptGrowth > 3 * keptGrowth, "the upkeep made no difference");
        // A message has at most five writes: itself, two events, two effectiveness updates.
        QVERIFY(count(*kept.cache, u"SELECT count(*) FROM outbox"_s) <= 31 * 3 * 5);
        QVERIFY(count(*kept.cache, u"SELECT count(*) FROM draft_versions"_s) <= 91 * 3 * 4);
        QCOMPARE(count(*kept.cache, u"SELECT count(*) FROM messages"_s), 360 * 3);
    }
};

QTEST_GUILESS_MAIN(TestStorageUpkeep)
#include "tst_storageupkeep.moc"
