// SPDX-License-Identifier: GPL-3.0-or-later
// Ticket: parsing and validation of `GET /v1/tickets/{id}` (docs/crm-api.md), and the JSON round
// trip.
#include "JsonPath.h"
#include "domain/Ticket.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;

namespace {

QJsonObject completeTicket() {
    return QJsonObject{
        {u"id"_s, u"T-1042"_s},
        {u"title"_s, u"Pricing question for the analytics add-on"_s},
        {u"description"_s, u"Asked whether the add-on is billed per seat or per workspace."_s},
        {u"status"_s, u"pending"_s},
        {u"category"_s, u"upsell"_s},
        {u"priority"_s, u"high"_s},
        {u"assignee"_s,
         QJsonObject{{u"name"_s, u"Dana Ruiz"_s}, {u"email"_s, u"dana@example.com"_s}}},
        {u"project_id"_s, u"P-77"_s},
        {u"prospect_id"_s, u"C-310"_s},
        {u"created_at"_s, u"2026-11-18T09:30:00Z"_s},
        {u"updated_at"_s, u"2026-11-20T14:03:00Z"_s},
    };
}

QDateTime utc(int year, int month, int day, int hour, int minute, int second = 0, int ms = 0) {
    return QDateTime(QDate(year, month, day), QTime(hour, minute, second, ms), QTimeZone::utc());
}

Ticket::Status statusAt(int i) {
    return static_cast<Ticket::Status>(i);
}

Ticket::Priority priorityAt(int i) {
    return static_cast<Ticket::Priority>(i);
}

} // namespace

class TestTicket : public QObject {
    Q_OBJECT

private slots:
    void parsesCompletePayload();
    void everyStatusAndPriority_data();
    void everyStatusAndPriority();
    void missingRequiredField_data();
    void missingRequiredField();
    void nullRequiredField_data();
    void nullRequiredField();
    void blankRequiredString_data();
    void blankRequiredString();
    void wrongType_data();
    void wrongType();
    void optionalFieldsAbsentOrNull_data();
    void optionalFieldsAbsentOrNull();
    void unknownFieldsAreIgnored();
    void firstProblemIsReported();
    void timestampsAreUtc();
    void wireNames();
    void labels();
    void roundTrip_data();
    void roundTrip();
};

void TestTicket::parsesCompletePayload() {
    const Result<Ticket> parsed = Ticket::fromJson(completeTicket());
    QVERIFY2(parsed.ok(), parsed.ok() ? "" : qPrintable(parsed.error().toString()));
    const Ticket &ticket = parsed.value();
    QCOMPARE(ticket.id, u"T-1042"_s);
    QCOMPARE(ticket.title, u"Pricing question for the analytics add-on"_s);
    QCOMPARE(ticket.description,
             u"Asked whether the add-on is billed per seat or per workspace."_s);
    QCOMPARE(ticket.status, Ticket::Status::Pending);
    QCOMPARE(ticket.category, u"upsell"_s);
    QCOMPARE(ticket.priority, Ticket::Priority::High);
    QVERIFY(ticket.assignee.has_value());
    QCOMPARE(ticket.assignee->name, u"Dana Ruiz"_s);
    QCOMPARE(ticket.assignee->email, u"dana@example.com"_s);
    QCOMPARE(ticket.projectId, u"P-77"_s);
    QCOMPARE(ticket.prospectId, u"C-310"_s);
    QCOMPARE(ticket.createdAt, utc(2026, 11, 18, 9, 30));
    QCOMPARE(ticket.updatedAt, utc(2026, 11, 20, 14, 3));
}

void TestTicket::everyStatusAndPriority_data() {
    QTest::addColumn<QString>("status");
    QTest::addColumn<Ticket::Status>("expectedStatus");
    QTest::addColumn<QString>("priority");
    QTest::addColumn<Ticket::Priority>("expectedPriority");
    QTest::newRow("open/low") << u"open"_s << Ticket::Status::Open << u"low"_s
                              << Ticket::Priority::Low;
    QTest::newRow("pending/normal")
        << u"pending"_s << Ticket::Status::Pending << u"normal"_s << Ticket::Priority::Normal;
    QTest::newRow("won/high") << u"won"_s << Ticket::Status::Won << u"high"_s
                              << Ticket::Priority::High;
    QTest::newRow("lost/urgent") << u"lost"_s << Ticket::Status::Lost << u"urgent"_s
                                 << Ticket::Priority::Urgent;
    QTest::newRow("closed/low") << u"closed"_s << Ticket::Status::Closed << u"low"_s
                                << Ticket::Priority::Low;
}

void TestTicket::everyStatusAndPriority() {
    QFETCH(QString, status);
    QFETCH(Ticket::Status, expectedStatus);
    QFETCH(QString, priority);
    QFETCH(Ticket::Priority, expectedPriority);
    QJsonObject json = completeTicket();
    json.insert(u"status"_s, status);
    json.insert(u"priority"_s, priority);
    const Result<Ticket> parsed = Ticket::fromJson(json);
    QVERIFY(parsed.ok());
    QCOMPARE(parsed->status, expectedStatus);
    QCOMPARE(parsed->priority, expectedPriority);
    QCOMPARE(parsed->toJson().value(u"status"_s).toString(), status);
    QCOMPARE(parsed->toJson().value(u"priority"_s).toString(), priority);
}

static void requiredFields() {
    QTest::addColumn<QString>("field");
    for (const char *field : {"id", "title", "status", "priority", "project_id", "prospect_id",
                              "created_at", "updated_at"})
        QTest::newRow(field) << QString::fromLatin1(field);
    // A present assignee must have a name.
    QTest::newRow("assignee.name") << u"assignee.name"_s;
}

static void checkInvalid(const QJsonObject &json, const QString &field,
                         const QString &problem = {}) {
    const Result<Ticket> parsed = Ticket::fromJson(json);
    QVERIFY2(!parsed.ok(), qPrintable(u"accepted without a valid "_s + field));
    const OutreachError &error = parsed.error();
    QCOMPARE(error.code(), OutreachError::Code::ContextInvalid);
    QCOMPARE(error.field(), field);
    QCOMPARE(error.entity(), u"ticket"_s);
    const QString message = error.message();
    QVERIFY2(message.startsWith(u"ticket "_s), qPrintable(message));
    QVERIFY2(message.contains(QString(u"field \""_s + field + u'"')), qPrintable(message));
    if (field == u"id"_s) {
        QVERIFY(error.entityId().trimmed().isEmpty());
        QVERIFY2(message.startsWith(u"ticket (without an id): "_s), qPrintable(message));
    } else {
        QCOMPARE(error.entityId(), u"T-1042"_s);
        QVERIFY2(message.contains(u"T-1042"_s), qPrintable(message));
    }
    if (!problem.isEmpty())
        QVERIFY2(message.contains(problem), qPrintable(message));
    QVERIFY(error.toString().startsWith(u"CONTEXT_INVALID: "_s));
}

void TestTicket::missingRequiredField_data() {
    requiredFields();
}

void TestTicket::missingRequiredField() {
    QFETCH(QString, field);
    QJsonObject json = completeTicket();
    JsonPath::set(json, field, QJsonValue(QJsonValue::Undefined));
    checkInvalid(json, field, u"is missing"_s);
    if (QTest::currentTestFailed())
        return;
    if (field == u"id"_s)
        QCOMPARE(Ticket::fromJson(json).error().message(),
                 u"ticket (without an id): field \"id\" is missing"_s);
    else
        QCOMPARE(Ticket::fromJson(json).error().message(),
                 QString(u"ticket T-1042: field \""_s + field + u"\" is missing"_s));
}

void TestTicket::nullRequiredField_data() {
    requiredFields();
}

void TestTicket::nullRequiredField() {
    QFETCH(QString, field);
    QJsonObject json = completeTicket();
    JsonPath::set(json, field, QJsonValue(QJsonValue::Null));
    checkInvalid(json, field, u"is missing"_s);
}

void TestTicket::blankRequiredString_data() {
    requiredFields();
}

void TestTicket::blankRequiredString() {
    QFETCH(QString, field);
    QJsonObject json = completeTicket();
    JsonPath::set(json, field, u"   "_s);
    checkInvalid(json, field);
}

void TestTicket::wrongType_data() {
    QTest::addColumn<QString>("field");
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<QString>("problem");
    QTest::newRow("title number") << u"title"_s << QJsonValue(42) << u"must be a string"_s;
    QTest::newRow("id number") << u"id"_s << QJsonValue(1042) << u"must be a string"_s;
    QTest::newRow("description array")
        << u"description"_s << QJsonValue(QJsonArray{u"a"_s}) << u"must be a string"_s;
    QTest::newRow("category object")
        << u"category"_s << QJsonValue(QJsonObject{}) << u"must be a string"_s;
    QTest::newRow("status unknown")
        << u"status"_s << QJsonValue(u"archived"_s) << u"unknown value \"archived\""_s;
    QTest::newRow("status wrong case")
        << u"status"_s << QJsonValue(u"Open"_s) << u"unknown value"_s;
    QTest::newRow("status bool") << u"status"_s << QJsonValue(true) << u"must be a string"_s;
    QTest::newRow("priority unknown") << u"priority"_s << QJsonValue(u"critical"_s)
                                      << u"expected one of low, normal, high, urgent"_s;
    QTest::newRow("priority number") << u"priority"_s << QJsonValue(3) << u"must be a string"_s;
    QTest::newRow("assignee string")
        << u"assignee"_s << QJsonValue(u"Dana Ruiz"_s) << u"must be an object"_s;
    QTest::newRow("assignee array")
        << u"assignee"_s << QJsonValue(QJsonArray{}) << u"must be an object"_s;
    QTest::newRow("assignee.name number")
        << u"assignee.name"_s << QJsonValue(7) << u"must be a string"_s;
    QTest::newRow("assignee.email bool")
        << u"assignee.email"_s << QJsonValue(false) << u"must be a string"_s;
    QTest::newRow("project_id array")
        << u"project_id"_s << QJsonValue(QJsonArray{u"P-77"_s}) << u"must be a string"_s;
    QTest::newRow("prospect_id number")
        << u"prospect_id"_s << QJsonValue(310) << u"must be a string"_s;
    QTest::newRow("created_at words")
        << u"created_at"_s << QJsonValue(u"yesterday"_s) << u"is not an ISO 8601 timestamp"_s;
    QTest::newRow("created_at impossible date")
        << u"created_at"_s << QJsonValue(u"2026-02-30T10:00:00Z"_s) << u"ISO 8601"_s;
    QTest::newRow("updated_at epoch number")
        << u"updated_at"_s << QJsonValue(1763647380) << u"ISO 8601 timestamp string"_s;
}

void TestTicket::wrongType() {
    QFETCH(QString, field);
    QFETCH(QJsonValue, value);
    QFETCH(QString, problem);
    QJsonObject json = completeTicket();
    JsonPath::set(json, field, value);
    checkInvalid(json, field, problem);
}

void TestTicket::optionalFieldsAbsentOrNull_data() {
    QTest::addColumn<QString>("field");
    QTest::addColumn<bool>("null");
    for (const char *field : {"description", "category", "assignee", "assignee.email"}) {
        QTest::addRow("%s absent", field) << QString::fromLatin1(field) << false;
        QTest::addRow("%s null", field) << QString::fromLatin1(field) << true;
    }
}

void TestTicket::optionalFieldsAbsentOrNull() {
    QFETCH(QString, field);
    QFETCH(bool, null);
    QJsonObject json = completeTicket();
    JsonPath::set(json, field,
                  null ? QJsonValue(QJsonValue::Null) : QJsonValue(QJsonValue::Undefined));
    const Result<Ticket> parsed = Ticket::fromJson(json);
    QVERIFY2(parsed.ok(), parsed.ok() ? "" : qPrintable(parsed.error().toString()));

    Ticket expected = Ticket::fromJson(completeTicket()).value();
    if (field == u"description"_s)
        expected.description.clear();
    else if (field == u"category"_s)
        expected.category.clear();
    else if (field == u"assignee"_s)
        expected.assignee.reset();
    else
        expected.assignee->email.clear();
    QCOMPARE(parsed.value(), expected);
    if (field == u"assignee"_s)
        QVERIFY(!parsed->assignee.has_value());
}

void TestTicket::unknownFieldsAreIgnored() {
    QJsonObject json = completeTicket();
    json.insert(u"x_custom_score"_s, 0.93);
    json.insert(u"tags"_s, QJsonArray{u"vip"_s, 3, QJsonValue::Null});
    json.insert(u"sla"_s, QJsonObject{{u"hours"_s, 4}});
    json.insert(u"status_reason"_s, QJsonValue::Null);
    QJsonObject assignee = json.value(u"assignee"_s).toObject();
    assignee.insert(u"avatar_url"_s, u"https://example.com/d.png"_s);
    json.insert(u"assignee"_s, assignee);

    const Result<Ticket> parsed = Ticket::fromJson(json);
    QVERIFY(parsed.ok());
    QCOMPARE(parsed.value(), Ticket::fromJson(completeTicket()).value());
    QVERIFY(!parsed->toJson().contains(u"x_custom_score"_s));
}

void TestTicket::firstProblemIsReported() {
    QJsonObject json = completeTicket();
    json.remove(u"title"_s);
    json.insert(u"status"_s, u"archived"_s);
    json.insert(u"updated_at"_s, u"never"_s);
    const Result<Ticket> parsed = Ticket::fromJson(json);
    QVERIFY(!parsed.ok());
    QCOMPARE(parsed.error().field(), u"title"_s);

    QVERIFY(!Ticket::fromJson(QJsonObject()).ok());
    QCOMPARE(Ticket::fromJson(QJsonObject()).error().field(), u"id"_s);
}

void TestTicket::timestampsAreUtc() {
    QJsonObject json = completeTicket();
    json.insert(u"created_at"_s, u"2026-11-18T10:30:00+01:00"_s);
    json.insert(u"updated_at"_s, u"2026-11-20T14:03:00.120Z"_s);
    const Result<Ticket> parsed = Ticket::fromJson(json);
    QVERIFY(parsed.ok());
    QCOMPARE(parsed->createdAt, utc(2026, 11, 18, 9, 30));
    QCOMPARE(parsed->createdAt.timeSpec(), Qt::UTC);
    QCOMPARE(parsed->updatedAt, utc(2026, 11, 20, 14, 3, 0, 120));
    QCOMPARE(parsed->toJson().value(u"created_at"_s).toString(), u"2026-11-18T09:30:00Z"_s);
    QCOMPARE(parsed->toJson().value(u"updated_at"_s).toString(), u"2026-11-20T14:03:00.120Z"_s);
}

void TestTicket::wireNames() {
    const QStringList statuses{u"open"_s, u"pending"_s, u"won"_s, u"lost"_s, u"closed"_s};
    for (int i = 0; i < statuses.size(); ++i) {
        QCOMPARE(Ticket::statusName(statusAt(i)), statuses.at(i));
        QCOMPARE(Ticket::statusFromName(statuses.at(i)), std::optional(statusAt(i)));
    }
    const QStringList priorities{u"low"_s, u"normal"_s, u"high"_s, u"urgent"_s};
    for (int i = 0; i < priorities.size(); ++i) {
        QCOMPARE(Ticket::priorityName(priorityAt(i)), priorities.at(i));
        QCOMPARE(Ticket::priorityFromName(priorities.at(i)), std::optional(priorityAt(i)));
    }
    for (const QString &bad : {u"OPEN"_s, u" open"_s, u""_s, u"archived"_s, u"high"_s})
        QVERIFY2(!Ticket::statusFromName(bad).has_value(), qPrintable(bad));
    for (const QString &bad : {u"Urgent"_s, u"critical"_s, u""_s, u"open"_s})
        QVERIFY2(!Ticket::priorityFromName(bad).has_value(), qPrintable(bad));
}

void TestTicket::labels() {
    QStringList statusLabels;
    for (int i = 0; i < 5; ++i)
        statusLabels.append(Ticket::statusLabel(statusAt(i)));
    QCOMPARE(statusLabels,
             (QStringList{u"Open"_s, u"Pending"_s, u"Won"_s, u"Lost"_s, u"Closed"_s}));
    QStringList priorityLabels;
    for (int i = 0; i < 4; ++i)
        priorityLabels.append(Ticket::priorityLabel(priorityAt(i)));
    QCOMPARE(priorityLabels, (QStringList{u"Low"_s, u"Normal"_s, u"High"_s, u"Urgent"_s}));
}

void TestTicket::roundTrip_data() {
    QTest::addColumn<QJsonObject>("json");
    QTest::newRow("complete") << completeTicket();

    QJsonObject international = completeTicket();
    international.insert(u"id"_s, u"T-東京-7"_s);
    international.insert(u"title"_s, u"Angebot für Zoë Müller in Łódź 🚀"_s);
    international.insert(
        u"description"_s,
        u"東京オフィスの価格について。Œuvre, Straße, ﬁnance — \"quoted\"\n\ttabs 👩‍💻"_s);
    international.insert(u"category"_s, u"Verlängerung"_s);
    international.insert(u"assignee"_s,
                         QJsonObject{{u"name"_s, u"Zoë Müller"_s}, {u"email"_s, u"zoë@例え.jp"_s}});
    international.insert(u"project_id"_s, u"P-Łódź"_s);
    international.insert(u"prospect_id"_s, u"C-😀"_s);
    QTest::newRow("non-ASCII") << international;

    QJsonObject minimal = completeTicket();
    minimal.remove(u"description"_s);
    minimal.remove(u"category"_s);
    minimal.remove(u"assignee"_s);
    QTest::newRow("optional fields absent") << minimal;

    QJsonObject assigneeWithoutEmail = completeTicket();
    assigneeWithoutEmail.insert(u"assignee"_s, QJsonObject{{u"name"_s, u"Łukasz"_s}});
    QTest::newRow("assignee without email") << assigneeWithoutEmail;

    QJsonObject precise = completeTicket();
    precise.insert(u"created_at"_s, u"2026-11-18T09:30:00.001Z"_s);
    precise.insert(u"updated_at"_s, u"2026-11-20T23:59:59.999+05:45"_s);
    QTest::newRow("milliseconds and offsets") << precise;
}

void TestTicket::roundTrip() {
    QFETCH(QJsonObject, json);
    const Result<Ticket> parsed = Ticket::fromJson(json);
    QVERIFY2(parsed.ok(), parsed.ok() ? "" : qPrintable(parsed.error().toString()));

    const Result<Ticket> again = Ticket::fromJson(parsed->toJson());
    QVERIFY2(again.ok(), again.ok() ? "" : qPrintable(again.error().toString()));
    QCOMPARE(again.value(), parsed.value());

    // Through the bytes on the wire as well (UTF-8 encoding and decoding).
    const QByteArray wire = QJsonDocument(parsed->toJson()).toJson(QJsonDocument::Compact);
    const Result<Ticket> fromWire = Ticket::fromJson(QJsonDocument::fromJson(wire).object());
    QVERIFY(fromWire.ok());
    QCOMPARE(fromWire.value(), parsed.value());
    QCOMPARE(fromWire->title, json.value(u"title"_s).toString());
    QCOMPARE(fromWire->description, json.value(u"description"_s).toString());
    if (json.contains(u"assignee"_s))
        QCOMPARE(fromWire->assignee->name,
                 json.value(u"assignee"_s).toObject().value(u"name"_s).toString());
}

QTEST_GUILESS_MAIN(TestTicket)
#include "tst_ticket.moc"
