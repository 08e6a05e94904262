// SPDX-License-Identifier: GPL-3.0-or-later
// CacheRecovery: which SQLite errors count as an unreadable file, and moving a file with its
// sidecars aside without losing a byte or overwriting an earlier one.

#include "storage/CacheRecovery.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

void writeBytes(const QString &path, const QByteArray &bytes) {
    QFile file(path);
    QVERIFY2(file.open(QIODevice::WriteOnly | QIODevice::Truncate), qPrintable(path));
    QCOMPARE(file.write(bytes), bytes.size());
}

QByteArray readBytes(const QString &path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

QSqlError sqliteError(const QString &code) {
    return QSqlError(u"driver"_s, u"database"_s, QSqlError::StatementError, code);
}

} // namespace

class TestCacheRecovery : public QObject {
    Q_OBJECT

private:
    QString dbPath() const { return m_dir->filePath(u"cache.sqlite"_s); }

    std::unique_ptr<QTemporaryDir> m_dir;

private slots:
    void init() {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
    }

    void cleanup() { m_dir.reset(); }

    void onlyACorruptFileOrNotADatabaseIsUnreadable() {
        QVERIFY(CacheRecovery::isUnreadable(sqliteError(u"11"_s)));  // SQLITE_CORRUPT
        QVERIFY(CacheRecovery::isUnreadable(sqliteError(u"26"_s)));  // SQLITE_NOTADB
        QVERIFY(CacheRecovery::isUnreadable(sqliteError(u"779"_s))); // SQLITE_CORRUPT_INDEX
        for (const QString &code :
             {u"5"_s, u"6"_s, u"8"_s, u"10"_s, u"14"_s, u"13"_s, u""_s, u"not a number"_s}) {
            QVERIFY2(!CacheRecovery::isUnreadable(sqliteError(code)), qPrintable(code));
        }
        QVERIFY(!CacheRecovery::isUnreadable(QSqlError()));
    }

    void theFileAndItsSidecarsMoveTogether() {
        const QStringList suffixes = {u""_s, u"-wal"_s, u"-shm"_s, u"-journal"_s};
        for (const QString &suffix : suffixes)
            writeBytes(dbPath() + suffix, "bytes of " + suffix.toUtf8());

        const Result<QString> moved = CacheRecovery::moveAside(dbPath());
        QVERIFY2(moved, moved ? "" : qPrintable(moved.error().toString()));
        QVERIFY2(QRegularExpression(u"^"_s + QRegularExpression::escape(dbPath())
                                    + u"\\.corrupt-\\d{8}-\\d{6}$"_s)
                     .match(moved.value())
                     .hasMatch(),
                 qPrintable(moved.value()));
        for (const QString &suffix : suffixes) {
            QVERIFY2(!QFile::exists(dbPath() + suffix), qPrintable(suffix));
            QCOMPARE(readBytes(moved.value() + suffix), "bytes of " + suffix.toUtf8());
        }
    }

    void missingSidecarsAreNotCreated() {
        writeBytes(dbPath(), "garbage");
        const Result<QString> moved = CacheRecovery::moveAside(dbPath());
        QVERIFY(moved);
        QCOMPARE(QDir(m_dir->path()).entryList(QDir::Files),
                 QStringList{QFileInfo(moved.value()).fileName()});
    }

    void anEarlierFileMovedAsideIsNotOverwritten() {
        // The names of this second and the next two are taken, so whichever second moveAside
        // sees, its plain name is taken too.
        const QDateTime now = QDateTime::currentDateTimeUtc();
        for (int s = 0; s < 3; ++s) {
            writeBytes(dbPath() + u".corrupt-"_s + now.addSecs(s).toString(u"yyyyMMdd-HHmmss"_s)
                           + u"-wal"_s,
                       "earlier");
        }
        writeBytes(dbPath(), "newer garbage");
        const Result<QString> moved = CacheRecovery::moveAside(dbPath());
        QVERIFY(moved);
        QVERIFY2(moved.value().endsWith(u"-2"_s), qPrintable(moved.value()));
        QCOMPARE(readBytes(moved.value()), QByteArray("newer garbage"));
        QCOMPARE(QDir(m_dir->path()).entryList({u"*-wal"_s}, QDir::Files).size(), 3);
    }
};

QTEST_GUILESS_MAIN(TestCacheRecovery)
#include "tst_cacherecovery.moc"
