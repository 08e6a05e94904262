// SPDX-License-Identifier: GPL-3.0-or-later
#include "storage/CacheFile.h"

#include "storage/CacheRecovery.h"
#include "storage/CacheSchema.h"
#include "storage/Sql.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

using namespace Qt::StringLiterals;

namespace {

Q_LOGGING_CATEGORY(lcCacheFile, "outreach.cache")

// PRAGMA quick_check reads every page; past this size it would delay start-up noticeably, and a
// damaged page in a big file still surfaces as a STORAGE error when it is read.
constexpr qint64 QuickCheckLimit = 64 * 1024 * 1024;

constexpr int BusyTimeoutMs = 5000;

// The result of one attempt to open and upgrade the file.
enum class OpenStatus { Ready, Unreadable, Failed };

struct OpenAttempt {
    OpenStatus status = OpenStatus::Ready;
    OutreachError error;
};

OpenAttempt failedWith(const QString &what, const QSqlError &error) {
    return {CacheRecovery::isUnreadable(error) ? OpenStatus::Unreadable : OpenStatus::Failed,
            Sql::error(what, error)};
}

// Nothing before the version check writes, so a file from a newer version stays byte-identical.
OpenAttempt openAndMigrate(QSqlDatabase db, const QString &path) {
    const QString where = QDir::toNativeSeparators(path);
    // Decided before SQLite sees the file: on a file that is not a database it would still open
    // (and on close truncate) a -wal beside it, and those bytes should be kept as they were.
    if (QFile file(path); file.exists() && file.size() > 0) {
        static constexpr char magic[] = "SQLite format 3"; // 16 bytes with the terminating NUL
        if (!file.open(QIODevice::ReadOnly)) {
            return {OpenStatus::Failed,
                    OutreachError(
                        OutreachError::Code::Storage,
                        u"Could not read the local cache %1: %2"_s.arg(where, file.errorString()))};
        }
        if (file.read(sizeof(magic)) != QByteArray(magic, sizeof(magic))) {
            return {OpenStatus::Unreadable,
                    OutreachError(OutreachError::Code::Storage,
                                  u"The local cache %1 is not an SQLite database"_s.arg(where))};
        }
    }
    if (!db.open())
        return failedWith(u"Could not open the local cache %1"_s.arg(where), db.lastError());

    QSqlQuery q(db);
    q.setForwardOnly(true);
    const QString readWhat = u"Could not read the local cache %1"_s.arg(where);
    if (!q.exec(u"PRAGMA busy_timeout = %1"_s.arg(BusyTimeoutMs)))
        return failedWith(readWhat, q.lastError());
    // The cheapest read there is: page 1. Garbage and truncated files fail right here.
    if (!q.exec(u"PRAGMA user_version"_s) || !q.next())
        return failedWith(readWhat, q.lastError());
    const int version = q.value(0).toInt();
    q.finish();
    if (version > CacheSchema::Version)
        return {OpenStatus::Failed, CacheSchema::newerVersionError(version, where)};

    const QFileInfo file(path);
    if (version > 0 && file.size() < QuickCheckLimit) {
        if (!q.exec(u"PRAGMA quick_check"_s) || !q.next())
            return failedWith(readWhat, q.lastError());
        // The verdict lists every damaged page; the first lines are enough for a log.
        const QString verdict = q.value(0).toString().left(300).simplified();
        q.finish();
        if (verdict != "ok"_L1) {
            return {OpenStatus::Unreadable,
                    OutreachError(OutreachError::Code::Storage,
                                  u"The local cache %1 is damaged: %2"_s.arg(where, verdict))};
        }
    }

    const QString setupWhat = u"Could not set up the local cache %1"_s.arg(where);
    // Only possible before the first table exists: pages that pruning frees can then go back to
    // the file system without rewriting the file (SpaceReclaimer). Files from before are
    // switched by one VACUUM when enough is free.
    if (version == 0 && !q.exec(u"PRAGMA auto_vacuum = INCREMENTAL"_s))
        return failedWith(setupWhat, q.lastError());
    if (!q.exec(u"PRAGMA journal_mode = WAL"_s) || !q.next())
        return failedWith(setupWhat, q.lastError());
    if (q.value(0).toString() != "wal"_L1) {
        qCWarning(lcCacheFile).noquote()
            << "SQLite refused WAL mode for" << where << "and uses" << q.value(0).toString();
    }
    q.finish();
    // FULL: in WAL mode only FULL syncs the log at every commit, so a saved draft or a queued
    // outbox row survives a power cut or an OS crash, not just a crash of the app (NORMAL would
    // lose the last commits to a power cut). The page cache stays at SQLite's default 2 MiB;
    // CacheStore::inTransaction() widens it only while a bulk write runs.
    // journal_size_limit: after a checkpoint the log is cut back to 8 MiB, so one bulk import
    // does not leave a log as big as itself behind for good.
    for (const QString &pragma :
         {u"PRAGMA synchronous = FULL"_s, u"PRAGMA foreign_keys = ON"_s,
          u"PRAGMA temp_store = MEMORY"_s, u"PRAGMA journal_size_limit = 8388608"_s}) {
        if (!q.exec(pragma))
            return failedWith(setupWhat, q.lastError());
    }

    if (const auto failed = CacheSchema::upgrade(db, version)) {
        return failedWith(
            u"Could not upgrade the local cache %1 to schema %2"_s.arg(where).arg(failed->version),
            failed->error);
    }
    return {};
}

} // namespace

Result<QString> CacheFile::open(QSqlDatabase db, const QString &path) {
    OpenAttempt attempt = openAndMigrate(db, path);
    QString recoveredFrom;
    if (attempt.status == OpenStatus::Unreadable) {
        qCWarning(lcCacheFile).noquote()
            << "Moving an unreadable cache aside:" << attempt.error.message();
        db.close();
        Result<QString> moved = CacheRecovery::moveAside(path);
        if (!moved)
            return moved.error();
        recoveredFrom = moved.value();
        attempt = openAndMigrate(db, path);
        if (attempt.status != OpenStatus::Ready) {
            return OutreachError(OutreachError::Code::Storage,
                                 attempt.error.message()
                                     + u" (the unreadable file was moved to %1)"_s.arg(
                                         QDir::toNativeSeparators(recoveredFrom)));
        }
    }
    if (attempt.status != OpenStatus::Ready)
        return attempt.error;
    return recoveredFrom;
}
