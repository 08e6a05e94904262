// SPDX-License-Identifier: GPL-3.0-or-later
// Interaction: parsing and validation of one `GET /v1/tickets/{id}/interactions` item
// (docs/crm-api.md), its wire names and labels, and the round trip.
#include "JsonPath.h"
#include "domain/Interaction.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;

namespace {

QJsonObject completeInteraction() {
    return QJsonObject{
        {u"id"_s, u"I-5001"_s},
        {u"ticket_id"_s, u"T-1042"_s},
        {u"type"_s, u"email"_s},
        {u"direction"_s, u"inbound"_s},
        {u"occurred_at"_s, u"2026-11-20T14:03:00Z"_s},
        {u"author"_s, u"Lee Park"_s},
        {u"subject"_s, u"Re: pricing"_s},
        {u"content"_s, u"Is the add-on billed per seat?"_s},
    };
}

} // namespace

class TestInteraction : public QObject {
    Q_OBJECT

private slots:
    void parsesCompletePayload();
    void everyTypeAndDirection_data();
    void everyTypeAndDirection();
    void missingRequiredField_data();
    void missingRequiredField();
    void emptyContentIsAllowed_data();
    void emptyContentIsAllowed();
    void wrongType_data();
    void wrongType();
    void optionalFieldsAbsentOrNull_data();
    void optionalFieldsAbsentOrNull();
    void unknownFieldsAreIgnored();
    void wireNamesAndLabels();
    void subjectIsWrittenOnlyWhenPresent();
    void roundTrip_data();
    void roundTrip();
};

void TestInteraction::parsesCompletePayload() {
    const Result<Interaction> parsed = Interaction::fromJson(completeInteraction());
    QVERIFY2(parsed.ok(), parsed.ok() ? "" : qPrintable(parsed.error().toString()));
    const Interaction &interaction = parsed.value();
    QCOMPARE(interaction.id, u"I-5001"_s);
    QCOMPARE(interaction.ticketId, u"T-1042"_s);
    QCOMPARE(interaction.type, Interaction::Type::Email);
    QCOMPARE(interaction.direction, Interaction::Direction::Inbound);
    QCOMPARE(interaction.occurredAt,
             QDateTime(QDate(2026, 11, 20), QTime(14, 3), QTimeZone::utc()));
    QCOMPARE(interaction.occurredAt.timeSpec(), Qt::UTC);
    QCOMPARE(interaction.author, u"Lee Park"_s);
    QCOMPARE(interaction.subject, u"Re: pricing"_s);
    QCOMPARE(interaction.content, u"Is the add-on billed per seat?"_s);
}

void TestInteraction::everyTypeAndDirection_data() {
    QTest::addColumn<QString>("type");
    QTest::addColumn<Interaction::Type>("expectedType");
    QTest::addColumn<QString>("direction");
    QTest::addColumn<Interaction::Direction>("expectedDirection");
    QTest::newRow("email/inbound") << u"email"_s << Interaction::Type::Email << u"inbound"_s
                                   << Interaction::Direction::Inbound;
    QTest::newRow("call/outbound") << u"call"_s << Interaction::Type::Call << u"outbound"_s
                                   << Interaction::Direction::Outbound;
    QTest::newRow("meeting/internal") << u"meeting"_s << Interaction::Type::Meeting << u"internal"_s
                                      << Interaction::Direction::Internal;
    QTest::newRow("note/internal") << u"note"_s << Interaction::Type::Note << u"internal"_s
                                   << Interaction::Direction::Internal;
    QTest::newRow("outreach_message/outbound")
        << u"outreach_message"_s << Interaction::Type::OutreachMessage << u"outbound"_s
        << Interaction::Direction::Outbound;
}

void TestInteraction::everyTypeAndDirection() {
    QFETCH(QString, type);
    QFETCH(Interaction::Type, expectedType);
    QFETCH(QString, direction);
    QFETCH(Interaction::Direction, expectedDirection);
    QJsonObject json = completeInteraction();
    json.insert(u"type"_s, type);
    json.insert(u"direction"_s, direction);
    const Result<Interaction> parsed = Interaction::fromJson(json);
    QVERIFY(parsed.ok());
    QCOMPARE(parsed->type, expectedType);
    QCOMPARE(parsed->direction, expectedDirection);
    QCOMPARE(parsed->toJson().value(u"type"_s).toString(), type);
    QCOMPARE(parsed->toJson().value(u"direction"_s).toString(), direction);
}

static void checkInvalid(const QJsonObject &json, const QString &field, const QString &problem) {
    const Result<Interaction> parsed = Interaction::fromJson(json);
    QVERIFY2(!parsed.ok(), qPrintable(u"accepted with a bad "_s + field));
    const OutreachError &error = parsed.error();
    QCOMPARE(error.code(), OutreachError::Code::ContextInvalid);
    QCOMPARE(error.entity(), u"interaction"_s);
    QCOMPARE(error.field(), field);
    const QString message = error.message();
    if (field == u"id"_s) {
        QVERIFY2(message.startsWith(u"interaction (without an id): field \"id\" "_s),
                 qPrintable(message));
    } else {
        QCOMPARE(error.entityId(), u"I-5001"_s);
        QVERIFY2(message.startsWith(QString(u"interaction I-5001: field \""_s + field + u"\" "_s)),
                 qPrintable(message));
    }
    QVERIFY2(message.contains(problem), qPrintable(message));
}

void TestInteraction::missingRequiredField_data() {
    QTest::addColumn<QString>("field");
    QTest::addColumn<bool>("null");
    for (const char *field : {"id", "ticket_id", "type", "direction", "occurred_at", "content"}) {
        QTest::addRow("%s absent", field) << QString::fromLatin1(field) << false;
        QTest::addRow("%s null", field) << QString::fromLatin1(field) << true;
    }
}

void TestInteraction::missingRequiredField() {
    QFETCH(QString, field);
    QFETCH(bool, null);
    QJsonObject json = completeInteraction();
    JsonPath::set(json, field,
                  null ? QJsonValue(QJsonValue::Null) : QJsonValue(QJsonValue::Undefined));
    checkInvalid(json, field, u"is missing"_s);
}

void TestInteraction::emptyContentIsAllowed_data() {
    QTest::addColumn<QString>("content");
    QTest::newRow("empty") << u""_s;
    QTest::newRow("blank") << u"  \n"_s;
}

void TestInteraction::emptyContentIsAllowed() {
    // A call logged without notes: content is present but empty.
    QFETCH(QString, content);
    QJsonObject json = completeInteraction();
    json.insert(u"type"_s, u"call"_s);
    json.insert(u"content"_s, content);
    const Result<Interaction> parsed = Interaction::fromJson(json);
    QVERIFY2(parsed.ok(), parsed.ok() ? "" : qPrintable(parsed.error().toString()));
    QCOMPARE(parsed->content, content);
}

void TestInteraction::wrongType_data() {
    QTest::addColumn<QString>("field");
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<QString>("problem");
    QTest::newRow("id number") << u"id"_s << QJsonValue(5001) << u"must be a string"_s;
    QTest::newRow("id blank") << u"id"_s << QJsonValue(u" "_s) << u"must not be empty"_s;
    QTest::newRow("ticket_id object")
        << u"ticket_id"_s << QJsonValue(QJsonObject{}) << u"must be a string"_s;
    QTest::newRow("ticket_id empty")
        << u"ticket_id"_s << QJsonValue(u""_s) << u"must not be empty"_s;
    QTest::newRow("type unknown") << u"type"_s << QJsonValue(u"fax"_s)
                                  << u"unknown value \"fax\""_s;
    QTest::newRow("type lists the allowed values")
        << u"type"_s << QJsonValue(u"sms"_s)
        << u"expected one of email, call, meeting, note, outreach_message"_s;
    QTest::newRow("type number") << u"type"_s << QJsonValue(1) << u"must be a string"_s;
    QTest::newRow("direction unknown") << u"direction"_s << QJsonValue(u"sideways"_s)
                                       << u"expected one of inbound, outbound, internal"_s;
    QTest::newRow("direction bool") << u"direction"_s << QJsonValue(true) << u"must be a string"_s;
    QTest::newRow("occurred_at bad") << u"occurred_at"_s << QJsonValue(u"20/11/2026 14:03"_s)
                                     << u"is not an ISO 8601 timestamp"_s;
    QTest::newRow("occurred_at number")
        << u"occurred_at"_s << QJsonValue(1763647380) << u"must be an ISO 8601 timestamp string"_s;
    QTest::newRow("author bool") << u"author"_s << QJsonValue(false) << u"must be a string"_s;
    QTest::newRow("subject number") << u"subject"_s << QJsonValue(5) << u"must be a string"_s;
    QTest::newRow("content number")
        << u"content"_s << QJsonValue(42) << u"must be a string, not a number"_s;
    QTest::newRow("content array")
        << u"content"_s << QJsonValue(QJsonArray{u"a"_s}) << u"must be a string, not an array"_s;
}

void TestInteraction::wrongType() {
    QFETCH(QString, field);
    QFETCH(QJsonValue, value);
    QFETCH(QString, problem);
    QJsonObject json = completeInteraction();
    json.insert(field, value);
    checkInvalid(json, field, problem);
}

void TestInteraction::optionalFieldsAbsentOrNull_data() {
    QTest::addColumn<QString>("field");
    QTest::addColumn<bool>("null");
    for (const char *field : {"author", "subject"}) {
        QTest::addRow("%s absent", field) << QString::fromLatin1(field) << false;
        QTest::addRow("%s null", field) << QString::fromLatin1(field) << true;
    }
}

void TestInteraction::optionalFieldsAbsentOrNull() {
    QFETCH(QString, field);
    QFETCH(bool, null);
    QJsonObject json = completeInteraction();
    JsonPath::set(json, field,
                  null ? QJsonValue(QJsonValue::Null) : QJsonValue(QJsonValue::Undefined));
    const Result<Interaction> parsed = Interaction::fromJson(json);
    QVERIFY2(parsed.ok(), parsed.ok() ? "" : qPrintable(parsed.error().toString()));
    Interaction expected = Interaction::fromJson(completeInteraction()).value();
    if (field == u"author"_s)
        expected.author.clear();
    else
        expected.subject.clear();
    QCOMPARE(parsed.value(), expected);
}

void TestInteraction::unknownFieldsAreIgnored() {
    QJsonObject json = completeInteraction();
    json.insert(u"attachments"_s, QJsonArray{QJsonObject{{u"name"_s, u"quote.pdf"_s}}});
    json.insert(u"sentiment"_s, QJsonValue::Null);
    json.insert(u"duration_s"_s, 310);
    const Result<Interaction> parsed = Interaction::fromJson(json);
    QVERIFY(parsed.ok());
    QCOMPARE(parsed.value(), Interaction::fromJson(completeInteraction()).value());
}

void TestInteraction::wireNamesAndLabels() {
    using T = Interaction::Type;
    using D = Interaction::Direction;
    const QList<std::pair<T, QString>> types{{T::Email, u"email"_s},
                                             {T::Call, u"call"_s},
                                             {T::Meeting, u"meeting"_s},
                                             {T::Note, u"note"_s},
                                             {T::OutreachMessage, u"outreach_message"_s}};
    QStringList typeLabels;
    for (const auto &[type, name] : types) {
        QCOMPARE(Interaction::typeName(type), name);
        QCOMPARE(Interaction::typeFromName(name), std::optional(type));
        typeLabels.append(Interaction::typeLabel(type));
    }
    QCOMPARE(typeLabels,
             (QStringList{u"Email"_s, u"Call"_s, u"Meeting"_s, u"Note"_s, u"Outreach message"_s}));

    const QList<std::pair<D, QString>> directions{
        {D::Inbound, u"inbound"_s}, {D::Outbound, u"outbound"_s}, {D::Internal, u"internal"_s}};
    QStringList directionLabels;
    for (const auto &[direction, name] : directions) {
        QCOMPARE(Interaction::directionName(direction), name);
        QCOMPARE(Interaction::directionFromName(name), std::optional(direction));
        directionLabels.append(Interaction::directionLabel(direction));
    }
    QCOMPARE(directionLabels, (QStringList{u"Inbound"_s, u"Outbound"_s, u"Internal"_s}));

    for (const QString &bad : {u"Email"_s, u"outreach message"_s, u""_s, u"inbound"_s})
        QVERIFY2(!Interaction::typeFromName(bad).has_value(), qPrintable(bad));
    for (const QString &bad : {u"INBOUND"_s, u"in"_s, u""_s, u"email"_s})
        QVERIFY2(!Interaction::directionFromName(bad).has_value(), qPrintable(bad));
}

void TestInteraction::subjectIsWrittenOnlyWhenPresent() {
    Interaction interaction = Interaction::fromJson(completeInteraction()).value();
    QCOMPARE(interaction.toJson().value(u"subject"_s).toString(), u"Re: pricing"_s);
    interaction.subject.clear();
    QVERIFY(!interaction.toJson().contains(u"subject"_s));
}

void TestInteraction::roundTrip_data() {
    QTest::addColumn<QJsonObject>("json");
    QTest::newRow("complete") << completeInteraction();

    QJsonObject international = completeInteraction();
    international.insert(u"id"_s, u"I-東京-1"_s);
    international.insert(u"author"_s, u"Zoë Müller"_s);
    international.insert(u"subject"_s, u"AW: Preise für Łódź 🚀"_s);
    international.insert(
        u"content"_s,
        u"東京オフィスから。Straße, Œuvre — „Zitat“\n\t👩‍💻 Grüße"_s);
    international.insert(u"occurred_at"_s, u"2026-11-20T23:03:00.042+09:00"_s);
    QTest::newRow("non-ASCII") << international;

    QJsonObject bare = completeInteraction();
    bare.remove(u"author"_s);
    bare.remove(u"subject"_s);
    bare.insert(u"content"_s, u""_s);
    bare.insert(u"type"_s, u"outreach_message"_s);
    QTest::newRow("no author, subject or content") << bare;
}

void TestInteraction::roundTrip() {
    QFETCH(QJsonObject, json);
    const Result<Interaction> parsed = Interaction::fromJson(json);
    QVERIFY2(parsed.ok(), parsed.ok() ? "" : qPrintable(parsed.error().toString()));
    const Result<Interaction> again = Interaction::fromJson(parsed->toJson());
    QVERIFY2(again.ok(), again.ok() ? "" : qPrintable(again.error().toString()));
    QCOMPARE(again.value(), parsed.value());

    const QByteArray wire = QJsonDocument(parsed->toJson()).toJson(QJsonDocument::Compact);
    const Result<Interaction> fromWire =
        Interaction::fromJson(QJsonDocument::fromJson(wire).object());
    QVERIFY(fromWire.ok());
    QCOMPARE(fromWire.value(), parsed.value());
    QCOMPARE(fromWire->content, json.value(u"content"_s).toString());
    QCOMPARE(fromWire->subject, json.value(u"subject"_s).toString());
}

QTEST_GUILESS_MAIN(TestInteraction)
#include "tst_interaction.moc"
