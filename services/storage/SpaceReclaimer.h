// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/Result.h"

#include <QSqlDatabase>

// Gives the pages that deletions freed in the local SQLite file back to the file system, so
// pruning makes the file smaller rather than just emptier.
class SpaceReclaimer {
public:
    struct Report {
        qint64 bytesBefore = 0; // the file (and its log), before
        qint64 bytesAfter = 0;
        bool converted = false; // a full VACUUM switched an older file to incremental vacuum
    };

    // An incremental vacuum of every free page, then a checkpoint that truncates the log. A file
    // created before incremental vacuum was turned on gets one full VACUUM, which switches it,
    // but only once a quarter of it is free: until then the free pages are reused by new rows
    // and rewriting the whole file would buy little.
    static Result<Report> reclaim(QSqlDatabase db, const QString &path);

    // The database file plus its write-ahead log, in bytes.
    static qint64 fileBytes(const QString &path);
};
