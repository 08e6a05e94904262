// SPDX-License-Identifier: GPL-3.0-or-later
// JsonReader: the field readers every entity parser is built from. Each reader reports the first
// problem once, naming the entity, its id and the (prefixed) field.
#include "domain/JsonReader.h"

#include <QJsonDocument>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;

namespace {

enum class Colour { Red, Green, Blue };

constexpr EnumTable colourNames{std::array{
    std::pair{Colour::Red, "red"},
    std::pair{Colour::Green, "green"},
    std::pair{Colour::Blue, "blue"},
}};

QJsonObject parse(const char *json) {
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(QByteArray(json), &error);
    if (error.error != QJsonParseError::NoError)
        qFatal("bad test JSON: %s", json);
    return document.object();
}

QDateTime utc(int year, int month, int day, int hour, int minute, int second = 0, int ms = 0) {
    return QDateTime(QDate(year, month, day), QTime(hour, minute, second, ms), QTimeZone::utc());
}

} // namespace

class TestJsonReader : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void requiredString_data();
    void requiredString();
    void optionalString_data();
    void optionalString();
    void bools_data();
    void bools();
    void numbers_data();
    void numbers();
    void counts_data();
    void counts();
    void timestamps_data();
    void timestamps();
    void timestampWithoutOffsetIsUtcWhateverTheLocalZone();
    void timestampString_data();
    void timestampString();
    void stringList_data();
    void stringList();
    void objectsAndArrays();
    void enums_data();
    void enums();
    void firstErrorWins();
    void pathPrefixAndAdopt();
    void adoptKeepsEarlierError();
    void entityIdAppearsOnceKnown();
};

void TestJsonReader::initTestCase() {
    // A zone far from UTC, so that reading a timestamp as local time would show.
    qputenv("TZ", "Asia/Kathmandu");
}

void TestJsonReader::requiredString_data() {
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("problem");
    QTest::newRow("present") << "{\"f\":\"Zoë Müller\"}"_ba << true << u"Zoë Müller"_s << QString();
    QTest::newRow("surrounding spaces kept")
        << "{\"f\":\" x \"}"_ba << true << u" x "_s << QString();
    QTest::newRow("absent") << "{}"_ba << false << QString() << u"is missing"_s;
    QTest::newRow("null") << "{\"f\":null}"_ba << false << QString() << u"is missing"_s;
    QTest::newRow("empty") << "{\"f\":\"\"}"_ba << false << QString() << u"must not be empty"_s;
    QTest::newRow("blank") << "{\"f\":\" \\t \"}"_ba << false << QString()
                           << u"must not be empty"_s;
    QTest::newRow("number") << "{\"f\":42}"_ba << false << QString()
                            << u"must be a string, not a number"_s;
    QTest::newRow("bool") << "{\"f\":true}"_ba << false << QString()
                          << u"must be a string, not a boolean"_s;
    QTest::newRow("array") << "{\"f\":[\"x\"]}"_ba << false << QString()
                           << u"must be a string, not an array"_s;
    QTest::newRow("object") << "{\"f\":{}}"_ba << false << QString()
                            << u"must be a string, not an object"_s;
}

void TestJsonReader::requiredString() {
    QFETCH(QByteArray, json);
    QFETCH(bool, ok);
    QFETCH(QString, value);
    QFETCH(QString, problem);

    JsonReader reader(parse(json.constData()), u"ticket"_s, u"T-7"_s);
    const QString read = reader.requiredString(u"f"_s);
    QCOMPARE(reader.ok(), ok);
    if (ok) {
        QCOMPARE(read, value);
        return;
    }
    QCOMPARE(reader.error().code(), OutreachError::Code::ContextInvalid);
    QCOMPARE(reader.error().field(), u"f"_s);
    QCOMPARE(reader.error().entity(), u"ticket"_s);
    QCOMPARE(reader.error().entityId(), u"T-7"_s);
    QCOMPARE(reader.error().message(), QString(u"ticket T-7: field \"f\" "_s + problem));
}

void TestJsonReader::optionalString_data() {
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QString>("value");
    QTest::newRow("present") << "{\"f\":\"東京 🚀\"}"_ba << true << u"東京 🚀"_s;
    QTest::newRow("empty is fine") << "{\"f\":\"\"}"_ba << true << QString();
    QTest::newRow("absent") << "{}"_ba << true << QString();
    QTest::newRow("null") << "{\"f\":null}"_ba << true << QString();
    QTest::newRow("number") << "{\"f\":1}"_ba << false << QString();
    QTest::newRow("object") << "{\"f\":{\"a\":1}}"_ba << false << QString();
}

void TestJsonReader::optionalString() {
    QFETCH(QByteArray, json);
    QFETCH(bool, ok);
    QFETCH(QString, value);
    JsonReader reader(parse(json.constData()), u"ticket"_s, u"T-7"_s);
    QCOMPARE(reader.optionalString(u"f"_s), value);
    QCOMPARE(reader.ok(), ok);
    if (!ok) {
        QCOMPARE(reader.error().field(), u"f"_s);
        QVERIFY(reader.error().message().contains(u"must be a string"_s));
    }
}

void TestJsonReader::bools_data() {
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<bool>("optionalOk");
    QTest::addColumn<bool>("requiredOk");
    QTest::addColumn<bool>("value"); // what optionalBool(field, true) gives
    QTest::newRow("true") << "{\"f\":true}"_ba << true << true << true;
    QTest::newRow("false") << "{\"f\":false}"_ba << true << true << false;
    QTest::newRow("absent takes fallback") << "{}"_ba << true << false << true;
    QTest::newRow("null takes fallback") << "{\"f\":null}"_ba << true << false << true;
    QTest::newRow("string") << "{\"f\":\"false\"}"_ba << false << false << true;
    QTest::newRow("number") << "{\"f\":0}"_ba << false << false << true;
}

void TestJsonReader::bools() {
    QFETCH(QByteArray, json);
    QFETCH(bool, optionalOk);
    QFETCH(bool, requiredOk);
    QFETCH(bool, value);

    JsonReader optional(parse(json.constData()), u"prospect"_s, u"C-1"_s);
    QCOMPARE(optional.optionalBool(u"f"_s, true), value);
    QCOMPARE(optional.ok(), optionalOk);
    if (!optionalOk) {
        QCOMPARE(optional.error().field(), u"f"_s);
        QVERIFY2(optional.error().message().contains(u"must be true or false"_s),
                 qPrintable(optional.error().message()));
    }

    JsonReader required(parse(json.constData()), u"prospect"_s, u"C-1"_s);
    const bool read = required.requiredBool(u"f"_s);
    QCOMPARE(required.ok(), requiredOk);
    if (requiredOk)
        QCOMPARE(read, value);
    else
        QCOMPARE(required.error().field(), u"f"_s);
}

void TestJsonReader::numbers_data() {
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<bool>("present");
    QTest::addColumn<double>("value");
    QTest::newRow("integer") << "{\"f\":48000}"_ba << true << true << 48000.0;
    QTest::newRow("fraction") << "{\"f\":-0.25}"_ba << true << true << -0.25;
    QTest::newRow("zero") << "{\"f\":0}"_ba << true << true << 0.0;
    QTest::newRow("absent") << "{}"_ba << true << false << 0.0;
    QTest::newRow("null") << "{\"f\":null}"_ba << true << false << 0.0;
    QTest::newRow("numeric string") << "{\"f\":\"48000\"}"_ba << false << false << 0.0;
}

void TestJsonReader::numbers() {
    QFETCH(QByteArray, json);
    QFETCH(bool, ok);
    QFETCH(bool, present);
    QFETCH(double, value);

    JsonReader optional(parse(json.constData()), u"project"_s, u"P-1"_s);
    const std::optional<double> number = optional.optionalNumber(u"f"_s);
    QCOMPARE(optional.ok(), ok);
    QCOMPARE(number.has_value(), present);
    if (present)
        QCOMPARE(*number, value);
    if (!ok)
        QVERIFY(optional.error().message().contains(u"must be a number, not a string"_s));

    JsonReader required(parse(json.constData()), u"project"_s, u"P-1"_s);
    QCOMPARE(required.requiredNumber(u"f"_s), value);
    QCOMPARE(required.ok(), present);
    if (!present) {
        QCOMPARE(required.error().field(), u"f"_s);
        if (ok)
            QVERIFY(required.error().message().endsWith(u"is missing"_s));
    }
}

void TestJsonReader::counts_data() {
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<int>("expected"); // -1: absent, -2: rejected
    QTest::addColumn<QString>("problem");
    QTest::newRow("zero") << "{\"f\":0}"_ba << 0 << QString();
    QTest::newRow("positive") << "{\"f\":17}"_ba << 17 << QString();
    QTest::newRow("exponent") << "{\"f\":1e3}"_ba << 1000 << QString();
    QTest::newRow("whole fraction") << "{\"f\":4.0}"_ba << 4 << QString();
    QTest::newRow("int max") << "{\"f\":2147483647}"_ba << 2147483647 << QString();
    QTest::newRow("absent") << "{}"_ba << -1 << QString();
    QTest::newRow("null") << "{\"f\":null}"_ba << -1 << QString();
    QTest::newRow("negative") << "{\"f\":-3}"_ba << -2 << u"must not be negative, not -3"_s;
    QTest::newRow("fraction") << "{\"f\":0.5}"_ba << -2 << u"must be a whole number, not 0.5"_s;
    QTest::newRow("too large") << "{\"f\":2147483648}"_ba << -2 << u"is too large: 2147483648"_s;
    QTest::newRow("string") << "{\"f\":\"3\"}"_ba << -2 << u"must be a number, not a string"_s;
    QTest::newRow("bool") << "{\"f\":true}"_ba << -2 << u"must be a number, not a boolean"_s;
}

void TestJsonReader::counts() {
    QFETCH(QByteArray, json);
    QFETCH(int, expected);
    QFETCH(QString, problem);
    JsonReader reader(parse(json.constData()), u"effectiveness metrics"_s, u"M-1"_s, u"m."_s);
    const std::optional<int> count = reader.optionalCount(u"f"_s);
    QCOMPARE(reader.ok(), expected != -2);
    QCOMPARE(count.has_value(), expected >= 0);
    if (expected >= 0)
        QCOMPARE(*count, expected);
    if (expected == -2) {
        QCOMPARE(reader.error().field(), u"m.f"_s);
        QCOMPARE(reader.error().message(),
                 QString(u"effectiveness metrics M-1: field \"m.f\" "_s + problem));
    }
}

void TestJsonReader::timestamps_data() {
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QDateTime>("expected");
    QTest::newRow("Z") << QJsonValue(u"2026-11-20T14:03:00Z"_s) << true << utc(2026, 11, 20, 14, 3);
    QTest::newRow("milliseconds") << QJsonValue(u"2026-11-20T14:03:00.250Z"_s) << true
                                  << utc(2026, 11, 20, 14, 3, 0, 250);
    QTest::newRow("positive offset")
        << QJsonValue(u"2026-11-20T15:33:00+01:30"_s) << true << utc(2026, 11, 20, 14, 3);
    QTest::newRow("negative offset, other day")
        << QJsonValue(u"2026-11-19T22:03:00-08:00"_s) << true << utc(2026, 11, 20, 6, 3);
    QTest::newRow("no offset means UTC")
        << QJsonValue(u"2026-11-20T14:03:00"_s) << true << utc(2026, 11, 20, 14, 3);
    QTest::newRow("date only is midnight UTC")
        << QJsonValue(u"2026-11-20"_s) << true << utc(2026, 11, 20, 0, 0);
    QTest::newRow("words") << QJsonValue(u"yesterday"_s) << false << QDateTime();
    QTest::newRow("month 13") << QJsonValue(u"2026-13-20T14:03:00Z"_s) << false << QDateTime();
    QTest::newRow("hour 25") << QJsonValue(u"2026-11-20T25:03:00Z"_s) << false << QDateTime();
    QTest::newRow("empty") << QJsonValue(u""_s) << false << QDateTime();
    QTest::newRow("epoch number") << QJsonValue(1763647380) << false << QDateTime();
    QTest::newRow("object") << QJsonValue(QJsonObject{{u"t"_s, 1}}) << false << QDateTime();
}

void TestJsonReader::timestamps() {
    QFETCH(QJsonValue, value);
    QFETCH(bool, ok);
    QFETCH(QDateTime, expected);

    JsonReader reader(QJsonObject{{u"sent_at"_s, value}}, u"prospect"_s, u"C-1"_s,
                      u"past_outcomes[3]."_s);
    const QDateTime read = reader.requiredTimestamp(u"sent_at"_s);
    QCOMPARE(reader.ok(), ok);
    if (ok) {
        QCOMPARE(read, expected);
        QCOMPARE(read.timeSpec(), Qt::UTC);
        QCOMPARE(read.toMSecsSinceEpoch(), expected.toMSecsSinceEpoch());
    } else {
        QVERIFY(!read.isValid());
        QCOMPARE(reader.error().field(), u"past_outcomes[3].sent_at"_s);
        QVERIFY2(reader.error().message().contains(u"ISO 8601"_s),
                 qPrintable(reader.error().message()));
    }

    JsonReader optional(QJsonObject{{u"sent_at"_s, value}}, u"prospect"_s, u"C-1"_s);
    const std::optional<QDateTime> maybe = optional.optionalTimestamp(u"sent_at"_s);
    QCOMPARE(optional.ok(), ok);
    QCOMPARE(maybe.has_value(), ok);
}

void TestJsonReader::timestampWithoutOffsetIsUtcWhateverTheLocalZone() {
    // 02:30 on 8 March 2026 does not exist in New York (clocks jump from 02:00 to 03:00); as a
    // UTC timestamp it is perfectly valid.
    const QByteArray previous = qgetenv("TZ");
    qputenv("TZ", "America/New_York");
    JsonReader reader(QJsonObject{{u"t"_s, u"2026-03-08T02:30:00"_s}}, u"ticket"_s, u"T-1"_s);
    const QDateTime read = reader.requiredTimestamp(u"t"_s);
    qputenv("TZ", previous);
    QVERIFY2(reader.ok(), reader.ok() ? "" : qPrintable(reader.error().message()));
    QCOMPARE(read, utc(2026, 3, 8, 2, 30));

    JsonReader absent(QJsonObject{{u"t"_s, QJsonValue::Null}}, u"ticket"_s, u"T-1"_s);
    QVERIFY(!absent.optionalTimestamp(u"t"_s).has_value());
    QVERIFY(absent.ok());
    QVERIFY(!absent.requiredTimestamp(u"t"_s).isValid());
    QVERIFY(absent.error().message().endsWith(u"field \"t\" is missing"_s));
}

void TestJsonReader::timestampString_data() {
    QTest::addColumn<QDateTime>("dateTime");
    QTest::addColumn<QString>("expected");
    QTest::newRow("whole seconds") << utc(2026, 11, 20, 14, 3) << u"2026-11-20T14:03:00Z"_s;
    QTest::newRow("milliseconds") << utc(2026, 11, 20, 14, 3, 5, 7)
                                  << u"2026-11-20T14:03:05.007Z"_s;
    QTest::newRow("offset converted to UTC")
        << QDateTime(QDate(2026, 11, 20), QTime(15, 3), QTimeZone(3600))
        << u"2026-11-20T14:03:00Z"_s;
    QTest::newRow("invalid") << QDateTime() << QString();
}

void TestJsonReader::timestampString() {
    QFETCH(QDateTime, dateTime);
    QFETCH(QString, expected);
    const QString written = JsonReader::timestampString(dateTime);
    QCOMPARE(written, expected);
    if (dateTime.isValid()) {
        JsonReader reader(QJsonObject{{u"t"_s, written}}, u"ticket"_s);
        QCOMPARE(reader.requiredTimestamp(u"t"_s), dateTime);
        QVERIFY(reader.ok());
    }
}

void TestJsonReader::stringList_data() {
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QStringList>("expected");
    QTest::addColumn<QString>("errorField"); // empty when it parses
    QTest::newRow("strings") << "{\"topics\":[\"data governance\",\"Łódź\",\"\"]}"_ba
                             << QStringList{u"data governance"_s, u"Łódź"_s, QString()}
                             << QString();
    QTest::newRow("empty array") << "{\"topics\":[]}"_ba << QStringList() << QString();
    QTest::newRow("absent") << "{}"_ba << QStringList() << QString();
    QTest::newRow("null") << "{\"topics\":null}"_ba << QStringList() << QString();
    QTest::newRow("string instead")
        << "{\"topics\":\"a, b\"}"_ba << QStringList() << u"pref.topics"_s;
    QTest::newRow("object instead")
        << "{\"topics\":{\"0\":\"a\"}}"_ba << QStringList() << u"pref.topics"_s;
    QTest::newRow("number item") << "{\"topics\":[\"a\",\"b\",3]}"_ba << QStringList()
                                 << u"pref.topics[2]"_s;
    QTest::newRow("null item") << "{\"topics\":[null]}"_ba << QStringList() << u"pref.topics[0]"_s;
    QTest::newRow("item index 10")
        << "{\"topics\":[\"0\",\"1\",\"2\",\"3\",\"4\",\"5\",\"6\",\"7\","
           "\"8\",\"9\",[]]}"_ba
        << QStringList() << u"pref.topics[10]"_s;
}

void TestJsonReader::stringList() {
    QFETCH(QByteArray, json);
    QFETCH(QStringList, expected);
    QFETCH(QString, errorField);
    JsonReader reader(parse(json.constData()), u"prospect"_s, u"C-1"_s, u"pref."_s);
    QCOMPARE(reader.optionalStringList(u"topics"_s), expected);
    QCOMPARE(reader.ok(), errorField.isEmpty());
    if (!errorField.isEmpty()) {
        QCOMPARE(reader.error().field(), errorField);
        QVERIFY(reader.error().message().contains(QString(u'"' + errorField + u'"')));
    }
}

void TestJsonReader::objectsAndArrays() {
    const QJsonObject json = parse(R"({"o":{"a":1},"a":[1,2],"n":null,"s":"x"})");
    {
        JsonReader reader(json, u"project"_s, u"P-1"_s);
        QCOMPARE(reader.optionalObject(u"o"_s), std::optional(QJsonObject{{u"a"_s, 1}}));
        QCOMPARE(reader.requiredObject(u"o"_s), (QJsonObject{{u"a"_s, 1}}));
        QCOMPARE(reader.optionalArray(u"a"_s), std::optional(QJsonArray{1, 2}));
        QVERIFY(!reader.optionalObject(u"n"_s).has_value());
        QVERIFY(!reader.optionalArray(u"n"_s).has_value());
        QVERIFY(!reader.optionalObject(u"absent"_s).has_value());
        QVERIFY(reader.ok());
    }
    {
        JsonReader reader(json, u"project"_s, u"P-1"_s);
        QVERIFY(!reader.optionalObject(u"a"_s).has_value());
        QCOMPARE(reader.error().field(), u"a"_s);
        QVERIFY(reader.error().message().contains(u"must be an object, not an array"_s));
    }
    {
        JsonReader reader(json, u"project"_s, u"P-1"_s);
        QVERIFY(!reader.optionalArray(u"o"_s).has_value());
        QCOMPARE(reader.error().field(), u"o"_s);
        QVERIFY(reader.error().message().contains(u"must be an array, not an object"_s));
    }
    {
        JsonReader reader(json, u"project"_s, u"P-1"_s);
        QVERIFY(reader.requiredObject(u"n"_s).isEmpty());
        QCOMPARE(reader.error().field(), u"n"_s);
        QVERIFY(reader.error().message().endsWith(u"is missing"_s));
    }
    {
        JsonReader reader(json, u"project"_s, u"P-1"_s);
        QVERIFY(reader.requiredObject(u"s"_s).isEmpty());
        QVERIFY(reader.error().message().contains(u"must be an object, not a string"_s));
    }
}

void TestJsonReader::enums_data() {
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<int>("expected");
    QTest::addColumn<QString>("problem");
    QTest::newRow("red") << QJsonValue(u"red"_s) << true << int(Colour::Red) << QString();
    QTest::newRow("blue") << QJsonValue(u"blue"_s) << true << int(Colour::Blue) << QString();
    QTest::newRow("wrong case") << QJsonValue(u"Red"_s) << false << -1
                                << u"has the unknown value \"Red\" (expected one of red, green, "
                                   "blue)"_s;
    QTest::newRow("unknown") << QJsonValue(u"mauve"_s) << false << -1
                             << u"has the unknown value \"mauve\""_s;
    QTest::newRow("long value is cut") << QJsonValue(QString(100, u'x')) << false << -1
                                       << QString(u"\""_s + QString(40, u'x') + u"\" (expected"_s);
    QTest::newRow("number") << QJsonValue(2) << false << -1 << u"must be a string"_s;
    QTest::newRow("null") << QJsonValue(QJsonValue::Null) << false << -1 << u"is missing"_s;
}

void TestJsonReader::enums() {
    QFETCH(QJsonValue, value);
    QFETCH(bool, ok);
    QFETCH(int, expected);
    QFETCH(QString, problem);
    JsonReader reader(QJsonObject{{u"colour"_s, value}}, u"ticket"_s, u"T-9"_s);
    const std::optional<Colour> read = reader.requiredEnum(u"colour"_s, colourNames);
    QCOMPARE(reader.ok(), ok);
    QCOMPARE(read.has_value(), ok);
    if (ok) {
        QCOMPARE(int(*read), expected);
        return;
    }
    QCOMPARE(reader.error().field(), u"colour"_s);
    QVERIFY2(reader.error().message().contains(problem), qPrintable(reader.error().message()));
    QVERIFY(reader.error().message().startsWith(u"ticket T-9: field \"colour\" "_s));
}

void TestJsonReader::firstErrorWins() {
    JsonReader reader(parse(R"({"b":5,"c":"x"})"), u"ticket"_s, u"T-1"_s);
    reader.requiredString(u"a"_s); // missing
    reader.requiredString(u"b"_s); // wrong type
    reader.fail(u"c"_s, u"is odd"_s);
    QVERIFY(!reader.ok());
    QCOMPARE(reader.error().field(), u"a"_s);
    QCOMPARE(reader.error().message(), u"ticket T-1: field \"a\" is missing"_s);
}

void TestJsonReader::pathPrefixAndAdopt() {
    JsonReader outer(parse(R"({"assignee":{"email":"dana@example.com"}})"), u"ticket"_s, u"T-1"_s);
    QVERIFY(outer.path(u"x"_s) == u"x"_s);
    const QJsonObject assignee = outer.requiredObject(u"assignee"_s);
    JsonReader nested(assignee, outer.entity(), outer.entityId(), u"assignee."_s);
    QCOMPARE(nested.path(u"name"_s), u"assignee.name"_s);
    QCOMPARE(nested.optionalString(u"email"_s), u"dana@example.com"_s);
    nested.requiredString(u"name"_s);
    QVERIFY(!nested.ok());
    QVERIFY(outer.ok());
    outer.adopt(nested);
    QVERIFY(!outer.ok());
    QCOMPARE(outer.error().field(), u"assignee.name"_s);
    QCOMPARE(outer.error().message(), u"ticket T-1: field \"assignee.name\" is missing"_s);

    // Adopting a reader without an error changes nothing.
    JsonReader clean(QJsonObject(), u"ticket"_s);
    JsonReader healthy(QJsonObject{{u"a"_s, u"b"_s}}, u"ticket"_s);
    healthy.requiredString(u"a"_s);
    clean.adopt(healthy);
    QVERIFY(clean.ok());
}

void TestJsonReader::adoptKeepsEarlierError() {
    JsonReader outer(QJsonObject(), u"ticket"_s, u"T-1"_s);
    outer.requiredString(u"title"_s);
    JsonReader nested(QJsonObject(), u"ticket"_s, u"T-1"_s, u"assignee."_s);
    nested.requiredString(u"name"_s);
    outer.adopt(nested);
    QCOMPARE(outer.error().field(), u"title"_s);
}

void TestJsonReader::entityIdAppearsOnceKnown() {
    JsonReader reader(QJsonObject{{u"id"_s, u"C-310"_s}}, u"prospect"_s);
    QVERIFY(reader.entityId().isEmpty());
    reader.setEntityId(reader.requiredString(u"id"_s));
    QCOMPARE(reader.entityId(), u"C-310"_s);
    reader.requiredString(u"name"_s);
    QCOMPARE(reader.error().entityId(), u"C-310"_s);
    QCOMPARE(reader.error().message(), u"prospect C-310: field \"name\" is missing"_s);

    JsonReader anonymous(QJsonObject(), u"prospect"_s);
    anonymous.requiredString(u"id"_s);
    QCOMPARE(anonymous.error().message(), u"prospect (without an id): field \"id\" is missing"_s);
}

QTEST_GUILESS_MAIN(TestJsonReader)
#include "tst_jsonreader.moc"
