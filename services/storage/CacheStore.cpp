// SPDX-License-Identifier: GPL-3.0-or-later
// Over 500 lines on purpose: one write and one read for each table of the CRM's data (tickets,
// projects, prospects with their outcomes, interactions, fetch times, meta) and the ticket-list
// scan. Each spells out its table's column order, so they read best side by side; the schema,
// opening the file and the SQL plumbing are classes of their own.
#include "storage/CacheStore.h"

#include "domain/JsonReader.h"
#include "domain/TextFolding.h"
#include "storage/CacheFile.h"
#include "storage/CacheSchema.h"
#include "storage/ReadSnapshot.h"
#include "storage/RowBinder.h"
#include "storage/Sql.h"
#include "storage/TicketCodes.h"
#include "storage/UpsertStatement.h"
#include "storage/UtcTimestamp.h"

#include <QDateTime>
#include <QDir>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QSqlError>
#include <QSqlQuery>
#include <QTimeZone>
#include <QVariant>

#include <atomic>

using namespace Qt::StringLiterals;

namespace {

Q_LOGGING_CATEGORY(lcCache, "outreach.cache")

std::atomic<quint64> connectionCounter{0};

QString locationText(const QString &path) {
    return QDir::toNativeSeparators(path);
}

QString jsonText(const QJsonArray &array) {
    return QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact));
}

QStringList stringListFromJson(const QString &text) {
    QStringList list;
    const QJsonArray array = QJsonDocument::fromJson(text.toUtf8()).array();
    list.reserve(array.size());
    for (const QJsonValue &value : array)
        list.append(value.toString());
    return list;
}

// Runs a one-row lookup by id and leaves the query on that row. A missing row is not an error;
// a failing query is logged (the caller shows "not in the cache") rather than thrown at the UI.
std::optional<QSqlQuery> selectById(QSqlDatabase db, const QString &sql, const QString &what,
                                    const QString &id) {
    auto prepared = Sql::prepare(db, sql, u"Could not read %1 %2"_s.arg(what, id));
    if (!prepared) {
        qCWarning(lcCache).noquote() << prepared.error().message();
        return std::nullopt;
    }
    QSqlQuery &q = prepared.value();
    q.bindValue(0, id);
    if (!q.exec() || !q.next()) {
        if (q.lastError().isValid())
            qCWarning(lcCache).noquote() << "Could not read" << what << id << q.lastError().text();
        return std::nullopt;
    }
    return std::move(q);
}

// From this many rows on, an upsert into an empty table builds its secondary indexes once at the
// end instead of row by row: sorting 100k keys once is cheaper than 100k b-tree inserts.
constexpr qsizetype DeferIndexesFrom = 1000;

// The CREATE INDEX statements of `table`'s own indexes (not the primary key), when the table is
// empty and worth deferring them for: dropped here, inside the caller's transaction, to be run
// again after the rows are in. A failure rolls the drop back with everything else.
Result<QStringList> dropIndexesIfEmpty(QSqlDatabase db, const QString &table, qsizetype rows,
                                       const QString &what) {
    if (rows < DeferIndexesFrom)
        return QStringList();
    auto empty = Sql::scalar(db, u"SELECT NOT EXISTS (SELECT 1 FROM %1)"_s.arg(table), what);
    if (!empty)
        return empty.error();
    if (!empty.value().toBool())
        return QStringList();
    QSqlQuery q(db);
    q.prepare(u"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
              "AND sql IS NOT NULL"_s);
    q.addBindValue(table);
    if (!q.exec())
        return Sql::error(what, q.lastError());
    QStringList names;
    QStringList ddl;
    while (q.next()) {
        names.append(q.value(0).toString());
        ddl.append(q.value(1).toString());
    }
    q.finish();
    for (const QString &name : std::as_const(names)) {
        if (auto r = Sql::execute(db, u"DROP INDEX \"%1\""_s.arg(name), what); !r)
            return r.error();
    }
    return ddl;
}

// Upserts every item with one prepared statement in one transaction; `bindRow` binds an item's
// columns in the statement's order.
template <typename Item, typename BindRow>
Result<void> upsertEach(CacheStore &cache, const UpsertStatement &statement,
                        const QList<Item> &items, const QString &plural, const QString &singular,
                        BindRow bindRow) {
    QSqlDatabase db = cache.database();
    const QString what =
        u"Could not store %1 in the local cache %2"_s.arg(plural, locationText(cache.path()));
    return cache.inBulkTransaction([&]() -> Result<void> {
        const Result<QStringList> deferred =
            dropIndexesIfEmpty(db, statement.table(), items.size(), what);
        if (!deferred)
            return deferred.error();
        auto prepared = Sql::prepare(db, statement.sql(), what);
        if (!prepared)
            return prepared.error();
        QSqlQuery &q = prepared.value();
        RowBinder bind(q, statement.placeholders());
        for (const Item &item : items) {
            bindRow(bind, item);
            if (!bind.exec())
                return Sql::error(what + u" (%1 %2)"_s.arg(singular, item.id), q.lastError());
        }
        q.finish();
        // The very statements the schema created them with, so sqlite_master reads the same.
        for (const QString &ddl : deferred.value()) {
            if (auto r = Sql::execute(db, ddl, what); !r)
                return r;
        }
        return {};
    });
}

Ticket ticketFromQuery(const QSqlQuery &q) {
    Ticket ticket;
    ticket.id = q.value(0).toString();
    ticket.title = q.value(1).toString();
    ticket.description = q.value(2).toString();
    ticket.status = TicketCodes::status(q.value(3).toInt());
    ticket.category = q.value(4).toString();
    ticket.priority = TicketCodes::priority(q.value(5).toInt());
    if (!q.value(6).isNull())
        ticket.assignee = Ticket::Assignee{q.value(6).toString(), q.value(7).toString()};
    ticket.projectId = q.value(8).toString();
    ticket.prospectId = q.value(9).toString();
    ticket.createdAt = UtcTimestamp::parse(q.value(10).toString());
    ticket.updatedAt = UtcTimestamp::parse(q.value(11).toString());
    return ticket;
}

Interaction interactionFromQuery(const QSqlQuery &q) {
    Interaction interaction;
    interaction.id = q.value(0).toString();
    interaction.ticketId = q.value(1).toString();
    interaction.type =
        Interaction::typeFromName(q.value(2).toString()).value_or(Interaction::Type::Note);
    interaction.direction = Interaction::directionFromName(q.value(3).toString())
                                .value_or(Interaction::Direction::Internal);
    interaction.occurredAt = UtcTimestamp::parse(q.value(4).toString());
    interaction.author = q.value(5).toString();
    interaction.subject = q.value(6).toString();
    interaction.content = q.value(7).toString();
    return interaction;
}

int countRows(QSqlDatabase db, const QString &table) {
    auto count = Sql::scalar(db, u"SELECT count(*) FROM "_s + table, u"Could not count "_s + table);
    if (!count) {
        qCWarning(lcCache).noquote() << count.error().message();
        return -1;
    }
    return count.value().toInt();
}

} // namespace

CacheStore::CacheStore(QString connectionName, QString path)
    : m_connectionName(std::move(connectionName))
    , m_path(std::move(path)) {}

CacheStore::~CacheStore() {
    {
        // The handle must be gone before removeDatabase, or Qt warns the connection is in use.
        QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
        if (db.isOpen())
            db.close();
    }
    QSqlDatabase::removeDatabase(m_connectionName);
}

QSqlDatabase CacheStore::database() const {
    return QSqlDatabase::database(m_connectionName, false);
}

Result<std::unique_ptr<CacheStore>> CacheStore::open(const QString &path) {
    if (!QSqlDatabase::isDriverAvailable(u"QSQLITE"_s)) {
        return OutreachError(OutreachError::Code::Storage,
                             u"The Qt SQLite driver is not installed (on Debian and Ubuntu: "
                             "libqt6sql6-sqlite), so the local cache cannot be opened."_s);
    }
    const QString name = u"outreach-cache-%1"_s.arg(connectionCounter.fetch_add(1) + 1);
    std::unique_ptr<CacheStore> store(new CacheStore(name, path));
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        db.setDatabaseName(path);
    }

    Result<QString> recoveredFrom = CacheFile::open(store->database(), path);
    if (!recoveredFrom)
        return recoveredFrom.error();
    store->m_recoveredFrom = recoveredFrom.value();
    return store;
}

Result<void> CacheStore::inTransaction(const std::function<Result<void>()> &work) {
    // A savepoint opens a transaction when none is active and nests inside one otherwise, so an
    // upsert called from inside another inTransaction() joins the outer, all-or-nothing write.
    QSqlDatabase db = database();
    const QString what = u"Could not write to the local cache %1"_s.arg(locationText(m_path));
    if (auto r = Sql::execute(db, u"SAVEPOINT outreach"_s, what); !r)
        return r;
    // A 32 MiB page cache keeps the id index of 100k tickets in memory during a bulk upsert;
    // giving it back afterwards keeps the idle app small (SQLite frees pages when it shrinks).
    const bool outermost = m_transactionDepth++ == 0;
    if (outermost)
        QSqlQuery(db).exec(u"PRAGMA cache_size = -32768"_s);
    Result<void> result = work();
    if (result)
        result = Sql::execute(db, u"RELEASE outreach"_s, what);
    if (!result) {
        // Errors are ignored here on purpose: SQLite may already have rolled back (disk full),
        // and the error worth reporting is the one that got us here.
        QSqlQuery undo(db);
        undo.exec(u"ROLLBACK TO outreach"_s);
        undo.exec(u"RELEASE outreach"_s);
    }
    if (--m_transactionDepth == 0)
        QSqlQuery(db).exec(u"PRAGMA cache_size = -2000"_s);
    return result;
}

Result<void> CacheStore::inBulkTransaction(const std::function<Result<void>()> &work) {
    // PRAGMA synchronous only takes effect outside a transaction, so a nested call joins the
    // outer one with whatever that one chose.
    if (m_transactionDepth > 0)
        return inTransaction(work);
    QSqlDatabase db = database();
    QSqlQuery pragma(db);
    // 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA. If it cannot be read, nothing is relaxed.
    const int synchronous =
        pragma.exec(u"PRAGMA synchronous"_s) && pragma.next() ? pragma.value(0).toInt() : 1;
    pragma.finish();
    const bool relax = synchronous > 1;
    if (relax)
        pragma.exec(u"PRAGMA synchronous = NORMAL"_s);
    Result<void> result = inTransaction(work);
    if (relax)
        pragma.exec(u"PRAGMA synchronous = %1"_s.arg(synchronous));
    return result;
}

int CacheStore::schemaVersion() const {
    return CacheSchema::versionOf(database());
}

Result<void> CacheStore::upsertTickets(const QList<Ticket> &tickets) {
    static const UpsertStatement statement(
        "tickets", {"id", "title", "description", "status", "category", "priority", "assignee_name",
                    "assignee_email", "project_id", "prospect_id", "created_at", "updated_at",
                    "updated_at_ms", "title_key", "search_key"});
    return upsertEach(
        *this, statement, tickets, u"tickets"_s, u"ticket"_s, [](RowBinder &bind, const Ticket &t) {
            // Folding leaves ASCII as it is, so fold(title + ' ' + description) is the folded
            // title, a space and the folded description: the title is folded once.
            const QByteArray titleKey = Sql::bytes(TextFolding::fold(t.title));
            const QByteArray searchKey = titleKey + ' ' + TextFolding::fold(t.description);
            bind << t.id << Sql::text(t.title) << Sql::textOrNull(t.description)
                 << TicketCodes::ofStatus(t.status) << Sql::textOrNull(t.category)
                 << TicketCodes::ofPriority(t.priority);
            if (t.assignee)
                bind << Sql::text(t.assignee->name) << Sql::textOrNull(t.assignee->email);
            else
                bind << QVariant() << QVariant();
            bind << Sql::text(t.projectId) << Sql::text(t.prospectId)
                 << UtcTimestamp::text(t.createdAt) << UtcTimestamp::text(t.updatedAt)
                 << (t.updatedAt.isValid() ? t.updatedAt.toMSecsSinceEpoch() : qint64(0))
                 << titleKey << searchKey;
        });
}

Result<void> CacheStore::upsertProjects(const QList<Project> &projects) {
    static const UpsertStatement statement("projects",
                                           {"id", "name", "description", "stage", "value_amount",
                                            "value_currency", "products", "key_dates"});
    return upsertEach(*this, statement, projects, u"projects"_s, u"project"_s,
                      [](RowBinder &bind, const Project &p) {
                          QJsonObject keyDates;
                          for (auto it = p.keyDates.cbegin(); it != p.keyDates.cend(); ++it)
                              keyDates.insert(it.key(), it.value());
                          bind << p.id << Sql::text(p.name) << Sql::textOrNull(p.description)
                               << Sql::textOrNull(p.stage)
                               << (p.value ? QVariant(p.value->amount) : QVariant())
                               << (p.value ? QVariant(Sql::text(p.value->currency)) : QVariant())
                               << jsonText(QJsonArray::fromStringList(p.products))
                               << JsonReader::compactText(keyDates);
                      });
}

Result<void> CacheStore::upsertProspects(const QList<ProspectHistory> &prospects) {
    static const UpsertStatement statement("prospects", {"id", "name", "title", "company", "email",
                                                         "timezone", "locale", "do_not_contact",
                                                         "channel", "tone", "best_time", "topics",
                                                         "avoid", "notes", "prospect_key"});
    static const UpsertStatement outcomeStatement(
        "prospect_outcomes",
        {"prospect_id", "position", "message_id", "sent_at", "replied", "meeting_booked"},
        "prospect_id, position");
    static const QStringList clearPlaceholders = {u":prospect_id"_s};
    QSqlDatabase db = database();
    const QString what =
        u"Could not store prospects in the local cache %1"_s.arg(locationText(m_path));
    return inBulkTransaction([&]() -> Result<void> {
        auto upsert = Sql::prepare(db, statement.sql(), what);
        if (!upsert)
            return upsert.error();
        // The CRM sends the whole outcome list every time, so it replaces what was cached.
        auto clearOutcomes = Sql::prepare(
            db, u"DELETE FROM prospect_outcomes WHERE prospect_id = :prospect_id"_s, what);
        if (!clearOutcomes)
            return clearOutcomes.error();
        auto addOutcome = Sql::prepare(db, outcomeStatement.sql(), what);
        if (!addOutcome)
            return addOutcome.error();
        RowBinder bind(upsert.value(), statement.placeholders());
        RowBinder clear(clearOutcomes.value(), clearPlaceholders);
        RowBinder add(addOutcome.value(), outcomeStatement.placeholders());

        for (const ProspectHistory &h : prospects) {
            const ProspectHistory::Prospect &p = h.prospect;
            const QString failedFor = what + u" (prospect %1)"_s.arg(p.id);
            bind << p.id << Sql::text(p.name) << Sql::textOrNull(p.title)
                 << Sql::textOrNull(p.company) << Sql::textOrNull(p.email)
                 << Sql::textOrNull(p.timezone) << Sql::textOrNull(p.locale)
                 << (p.doNotContact ? 1 : 0) << Sql::textOrNull(h.preferences.channel)
                 << Sql::textOrNull(h.preferences.tone) << Sql::textOrNull(h.preferences.bestTime)
                 << jsonText(QJsonArray::fromStringList(h.preferences.topics))
                 << jsonText(QJsonArray::fromStringList(h.preferences.avoid))
                 << Sql::textOrNull(h.notes)
                 << Sql::bytes(TextFolding::fold(QString(p.name + u' ' + p.company)));
            if (!bind.exec())
                return Sql::error(failedFor, upsert->lastError());
            clear << p.id;
            if (!clear.exec())
                return Sql::error(failedFor, clearOutcomes->lastError());
            for (qsizetype i = 0; i < h.pastOutcomes.size(); ++i) {
                const ProspectHistory::PastOutcome &o = h.pastOutcomes.at(i);
                add << p.id << qint64(i) << Sql::text(o.messageId) << UtcTimestamp::text(o.sentAt)
                    << (o.replied ? 1 : 0) << (o.meetingBooked ? 1 : 0);
                if (!add.exec())
                    return Sql::error(failedFor, addOutcome->lastError());
            }
        }
        return {};
    });
}

Result<void> CacheStore::upsertInteractions(const QList<Interaction> &interactions) {
    static const UpsertStatement statement(
        "interactions",
        {"id", "ticket_id", "type", "direction", "occurred_at", "author", "subject", "content"});
    return upsertEach(*this, statement, interactions, u"interactions"_s, u"interaction"_s,
                      [](RowBinder &bind, const Interaction &i) {
                          bind << i.id << Sql::text(i.ticketId) << Interaction::typeName(i.type)
                               << Interaction::directionName(i.direction)
                               << UtcTimestamp::text(i.occurredAt) << Sql::textOrNull(i.author)
                               << Sql::textOrNull(i.subject) << Sql::text(i.content);
                      });
}

std::optional<Ticket> CacheStore::ticket(const QString &id) const {
    QSqlDatabase db = database();
    auto found = selectById(db, uR"sql(
        SELECT id, title, description, status, category, priority, assignee_name,
               assignee_email, project_id, prospect_id, created_at, updated_at
        FROM tickets WHERE id = ?)sql"_s,
                            u"ticket"_s, id);
    if (!found)
        return std::nullopt;
    QSqlQuery &q = *found;
    return ticketFromQuery(q);
}

std::optional<Project> CacheStore::project(const QString &id) const {
    QSqlDatabase db = database();
    auto found = selectById(db, uR"sql(
        SELECT id, name, description, stage, value_amount, value_currency, products, key_dates
        FROM projects WHERE id = ?)sql"_s,
                            u"project"_s, id);
    if (!found)
        return std::nullopt;
    QSqlQuery &q = *found;
    Project project;
    project.id = q.value(0).toString();
    project.name = q.value(1).toString();
    project.description = q.value(2).toString();
    project.stage = q.value(3).toString();
    if (!q.value(4).isNull())
        project.value = Project::Value{q.value(4).toDouble(), q.value(5).toString()};
    project.products = stringListFromJson(q.value(6).toString());
    const QJsonObject keyDates = JsonReader::objectFromText(q.value(7).toString());
    for (auto it = keyDates.constBegin(); it != keyDates.constEnd(); ++it)
        project.keyDates.insert(it.key(), it.value().toString());
    return project;
}

std::optional<ProspectHistory> CacheStore::prospect(const QString &id) const {
    QSqlDatabase db = database();
    auto found = selectById(db, uR"sql(
        SELECT id, name, title, company, email, timezone, locale, do_not_contact, channel, tone,
               best_time, topics, avoid, notes
        FROM prospects WHERE id = ?)sql"_s,
                            u"prospect"_s, id);
    if (!found)
        return std::nullopt;
    QSqlQuery &q = *found;
    ProspectHistory history;
    ProspectHistory::Prospect &p = history.prospect;
    p.id = q.value(0).toString();
    p.name = q.value(1).toString();
    p.title = q.value(2).toString();
    p.company = q.value(3).toString();
    p.email = q.value(4).toString();
    p.timezone = q.value(5).toString();
    p.locale = q.value(6).toString();
    p.doNotContact = q.value(7).toInt() != 0;
    history.preferences.channel = q.value(8).toString();
    history.preferences.tone = q.value(9).toString();
    history.preferences.bestTime = q.value(10).toString();
    history.preferences.topics = stringListFromJson(q.value(11).toString());
    history.preferences.avoid = stringListFromJson(q.value(12).toString());
    history.notes = q.value(13).toString();
    q.finish();

    auto outcomes = Sql::prepare(db, uR"sql(
        SELECT message_id, sent_at, replied, meeting_booked FROM prospect_outcomes
        WHERE prospect_id = ? ORDER BY position)sql"_s,
                                 {});
    if (!outcomes) {
        qCWarning(lcCache).noquote()
            << "Could not read outcomes of prospect" << id << outcomes.error().message();
        return std::nullopt;
    }
    QSqlQuery &o = outcomes.value();
    o.bindValue(0, id);
    if (!o.exec()) {
        qCWarning(lcCache).noquote()
            << "Could not read outcomes of prospect" << id << o.lastError().text();
        return std::nullopt;
    }
    while (o.next()) {
        history.pastOutcomes.append({o.value(0).toString(),
                                     UtcTimestamp::parse(o.value(1).toString()),
                                     o.value(2).toInt() != 0, o.value(3).toInt() != 0});
    }
    if (o.lastError().isValid()) {
        qCWarning(lcCache).noquote()
            << "Could not read outcomes of prospect" << id << o.lastError().text();
        return std::nullopt;
    }
    return history;
}

QList<Interaction> CacheStore::interactions(const QString &ticketId, int limit) const {
    return interactionPage(ticketId, std::nullopt, limit);
}

QList<Interaction> CacheStore::interactionPage(const QString &ticketId,
                                               const std::optional<InteractionCursor> &after,
                                               int limit) const {
    QList<Interaction> result;
    // The `occurred_at <= ?` bound is what lets SQLite seek in interactions_by_ticket; the OR
    // then drops the cursor's own entry and those with its time that came before it.
    const QString sql = after ? uR"sql(
        SELECT id, ticket_id, type, direction, occurred_at, author, subject, content
        FROM interactions WHERE ticket_id = ? AND occurred_at <= ? AND (occurred_at < ? OR id < ?)
        ORDER BY occurred_at DESC, id DESC LIMIT ?)sql"_s
                              : uR"sql(
        SELECT id, ticket_id, type, direction, occurred_at, author, subject, content
        FROM interactions WHERE ticket_id = ?
        ORDER BY occurred_at DESC, id DESC LIMIT ?)sql"_s;
    auto prepared = Sql::prepare(database(), sql, {});
    if (!prepared) {
        qCWarning(lcCache).noquote()
            << "Could not read interactions of" << ticketId << prepared.error().message();
        return result;
    }
    QSqlQuery &q = prepared.value();
    int column = 0;
    q.bindValue(column++, ticketId);
    if (after) {
        const QString at = UtcTimestamp::text(after->occurredAt);
        q.bindValue(column++, at);
        q.bindValue(column++, at);
        q.bindValue(column++, after->id);
    }
    q.bindValue(column, qint64(limit < 0 ? -1 : limit)); // SQLite: a negative LIMIT is none
    if (!q.exec()) {
        qCWarning(lcCache).noquote()
            << "Could not read interactions of" << ticketId << q.lastError().text();
        return result;
    }
    while (q.next())
        result.append(interactionFromQuery(q));
    if (q.lastError().isValid()) {
        qCWarning(lcCache).noquote()
            << "Could not read interactions of" << ticketId << q.lastError().text();
    }
    return result;
}

int CacheStore::interactionCount(const QString &ticketId) const {
    auto prepared =
        Sql::prepare(database(), u"SELECT count(*) FROM interactions WHERE ticket_id = ?"_s, {});
    if (!prepared)
        return -1;
    QSqlQuery &q = prepared.value();
    q.bindValue(0, ticketId);
    if (!q.exec() || !q.next()) {
        qCWarning(lcCache).noquote()
            << "Could not count interactions of" << ticketId << q.lastError().text();
        return -1;
    }
    return q.value(0).toInt();
}

int CacheStore::ticketCount() const {
    return countRows(database(), u"tickets"_s);
}

int CacheStore::projectCount() const {
    return countRows(database(), u"projects"_s);
}

int CacheStore::prospectCount() const {
    return countRows(database(), u"prospects"_s);
}

int CacheStore::interactionCount() const {
    return countRows(database(), u"interactions"_s);
}

Result<void> CacheStore::forEachTicketRow(const std::function<void(TicketRow &&)> &callback,
                                          int newest) const {
    QSqlDatabase db = database();
    const QString what =
        u"Could not read the ticket list from the local cache %1"_s.arg(locationText(m_path));
    // Both queries read one snapshot, even while another connection writes.
    ReadSnapshot snapshot(db);
    if (!snapshot.ok())
        return Sql::error(what, snapshot.error());

    // Prospects are joined here rather than with a LEFT JOIN: a few thousand of them against
    // 100k tickets, so all tickets of a prospect share one copy of its name, company and key
    // (less memory in the ticket list), and the scan below fetches three columns fewer, which
    // measured about 30% fewer instructions through Qt's SQLite driver.
    struct ProspectColumns {
        QString name;
        QString company;
        QByteArray key;
    };
    QHash<QString, ProspectColumns> prospects;
    QSqlQuery p(db);
    p.setForwardOnly(true);
    if (!p.exec(u"SELECT id, name, company, prospect_key FROM prospects"_s))
        return Sql::error(what, p.lastError());
    while (p.next()) {
        prospects.insert(p.value(0).toString(),
                         {p.value(1).toString(), p.value(2).toString(), p.value(3).toByteArray()});
    }
    if (p.lastError().isValid())
        return Sql::error(what, p.lastError());
    p.finish();

    QSqlQuery q(db);
    q.setForwardOnly(true);
    QString sql = uR"sql(
            SELECT id, title, status, priority, category, prospect_id, assignee_name,
                   updated_at_ms, title_key, search_key
            FROM tickets)sql"_s;
    if (newest > 0)
        sql += u" ORDER BY updated_at_ms DESC LIMIT %1"_s.arg(newest);
    if (!q.exec(sql)) {
        return Sql::error(what, q.lastError());
    }
    const ProspectColumns unknownProspect;
    while (q.next()) {
        TicketRow row;
        row.id = q.value(0).toString();
        row.title = q.value(1).toString();
        row.status = TicketCodes::statusName(int(q.value(2).toLongLong()));
        row.priority = TicketCodes::priorityName(int(q.value(3).toLongLong()));
        row.category = q.value(4).toString();
        row.prospectId = q.value(5).toString();
        const auto found = prospects.constFind(row.prospectId);
        const ProspectColumns &prospect = found != prospects.constEnd() ? *found : unknownProspect;
        row.prospectName = prospect.name;
        row.company = prospect.company;
        row.prospectKey = prospect.key;
        row.assignee = q.value(6).toString();
        row.updatedAtMs = q.value(7).toLongLong();
        row.titleKey = q.value(8).toByteArray();
        row.searchKey = q.value(9).toByteArray();
        callback(std::move(row));
    }
    // next() returns false both at the end and on a read error (a damaged page mid-scan).
    if (q.lastError().isValid())
        return Sql::error(what, q.lastError());
    q.finish();
    // The scan filled this connection's page cache (up to 2 MiB) with pages the list now holds
    // in its own form; the next query reads them from the OS's file cache just as fast.
    QSqlQuery(db).exec(u"PRAGMA shrink_memory"_s);
    return {};
}

Result<void> CacheStore::markFetched(const QString &entity, const QStringList &ids,
                                     const QDateTime &at) {
    return inTransaction([&]() -> Result<void> {
        QSqlDatabase db = database();
        Result<QSqlQuery> query = Sql::prepare(
            db,
            u"INSERT INTO fetch_times (entity, id, fetched_at_ms) VALUES (?, ?, ?) "
            "ON CONFLICT (entity, id) DO UPDATE SET fetched_at_ms = excluded.fetched_at_ms"_s,
            u"Could not record a fetch time in the local cache"_s);
        if (!query)
            return query.error();
        for (const QString &id : ids) {
            query->bindValue(0, entity);
            query->bindValue(1, id);
            query->bindValue(2, at.toMSecsSinceEpoch());
            if (!query->exec())
                return Sql::error(u"Could not record a fetch time in the local cache"_s,
                                  query->lastError());
        }
        return {};
    });
}

std::optional<QDateTime> CacheStore::fetchedAt(const QString &entity, const QString &id) const {
    QSqlQuery query(database());
    query.prepare(u"SELECT fetched_at_ms FROM fetch_times WHERE entity = ? AND id = ?"_s);
    query.addBindValue(entity);
    query.addBindValue(id);
    if (!query.exec() || !query.next())
        return std::nullopt;
    return QDateTime::fromMSecsSinceEpoch(query.value(0).toLongLong(), QTimeZone::utc());
}

QString CacheStore::meta(const QString &key, const QString &fallback) const {
    QSqlDatabase db = database();
    auto prepared = Sql::prepare(db, u"SELECT value FROM meta WHERE key = ?"_s, {});
    if (!prepared) {
        qCWarning(lcCache).noquote() << "Could not read" << key << prepared.error().message();
        return fallback;
    }
    QSqlQuery &q = prepared.value();
    q.bindValue(0, key);
    if (!q.exec() || !q.next()) {
        if (q.lastError().isValid())
            qCWarning(lcCache).noquote() << "Could not read" << key << q.lastError().text();
        return fallback;
    }
    return q.value(0).toString();
}

Result<void> CacheStore::removeMeta(const QString &key) {
    const QString what =
        u"Could not remove %1 from the local cache %2"_s.arg(key, locationText(m_path));
    auto prepared = Sql::prepare(database(), u"DELETE FROM meta WHERE key = ?"_s, what);
    if (!prepared)
        return prepared.error();
    QSqlQuery &q = prepared.value();
    q.bindValue(0, key);
    if (!q.exec())
        return Sql::error(what, q.lastError());
    return {};
}

Result<void> CacheStore::clearCrmMirror() {
    const QString what =
        u"Could not clear the CRM's data from the local cache %1"_s.arg(locationText(m_path));
    QSqlQuery query(database());
    for (const char *table :
         {"tickets", "projects", "prospect_outcomes", "prospects", "interactions", "fetch_times"}) {
        if (!query.exec(u"DELETE FROM %1"_s.arg(QLatin1StringView(table))))
            return Sql::error(what, query.lastError());
    }
    return {};
}

Result<void> CacheStore::setMeta(const QString &key, const QString &value) {
    QSqlDatabase db = database();
    const QString what =
        u"Could not store %1 in the local cache %2"_s.arg(key, locationText(m_path));
    auto prepared = Sql::prepare(db,
                                 u"INSERT INTO meta (key, value) VALUES (?, ?) "
                                 "ON CONFLICT(key) DO UPDATE SET value = excluded.value"_s,
                                 what);
    if (!prepared)
        return prepared.error();
    QSqlQuery &q = prepared.value();
    q.bindValue(0, key);
    q.bindValue(1, value);
    if (!q.exec())
        return Sql::error(what, q.lastError());
    return {};
}
