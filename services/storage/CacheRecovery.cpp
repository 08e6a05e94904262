// SPDX-License-Identifier: GPL-3.0-or-later
#include "storage/CacheRecovery.h"

#include <QDateTime>
#include <QDir>
#include <QFile>

#include <algorithm>
#include <array>

using namespace Qt::StringLiterals;

namespace {

// SQLite primary result codes (sqlite3.h is not a build dependency: the Qt driver hides it).
constexpr int SqliteCorrupt = 11;
constexpr int SqliteNotADatabase = 26;

const std::array<QString, 4> sidecarSuffixes = {u""_s, u"-wal"_s, u"-shm"_s, u"-journal"_s};

} // namespace

bool CacheRecovery::isUnreadable(const QSqlError &error) {
    bool ok = false;
    const int code = error.nativeErrorCode().toInt(&ok);
    if (ok) {
        // Extended result codes (SQLITE_CORRUPT_INDEX, ...) keep the primary code in the low byte.
        const int primary = code & 0xff;
        return primary == SqliteCorrupt || primary == SqliteNotADatabase;
    }
    return false;
}

Result<QString> CacheRecovery::moveAside(const QString &path) {
    const QString stamp = QDateTime::currentDateTimeUtc().toString(u"yyyyMMdd-HHmmss"_s);
    const QString base = path + u".corrupt-"_s + stamp;
    QString target = base;
    for (int n = 2; std::any_of(sidecarSuffixes.begin(), sidecarSuffixes.end(),
                                [&](const QString &s) { return QFile::exists(target + s); });
         ++n)
        target = base + u'-' + QString::number(n);

    for (const QString &suffix : sidecarSuffixes) {
        const QString from = path + suffix;
        if (!QFile::exists(from))
            continue;
        QFile file(from);
        if (!file.rename(target + suffix)) {
            return OutreachError(OutreachError::Code::Storage,
                                 u"The local cache %1 is unreadable and could not be moved aside "
                                 "to %2: %3. Nothing was deleted; move or remove it by hand."_s.arg(
                                     QDir::toNativeSeparators(from),
                                     QDir::toNativeSeparators(target + suffix),
                                     file.errorString()));
        }
    }
    return target;
}
