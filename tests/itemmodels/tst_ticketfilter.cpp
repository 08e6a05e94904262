// SPDX-License-Identifier: GPL-3.0-or-later
// TicketFilter: search words folded for matching, status and priority masks, and the
// "refined by" relation the ticket table uses to filter only the rows already shown.
#include "ui/itemmodels/TicketFilter.h"

#include <QTest>

using namespace Qt::StringLiterals;

namespace {

constexpr quint32 bit(Ticket::Status status) {
    return 1u << static_cast<int>(status);
}

constexpr quint32 bit(Ticket::Priority priority) {
    return 1u << static_cast<int>(priority);
}

TicketFilter makeFilter(const QString &text, quint32 statuses = TicketFilter::allStatuses,
                        quint32 priorities = TicketFilter::allPriorities) {
    TicketFilter filter;
    filter.setText(text);
    filter.setStatuses(statuses);
    filter.setPriorities(priorities);
    return filter;
}

} // namespace

class TestTicketFilter : public QObject {
    Q_OBJECT

private slots:
    void defaults();
    void terms_data();
    void terms();
    void setTextReplacesTerms();
    void masks();
    void accepts_data();
    void accepts();
    void isEmpty_data();
    void isEmpty();
    void isRefinedBy_data();
    void isRefinedBy();
    void equality_data();
    void equality();
};

void TestTicketFilter::defaults() {
    const TicketFilter filter;
    QVERIFY(filter.isEmpty());
    QVERIFY(filter.text().isEmpty());
    QVERIFY(filter.terms().isEmpty());
    QCOMPARE(filter.statuses(), TicketFilter::allStatuses);
    QCOMPARE(filter.priorities(), TicketFilter::allPriorities);
    QVERIFY(filter.isRefinedBy(filter));
    QVERIFY(filter == TicketFilter());
}

void TestTicketFilter::terms_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QByteArrayList>("terms");
    QTest::newRow("empty") << QString() << QByteArrayList();
    QTest::newRow("spaces only") << u"   \t "_s << QByteArrayList();
    QTest::newRow("one word") << u"pricing"_s << QByteArrayList{"pricing"};
    QTest::newRow("case folded") << u"PRICING Question"_s << QByteArrayList{"pricing", "question"};
    QTest::newRow("accent folded") << u"Müller"_s << QByteArrayList{"muller"};
    QTest::newRow("runs of whitespace")
        << u"  Acme \t\n GmbH  "_s << QByteArrayList{"acme", "gmbh"};
    QTest::newRow("non-breaking space splits")
        << u"Acme\u00a0GmbH"_s << QByteArrayList{"acme", "gmbh"};
    QTest::newRow("special letters")
        << u"Łódź Straße ŒUVRE"_s << QByteArrayList{"lodz", "strasse", "oeuvre"};
    QTest::newRow("ticket id") << u"T-1042"_s << QByteArrayList{"t-1042"};
    QTest::newRow("repeated word kept") << u"a a"_s << QByteArrayList{"a", "a"};
    QTest::newRow("CJK and emoji")
        << u"東京 🚀"_s << QByteArrayList{u"東京"_s.toUtf8(), u"🚀"_s.toUtf8()};
}

void TestTicketFilter::terms() {
    QFETCH(QString, text);
    QFETCH(QByteArrayList, terms);
    TicketFilter filter;
    filter.setText(text);
    QCOMPARE(filter.text(), text);
    QCOMPARE(filter.terms(), terms);
    QCOMPARE(filter.isEmpty(), terms.isEmpty());
}

void TestTicketFilter::setTextReplacesTerms() {
    TicketFilter filter;
    filter.setText(u"acme gmbh"_s);
    filter.setText(u"lee"_s);
    QCOMPARE(filter.terms(), QByteArrayList{"lee"});
    filter.setText(QString());
    QVERIFY(filter.terms().isEmpty());
    QVERIFY(filter.isEmpty());
}

void TestTicketFilter::masks() {
    // One distinct bit per value, and together they make the "all" masks.
    quint32 statuses = 0;
    for (int i = 0; i <= static_cast<int>(Ticket::Status::Closed); ++i) {
        const quint32 b = TicketFilter::bit(static_cast<Ticket::Status>(i));
        QCOMPARE(b, 1u << i);
        QCOMPARE(statuses & b, 0u);
        statuses |= b;
    }
    QCOMPARE(statuses, TicketFilter::allStatuses);
    quint32 priorities = 0;
    for (int i = 0; i <= static_cast<int>(Ticket::Priority::Urgent); ++i) {
        const quint32 b = TicketFilter::bit(static_cast<Ticket::Priority>(i));
        QCOMPARE(priorities & b, 0u);
        priorities |= b;
    }
    QCOMPARE(priorities, TicketFilter::allPriorities);

    // Bits beyond the known values are dropped.
    TicketFilter filter;
    filter.setStatuses(0xffffffffu);
    filter.setPriorities(0xffffffffu);
    QCOMPARE(filter.statuses(), TicketFilter::allStatuses);
    QCOMPARE(filter.priorities(), TicketFilter::allPriorities);
    QVERIFY(filter.isEmpty());
    filter.setStatuses(1u << 7);
    QCOMPARE(filter.statuses(), 0u);
}

void TestTicketFilter::accepts_data() {
    QTest::addColumn<quint32>("statuses");
    QTest::addColumn<quint32>("priorities");
    QTest::newRow("all") << TicketFilter::allStatuses << TicketFilter::allPriorities;
    QTest::newRow("none") << 0u << 0u;
    QTest::newRow("open and won, urgent")
        << (bit(Ticket::Status::Open) | bit(Ticket::Status::Won)) << bit(Ticket::Priority::Urgent);
    QTest::newRow("closed, low and normal")
        << bit(Ticket::Status::Closed)
        << (bit(Ticket::Priority::Low) | bit(Ticket::Priority::Normal));
}

void TestTicketFilter::accepts() {
    QFETCH(quint32, statuses);
    QFETCH(quint32, priorities);
    const TicketFilter filter = makeFilter(QString(), statuses, priorities);
    for (int i = 0; i <= static_cast<int>(Ticket::Status::Closed); ++i)
        QCOMPARE(filter.acceptsStatus(static_cast<Ticket::Status>(i)), bool(statuses & (1u << i)));
    for (int i = 0; i <= static_cast<int>(Ticket::Priority::Urgent); ++i)
        QCOMPARE(filter.acceptsPriority(static_cast<Ticket::Priority>(i)),
                 bool(priorities & (1u << i)));
}

void TestTicketFilter::isEmpty_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<quint32>("statuses");
    QTest::addColumn<quint32>("priorities");
    QTest::addColumn<bool>("empty");
    const quint32 all = TicketFilter::allStatuses;
    const quint32 allP = TicketFilter::allPriorities;
    QTest::newRow("default") << QString() << all << allP << true;
    QTest::newRow("whitespace text") << u"  "_s << all << allP << true;
    QTest::newRow("text") << u"x"_s << all << allP << false;
    QTest::newRow("statuses narrowed")
        << QString() << (all & ~bit(Ticket::Status::Closed)) << allP << false;
    QTest::newRow("no status at all") << QString() << 0u << allP << false;
    QTest::newRow("priorities narrowed")
        << QString() << all << bit(Ticket::Priority::Urgent) << false;
}

void TestTicketFilter::isEmpty() {
    QFETCH(QString, text);
    QFETCH(quint32, statuses);
    QFETCH(quint32, priorities);
    QFETCH(bool, empty);
    QCOMPARE(makeFilter(text, statuses, priorities).isEmpty(), empty);
}

void TestTicketFilter::isRefinedBy_data() {
    QTest::addColumn<QString>("fromText");
    QTest::addColumn<quint32>("fromStatuses");
    QTest::addColumn<quint32>("fromPriorities");
    QTest::addColumn<QString>("toText");
    QTest::addColumn<quint32>("toStatuses");
    QTest::addColumn<quint32>("toPriorities");
    QTest::addColumn<bool>("refined");

    const quint32 all = TicketFilter::allStatuses;
    const quint32 allP = TicketFilter::allPriorities;
    const quint32 open = bit(Ticket::Status::Open);
    const quint32 pending = bit(Ticket::Status::Pending);
    const quint32 high = bit(Ticket::Priority::High);
    const quint32 urgent = bit(Ticket::Priority::Urgent);

    auto row = [&](const char *name, const QString &fromText, quint32 fromStatuses,
                   quint32 fromPriorities, const QString &toText, quint32 toStatuses,
                   quint32 toPriorities, bool refined) {
        QTest::newRow(name) << fromText << fromStatuses << fromPriorities << toText << toStatuses
                            << toPriorities << refined;
    };
    row("same", u"mul"_s, all, allP, u"mul"_s, all, allP, true);
    row("empty to text", QString(), all, allP, u"m"_s, all, allP, true);
    row("extending a word", u"mul"_s, all, allP, u"mull"_s, all, allP, true);
    row("extending to the full word", u"mul"_s, all, allP, u"muller"_s, all, allP, true);
    row("extending in front", u"ller"_s, all, allP, u"muller"_s, all, allP, true);
    row("extending with an accent", u"mul"_s, all, allP, u"Müller"_s, all, allP, true);
    row("changing case only", u"acme"_s, all, allP, u"ACME"_s, all, allP, true);
    row("adding a word", u"acme"_s, all, allP, u"acme gmbh"_s, all, allP, true);
    row("adding a word in front", u"gmbh"_s, all, allP, u"acme gmbh"_s, all, allP, true);
    row("reordering words", u"acme gmbh"_s, all, allP, u"gmbh acme"_s, all, allP, true);
    row("joining words", u"acme gmbh"_s, all, allP, u"acmegmbh"_s, all, allP, true);
    row("deleting a letter", u"muller"_s, all, allP, u"mulle"_s, all, allP, false);
    row("clearing the text", u"mul"_s, all, allP, QString(), all, allP, false);
    row("removing a word", u"acme gmbh"_s, all, allP, u"acme"_s, all, allP, false);
    row("replacing a word", u"acme"_s, all, allP, u"pricing"_s, all, allP, false);
    row("changing a letter", u"mul"_s, all, allP, u"mal"_s, all, allP, false);
    row("splitting a word", u"acmegmbh"_s, all, allP, u"acme gmbh"_s, all, allP, false);
    row("narrowing statuses", QString(), all, allP, QString(), open | pending, allP, true);
    row("narrowing statuses further", QString(), open | pending, allP, QString(), open, allP, true);
    row("statuses to none", QString(), open, allP, QString(), 0u, allP, true);
    row("widening statuses", QString(), open | pending, allP, QString(), all, allP, false);
    row("swapping statuses", QString(), open, allP, QString(), pending, allP, false);
    row("narrowing priorities", QString(), all, allP, QString(), all, high | urgent, true);
    row("widening priorities", QString(), all, urgent, QString(), all, high | urgent, false);
    row("swapping priorities", QString(), all, high, QString(), all, urgent, false);
    row("text narrowed, status widened", u"a"_s, open, allP, u"ab"_s, open | pending, allP, false);
    row("text narrowed, priority widened", u"a"_s, all, high, u"ab"_s, all, allP, false);
    row("text widened, status narrowed", u"ab"_s, all, allP, u"a"_s, open, allP, false);
    row("everything narrowed", u"a"_s, all, allP, u"ab c"_s, open, urgent, true);
}

void TestTicketFilter::isRefinedBy() {
    QFETCH(QString, fromText);
    QFETCH(quint32, fromStatuses);
    QFETCH(quint32, fromPriorities);
    QFETCH(QString, toText);
    QFETCH(quint32, toStatuses);
    QFETCH(quint32, toPriorities);
    QFETCH(bool, refined);
    const TicketFilter from = makeFilter(fromText, fromStatuses, fromPriorities);
    const TicketFilter to = makeFilter(toText, toStatuses, toPriorities);
    QCOMPARE(from.isRefinedBy(to), refined);
    // Every filter refines itself.
    QVERIFY(from.isRefinedBy(from));
    QVERIFY(to.isRefinedBy(to));
    // Both directions only when the two accept the same tickets.
    if (refined && to.isRefinedBy(from))
        QCOMPARE(from.statuses() == to.statuses() && from.priorities() == to.priorities(), true);
}

void TestTicketFilter::equality_data() {
    QTest::addColumn<QString>("a");
    QTest::addColumn<QString>("b");
    QTest::addColumn<bool>("equal");
    QTest::newRow("identical") << u"acme"_s << u"acme"_s << true;
    QTest::newRow("whitespace differs") << u" acme  gmbh "_s << u"acme gmbh"_s << true;
    QTest::newRow("case and accents differ") << u"MÜLLER"_s << u"muller"_s << true;
    QTest::newRow("different words") << u"acme"_s << u"acne"_s << false;
    QTest::newRow("word order") << u"acme gmbh"_s << u"gmbh acme"_s << false;
}

void TestTicketFilter::equality() {
    QFETCH(QString, a);
    QFETCH(QString, b);
    QFETCH(bool, equal);
    QCOMPARE(makeFilter(a) == makeFilter(b), equal);
    // Masks count too.
    QVERIFY(!(makeFilter(a) == makeFilter(a, bit(Ticket::Status::Won))));
    QVERIFY(!(makeFilter(a) == makeFilter(a, TicketFilter::allStatuses, 0u)));
}

QTEST_GUILESS_MAIN(TestTicketFilter)
#include "tst_ticketfilter.moc"
