// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QString>

// The timestamp text the cache's tables store: "2026-11-20T14:03:00.000Z", ISO 8601 UTC with
// milliseconds, fixed width so that text order is time order (an index on it sorts by time).
class UtcTimestamp {
public:
    // "" for an invalid time (the columns are NOT NULL).
    static QString text(const QDateTime &dateTime);
    // An invalid QDateTime for "".
    static QDateTime parse(const QString &text);
};
