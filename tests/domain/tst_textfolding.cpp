// SPDX-License-Identifier: GPL-3.0-or-later
// TextFolding: the case- and accent-insensitive form the ticket search compares, as UTF-8.
#include "domain/TextFolding.h"

#include <QString>
#include <QTest>

using namespace Qt::StringLiterals;

class TestTextFolding : public QObject {
    Q_OBJECT

private slots:
    void fold_data();
    void fold();
    void asciiFastPathLowercasesOnly_data();
    void asciiFastPathLowercasesOnly();
    void emptyString();
    void spellingsMeetOnOneForm_data();
    void spellingsMeetOnOneForm();
    void foldedTitleIsPrefixOfFoldedSearchText_data();
    void foldedTitleIsPrefixOfFoldedSearchText();
    void foldsPiecewiseAroundAnAsciiSeparator_data();
    void foldsPiecewiseAroundAnAsciiSeparator();
    void longNonAsciiRunsGrowTheResult();
};

void TestTextFolding::fold_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");
    QTest::newRow("ascii") << u"Hello World"_s << u"hello world"_s;
    QTest::newRow("Ångström Müller") << u"Ångström Müller"_s << u"angstrom muller"_s;
    QTest::newRow("Łukasz") << u"Łukasz"_s << u"lukasz"_s;
    QTest::newRow("Łódź") << u"Łódź"_s << u"lodz"_s;
    QTest::newRow("Straße") << u"Straße"_s << u"strasse"_s;
    QTest::newRow("capital sharp s") << u"STRAẞE"_s << u"strasse"_s;
    QTest::newRow("Œuvre") << u"Œuvre"_s << u"oeuvre"_s;
    QTest::newRow("cœur") << u"cœur"_s << u"coeur"_s;
    QTest::newRow("Æther") << u"Æther"_s << u"aether"_s;
    QTest::newRow("Søren Ørsted") << u"Søren Ørsted"_s << u"soren orsted"_s;
    QTest::newRow("Þór") << u"Þór"_s << u"thor"_s;
    QTest::newRow("Đorđe") << u"Đorđe"_s << u"dorde"_s;
    QTest::newRow("Zoë") << u"Zoë"_s << u"zoe"_s;
    QTest::newRow("ÉCOLE Française") << u"ÉCOLE Française"_s << u"ecole francaise"_s;
    QTest::newRow("İstanbul") << u"İstanbul"_s << u"istanbul"_s;
    QTest::newRow("dotless ı") << u"Kırıkkale"_s << u"kirikkale"_s;
    QTest::newRow("ligature ﬁ") << u"ﬁnance"_s << u"finance"_s;
    QTest::newRow("full-width") << u"ＡＣＭＥ"_s << u"acme"_s;
    QTest::newRow("decomposed input") << u"Zoe\u0308 Mu\u0308ller"_s << u"zoe muller"_s;
    QTest::newRow("Greek final sigma") << u"ΣΊΣΥΦΟΣ"_s << u"σισυφοσ"_s;
    QTest::newRow("Cyrillic") << u"МОСКВА"_s << u"москва"_s;
    QTest::newRow("CJK unchanged") << u"東京 オフィス"_s << u"東京 オフィス"_s;
    QTest::newRow("emoji preserved") << u"🚀 Launch 🎉"_s << u"🚀 launch 🎉"_s;
    QTest::newRow("ZWJ emoji preserved") << u"👩‍💻 Dev"_s << u"👩‍💻 dev"_s;
    QTest::newRow("emoji next to accent") << u"Café☕"_s << u"cafe☕"_s;
    QTest::newRow("punctuation kept") << u"T-1042: €48,000 (Q3)"_s << u"t-1042: €48,000 (q3)"_s;
}

void TestTextFolding::fold() {
    QFETCH(QString, text);
    QFETCH(QString, expected);
    const QByteArray folded = TextFolding::fold(text);
    QCOMPARE(QString::fromUtf8(folded), expected);
    QCOMPARE(folded, expected.toUtf8());
    // Folding is idempotent: the folded form folds to itself.
    QCOMPARE(TextFolding::fold(QString::fromUtf8(folded)), folded);
}

void TestTextFolding::asciiFastPathLowercasesOnly_data() {
    QTest::addColumn<QString>("text");
    QTest::newRow("letters") << u"ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghijklmnopqrstuvwxyz"_s;
    QTest::newRow("digits and symbols") << u"0123456789 !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"_s;
    QTest::newRow("control characters") << u"tab\there\nnewline\r"_s;
    QTest::newRow("NUL inside") << QString(u"a\0B"_s);
    QTest::newRow("last ASCII") << QString(QChar(0x7f));
}

void TestTextFolding::asciiFastPathLowercasesOnly() {
    QFETCH(QString, text);
    const QByteArray folded = TextFolding::fold(text);
    QCOMPARE(folded.size(), text.size());
    QCOMPARE(folded, text.toLatin1().toLower());
}

void TestTextFolding::emptyString() {
    QVERIFY(TextFolding::fold(QString()).isEmpty());
    QVERIFY(TextFolding::fold(u""_s).isEmpty());
    QVERIFY(TextFolding::fold(QStringView()).isEmpty());
}

void TestTextFolding::spellingsMeetOnOneForm_data() {
    QTest::addColumn<QString>("a");
    QTest::addColumn<QString>("b");
    QTest::newRow("case") << u"MÜLLER"_s << u"müller"_s;
    QTest::newRow("accent") << u"Müller"_s << u"Muller"_s;
    QTest::newRow("precomposed vs decomposed") << u"Zoë"_s << u"Zoe\u0308"_s;
    QTest::newRow("ß vs ss") << u"Straße"_s << u"STRASSE"_s;
    QTest::newRow("ẞ vs ß") << u"GROẞ"_s << u"groß"_s;
    QTest::newRow("Œ vs oe") << u"Œuvre"_s << u"OEUVRE"_s;
    QTest::newRow("Ł vs L") << u"ŁUKASZ"_s << u"lukasz"_s;
    QTest::newRow("Greek sigma forms") << u"Σίσυφος"_s << u"ΣΙΣΥΦΟΣ"_s;
}

void TestTextFolding::spellingsMeetOnOneForm() {
    QFETCH(QString, a);
    QFETCH(QString, b);
    QCOMPARE(TextFolding::fold(a), TextFolding::fold(b));
}

void TestTextFolding::foldedTitleIsPrefixOfFoldedSearchText_data() {
    // The ticket table stores the folded title once, as the prefix of the folded search text.
    QTest::addColumn<QString>("title");
    QTest::addColumn<QString>("description");
    QTest::newRow("ascii") << u"Pricing question"_s << u"Billed per seat?"_s;
    QTest::newRow("ascii title, accented description") << u"Renewal"_s << u"Zoë in Łódź"_s;
    QTest::newRow("accented title") << u"Straße Œuvre"_s << u"plain"_s;
    QTest::newRow("title ends in a base letter") << u"Cafe"_s << u"\u0301 stray accent"_s;
    QTest::newRow("emoji") << u"🚀 launch"_s << u"東京"_s;
}

void TestTextFolding::foldedTitleIsPrefixOfFoldedSearchText() {
    QFETCH(QString, title);
    QFETCH(QString, description);
    const QByteArray titleKey = TextFolding::fold(title);
    const QByteArray searchKey = TextFolding::fold(QString(title + u' ' + description));
    QVERIFY2(searchKey.startsWith(titleKey), searchKey.constData());
}

void TestTextFolding::foldsPiecewiseAroundAnAsciiSeparator_data() {
    foldedTitleIsPrefixOfFoldedSearchText_data();
    QTest::newRow("accents on both sides") << u"Ærø Ångström"_s << u"\u0301Øre ﬁn ẞ"_s;
    QTest::newRow("empty title") << QString() << u"Zoë"_s;
    QTest::newRow("empty description") << u"Zoë"_s << QString();
}

void TestTextFolding::foldsPiecewiseAroundAnAsciiSeparator() {
    // CacheStore folds a ticket's title once and builds the search key from it and the folded
    // description, which is only right if this holds.
    QFETCH(QString, title);
    QFETCH(QString, description);
    const QByteArray whole = TextFolding::fold(QString(title + u' ' + description));
    QCOMPARE(whole, TextFolding::fold(title) + ' ' + TextFolding::fold(description));
}

void TestTextFolding::longNonAsciiRunsGrowTheResult() {
    // Folding can give more bytes than the text has characters ("ß" -> "ss", "東" -> 3 bytes).
    QCOMPARE(TextFolding::fold(u"aßßßßßßßßb"_s), QByteArray("assssssssssssssssb"));
    QCOMPARE(TextFolding::fold(u"東京東京 x"_s), u"東京東京 x"_s.toUtf8());
    QCOMPARE(TextFolding::fold(u"ﬁﬁﬁﬁ"_s), QByteArray("fifififi"));
}

QTEST_GUILESS_MAIN(TestTextFolding)
#include "tst_textfolding.moc"
