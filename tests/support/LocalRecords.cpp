// SPDX-License-Identifier: GPL-3.0-or-later
#include "support/LocalRecords.h"

#include <QRandomGenerator>
#include <QTimeZone>

bool LocalRecords::open() {
    if (!dir.isValid())
        return false;
    auto opened = CacheStore::open(dir.filePath(QStringLiteral("cache.sqlite")));
    if (!opened.ok())
        return false;
    cache = std::move(opened).value();
    outbox = std::make_unique<Outbox>(*cache, crm);
    outbox->setPaused(true);
    tracker = std::make_unique<ActivityTracker>(*cache, *outbox);
    return true;
}

QDateTime LocalRecords::day(int offset, int hour) {
    return QDateTime(QDate(2026, 9, 7).addDays(offset), QTime(hour, 0), QTimeZone::utc());
}

bool LocalRecords::addTicket(const QString &id, const QString &prospectId,
                             const QString &category) {
    Ticket ticket;
    ticket.id = id;
    ticket.title = QStringLiteral("Ticket ") + id;
    ticket.category = category;
    ticket.projectId = QStringLiteral("P-1");
    ticket.prospectId = prospectId;
    ticket.createdAt = day(0);
    ticket.updatedAt = day(0);
    return cache->upsertTickets({ticket}).ok();
}

bool LocalRecords::addMessage(const QString &id, const QString &ticketId, const QDateTime &created,
                              const QString &preset, const QString &tone, const QString &subject,
                              const QString &content) {
    OutreachActivity activity;
    activity.messageId = id;
    activity.subject = subject;
    activity.content = content;
    activity.metadata.model = QStringLiteral("gpt-test");
    activity.metadata.preset = preset;
    activity.metadata.tone = tone;
    activity.createdAt = created;
    return tracker->addOutreachActivity(ticketId, activity).ok();
}

bool LocalRecords::record(const QString &ticketId, const QString &messageId,
                          ActivityTracker::Milestone outcome, const QDateTime &at) {
    return tracker->recordOutcome(ticketId, messageId, outcome, at).ok();
}
bool LocalRecords::seedHistory(int count, int weeks, quint32 seed) {
    QRandomGenerator random(seed);
    const QStringList categories{QStringLiteral("renewal"), QStringLiteral("upsell"),
                                 QStringLiteral("support"), QString()};
    for (int t = 0; t < categories.size(); ++t) {
        if (!addTicket(QStringLiteral("T-%1").arg(t + 1), QStringLiteral("C-%1").arg(t + 1),
                       categories.at(t)))
            return false;
    }
    const QStringList presets{QStringLiteral("follow_up"), QStringLiteral("first_outreach"),
                              QStringLiteral("meeting_request")};
    const QList<double> replyRates{0.45, 0.2, 0.3};
    const QStringList tones{QStringLiteral("concise"), QStringLiteral("warm")};
    using Milestone = ActivityTracker::Milestone;
    for (int i = 0; i < count; ++i) {
        const int preset = int(random.bounded(presets.size()));
        const QString ticket = QStringLiteral("T-%1").arg(random.bounded(4) + 1);
        const QString id = QStringLiteral("M-%1").arg(i + 1, 4, 10, QLatin1Char('0'));
        const QDateTime sent = day(int(random.bounded(weeks * 7)), 8 + int(random.bounded(9)));
        if (!addMessage(id, ticket, sent.addSecs(-600), presets.at(preset),
                        tones.at(int(random.bounded(tones.size())))))
            return false;
        if (!record(ticket, id, Milestone::Sent, sent))
            return false;
        if (random.generateDouble() < 0.6) { // a tracking pixel, privacy pre-fetch or not
            ActivityEvent opened;
            opened.type = ActivityEvent::Type::Opened;
            opened.occurredAt = sent.addSecs(3600);
            if (!tracker->trackOutreachActivity(ticket, id, opened).ok())
                return false;
        }
        if (random.generateDouble() < 0.05) {
            if (!record(ticket, id, Milestone::Bounced, sent.addSecs(60)))
                return false;
            continue;
        }
        if (random.generateDouble() < replyRates.at(preset)) {
            const double mood = random.generateDouble();
            const Milestone reply = mood < 0.5   ? Milestone::RepliedPositive
                                    : mood < 0.8 ? Milestone::RepliedNeutral
                                                 : Milestone::RepliedNegative;
            if (!record(ticket, id, reply, sent.addDays(1)))
                return false;
            if (reply == Milestone::RepliedPositive && random.generateDouble() < 0.5
                && !record(ticket, id, Milestone::MeetingBooked, sent.addDays(2)))
                return false;
        }
    }
    return true;
}
