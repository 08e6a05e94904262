// SPDX-License-Identifier: GPL-3.0-or-later
#include "crm/TicketSync.h"

#include "crm/CrmConnector.h"
#include "domain/JsonReader.h"
#include "storage/CacheStore.h"
#include "storage/OutcomeReader.h"

#include <QLoggingCategory>
#include <QPointer>
#include <QSet>
#include <QTimer>

#include <type_traits>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcSync, "outreach.sync")

namespace {

QString idOf(const Project &project) {
    return project.id;
}

QString idOf(const ProspectHistory &prospect) {
    return prospect.prospect.id;
}

} // namespace

TicketSync::TicketSync(CacheStore &cache, CrmConnector &crm, QObject *parent)
    : QObject(parent)
    , m_cache(cache)
    , m_crm(crm)
    , m_timer(new QTimer(this)) {
    connect(m_timer, &QTimer::timeout, this, &TicketSync::requestSync);
}

void TicketSync::setInterval(int minutes) {
    m_intervalMinutes = std::max(0, minutes);
    if (m_intervalMinutes == 0)
        m_timer->stop();
    else
        m_timer->start(std::chrono::minutes(m_intervalMinutes));
}

QDateTime TicketSync::lastSuccess() const {
    return QDateTime::fromString(m_cache.meta(QString::fromLatin1(LastSuccessKey)),
                                 Qt::ISODateWithMs);
}

void TicketSync::requestSync() {
    if (m_syncing)
        return;
    QCoro::connect(sync(), this, [](const Report &) {});
}

QCoro::Task<TicketSync::Report> TicketSync::sync() {
    Report report;
    if (m_syncing) {
        report.error =
            OutreachError(OutreachError::Code::Cancelled, tr("A sync is already running."));
        co_return report;
    }
    m_syncing = true;
    emit started();
    QPointer<TicketSync> self(this);

    const QString highWaterKey = QString::fromLatin1(HighWaterKey);
    report.since = QDateTime::fromString(m_cache.meta(highWaterKey), Qt::ISODateWithMs);
    QString cursor;
    QSet<QString> projectIds;
    QSet<QString> prospectIds;
    while (true) {
        QCoro::Task<Result<TicketPage>> fetching =
            m_crm.ticketPage(report.since, cursor, std::min(m_pageSize, m_crm.maxPageSize()));
        Result<TicketPage> page = co_await fetching;
        if (!self)
            co_return report;
        if (!page.ok()) {
            report.error = page.error();
            break;
        }
        ++report.pages;
        report.fetched += int(page->tickets.size() + page->rejected.size());
        report.rejected.append(page->rejected);
        for (const OutreachError &rejected : std::as_const(page->rejected))
            qCWarning(lcSync).noquote() << "Skipped an invalid ticket:" << rejected.message();

        // The page and the new high-water mark go in together: a sync killed here resumes
        // from this page, never past a ticket it did not store. Only the CRM's mirror is
        // written, so the commit need not wait for the disk: a power cut loses page and mark
        // together, and the next sync fetches them again.
        const QDateTime fetchedAt = QDateTime::currentDateTimeUtc();
        const Result<void> stored = m_cache.inBulkTransaction([&]() -> Result<void> {
            if (Result<void> r = m_cache.upsertTickets(page->tickets); !r.ok())
                return r;
            QStringList ids;
            ids.reserve(page->tickets.size());
            for (const Ticket &ticket : std::as_const(page->tickets))
                ids.append(ticket.id);
            if (Result<void> r = m_cache.markFetched(u"ticket"_s, ids, fetchedAt); !r.ok())
                return r;
            // Pages come oldest first, so this page's newest update covers everything so far.
            if (page->newestUpdate.isValid())
                return m_cache.setMeta(highWaterKey,
                                       JsonReader::timestampString(page->newestUpdate));
            return {};
        });
        if (!stored.ok()) {
            report.error = stored.error();
            break;
        }
        report.stored += int(page->tickets.size());
        for (const Ticket &ticket : std::as_const(page->tickets)) {
            projectIds.insert(ticket.projectId);
            prospectIds.insert(ticket.prospectId);
        }
        emit progress(report.fetched, report.pages);
        if (page->nextCursor.isEmpty())
            break;
        cursor = page->nextCursor;
    }

    if (!report.error) {
        QStringList missingProjects;
        for (const QString &id : std::as_const(projectIds)) {
            if (!id.isEmpty() && !m_cache.project(id))
                missingProjects.append(id);
        }
        QStringList missingProspects;
        for (const QString &id : std::as_const(prospectIds)) {
            if (!id.isEmpty() && !m_cache.prospect(id))
                missingProspects.append(id);
        }
        report.relatedFetched = co_await fetchMissingRelated(missingProjects, missingProspects);
        if (!self)
            co_return report;

        // What became of the rep's recent messages, as far as the CRM knows.
        const QDateTime outcomeSince = QDateTime::currentDateTimeUtc().addDays(-OutcomeWindowDays);
        const Result<QStringList> awaiting =
            OutcomeReader::prospectsAwaitingOutcomes(m_cache, outcomeSince, OutcomeProspectLimit);
        QStringList refresh;
        if (awaiting.ok()) {
            for (const QString &id : awaiting.value()) {
                if (!missingProspects.contains(id)) // fetched just now
                    refresh.append(id);
            }
        } else {
            qCWarning(lcSync).noquote() << awaiting.error().message();
        }
        QCoro::Task<int> refreshing = fetchInBatches<ProspectHistory>(refresh);
        report.outcomesRefreshed = co_await refreshing;
        if (!self)
            co_return report;
        if (Result<void> r =
                m_cache.setMeta(QString::fromLatin1(LastSuccessKey),
                                JsonReader::timestampString(QDateTime::currentDateTimeUtc()));
            !r.ok())
            report.error = r.error();
    }
    m_syncing = false;
    emit finished(report);
    co_return report;
}

QCoro::Task<int> TicketSync::fetchMissingRelated(QStringList projectIds, QStringList prospectIds) {
    // New tickets name projects and prospects the cache has never seen; without them the list
    // shows no prospect and offline review has no context. Tasks are named before they are
    // awaited (the GCC 12 trap in docs/DESIGN-NOTES.md).
    QPointer<TicketSync> self(this);
    QCoro::Task<int> projectTask = fetchInBatches<Project>(projectIds);
    const int projects = co_await projectTask;
    if (!self)
        co_return projects;
    QCoro::Task<int> prospectTask = fetchInBatches<ProspectHistory>(prospectIds);
    const int prospects = co_await prospectTask;
    co_return projects + prospects;
}

template <typename T>
QCoro::Task<int> TicketSync::fetchInBatches(QStringList ids) {
    // The fetch and the store are picked here, not passed in: GCC 12 mishandles lambdas in
    // co_await'ed calls, and a pointer-to-member parameter of a coroutine was read from a dead
    // stack slot (ASan: stack-buffer-underflow in the ramp).
    constexpr bool isProject = std::is_same_v<T, Project>;
    const QString entity = isProject ? u"project"_s : u"prospect"_s;
    int fetched = 0;
    QPointer<TicketSync> self(this);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const int batchSize = std::max(1, m_crm.relatedBatchSize());
    for (qsizetype start = 0; start < ids.size(); start += batchSize) {
        const QStringList slice = ids.mid(start, batchSize);
        std::optional<QCoro::Task<CrmConnector::Batch<T>>> fetching;
        if constexpr (isProject)
            fetching.emplace(m_crm.projects(slice));
        else
            fetching.emplace(m_crm.prospectHistories(slice));
        CrmConnector::Batch<T> batch = co_await *fetching;
        if (!self)
            co_return fetched;
        for (const OutreachError &error : std::as_const(batch.errors))
            qCWarning(lcSync).noquote() << error.message();
        QStringList stored;
        for (const T &item : std::as_const(batch.items))
            stored.append(idOf(item));
        Result<void> written;
        if constexpr (isProject)
            written = m_cache.upsertProjects(batch.items);
        else
            written = m_cache.upsertProspects(batch.items);
        if (written.ok()) {
            fetched += int(batch.items.size());
            (void)m_cache.markFetched(entity, stored, now);
        }
    }
    co_return fetched;
}
