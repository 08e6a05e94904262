// SPDX-License-Identifier: GPL-3.0-or-later
#include "storage/UtcTimestamp.h"

using namespace Qt::StringLiterals;

namespace {

void putDigits(char16_t *out, int value, int width) {
    for (int i = width - 1; i >= 0; --i) {
        out[i] = char16_t(u'0' + value % 10);
        value /= 10;
    }
}

} // namespace

// Hand-formatted because QDateTime::toString costs several allocations per call, which shows at
// 100k tickets.
QString UtcTimestamp::text(const QDateTime &dateTime) {
    if (!dateTime.isValid())
        return u""_s;
    const qint64 msecs = dateTime.toMSecsSinceEpoch();
    constexpr qint64 msPerDay = 86'400'000;
    qint64 days = msecs / msPerDay;
    qint64 msOfDay = msecs % msPerDay;
    if (msOfDay < 0) {
        msOfDay += msPerDay;
        --days;
    }
    // Civil date from days since 1970-01-01 (Howard Hinnant's days_from_civil inverse).
    const qint64 z = days + 719468;
    const qint64 era = (z >= 0 ? z : z - 146096) / 146097;
    const qint64 doe = z - era * 146097;
    const qint64 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const qint64 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const qint64 mp = (5 * doy + 2) / 153;
    const qint64 day = doy - (153 * mp + 2) / 5 + 1;
    const qint64 month = mp < 10 ? mp + 3 : mp - 9;
    const qint64 year = yoe + era * 400 + (month <= 2 ? 1 : 0);
    if (year < 0 || year > 9999)
        return dateTime.toUTC().toString(Qt::ISODateWithMs);

    QString text(24, Qt::Uninitialized);
    auto *out = reinterpret_cast<char16_t *>(text.data());
    putDigits(out, int(year), 4);
    out[4] = u'-';
    putDigits(out + 5, int(month), 2);
    out[7] = u'-';
    putDigits(out + 8, int(day), 2);
    out[10] = u'T';
    putDigits(out + 11, int(msOfDay / 3'600'000), 2);
    out[13] = u':';
    putDigits(out + 14, int(msOfDay / 60'000 % 60), 2);
    out[16] = u':';
    putDigits(out + 17, int(msOfDay / 1000 % 60), 2);
    out[19] = u'.';
    putDigits(out + 20, int(msOfDay % 1000), 3);
    out[23] = u'Z';
    return text;
}

QDateTime UtcTimestamp::parse(const QString &text) {
    if (text.isEmpty())
        return {};
    return QDateTime::fromString(text, Qt::ISODateWithMs).toUTC();
}
