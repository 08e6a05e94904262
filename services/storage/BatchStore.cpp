// SPDX-License-Identifier: GPL-3.0-or-later
#include "storage/BatchStore.h"

#include "domain/JsonReader.h"
#include "storage/CacheStore.h"
#include "storage/Sql.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QSet>
#include <QSqlQuery>
#include <QTimeZone>

using namespace Qt::StringLiterals;

namespace {

// Version 4: batch drafting. A job is one request for many tickets; each ticket's row says how
// far it got, so a run interrupted by a quit or a crash resumes without drafting one twice.
constexpr const char *migrationTo4[] = {
    R"sql(CREATE TABLE batch_jobs (
        id            INTEGER PRIMARY KEY,
        created_at_ms INTEGER NOT NULL,
        state         TEXT NOT NULL,    -- running | paused | cancelled | finished
        request       TEXT NOT NULL,    -- JSON object: prompt, preset, tone, length, scope
        elapsed_ms    INTEGER NOT NULL DEFAULT 0
    ))sql",
    R"sql(CREATE TABLE batch_items (
        job_id            INTEGER NOT NULL REFERENCES batch_jobs(id) ON DELETE CASCADE,
        position          INTEGER NOT NULL,
        ticket_id         TEXT NOT NULL,
        status            TEXT NOT NULL, -- pending | drafting | drafted | skipped | failed
        review            TEXT NOT NULL DEFAULT 'unreviewed',
        reason            TEXT,
        subject           TEXT,
        confidence        REAL,
        findings          INTEGER NOT NULL DEFAULT 0,
        blocking          INTEGER NOT NULL DEFAULT 0,
        prompt_tokens     INTEGER NOT NULL DEFAULT 0,
        completion_tokens INTEGER NOT NULL DEFAULT 0,
        version_id        INTEGER NOT NULL DEFAULT 0,
        attempts          INTEGER NOT NULL DEFAULT 0,
        finished_at_ms    INTEGER,
        PRIMARY KEY (job_id, position)
    ) WITHOUT ROWID)sql",
    "CREATE INDEX batch_items_by_status ON batch_items(job_id, status, position)",
};

constexpr CacheSchema::Step steps[] = {{4, migrationTo4}};

constexpr auto JobColumns = "id, created_at_ms, state, request, elapsed_ms FROM batch_jobs";
constexpr auto ItemColumns =
    "job_id, position, ticket_id, status, review, reason, subject, confidence, findings, "
    "blocking, prompt_tokens, completion_tokens, version_id, attempts, finished_at_ms "
    "FROM batch_items";

QString what(const char *text) {
    return QCoreApplication::translate("BatchStore", text);
}

BatchJob jobFrom(const QSqlQuery &query) {
    BatchJob job;
    job.id = query.value(0).toLongLong();
    job.createdAt = QDateTime::fromMSecsSinceEpoch(query.value(1).toLongLong(), QTimeZone::utc());
    job.state =
        BatchJob::stateFromName(query.value(2).toString()).value_or(BatchJob::State::Paused);
    const QJsonObject request = JsonReader::objectFromText(query.value(3).toString());
    job.prompt = request.value(u"prompt"_s).toString();
    job.preset = request.value(u"preset"_s).toString();
    job.tone = MessageStyle::toneFromName(request.value(u"tone"_s).toString())
                   .value_or(MessageTone::Concise);
    job.length = MessageStyle::lengthFromName(request.value(u"length"_s).toString())
                     .value_or(MessageLength::Medium);
    job.scope = request.value(u"scope"_s).toString();
    job.elapsedMs = query.value(4).toLongLong();
    return job;
}

BatchItem itemFrom(const QSqlQuery &query) {
    BatchItem item;
    item.jobId = query.value(0).toLongLong();
    item.position = query.value(1).toInt();
    item.ticketId = query.value(2).toString();
    item.status =
        BatchItem::statusFromName(query.value(3).toString()).value_or(BatchItem::Status::Pending);
    item.review = BatchItem::reviewFromName(query.value(4).toString())
                      .value_or(BatchItem::Review::Unreviewed);
    item.reason = query.value(5).toString();
    item.subject = query.value(6).toString();
    if (!query.value(7).isNull())
        item.confidence = query.value(7).toDouble();
    item.findings = query.value(8).toInt();
    item.blocking = query.value(9).toInt();
    item.promptTokens = query.value(10).toInt();
    item.completionTokens = query.value(11).toInt();
    item.versionId = query.value(12).toLongLong();
    item.attempts = query.value(13).toInt();
    if (!query.value(14).isNull())
        item.finishedAt =
            QDateTime::fromMSecsSinceEpoch(query.value(14).toLongLong(), QTimeZone::utc());
    return item;
}

std::optional<BatchJob> oneJob(QSqlDatabase db, const QString &where, const QVariantList &binds) {
    QSqlQuery query(db);
    query.setForwardOnly(true);
    query.prepare(u"SELECT "_s + QLatin1StringView(JobColumns) + u' ' + where);
    for (const QVariant &value : binds)
        query.addBindValue(value);
    if (!query.exec() || !query.next())
        return std::nullopt;
    return jobFrom(query);
}

// One statement with its values bound, run; the query (for its affected rows) or the error.
Result<QSqlQuery> execute(QSqlDatabase db, const QString &sql, const QVariantList &binds,
                          const QString &failed) {
    Result<QSqlQuery> query = Sql::prepare(db, sql, failed);
    if (!query)
        return query;
    for (const QVariant &value : binds)
        query->addBindValue(value);
    if (!query->exec())
        return Sql::error(failed, query->lastError());
    return query;
}

} // namespace

BatchStore::BatchStore(CacheStore &cache)
    : m_cache(cache) {}

std::span<const CacheSchema::Step> BatchStore::schemaSteps() {
    return steps;
}

Result<qint64> BatchStore::createJob(const BatchJob &job, const QStringList &ticketIds) {
    qint64 id = 0;
    const Result<void> stored = m_cache.inTransaction([&]() -> Result<void> {
        QSqlDatabase db = m_cache.database();
        const QString failed = what("Could not store the batch");
        Result<QSqlQuery> insertJob =
            Sql::prepare(db,
                         u"INSERT INTO batch_jobs (created_at_ms, state, request, elapsed_ms) "
                         "VALUES (?, ?, ?, 0)"_s,
                         failed);
        if (!insertJob)
            return insertJob.error();
        const QDateTime created =
            job.createdAt.isValid() ? job.createdAt : QDateTime::currentDateTimeUtc();
        insertJob->addBindValue(created.toMSecsSinceEpoch());
        insertJob->addBindValue(BatchJob::stateName(job.state));
        insertJob->addBindValue(JsonReader::compactText(QJsonObject{
            {u"prompt"_s, job.prompt},
            {u"preset"_s, job.preset},
            {u"tone"_s, MessageStyle::name(job.tone)},
            {u"length"_s, MessageStyle::name(job.length)},
            {u"scope"_s, job.scope},
        }));
        if (!insertJob->exec())
            return Sql::error(failed, insertJob->lastError());
        id = insertJob->lastInsertId().toLongLong();
        Result<QSqlQuery> insertItem =
            Sql::prepare(db,
                         u"INSERT INTO batch_items (job_id, position, ticket_id, status) "
                         "VALUES (?, ?, ?, 'pending')"_s,
                         failed);
        if (!insertItem)
            return insertItem.error();
        QSet<QString> seen;
        int position = 0;
        for (const QString &ticketId : ticketIds) {
            if (ticketId.isEmpty() || seen.contains(ticketId))
                continue;
            seen.insert(ticketId);
            insertItem->addBindValue(id);
            insertItem->addBindValue(position++);
            insertItem->addBindValue(ticketId);
            if (!insertItem->exec())
                return Sql::error(failed, insertItem->lastError());
        }
        return {};
    });
    if (!stored)
        return stored.error();
    return id;
}

std::optional<BatchJob> BatchStore::job(qint64 jobId) const {
    return oneJob(m_cache.database(), u"WHERE id = ?"_s, {jobId});
}

std::optional<BatchJob> BatchStore::latestJob() const {
    return oneJob(m_cache.database(), u"ORDER BY id DESC LIMIT 1"_s, {});
}

std::optional<BatchJob> BatchStore::resumableJob() const {
    return oneJob(m_cache.database(),
                  u"WHERE state IN ('running', 'paused') AND EXISTS (SELECT 1 FROM batch_items "
                  "WHERE job_id = batch_jobs.id AND status IN ('pending', 'drafting')) "
                  "ORDER BY id DESC LIMIT 1"_s,
                  {});
}

Result<void> BatchStore::setState(qint64 jobId, BatchJob::State state) {
    const Result<QSqlQuery> done =
        execute(m_cache.database(), u"UPDATE batch_jobs SET state = ? WHERE id = ?"_s,
                {BatchJob::stateName(state), jobId}, what("Could not update the batch"));
    if (!done)
        return done.error();
    return {};
}

Result<void> BatchStore::addElapsed(qint64 jobId, qint64 elapsedMs) {
    const Result<QSqlQuery> done = execute(
        m_cache.database(), u"UPDATE batch_jobs SET elapsed_ms = elapsed_ms + ? WHERE id = ?"_s,
        {std::max<qint64>(0, elapsedMs), jobId}, what("Could not update the batch"));
    if (!done)
        return done.error();
    return {};
}

Result<std::optional<BatchItem>> BatchStore::claimNext(qint64 jobId) {
    std::optional<BatchItem> claimed;
    const Result<void> done = m_cache.inTransaction([&]() -> Result<void> {
        QSqlDatabase db = m_cache.database();
        const QString failed = what("Could not take up the next ticket of the batch");
        Result<QSqlQuery> next = Sql::prepare(
            db,
            u"SELECT "_s + QLatin1StringView(ItemColumns)
                + u" WHERE job_id = ? AND status = 'pending' ORDER BY position LIMIT 1"_s,
            failed);
        if (!next)
            return next.error();
        next->addBindValue(jobId);
        if (!next->exec())
            return Sql::error(failed, next->lastError());
        if (!next->next())
            return {};
        BatchItem item = itemFrom(*next);
        next->finish();
        Result<QSqlQuery> claim =
            Sql::prepare(db,
                         u"UPDATE batch_items SET status = 'drafting', attempts = attempts + 1 "
                         "WHERE job_id = ? AND position = ?"_s,
                         failed);
        if (!claim)
            return claim.error();
        claim->addBindValue(jobId);
        claim->addBindValue(item.position);
        if (!claim->exec())
            return Sql::error(failed, claim->lastError());
        item.status = BatchItem::Status::Drafting;
        ++item.attempts;
        claimed = std::move(item);
        return {};
    });
    if (!done)
        return done.error();
    return claimed;
}

Result<void> BatchStore::release(qint64 jobId, int position) {
    const Result<QSqlQuery> done =
        execute(m_cache.database(),
                u"UPDATE batch_items SET status = 'pending' "
                "WHERE job_id = ? AND position = ? AND status = 'drafting'"_s,
                {jobId, position}, what("Could not update the batch"));
    if (!done)
        return done.error();
    return {};
}

Result<int> BatchStore::releaseInterrupted(qint64 jobId) {
    const Result<QSqlQuery> done = execute(
        m_cache.database(),
        u"UPDATE batch_items SET status = 'pending' WHERE job_id = ? AND status = 'drafting'"_s,
        {jobId}, what("Could not update the batch"));
    if (!done)
        return done.error();
    return done->numRowsAffected();
}

Result<void> BatchStore::finish(const BatchItem &item) {
    const QString failed =
        what("Could not store the batch's draft of ticket %1").arg(item.ticketId);
    Result<QSqlQuery> query = Sql::prepare(
        m_cache.database(),
        u"UPDATE batch_items SET status = ?, reason = ?, subject = ?, confidence = ?, "
        "findings = ?, blocking = ?, prompt_tokens = ?, completion_tokens = ?, version_id = ?, "
        "finished_at_ms = ? WHERE job_id = ? AND position = ?"_s,
        failed);
    if (!query)
        return query.error();
    query->addBindValue(BatchItem::statusName(item.status));
    query->addBindValue(Sql::textOrNull(item.reason));
    query->addBindValue(Sql::textOrNull(item.subject));
    query->addBindValue(item.confidence ? QVariant(*item.confidence) : QVariant());
    query->addBindValue(item.findings);
    query->addBindValue(item.blocking);
    query->addBindValue(item.promptTokens);
    query->addBindValue(item.completionTokens);
    query->addBindValue(item.versionId);
    query->addBindValue(item.finishedAt.isValid() ? item.finishedAt.toMSecsSinceEpoch()
                                                  : QDateTime::currentMSecsSinceEpoch());
    query->addBindValue(item.jobId);
    query->addBindValue(item.position);
    if (!query->exec())
        return Sql::error(failed, query->lastError());
    if (query->numRowsAffected() != 1)
        return OutreachError(OutreachError::Code::Storage,
                             failed + u": "_s + what("it is not part of the batch."));
    return {};
}

Result<void> BatchStore::setReview(qint64 jobId, int position, BatchItem::Review review) {
    const Result<QSqlQuery> done = execute(
        m_cache.database(),
        u"UPDATE batch_items SET review = ? WHERE job_id = ? AND position = ?"_s,
        {BatchItem::reviewName(review), jobId, position}, what("Could not store the review"));
    if (!done)
        return done.error();
    return {};
}

std::optional<BatchItem> BatchStore::item(qint64 jobId, int position) const {
    QSqlQuery query(m_cache.database());
    query.setForwardOnly(true);
    query.prepare(u"SELECT "_s + QLatin1StringView(ItemColumns)
                  + u" WHERE job_id = ? AND position = ?"_s);
    query.addBindValue(jobId);
    query.addBindValue(position);
    if (!query.exec() || !query.next())
        return std::nullopt;
    return itemFrom(query);
}

QList<BatchItem> BatchStore::items(qint64 jobId) const {
    QList<BatchItem> items;
    QSqlQuery query(m_cache.database());
    query.setForwardOnly(true);
    query.prepare(u"SELECT "_s + QLatin1StringView(ItemColumns)
                  + u" WHERE job_id = ? ORDER BY position"_s);
    query.addBindValue(jobId);
    if (!query.exec())
        return items;
    while (query.next())
        items.append(itemFrom(query));
    return items;
}

BatchStore::Counts BatchStore::counts(qint64 jobId) const {
    Counts counts;
    QSqlQuery query(m_cache.database());
    query.setForwardOnly(true);
    query.prepare(u"SELECT status, review, count(*), sum(prompt_tokens), sum(completion_tokens) "
                  "FROM batch_items WHERE job_id = ? GROUP BY status, review"_s);
    query.addBindValue(jobId);
    if (!query.exec())
        return counts;
    while (query.next()) {
        const std::optional<BatchItem::Status> status =
            BatchItem::statusFromName(query.value(0).toString());
        const std::optional<BatchItem::Review> review =
            BatchItem::reviewFromName(query.value(1).toString());
        const int n = query.value(2).toInt();
        counts.total += n;
        counts.promptTokens += query.value(3).toLongLong();
        counts.completionTokens += query.value(4).toLongLong();
        switch (status.value_or(BatchItem::Status::Pending)) {
        case BatchItem::Status::Pending:
        case BatchItem::Status::Drafting:
            counts.pending += n;
            break;
        case BatchItem::Status::Drafted:
            counts.drafted += n;
            break;
        case BatchItem::Status::Skipped:
            counts.skipped += n;
            break;
        case BatchItem::Status::Failed:
            counts.failed += n;
            break;
        }
        if (review == BatchItem::Review::Approved)
            counts.approved += n;
        else if (review == BatchItem::Review::Rejected)
            counts.rejected += n;
        if (review && *review != BatchItem::Review::Unreviewed)
            counts.reviewed += n;
    }
    return counts;
}
