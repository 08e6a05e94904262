// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/RetryPolicy.h"

#include <QLocale>
#include <QRandomGenerator>
#include <QTimeZone>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;
using std::chrono::milliseconds;

namespace {

// RFC 9110 allows three date forms; servers send the first, old proxies the others. The day name
// is dropped before parsing: Qt rejects a two-digit RFC 850 year whose weekday does not match
// the 1900s date it guesses.
std::optional<QDateTime> parseHttpDate(const QByteArray &value) {
    QString text = QString::fromLatin1(value).simplified();
    const qsizetype firstSpace = text.indexOf(u' ');
    if (firstSpace < 0)
        return std::nullopt;
    text = text.mid(firstSpace + 1);
    static const QString formats[] = {
        u"dd MMM yyyy HH:mm:ss 'GMT'"_s, // IMF-fixdate
        u"dd-MMM-yy HH:mm:ss 'GMT'"_s,   // RFC 850
        u"MMM d HH:mm:ss yyyy"_s,        // asctime (simplified() folds its double space)
    };
    const QLocale c = QLocale::c();
    for (const QString &format : formats) {
        QDateTime parsed = c.toDateTime(text, format);
        if (parsed.isValid()) {
            if (parsed.date().year() < 1970) // two-digit RFC 850 years
                parsed = parsed.addYears(100);
            parsed.setTimeZone(QTimeZone::utc());
            return parsed;
        }
    }
    return std::nullopt;
}

} // namespace

RetryPolicy::Decision RetryPolicy::decide(const OutreachError &error, int retriesSoFar) const {
    if (!error.isTransient() || retriesSoFar >= maxRetries)
        return {};
    if (const auto asked = error.retryAfter()) {
        if (*asked > maxRetryAfter)
            return {};
        return {true, std::max(*asked, milliseconds(0))};
    }
    return {true, backoff(retriesSoFar)};
}

milliseconds RetryPolicy::backoff(int attempt, double random01) const {
    // 2^attempt grows past any sane cap quickly; clamp the exponent so it cannot overflow.
    const double uncapped = double(baseDelay.count()) * std::pow(2.0, std::clamp(attempt, 0, 30));
    const double capped = std::min(uncapped, double(maxDelay.count()));
    const double factor = 1.0 - jitter * std::clamp(random01, 0.0, 1.0);
    return milliseconds(qint64(std::llround(capped * factor)));
}

milliseconds RetryPolicy::backoff(int attempt) const {
    return backoff(attempt, QRandomGenerator::global()->generateDouble());
}

bool RetryPolicy::isRetryableStatus(int httpStatus) {
    return httpStatus == 408 || httpStatus == 409 || httpStatus == 429
           || (httpStatus >= 500 && httpStatus <= 599);
}

std::optional<milliseconds> RetryPolicy::parseRetryAfter(const QByteArray &retryAfter,
                                                         const QByteArray &retryAfterMs,
                                                         const QDateTime &now) {
    bool ok = false;
    if (!retryAfterMs.trimmed().isEmpty()) {
        const double ms = retryAfterMs.trimmed().toDouble(&ok);
        if (ok && std::isfinite(ms) && ms >= 0)
            return milliseconds(qint64(std::min(ms, 1e12)));
    }
    const QByteArray value = retryAfter.trimmed();
    if (value.isEmpty())
        return std::nullopt;
    const double seconds = value.toDouble(&ok);
    if (ok) {
        if (!std::isfinite(seconds) || seconds < 0)
            return std::nullopt;
        return milliseconds(qint64(std::min(seconds, 1e9) * 1000.0));
    }
    if (const auto date = parseHttpDate(value))
        return milliseconds(std::max<qint64>(0, now.msecsTo(*date)));
    return std::nullopt;
}
