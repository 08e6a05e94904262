// SPDX-License-Identifier: GPL-3.0-or-later
// Project: parsing and validation of `GET /v1/projects/{id}` (docs/crm-api.md), and the round trip.
#include "JsonPath.h"
#include "domain/Project.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

QJsonObject completeProject() {
    return QJsonObject{
        {u"id"_s, u"P-77"_s},
        {u"name"_s, u"Acme analytics rollout"_s},
        {u"description"_s, u"Analytics Pro for the data team, SSO for everyone."_s},
        {u"stage"_s, u"evaluation"_s},
        {u"value"_s, QJsonObject{{u"amount"_s, 48000}, {u"currency"_s, u"EUR"_s}}},
        {u"products"_s, QJsonArray{u"Analytics Pro"_s, u"SSO add-on"_s, u"Audit log"_s}},
        {u"key_dates"_s,
         QJsonObject{{u"renewal"_s, u"2027-03-01"_s}, {u"kickoff"_s, u"2026-12-01"_s}}},
    };
}

} // namespace

class TestProject : public QObject {
    Q_OBJECT

private slots:
    void parsesCompletePayload();
    void missingRequiredField_data();
    void missingRequiredField();
    void wrongType_data();
    void wrongType();
    void optionalFieldsAbsentOrNull_data();
    void optionalFieldsAbsentOrNull();
    void unknownFieldsAreIgnored();
    void roundTrip_data();
    void roundTrip();
};

void TestProject::parsesCompletePayload() {
    const Result<Project> parsed = Project::fromJson(completeProject());
    QVERIFY2(parsed.ok(), parsed.ok() ? "" : qPrintable(parsed.error().toString()));
    const Project &project = parsed.value();
    QCOMPARE(project.id, u"P-77"_s);
    QCOMPARE(project.name, u"Acme analytics rollout"_s);
    QCOMPARE(project.description, u"Analytics Pro for the data team, SSO for everyone."_s);
    QCOMPARE(project.stage, u"evaluation"_s);
    QVERIFY(project.value.has_value());
    QCOMPARE(project.value->amount, 48000.0);
    QCOMPARE(project.value->currency, u"EUR"_s);
    QCOMPARE(project.products, (QStringList{u"Analytics Pro"_s, u"SSO add-on"_s, u"Audit log"_s}));
    QCOMPARE(project.keyDates.size(), 2);
    QCOMPARE(project.keyDates.value(u"renewal"_s), u"2027-03-01"_s);
    QCOMPARE(project.keyDates.value(u"kickoff"_s), u"2026-12-01"_s);
}

static void checkInvalid(const QJsonObject &json, const QString &field, const QString &problem) {
    const Result<Project> parsed = Project::fromJson(json);
    QVERIFY2(!parsed.ok(), qPrintable(u"accepted with a bad "_s + field));
    const OutreachError &error = parsed.error();
    QCOMPARE(error.code(), OutreachError::Code::ContextInvalid);
    QCOMPARE(error.entity(), u"project"_s);
    QCOMPARE(error.field(), field);
    const QString message = error.message();
    QVERIFY2(message.contains(QString(u"field \""_s + field + u'"')), qPrintable(message));
    QVERIFY2(message.contains(problem), qPrintable(message));
    if (field == u"id"_s) {
        QVERIFY2(message.startsWith(u"project (without an id): "_s), qPrintable(message));
    } else {
        QCOMPARE(error.entityId(), u"P-77"_s);
        QVERIFY2(message.startsWith(u"project P-77: "_s), qPrintable(message));
    }
}

void TestProject::missingRequiredField_data() {
    QTest::addColumn<QString>("field");
    QTest::addColumn<bool>("null");
    // id and name always; amount and currency once a value is given.
    for (const char *field : {"id", "name", "value.amount", "value.currency"}) {
        QTest::addRow("%s absent", field) << QString::fromLatin1(field) << false;
        QTest::addRow("%s null", field) << QString::fromLatin1(field) << true;
    }
}

void TestProject::missingRequiredField() {
    QFETCH(QString, field);
    QFETCH(bool, null);
    QJsonObject json = completeProject();
    JsonPath::set(json, field,
                  null ? QJsonValue(QJsonValue::Null) : QJsonValue(QJsonValue::Undefined));
    checkInvalid(json, field, u"is missing"_s);
}

void TestProject::wrongType_data() {
    QTest::addColumn<QString>("field");
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<QString>("problem");
    QTest::newRow("id number") << u"id"_s << QJsonValue(77) << u"must be a string"_s;
    QTest::newRow("name empty") << u"name"_s << QJsonValue(u""_s) << u"must not be empty"_s;
    QTest::newRow("name object") << u"name"_s << QJsonValue(QJsonObject{}) << u"must be a string"_s;
    QTest::newRow("description number")
        << u"description"_s << QJsonValue(1) << u"must be a string"_s;
    QTest::newRow("stage bool") << u"stage"_s << QJsonValue(false) << u"must be a string"_s;
    QTest::newRow("value number") << u"value"_s << QJsonValue(48000) << u"must be an object"_s;
    QTest::newRow("value string") << u"value"_s << QJsonValue(u"48000 EUR"_s)
                                  << u"must be an object"_s;
    QTest::newRow("value.amount string")
        << u"value.amount"_s << QJsonValue(u"48000"_s) << u"must be a number, not a string"_s;
    QTest::newRow("value.currency number")
        << u"value.currency"_s << QJsonValue(978) << u"must be a string"_s;
    QTest::newRow("products object")
        << u"products"_s << QJsonValue(QJsonObject{}) << u"must be an array"_s;
    QTest::newRow("products string")
        << u"products"_s << QJsonValue(u"Analytics Pro"_s) << u"must be an array"_s;
    QTest::newRow("products[2] number")
        << u"products[2]"_s << QJsonValue(3) << u"must be a string, not a number"_s;
    QTest::newRow("products[0] object")
        << u"products[0]"_s << QJsonValue(QJsonObject{}) << u"must be a string, not an object"_s;
    QTest::newRow("key_dates array")
        << u"key_dates"_s << QJsonValue(QJsonArray{}) << u"must be an object"_s;
    QTest::newRow("key_dates.renewal number")
        << u"key_dates.renewal"_s << QJsonValue(20270301) << u"must be a date string"_s;
}

void TestProject::wrongType() {
    QFETCH(QString, field);
    QFETCH(QJsonValue, value);
    QFETCH(QString, problem);
    QJsonObject json = completeProject();
    JsonPath::set(json, field, value);
    checkInvalid(json, field, problem);
}

void TestProject::optionalFieldsAbsentOrNull_data() {
    QTest::addColumn<QString>("field");
    QTest::addColumn<bool>("null");
    for (const char *field : {"description", "stage", "value", "products", "key_dates"}) {
        QTest::addRow("%s absent", field) << QString::fromLatin1(field) << false;
        QTest::addRow("%s null", field) << QString::fromLatin1(field) << true;
    }
}

void TestProject::optionalFieldsAbsentOrNull() {
    QFETCH(QString, field);
    QFETCH(bool, null);
    QJsonObject json = completeProject();
    if (null)
        json.insert(field, QJsonValue::Null);
    else
        json.remove(field);
    const Result<Project> parsed = Project::fromJson(json);
    QVERIFY2(parsed.ok(), parsed.ok() ? "" : qPrintable(parsed.error().toString()));

    Project expected = Project::fromJson(completeProject()).value();
    if (field == u"description"_s)
        expected.description.clear();
    else if (field == u"stage"_s)
        expected.stage.clear();
    else if (field == u"value"_s)
        expected.value.reset();
    else if (field == u"products"_s)
        expected.products.clear();
    else
        expected.keyDates.clear();
    QCOMPARE(parsed.value(), expected);
}

void TestProject::unknownFieldsAreIgnored() {
    QJsonObject json = completeProject();
    json.insert(u"owner"_s, QJsonObject{{u"name"_s, u"Dana"_s}});
    json.insert(u"probability"_s, 0.4);
    QJsonObject value = json.value(u"value"_s).toObject();
    value.insert(u"recurring"_s, true);
    json.insert(u"value"_s, value);
    const Result<Project> parsed = Project::fromJson(json);
    QVERIFY(parsed.ok());
    QCOMPARE(parsed.value(), Project::fromJson(completeProject()).value());
}

void TestProject::roundTrip_data() {
    QTest::addColumn<QJsonObject>("json");
    QTest::newRow("complete") << completeProject();

    QJsonObject international = completeProject();
    international.insert(u"name"_s, u"Einführung in Łódź und 東京 🚀"_s);
    international.insert(u"description"_s,
                         u"Für Zoë Müller — Œuvre, Straße.\n\"Zitat\" 👩‍💻"_s);
    international.insert(u"stage"_s, u"Verhandlung"_s);
    international.insert(u"value"_s,
                         QJsonObject{{u"amount"_s, 1234567.89}, {u"currency"_s, u"JPY"_s}});
    international.insert(u"products"_s, QJsonArray{u"分析プロ"_s, u"SSO-Zusatz"_s, u"😀"_s});
    international.insert(u"key_dates"_s, QJsonObject{{u"Verlängerung"_s, u"1. März 2027"_s},
                                                     {u"更新"_s, u"2027-03-01"_s}});
    QTest::newRow("non-ASCII") << international;

    QTest::newRow("minimal") << QJsonObject{{u"id"_s, u"P-1"_s}, {u"name"_s, u"Zoë"_s}};

    QJsonObject zero = completeProject();
    zero.insert(u"value"_s, QJsonObject{{u"amount"_s, 0}, {u"currency"_s, u"USD"_s}});
    zero.insert(u"products"_s, QJsonArray{});
    QTest::newRow("zero value, no products") << zero;
}

void TestProject::roundTrip() {
    QFETCH(QJsonObject, json);
    const Result<Project> parsed = Project::fromJson(json);
    QVERIFY2(parsed.ok(), parsed.ok() ? "" : qPrintable(parsed.error().toString()));
    const Result<Project> again = Project::fromJson(parsed->toJson());
    QVERIFY(again.ok());
    QCOMPARE(again.value(), parsed.value());

    const QByteArray wire = QJsonDocument(parsed->toJson()).toJson(QJsonDocument::Compact);
    const Result<Project> fromWire = Project::fromJson(QJsonDocument::fromJson(wire).object());
    QVERIFY(fromWire.ok());
    QCOMPARE(fromWire.value(), parsed.value());
    QCOMPARE(fromWire->name, json.value(u"name"_s).toString());
    QCOMPARE(fromWire->products.size(), json.value(u"products"_s).toArray().size());
    QCOMPARE(fromWire->keyDates.size(), json.value(u"key_dates"_s).toObject().size());
}

QTEST_GUILESS_MAIN(TestProject)
#include "tst_project.moc"
