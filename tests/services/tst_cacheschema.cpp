// SPDX-License-Identifier: GPL-3.0-or-later
// CacheSchema on a bare SQLite connection: the steps of every store make one numbered sequence,
// an upgrade from any older version ends where a fresh file does, and a failed version is undone
// whole.

#include "storage/CacheSchema.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

class TestCacheSchema : public QObject {
    Q_OBJECT

private:
    // A connection to a new file in the test's folder; closed and removed in cleanup().
    QSqlDatabase openDatabase(const QString &name) {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        db.setDatabaseName(m_dir->filePath(name + u".sqlite"_s));
        if (!db.open())
            qWarning().noquote() << db.lastError().text();
        m_connections.append(name);
        return db;
    }

    // A file as a build with schema `version` left it: the steps up to that version, run by hand.
    QSqlDatabase databaseAt(const QString &name, int version) {
        QSqlDatabase db = openDatabase(name);
        QSqlQuery q(db);
        for (const CacheSchema::Step &step : CacheSchema::steps()) {
            if (step.version > version)
                break;
            for (const char *statement : step.statements) {
                if (!q.exec(QString::fromUtf8(statement)))
                    qWarning().noquote() << q.lastError().text();
            }
        }
        q.exec(u"PRAGMA user_version = %1"_s.arg(version));
        return db;
    }

    // Every table and index with its DDL, to compare two files' schemas.
    static QStringList schemaOf(QSqlDatabase db) {
        QStringList rows;
        QSqlQuery q(db);
        if (!q.exec(u"SELECT type, name, sql FROM sqlite_master ORDER BY type, name"_s))
            return {u"error: "_s + q.lastError().text()};
        while (q.next()) {
            rows.append(q.value(0).toString() + u' ' + q.value(1).toString() + u' '
                        + q.value(2).toString());
        }
        return rows;
    }

    static bool hasTable(QSqlDatabase db, const QString &table) {
        QSqlQuery q(db);
        q.prepare(u"SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?"_s);
        q.addBindValue(table);
        return q.exec() && q.next() && q.value(0).toInt() == 1;
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    QStringList m_connections;

private slots:
    void init() {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
    }

    void cleanup() {
        for (const QString &name : std::as_const(m_connections)) {
            QSqlDatabase::database(name, false).close();
            QSqlDatabase::removeDatabase(name);
        }
        m_connections.clear();
        m_dir.reset();
    }

    void stepsMakeOneSequenceUpToTheCurrentVersion() {
        const QList<CacheSchema::Step> steps = CacheSchema::steps();
        QVERIFY(!steps.isEmpty());
        int previous = 0;
        for (const CacheSchema::Step &step : steps) {
            QVERIFY2(step.version == previous || step.version == previous + 1,
                     qPrintable(u"step for version %1 after %2"_s.arg(step.version).arg(previous)));
            QVERIFY(!step.statements.empty());
            previous = step.version;
        }
        QCOMPARE(steps.constFirst().version, 1);
        QCOMPARE(previous, CacheSchema::Version);
    }

    void eachStoreCreatesItsOwnTables() {
        QSqlDatabase db = openDatabase(u"fresh"_s);
        QCOMPARE(CacheSchema::versionOf(db), 0);
        QVERIFY(!CacheSchema::upgrade(db, 0));
        QCOMPARE(CacheSchema::versionOf(db), CacheSchema::Version);
        for (const QString &table :
             {u"tickets"_s, u"projects"_s, u"prospects"_s, u"prospect_outcomes"_s,
              u"interactions"_s, u"meta"_s, u"messages"_s, u"message_events"_s,
              u"message_effectiveness"_s, u"outbox"_s, u"fetch_times"_s, u"drafts"_s,
              u"draft_versions"_s}) {
            QVERIFY2(hasTable(db, table), qPrintable(table));
        }
    }

    void upgradingAnOlderFileEndsLikeAFreshOne() {
        QSqlDatabase fresh = openDatabase(u"fresh"_s);
        QVERIFY(!CacheSchema::upgrade(fresh, 0));
        const QStringList expected = schemaOf(fresh);
        for (int version = 1; version <= CacheSchema::Version; ++version) {
            QSqlDatabase old = databaseAt(u"v%1"_s.arg(version), version);
            QCOMPARE(CacheSchema::versionOf(old), version);
            QVERIFY(!CacheSchema::upgrade(old, version));
            QCOMPARE(CacheSchema::versionOf(old), CacheSchema::Version);
            QCOMPARE(schemaOf(old), expected);
        }
    }

    void aFailedVersionIsUndoneWhole() {
        QSqlDatabase db = databaseAt(u"v2"_s, 2);
        // Something in the way of version 3's second table: the first one must not stay behind.
        QVERIFY(QSqlQuery(db).exec(u"CREATE TABLE draft_versions (id INTEGER)"_s));
        const std::optional<CacheSchema::Failure> failed = CacheSchema::upgrade(db, 2);
        QVERIFY(failed);
        QCOMPARE(failed->version, 3);
        QVERIFY2(failed->error.text().contains(u"already exists"_s),
                 qPrintable(failed->error.text()));
        QCOMPARE(CacheSchema::versionOf(db), 2);
        QVERIFY(!hasTable(db, u"drafts"_s));
        // And no transaction is left open.
        QVERIFY(QSqlQuery(db).exec(u"DROP TABLE draft_versions"_s));
        QVERIFY(!CacheSchema::upgrade(db, 2));
        QCOMPARE(CacheSchema::versionOf(db), CacheSchema::Version);
        QVERIFY(hasTable(db, u"drafts"_s));
    }

    void newerVersionErrorSaysWhatToDo() {
        const OutreachError error =
            CacheSchema::newerVersionError(CacheSchema::Version + 2, u"/data/cache.sqlite"_s);
        QCOMPARE(error.code(), OutreachError::Code::Storage);
        const QString message = error.message();
        QVERIFY2(message.contains(u"/data/cache.sqlite"_s), qPrintable(message));
        QVERIFY2(message.contains(u"schema %1"_s.arg(CacheSchema::Version + 2)),
                 qPrintable(message));
        QVERIFY2(message.contains(u"schema %1 and older"_s.arg(CacheSchema::Version)),
                 qPrintable(message));
        QVERIFY2(message.contains(u"not changed"_s), qPrintable(message));
    }
};

QTEST_GUILESS_MAIN(TestCacheSchema)
#include "tst_cacheschema.moc"
