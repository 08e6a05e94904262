// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/Result.h"

#include <QSqlDatabase>
#include <QString>

// Opens the cache's SQLite file and makes the connection ready: a file from a newer build is
// refused untouched, one SQLite cannot read is moved aside (CacheRecovery) for a fresh one, the
// connection is set up (WAL, foreign keys, busy timeout) and the schema upgraded (CacheSchema).
class CacheFile {
public:
    // `db` is a QSQLITE connection named after `path`, not open yet. Returns where an unreadable
    // file was moved, or "" when nothing had to be.
    static Result<QString> open(QSqlDatabase db, const QString &path);
};
