#pragma once

#include "ActivityEvent.h"
#include "EffectivenessMetrics.h"
#include "Outbox.h"
#include "OutreachActivity.h"
#include "Result.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <functional>

class CacheStore;

// The rep's records of what was sent and how it went: ticketService.addOutreachActivity and the
// seed's ActivityTrackingService (trackOutreachActivity, updateEffectiveness). Each call stores
// the local record and queues the CRM write in one transaction; the outbox delivers it.
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

private:
    // Stores `write` with `localRecord` through the outbox, or only the local record (one
    // transaction) when there is no CRM; the key is then a fresh UUID that goes nowhere.
    Result<QByteArray> enqueue(const Outbox::Write &write,
                               const std::function<Result<void>()> &localRecord);

    CacheStore &m_cache;
    Outbox *m_outbox = nullptr;
};
