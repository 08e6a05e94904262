// SPDX-License-Identifier: GPL-3.0-or-later
#include "domain/MessageOutcome.h"

#include <QStringList>

using namespace Qt::StringLiterals;

namespace {

// A salutation is short and ends like one; anything longer is already the message.
constexpr qsizetype MaxSalutationLength = 60;

bool looksLikeSalutation(const QString &line) {
    return line.size() <= MaxSalutationLength
           && (line.endsWith(u',') || line.endsWith(u'!') || line.endsWith(u'，'));
}

} // namespace

EffectivenessMetrics MessageOutcome::toMetrics(const QDateTime &updatedAt) const {
    EffectivenessMetrics metrics;
    metrics.sentAt = sentAt;
    metrics.opened = opened || openCount > 0;
    metrics.openCount = openCount;
    metrics.clicked = clicked;
    metrics.replied = replied;
    metrics.replySentiment = replied ? sentiment : EffectivenessMetrics::Sentiment::None;
    metrics.meetingBooked = meetingBooked;
    metrics.updatedAt = updatedAt;
    return metrics;
}

QString MessageOutcome::openingLine(const QString &content, qsizetype maxCharacters) {
    const QStringList lines = content.split(u'\n');
    QString line;
    bool skippedSalutation = false;
    for (const QString &raw : lines) {
        const QString candidate = raw.trimmed();
        if (candidate.isEmpty())
            continue;
        if (!skippedSalutation && looksLikeSalutation(candidate)) {
            skippedSalutation = true;
            continue;
        }
        line = candidate;
        break;
    }
    if (line.isEmpty() || maxCharacters <= 0 || line.size() <= maxCharacters)
        return line;
    qsizetype keep = maxCharacters - 1; // room for the ellipsis
    if (line.at(keep).isLowSurrogate())
        --keep; // never split a surrogate pair
    // Prefer a word boundary within the last 30 characters.
    for (qsizetype i = keep; i > 0 && i > keep - 30; --i) {
        if (line.at(i).isSpace()) {
            keep = i;
            break;
        }
    }
    return line.left(keep).trimmed() + u'…';
}
