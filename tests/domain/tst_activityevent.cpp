// SPDX-License-Identifier: GPL-3.0-or-later
// ActivityEvent: the body of trackOutreachActivity (`POST /v1/tickets/{t}/messages/{m}/events`,
// docs/crm-api.md): every event type, its wire names and labels, validation and the round trip.
#include "domain/ActivityEvent.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;

namespace {

QJsonObject completeEvent() {
    return QJsonObject{
        {u"type"_s, u"opened"_s},
        {u"occurred_at"_s, u"2026-11-21T08:15:00Z"_s},
    };
}

QDateTime utc(int year, int month, int day, int hour, int minute, int second = 0, int ms = 0) {
    return QDateTime(QDate(year, month, day), QTime(hour, minute, second, ms), QTimeZone::utc());
}

ActivityEvent::Type typeAt(int i) {
    return static_cast<ActivityEvent::Type>(i);
}

const QStringList typeWireNames{u"sent"_s,    u"opened"_s,  u"clicked"_s,
                                u"replied"_s, u"bounced"_s, u"meeting_booked"_s};

void checkInvalid(const QJsonObject &json, const QString &messageId, const QString &field,
                  const QString &problem) {
    const Result<ActivityEvent> parsed = ActivityEvent::fromJson(json, messageId);
    QVERIFY2(!parsed.ok(), qPrintable(u"accepted with a bad "_s + field));
    const OutreachError &error = parsed.error();
    QCOMPARE(error.code(), OutreachError::Code::ContextInvalid);
    QCOMPARE(error.entity(), u"activity event"_s);
    QCOMPARE(error.entityId(), messageId);
    QCOMPARE(error.field(), field);
    const QString who = messageId.isEmpty() ? u"activity event (without an id)"_s
                                            : QString(u"activity event "_s + messageId);
    QVERIFY2(error.message().startsWith(QString(who + u": field \""_s + field + u"\" "_s)),
             qPrintable(error.message()));
    QVERIFY2(error.message().contains(problem), qPrintable(error.message()));
}

} // namespace

class TestActivityEvent : public QObject {
    Q_OBJECT

private slots:
    void parsesCompletePayload();
    void everyType_data();
    void everyType();
    void wireNames();
    void labels();
    void missingRequiredField_data();
    void missingRequiredField();
    void wrongType_data();
    void wrongType();
    void errorsNameTheMessageWhenGiven();
    void unknownFieldsAreIgnored();
    void timestampsAreUtc();
    void roundTrip_data();
    void roundTrip();
};

void TestActivityEvent::parsesCompletePayload() {
    const Result<ActivityEvent> parsed = ActivityEvent::fromJson(completeEvent());
    QVERIFY2(parsed.ok(), parsed.ok() ? "" : qPrintable(parsed.error().toString()));
    QCOMPARE(parsed->type, ActivityEvent::Type::Opened);
    QCOMPARE(parsed->occurredAt, utc(2026, 11, 21, 8, 15));
    QCOMPARE(parsed->occurredAt.timeSpec(), Qt::UTC);
}

void TestActivityEvent::everyType_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<ActivityEvent::Type>("expected");
    QTest::newRow("sent") << u"sent"_s << ActivityEvent::Type::Sent;
    QTest::newRow("opened") << u"opened"_s << ActivityEvent::Type::Opened;
    QTest::newRow("clicked") << u"clicked"_s << ActivityEvent::Type::Clicked;
    QTest::newRow("replied") << u"replied"_s << ActivityEvent::Type::Replied;
    QTest::newRow("bounced") << u"bounced"_s << ActivityEvent::Type::Bounced;
    QTest::newRow("meeting_booked") << u"meeting_booked"_s << ActivityEvent::Type::MeetingBooked;
}

void TestActivityEvent::everyType() {
    QFETCH(QString, name);
    QFETCH(ActivityEvent::Type, expected);
    QJsonObject json = completeEvent();
    json.insert(u"type"_s, name);
    const Result<ActivityEvent> parsed = ActivityEvent::fromJson(json);
    QVERIFY2(parsed.ok(), parsed.ok() ? "" : qPrintable(parsed.error().toString()));
    QCOMPARE(parsed->type, expected);
    QCOMPARE(parsed->toJson().value(u"type"_s).toString(), name);
}

void TestActivityEvent::wireNames() {
    for (int i = 0; i < typeWireNames.size(); ++i) {
        QCOMPARE(ActivityEvent::typeName(typeAt(i)), typeWireNames.at(i));
        QCOMPARE(ActivityEvent::typeFromName(typeWireNames.at(i)), std::optional(typeAt(i)));
    }
    for (const QString &bad : {u"Sent"_s, u" sent"_s, u""_s, u"meeting-booked"_s,
                               u"meetingBooked"_s, u"unsubscribed"_s, u"OPENED"_s})
        QVERIFY2(!ActivityEvent::typeFromName(bad).has_value(), qPrintable(bad));
}

void TestActivityEvent::labels() {
    QStringList labels;
    for (int i = 0; i < typeWireNames.size(); ++i)
        labels.append(ActivityEvent::typeLabel(typeAt(i)));
    QCOMPARE(labels, (QStringList{u"Sent"_s, u"Opened"_s, u"Clicked"_s, u"Replied"_s, u"Bounced"_s,
                                  u"Meeting booked"_s}));
}

void TestActivityEvent::missingRequiredField_data() {
    QTest::addColumn<QString>("field");
    QTest::addColumn<bool>("null");
    for (const char *field : {"type", "occurred_at"}) {
        QTest::addRow("%s absent", field) << QString::fromLatin1(field) << false;
        QTest::addRow("%s null", field) << QString::fromLatin1(field) << true;
    }
}

void TestActivityEvent::missingRequiredField() {
    QFETCH(QString, field);
    QFETCH(bool, null);
    QJsonObject json = completeEvent();
    if (null)
        json.insert(field, QJsonValue::Null);
    else
        json.remove(field);
    checkInvalid(json, u"M-9"_s, field, u"is missing"_s);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(ActivityEvent::fromJson(json, u"M-9"_s).error().message(),
             QString(u"activity event M-9: field \""_s + field + u"\" is missing"_s));
}

void TestActivityEvent::wrongType_data() {
    QTest::addColumn<QString>("field");
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<QString>("problem");
    QTest::newRow("type unknown") << u"type"_s << QJsonValue(u"unsubscribed"_s)
                                  << u"has the unknown value \"unsubscribed\""_s;
    QTest::newRow("type lists the allowed values")
        << u"type"_s << QJsonValue(u"meeting-booked"_s)
        << u"expected one of sent, opened, clicked, replied, bounced, meeting_booked"_s;
    QTest::newRow("type wrong case") << u"type"_s << QJsonValue(u"Opened"_s) << u"unknown value"_s;
    QTest::newRow("type empty") << u"type"_s << QJsonValue(u""_s) << u"must not be empty"_s;
    QTest::newRow("type number") << u"type"_s << QJsonValue(1)
                                 << u"must be a string, not a number"_s;
    QTest::newRow("type array") << u"type"_s << QJsonValue(QJsonArray{u"sent"_s})
                                << u"must be a string, not an array"_s;
    QTest::newRow("occurred_at words")
        << u"occurred_at"_s << QJsonValue(u"this morning"_s) << u"is not an ISO 8601 timestamp"_s;
    QTest::newRow("occurred_at impossible")
        << u"occurred_at"_s << QJsonValue(u"2026-13-01T00:00:00Z"_s) << u"ISO 8601"_s;
    QTest::newRow("occurred_at epoch")
        << u"occurred_at"_s << QJsonValue(1763712900) << u"must be an ISO 8601 timestamp string"_s;
    QTest::newRow("occurred_at bool")
        << u"occurred_at"_s << QJsonValue(false) << u"timestamp string, not a boolean"_s;
}

void TestActivityEvent::wrongType() {
    QFETCH(QString, field);
    QFETCH(QJsonValue, value);
    QFETCH(QString, problem);
    QJsonObject json = completeEvent();
    json.insert(field, value);
    checkInvalid(json, u"M-9"_s, field, problem);
}

void TestActivityEvent::errorsNameTheMessageWhenGiven() {
    QJsonObject json = completeEvent();
    json.insert(u"type"_s, u"forwarded"_s);
    // Without the message id (it lives in the URL, not the body) the error says so.
    checkInvalid(json, QString(), u"type"_s, u"unknown value \"forwarded\""_s);
    checkInvalid(json, u"M-東京-1"_s, u"type"_s, u"unknown value \"forwarded\""_s);

    // The first problem is the one reported.
    const Result<ActivityEvent> parsed = ActivityEvent::fromJson(QJsonObject(), u"M-9"_s);
    QVERIFY(!parsed.ok());
    QCOMPARE(parsed.error().field(), u"type"_s);
}

void TestActivityEvent::unknownFieldsAreIgnored() {
    QJsonObject json = completeEvent();
    json.insert(u"message_id"_s, u"M-9"_s);
    json.insert(u"user_agent"_s, u"Mozilla/5.0"_s);
    json.insert(u"ip"_s, QJsonValue::Null);
    const Result<ActivityEvent> parsed = ActivityEvent::fromJson(json);
    QVERIFY(parsed.ok());
    QCOMPARE(parsed.value(), ActivityEvent::fromJson(completeEvent()).value());
    QCOMPARE(parsed->toJson().keys(), (QStringList{u"occurred_at"_s, u"type"_s}));
}

void TestActivityEvent::timestampsAreUtc() {
    QJsonObject json = completeEvent();
    json.insert(u"occurred_at"_s, u"2026-11-21T09:15:00.250+01:00"_s);
    const Result<ActivityEvent> parsed = ActivityEvent::fromJson(json);
    QVERIFY(parsed.ok());
    QCOMPARE(parsed->occurredAt, utc(2026, 11, 21, 8, 15, 0, 250));
    QCOMPARE(parsed->occurredAt.timeSpec(), Qt::UTC);
    QCOMPARE(parsed->toJson().value(u"occurred_at"_s).toString(), u"2026-11-21T08:15:00.250Z"_s);

    // Written in UTC whatever zone the QDateTime was made in.
    ActivityEvent event;
    event.type = ActivityEvent::Type::MeetingBooked;
    event.occurredAt = QDateTime(QDate(2026, 11, 21), QTime(18, 0), QTimeZone(9 * 3600));
    QCOMPARE(event.toJson(), (QJsonObject{{u"type"_s, u"meeting_booked"_s},
                                          {u"occurred_at"_s, u"2026-11-21T09:00:00Z"_s}}));
}

void TestActivityEvent::roundTrip_data() {
    QTest::addColumn<QJsonObject>("json");
    for (const QString &name : typeWireNames)
        QTest::newRow(qPrintable(name))
            << QJsonObject{{u"type"_s, name}, {u"occurred_at"_s, u"2026-11-21T08:15:00Z"_s}};
    QTest::newRow("offset and milliseconds") << QJsonObject{
        {u"type"_s, u"replied"_s}, {u"occurred_at"_s, u"2026-11-20T23:59:59.999+05:45"_s}};
}

void TestActivityEvent::roundTrip() {
    QFETCH(QJsonObject, json);
    const Result<ActivityEvent> parsed = ActivityEvent::fromJson(json);
    QVERIFY2(parsed.ok(), parsed.ok() ? "" : qPrintable(parsed.error().toString()));
    const Result<ActivityEvent> again = ActivityEvent::fromJson(parsed->toJson());
    QVERIFY(again.ok());
    QCOMPARE(again.value(), parsed.value());

    const QByteArray wire = QJsonDocument(parsed->toJson()).toJson(QJsonDocument::Compact);
    const Result<ActivityEvent> fromWire =
        ActivityEvent::fromJson(QJsonDocument::fromJson(wire).object());
    QVERIFY(fromWire.ok());
    QCOMPARE(fromWire.value(), parsed.value());
    QCOMPARE(fromWire->toJson().value(u"type"_s), json.value(u"type"_s));
}

QTEST_GUILESS_MAIN(TestActivityEvent)
#include "tst_activityevent.moc"
