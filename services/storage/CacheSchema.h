// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/OutreachError.h"

#include <QList>
#include <QSqlDatabase>
#include <QSqlError>
#include <QString>

#include <optional>
#include <span>

// The numbered schema of the cache file, tracked in PRAGMA user_version: the tables' DDL, version
// by version, and the upgrade that brings an older file up to date when it opens.
class CacheSchema {
public:
    // The schema version this build writes. A file with a higher user_version is refused.
    static constexpr int Version = 5;

    // One store's share of a schema version: the statements that take its tables from
    // `version - 1` to `version`. Never edit a released step: add one with the next version.
    struct Step {
        int version;
        std::span<const char *const> statements;
    };

    // Every step in the order they run: by version, and within a version CacheStore's tables
    // first, then DraftStore's, BatchStore's and MailStore's.
    static QList<Step> steps();

    // The file's user_version; -1 when it cannot be read.
    static int versionOf(QSqlDatabase db);

    struct Failure {
        int version; // the version the upgrade could not reach
        QSqlError error;
    };
    // Runs the steps after `from`, each version in one transaction together with its user_version
    // bump, so a failed or interrupted upgrade leaves the file at the last version it reached.
    static std::optional<Failure> upgrade(QSqlDatabase db, int from);

    // The STORAGE error for a file written with schema `version`, newer than this build's.
    static OutreachError newerVersionError(int version, const QString &where);
};
