// SPDX-License-Identifier: GPL-3.0-or-later
// OutreachActivity: parsing and validation of the activity stored on a ticket
// (`POST /v1/tickets/{id}/activities`, docs/crm-api.md), errors naming the message id and the
// dotted field, and the JSON round trip.
#include "JsonPath.h"
#include "domain/OutreachActivity.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;

namespace {

const QString messageId = u"M-6f1c2d9e-8a41-4c1b-9d3e-2f7a5b0c1d22"_s;

QJsonObject completeActivity() {
    return QJsonObject{
        {u"message_id"_s, messageId},
        {u"type"_s, u"outreach_message"_s},
        {u"subject"_s, u"Per-seat pricing for Analytics Pro"_s},
        {u"content"_s, u"Hi Lee,\n\nthe add-on is billed per workspace, not per seat."_s},
        {u"metadata"_s,
         QJsonObject{
             {u"used_context"_s, QJsonArray{u"ticket"_s, u"project"_s, u"prospect.preferences"_s,
                                            u"interaction:I-5001"_s}},
             {u"confidence"_s, 0.82},
             {u"suggested_follow_up"_s, u"Offer a demo next Tuesday."_s},
             {u"model"_s, u"gpt-4o-mini"_s},
             {u"prompt"_s, u"Follow up on the pricing call, offer a demo next week."_s},
         }},
        {u"created_at"_s, u"2026-11-20T14:03:00Z"_s},
    };
}

QDateTime utc(int year, int month, int day, int hour, int minute, int second = 0, int ms = 0) {
    return QDateTime(QDate(year, month, day), QTime(hour, minute, second, ms), QTimeZone::utc());
}

void checkInvalid(const QJsonObject &json, const QString &field, const QString &problem) {
    const Result<OutreachActivity> parsed = OutreachActivity::fromJson(json);
    QVERIFY2(!parsed.ok(), qPrintable(u"accepted with a bad "_s + field));
    const OutreachError &error = parsed.error();
    QCOMPARE(error.code(), OutreachError::Code::ContextInvalid);
    QCOMPARE(error.entity(), u"outreach activity"_s);
    QCOMPARE(error.field(), field);
    const QString message = error.message();
    if (field == u"message_id"_s) {
        QVERIFY(error.entityId().trimmed().isEmpty());
        QVERIFY2(message.startsWith(u"outreach activity (without an id): field \"message_id\" "_s),
                 qPrintable(message));
    } else {
        QCOMPARE(error.entityId(), messageId);
        QVERIFY2(message.startsWith(QString(u"outreach activity "_s + messageId + u": field \""_s
                                            + field + u"\" "_s)),
                 qPrintable(message));
    }
    QVERIFY2(message.contains(problem), qPrintable(message));
    QVERIFY(error.toString().startsWith(u"CONTEXT_INVALID: "_s));
}

} // namespace

class TestOutreachActivity : public QObject {
    Q_OBJECT

private slots:
    void parsesCompletePayload();
    void defaultsMatchTheWire();
    void missingRequiredField_data();
    void missingRequiredField();
    void blankRequiredString_data();
    void blankRequiredString();
    void wrongType_data();
    void wrongType();
    void confidenceRange_data();
    void confidenceRange();
    void optionalFieldsAbsentOrNull_data();
    void optionalFieldsAbsentOrNull();
    void otherTypeIsKept();
    void unknownFieldsAreIgnored();
    void confidenceIsWrittenOnlyWhenKnown();
    void presetAndToneAreOptionalAndWrittenOnlyWhenSet();
    void roundTrip_data();
    void roundTrip();
};

void TestOutreachActivity::parsesCompletePayload() {
    const Result<OutreachActivity> parsed = OutreachActivity::fromJson(completeActivity());
    QVERIFY2(parsed.ok(), parsed.ok() ? "" : qPrintable(parsed.error().toString()));
    const OutreachActivity &activity = parsed.value();
    QCOMPARE(activity.messageId, messageId);
    QCOMPARE(activity.type, u"outreach_message"_s);
    QCOMPARE(activity.subject, u"Per-seat pricing for Analytics Pro"_s);
    QCOMPARE(activity.content, u"Hi Lee,\n\nthe add-on is billed per workspace, not per seat."_s);
    QCOMPARE(activity.metadata.usedContext,
             (QStringList{u"ticket"_s, u"project"_s, u"prospect.preferences"_s,
                          u"interaction:I-5001"_s}));
    QCOMPARE(activity.metadata.confidence, std::optional(0.82));
    QCOMPARE(activity.metadata.suggestedFollowUp, u"Offer a demo next Tuesday."_s);
    QCOMPARE(activity.metadata.model, u"gpt-4o-mini"_s);
    QCOMPARE(activity.metadata.prompt, u"Follow up on the pricing call, offer a demo next week."_s);
    QCOMPARE(activity.createdAt, utc(2026, 11, 20, 14, 3));
    QCOMPARE(activity.createdAt.timeSpec(), Qt::UTC);
}

void TestOutreachActivity::defaultsMatchTheWire() {
    // A freshly made activity already carries the only type this client writes.
    OutreachActivity activity;
    QCOMPARE(activity.type, u"outreach_message"_s);
    QVERIFY(!activity.metadata.confidence.has_value());
    activity.messageId = u"M-1"_s;
    activity.content = u"Hello"_s;
    activity.createdAt = utc(2026, 11, 20, 14, 3);
    const QJsonObject json = activity.toJson();
    QCOMPARE(json.value(u"type"_s).toString(), u"outreach_message"_s);
    const Result<OutreachActivity> parsed = OutreachActivity::fromJson(json);
    QVERIFY2(parsed.ok(), parsed.ok() ? "" : qPrintable(parsed.error().toString()));
    QCOMPARE(parsed.value(), activity);
}

void TestOutreachActivity::missingRequiredField_data() {
    QTest::addColumn<QString>("field");
    QTest::addColumn<bool>("null");
    for (const char *field : {"message_id", "type", "content", "created_at"}) {
        QTest::addRow("%s absent", field) << QString::fromLatin1(field) << false;
        QTest::addRow("%s null", field) << QString::fromLatin1(field) << true;
    }
}

void TestOutreachActivity::missingRequiredField() {
    QFETCH(QString, field);
    QFETCH(bool, null);
    QJsonObject json = completeActivity();
    JsonPath::set(json, field,
                  null ? QJsonValue(QJsonValue::Null) : QJsonValue(QJsonValue::Undefined));
    checkInvalid(json, field, u"is missing"_s);
    if (QTest::currentTestFailed() || field == u"message_id"_s)
        return;
    QCOMPARE(OutreachActivity::fromJson(json).error().message(),
             QString(u"outreach activity "_s + messageId + u": field \""_s + field
                     + u"\" is missing"_s));
}

void TestOutreachActivity::blankRequiredString_data() {
    QTest::addColumn<QString>("field");
    for (const char *field : {"message_id", "type", "content"})
        QTest::newRow(field) << QString::fromLatin1(field);
}

void TestOutreachActivity::blankRequiredString() {
    QFETCH(QString, field);
    QJsonObject json = completeActivity();
    JsonPath::set(json, field, u" \n\t"_s);
    checkInvalid(json, field, u"must not be empty"_s);
    if (QTest::currentTestFailed())
        return;
    JsonPath::set(json, field, u""_s);
    checkInvalid(json, field, u"must not be empty"_s);
}

void TestOutreachActivity::wrongType_data() {
    QTest::addColumn<QString>("field");
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<QString>("problem");
    QTest::newRow("message_id number")
        << u"message_id"_s << QJsonValue(9) << u"must be a string, not a number"_s;
    QTest::newRow("type bool") << u"type"_s << QJsonValue(true) << u"must be a string"_s;
    QTest::newRow("type object") << u"type"_s << QJsonValue(QJsonObject{})
                                 << u"must be a string, not an object"_s;
    QTest::newRow("subject number") << u"subject"_s << QJsonValue(1) << u"must be a string"_s;
    QTest::newRow("content array")
        << u"content"_s << QJsonValue(QJsonArray{u"Hi"_s}) << u"must be a string, not an array"_s;
    QTest::newRow("metadata string")
        << u"metadata"_s << QJsonValue(u"{}"_s) << u"must be an object, not a string"_s;
    QTest::newRow("metadata array")
        << u"metadata"_s << QJsonValue(QJsonArray{}) << u"must be an object"_s;
    QTest::newRow("metadata.used_context string")
        << u"metadata.used_context"_s << QJsonValue(u"ticket"_s)
        << u"must be an array of strings"_s;
    QTest::newRow("metadata.used_context[1] number")
        << u"metadata.used_context[1]"_s << QJsonValue(7) << u"must be a string, not a number"_s;
    QTest::newRow("metadata.confidence string")
        << u"metadata.confidence"_s << QJsonValue(u"0.8"_s) << u"must be a number, not a string"_s;
    QTest::newRow("metadata.confidence bool")
        << u"metadata.confidence"_s << QJsonValue(true) << u"must be a number"_s;
    QTest::newRow("metadata.suggested_follow_up array")
        << u"metadata.suggested_follow_up"_s << QJsonValue(QJsonArray{}) << u"must be a string"_s;
    QTest::newRow("metadata.model number")
        << u"metadata.model"_s << QJsonValue(4) << u"must be a string"_s;
    QTest::newRow("metadata.prompt object")
        << u"metadata.prompt"_s << QJsonValue(QJsonObject{}) << u"must be a string"_s;
    QTest::newRow("metadata.preset number")
        << u"metadata.preset"_s << QJsonValue(2) << u"must be a string"_s;
    QTest::newRow("metadata.tone array")
        << u"metadata.tone"_s << QJsonValue(QJsonArray{}) << u"must be a string"_s;
    QTest::newRow("created_at words")
        << u"created_at"_s << QJsonValue(u"just now"_s) << u"is not an ISO 8601 timestamp"_s;
    QTest::newRow("created_at epoch")
        << u"created_at"_s << QJsonValue(1763647380) << u"must be an ISO 8601 timestamp string"_s;
}

void TestOutreachActivity::wrongType() {
    QFETCH(QString, field);
    QFETCH(QJsonValue, value);
    QFETCH(QString, problem);
    QJsonObject json = completeActivity();
    JsonPath::set(json, field, value);
    checkInvalid(json, field, problem);
}

void TestOutreachActivity::confidenceRange_data() {
    QTest::addColumn<double>("confidence");
    QTest::addColumn<bool>("ok");
    QTest::newRow("zero") << 0.0 << true;
    QTest::newRow("one") << 1.0 << true;
    QTest::newRow("half") << 0.5 << true;
    QTest::newRow("tiny") << 1e-9 << true;
    QTest::newRow("negative") << -0.01 << false;
    QTest::newRow("above one") << 1.0000001 << false;
    QTest::newRow("percent") << 82.0 << false;
}

void TestOutreachActivity::confidenceRange() {
    QFETCH(double, confidence);
    QFETCH(bool, ok);
    QJsonObject json = completeActivity();
    JsonPath::set(json, u"metadata.confidence"_s, confidence);
    const Result<OutreachActivity> parsed = OutreachActivity::fromJson(json);
    QCOMPARE(parsed.ok(), ok);
    if (ok) {
        QCOMPARE(parsed->metadata.confidence, std::optional(confidence));
        return;
    }
    checkInvalid(json, u"metadata.confidence"_s, u"must lie between 0 and 1"_s);
    QVERIFY2(parsed.error().message().endsWith(
                 QString::number(confidence, 'g', QLocale::FloatingPointShortest)),
             qPrintable(parsed.error().message()));
}

void TestOutreachActivity::optionalFieldsAbsentOrNull_data() {
    QTest::addColumn<QString>("field");
    QTest::addColumn<bool>("null");
    for (const char *field :
         {"subject", "metadata", "metadata.used_context", "metadata.confidence",
          "metadata.suggested_follow_up", "metadata.model", "metadata.prompt"}) {
        QTest::addRow("%s absent", field) << QString::fromLatin1(field) << false;
        QTest::addRow("%s null", field) << QString::fromLatin1(field) << true;
    }
}

void TestOutreachActivity::optionalFieldsAbsentOrNull() {
    QFETCH(QString, field);
    QFETCH(bool, null);
    QJsonObject json = completeActivity();
    JsonPath::set(json, field,
                  null ? QJsonValue(QJsonValue::Null) : QJsonValue(QJsonValue::Undefined));
    const Result<OutreachActivity> parsed = OutreachActivity::fromJson(json);
    QVERIFY2(parsed.ok(), parsed.ok() ? "" : qPrintable(parsed.error().toString()));

    OutreachActivity expected = OutreachActivity::fromJson(completeActivity()).value();
    OutreachActivity::Metadata &metadata = expected.metadata;
    if (field == u"subject"_s)
        expected.subject.clear();
    else if (field == u"metadata"_s)
        metadata = {};
    else if (field == u"metadata.used_context"_s)
        metadata.usedContext.clear();
    else if (field == u"metadata.confidence"_s)
        metadata.confidence.reset();
    else if (field == u"metadata.suggested_follow_up"_s)
        metadata.suggestedFollowUp.clear();
    else if (field == u"metadata.model"_s)
        metadata.model.clear();
    else if (field == u"metadata.prompt"_s)
        metadata.prompt.clear();
    else
        QFAIL("unhandled field");
    QCOMPARE(parsed.value(), expected);
}

void TestOutreachActivity::otherTypeIsKept() {
    // Only non-empty is required: an activity the CRM stored with another type still parses and
    // writes back what was read.
    QJsonObject json = completeActivity();
    json.insert(u"type"_s, u"outreach_message_v2"_s);
    const Result<OutreachActivity> parsed = OutreachActivity::fromJson(json);
    QVERIFY(parsed.ok());
    QCOMPARE(parsed->type, u"outreach_message_v2"_s);
    QCOMPARE(parsed->toJson().value(u"type"_s).toString(), u"outreach_message_v2"_s);
}

void TestOutreachActivity::unknownFieldsAreIgnored() {
    QJsonObject json = completeActivity();
    json.insert(u"ticket_id"_s, u"T-1042"_s);
    json.insert(u"stored_at"_s, u"2026-11-20T14:03:01Z"_s);
    JsonPath::set(json, u"metadata.tokens"_s, QJsonObject{{u"prompt"_s, 812}});
    JsonPath::set(json, u"metadata.compliance"_s, QJsonArray{QJsonValue::Null, 3});
    const Result<OutreachActivity> parsed = OutreachActivity::fromJson(json);
    QVERIFY(parsed.ok());
    QCOMPARE(parsed.value(), OutreachActivity::fromJson(completeActivity()).value());
    QVERIFY(!parsed->toJson().contains(u"ticket_id"_s));
}

void TestOutreachActivity::confidenceIsWrittenOnlyWhenKnown() {
    OutreachActivity activity = OutreachActivity::fromJson(completeActivity()).value();
    QCOMPARE(activity.toJson().value(u"metadata"_s).toObject().value(u"confidence"_s).toDouble(),
             0.82);
    activity.metadata.confidence.reset();
    const QJsonObject metadata = activity.toJson().value(u"metadata"_s).toObject();
    QVERIFY(!metadata.contains(u"confidence"_s));
    QCOMPARE(metadata.value(u"used_context"_s).toArray().size(), 4);

    // Zero is a confidence, not "unknown".
    activity.metadata.confidence = 0.0;
    const QJsonValue zero =
        activity.toJson().value(u"metadata"_s).toObject().value(u"confidence"_s);
    QVERIFY(zero.isDouble());
    QCOMPARE(zero.toDouble(), 0.0);
}

void TestOutreachActivity::presetAndToneAreOptionalAndWrittenOnlyWhenSet() {
    // Stored messages from before these fields existed read as "not recorded" and write back
    // byte for byte as they were.
    OutreachActivity activity = OutreachActivity::fromJson(completeActivity()).value();
    QVERIFY(activity.metadata.preset.isEmpty());
    QVERIFY(activity.metadata.tone.isEmpty());
    QCOMPARE(activity.toJson(), completeActivity());

    activity.metadata.preset = u"follow_up"_s;
    activity.metadata.tone = u"warm"_s;
    const QJsonObject metadata = activity.toJson().value(u"metadata"_s).toObject();
    QCOMPARE(metadata.value(u"preset"_s).toString(), u"follow_up"_s);
    QCOMPARE(metadata.value(u"tone"_s).toString(), u"warm"_s);
    const Result<OutreachActivity> parsed = OutreachActivity::fromJson(activity.toJson());
    QVERIFY(parsed.ok());
    QCOMPARE(parsed.value(), activity);
}

void TestOutreachActivity::roundTrip_data() {
    QTest::addColumn<QJsonObject>("json");
    QTest::newRow("complete") << completeActivity();

    QJsonObject international = completeActivity();
    international.insert(u"message_id"_s, u"M-東京-Łódź"_s);
    international.insert(u"subject"_s, u"Angebot für Zoë Müller 🚀"_s);
    international.insert(u"content"_s, u"Sehr geehrte Frau Müller,\n\n„Straße“ — ﬁnance, "
                                       u"東京オフィス.\t👩‍💻\n"
                                       u"\"quoted\" \\ backslash"_s);
    JsonPath::set(international, u"metadata.used_context"_s,
                  QJsonArray{u"interaction:I-ß"_s, u"prospect.preferences"_s});
    JsonPath::set(international, u"metadata.suggested_follow_up"_s, u"Démo mardi 🙂"_s);
    JsonPath::set(international, u"metadata.prompt"_s, u"Schreib kurz. 簡潔に。"_s);
    international.insert(u"created_at"_s, u"2026-11-20T23:59:59.999+05:45"_s);
    QTest::newRow("non-ASCII") << international;

    QTest::newRow("minimal") << QJsonObject{
        {u"message_id"_s, u"M-1"_s},
        {u"type"_s, u"outreach_message"_s},
        {u"content"_s, u"Hi"_s},
        {u"created_at"_s, u"2026-11-20T14:03:00Z"_s},
    };

    QJsonObject noConfidence = completeActivity();
    JsonPath::set(noConfidence, u"metadata.confidence"_s, QJsonValue::Null);
    QTest::newRow("confidence null") << noConfidence;
}

void TestOutreachActivity::roundTrip() {
    QFETCH(QJsonObject, json);
    const Result<OutreachActivity> parsed = OutreachActivity::fromJson(json);
    QVERIFY2(parsed.ok(), parsed.ok() ? "" : qPrintable(parsed.error().toString()));
    const Result<OutreachActivity> again = OutreachActivity::fromJson(parsed->toJson());
    QVERIFY2(again.ok(), again.ok() ? "" : qPrintable(again.error().toString()));
    QCOMPARE(again.value(), parsed.value());

    // Through the bytes on the wire as well (UTF-8 encoding and decoding).
    const QByteArray wire = QJsonDocument(parsed->toJson()).toJson(QJsonDocument::Compact);
    const Result<OutreachActivity> fromWire =
        OutreachActivity::fromJson(QJsonDocument::fromJson(wire).object());
    QVERIFY(fromWire.ok());
    QCOMPARE(fromWire.value(), parsed.value());
    QCOMPARE(fromWire->messageId, json.value(u"message_id"_s).toString());
    QCOMPARE(fromWire->content, json.value(u"content"_s).toString());
    QCOMPARE(fromWire->metadata.prompt,
             json.value(u"metadata"_s).toObject().value(u"prompt"_s).toString());
}

QTEST_GUILESS_MAIN(TestOutreachActivity)
#include "tst_outreachactivity.moc"
