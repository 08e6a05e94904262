// SPDX-License-Identifier: GPL-3.0-or-later
// EffectivenessMetrics: the body of updateEffectiveness (`PUT /v1/messages/{id}/effectiveness`,
// docs/crm-api.md): counts that must be whole and not negative, the nullable reply sentiment,
// validation naming the message and the field, and the round trip.
#include "domain/EffectivenessMetrics.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;

namespace {

QJsonObject completeMetrics() {
    return QJsonObject{
        {u"sent_at"_s, u"2026-11-20T14:05:00Z"_s},
        {u"opened"_s, true},
        {u"open_count"_s, 3},
        {u"clicked"_s, false},
        {u"replied"_s, true},
        {u"reply_sentiment"_s, u"positive"_s},
        {u"meeting_booked"_s, true},
        {u"updated_at"_s, u"2026-11-22T10:00:00Z"_s},
    };
}

QDateTime utc(int year, int month, int day, int hour, int minute, int second = 0, int ms = 0) {
    return QDateTime(QDate(year, month, day), QTime(hour, minute, second, ms), QTimeZone::utc());
}

const QString messageId = u"M-6f1c"_s;

void checkInvalid(const QJsonObject &json, const QString &field, const QString &problem) {
    const Result<EffectivenessMetrics> parsed = EffectivenessMetrics::fromJson(json, messageId);
    QVERIFY2(!parsed.ok(), qPrintable(u"accepted with a bad "_s + field));
    const OutreachError &error = parsed.error();
    QCOMPARE(error.code(), OutreachError::Code::ContextInvalid);
    QCOMPARE(error.entity(), u"effectiveness metrics"_s);
    QCOMPARE(error.entityId(), messageId);
    QCOMPARE(error.field(), field);
    QVERIFY2(error.message().startsWith(
                 QString(u"effectiveness metrics M-6f1c: field \""_s + field + u"\" "_s)),
             qPrintable(error.message()));
    QVERIFY2(error.message().contains(problem), qPrintable(error.message()));
}

} // namespace

class TestEffectivenessMetrics : public QObject {
    Q_OBJECT

private slots:
    void parsesCompletePayload();
    void defaults();
    void everySentiment_data();
    void everySentiment();
    void sentimentNamesAndLabels();
    void missingRequiredField_data();
    void missingRequiredField();
    void wrongType_data();
    void wrongType();
    void openCount_data();
    void openCount();
    void optionalFieldsAbsentOrNull_data();
    void optionalFieldsAbsentOrNull();
    void errorWithoutMessageId();
    void nonAsciiInErrors();
    void unknownFieldsAreIgnored();
    void writesNullsForNone();
    void roundTrip_data();
    void roundTrip();
};

void TestEffectivenessMetrics::parsesCompletePayload() {
    const Result<EffectivenessMetrics> parsed = EffectivenessMetrics::fromJson(completeMetrics());
    QVERIFY2(parsed.ok(), parsed.ok() ? "" : qPrintable(parsed.error().toString()));
    const EffectivenessMetrics &metrics = parsed.value();
    QCOMPARE(metrics.sentAt, std::optional(utc(2026, 11, 20, 14, 5)));
    QCOMPARE(metrics.sentAt->timeSpec(), Qt::UTC);
    QCOMPARE(metrics.opened, true);
    QCOMPARE(metrics.openCount, 3);
    QCOMPARE(metrics.clicked, false);
    QCOMPARE(metrics.replied, true);
    QCOMPARE(metrics.replySentiment, EffectivenessMetrics::Sentiment::Positive);
    QCOMPARE(metrics.meetingBooked, true);
    QCOMPARE(metrics.updatedAt, utc(2026, 11, 22, 10, 0));
    QCOMPARE(metrics.updatedAt.timeSpec(), Qt::UTC);
}

void TestEffectivenessMetrics::defaults() {
    // Only updated_at is required: a message nobody has opened yet.
    const Result<EffectivenessMetrics> parsed =
        EffectivenessMetrics::fromJson(QJsonObject{{u"updated_at"_s, u"2026-11-22T10:00:00Z"_s}});
    QVERIFY2(parsed.ok(), parsed.ok() ? "" : qPrintable(parsed.error().toString()));
    EffectivenessMetrics expected;
    expected.updatedAt = utc(2026, 11, 22, 10, 0);
    QCOMPARE(parsed.value(), expected);
    QVERIFY(!parsed->sentAt.has_value());
    QCOMPARE(parsed->opened, false);
    QCOMPARE(parsed->openCount, 0);
    QCOMPARE(parsed->clicked, false);
    QCOMPARE(parsed->replied, false);
    QCOMPARE(parsed->replySentiment, EffectivenessMetrics::Sentiment::None);
    QCOMPARE(parsed->meetingBooked, false);
}

void TestEffectivenessMetrics::everySentiment_data() {
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<EffectivenessMetrics::Sentiment>("expected");
    QTest::newRow("positive") << QJsonValue(u"positive"_s)
                              << EffectivenessMetrics::Sentiment::Positive;
    QTest::newRow("neutral") << QJsonValue(u"neutral"_s)
                             << EffectivenessMetrics::Sentiment::Neutral;
    QTest::newRow("negative") << QJsonValue(u"negative"_s)
                              << EffectivenessMetrics::Sentiment::Negative;
    QTest::newRow("null") << QJsonValue(QJsonValue::Null) << EffectivenessMetrics::Sentiment::None;
    QTest::newRow("absent") << QJsonValue(QJsonValue::Undefined)
                            << EffectivenessMetrics::Sentiment::None;
}

void TestEffectivenessMetrics::everySentiment() {
    QFETCH(QJsonValue, value);
    QFETCH(EffectivenessMetrics::Sentiment, expected);
    QJsonObject json = completeMetrics();
    if (value.isUndefined())
        json.remove(u"reply_sentiment"_s);
    else
        json.insert(u"reply_sentiment"_s, value);
    const Result<EffectivenessMetrics> parsed = EffectivenessMetrics::fromJson(json);
    QVERIFY2(parsed.ok(), parsed.ok() ? "" : qPrintable(parsed.error().toString()));
    QCOMPARE(parsed->replySentiment, expected);
    const QJsonValue written = parsed->toJson().value(u"reply_sentiment"_s);
    if (expected == EffectivenessMetrics::Sentiment::None)
        QVERIFY(written.isNull());
    else
        QCOMPARE(written, value);
}

void TestEffectivenessMetrics::sentimentNamesAndLabels() {
    using S = EffectivenessMetrics::Sentiment;
    QCOMPARE(EffectivenessMetrics::sentimentName(S::Positive), u"positive"_s);
    QCOMPARE(EffectivenessMetrics::sentimentName(S::Neutral), u"neutral"_s);
    QCOMPARE(EffectivenessMetrics::sentimentName(S::Negative), u"negative"_s);
    QVERIFY(EffectivenessMetrics::sentimentName(S::None).isEmpty());
    QCOMPARE(EffectivenessMetrics::sentimentFromName(u"positive"_s), std::optional(S::Positive));
    QCOMPARE(EffectivenessMetrics::sentimentFromName(u"neutral"_s), std::optional(S::Neutral));
    QCOMPARE(EffectivenessMetrics::sentimentFromName(u"negative"_s), std::optional(S::Negative));
    for (const QString &bad : {u""_s, u"none"_s, u"null"_s, u"Positive"_s, u"mixed"_s})
        QVERIFY2(!EffectivenessMetrics::sentimentFromName(bad).has_value(), qPrintable(bad));

    QCOMPARE(EffectivenessMetrics::sentimentLabel(S::None), u"Not rated"_s);
    QCOMPARE(EffectivenessMetrics::sentimentLabel(S::Positive), u"Positive"_s);
    QCOMPARE(EffectivenessMetrics::sentimentLabel(S::Neutral), u"Neutral"_s);
    QCOMPARE(EffectivenessMetrics::sentimentLabel(S::Negative), u"Negative"_s);
}

void TestEffectivenessMetrics::missingRequiredField_data() {
    QTest::addColumn<bool>("null");
    QTest::newRow("updated_at absent") << false;
    QTest::newRow("updated_at null") << true;
}

void TestEffectivenessMetrics::missingRequiredField() {
    QFETCH(bool, null);
    QJsonObject json = completeMetrics();
    if (null)
        json.insert(u"updated_at"_s, QJsonValue::Null);
    else
        json.remove(u"updated_at"_s);
    checkInvalid(json, u"updated_at"_s, u"is missing"_s);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(EffectivenessMetrics::fromJson(json, messageId).error().message(),
             u"effectiveness metrics M-6f1c: field \"updated_at\" is missing"_s);
}

void TestEffectivenessMetrics::wrongType_data() {
    QTest::addColumn<QString>("field");
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<QString>("problem");
    QTest::newRow("sent_at words")
        << u"sent_at"_s << QJsonValue(u"yesterday"_s) << u"is not an ISO 8601 timestamp"_s;
    QTest::newRow("sent_at number")
        << u"sent_at"_s << QJsonValue(1763647500) << u"must be an ISO 8601 timestamp string"_s;
    QTest::newRow("updated_at bool")
        << u"updated_at"_s << QJsonValue(true) << u"timestamp string, not a boolean"_s;
    QTest::newRow("updated_at impossible")
        << u"updated_at"_s << QJsonValue(u"2026-11-31T10:00:00Z"_s) << u"ISO 8601"_s;
    for (const char *field : {"opened", "clicked", "replied", "meeting_booked"}) {
        QTest::addRow("%s string", field) << QString::fromLatin1(field) << QJsonValue(u"true"_s)
                                          << u"must be true or false, not a string"_s;
        QTest::addRow("%s number", field) << QString::fromLatin1(field) << QJsonValue(1)
                                          << u"must be true or false, not a number"_s;
    }
    QTest::newRow("open_count string")
        << u"open_count"_s << QJsonValue(u"3"_s) << u"must be a number, not a string"_s;
    QTest::newRow("open_count bool")
        << u"open_count"_s << QJsonValue(true) << u"must be a number, not a boolean"_s;
    QTest::newRow("open_count array")
        << u"open_count"_s << QJsonValue(QJsonArray{3}) << u"must be a number, not an array"_s;
    QTest::newRow("reply_sentiment unknown")
        << u"reply_sentiment"_s << QJsonValue(u"mixed"_s)
        << u"has the unknown value \"mixed\" (expected one of positive, neutral, negative)"_s;
    QTest::newRow("reply_sentiment wrong case")
        << u"reply_sentiment"_s << QJsonValue(u"Positive"_s) << u"unknown value \"Positive\""_s;
    QTest::newRow("reply_sentiment \"null\" as text")
        << u"reply_sentiment"_s << QJsonValue(u"null"_s) << u"unknown value \"null\""_s;
    QTest::newRow("reply_sentiment empty")
        << u"reply_sentiment"_s << QJsonValue(u""_s) << u"must not be empty"_s;
    QTest::newRow("reply_sentiment number")
        << u"reply_sentiment"_s << QJsonValue(1) << u"must be a string, not a number"_s;
    QTest::newRow("reply_sentiment bool")
        << u"reply_sentiment"_s << QJsonValue(false) << u"must be a string, not a boolean"_s;
}

void TestEffectivenessMetrics::wrongType() {
    QFETCH(QString, field);
    QFETCH(QJsonValue, value);
    QFETCH(QString, problem);
    QJsonObject json = completeMetrics();
    json.insert(field, value);
    checkInvalid(json, field, problem);
}

void TestEffectivenessMetrics::openCount_data() {
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<int>("expected"); // -1: rejected
    QTest::addColumn<QString>("problem");
    QTest::newRow("zero") << QJsonValue(0) << 0 << QString();
    QTest::newRow("one") << QJsonValue(1) << 1 << QString();
    QTest::newRow("many") << QJsonValue(1250) << 1250 << QString();
    QTest::newRow("whole written as a fraction") << QJsonValue(3.0) << 3 << QString();
    QTest::newRow("int max") << QJsonValue(2147483647.0) << 2147483647 << QString();
    QTest::newRow("negative") << QJsonValue(-1) << -1 << u"must not be negative, not -1"_s;
    QTest::newRow("negative fraction")
        << QJsonValue(-0.5) << -1 << u"must not be negative, not -0.5"_s;
    QTest::newRow("fraction") << QJsonValue(2.5) << -1 << u"must be a whole number, not 2.5"_s;
    QTest::newRow("tiny fraction")
        << QJsonValue(3.000001) << -1 << u"must be a whole number, not 3.000001"_s;
    QTest::newRow("too large") << QJsonValue(2147483648.0) << -1 << u"is too large: 2147483648"_s;
    QTest::newRow("huge") << QJsonValue(1e300) << -1 << u"is too large: 1e+300"_s;
}

void TestEffectivenessMetrics::openCount() {
    QFETCH(QJsonValue, value);
    QFETCH(int, expected);
    QFETCH(QString, problem);
    QJsonObject json = completeMetrics();
    json.insert(u"open_count"_s, value);
    if (expected < 0) {
        checkInvalid(json, u"open_count"_s, problem);
        return;
    }
    const Result<EffectivenessMetrics> parsed = EffectivenessMetrics::fromJson(json, messageId);
    QVERIFY2(parsed.ok(), parsed.ok() ? "" : qPrintable(parsed.error().toString()));
    QCOMPARE(parsed->openCount, expected);
    QCOMPARE(parsed->toJson().value(u"open_count"_s).toInteger(), qint64(expected));
}

void TestEffectivenessMetrics::optionalFieldsAbsentOrNull_data() {
    QTest::addColumn<QString>("field");
    QTest::addColumn<bool>("null");
    for (const char *field : {"sent_at", "opened", "open_count", "clicked", "replied",
                              "reply_sentiment", "meeting_booked"}) {
        QTest::addRow("%s absent", field) << QString::fromLatin1(field) << false;
        QTest::addRow("%s null", field) << QString::fromLatin1(field) << true;
    }
}

void TestEffectivenessMetrics::optionalFieldsAbsentOrNull() {
    QFETCH(QString, field);
    QFETCH(bool, null);
    QJsonObject json = completeMetrics();
    // Start from "true" everywhere, so that falling back to false shows.
    json.insert(u"clicked"_s, true);
    const EffectivenessMetrics complete = EffectivenessMetrics::fromJson(json).value();
    if (null)
        json.insert(field, QJsonValue::Null);
    else
        json.remove(field);
    const Result<EffectivenessMetrics> parsed = EffectivenessMetrics::fromJson(json);
    QVERIFY2(parsed.ok(), parsed.ok() ? "" : qPrintable(parsed.error().toString()));

    EffectivenessMetrics expected = complete;
    if (field == u"sent_at"_s)
        expected.sentAt.reset();
    else if (field == u"opened"_s)
        expected.opened = false;
    else if (field == u"open_count"_s)
        expected.openCount = 0;
    else if (field == u"clicked"_s)
        expected.clicked = false;
    else if (field == u"replied"_s)
        expected.replied = false;
    else if (field == u"reply_sentiment"_s)
        expected.replySentiment = EffectivenessMetrics::Sentiment::None;
    else if (field == u"meeting_booked"_s)
        expected.meetingBooked = false;
    else
        QFAIL("unhandled field");
    QCOMPARE(parsed.value(), expected);
    QVERIFY(!(parsed.value() == complete));
}

void TestEffectivenessMetrics::errorWithoutMessageId() {
    QJsonObject json = completeMetrics();
    json.insert(u"open_count"_s, -2);
    const Result<EffectivenessMetrics> parsed = EffectivenessMetrics::fromJson(json);
    QVERIFY(!parsed.ok());
    QCOMPARE(parsed.error().message(),
             u"effectiveness metrics (without an id): field \"open_count\" must not be negative, "
             u"not -2"_s);

    // The first problem is the one reported.
    json.insert(u"opened"_s, u"yes"_s);
    json.remove(u"updated_at"_s);
    QCOMPARE(EffectivenessMetrics::fromJson(json, messageId).error().field(), u"opened"_s);
}

void TestEffectivenessMetrics::nonAsciiInErrors() {
    // A message id and a sentiment written outside ASCII come back intact in the error.
    QJsonObject json = completeMetrics();
    json.insert(u"reply_sentiment"_s, u"positív 👍"_s);
    const Result<EffectivenessMetrics> parsed = EffectivenessMetrics::fromJson(json, u"M-東京-ß"_s);
    QVERIFY(!parsed.ok());
    QCOMPARE(parsed.error().entityId(), u"M-東京-ß"_s);
    QCOMPARE(parsed.error().message(),
             u"effectiveness metrics M-東京-ß: field \"reply_sentiment\" has the unknown value "
             u"\"positív 👍\" (expected one of positive, neutral, negative)"_s);
}

void TestEffectivenessMetrics::unknownFieldsAreIgnored() {
    QJsonObject json = completeMetrics();
    json.insert(u"message_id"_s, u"M-6f1c"_s);
    json.insert(u"click_count"_s, 4);
    json.insert(u"bounced"_s, QJsonValue::Null);
    json.insert(u"extra"_s, QJsonObject{{u"a"_s, QJsonArray{}}});
    const Result<EffectivenessMetrics> parsed = EffectivenessMetrics::fromJson(json);
    QVERIFY(parsed.ok());
    QCOMPARE(parsed.value(), EffectivenessMetrics::fromJson(completeMetrics()).value());
    QVERIFY(!parsed->toJson().contains(u"click_count"_s));
}

void TestEffectivenessMetrics::writesNullsForNone() {
    EffectivenessMetrics metrics;
    metrics.updatedAt = QDateTime(QDate(2026, 11, 22), QTime(11, 0), QTimeZone(3600));
    const QJsonObject json = metrics.toJson();
    QCOMPARE(json, (QJsonObject{
                       {u"sent_at"_s, QJsonValue::Null},
                       {u"opened"_s, false},
                       {u"open_count"_s, 0},
                       {u"clicked"_s, false},
                       {u"replied"_s, false},
                       {u"reply_sentiment"_s, QJsonValue::Null},
                       {u"meeting_booked"_s, false},
                       {u"updated_at"_s, u"2026-11-22T10:00:00Z"_s},
                   }));
    // The PUT body on the wire, as the contract writes it.
    QCOMPARE(QJsonDocument(json).toJson(QJsonDocument::Compact),
             "{\"clicked\":false,\"meeting_booked\":false,\"open_count\":0,\"opened\":false,"
             "\"replied\":false,\"reply_sentiment\":null,\"sent_at\":null,"
             "\"updated_at\":\"2026-11-22T10:00:00Z\"}"_ba);
}

void TestEffectivenessMetrics::roundTrip_data() {
    QTest::addColumn<QJsonObject>("json");
    QTest::newRow("complete") << completeMetrics();
    QTest::newRow("minimal") << QJsonObject{{u"updated_at"_s, u"2026-11-22T10:00:00Z"_s}};

    QJsonObject negative = completeMetrics();
    negative.insert(u"reply_sentiment"_s, u"negative"_s);
    negative.insert(u"meeting_booked"_s, false);
    negative.insert(u"sent_at"_s, u"2026-11-20T14:05:00.125+09:00"_s);
    negative.insert(u"updated_at"_s, u"2026-11-22T10:00:00.5Z"_s);
    negative.insert(u"open_count"_s, 41);
    QTest::newRow("negative reply, offsets and milliseconds") << negative;

    QJsonObject nulls = completeMetrics();
    nulls.insert(u"sent_at"_s, QJsonValue::Null);
    nulls.insert(u"reply_sentiment"_s, QJsonValue::Null);
    nulls.insert(u"open_count"_s, QJsonValue::Null);
    QTest::newRow("nulls") << nulls;
}

void TestEffectivenessMetrics::roundTrip() {
    QFETCH(QJsonObject, json);
    const Result<EffectivenessMetrics> parsed = EffectivenessMetrics::fromJson(json);
    QVERIFY2(parsed.ok(), parsed.ok() ? "" : qPrintable(parsed.error().toString()));
    const Result<EffectivenessMetrics> again = EffectivenessMetrics::fromJson(parsed->toJson());
    QVERIFY2(again.ok(), again.ok() ? "" : qPrintable(again.error().toString()));
    QCOMPARE(again.value(), parsed.value());

    const QByteArray wire = QJsonDocument(parsed->toJson()).toJson(QJsonDocument::Compact);
    const Result<EffectivenessMetrics> fromWire =
        EffectivenessMetrics::fromJson(QJsonDocument::fromJson(wire).object());
    QVERIFY(fromWire.ok());
    QCOMPARE(fromWire.value(), parsed.value());
}

QTEST_GUILESS_MAIN(TestEffectivenessMetrics)
#include "tst_effectivenessmetrics.moc"
