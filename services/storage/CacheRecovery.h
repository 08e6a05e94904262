// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/Result.h"

#include <QSqlError>
#include <QString>

// What is done with a cache file SQLite cannot read: it is moved aside, never deleted, so that a
// fresh one can take its place while the rep (or support) may still recover data from the old one.
class CacheRecovery {
public:
    // True only for the errors that mean the file itself is unreadable (corrupt, not a
    // database). Busy, locked, read-only, I/O and permission errors are about the environment and
    // must never cause a file to be moved aside.
    static bool isUnreadable(const QSqlError &error);

    // Moves the database and its -wal, -shm and -journal files to
    // "<path>.corrupt-<UTC timestamp>[-n]" and returns that path. When one of them cannot be
    // moved, stops there with a STORAGE error: a stale -wal left beside a fresh database would be
    // replayed into it.
    static Result<QString> moveAside(const QString &path);
};
