// SPDX-License-Identifier: GPL-3.0-or-later
// CacheStore against a real SQLite file per test: migrations, round trips, upsert semantics,
// the joined ticket list, and what happens to files it must not or cannot use.

#include "domain/TextFolding.h"
#include "storage/CacheStore.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

QDateTime utc(const QString &iso) {
    return QDateTime::fromString(iso, Qt::ISODateWithMs).toUTC();
}

Ticket makeTicket(const QString &id, const QString &prospectId = u"C-1"_s) {
    Ticket t;
    t.id = id;
    t.title = u"Pricing question for %1"_s.arg(id);
    t.description = u"Asked whether the add-on is billed per seat."_s;
    t.status = Ticket::Status::Pending;
    t.category = u"upsell"_s;
    t.priority = Ticket::Priority::High;
    t.assignee = Ticket::Assignee{u"Dana Ruiz"_s, u"dana@example.com"_s};
    t.projectId = u"P-1"_s;
    t.prospectId = prospectId;
    t.createdAt = utc(u"2026-11-20T14:03:00Z"_s);
    t.updatedAt = utc(u"2026-11-21T09:15:30.250Z"_s);
    return t;
}

Project makeProject(const QString &id) {
    Project p;
    p.id = id;
    p.name = u"Łódź analytics rollout"_s;
    p.description = u"Rollout for 3 sites 🚀"_s;
    p.stage = u"evaluation"_s;
    p.value = Project::Value{48000.5, u"EUR"_s};
    p.products = {u"Analytics Pro"_s, u"SSO add-on"_s};
    p.keyDates = {{u"renewal"_s, u"2027-03-01"_s}, {u"kickoff"_s, u"2026-12-01"_s}};
    return p;
}

ProspectHistory makeProspect(const QString &id, int outcomes = 2) {
    ProspectHistory h;
    h.prospect.id = id;
    h.prospect.name = u"Zoë Müller"_s;
    h.prospect.title = u"Head of Data"_s;
    h.prospect.company = u"Ångström GmbH"_s;
    h.prospect.email = u"zoe@angstrom.example"_s;
    h.prospect.timezone = u"Europe/Berlin"_s;
    h.prospect.locale = u"de-DE"_s;
    h.prospect.doNotContact = true;
    h.preferences.channel = u"email"_s;
    h.preferences.tone = u"concise"_s;
    h.preferences.bestTime = u"mornings"_s;
    h.preferences.topics = {u"data governance"_s, u"Datenschutz ✓"_s};
    h.preferences.avoid = {u"discount talk"_s};
    for (int i = 0; i < outcomes; ++i) {
        h.pastOutcomes.append(
            {u"M-%1"_s.arg(i), utc(u"2026-10-0%1T08:00:00Z"_s.arg(i + 1)), i % 2 == 0, i % 2 == 1});
    }
    h.notes = u"Prefers bullet points. 😀"_s;
    return h;
}

Interaction makeInteraction(const QString &id, const QString &ticketId, const QString &when) {
    Interaction i;
    i.id = id;
    i.ticketId = ticketId;
    i.type = Interaction::Type::Email;
    i.direction = Interaction::Direction::Inbound;
    i.occurredAt = utc(when);
    i.author = u"Zoë Müller"_s;
    i.subject = u"Re: pricing"_s;
    i.content = u"Grüße aus Łódź 👋"_s;
    return i;
}

QByteArray readBytes(const QString &path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

void writeBytes(const QString &path, const QByteArray &bytes) {
    QFile file(path);
    QVERIFY2(file.open(QIODevice::WriteOnly | QIODevice::Truncate), qPrintable(path));
    QCOMPARE(file.write(bytes), bytes.size());
}

QVariant scalar(const CacheStore &store, const QString &sql) {
    QSqlQuery q(store.database());
    if (!q.exec(sql) || !q.next())
        return {};
    return q.value(0);
}

// Every row of `table` as text, sorted, to compare whole tables between two states.
QStringList dumpTable(const CacheStore &store, const QString &table) {
    QStringList rows;
    QSqlQuery q(store.database());
    if (!q.exec(u"SELECT * FROM "_s + table))
        return {u"error: "_s + q.lastError().text()};
    while (q.next()) {
        QStringList cells;
        for (int c = 0; c < q.record().count(); ++c) {
            const QVariant v = q.value(c);
            cells.append(v.isNull() ? u"NULL"_s
                                    : (v.typeId() == QMetaType::QByteArray
                                           ? QString::fromLatin1(v.toByteArray().toHex())
                                           : v.toString()));
        }
        rows.append(cells.join(u'|'));
    }
    rows.sort();
    return rows;
}

// What schema-1 builds of OutreachGPT created (services/CacheStore.cpp, migrationTo1), frozen.
constexpr const char *schema1[] = {
    R"sql(CREATE TABLE tickets (
        id             TEXT PRIMARY KEY NOT NULL,
        title          TEXT NOT NULL,
        description    TEXT,
        status         INTEGER NOT NULL, -- 0 open, 1 pending, 2 won, 3 lost, 4 closed
        category       TEXT,
        priority       INTEGER NOT NULL, -- 0 low, 1 normal, 2 high, 3 urgent
        assignee_name  TEXT,           -- NULL: no assignee
        assignee_email TEXT,
        project_id     TEXT NOT NULL,  -- no foreign keys: the CRM delivers entities in any order
        prospect_id    TEXT NOT NULL,
        created_at     TEXT NOT NULL,  -- ISO 8601 UTC with milliseconds
        updated_at     TEXT NOT NULL,
        updated_at_ms  INTEGER NOT NULL,
        title_key      BLOB NOT NULL,  -- TextFolding::fold(title)
        search_key     BLOB NOT NULL   -- TextFolding::fold(title + ' ' + description)
    ))sql",
    // Lets the window paint the newest tickets before the whole list has been read.
    R"sql(CREATE INDEX tickets_by_updated ON tickets (updated_at_ms DESC))sql",
    R"sql(CREATE TABLE projects (
        id             TEXT PRIMARY KEY NOT NULL,
        name           TEXT NOT NULL,
        description    TEXT,
        stage          TEXT,
        value_amount   REAL,           -- value_*: NULL when the CRM gave no value
        value_currency TEXT,
        products       TEXT NOT NULL,  -- JSON array of strings
        key_dates      TEXT NOT NULL   -- JSON object, name -> date as the CRM wrote it
    ))sql",
    R"sql(CREATE TABLE prospects (
        id             TEXT PRIMARY KEY NOT NULL,
        name           TEXT NOT NULL,
        title          TEXT,
        company        TEXT,
        email          TEXT,
        timezone       TEXT,
        locale         TEXT,
        do_not_contact INTEGER NOT NULL,
        channel        TEXT,           -- channel .. avoid: the prospect's preferences
        tone           TEXT,
        best_time      TEXT,
        topics         TEXT NOT NULL,  -- JSON array of strings
        avoid          TEXT NOT NULL,  -- JSON array of strings
        notes          TEXT,
        prospect_key   BLOB NOT NULL   -- TextFolding::fold(name + ' ' + company)
    ))sql",
    R"sql(CREATE TABLE prospect_outcomes (
        prospect_id    TEXT NOT NULL REFERENCES prospects(id) ON DELETE CASCADE,
        position       INTEGER NOT NULL,  -- keeps the CRM's order
        message_id     TEXT NOT NULL,
        sent_at        TEXT NOT NULL,
        replied        INTEGER NOT NULL,
        meeting_booked INTEGER NOT NULL,
        PRIMARY KEY (prospect_id, position)
    ) WITHOUT ROWID)sql",
    R"sql(CREATE TABLE interactions (
        id          TEXT PRIMARY KEY NOT NULL,
        ticket_id   TEXT NOT NULL,
        type        TEXT NOT NULL,   -- wire name, "outreach_message"
        direction   TEXT NOT NULL,   -- wire name, "inbound"
        occurred_at TEXT NOT NULL,   -- fixed-width ISO 8601 UTC, so text order is time order
        author      TEXT,
        subject     TEXT,
        content     TEXT NOT NULL
    ))sql",
    "CREATE INDEX interactions_by_ticket ON interactions(ticket_id, occurred_at DESC)",
    "CREATE TABLE meta (key TEXT PRIMARY KEY NOT NULL, value TEXT)",
};

void expectMoveAside() {
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"^Moving an unreadable cache aside"_s));
}

std::unique_ptr<CacheStore> openOrFail(const QString &path) {
    auto opened = CacheStore::open(path);
    if (!opened) {
        qWarning().noquote() << opened.error().toString();
        return nullptr;
    }
    return std::move(opened).value();
}

} // namespace

class TestCacheStore : public QObject {
    Q_OBJECT

private:
    QString dbPath() const { return m_dir->filePath(u"cache.sqlite"_s); }

    std::unique_ptr<QTemporaryDir> m_dir;

private slots:
    void init() {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
    }

    void cleanup() { m_dir.reset(); }

    void migratesAnEmptyFile() {
        auto store = openOrFail(dbPath());
        QVERIFY(store);
        QCOMPARE(store->schemaVersion(), CacheStore::SchemaVersion);
        QCOMPARE(scalar(*store, u"PRAGMA user_version"_s).toInt(), CacheStore::SchemaVersion);
        QCOMPARE(scalar(*store, u"PRAGMA journal_mode"_s).toString(), u"wal"_s);
        QCOMPARE(scalar(*store, u"PRAGMA foreign_keys"_s).toInt(), 1);
        QCOMPARE(scalar(*store, u"PRAGMA synchronous"_s).toInt(), 2); // FULL
        QVERIFY(scalar(*store, u"PRAGMA busy_timeout"_s).toInt() > 0);
        QVERIFY(store->recoveredFrom().isEmpty());

        QStringList tables;
        QSqlQuery q(store->database());
        QVERIFY(q.exec(u"SELECT name FROM sqlite_master WHERE type = 'table'"_s));
        while (q.next())
            tables.append(q.value(0).toString());
        for (const QString &table : {u"tickets"_s, u"projects"_s, u"prospects"_s,
                                     u"prospect_outcomes"_s, u"interactions"_s, u"meta"_s}) {
            QVERIFY2(tables.contains(table), qPrintable(table));
        }
        QCOMPARE(store->ticketCount(), 0);
        QCOMPARE(store->projectCount(), 0);
        QCOMPARE(store->prospectCount(), 0);
        QCOMPARE(store->interactionCount(), 0);
    }

    void roundTripsEveryEntity() {
        auto store = openOrFail(dbPath());
        QVERIFY(store);

        Ticket full = makeTicket(u"T-1"_s);
        full.title = u"Zoë asks about Łódź pricing 🚀"_s;
        Ticket sparse = makeTicket(u"T-2"_s);
        sparse.description.clear();
        sparse.category.clear();
        sparse.assignee.reset();
        sparse.status = Ticket::Status::Won;
        sparse.priority = Ticket::Priority::Urgent;
        Project valued = makeProject(u"P-1"_s);
        Project bare;
        bare.id = u"P-2"_s;
        bare.name = u"Bare"_s;
        ProspectHistory prospect = makeProspect(u"C-1"_s);
        ProspectHistory minimal;
        minimal.prospect.id = u"C-2"_s;
        minimal.prospect.name = u"Lee Park"_s;
        Interaction mail = makeInteraction(u"I-1"_s, u"T-1"_s, u"2026-11-20T14:03:00.123Z"_s);
        Interaction note = makeInteraction(u"I-2"_s, u"T-1"_s, u"2026-11-21T08:00:00Z"_s);
        note.type = Interaction::Type::OutreachMessage;
        note.direction = Interaction::Direction::Outbound;
        note.subject.clear();
        note.author.clear();

        QVERIFY(store->upsertTickets({full, sparse}));
        QVERIFY(store->upsertProjects({valued, bare}));
        QVERIFY(store->upsertProspects({prospect, minimal}));
        QVERIFY(store->upsertInteractions({mail, note}));

        QCOMPARE(store->ticket(u"T-1"_s), full);
        QCOMPARE(store->ticket(u"T-2"_s), sparse);
        QVERIFY(!store->ticket(u"T-2"_s)->assignee.has_value());
        QCOMPARE(store->project(u"P-1"_s), valued);
        QCOMPARE(store->project(u"P-2"_s), bare);
        QVERIFY(!store->project(u"P-2"_s)->value.has_value());
        QCOMPARE(store->prospect(u"C-1"_s), prospect);
        QCOMPARE(store->prospect(u"C-2"_s), minimal);
        QCOMPARE(store->interactions(u"T-1"_s), (QList<Interaction>{note, mail}));
        QCOMPARE(store->ticket(u"T-1"_s)->updatedAt.toMSecsSinceEpoch(),
                 full.updatedAt.toMSecsSinceEpoch());

        QVERIFY(!store->ticket(u"T-404"_s));
        QVERIFY(!store->project(u"P-404"_s));
        QVERIFY(!store->prospect(u"C-404"_s));
        QVERIFY(store->interactions(u"T-404"_s).isEmpty());
    }

    void ticketsArriveBeforeTheirProjectAndProspect() {
        auto store = openOrFail(dbPath());
        QVERIFY(store);
        Ticket orphan = makeTicket(u"T-1"_s, u"C-later"_s);
        orphan.projectId = u"P-later"_s;
        QVERIFY(store->upsertTickets({orphan}));
        QCOMPARE(store->ticket(u"T-1"_s), orphan);
    }

    void bulkFirstImportKeepsTheTicketIndex() {
        // An upsert of many tickets into an empty table builds its index after the rows: the
        // schema must read the same afterwards, and the index must hold every row.
        auto store = openOrFail(dbPath());
        QVERIFY(store);
        auto indexSql = [&] {
            QSqlQuery q(store->database());
            q.exec(u"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = "
                   "'tickets' ORDER BY name"_s);
            QStringList text;
            while (q.next())
                text.append(q.value(0).toString() + u": "_s + q.value(1).toString());
            return text;
        };
        const QStringList before = indexSql();
        QVERIFY(!before.isEmpty());
        QList<Ticket> tickets;
        for (int i = 0; i < 1500; ++i) {
            Ticket t = makeTicket(u"T-%1"_s.arg(i));
            t.updatedAt = QDateTime(QDate(2026, 1, 1), QTime(0, 0), QTimeZone::utc()).addSecs(i);
            tickets.append(t);
        }
        QVERIFY(store->upsertTickets(tickets));
        QCOMPARE(indexSql(), before);
        QSqlQuery q(store->database());
        QVERIFY(q.exec(u"PRAGMA integrity_check"_s) && q.next());
        QCOMPARE(q.value(0).toString(), u"ok"_s);
        QList<QString> newest;
        QVERIFY(store->forEachTicketRow([&](TicketRow &&row) { newest.append(row.id); }, 3));
        QCOMPARE(newest, (QList<QString>{u"T-1499"_s, u"T-1498"_s, u"T-1497"_s}));
        // A second bulk upsert finds the table filled and keeps the index throughout.
        QVERIFY(store->upsertTickets(tickets));
        QCOMPARE(indexSql(), before);
        QCOMPARE(store->ticketCount(), 1500);
    }

    void bulkUpsertsCommitRelaxedAndRestoreSynchronous() {
        auto store = openOrFail(dbPath());
        QVERIFY(store);
        auto synchronous = [&] {
            QSqlQuery q(store->database());
            return q.exec(u"PRAGMA synchronous"_s) && q.next() ? q.value(0).toInt() : -1;
        };
        QSqlQuery(store->database()).exec(u"PRAGMA synchronous = FULL"_s);
        QCOMPARE(synchronous(), 2);
        int during = -1;
        QVERIFY(store->inBulkTransaction([&]() -> Result<void> {
            during = synchronous();
            return store->upsertTickets({makeTicket(u"T-1"_s)});
        }));
        QCOMPARE(during, 1); // NORMAL
        QCOMPARE(synchronous(), 2);
        QVERIFY(store->upsertTickets({makeTicket(u"T-2"_s)}));
        QCOMPARE(synchronous(), 2);
        // Nested in an ordinary transaction, the outer one's setting stands.
        QVERIFY(store->inTransaction([&]() -> Result<void> {
            return store->inBulkTransaction([&]() -> Result<void> {
                during = synchronous();
                return {};
            });
        }));
        QCOMPARE(during, 2);
        // A failing bulk write restores it too.
        QVERIFY(!store->inBulkTransaction([]() -> Result<void> {
            return OutreachError(OutreachError::Code::Storage, u"boom"_s);
        }));
        QCOMPARE(synchronous(), 2);
        QCOMPARE(store->ticketCount(), 2);
    }

    void upsertingTwiceLeavesTheSameRows() {
        auto store = openOrFail(dbPath());
        QVERIFY(store);
        const QList<Ticket> tickets = {makeTicket(u"T-1"_s), makeTicket(u"T-2"_s)};
        const QList<Project> projects = {makeProject(u"P-1"_s)};
        const QList<ProspectHistory> prospects = {makeProspect(u"C-1"_s, 3)};
        const QList<Interaction> interactions = {
            makeInteraction(u"I-1"_s, u"T-1"_s, u"2026-11-20T14:03:00Z"_s)};
        const QStringList tables = {u"tickets"_s,           u"projects"_s,     u"prospects"_s,
                                    u"prospect_outcomes"_s, u"interactions"_s, u"meta"_s};

        auto upsertAll = [&] {
            QVERIFY(store->upsertTickets(tickets));
            QVERIFY(store->upsertProjects(projects));
            QVERIFY(store->upsertProspects(prospects));
            QVERIFY(store->upsertInteractions(interactions));
        };
        upsertAll();
        QList<QStringList> first;
        for (const QString &table : tables)
            first.append(dumpTable(*store, table));
        upsertAll();
        for (qsizetype i = 0; i < tables.size(); ++i)
            QCOMPARE(dumpTable(*store, tables.at(i)), first.at(i));

        // An identical ticket is not rewritten at all (the upsert only updates what differs).
        const qint64 changesBefore = scalar(*store, u"SELECT total_changes()"_s).toLongLong();
        QVERIFY(store->upsertTickets(tickets));
        QCOMPARE(scalar(*store, u"SELECT total_changes()"_s).toLongLong(), changesBefore);
        Ticket edited = tickets.first();
        edited.category = u"renewal"_s;
        QVERIFY(store->upsertTickets({edited, tickets.last()}));
        QCOMPARE(scalar(*store, u"SELECT total_changes()"_s).toLongLong(), changesBefore + 1);
        QVERIFY(store->upsertTickets(tickets));

        QCOMPARE(store->ticketCount(), 2);
        QCOMPARE(store->projectCount(), 1);
        QCOMPARE(store->prospectCount(), 1);
        QCOMPARE(store->interactionCount(), 1);
        QCOMPARE(scalar(*store, u"SELECT count(*) FROM prospect_outcomes"_s).toInt(), 3);
        QCOMPARE(store->ticket(u"T-1"_s), tickets.first());
    }

    void updatedPayloadReplacesFields() {
        auto store = openOrFail(dbPath());
        QVERIFY(store);
        QVERIFY(store->upsertTickets({makeTicket(u"T-1"_s)}));
        QVERIFY(store->upsertProjects({makeProject(u"P-1"_s)}));

        Ticket changed = makeTicket(u"T-1"_s);
        changed.title = u"Renewal – Müller"_s;
        changed.description.clear();
        changed.status = Ticket::Status::Closed;
        changed.assignee.reset();
        changed.updatedAt = utc(u"2026-12-01T00:00:00Z"_s);
        Project project = makeProject(u"P-1"_s);
        project.value.reset();
        project.products.clear();
        project.keyDates.clear();
        QVERIFY(store->upsertTickets({changed}));
        QVERIFY(store->upsertProjects({project}));

        QCOMPARE(store->ticketCount(), 1);
        QCOMPARE(store->ticket(u"T-1"_s), changed);
        QCOMPARE(store->project(u"P-1"_s), project);

        int rows = 0;
        QVERIFY(store->forEachTicketRow([&](TicketRow &&row) {
            ++rows;
            QCOMPARE(row.title, changed.title);
            QCOMPARE(row.status, u"closed"_s);
            QCOMPARE(row.assignee, QString());
            QCOMPARE(row.titleKey, QByteArray("renewal – muller"));
            QCOMPARE(row.updatedAtMs, changed.updatedAt.toMSecsSinceEpoch());
        }));
        QCOMPARE(rows, 1);
    }

    void prospectOutcomesAreReplacedNotAppended() {
        auto store = openOrFail(dbPath());
        QVERIFY(store);
        QVERIFY(store->upsertProspects({makeProspect(u"C-1"_s, 3), makeProspect(u"C-2"_s, 2)}));
        QCOMPARE(scalar(*store, u"SELECT count(*) FROM prospect_outcomes"_s).toInt(), 5);

        ProspectHistory fewer = makeProspect(u"C-1"_s, 0);
        fewer.pastOutcomes.append({u"M-new"_s, utc(u"2026-11-30T10:00:00Z"_s), true, true});
        QVERIFY(store->upsertProspects({fewer}));
        QCOMPARE(store->prospect(u"C-1"_s), fewer);
        QCOMPARE(store->prospect(u"C-1"_s)->pastOutcomes.size(), 1);
        QCOMPARE(store->prospect(u"C-2"_s)->pastOutcomes.size(), 2);
        QCOMPARE(scalar(*store, u"SELECT count(*) FROM prospect_outcomes"_s).toInt(), 3);

        // The foreign key cascades: deleting a prospect takes its outcomes with it.
        QSqlQuery q(store->database());
        QVERIFY(q.exec(u"DELETE FROM prospects WHERE id = 'C-2'"_s));
        QCOMPARE(scalar(*store, u"SELECT count(*) FROM prospect_outcomes"_s).toInt(), 1);
    }

    void interactionsComeNewestFirstWithLimit() {
        auto store = openOrFail(dbPath());
        QVERIFY(store);
        const QList<Interaction> shuffled = {
            makeInteraction(u"I-3"_s, u"T-1"_s, u"2026-11-03T10:00:00Z"_s),
            makeInteraction(u"I-1"_s, u"T-1"_s, u"2026-11-01T10:00:00Z"_s),
            makeInteraction(u"I-5"_s, u"T-1"_s, u"2026-11-05T10:00:00.001Z"_s),
            makeInteraction(u"I-9"_s, u"T-2"_s, u"2026-12-09T10:00:00Z"_s),
            makeInteraction(u"I-2"_s, u"T-1"_s, u"2026-11-02T10:00:00Z"_s),
            makeInteraction(u"I-4"_s, u"T-1"_s, u"2026-11-05T10:00:00Z"_s),
        };
        QVERIFY(store->upsertInteractions(shuffled));

        auto ids = [](const QList<Interaction> &list) {
            QStringList out;
            for (const Interaction &i : list)
                out.append(i.id);
            return out;
        };
        QCOMPARE(ids(store->interactions(u"T-1"_s)),
                 (QStringList{u"I-5"_s, u"I-4"_s, u"I-3"_s, u"I-2"_s, u"I-1"_s}));
        QCOMPARE(ids(store->interactions(u"T-1"_s, 2)), (QStringList{u"I-5"_s, u"I-4"_s}));
        QCOMPARE(ids(store->interactions(u"T-1"_s, 0)), QStringList());
        QCOMPARE(ids(store->interactions(u"T-2"_s)), QStringList{u"I-9"_s});
        QCOMPARE(store->interactions(u"T-1"_s, 1).first(), shuffled.at(2));

        QSqlQuery plan(store->database());
        QVERIFY(plan.exec(u"EXPLAIN QUERY PLAN SELECT id FROM interactions WHERE ticket_id = 'T-1' "
                          "ORDER BY occurred_at DESC"_s));
        QString detail;
        while (plan.next())
            detail += plan.value(3).toString();
        QVERIFY2(detail.contains(u"interactions_by_ticket"_s), qPrintable(detail));
        QVERIFY2(!detail.contains(u"TEMP B-TREE"_s), qPrintable(detail));
    }

    void interactionPagesFollowAKeysetCursor() {
        auto store = openOrFail(dbPath());
        QVERIFY(store);
        // 1,000 on T-1 in runs of up to 9 with the same millisecond, ids not in time order, and
        // other tickets' entries at the same times.
        QList<Interaction> all;
        const QDateTime start(QDate(2026, 1, 1), QTime(9, 0), QTimeZone::utc());
        for (int i = 0; i < 1000; ++i) {
            Interaction mine = makeInteraction(
                u"I-%1"_s.arg((i * 7919) % 1000, 4, 10, QLatin1Char('0')), u"T-1"_s, {});
            mine.occurredAt = start.addMSecs(qint64(i / 9) * 60000 + (i % 3 == 0 ? 0 : 1));
            all.append(mine);
            Interaction other = mine;
            other.id = u"X-"_s + mine.id;
            other.ticketId = u"T-2"_s;
            all.append(other);
        }
        QVERIFY(store->upsertInteractions(all));
        QCOMPARE(store->interactionCount(u"T-1"_s), 1000);
        QCOMPARE(store->interactionCount(u"T-2"_s), 1000);
        QCOMPARE(store->interactionCount(u"T-none"_s), 0);

        const QList<Interaction> whole = store->interactions(u"T-1"_s);
        QCOMPARE(whole.size(), 1000);
        QList<Interaction> paged = store->interactionPage(u"T-1"_s, std::nullopt, 100);
        QCOMPARE(paged.size(), 100);
        for (int page = 0; page < 20; ++page) {
            const QList<Interaction> next =
                store->interactionPage(u"T-1"_s, InteractionCursor::after(paged.constLast()), 100);
            if (next.isEmpty())
                break;
            paged.append(next);
        }
        QCOMPARE(paged.size(), 1000);
        QCOMPARE(paged, whole); // the same order, nothing repeated, nothing left out
        for (qsizetype i = 1; i < paged.size(); ++i) {
            const Interaction &a = paged.at(i - 1);
            const Interaction &b = paged.at(i);
            QVERIFY(a.occurredAt > b.occurredAt || (a.occurredAt == b.occurredAt && a.id > b.id));
        }
        QCOMPARE(store->interactionPage(u"T-1"_s, InteractionCursor::after(whole.constLast()), 100),
                 QList<Interaction>());
        QCOMPARE(store->interactionPage(u"T-1"_s, std::nullopt, 0), QList<Interaction>());

        // The query interactionPage runs for a page after the first: a range scan of the
        // ticket's index, not a scan of the table or an OFFSET walk.
        QSqlQuery plan(store->database());
        QVERIFY(plan.exec(u"EXPLAIN QUERY PLAN SELECT id, ticket_id, type, direction, "
                          "occurred_at, author, subject, content FROM interactions "
                          "WHERE ticket_id = 'T-1' AND occurred_at <= '2026-01-01T10:00:00.000Z' "
                          "AND (occurred_at < '2026-01-01T10:00:00.000Z' OR id < 'I-0500') "
                          "ORDER BY occurred_at DESC, id DESC LIMIT 100"_s));
        QString detail;
        while (plan.next())
            detail += plan.value(3).toString() + u'\n';
        QVERIFY2(detail.contains(
                     u"USING INDEX interactions_by_ticket (ticket_id=? AND occurred_at<?)"_s),
                 qPrintable(detail));
        QVERIFY2(!detail.contains(u"SCAN"_s), qPrintable(detail));
    }

    void ticketRowsJoinTheirProspect() {
        auto store = openOrFail(dbPath());
        QVERIFY(store);
        Ticket known = makeTicket(u"T-1"_s, u"C-1"_s);
        known.title = u"Über-Rabatt für Zoë"_s;
        known.description = u"Ça va? ÅNGSTRÖM"_s;
        Ticket unknown = makeTicket(u"T-2"_s, u"C-missing"_s);
        unknown.assignee.reset();
        QVERIFY(store->upsertTickets({known, unknown}));
        QVERIFY(store->upsertProspects({makeProspect(u"C-1"_s)}));

        QHash<QString, TicketRow> rows;
        QVERIFY(store->forEachTicketRow([&](TicketRow &&row) { rows.insert(row.id, row); }));
        QCOMPARE(rows.size(), 2);

        const TicketRow &a = rows.value(u"T-1"_s);
        QCOMPARE(a.title, known.title);
        QCOMPARE(a.status, u"pending"_s);
        QCOMPARE(a.priority, u"high"_s);
        QCOMPARE(a.category, u"upsell"_s);
        QCOMPARE(a.prospectId, u"C-1"_s);
        QCOMPARE(a.prospectName, u"Zoë Müller"_s);
        QCOMPARE(a.company, u"Ångström GmbH"_s);
        QCOMPARE(a.assignee, u"Dana Ruiz"_s);
        QCOMPARE(a.updatedAtMs, known.updatedAt.toMSecsSinceEpoch());
        QCOMPARE(a.titleKey, TextFolding::fold(known.title));
        QCOMPARE(a.searchKey, TextFolding::fold(QString(known.title + u' ' + known.description)));
        QCOMPARE(a.prospectKey, QByteArray("zoe muller angstrom gmbh"));
        QVERIFY(a.searchKey.contains("uber-rabatt fur zoe ca va? angstrom"));

        const TicketRow &b = rows.value(u"T-2"_s);
        QCOMPARE(b.prospectId, u"C-missing"_s);
        QVERIFY(b.prospectName.isEmpty());
        QVERIFY(b.company.isEmpty());
        QVERIFY(b.prospectKey.isEmpty());
        QVERIFY(b.assignee.isEmpty());
    }

    void reopeningKeepsTheData() {
        const Ticket ticket = makeTicket(u"T-1"_s);
        {
            auto store = openOrFail(dbPath());
            QVERIFY(store);
            QVERIFY(store->upsertTickets({ticket}));
            QVERIFY(store->setMeta(u"last_sync"_s, u"2026-11-21T09:00:00Z"_s));
        }
        auto store = openOrFail(dbPath());
        QVERIFY(store);
        QVERIFY(store->recoveredFrom().isEmpty());
        QCOMPARE(store->ticketCount(), 1);
        QCOMPARE(store->ticket(u"T-1"_s), ticket);
        QCOMPARE(store->meta(u"last_sync"_s), u"2026-11-21T09:00:00Z"_s);
        QCOMPARE(store->schemaVersion(), CacheStore::SchemaVersion);
    }

    void twoStoresOnOneFile() {
        // Unique connection names: two instances (say, UI and a sync thread) must not collide.
        auto a = openOrFail(dbPath());
        auto b = openOrFail(dbPath());
        QVERIFY(a && b);
        QVERIFY(a->upsertTickets({makeTicket(u"T-1"_s)}));
        QCOMPARE(b->ticketCount(), 1);
        a.reset();
        QCOMPARE(b->ticketCount(), 1);
    }

    void metaRoundTrip() {
        auto store = openOrFail(dbPath());
        QVERIFY(store);
        QCOMPARE(store->meta(u"workspace"_s), QString());
        QCOMPARE(store->meta(u"workspace"_s, u"none"_s), u"none"_s);
        QVERIFY(store->setMeta(u"workspace"_s, u"demo"_s));
        QCOMPARE(store->meta(u"workspace"_s, u"none"_s), u"demo"_s);
        QVERIFY(store->setMeta(u"workspace"_s, u"Zoë’s CRM 🚀"_s));
        QCOMPARE(store->meta(u"workspace"_s), u"Zoë’s CRM 🚀"_s);
        QCOMPARE(scalar(*store, u"SELECT count(*) FROM meta"_s).toInt(), 1);
    }

    void failedWorkRollsBackTheWholeTransaction() {
        auto store = openOrFail(dbPath());
        QVERIFY(store);
        const Result<void> result = store->inTransaction([&]() -> Result<void> {
            if (auto r = store->upsertProjects({makeProject(u"P-1"_s)}); !r)
                return r;
            if (auto r = store->upsertTickets({makeTicket(u"T-1"_s)}); !r)
                return r;
            return OutreachError(OutreachError::Code::ContextInvalid, u"later step failed"_s);
        });
        QVERIFY(!result);
        QCOMPARE(result.error().message(), u"later step failed"_s);
        QCOMPARE(store->projectCount(), 0);
        QCOMPARE(store->ticketCount(), 0);
        // And the connection is usable afterwards (no transaction left open).
        QVERIFY(store->upsertTickets({makeTicket(u"T-1"_s)}));
        QCOMPARE(store->ticketCount(), 1);
    }

    void sqlFailuresBecomeStorageErrors() {
        auto store = openOrFail(dbPath());
        QVERIFY(store);
        QSqlQuery q(store->database());
        QVERIFY(q.exec(u"DROP TABLE tickets"_s));
        const Result<void> result = store->upsertTickets({makeTicket(u"T-1"_s)});
        QVERIFY(!result);
        QCOMPARE(result.error().code(), OutreachError::Code::Storage);
        QVERIFY2(result.error().message().contains(u"no such table: tickets"_s),
                 qPrintable(result.error().message()));
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"no such table: tickets"_s));
        QCOMPARE(store->ticketCount(), -1);
        QVERIFY(!store->forEachTicketRow([](TicketRow &&) {}));
    }

    void unopenableLocationIsAStorageError() {
        const QString blocker = m_dir->filePath(u"a-file"_s);
        writeBytes(blocker, "not a folder");
        auto opened = CacheStore::open(blocker + u"/cache.sqlite"_s);
        QVERIFY(!opened);
        QCOMPARE(opened.error().code(), OutreachError::Code::Storage);
        QVERIFY2(opened.error().message().contains(u"a-file"_s),
                 qPrintable(opened.error().message()));
        QCOMPARE(readBytes(blocker), QByteArray("not a folder"));
    }

    void newerSchemaIsRefusedAndLeftUnchanged() {
        {
            auto store = openOrFail(dbPath());
            QVERIFY(store);
            QVERIFY(store->upsertTickets({makeTicket(u"T-1"_s)}));
            QSqlQuery q(store->database());
            QVERIFY(q.exec(u"PRAGMA user_version = %1"_s.arg(CacheStore::SchemaVersion + 6)));
        }
        const QStringList filesBefore = QDir(m_dir->path()).entryList(QDir::Files);
        const QByteArray before = readBytes(dbPath());
        QVERIFY(!before.isEmpty());

        auto opened = CacheStore::open(dbPath());
        QVERIFY(!opened);
        QCOMPARE(opened.error().code(), OutreachError::Code::Storage);
        const QString message = opened.error().message();
        QVERIFY2(message.contains(u"newer version of OutreachGPT"_s), qPrintable(message));
        QVERIFY2(message.contains(u"schema %1"_s.arg(CacheStore::SchemaVersion + 6)),
                 qPrintable(message));
        QVERIFY2(message.contains(u"schema %1"_s.arg(CacheStore::SchemaVersion)),
                 qPrintable(message));
        QVERIFY2(message.contains(u"Update"_s), qPrintable(message));
        QVERIFY2(message.contains(u"not changed"_s), qPrintable(message));

        QCOMPARE(readBytes(dbPath()), before);
        QCOMPARE(QDir(m_dir->path()).entryList(QDir::Files), filesBefore);
    }

    // A file written by a schema-1 build (before messages, the outbox and fetch times) is
    // upgraded in place: the cached CRM data survives and the new tables appear. The v1 DDL is
    // copied here on purpose, frozen, so that the test keeps describing what schema-1 builds
    // actually wrote even if the migration code is ever (wrongly) edited.
    void upgradesASchema1File() {
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"v1-writer"_s);
            db.setDatabaseName(dbPath());
            QVERIFY(db.open());
            QSqlQuery q(db);
            for (const char *statement : schema1) {
                QVERIFY2(q.exec(QString::fromUtf8(statement)), qPrintable(q.lastError().text()));
            }
            QVERIFY(q.prepare(uR"sql(
                INSERT INTO tickets (id, title, description, status, category, priority,
                                     assignee_name, assignee_email, project_id, prospect_id,
                                     created_at, updated_at, updated_at_ms, title_key, search_key)
                VALUES (?, ?, ?, 1, 'upsell', 2, 'Dana Ruiz', 'dana@example.com', 'P-1', 'C-1',
                        '2026-11-20T14:03:00.000Z', '2026-11-21T09:15:30.250Z', ?, ?, ?))sql"_s));
            const QString title = u"Pricing question from Łódź"_s;
            q.addBindValue(u"T-1"_s);
            q.addBindValue(title);
            q.addBindValue(u"Asked about seats."_s);
            q.addBindValue(utc(u"2026-11-21T09:15:30.250Z"_s).toMSecsSinceEpoch());
            q.addBindValue(TextFolding::fold(title));
            q.addBindValue(TextFolding::fold(QString(title + u" Asked about seats."_s)));
            QVERIFY2(q.exec(), qPrintable(q.lastError().text()));
            QVERIFY(q.exec(u"INSERT INTO meta (key, value) VALUES ('workspace', 'crm')"_s));
            QVERIFY(q.exec(u"PRAGMA user_version = 1"_s));
            q.finish();
            db.close();
        }
        QSqlDatabase::removeDatabase(u"v1-writer"_s);

        auto store = openOrFail(dbPath());
        QVERIFY(store);
        QCOMPARE(store->schemaVersion(), CacheStore::SchemaVersion);
        QCOMPARE(scalar(*store, u"PRAGMA user_version"_s).toInt(), CacheStore::SchemaVersion);

        QCOMPARE(store->ticketCount(), 1);
        const std::optional<Ticket> ticket = store->ticket(u"T-1"_s);
        QVERIFY(ticket);
        QCOMPARE(ticket->title, u"Pricing question from Łódź"_s);
        QCOMPARE(ticket->status, Ticket::Status::Pending);
        QCOMPARE(ticket->priority, Ticket::Priority::High);
        QCOMPARE(ticket->updatedAt, utc(u"2026-11-21T09:15:30.250Z"_s));
        QCOMPARE(store->meta(u"workspace"_s), u"crm"_s);

        QStringList tables;
        QSqlQuery q(store->database());
        QVERIFY(q.exec(u"SELECT name FROM sqlite_master WHERE type = 'table'"_s));
        while (q.next())
            tables.append(q.value(0).toString());
        for (const QString &table :
             {u"messages"_s, u"message_events"_s, u"message_effectiveness"_s, u"outbox"_s,
              u"fetch_times"_s, u"drafts"_s, u"draft_versions"_s}) {
            QVERIFY2(tables.contains(table), qPrintable(tables.join(u' ')));
        }
        // The new tables are usable, not just present: the outbox takes a row.
        QVERIFY2(q.exec(u"INSERT INTO outbox (idempotency_key, kind, method, path, body, "
                        "created_at_ms) VALUES ('k', 'activity', 'POST', '/v1/x', x'7b7d', 1)"_s),
                 qPrintable(q.lastError().text()));
        q.finish();

        // Opening again does not run the migration a second time.
        store.reset();
        store = openOrFail(dbPath());
        QVERIFY(store);
        QCOMPARE(store->schemaVersion(), CacheStore::SchemaVersion);
        QCOMPARE(store->ticketCount(), 1);
        QCOMPARE(scalar(*store, u"SELECT count(*) FROM outbox"_s).toInt(), 1);
    }

    void fetchTimesRoundTrip() {
        auto store = openOrFail(dbPath());
        QVERIFY(store);
        QVERIFY(!store->fetchedAt(u"ticket"_s, u"T-1"_s));

        const QDateTime first = utc(u"2026-11-21T09:15:30.250Z"_s);
        QVERIFY(store->markFetched(u"ticket"_s, {u"T-1"_s, u"T-2"_s}, first));
        QCOMPARE(store->fetchedAt(u"ticket"_s, u"T-1"_s).value_or(QDateTime()), first);
        QCOMPARE(store->fetchedAt(u"ticket"_s, u"T-2"_s).value_or(QDateTime()), first);
        QCOMPARE(store->fetchedAt(u"ticket"_s, u"T-1"_s).value_or(QDateTime()).offsetFromUtc(), 0);
        // The entity is part of the key: a project with the same id was never fetched.
        QVERIFY(!store->fetchedAt(u"project"_s, u"T-1"_s));

        // A later fetch replaces the time rather than adding a row.
        const QDateTime later = first.addSecs(3600);
        QVERIFY(store->markFetched(u"ticket"_s, {u"T-1"_s}, later));
        QCOMPARE(store->fetchedAt(u"ticket"_s, u"T-1"_s).value_or(QDateTime()), later);
        QCOMPARE(store->fetchedAt(u"ticket"_s, u"T-2"_s).value_or(QDateTime()), first);
        QCOMPARE(scalar(*store, u"SELECT count(*) FROM fetch_times"_s).toInt(), 2);

        // A time given in another zone is the same instant when read back.
        const QDateTime plusOne = QDateTime(QDate(2026, 12, 1), QTime(10, 0), QTimeZone(3600));
        QVERIFY(store->markFetched(u"prospect"_s, {u"C-1"_s}, plusOne));
        QCOMPARE(
            store->fetchedAt(u"prospect"_s, u"C-1"_s).value_or(QDateTime()).toMSecsSinceEpoch(),
            plusOne.toMSecsSinceEpoch());

        store.reset();
        store = openOrFail(dbPath());
        QVERIFY(store);
        QCOMPARE(store->fetchedAt(u"ticket"_s, u"T-1"_s).value_or(QDateTime()), later);
    }

    void garbageFileIsMovedAsideWithItsSidecars() {
        QByteArray garbage;
        for (int i = 0; i < 5000; ++i)
            garbage.append(char((i * 7919) % 251));
        writeBytes(dbPath(), garbage);
        writeBytes(dbPath() + u"-wal"_s, "stale wal");

        expectMoveAside();
        auto opened = CacheStore::open(dbPath());
        QVERIFY2(opened, opened ? "" : qPrintable(opened.error().toString()));
        auto store = std::move(opened).value();
        const QString moved = store->recoveredFrom();
        QVERIFY(moved.startsWith(dbPath() + u".corrupt-"_s));
        QVERIFY2(QRegularExpression(u"\\.corrupt-\\d{8}-\\d{6}(-\\d+)?$"_s).match(moved).hasMatch(),
                 qPrintable(moved));
        QCOMPARE(readBytes(moved), garbage);
        QCOMPARE(readBytes(moved + u"-wal"_s), QByteArray("stale wal"));

        QCOMPARE(store->schemaVersion(), CacheStore::SchemaVersion);
        QVERIFY(store->upsertTickets({makeTicket(u"T-1"_s)}));
        QCOMPARE(store->ticketCount(), 1);
        store.reset();

        // The fresh file is healthy: opening again recovers nothing.
        auto again = openOrFail(dbPath());
        QVERIFY(again);
        QVERIFY(again->recoveredFrom().isEmpty());
        QCOMPARE(again->ticketCount(), 1);
    }

    void headerOnlyLookalikeIsMovedAside() {
        // Passes the magic-bytes check, so it is SQLite that has to notice (SQLITE_NOTADB).
        QByteArray fake("SQLite format 3", 16);
        fake.append(QByteArray(4080, char(0x5a)));
        writeBytes(dbPath(), fake);
        expectMoveAside();
        auto store = openOrFail(dbPath());
        QVERIFY(store);
        QVERIFY(!store->recoveredFrom().isEmpty());
        QCOMPARE(readBytes(store->recoveredFrom()), fake);
        QCOMPARE(store->ticketCount(), 0);
    }

    void secondRecoveryInTheSameSecondGetsItsOwnName() {
        writeBytes(dbPath(), QByteArray(4096, 'x'));
        expectMoveAside();
        auto first = openOrFail(dbPath());
        QVERIFY(first);
        first.reset();
        writeBytes(dbPath(), QByteArray(4096, 'y'));
        expectMoveAside();
        auto second = openOrFail(dbPath());
        QVERIFY(second);
        QVERIFY(!second->recoveredFrom().isEmpty());
        QCOMPARE(readBytes(second->recoveredFrom()), QByteArray(4096, 'y'));
        QCOMPARE(QDir(m_dir->path()).entryList({u"*.corrupt-*"_s}, QDir::Files).size(), 2);
    }

    void truncatedDatabaseIsMovedAside() {
        {
            auto store = openOrFail(dbPath());
            QVERIFY(store);
            QList<Ticket> tickets;
            for (int i = 0; i < 3000; ++i)
                tickets.append(makeTicket(u"T-%1"_s.arg(i)));
            QVERIFY(store->upsertTickets(tickets));
        }
        // Closing the last connection checkpoints the WAL into the main file and removes it.
        QVERIFY(!QFile::exists(dbPath() + u"-wal"_s));
        const QByteArray whole = readBytes(dbPath());
        QVERIFY(whole.size() > 100 * 1024);
        const QByteArray half = whole.left(whole.size() / 2);
        writeBytes(dbPath(), half);

        // SQLite sees that the header promises more pages than the file has. Opening it anyway
        // would fail on the first read past the cut, so it is moved aside like any other
        // unreadable file.
        expectMoveAside();
        auto opened = CacheStore::open(dbPath());
        QVERIFY2(opened, opened ? "" : qPrintable(opened.error().toString()));
        auto store = std::move(opened).value();
        QVERIFY(!store->recoveredFrom().isEmpty());
        QCOMPARE(readBytes(store->recoveredFrom()), half);
        QCOMPARE(store->ticketCount(), 0);
        QVERIFY(store->upsertTickets({makeTicket(u"T-1"_s)}));
    }

    void damagedPageIsFoundByQuickCheck() {
        {
            auto store = openOrFail(dbPath());
            QVERIFY(store);
            QList<Ticket> tickets;
            for (int i = 0; i < 3000; ++i)
                tickets.append(makeTicket(u"T-%1"_s.arg(i)));
            QVERIFY(store->upsertTickets(tickets));
        }
        // Same size, valid header, but pages in the middle overwritten: only a read of those
        // pages notices, which is what quick_check does at open.
        QByteArray bytes = readBytes(dbPath());
        const qsizetype pageSize = 4096;
        for (qsizetype i = 3 * pageSize; i < bytes.size() - 2 * pageSize; i += 1)
            bytes[i] = char(0xA5);
        writeBytes(dbPath(), bytes);

        expectMoveAside();
        auto opened = CacheStore::open(dbPath());
        QVERIFY2(opened, opened ? "" : qPrintable(opened.error().toString()));
        auto store = std::move(opened).value();
        QVERIFY(!store->recoveredFrom().isEmpty());
        QCOMPARE(readBytes(store->recoveredFrom()), bytes);
        QCOMPARE(store->ticketCount(), 0);
    }
};

QTEST_GUILESS_MAIN(TestCacheStore)
#include "tst_cachestore.moc"
