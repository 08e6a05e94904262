// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/ActivityEvent.h"
#include "domain/EffectivenessMetrics.h"
#include "domain/OutreachActivity.h"
#include "domain/Result.h"

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

class CacheStore;

// The demo workspace's seeded message history (messages.json): messages the rep "sent" earlier,
// with what became of them, stored as the rep's local records (messages, message_events,
// message_effectiveness) so that the effectiveness view and the History tab have figures on first
// start. Times in the file are relative, resolved against the load time. Which messages were
// seeded is kept in the meta key SeededKey, so that remove() takes exactly those away.
class DemoHistory {
public:
    // The meta key listing the seeded message ids (a JSON array).
    static constexpr const char *SeededKey = "demo_messages";

    struct Message {
        QString ticketId;
        OutreachActivity activity;
        QList<ActivityEvent> events;  // time order, "sent" first
        EffectivenessMetrics metrics; // what the events add up to
    };

    // One entry of messages.json:
    //   {"message_id": UUID, "ticket_id": "T-1005", "subject": …, "content": …,
    //    "sent_days_ago": 12, "sent_time": "09:40",                     (UTC)
    //    "metadata": {"preset", "tone", "model", "prompt", "used_context", "confidence", …},
    //    "events": [{"type": "sent", "hours_after_sent": 0},
    //               {"type": "replied", "hours_after_sent": 20, "sentiment": "positive"}, …]}
    // The message is sent at `loadedAt`'s UTC date minus sent_days_ago (a whole number, at least
    // 1) at sent_time, and was saved to the history 15 minutes before. The events start with
    // "sent" at 0, come in time order, and all fall before the day of the load, so a valid file
    // stays valid whenever it is loaded. "opened" may repeat (the open count); the others happen
    // once; a bounced message has no other outcome; only "replied" has a sentiment (positive,
    // neutral, negative, or none). preset and tone, when given, must be wire names.
    // `doNotContact` maps every ticket id of the workspace to whether its prospect must not be
    // contacted: a message on an unknown ticket or to such a prospect is refused. Errors are
    // CONTEXT_INVALID naming the message id and the field ("events[2].hours_after_sent").
    static Result<Message> fromJson(const QJsonObject &json, const QDateTime &loadedAt,
                                    const QHash<QString, bool> &doNotContact);

    // Stores the messages with their events and effectiveness (a message stored before is
    // replaced, its events included, so loading twice duplicates nothing) and adds their ids to
    // SeededKey. Queues nothing: the demo has no CRM. Call inside a transaction to make it part
    // of a larger write.
    static Result<void> store(CacheStore &cache, const QList<Message> &messages);

    // Deletes exactly the seeded messages listed in SeededKey (and their events and
    // effectiveness) and the key; every other message stays.
    static Result<void> remove(CacheStore &cache);

    // The ids listed in SeededKey.
    static QStringList seededIds(const CacheStore &cache);
};
