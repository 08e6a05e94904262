// SPDX-License-Identifier: GPL-3.0-or-later
// InteractionListModel: a ticket's timeline, newest first, with its roles and display text; and a
// long history read page by page (fetchMore) through a keyset cursor, without repeats or gaps.
#include "ui/itemmodels/InteractionListModel.h"

#include <QAbstractItemModelTester>
#include <QSet>
#include <QSignalSpy>
#include <QTest>
#include <QTimeZone>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

QDateTime at(int day, int hour, int minute = 0) {
    return QDateTime(QDate(2026, 11, day), QTime(hour, minute), QTimeZone::utc());
}

Interaction make(const QString &id, const QDateTime &when, Interaction::Type type,
                 Interaction::Direction direction, const QString &author, const QString &subject,
                 const QString &content) {
    Interaction interaction;
    interaction.id = id;
    interaction.ticketId = u"T-1042"_s;
    interaction.type = type;
    interaction.direction = direction;
    interaction.occurredAt = when;
    interaction.author = author;
    interaction.subject = subject;
    interaction.content = content;
    return interaction;
}

QList<Interaction> timeline() {
    using T = Interaction::Type;
    using D = Interaction::Direction;
    return {
        make(u"I-1"_s, at(18, 9), T::Email, D::Inbound, u"Lee Park"_s, u"Pricing"_s,
             u"Is the add-on billed per seat?"_s),
        make(u"I-2"_s, at(18, 15, 30), T::Call, D::Outbound, u"Dana Ruiz"_s, QString(),
             u"Walked through the price list."_s),
        make(u"I-3"_s, at(19, 11), T::Note, D::Internal, QString(), QString(),
             u"Zoë from Łódź wants a demo 🚀"_s),
        make(u"I-4"_s, at(20, 14, 3), T::OutreachMessage, D::Outbound, u"Dana Ruiz"_s,
             u"Demo next week?"_s, u"Hi Lee, shall we book 30 minutes?"_s),
        make(u"I-5"_s, at(20, 16), T::Meeting, D::Outbound, u"Dana Ruiz"_s, u"Demo"_s, QString()),
    };
}

// `count` entries newest first by (time, id), `sameTime` of them sharing each minute, read the
// way CacheStore::interactionPage reads them: strictly below the cursor, at most `limit`.
struct FakeHistory {
    QList<Interaction> all;
    int reads = 0;

    FakeHistory(int count, int sameTime) {
        const QDateTime newest = at(20, 16);
        for (int i = 0; i < count; ++i) {
            // Ids descend within a minute, as the cache orders them ("I-0999" before "I-0998").
            const int n = count - 1 - i;
            all.append(make(u"I-%1"_s.arg(n, 4, 10, QLatin1Char('0')),
                            newest.addSecs(-60 * (i / sameTime)), Interaction::Type::Note,
                            Interaction::Direction::Internal, {}, {}, u"entry %1"_s.arg(n)));
        }
        sort();
    }
    void sort() {
        std::sort(all.begin(), all.end(), [](const Interaction &a, const Interaction &b) {
            return a.occurredAt != b.occurredAt ? a.occurredAt > b.occurredAt : a.id > b.id;
        });
    }
    static bool below(const Interaction &entry, const InteractionCursor &cursor) {
        return entry.occurredAt < cursor.occurredAt
               || (entry.occurredAt == cursor.occurredAt && entry.id < cursor.id);
    }
    InteractionListModel::PageReader reader() {
        return [this](const std::optional<InteractionCursor> &after, int limit) {
            ++reads;
            QList<Interaction> page;
            for (const Interaction &entry : std::as_const(all)) {
                if (page.size() == limit)
                    break;
                if (!after || below(entry, *after))
                    page.append(entry);
            }
            return page;
        };
    }
    QStringList ids() const {
        QStringList result;
        for (const Interaction &entry : all)
            result.append(entry.id);
        return result;
    }
};

QStringList ids(const InteractionListModel &model) {
    QStringList result;
    for (int row = 0; row < model.rowCount(); ++row)
        result.append(model.index(row).data(InteractionListModel::InteractionIdRole).toString());
    return result;
}

} // namespace

class TestInteractionListModel : public QObject {
    Q_OBJECT

private slots:
    void newestFirstWhateverTheInputOrder_data();
    void newestFirstWhateverTheInputOrder();
    void equalTimesKeepInputOrder();
    void roles();
    void displayText();
    void headline();
    void roleNames();
    void invalidIndexes();
    void replacingResetsTheModel();
    void aLongHistoryLoadsItsFirstPageOnly();
    void fetchMoreReadsOnWithoutRepeatsOrGaps_data();
    void fetchMoreReadsOnWithoutRepeatsOrGaps();
    void anEntryMovedBetweenPagesIsShownOnce();
    void refreshKeepsTheRowsUnlessTheFirstPageChanged();
    void aGivenListFetchesNothing();
};

void TestInteractionListModel::newestFirstWhateverTheInputOrder_data() {
    QTest::addColumn<QList<int>>("order");
    QTest::newRow("oldest first") << QList<int>{0, 1, 2, 3, 4};
    QTest::newRow("newest first") << QList<int>{4, 3, 2, 1, 0};
    QTest::newRow("shuffled") << QList<int>{2, 4, 0, 3, 1};
    QTest::newRow("shuffled again") << QList<int>{1, 0, 4, 2, 3};
    QTest::newRow("single") << QList<int>{3};
    QTest::newRow("empty") << QList<int>{};
}

void TestInteractionListModel::newestFirstWhateverTheInputOrder() {
    QFETCH(QList<int>, order);
    const QList<Interaction> all = timeline();
    QList<Interaction> input;
    for (const int i : std::as_const(order))
        input.append(all.at(i));

    InteractionListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setInteractions(input);

    QCOMPARE(model.rowCount(), order.size());
    QStringList expected;
    QList<int> sorted = order;
    std::sort(sorted.begin(), sorted.end(), std::greater<>());
    for (const int i : std::as_const(sorted))
        expected.append(all.at(i).id);
    QCOMPARE(ids(model), expected);
    for (int row = 1; row < model.rowCount(); ++row) {
        QVERIFY(model.index(row - 1).data(InteractionListModel::OccurredAtRole).toDateTime()
                >= model.index(row).data(InteractionListModel::OccurredAtRole).toDateTime());
    }
    // interactions() hands out the same order as the rows.
    QCOMPARE(model.interactions().size(), expected.size());
    for (int row = 0; row < expected.size(); ++row)
        QCOMPARE(model.interactions().at(row).id, expected.at(row));
}

void TestInteractionListModel::equalTimesKeepInputOrder() {
    using T = Interaction::Type;
    using D = Interaction::Direction;
    const QDateTime same = at(20, 12);
    InteractionListModel model;
    model.setInteractions({
        make(u"A"_s, same, T::Note, D::Internal, {}, {}, u"a"_s),
        make(u"old"_s, at(1, 1), T::Note, D::Internal, {}, {}, u"o"_s),
        make(u"B"_s, same, T::Note, D::Internal, {}, {}, u"b"_s),
        make(u"C"_s, same, T::Note, D::Internal, {}, {}, u"c"_s),
    });
    QCOMPARE(ids(model), (QStringList{u"A"_s, u"B"_s, u"C"_s, u"old"_s}));
}

void TestInteractionListModel::roles() {
    InteractionListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setInteractions(timeline());
    const QModelIndex newest = model.index(0);
    QCOMPARE(newest.data(InteractionListModel::InteractionIdRole).toString(), u"I-5"_s);
    QCOMPARE(newest.data(InteractionListModel::TypeRole).toInt(),
             static_cast<int>(Interaction::Type::Meeting));
    QCOMPARE(newest.data(InteractionListModel::DirectionRole).toInt(),
             static_cast<int>(Interaction::Direction::Outbound));
    QCOMPARE(newest.data(InteractionListModel::OccurredAtRole).toDateTime(), at(20, 16));
    QCOMPARE(newest.data(InteractionListModel::AuthorRole).toString(), u"Dana Ruiz"_s);
    QCOMPARE(newest.data(InteractionListModel::SubjectRole).toString(), u"Demo"_s);
    QCOMPARE(newest.data(InteractionListModel::ContentRole).toString(), QString());

    const QModelIndex note = model.index(2);
    QCOMPARE(note.data(InteractionListModel::InteractionIdRole).toString(), u"I-3"_s);
    QCOMPARE(note.data(InteractionListModel::TypeRole).toInt(),
             static_cast<int>(Interaction::Type::Note));
    QCOMPARE(note.data(InteractionListModel::DirectionRole).toInt(),
             static_cast<int>(Interaction::Direction::Internal));
    QCOMPARE(note.data(InteractionListModel::ContentRole).toString(),
             u"Zoë from Łódź wants a demo 🚀"_s);
    QCOMPARE(note.data(Qt::ToolTipRole).toString(), u"Zoë from Łódź wants a demo 🚀"_s);
    QVERIFY(note.data(InteractionListModel::AuthorRole).toString().isEmpty());
    QVERIFY(!note.data(Qt::DecorationRole).isValid());
}

void TestInteractionListModel::displayText() {
    InteractionListModel model;
    model.setInteractions(timeline());
    for (int row = 0; row < model.rowCount(); ++row) {
        const QModelIndex index = model.index(row);
        const Interaction &interaction = model.interactions().at(row);
        const QString text = index.data(Qt::DisplayRole).toString();
        QVERIFY2(text.startsWith(index.data(InteractionListModel::HeadlineRole).toString()),
                 qPrintable(text));
        if (!interaction.subject.isEmpty())
            QVERIFY2(text.contains(interaction.subject), qPrintable(text));
        if (!interaction.content.isEmpty())
            QVERIFY2(text.contains(interaction.content), qPrintable(text));
        QVERIFY2(!text.contains(u"\n\n"_s), qPrintable(text));
        QVERIFY2(!text.endsWith(u'\n'), qPrintable(text));
    }
    // Subject on the line after the headline, content after the subject.
    const QStringList lines = model.index(1).data(Qt::DisplayRole).toString().split(u'\n');
    QCOMPARE(lines.size(), 3);
    QCOMPARE(lines.at(1), u"Demo next week?"_s);
    QCOMPARE(lines.at(2), u"Hi Lee, shall we book 30 minutes?"_s);
    // Without a subject the content follows the headline directly.
    const QStringList noteLines = model.index(2).data(Qt::DisplayRole).toString().split(u'\n');
    QCOMPARE(noteLines.size(), 2);
    QCOMPARE(noteLines.at(1), u"Zoë from Łódź wants a demo 🚀"_s);
}

void TestInteractionListModel::headline() {
    InteractionListModel model;
    model.setInteractions(timeline());
    const QString outreach = model.index(1).data(InteractionListModel::HeadlineRole).toString();
    QVERIFY2(outreach.startsWith(u"Outreach message · Outbound · Dana Ruiz · "_s),
             qPrintable(outreach));
    QVERIFY(!outreach.contains(u'\n'));
    // An entry without an author leaves the author out rather than showing an empty part.
    const QString note = model.index(2).data(InteractionListModel::HeadlineRole).toString();
    QVERIFY2(note.startsWith(u"Note · Internal · "_s), qPrintable(note));
    QVERIFY2(!note.contains(u" ·  · "_s), qPrintable(note));
    QCOMPARE(note.count(u" · "_s), 2);
    // The date is shown in some form: differing times give differing headlines.
    const QString email = model.index(4).data(InteractionListModel::HeadlineRole).toString();
    QVERIFY2(email.startsWith(u"Email · Inbound · Lee Park · "_s), qPrintable(email));
    QVERIFY(email.size() > u"Email · Inbound · Lee Park · "_s.size());
}

void TestInteractionListModel::roleNames() {
    InteractionListModel model;
    const QHash<int, QByteArray> names = model.roleNames();
    QCOMPARE(names.value(Qt::DisplayRole), "display"_ba);
    QCOMPARE(names.value(InteractionListModel::InteractionIdRole), "interactionId"_ba);
    QCOMPARE(names.value(InteractionListModel::TypeRole), "type"_ba);
    QCOMPARE(names.value(InteractionListModel::DirectionRole), "direction"_ba);
    QCOMPARE(names.value(InteractionListModel::OccurredAtRole), "occurredAt"_ba);
    QCOMPARE(names.value(InteractionListModel::AuthorRole), "author"_ba);
    QCOMPARE(names.value(InteractionListModel::SubjectRole), "subject"_ba);
    QCOMPARE(names.value(InteractionListModel::ContentRole), "content"_ba);
    QCOMPARE(names.value(InteractionListModel::HeadlineRole), "headline"_ba);
    // No two roles share a name.
    QList<QByteArray> values = names.values();
    std::sort(values.begin(), values.end());
    QVERIFY(std::adjacent_find(values.begin(), values.end()) == values.end());
}

void TestInteractionListModel::invalidIndexes() {
    InteractionListModel model;
    model.setInteractions(timeline());
    QVERIFY(!model.index(5).isValid());
    QVERIFY(!model.index(-1).isValid());
    QVERIFY(!model.index(0, 1).isValid());
    QCOMPARE(model.rowCount(model.index(0)), 0);
    QVERIFY(!model.data(model.index(0), Qt::UserRole + 100).isValid());
}

void TestInteractionListModel::replacingResetsTheModel() {
    InteractionListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QCOMPARE(model.rowCount(), 0);
    model.setInteractions(timeline());
    QCOMPARE(reset.size(), 1);
    QCOMPARE(model.rowCount(), 5);
    const QPersistentModelIndex kept(model.index(0));
    model.setInteractions(timeline().mid(0, 2));
    QCOMPARE(reset.size(), 2);
    QCOMPARE(model.rowCount(), 2);
    QVERIFY(!kept.isValid());
    QCOMPARE(ids(model), (QStringList{u"I-2"_s, u"I-1"_s}));
    model.setInteractions({});
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(reset.size(), 3);
}

void TestInteractionListModel::aLongHistoryLoadsItsFirstPageOnly() {
    FakeHistory history(1000, 7);
    InteractionListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setPageReader(history.reader(), 1000);
    QCOMPARE(history.reads, 1);
    QCOMPARE(model.rowCount(), InteractionListModel::DefaultPageSize);
    QCOMPARE(model.totalCount(), 1000);
    QVERIFY(model.isPaged());
    QVERIFY(model.canFetchMore({}));
    QVERIFY(!model.canFetchMore(model.index(0))); // a list: rows have no children to fetch
    QCOMPARE(ids(model), history.ids().mid(0, InteractionListModel::DefaultPageSize));
}

void TestInteractionListModel::fetchMoreReadsOnWithoutRepeatsOrGaps_data() {
    QTest::addColumn<int>("count");
    QTest::addColumn<int>("sameTime");
    QTest::addColumn<int>("pageSize");
    QTest::newRow("1000, distinct times") << 1000 << 1 << 100;
    QTest::newRow("1000, 7 per minute") << 1000 << 7 << 100;
    // Every page boundary falls inside a run of equal times.
    QTest::newRow("1000, 250 per minute") << 1000 << 250 << 100;
    QTest::newRow("1000, all at once") << 1000 << 1000 << 100;
    QTest::newRow("999, pages of 10") << 999 << 3 << 10;
    QTest::newRow("exactly one page") << 100 << 5 << 100;
    QTest::newRow("shorter than a page") << 42 << 5 << 100;
    QTest::newRow("empty") << 0 << 1 << 100;
}

void TestInteractionListModel::fetchMoreReadsOnWithoutRepeatsOrGaps() {
    QFETCH(int, count);
    QFETCH(int, sameTime);
    QFETCH(int, pageSize);
    FakeHistory history(count, sameTime);
    InteractionListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    model.setPageReader(history.reader(), count, pageSize);
    QCOMPARE(model.rowCount(), std::min(count, pageSize));
    int fetches = 0;
    while (model.canFetchMore({})) {
        const int before = model.rowCount();
        model.fetchMore({});
        ++fetches;
        QVERIFY(model.rowCount() - before <= pageSize);
        QVERIFY(fetches <= count / pageSize + 1);
    }
    QCOMPARE(ids(model), history.ids());
    QCOMPARE(model.totalCount(), count);
    // One read per page; a history that ends exactly on a page takes one empty read to know.
    QCOMPARE(history.reads, count / pageSize + 1);
    QCOMPARE(inserted.size(), std::max(0, (count - 1) / pageSize));
    for (int row = 1; row < model.rowCount(); ++row) {
        const QModelIndex above = model.index(row - 1);
        const QModelIndex below = model.index(row);
        const QDateTime a = above.data(InteractionListModel::OccurredAtRole).toDateTime();
        const QDateTime b = below.data(InteractionListModel::OccurredAtRole).toDateTime();
        QVERIFY(a > b
                || (a == b
                    && above.data(InteractionListModel::InteractionIdRole).toString()
                           > below.data(InteractionListModel::InteractionIdRole).toString()));
    }
    model.fetchMore({}); // nothing left: reads nothing
    QCOMPARE(history.reads, count / pageSize + 1);
}

void TestInteractionListModel::anEntryMovedBetweenPagesIsShownOnce() {
    FakeHistory history(300, 1);
    InteractionListModel model;
    model.setPageReader(history.reader(), 300);
    // A sync moves a shown entry further back in time, below the cursor.
    const QString moved = history.all.at(5).id;
    history.all[5].occurredAt = history.all.constLast().occurredAt.addSecs(-60);
    history.sort();
    while (model.canFetchMore({}))
        model.fetchMore({});
    QCOMPARE(model.rowCount(), 300);
    QCOMPARE(ids(model).count(moved), 1);
    const QStringList shown = ids(model);
    QCOMPARE(QSet<QString>(shown.cbegin(), shown.cend()).size(), 300);
}

void TestInteractionListModel::refreshKeepsTheRowsUnlessTheFirstPageChanged() {
    FakeHistory history(1000, 7);
    InteractionListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setPageReader(history.reader(), 1000);
    model.fetchMore({});
    model.fetchMore({});
    QCOMPARE(model.rowCount(), 300);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    const QPersistentModelIndex kept(model.index(250));
    model.refresh(1000);
    QCOMPARE(reset.size(), 0);
    QCOMPARE(model.rowCount(), 300);
    QVERIFY(kept.isValid());
    // An older entry arrived: the rows stay, the count follows.
    model.refresh(1001);
    QCOMPARE(reset.size(), 0);
    QCOMPARE(model.totalCount(), 1001);

    // A new newest entry: start over from the first page.
    Interaction fresh = history.all.constFirst();
    fresh.id = u"I-new"_s;
    fresh.occurredAt = fresh.occurredAt.addSecs(60);
    history.all.prepend(fresh);
    model.refresh(1002);
    QCOMPARE(reset.size(), 1);
    QCOMPARE(model.rowCount(), InteractionListModel::DefaultPageSize);
    QCOMPARE(ids(model).constFirst(), u"I-new"_s);
    QCOMPARE(model.pagesRead(), 1);
    while (model.canFetchMore({}))
        model.fetchMore({});
    QCOMPARE(ids(model), history.ids());
}

void TestInteractionListModel::aGivenListFetchesNothing() {
    FakeHistory history(500, 1);
    InteractionListModel model;
    model.setPageReader(history.reader(), 500);
    QVERIFY(model.canFetchMore({}));
    model.setInteractions(timeline());
    QVERIFY(!model.isPaged());
    QVERIFY(!model.canFetchMore({}));
    model.fetchMore({});
    model.refresh(10);
    QCOMPARE(model.rowCount(), 5);
    QCOMPARE(model.totalCount(), 5);
    QCOMPARE(history.reads, 1);
}

QTEST_GUILESS_MAIN(TestInteractionListModel)
#include "tst_interactionlistmodel.moc"
