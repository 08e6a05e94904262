// SPDX-License-Identifier: GPL-3.0-or-later
// EnumTable maps enums to the CRM's wire names and back, and lists them for error messages.
#include "domain/EnumTable.h"

#include <QTest>

using namespace Qt::StringLiterals;

namespace {

enum class Colour { Red, Green, DeepBlue };

constexpr EnumTable colours{std::array{
    std::pair{Colour::Red, "red"},
    std::pair{Colour::Green, "green"},
    std::pair{Colour::DeepBlue, "deep_blue"},
}};

} // namespace

class TestEnumTable : public QObject {
    Q_OBJECT

private slots:
    void namesRoundTrip();
    void unknownNamesAreRejected_data();
    void unknownNamesAreRejected();
    void allowedListsEveryName();
};

void TestEnumTable::namesRoundTrip() {
    for (const Colour colour : {Colour::Red, Colour::Green, Colour::DeepBlue})
        QCOMPARE(colours.value(colours.name(colour)), colour);
    QCOMPARE(colours.name(Colour::DeepBlue), u"deep_blue"_s);
}

void TestEnumTable::unknownNamesAreRejected_data() {
    QTest::addColumn<QString>("name");
    QTest::newRow("empty") << QString();
    QTest::newRow("case differs") << u"Red"_s;
    QTest::newRow("label, not wire name") << u"deep blue"_s;
    QTest::newRow("padded") << u" red"_s;
    QTest::newRow("non-ASCII") << u"grün"_s;
}

void TestEnumTable::unknownNamesAreRejected() {
    QFETCH(QString, name);
    QVERIFY(!colours.value(name).has_value());
}

void TestEnumTable::allowedListsEveryName() {
    QCOMPARE(colours.allowed(), u"red, green, deep_blue"_s);
}

QTEST_GUILESS_MAIN(TestEnumTable)
#include "tst_enumtable.moc"
