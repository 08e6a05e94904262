// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "crm/Outbox.h"
#include "domain/ActivityEvent.h"
#include "domain/EffectivenessMetrics.h"
#include "domain/MessageOutcome.h"
#include "domain/OutreachActivity.h"
#include "domain/Result.h"

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QList>
#include <QString>

#include <functional>
#include <optional>

class CacheStore;

// The rep's records of what was sent and how it went: a message added to a ticket's history,
// what became of it (opened, replied, meeting booked), and the effectiveness that follows. Each
// call stores the local record and queues the CRM write in one transaction; the outbox delivers
// it.
class ActivityTracker {
public:
    ActivityTracker(CacheStore &cache, Outbox &outbox);
    // Without a CRM (the demo workspace): the local records only, nothing is queued.
    explicit ActivityTracker(CacheStore &cache);

    // False for the local-only tracker.
    bool deliversToCrm() const { return m_outbox != nullptr; }

    // Stores the message on the ticket's local history and queues it for the CRM. Returns the
    // idempotency key of the queued write.
    Result<QByteArray> addOutreachActivity(const QString &ticketId,
                                           const OutreachActivity &activity);
    Result<QByteArray> trackOutreachActivity(const QString &ticketId, const QString &messageId,
                                             const ActivityEvent &event);
    Result<QByteArray> updateEffectiveness(const QString &ticketId, const QString &messageId,
                                           const EffectivenessMetrics &metrics);

    // The local records, newest first (what a rep sees offline).
    QList<OutreachActivity> messages(const QString &ticketId) const;
    QList<ActivityEvent> events(const QString &messageId) const;

    // What a rep records with one click in a message's history.
    enum class Milestone {
        Sent,
        RepliedPositive,
        RepliedNeutral,
        RepliedNegative,
        MeetingBooked,
        Bounced,
        Replied, // a reply whose sentiment is not known yet (a sentiment already set stays)
    };

    // Records what became of a stored message: queues the event (trackOutreachActivity) and the
    // effectiveness metrics it changes (updateEffectiveness), each with its own idempotency key,
    // and stores both locally, all in one transaction. The metrics sent are everything known
    // about the message (the rep's records merged with the CRM's past outcomes), since the PUT
    // replaces what the CRM has. Recording what is already known queues nothing: a second click
    // on "Replied" sends no second event, and changing a reply's sentiment only updates the
    // metrics. An outcome implies the message went out. Returns the keys of the queued writes
    // (the event first), empty when nothing changed. `occurredAt` defaults to now. `alongside`,
    // when given, is stored in the same transaction, whether or not anything is queued (a
    // detector's record of having seen the outcome, so that it is recorded exactly once).
    Result<QList<QByteArray>> recordOutcome(const QString &ticketId, const QString &messageId,
                                            Milestone outcome, const QDateTime &occurredAt = {},
                                            const std::function<Result<void>()> &alongside = {});
    // How a stored message is doing (recorded here and reported by the CRM); nullopt when it is
    // not stored on this computer or cannot be read.
    std::optional<MessageOutcome> outcome(const QString &messageId) const;
    // How each stored message on `ticketId` is doing, by message id, in one read (a history
    // panel asking message by message would read three times per message); empty on failure.
    QHash<QString, MessageOutcome> outcomes(const QString &ticketId) const;

private:
    // Stores `write` with `localRecord` through the outbox, or only the local record (one
    // transaction) when there is no CRM; the key is then a fresh UUID that goes nowhere.
    Result<QByteArray> enqueue(const Outbox::Write &write,
                               const std::function<Result<void>()> &localRecord);

    CacheStore &m_cache;
    Outbox *m_outbox = nullptr;
};
