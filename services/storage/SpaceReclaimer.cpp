// SPDX-License-Identifier: GPL-3.0-or-later
#include "storage/SpaceReclaimer.h"

#include "storage/Sql.h"

#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace {

// PRAGMA auto_vacuum values.
constexpr int AutoVacuumNone = 0;
constexpr int AutoVacuumFull = 1;

} // namespace

qint64 SpaceReclaimer::fileBytes(const QString &path) {
    return QFileInfo(path).size() + QFileInfo(path + u"-wal"_s).size();
}

Result<SpaceReclaimer::Report> SpaceReclaimer::reclaim(QSqlDatabase db, const QString &path) {
    const QString what = u"Could not give free space in the local cache back"_s;
    Report report;
    report.bytesBefore = fileBytes(path);

    const Result<QVariant> mode = Sql::scalar(db, u"PRAGMA auto_vacuum"_s, what);
    if (!mode)
        return mode.error();
    if (mode->toInt() == AutoVacuumNone) {
        const Result<QVariant> pages = Sql::scalar(db, u"PRAGMA page_count"_s, what);
        const Result<QVariant> free = Sql::scalar(db, u"PRAGMA freelist_count"_s, what);
        if (!pages || !free)
            return (!pages ? pages : free).error();
        if (free->toLongLong() * 4 >= pages->toLongLong() && free->toLongLong() > 0) {
            // The switch from none takes a VACUUM; it rewrites the file once.
            if (auto r = Sql::execute(db, u"PRAGMA auto_vacuum = INCREMENTAL"_s, what); !r)
                return r.error();
            if (auto r = Sql::execute(db, u"VACUUM"_s, what); !r)
                return r.error();
            report.converted = true;
        }
    } else if (mode->toInt() == AutoVacuumFull) {
        // Full auto-vacuum (some SQLite builds' default) moves pages at every commit; incremental
        // leaves that to this call. The switch between the two needs no VACUUM.
        if (auto r = Sql::execute(db, u"PRAGMA auto_vacuum = INCREMENTAL"_s, what); !r)
            return r.error();
    }
    if (!report.converted) {
        // The pragma frees one page per step (each step yields an empty row): step to the end.
        QSqlQuery vacuum(db);
        vacuum.setForwardOnly(true);
        if (!vacuum.exec(u"PRAGMA incremental_vacuum"_s))
            return Sql::error(what, vacuum.lastError());
        while (vacuum.next()) {
        }
        if (vacuum.lastError().isValid())
            return Sql::error(what, vacuum.lastError());
    }
    // The freed pages leave the main file only when the log is checkpointed into it.
    if (auto r = Sql::execute(db, u"PRAGMA wal_checkpoint(TRUNCATE)"_s, what); !r)
        return r.error();
    report.bytesAfter = fileBytes(path);
    return report;
}
