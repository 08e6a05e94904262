// SPDX-License-Identifier: GPL-3.0-or-later
// TicketTableModel: loading from a row source, sorting on every column, filtering by folded text
// and by status/priority, the counts signal, and persistent indexes following their tickets. A
// QAbstractItemModelTester watches the model throughout, and every order is checked against an
// expectation computed here from the plain ticket data.
#include "domain/TextFolding.h"
#include "ui/itemmodels/TicketTableModel.h"

#include <QAbstractItemModelTester>
#include <QLocale>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTest>
#include <QTimeZone>

#include <algorithm>
#include <memory>
#include <numeric>

using namespace Qt::StringLiterals;

namespace {

// A ticket as the test knows it, before it is turned into the cache's TicketRow.
struct Fixture {
    QString id;
    QString title;
    QString description;
    QString status;
    QString priority;
    QString category;
    QString prospectId;
    QString prospectName;
    QString company;
    QString assignee;
    qint64 updatedAtMs = 0;
};

const qint64 baseMs =
    QDateTime(QDate(2026, 11, 1), QTime(0, 0), QTimeZone::utc()).toMSecsSinceEpoch();

qint64 hoursAfterBase(int hours) {
    return baseMs + qint64(hours) * 3600 * 1000;
}

// Built the way CacheStore builds its rows.
TicketRow toRow(const Fixture &t) {
    TicketRow row;
    row.id = t.id;
    row.title = t.title;
    row.status = t.status;
    row.priority = t.priority;
    row.category = t.category;
    row.prospectId = t.prospectId;
    row.prospectName = t.prospectName;
    row.company = t.company;
    row.assignee = t.assignee;
    row.updatedAtMs = t.updatedAtMs;
    row.titleKey = TextFolding::fold(t.title);
    row.searchKey = TextFolding::fold(QString(t.title + u' ' + t.description));
    row.prospectKey = TextFolding::fold(QString(t.prospectName + u' ' + t.company));
    return row;
}

TicketTableModel::RowSource sourceOf(const QList<Fixture> &tickets) {
    return [tickets](const std::function<void(TicketRow &&)> &sink) -> Result<void> {
        for (const Fixture &ticket : tickets)
            sink(toRow(ticket));
        return {};
    };
}

QList<Fixture> standardTickets() {
    // clang-format off
    return {
        {u"T-1"_s, u"Pricing question for the analytics add-on"_s,
         u"Asked whether the add-on is billed per seat"_s, u"open"_s, u"high"_s, u"upsell"_s,
         u"C-310"_s, u"Lee Park"_s, u"Acme GmbH"_s, u"Dana Ruiz"_s, hoursAfterBase(10)},
        {u"T-2"_s, u"Renewal terms"_s, u"Wants a three-year renewal for the Łódź office"_s,
         u"pending"_s, u"normal"_s, u"renewal"_s,
         u"C-311"_s, u"Zoë Müller"_s, u"Straße & Co KG"_s, u"Łukasz Nowak"_s, hoursAfterBase(3)},
        {u"T-10"_s, u"Demo request"_s, u"Demo of the SSO add-on for the board"_s, u"won"_s,
         u"urgent"_s, u"Upsell"_s,
         u"C-312"_s, u"Ångström Öberg"_s, u"Acme GmbH"_s, QString(), hoursAfterBase(7)},
        {u"T-100"_s, u"Ångström units in reports"_s, u"東京 office wants reports 🚀"_s, u"lost"_s,
         u"low"_s, u"support"_s,
         u"C-313"_s, u"Kenji Sato"_s, u"東京 Trading"_s, u"Dana Ruiz"_s, hoursAfterBase(1)},
        {u"T-9"_s, u"Onboarding call"_s, u"Schedule onboarding with the Mueller team"_s,
         u"closed"_s, u"normal"_s, u"onboarding"_s,
         u"C-310"_s, u"Lee Park"_s, u"Acme GmbH"_s, u"dana ruiz"_s, hoursAfterBase(12)},
        {u"t-3"_s, u"Security questionnaire"_s, QString(), u"open"_s, u"urgent"_s, QString(),
         u"C-314"_s, u"Émile Zola"_s, u"Zola SARL"_s, u"Ørjan Berg"_s, hoursAfterBase(5)},
        {u"T-20"_s, u"Œuvre licensing"_s, u"Licensing for the museum shop"_s, u"pending"_s,
         u"low"_s, u"renewal"_s,
         u"C-311"_s, u"Zoë Müller"_s, u"Straße & Co KG"_s, u"Łukasz Nowak"_s, hoursAfterBase(8)},
        {u"T-11"_s, u"STRASSE signage"_s, u"Signs for the new store"_s, u"open"_s, u"normal"_s,
         u"upsell"_s,
         u"C-315"_s, u"Lee Park"_s, u"Beta AG"_s, u"Ørjan Berg"_s, hoursAfterBase(11)},
    };
    // clang-format on
}

int statusIndex(const Fixture &t) {
    return static_cast<int>(Ticket::statusFromName(t.status).value_or(Ticket::Status::Open));
}

int priorityIndex(const Fixture &t) {
    return static_cast<int>(
        Ticket::priorityFromName(t.priority).value_or(Ticket::Priority::Normal));
}

template <typename T>
int threeWay(const T &a, const T &b) {
    return a < b ? -1 : (b < a ? 1 : 0);
}

// "T-10" -> ("t", 10): ids compare by prefix, ignoring case, then by number.
int compareIds(const QString &a, const QString &b) {
    const qsizetype dashA = a.lastIndexOf(u'-');
    const qsizetype dashB = b.lastIndexOf(u'-');
    if (const int c = threeWay(a.left(dashA).toCaseFolded(), b.left(dashB).toCaseFolded()))
        return c;
    return threeWay(a.mid(dashA + 1).toLongLong(), b.mid(dashB + 1).toLongLong());
}

int comparePrimary(const Fixture &a, const Fixture &b, int column) {
    switch (column) {
    case TicketTableModel::IdColumn:
        return compareIds(a.id, b.id);
    case TicketTableModel::TitleColumn:
        return threeWay(TextFolding::fold(a.title), TextFolding::fold(b.title));
    case TicketTableModel::StatusColumn:
        return threeWay(statusIndex(a), statusIndex(b));
    case TicketTableModel::PriorityColumn:
        return threeWay(priorityIndex(a), priorityIndex(b));
    case TicketTableModel::CategoryColumn:
        return threeWay(TextFolding::fold(a.category), TextFolding::fold(b.category));
    case TicketTableModel::ProspectColumn:
        return threeWay(TextFolding::fold(a.prospectName), TextFolding::fold(b.prospectName));
    case TicketTableModel::CompanyColumn:
        return threeWay(TextFolding::fold(a.company), TextFolding::fold(b.company));
    case TicketTableModel::AssigneeColumn:
        return threeWay(TextFolding::fold(a.assignee), TextFolding::fold(b.assignee));
    case TicketTableModel::UpdatedColumn:
        return threeWay(a.updatedAtMs, b.updatedAtMs);
    }
    qFatal("bad column");
}

bool accepted(const Fixture &t, const TicketFilter &filter) {
    if (!(filter.statuses() & (1u << statusIndex(t))))
        return false;
    if (!(filter.priorities() & (1u << priorityIndex(t))))
        return false;
    const QByteArray text = TextFolding::fold(QString(t.title + u' ' + t.description));
    const QByteArray prospect = TextFolding::fold(QString(t.prospectName + u' ' + t.company));
    const QByteArray id = t.id.toLower().toUtf8();
    for (const QByteArray &term : filter.terms()) {
        if (!text.contains(term) && !prospect.contains(term) && !id.contains(term))
            return false;
    }
    return true;
}

// What the table should show: the accepted tickets, sorted by the column, ties most recently
// updated first.
QStringList expectedIds(const QList<Fixture> &tickets, const TicketFilter &filter, int column,
                        Qt::SortOrder order) {
    QList<Fixture> shown;
    for (const Fixture &t : tickets) {
        if (accepted(t, filter))
            shown.append(t);
    }
    std::stable_sort(shown.begin(), shown.end(), [&](const Fixture &a, const Fixture &b) {
        if (const int c = comparePrimary(a, b, column))
            return order == Qt::AscendingOrder ? c < 0 : c > 0;
        return a.updatedAtMs > b.updatedAtMs;
    });
    QStringList ids;
    for (const Fixture &t : std::as_const(shown))
        ids.append(t.id);
    return ids;
}

QStringList expectedIds(const QList<Fixture> &tickets, const TicketTableModel &model) {
    return expectedIds(tickets, model.filter(), model.sortColumn(), model.sortOrder());
}

// The ids in display order, read three ways that must agree.
QStringList visibleIds(const TicketTableModel &model) {
    QStringList ids;
    for (int row = 0; row < model.rowCount(); ++row) {
        const QString id = model.ticketId(row);
        if (model.index(row, TicketTableModel::IdColumn).data().toString() != id
            || model.index(row, TicketTableModel::TitleColumn)
                       .data(TicketTableModel::TicketIdRole)
                       .toString()
                   != id) {
            ids.append(u"<mismatch at row %1>"_s.arg(row));
            continue;
        }
        ids.append(id);
    }
    return ids;
}

TicketFilter textFilter(const QString &text, quint32 statuses = TicketFilter::allStatuses,
                        quint32 priorities = TicketFilter::allPriorities) {
    TicketFilter filter;
    filter.setText(text);
    filter.setStatuses(statuses);
    filter.setPriorities(priorities);
    return filter;
}

quint32 statusBit(Ticket::Status status) {
    return TicketFilter::bit(status);
}

quint32 priorityBit(Ticket::Priority priority) {
    return TicketFilter::bit(priority);
}

const char *columnName(int column) {
    static const char *const names[] = {"id",       "title",   "status",   "priority", "category",
                                        "prospect", "company", "assignee", "updated"};
    return names[column];
}

// The model under test, watched by Qt's model tester for its whole life.
struct Watched {
    TicketTableModel model;
    QAbstractItemModelTester tester{&model, QAbstractItemModelTester::FailureReportingMode::QtTest};
};

} // namespace

class TestTicketTableModel : public QObject {
    Q_OBJECT

private slots:
    void emptyModel();
    void headers();
    void loadShowsEveryTicketNewestFirst();
    void dataForEveryColumnAndRole();
    void unknownStatusAndPriorityFallBack();
    void sortEveryColumn_data();
    void sortEveryColumn();
    void sortIgnoresInvalidColumns();
    void naturalIdOrder_data();
    void naturalIdOrder();
    void tiesListMostRecentlyUpdatedFirst_data();
    void tiesListMostRecentlyUpdatedFirst();
    void filterText_data();
    void filterText();
    void filterMasks_data();
    void filterMasks();
    void narrowingThenWideningGivesTheFullSetBack();
    void narrowingKeepsTheSortOrder();
    void countsChanged();
    void persistentIndexesFollowTheirTickets();
    void persistentIndexesInvalidatedWhenFilteredOut();
    void rowOfTicketAndTicketId();
    void nonAsciiIdsAndTitlesRoundTrip();
    void failingSourceKeepsPreviousRows();
    void loadKeepsFilterAndSort();
    void loadReplacesCachedSortOrders();
    void prospectSharedByTicketsIsSearchable();
    void searchKeyWithoutTitlePrefix();
    void randomisedAgainstExpectation();
};

void TestTicketTableModel::emptyModel() {
    Watched w;
    QCOMPARE(w.model.rowCount(), 0);
    QCOMPARE(w.model.columnCount(), int(TicketTableModel::ColumnCount));
    QCOMPARE(w.model.totalCount(), 0);
    QVERIFY(w.model.ticketId(0).isEmpty());
    QCOMPARE(w.model.rowOfTicket(u"T-1"_s), -1);
    QCOMPARE(w.model.sortColumn(), int(TicketTableModel::UpdatedColumn));
    QCOMPARE(w.model.sortOrder(), Qt::DescendingOrder);
    QVERIFY(w.model.filter().isEmpty());

    QSignalSpy counts(&w.model, &TicketTableModel::countsChanged);
    QVERIFY(w.model.load(sourceOf({})).ok());
    QCOMPARE(w.model.rowCount(), 0);
    QCOMPARE(counts.size(), 1);
    QCOMPARE(counts.at(0), (QVariantList{0, 0}));
    w.model.sort(TicketTableModel::TitleColumn, Qt::AscendingOrder);
    w.model.setFilter(textFilter(u"anything"_s));
    QCOMPARE(w.model.rowCount(), 0);
}

void TestTicketTableModel::headers() {
    Watched w;
    const QStringList expected{u"ID"_s,       u"Title"_s,    u"Status"_s,
                               u"Priority"_s, u"Category"_s, u"Prospect"_s,
                               u"Company"_s,  u"Assignee"_s, u"Updated"_s};
    for (int column = 0; column < TicketTableModel::ColumnCount; ++column)
        QCOMPARE(w.model.headerData(column, Qt::Horizontal).toString(), expected.at(column));
    QVERIFY(!w.model.headerData(0, Qt::Vertical).isValid());
    QVERIFY(!w.model.headerData(0, Qt::Horizontal, Qt::DecorationRole).isValid());
    QVERIFY(!w.model.headerData(TicketTableModel::ColumnCount, Qt::Horizontal).isValid());
}

void TestTicketTableModel::loadShowsEveryTicketNewestFirst() {
    Watched w;
    QSignalSpy reset(&w.model, &QAbstractItemModel::modelReset);
    const Result<void> loaded = w.model.load(sourceOf(standardTickets()));
    QVERIFY(loaded.ok());
    QCOMPARE(reset.size(), 1);
    QCOMPARE(w.model.rowCount(), 8);
    QCOMPARE(w.model.totalCount(), 8);
    // Default order: most recently updated first.
    QCOMPARE(visibleIds(w.model), (QStringList{u"T-9"_s, u"T-11"_s, u"T-1"_s, u"T-20"_s, u"T-10"_s,
                                               u"t-3"_s, u"T-2"_s, u"T-100"_s}));
    QCOMPARE(visibleIds(w.model), expectedIds(standardTickets(), w.model));
}

void TestTicketTableModel::dataForEveryColumnAndRole() {
    Watched w;
    QVERIFY(w.model.load(sourceOf(standardTickets())).ok());
    const int row = w.model.rowOfTicket(u"T-2"_s);
    QVERIFY(row >= 0);
    auto cell = [&](int column, int role = Qt::DisplayRole) {
        return w.model.index(row, column).data(role);
    };
    QCOMPARE(cell(TicketTableModel::IdColumn).toString(), u"T-2"_s);
    QCOMPARE(cell(TicketTableModel::TitleColumn).toString(), u"Renewal terms"_s);
    QCOMPARE(cell(TicketTableModel::StatusColumn).toString(), u"Pending"_s);
    QCOMPARE(cell(TicketTableModel::PriorityColumn).toString(), u"Normal"_s);
    QCOMPARE(cell(TicketTableModel::CategoryColumn).toString(), u"renewal"_s);
    QCOMPARE(cell(TicketTableModel::ProspectColumn).toString(), u"Zoë Müller"_s);
    QCOMPARE(cell(TicketTableModel::CompanyColumn).toString(), u"Straße & Co KG"_s);
    QCOMPARE(cell(TicketTableModel::AssigneeColumn).toString(), u"Łukasz Nowak"_s);

    const QDateTime updated = QDateTime::fromMSecsSinceEpoch(hoursAfterBase(3), QTimeZone::utc());
    QCOMPARE(cell(TicketTableModel::UpdatedColumn).toString(),
             QLocale().toString(updated.toLocalTime(), QLocale::ShortFormat));
    QCOMPARE(cell(TicketTableModel::UpdatedColumn, Qt::ToolTipRole).toString(),
             QLocale().toString(updated.toLocalTime(), QLocale::LongFormat));
    QCOMPARE(cell(TicketTableModel::TitleColumn, Qt::ToolTipRole).toString(), u"Renewal terms"_s);

    for (int column = 0; column < TicketTableModel::ColumnCount; ++column) {
        QCOMPARE(cell(column, TicketTableModel::TicketIdRole).toString(), u"T-2"_s);
        QCOMPARE(cell(column, TicketTableModel::StatusRole).toInt(), int(Ticket::Status::Pending));
        QCOMPARE(cell(column, TicketTableModel::PriorityRole).toInt(),
                 int(Ticket::Priority::Normal));
        QCOMPARE(cell(column, TicketTableModel::UpdatedAtRole).toDateTime(), updated);
        QCOMPARE(cell(column, TicketTableModel::UpdatedAtRole).toDateTime().timeSpec(), Qt::UTC);
        QCOMPARE(cell(column, TicketTableModel::ProspectIdRole).toString(), u"C-311"_s);
        QVERIFY(!cell(column, Qt::DecorationRole).isValid());
    }

    const int noAssignee = w.model.rowOfTicket(u"T-10"_s);
    QCOMPARE(w.model.index(noAssignee, TicketTableModel::AssigneeColumn).data().toString(),
             QString());
    QCOMPARE(w.model.index(noAssignee, TicketTableModel::StatusColumn).data().toString(), u"Won"_s);
    QCOMPARE(w.model.index(noAssignee, TicketTableModel::PriorityColumn).data().toString(),
             u"Urgent"_s);

    QVERIFY(!w.model.index(w.model.rowCount(), 0).isValid());
    QVERIFY(!w.model.index(0, TicketTableModel::ColumnCount).isValid());
    QCOMPARE(w.model.rowCount(w.model.index(0, 0)), 0);
    QCOMPARE(w.model.columnCount(w.model.index(0, 0)), 0);
}

void TestTicketTableModel::unknownStatusAndPriorityFallBack() {
    Watched w;
    QList<Fixture> tickets = standardTickets().mid(0, 2);
    tickets[0].status = u"archived"_s;
    tickets[0].priority = QString();
    QVERIFY(w.model.load(sourceOf(tickets)).ok());
    const QModelIndex index = w.model.index(w.model.rowOfTicket(u"T-1"_s), 0);
    QCOMPARE(index.data(TicketTableModel::StatusRole).toInt(), int(Ticket::Status::Open));
    QCOMPARE(index.data(TicketTableModel::PriorityRole).toInt(), int(Ticket::Priority::Normal));
    w.model.setFilter(textFilter(QString(), statusBit(Ticket::Status::Open)));
    QCOMPARE(visibleIds(w.model), QStringList{u"T-1"_s});
}

void TestTicketTableModel::sortEveryColumn_data() {
    QTest::addColumn<int>("column");
    QTest::addColumn<Qt::SortOrder>("order");
    for (int column = 0; column < TicketTableModel::ColumnCount; ++column) {
        QTest::addRow("%s ascending", columnName(column)) << column << Qt::AscendingOrder;
        QTest::addRow("%s descending", columnName(column)) << column << Qt::DescendingOrder;
    }
}

void TestTicketTableModel::sortEveryColumn() {
    QFETCH(int, column);
    QFETCH(Qt::SortOrder, order);
    const QList<Fixture> tickets = standardTickets();
    Watched w;
    QVERIFY(w.model.load(sourceOf(tickets)).ok());

    w.model.sort(column, order);
    QCOMPARE(w.model.sortColumn(), column);
    QCOMPARE(w.model.sortOrder(), order);
    QCOMPARE(w.model.rowCount(), tickets.size());
    QCOMPARE(visibleIds(w.model), expectedIds(tickets, TicketFilter(), column, order));

    // Sorting a filtered table sorts what is shown, and filtering a sorted table keeps the order.
    const TicketFilter filter =
        textFilter(u"e"_s, TicketFilter::allStatuses & ~statusBit(Ticket::Status::Lost));
    w.model.setFilter(filter);
    QCOMPARE(visibleIds(w.model), expectedIds(tickets, filter, column, order));
    const Qt::SortOrder other =
        order == Qt::AscendingOrder ? Qt::DescendingOrder : Qt::AscendingOrder;
    w.model.sort(column, other);
    QCOMPARE(visibleIds(w.model), expectedIds(tickets, filter, column, other));
    w.model.sort(column, order);
    QCOMPARE(visibleIds(w.model), expectedIds(tickets, filter, column, order));
    w.model.setFilter(TicketFilter());
    QCOMPARE(visibleIds(w.model), expectedIds(tickets, TicketFilter(), column, order));
}

void TestTicketTableModel::sortIgnoresInvalidColumns() {
    Watched w;
    QVERIFY(w.model.load(sourceOf(standardTickets())).ok());
    w.model.sort(TicketTableModel::IdColumn, Qt::AscendingOrder);
    const QStringList before = visibleIds(w.model);
    w.model.sort(-1, Qt::DescendingOrder);
    w.model.sort(TicketTableModel::ColumnCount, Qt::DescendingOrder);
    w.model.sort(1000);
    QCOMPARE(w.model.sortColumn(), int(TicketTableModel::IdColumn));
    QCOMPARE(w.model.sortOrder(), Qt::AscendingOrder);
    QCOMPARE(visibleIds(w.model), before);
}

void TestTicketTableModel::naturalIdOrder_data() {
    QTest::addColumn<QStringList>("ids");
    QTest::addColumn<QStringList>("ascending");
    QTest::newRow("numbers of different length")
        << QStringList{u"T-10"_s, u"T-2"_s, u"T-1"_s, u"T-100"_s, u"T-9"_s}
        << QStringList{u"T-1"_s, u"T-2"_s, u"T-9"_s, u"T-10"_s, u"T-100"_s};
    QTest::newRow("prefix first, ignoring case")
        << QStringList{u"b-1"_s, u"A-10"_s, u"a-2"_s, u"B-03"_s}
        << QStringList{u"a-2"_s, u"A-10"_s, u"b-1"_s, u"B-03"_s};
    QTest::newRow("several numbers")
        << QStringList{u"T-1-10"_s, u"T-1-2"_s, u"T-2-1"_s, u"T-1-1"_s}
        << QStringList{u"T-1-1"_s, u"T-1-2"_s, u"T-1-10"_s, u"T-2-1"_s};
    QTest::newRow("leading zeros") << QStringList{u"T-007"_s, u"T-10"_s, u"T-08"_s}
                                   << QStringList{u"T-007"_s, u"T-08"_s, u"T-10"_s};
    QTest::newRow("digits only") << QStringList{u"100"_s, u"9"_s, u"10"_s, u"1"_s}
                                 << QStringList{u"1"_s, u"9"_s, u"10"_s, u"100"_s};
    QTest::newRow("beyond 64 bits")
        << QStringList{u"T-100000000000000000000"_s, u"T-99999999999999999999"_s, u"T-5"_s}
        << QStringList{u"T-5"_s, u"T-99999999999999999999"_s, u"T-100000000000000000000"_s};
    QTest::newRow("accented prefix, ignoring case")
        << QStringList{u"ü-10"_s, u"Ü-2"_s, u"A-1"_s, u"Z-1"_s}
        << QStringList{u"A-1"_s, u"Z-1"_s, u"Ü-2"_s, u"ü-10"_s};
    QTest::newRow("shorter prefix first")
        << QStringList{u"TK-1"_s, u"T-1"_s, u"T"_s} << QStringList{u"T"_s, u"T-1"_s, u"TK-1"_s};
}

void TestTicketTableModel::naturalIdOrder() {
    QFETCH(QStringList, ids);
    QFETCH(QStringList, ascending);
    QList<Fixture> tickets;
    for (int i = 0; i < ids.size(); ++i) {
        Fixture t = standardTickets().at(0);
        t.id = ids.at(i);
        t.updatedAtMs = hoursAfterBase(i);
        tickets.append(t);
    }
    Watched w;
    QVERIFY(w.model.load(sourceOf(tickets)).ok());
    w.model.sort(TicketTableModel::IdColumn, Qt::AscendingOrder);
    QCOMPARE(visibleIds(w.model), ascending);
    w.model.sort(TicketTableModel::IdColumn, Qt::DescendingOrder);
    QStringList descending = ascending;
    std::reverse(descending.begin(), descending.end());
    QCOMPARE(visibleIds(w.model), descending);
}

void TestTicketTableModel::tiesListMostRecentlyUpdatedFirst_data() {
    QTest::addColumn<int>("column");
    QTest::addColumn<Qt::SortOrder>("order");
    QTest::addColumn<QStringList>("expected");
    // A, B, C are tied on every column but the id and the update time (B newest, then C, A);
    // D differs from them everywhere and sorts after them ascending.
    const QStringList ascending{u"B"_s, u"C"_s, u"A"_s, u"D"_s};
    const QStringList descending{u"D"_s, u"B"_s, u"C"_s, u"A"_s};
    for (const int column : {TicketTableModel::TitleColumn, TicketTableModel::StatusColumn,
                             TicketTableModel::PriorityColumn, TicketTableModel::CategoryColumn,
                             TicketTableModel::ProspectColumn, TicketTableModel::CompanyColumn,
                             TicketTableModel::AssigneeColumn}) {
        QTest::addRow("%s ascending", columnName(column))
            << column << Qt::AscendingOrder << ascending;
        QTest::addRow("%s descending", columnName(column))
            << column << Qt::DescendingOrder << descending;
    }
}

void TestTicketTableModel::tiesListMostRecentlyUpdatedFirst() {
    QFETCH(int, column);
    QFETCH(Qt::SortOrder, order);
    QFETCH(QStringList, expected);
    // Equal only after folding: different prospects with the same name at the same company,
    // categories and assignees that differ in case and accents.
    // clang-format off
    const QList<Fixture> tickets{
        {u"A"_s, u"Renewal"_s, {}, u"open"_s, u"low"_s, u"upsell"_s,
         u"C-1"_s, u"Lee Park"_s, u"Acme GmbH"_s, u"Dana Ruiz"_s, hoursAfterBase(1)},
        {u"B"_s, u"RENEWAL"_s, {}, u"open"_s, u"low"_s, u"Upsell"_s,
         u"C-2"_s, u"lee park"_s, u"ACME GmbH"_s, u"dana ruiz"_s, hoursAfterBase(3)},
        {u"C"_s, u"Renéwal"_s, {}, u"open"_s, u"low"_s, u"UPSELL"_s,
         u"C-3"_s, u"Lée Park"_s, u"Acmé GmbH"_s, u"Dána Ruiz"_s, hoursAfterBase(2)},
        {u"D"_s, u"Zebra"_s, {}, u"closed"_s, u"urgent"_s, u"zzz"_s,
         u"C-4"_s, u"Zoë"_s, u"Zeta"_s, u"Zed"_s, hoursAfterBase(0)},
    };
    // clang-format on
    Watched w;
    QVERIFY(w.model.load(sourceOf(tickets)).ok());
    w.model.sort(column, order);
    QCOMPARE(visibleIds(w.model), expected);
    QCOMPARE(visibleIds(w.model), expectedIds(tickets, TicketFilter(), column, order));
}

void TestTicketTableModel::filterText_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("expected"); // in the default order, newest first
    QTest::newRow("prospect without accent") << u"muller"_s << QStringList{u"T-20"_s, u"T-2"_s};
    QTest::newRow("prospect in capitals") << u"MÜLLER"_s << QStringList{u"T-20"_s, u"T-2"_s};
    QTest::newRow("description with Ł") << u"lodz"_s << QStringList{u"T-2"_s};
    QTest::newRow("description as written") << u"Łódź"_s << QStringList{u"T-2"_s};
    QTest::newRow("title or company, ß and ss")
        << u"straße"_s << QStringList{u"T-11"_s, u"T-20"_s, u"T-2"_s};
    QTest::newRow("ss finds ß") << u"STRASSE"_s << QStringList{u"T-11"_s, u"T-20"_s, u"T-2"_s};
    QTest::newRow("title or prospect name") << u"angstrom"_s << QStringList{u"T-10"_s, u"T-100"_s};
    QTest::newRow("title and description") << u"add-on"_s << QStringList{u"T-1"_s, u"T-10"_s};
    QTest::newRow("description only") << u"sso"_s << QStringList{u"T-10"_s};
    QTest::newRow("inside a word") << u"board"_s << QStringList{u"T-9"_s, u"T-10"_s};
    QTest::newRow("company") << u"acme"_s << QStringList{u"T-9"_s, u"T-1"_s, u"T-10"_s};
    QTest::newRow("prospect name") << u"lee"_s << QStringList{u"T-9"_s, u"T-11"_s, u"T-1"_s};
    QTest::newRow("two words, both needed") << u"acme lee"_s << QStringList{u"T-9"_s, u"T-1"_s};
    QTest::newRow("two words, different fields") << u"lee signage"_s << QStringList{u"T-11"_s};
    QTest::newRow("two words, one missing") << u"acme museum"_s << QStringList{};
    QTest::newRow("words in any order") << u"board demo"_s << QStringList{u"T-10"_s};
    QTest::newRow("partial word") << u"pric"_s << QStringList{u"T-1"_s};
    QTest::newRow("surrounding whitespace") << u"  renewal   "_s << QStringList{u"T-2"_s};
    QTest::newRow("accented prospect") << u"emile"_s << QStringList{u"t-3"_s};
    QTest::newRow("Œ as oe") << u"oeuvre"_s << QStringList{u"T-20"_s};
    QTest::newRow("ticket id") << u"T-10"_s << QStringList{u"T-10"_s, u"T-100"_s};
    QTest::newRow("ticket id, other case") << u"T-3"_s << QStringList{u"t-3"_s};
    QTest::newRow("ticket id prefix")
        << u"t-1"_s << QStringList{u"T-11"_s, u"T-1"_s, u"T-10"_s, u"T-100"_s};
    QTest::newRow("CJK") << u"東京"_s << QStringList{u"T-100"_s};
    QTest::newRow("emoji") << u"🚀"_s << QStringList{u"T-100"_s};
    QTest::newRow("assignee is not searched") << u"dana"_s << QStringList{};
    QTest::newRow("category is not searched") << u"onboarding team"_s << QStringList{u"T-9"_s};
    QTest::newRow("no match") << u"xyzzy"_s << QStringList{};
    QTest::newRow("empty text shows all")
        << QString() << QStringList{u"T-9"_s,  u"T-11"_s, u"T-1"_s, u"T-20"_s,
                                    u"T-10"_s, u"t-3"_s,  u"T-2"_s, u"T-100"_s};
}

void TestTicketTableModel::filterText() {
    QFETCH(QString, text);
    QFETCH(QStringList, expected);
    const QList<Fixture> tickets = standardTickets();
    Watched w;
    QVERIFY(w.model.load(sourceOf(tickets)).ok());
    w.model.setFilter(textFilter(text));
    QCOMPARE(w.model.filter().text(), text);
    QCOMPARE(visibleIds(w.model), expected);
    QCOMPARE(visibleIds(w.model), expectedIds(tickets, w.model));
    QCOMPARE(w.model.rowCount(), expected.size());
    QCOMPARE(w.model.totalCount(), tickets.size());
}

void TestTicketTableModel::filterMasks_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<quint32>("statuses");
    QTest::addColumn<quint32>("priorities");
    QTest::addColumn<QStringList>("expected");
    const quint32 all = TicketFilter::allStatuses;
    const quint32 allP = TicketFilter::allPriorities;
    const quint32 open = statusBit(Ticket::Status::Open);
    const quint32 pending = statusBit(Ticket::Status::Pending);
    QTest::newRow("open") << QString() << open << allP
                          << QStringList{u"T-11"_s, u"T-1"_s, u"t-3"_s};
    QTest::newRow("open or pending")
        << QString() << (open | pending) << allP
        << QStringList{u"T-11"_s, u"T-1"_s, u"T-20"_s, u"t-3"_s, u"T-2"_s};
    QTest::newRow("won, lost, closed")
        << QString()
        << (statusBit(Ticket::Status::Won) | statusBit(Ticket::Status::Lost)
            | statusBit(Ticket::Status::Closed))
        << allP << QStringList{u"T-9"_s, u"T-10"_s, u"T-100"_s};
    QTest::newRow("urgent") << QString() << all << priorityBit(Ticket::Priority::Urgent)
                            << QStringList{u"T-10"_s, u"t-3"_s};
    QTest::newRow("low or normal")
        << QString() << all
        << (priorityBit(Ticket::Priority::Low) | priorityBit(Ticket::Priority::Normal))
        << QStringList{u"T-9"_s, u"T-11"_s, u"T-20"_s, u"T-2"_s, u"T-100"_s};
    QTest::newRow("open and urgent")
        << QString() << open << priorityBit(Ticket::Priority::Urgent) << QStringList{u"t-3"_s};
    QTest::newRow("no status") << QString() << 0u << allP << QStringList{};
    QTest::newRow("no priority") << QString() << all << 0u << QStringList{};
    QTest::newRow("text and status")
        << u"acme"_s << statusBit(Ticket::Status::Closed) << allP << QStringList{u"T-9"_s};
    QTest::newRow("text, status and priority")
        << u"lee"_s << open << priorityBit(Ticket::Priority::High) << QStringList{u"T-1"_s};
}

void TestTicketTableModel::filterMasks() {
    QFETCH(QString, text);
    QFETCH(quint32, statuses);
    QFETCH(quint32, priorities);
    QFETCH(QStringList, expected);
    const QList<Fixture> tickets = standardTickets();
    Watched w;
    QVERIFY(w.model.load(sourceOf(tickets)).ok());
    w.model.setFilter(textFilter(text, statuses, priorities));
    QCOMPARE(visibleIds(w.model), expected);
    QCOMPARE(visibleIds(w.model), expectedIds(tickets, w.model));
    w.model.setFilter(TicketFilter());
    QCOMPARE(w.model.rowCount(), tickets.size());
}

void TestTicketTableModel::narrowingThenWideningGivesTheFullSetBack() {
    const QList<Fixture> tickets = standardTickets();
    Watched w;
    QVERIFY(w.model.load(sourceOf(tickets)).ok());
    const QStringList all = visibleIds(w.model);

    // Typing one letter after another, then deleting them again.
    const QString word = u"Straße c"_s;
    QStringList typed;
    for (qsizetype length = 0; length <= word.size(); ++length)
        typed.append(word.left(length));
    QStringList sequence = typed;
    for (qsizetype i = typed.size() - 2; i >= 0; --i)
        sequence.append(typed.at(i));
    for (const QString &text : std::as_const(sequence)) {
        w.model.setFilter(textFilter(text));
        QCOMPARE(visibleIds(w.model), expectedIds(tickets, w.model));
    }
    QCOMPARE(visibleIds(w.model), all);

    // Status quick filters: narrowing one at a time, then widening back.
    quint32 mask = TicketFilter::allStatuses;
    for (int status = 0; status <= int(Ticket::Status::Closed); ++status) {
        mask &= ~(1u << status);
        w.model.setFilter(textFilter(u"e"_s, mask));
        QCOMPARE(visibleIds(w.model), expectedIds(tickets, w.model));
    }
    QCOMPARE(w.model.rowCount(), 0);
    for (int status = 0; status <= int(Ticket::Status::Closed); ++status) {
        mask |= 1u << status;
        w.model.setFilter(textFilter(u"e"_s, mask));
        QCOMPARE(visibleIds(w.model), expectedIds(tickets, w.model));
    }
    w.model.setFilter(textFilter(QString(), mask, TicketFilter::allPriorities));
    QCOMPARE(visibleIds(w.model), all);

    // Priorities and text together, narrowing and widening in turn.
    w.model.setFilter(
        textFilter(u"a"_s, TicketFilter::allStatuses, priorityBit(Ticket::Priority::Normal)));
    QCOMPARE(visibleIds(w.model), expectedIds(tickets, w.model));
    w.model.setFilter(
        textFilter(u"ac"_s, TicketFilter::allStatuses, priorityBit(Ticket::Priority::Normal)));
    QCOMPARE(visibleIds(w.model), expectedIds(tickets, w.model));
    w.model.setFilter(textFilter(u"ac"_s));
    QCOMPARE(visibleIds(w.model), expectedIds(tickets, w.model));
    w.model.setFilter(TicketFilter());
    QCOMPARE(visibleIds(w.model), all);
}

void TestTicketTableModel::narrowingKeepsTheSortOrder() {
    const QList<Fixture> tickets = standardTickets();
    Watched w;
    QVERIFY(w.model.load(sourceOf(tickets)).ok());
    w.model.sort(TicketTableModel::TitleColumn, Qt::AscendingOrder);
    for (const QString &text : {u"e"_s, u"e r"_s, u"e re"_s, u"e rep"_s}) {
        w.model.setFilter(textFilter(text));
        QCOMPARE(visibleIds(w.model), expectedIds(tickets, w.model));
    }
    QCOMPARE(visibleIds(w.model), QStringList{u"T-100"_s});
}

void TestTicketTableModel::countsChanged() {
    Watched w;
    QSignalSpy counts(&w.model, &TicketTableModel::countsChanged);
    QVERIFY(w.model.load(sourceOf(standardTickets())).ok());
    QCOMPARE(counts.size(), 1);
    QCOMPARE(counts.takeFirst(), (QVariantList{8, 8}));

    w.model.setFilter(textFilter(u"acme"_s));
    QCOMPARE(counts.size(), 1);
    QCOMPARE(counts.takeFirst(), (QVariantList{3, 8}));

    w.model.sort(TicketTableModel::IdColumn, Qt::AscendingOrder);
    QCOMPARE(counts.size(), 1);
    QCOMPARE(counts.takeFirst(), (QVariantList{3, 8}));

    // The same filter again (even typed differently) changes nothing.
    w.model.setFilter(textFilter(u"  ACME "_s));
    QCOMPARE(counts.size(), 0);
    QCOMPARE(w.model.filter().text(), u"  ACME "_s);

    w.model.setFilter(textFilter(u"acme zzz"_s));
    QCOMPARE(counts.takeFirst(), (QVariantList{0, 8}));

    w.model.setFilter(TicketFilter());
    QCOMPARE(counts.takeFirst(), (QVariantList{8, 8}));

    w.model.setFilter(textFilter(u"lee"_s));
    QCOMPARE(counts.takeFirst(), (QVariantList{3, 8}));
    QVERIFY(w.model.load(sourceOf(standardTickets().mid(0, 5))).ok());
    QCOMPARE(counts.size(), 1);
    QCOMPARE(counts.takeFirst(), (QVariantList{2, 5}));
}

void TestTicketTableModel::persistentIndexesFollowTheirTickets() {
    Watched w;
    QVERIFY(w.model.load(sourceOf(standardTickets())).ok());
    const QPersistentModelIndex onboarding(
        w.model.index(w.model.rowOfTicket(u"T-9"_s), TicketTableModel::TitleColumn));
    const QPersistentModelIndex renewal(
        w.model.index(w.model.rowOfTicket(u"T-2"_s), TicketTableModel::CompanyColumn));
    QVERIFY(onboarding.isValid());
    QVERIFY(renewal.isValid());

    auto check = [&](const QPersistentModelIndex &index, const QString &id, int column) {
        QVERIFY(index.isValid());
        QCOMPARE(index.row(), w.model.rowOfTicket(id));
        QCOMPARE(index.column(), column);
        QCOMPARE(index.data(TicketTableModel::TicketIdRole).toString(), id);
    };

    for (int column = 0; column < TicketTableModel::ColumnCount; ++column) {
        for (const Qt::SortOrder order : {Qt::AscendingOrder, Qt::DescendingOrder}) {
            w.model.sort(column, order);
            check(onboarding, u"T-9"_s, TicketTableModel::TitleColumn);
            if (QTest::currentTestFailed())
                return;
            check(renewal, u"T-2"_s, TicketTableModel::CompanyColumn);
            if (QTest::currentTestFailed())
                return;
            QCOMPARE(onboarding.data().toString(), u"Onboarding call"_s);
            QCOMPARE(renewal.data().toString(), u"Straße & Co KG"_s);
        }
    }

    // Through filters that keep both tickets, narrowing and widening.
    for (const QString &text : {u"e"_s, u"er"_s, u"ler"_s, u"er"_s, QString()}) {
        w.model.setFilter(textFilter(text));
        check(onboarding, u"T-9"_s, TicketTableModel::TitleColumn);
        check(renewal, u"T-2"_s, TicketTableModel::CompanyColumn);
    }
    w.model.setFilter(textFilter(QString(), statusBit(Ticket::Status::Closed)
                                                | statusBit(Ticket::Status::Pending)));
    check(onboarding, u"T-9"_s, TicketTableModel::TitleColumn);
    check(renewal, u"T-2"_s, TicketTableModel::CompanyColumn);
    w.model.sort(TicketTableModel::PriorityColumn, Qt::DescendingOrder);
    check(onboarding, u"T-9"_s, TicketTableModel::TitleColumn);
    check(renewal, u"T-2"_s, TicketTableModel::CompanyColumn);
}

void TestTicketTableModel::persistentIndexesInvalidatedWhenFilteredOut() {
    Watched w;
    QVERIFY(w.model.load(sourceOf(standardTickets())).ok());
    w.model.sort(TicketTableModel::IdColumn, Qt::AscendingOrder);
    const QPersistentModelIndex onboarding(w.model.index(w.model.rowOfTicket(u"T-9"_s), 0));
    const QPersistentModelIndex renewal(w.model.index(w.model.rowOfTicket(u"T-2"_s), 3));
    const QPersistentModelIndex licensing(w.model.index(w.model.rowOfTicket(u"T-20"_s), 8));

    // "acme" keeps T-9 but drops T-2 and T-20.
    w.model.setFilter(textFilter(u"acme"_s));
    QVERIFY(onboarding.isValid());
    QCOMPARE(onboarding.row(), w.model.rowOfTicket(u"T-9"_s));
    QCOMPARE(onboarding.data(TicketTableModel::TicketIdRole).toString(), u"T-9"_s);
    QVERIFY(!renewal.isValid());
    QVERIFY(!licensing.isValid());
    QCOMPARE(w.model.rowOfTicket(u"T-2"_s), -1);

    // Showing it again does not bring an invalidated index back.
    w.model.setFilter(TicketFilter());
    QVERIFY(!renewal.isValid());
    QVERIFY(onboarding.isValid());
    QCOMPARE(onboarding.row(), w.model.rowOfTicket(u"T-9"_s));

    // A status filter that drops T-9.
    w.model.setFilter(textFilter(QString(), statusBit(Ticket::Status::Open)));
    QVERIFY(!onboarding.isValid());
    QCOMPARE(w.model.rowCount(), 3);
}

void TestTicketTableModel::nonAsciiIdsAndTitlesRoundTrip() {
    // The model keeps ids and titles as UTF-8; what it shows and finds must be the same text.
    const QStringList ids = {u"Ü-1"_s, u"東京-2"_s, u"T-🚀-3"_s, u"T-4"_s};
    const QStringList titles = {u"Café crème"_s, u"東京の見積もり"_s, u"Launch 🚀 day"_s, QString()};
    QList<Fixture> tickets;
    for (int i = 0; i < ids.size(); ++i) {
        Fixture t = standardTickets().at(0);
        t.id = ids.at(i);
        t.title = titles.at(i);
        t.updatedAtMs = hoursAfterBase(i);
        tickets.append(t);
    }
    Watched w;
    QVERIFY(w.model.load(sourceOf(tickets)).ok());
    QCOMPARE(w.model.rowCount(), ids.size());
    for (int row = 0; row < w.model.rowCount(); ++row) {
        const QString id = w.model.ticketId(row);
        const qsizetype i = ids.indexOf(id);
        QVERIFY2(i >= 0, qPrintable(id));
        QCOMPARE(w.model.data(w.model.index(row, TicketTableModel::IdColumn)).toString(), id);
        QCOMPARE(w.model.data(w.model.index(row, 0), TicketTableModel::TicketIdRole).toString(),
                 id);
        QCOMPARE(w.model.data(w.model.index(row, TicketTableModel::TitleColumn)).toString(),
                 titles.at(i));
        QCOMPARE(w.model.rowOfTicket(id), row);
    }
    QCOMPARE(w.model.rowOfTicket(u"ü-1"_s), -1);
    w.model.setFilter(textFilter(u"東京"_s));
    QCOMPARE(w.model.rowCount(), 1);
    QCOMPARE(w.model.ticketId(0), u"東京-2"_s);
}

void TestTicketTableModel::rowOfTicketAndTicketId() {
    Watched w;
    QVERIFY(w.model.load(sourceOf(standardTickets())).ok());
    for (int column = 0; column < TicketTableModel::ColumnCount; ++column) {
        w.model.sort(column, Qt::AscendingOrder);
        for (int row = 0; row < w.model.rowCount(); ++row)
            QCOMPARE(w.model.rowOfTicket(w.model.ticketId(row)), row);
    }
    QCOMPARE(w.model.rowOfTicket(u"T-404"_s), -1);
    QCOMPARE(w.model.rowOfTicket(QString()), -1);
    QCOMPARE(w.model.rowOfTicket(u"t-1"_s), -1); // ids are matched exactly
    QVERIFY(w.model.ticketId(-1).isEmpty());
    QVERIFY(w.model.ticketId(w.model.rowCount()).isEmpty());

    w.model.setFilter(textFilter(u"lee"_s));
    QCOMPARE(w.model.rowCount(), 3);
    QCOMPARE(w.model.rowOfTicket(u"T-2"_s), -1);
    QVERIFY(w.model.rowOfTicket(u"T-11"_s) >= 0);
    QVERIFY(w.model.ticketId(3).isEmpty());
    for (int row = 0; row < w.model.rowCount(); ++row)
        QCOMPARE(w.model.rowOfTicket(w.model.ticketId(row)), row);
}

void TestTicketTableModel::failingSourceKeepsPreviousRows() {
    Watched w;
    QVERIFY(w.model.load(sourceOf(standardTickets())).ok());
    w.model.sort(TicketTableModel::TitleColumn, Qt::AscendingOrder);
    w.model.setFilter(textFilter(u"e"_s));
    const QStringList before = visibleIds(w.model);
    const int total = w.model.totalCount();

    QSignalSpy reset(&w.model, &QAbstractItemModel::modelAboutToBeReset);
    QSignalSpy layout(&w.model, &QAbstractItemModel::layoutAboutToBeChanged);
    QSignalSpy counts(&w.model, &TicketTableModel::countsChanged);
    const QPersistentModelIndex kept(w.model.index(0, 1));
    int yielded = 0;
    const Result<void> result =
        w.model.load([&](const std::function<void(TicketRow &&)> &sink) -> Result<void> {
            for (const Fixture &t : standardTickets().mid(0, 3)) {
                sink(toRow(t));
                ++yielded;
            }
            return OutreachError(OutreachError::Code::Storage,
                                 u"database disk image is malformed"_s);
        });
    QCOMPARE(yielded, 3);
    QVERIFY(!result.ok());
    QCOMPARE(result.error().code(), OutreachError::Code::Storage);
    QCOMPARE(result.error().message(), u"database disk image is malformed"_s);
    QCOMPARE(reset.size(), 0);
    QCOMPARE(layout.size(), 0);
    QCOMPARE(counts.size(), 0);
    QCOMPARE(w.model.totalCount(), total);
    QCOMPARE(visibleIds(w.model), before);
    QVERIFY(kept.isValid());
    QCOMPARE(kept.row(), 0);

    // The model still works afterwards.
    w.model.setFilter(TicketFilter());
    QCOMPARE(visibleIds(w.model), expectedIds(standardTickets(), w.model));
}

void TestTicketTableModel::loadKeepsFilterAndSort() {
    Watched w;
    QVERIFY(w.model.load(sourceOf(standardTickets())).ok());
    w.model.sort(TicketTableModel::CompanyColumn, Qt::DescendingOrder);
    const TicketFilter filter =
        textFilter(u"a"_s, TicketFilter::allStatuses & ~statusBit(Ticket::Status::Lost));
    w.model.setFilter(filter);

    // The next sync: a ticket gone, one new, one changed.
    QList<Fixture> next = standardTickets();
    next.removeAt(0);                    // T-1
    next[3].company = u"Aardvark Ltd"_s; // T-9's prospect moved
    next.append({u"T-30"_s, u"Analytics add-on trial"_s, u"Zoë asked for a trial"_s, u"open"_s,
                 u"high"_s, u"upsell"_s, u"C-316"_s, u"Ana Lima"_s, u"Zeta SA"_s, QString(),
                 hoursAfterBase(20)});
    QVERIFY(w.model.load(sourceOf(next)).ok());
    QVERIFY(w.model.filter() == filter);
    QCOMPARE(w.model.filter().text(), u"a"_s);
    QCOMPARE(w.model.sortColumn(), int(TicketTableModel::CompanyColumn));
    QCOMPARE(w.model.sortOrder(), Qt::DescendingOrder);
    QCOMPARE(w.model.totalCount(), next.size());
    QCOMPARE(visibleIds(w.model), expectedIds(next, w.model));
    QCOMPARE(w.model.rowOfTicket(u"T-1"_s), -1);
    QVERIFY(w.model.rowOfTicket(u"T-30"_s) >= 0);
    QCOMPARE(w.model.index(w.model.rowOfTicket(u"T-9"_s), TicketTableModel::CompanyColumn)
                 .data()
                 .toString(),
             u"Aardvark Ltd"_s);
}

void TestTicketTableModel::loadReplacesCachedSortOrders() {
    Watched w;
    QList<Fixture> first = standardTickets();
    QVERIFY(w.model.load(sourceOf(first)).ok());
    // Build sort orders for several columns, then load as many tickets with other values.
    for (int column = 0; column < TicketTableModel::ColumnCount; ++column) {
        w.model.sort(column, Qt::AscendingOrder);
        w.model.sort(column, Qt::DescendingOrder);
    }
    QList<Fixture> second = standardTickets();
    std::reverse(second.begin(), second.end());
    for (int i = 0; i < second.size(); ++i) {
        second[i].title = u"%1 renamed"_s.arg(QChar(u'Z' - i));
        second[i].updatedAtMs = hoursAfterBase(100 - i * 7 % 13);
        second[i].category = QString(QChar(u'a' + (i * 5) % 8));
    }
    QVERIFY(w.model.load(sourceOf(second)).ok());
    for (int column = 0; column < TicketTableModel::ColumnCount; ++column) {
        for (const Qt::SortOrder order : {Qt::AscendingOrder, Qt::DescendingOrder}) {
            w.model.sort(column, order);
            QCOMPARE(visibleIds(w.model), expectedIds(second, TicketFilter(), column, order));
        }
    }
}

void TestTicketTableModel::prospectSharedByTicketsIsSearchable() {
    Watched w;
    QVERIFY(w.model.load(sourceOf(standardTickets())).ok());
    // C-310 (Lee Park, Acme GmbH) has two tickets and C-311 (Zoë Müller) two.
    w.model.setFilter(textFilter(u"park gmbh"_s));
    QCOMPARE(visibleIds(w.model), (QStringList{u"T-9"_s, u"T-1"_s}));
    for (int row = 0; row < w.model.rowCount(); ++row) {
        QCOMPARE(w.model.index(row, 0).data(TicketTableModel::ProspectIdRole).toString(),
                 u"C-310"_s);
        QCOMPARE(w.model.index(row, TicketTableModel::ProspectColumn).data().toString(),
                 u"Lee Park"_s);
    }
    w.model.setFilter(textFilter(u"zoe co kg"_s));
    QCOMPARE(visibleIds(w.model), (QStringList{u"T-20"_s, u"T-2"_s}));
}

void TestTicketTableModel::searchKeyWithoutTitlePrefix() {
    // A row source may hand over a search key that does not start with the title key; the title
    // must still be searchable and sortable.
    QList<TicketRow> rows;
    for (const Fixture &t : standardTickets().mid(0, 3)) {
        TicketRow row = toRow(t);
        row.searchKey =
            TextFolding::fold(t.title == u"Renewal terms"_s ? u"nothing here"_s : t.description);
        rows.append(row);
    }
    Watched w;
    QVERIFY(w.model
                .load([rows](const std::function<void(TicketRow &&)> &sink) -> Result<void> {
                    for (TicketRow row : rows)
                        sink(std::move(row));
                    return {};
                })
                .ok());
    w.model.setFilter(textFilter(u"renewal terms"_s));
    QCOMPARE(visibleIds(w.model), QStringList{u"T-2"_s});
    w.model.setFilter(textFilter(u"nothing"_s));
    QCOMPARE(visibleIds(w.model), QStringList{u"T-2"_s});
    w.model.setFilter(TicketFilter());
    w.model.sort(TicketTableModel::TitleColumn, Qt::AscendingOrder);
    QCOMPARE(visibleIds(w.model), (QStringList{u"T-10"_s, u"T-1"_s, u"T-2"_s}));
}

void TestTicketTableModel::randomisedAgainstExpectation() {
    QRandomGenerator random(20261120);
    auto pick = [&](const QStringList &pool) { return pool.at(random.bounded(int(pool.size()))); };
    const QStringList words{u"Pricing"_s,    u"renewal"_s, u"Demo"_s,     u"Straße"_s,   u"Œuvre"_s,
                            u"Łódź"_s,       u"Müller"_s,  u"report"_s,   u"東京"_s,     u"🚀"_s,
                            u"add-on"_s,     u"SSO"_s,     u"Ångström"_s, u"question"_s, u"zoë"_s,
                            u"Onboarding"_s, u"STRASSE"_s, u"muller"_s,   u"Mueller"_s,  u"seat"_s};
    const QStringList names{u"Lee Park"_s, u"Zoë Müller"_s, u"Émile Zola"_s, u"Kenji Sato"_s,
                            u"lee park"_s, u"Łukasz"_s,     u"Ana"_s,        u"Øyvind Berg"_s};
    const QStringList companies{u"Acme GmbH"_s, u"ACME GmbH"_s, u"Straße & Co"_s, u"東京 Trading"_s,
                                u"Beta AG"_s,   QString(),      u"Zeta"_s};
    const QStringList categories{u"upsell"_s, u"Upsell"_s,  u"renewal"_s,
                                 QString(),   u"support"_s, u"Ärger"_s};
    const QStringList assignees{u"Dana Ruiz"_s, u"dana ruiz"_s, u"Łukasz Nowak"_s, QString(),
                                u"Ørjan Berg"_s};
    const QStringList statuses{u"open"_s, u"pending"_s, u"won"_s, u"lost"_s, u"closed"_s};
    const QStringList priorities{u"low"_s, u"normal"_s, u"high"_s, u"urgent"_s};
    const QStringList prefixes{u"T"_s, u"T"_s, u"T"_s, u"t"_s, u"X"_s};

    struct Prospect {
        QString id, name, company;
    };
    QList<Prospect> prospects;
    for (int i = 0; i < 40; ++i)
        prospects.append({u"C-%1"_s.arg(i), pick(names), pick(companies)});

    const int count = 400;
    std::vector<int> updateOrder(count);
    std::iota(updateOrder.begin(), updateOrder.end(), 0);
    std::shuffle(updateOrder.begin(), updateOrder.end(), random);
    std::vector<int> numbers(5000);
    std::iota(numbers.begin(), numbers.end(), 1);
    std::shuffle(numbers.begin(), numbers.end(), random);

    QList<Fixture> tickets;
    for (int i = 0; i < count; ++i) {
        auto sentence = [&](int minWords, int maxWords) {
            QStringList parts;
            for (int n = minWords + random.bounded(maxWords - minWords + 1); n > 0; --n)
                parts.append(pick(words));
            return parts.join(u' ');
        };
        const Prospect &prospect = prospects.at(random.bounded(int(prospects.size())));
        tickets.append({pick(prefixes) + u'-' + QString::number(numbers[i]), sentence(1, 4),
                        sentence(0, 6), pick(statuses), pick(priorities), pick(categories),
                        prospect.id, prospect.name, prospect.company, pick(assignees),
                        baseMs + qint64(updateOrder[i]) * 60000});
    }

    Watched w;
    QVERIFY(w.model.load(sourceOf(tickets)).ok());
    QCOMPARE(visibleIds(w.model), expectedIds(tickets, w.model));

    const QStringList fragments{u"mul"_s, u"muller"_s, u"stra"_s, u"strasse"_s, u"t-1"_s,
                                u"x-"_s,  u"lodz"_s,   u"東"_s,   u"acme"_s,    u"lee"_s,
                                u"o"_s,   u"e"_s,      u"zoe"_s,  u"🚀"_s,       u"add"_s};
    QString text;
    quint32 statusMask = TicketFilter::allStatuses;
    quint32 priorityMask = TicketFilter::allPriorities;
    for (int step = 0; step < 120; ++step) {
        switch (random.bounded(5)) {
        case 0: // sort
            w.model.sort(random.bounded(int(TicketTableModel::ColumnCount)),
                         random.bounded(2) ? Qt::AscendingOrder : Qt::DescendingOrder);
            break;
        case 1: // type a new search
            text = random.bounded(3) ? pick(fragments)
                                     : QString(pick(fragments) + u' ' + pick(fragments));
            break;
        case 2: // type one more letter, or delete one
            if (!text.isEmpty() && random.bounded(2))
                text.chop(1);
            else
                text += QChar(u"aeilnorst -"_s.at(random.bounded(11)));
            break;
        case 3:
            statusMask = random.bounded(3) ? TicketFilter::allStatuses
                                           : random.bounded(TicketFilter::allStatuses + 1);
            break;
        case 4:
            priorityMask = random.bounded(3) ? TicketFilter::allPriorities
                                             : random.bounded(TicketFilter::allPriorities + 1);
            break;
        }
        w.model.setFilter(textFilter(text, statusMask, priorityMask));
        const QStringList expected = expectedIds(tickets, w.model);
        QCOMPARE(visibleIds(w.model), expected);
        QCOMPARE(w.model.rowCount(), expected.size());
    }
}

QTEST_GUILESS_MAIN(TestTicketTableModel)
#include "tst_tickettablemodel.moc"
