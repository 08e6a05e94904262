// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/Result.h"

#include <QCoroTask>
#include <QDateTime>
#include <QList>
#include <QObject>

#include <optional>

class CacheStore;
class CrmConnector;
class QTimer;

// Keeps the cached ticket list in step with the CRM: pages of tickets updated since the last
// sync (updated_since + cursor), each page committed with the new high-water mark, so an
// interrupted sync resumes where it stopped. The CRM wins for CRM-owned data; the rep's own
// records (messages, events, the outbox) are never touched by a sync.
//
// Effectiveness known to the CRM comes with the prospect histories (their past outcomes), so a
// sync also fetches again the histories of prospects with a message sent in the last
// OutcomeWindowDays that has not bounced or led to a meeting yet (at most OutcomeProspectLimit,
// most recently written to first). They land in the CRM's own table; OutcomeReader merges them
// with the rep's records.
class TicketSync : public QObject {
    Q_OBJECT
public:
    struct Report {
        int fetched = 0; // tickets received
        int stored = 0;  // tickets written to the cache
        int pages = 0;
        int relatedFetched = 0; // projects and prospects fetched because new tickets name them
        // Prospect histories fetched again for the outcomes of the rep's recent messages.
        int outcomesRefreshed = 0;
        QList<OutreachError> rejected;      // invalid tickets, each naming its field
        QDateTime since;                    // the updated_since this sync started from
        std::optional<OutreachError> error; // why the sync stopped early, if it did
        bool ok() const { return !error.has_value(); }
    };

    // Meta keys in the cache.
    static constexpr auto HighWaterKey = "sync/updated_since";
    static constexpr auto LastSuccessKey = "sync/last_success";

    static constexpr int OutcomeWindowDays = 30;
    static constexpr int OutcomeProspectLimit = 50;

    TicketSync(CacheStore &cache, CrmConnector &crm, QObject *parent = nullptr);

    void setPageSize(int size) { m_pageSize = size; }
    // Syncs every `minutes` (0: only on request).
    void setInterval(int minutes);
    int interval() const { return m_intervalMinutes; }

    // One sync. While one runs, another call waits for nothing and reports an error saying so.
    QCoro::Task<Report> sync();
    // Fire-and-forget form for the timer, F5 and the network coming back.
    void requestSync();
    bool isSyncing() const { return m_syncing; }

    QDateTime lastSuccess() const;

signals:
    void started();
    void progress(int ticketsFetched, int pages);
    void finished(const TicketSync::Report &report);

private:
    QCoro::Task<int> fetchMissingRelated(QStringList projectIds, QStringList prospectIds);
    // Fetches `ids` (projects or prospects, by T) a few at a time, stores each batch and records
    // it as fetched.
    template <typename T>
    QCoro::Task<int> fetchInBatches(QStringList ids);

    CacheStore &m_cache;
    CrmConnector &m_crm;
    QTimer *m_timer;
    int m_pageSize = 200;
    int m_intervalMinutes = 0;
    bool m_syncing = false;
};
