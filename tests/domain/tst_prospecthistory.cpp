// SPDX-License-Identifier: GPL-3.0-or-later
// ProspectHistory: parsing and validation of `GET /v1/prospects/{id}/history` (docs/crm-api.md),
// with errors naming the prospect id and the dotted path of the field, and the round trip.
#include "JsonPath.h"
#include "domain/ProspectHistory.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;

namespace {

QJsonObject completeHistory() {
    return QJsonObject{
        {u"prospect"_s,
         QJsonObject{
             {u"id"_s, u"C-310"_s},
             {u"name"_s, u"Lee Park"_s},
             {u"title"_s, u"Head of Data"_s},
             {u"company"_s, u"Acme GmbH"_s},
             {u"email"_s, u"lee.park@acme.example"_s},
             {u"timezone"_s, u"Europe/Berlin"_s},
             {u"locale"_s, u"de-DE"_s},
             {u"do_not_contact"_s, true},
         }},
        {u"preferences"_s,
         QJsonObject{
             {u"channel"_s, u"email"_s},
             {u"tone"_s, u"concise"_s},
             {u"best_time"_s, u"mornings"_s},
             {u"topics"_s, QJsonArray{u"data governance"_s, u"SSO"_s}},
             {u"avoid"_s, QJsonArray{u"discount talk"_s}},
         }},
        {u"past_outcomes"_s,
         QJsonArray{
             QJsonObject{{u"message_id"_s, u"M-9"_s},
                         {u"sent_at"_s, u"2026-10-01T08:00:00Z"_s},
                         {u"replied"_s, true},
                         {u"meeting_booked"_s, false}},
             QJsonObject{{u"message_id"_s, u"M-12"_s},
                         {u"sent_at"_s, u"2026-10-15T09:30:00Z"_s},
                         {u"replied"_s, true},
                         {u"meeting_booked"_s, true}},
             QJsonObject{{u"message_id"_s, u"M-20"_s},
                         {u"sent_at"_s, u"2026-11-02T16:45:00Z"_s},
                         {u"replied"_s, false},
                         {u"meeting_booked"_s, false}},
         }},
        {u"notes"_s, u"Prefers bullet points."_s},
    };
}

QDateTime utc(int year, int month, int day, int hour, int minute) {
    return QDateTime(QDate(year, month, day), QTime(hour, minute), QTimeZone::utc());
}

} // namespace

class TestProspectHistory : public QObject {
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

void TestProspectHistory::parsesCompletePayload() {
    const Result<ProspectHistory> parsed = ProspectHistory::fromJson(completeHistory());
    QVERIFY2(parsed.ok(), parsed.ok() ? "" : qPrintable(parsed.error().toString()));
    const ProspectHistory &history = parsed.value();
    QCOMPARE(history.prospect.id, u"C-310"_s);
    QCOMPARE(history.prospect.name, u"Lee Park"_s);
    QCOMPARE(history.prospect.title, u"Head of Data"_s);
    QCOMPARE(history.prospect.company, u"Acme GmbH"_s);
    QCOMPARE(history.prospect.email, u"lee.park@acme.example"_s);
    QCOMPARE(history.prospect.timezone, u"Europe/Berlin"_s);
    QCOMPARE(history.prospect.locale, u"de-DE"_s);
    QCOMPARE(history.prospect.doNotContact, true);
    QCOMPARE(history.preferences.channel, u"email"_s);
    QCOMPARE(history.preferences.tone, u"concise"_s);
    QCOMPARE(history.preferences.bestTime, u"mornings"_s);
    QCOMPARE(history.preferences.topics, (QStringList{u"data governance"_s, u"SSO"_s}));
    QCOMPARE(history.preferences.avoid, QStringList{u"discount talk"_s});
    QCOMPARE(history.pastOutcomes.size(), 3);
    QCOMPARE(history.pastOutcomes[0].messageId, u"M-9"_s);
    QCOMPARE(history.pastOutcomes[0].sentAt, utc(2026, 10, 1, 8, 0));
    QCOMPARE(history.pastOutcomes[0].replied, true);
    QCOMPARE(history.pastOutcomes[0].meetingBooked, false);
    QCOMPARE(history.pastOutcomes[1].messageId, u"M-12"_s);
    QCOMPARE(history.pastOutcomes[1].sentAt, utc(2026, 10, 15, 9, 30));
    QCOMPARE(history.pastOutcomes[1].meetingBooked, true);
    QCOMPARE(history.pastOutcomes[2].messageId, u"M-20"_s);
    QCOMPARE(history.pastOutcomes[2].replied, false);
    QCOMPARE(history.notes, u"Prefers bullet points."_s);
}

static void checkInvalid(const QJsonObject &json, const QString &field, const QString &problem,
                         const QString &id) {
    const Result<ProspectHistory> parsed = ProspectHistory::fromJson(json);
    QVERIFY2(!parsed.ok(), qPrintable(u"accepted with a bad "_s + field));
    const OutreachError &error = parsed.error();
    QCOMPARE(error.code(), OutreachError::Code::ContextInvalid);
    QCOMPARE(error.entity(), u"prospect"_s);
    QCOMPARE(error.field(), field);
    QCOMPARE(error.entityId(), id);
    const QString message = error.message();
    const QString who = id.isEmpty() ? u"prospect (without an id)"_s : QString(u"prospect "_s + id);
    QVERIFY2(message.startsWith(QString(who + u": field \""_s + field + u"\" "_s)),
             qPrintable(message));
    QVERIFY2(message.contains(problem), qPrintable(message));
}

void TestProspectHistory::missingRequiredField_data() {
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("id"); // the id the error names
    const QString id = u"C-310"_s;
    QTest::newRow("prospect") << u"prospect"_s << QString();
    QTest::newRow("prospect.id") << u"prospect.id"_s << QString();
    QTest::newRow("prospect.name") << u"prospect.name"_s << id;
    QTest::newRow("past_outcomes[0].message_id") << u"past_outcomes[0].message_id"_s << id;
    QTest::newRow("past_outcomes[1].sent_at") << u"past_outcomes[1].sent_at"_s << id;
    QTest::newRow("past_outcomes[2].sent_at") << u"past_outcomes[2].sent_at"_s << id;
}

void TestProspectHistory::missingRequiredField() {
    QFETCH(QString, field);
    QFETCH(QString, id);
    QJsonObject absent = completeHistory();
    JsonPath::remove(absent, field);
    checkInvalid(absent, field, u"is missing"_s, id);
    if (QTest::currentTestFailed())
        return;

    QJsonObject null = completeHistory();
    JsonPath::set(null, field, QJsonValue::Null);
    checkInvalid(null, field, u"is missing"_s, id);
}

void TestProspectHistory::wrongType_data() {
    QTest::addColumn<QString>("field");
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<QString>("problem");
    QTest::addColumn<QString>("id");
    const QString id = u"C-310"_s;
    QTest::newRow("prospect string")
        << u"prospect"_s << QJsonValue(u"Lee Park"_s) << u"must be an object"_s << QString();
    QTest::newRow("prospect array")
        << u"prospect"_s << QJsonValue(QJsonArray{}) << u"must be an object"_s << QString();
    QTest::newRow("prospect.id number")
        << u"prospect.id"_s << QJsonValue(310) << u"must be a string"_s << QString();
    QTest::newRow("prospect.name empty")
        << u"prospect.name"_s << QJsonValue(u""_s) << u"must not be empty"_s << id;
    QTest::newRow("prospect.email number")
        << u"prospect.email"_s << QJsonValue(5) << u"must be a string"_s << id;
    QTest::newRow("prospect.do_not_contact string")
        << u"prospect.do_not_contact"_s << QJsonValue(u"yes"_s) << u"must be true or false"_s << id;
    QTest::newRow("prospect.do_not_contact number")
        << u"prospect.do_not_contact"_s << QJsonValue(0) << u"must be true or false"_s << id;
    QTest::newRow("preferences array")
        << u"preferences"_s << QJsonValue(QJsonArray{}) << u"must be an object"_s << id;
    QTest::newRow("preferences.tone bool")
        << u"preferences.tone"_s << QJsonValue(true) << u"must be a string"_s << id;
    QTest::newRow("preferences.topics string")
        << u"preferences.topics"_s << QJsonValue(u"data governance"_s)
        << u"must be an array of strings"_s << id;
    QTest::newRow("preferences.avoid[0] number")
        << u"preferences.avoid[0]"_s << QJsonValue(1) << u"must be a string"_s << id;
    QTest::newRow("past_outcomes object")
        << u"past_outcomes"_s << QJsonValue(QJsonObject{}) << u"must be an array"_s << id;
    QTest::newRow("past_outcomes[1] string")
        << u"past_outcomes[1]"_s << QJsonValue(u"M-12"_s) << u"must be an object"_s << id;
    QTest::newRow("past_outcomes[1].sent_at bad")
        << u"past_outcomes[1].sent_at"_s << QJsonValue(u"last Tuesday"_s)
        << u"is not an ISO 8601 timestamp"_s << id;
    QTest::newRow("past_outcomes[2].message_id number")
        << u"past_outcomes[2].message_id"_s << QJsonValue(20) << u"must be a string"_s << id;
    QTest::newRow("past_outcomes[0].replied string")
        << u"past_outcomes[0].replied"_s << QJsonValue(u"true"_s) << u"must be true or false"_s
        << id;
    QTest::newRow("past_outcomes[2].meeting_booked number")
        << u"past_outcomes[2].meeting_booked"_s << QJsonValue(1) << u"must be true or false"_s
        << id;
    QTest::newRow("notes array") << u"notes"_s << QJsonValue(QJsonArray{u"x"_s})
                                 << u"must be a string"_s << id;
}

void TestProspectHistory::wrongType() {
    QFETCH(QString, field);
    QFETCH(QJsonValue, value);
    QFETCH(QString, problem);
    QFETCH(QString, id);
    QJsonObject json = completeHistory();
    JsonPath::set(json, field, value);
    checkInvalid(json, field, problem, id);
}

void TestProspectHistory::optionalFieldsAbsentOrNull_data() {
    QTest::addColumn<QString>("field");
    QTest::addColumn<bool>("null");
    for (const char *field :
         {"prospect.title", "prospect.company", "prospect.email", "prospect.timezone",
          "prospect.locale", "prospect.do_not_contact", "preferences", "preferences.channel",
          "preferences.tone", "preferences.best_time", "preferences.topics", "preferences.avoid",
          "past_outcomes", "past_outcomes[1].replied", "past_outcomes[1].meeting_booked",
          "notes"}) {
        QTest::addRow("%s absent", field) << QString::fromLatin1(field) << false;
        QTest::addRow("%s null", field) << QString::fromLatin1(field) << true;
    }
}

void TestProspectHistory::optionalFieldsAbsentOrNull() {
    QFETCH(QString, field);
    QFETCH(bool, null);
    QJsonObject json = completeHistory();
    JsonPath::set(json, field,
                  null ? QJsonValue(QJsonValue::Null) : QJsonValue(QJsonValue::Undefined));
    const Result<ProspectHistory> parsed = ProspectHistory::fromJson(json);
    QVERIFY2(parsed.ok(), parsed.ok() ? "" : qPrintable(parsed.error().toString()));

    ProspectHistory expected = ProspectHistory::fromJson(completeHistory()).value();
    ProspectHistory::Prospect &p = expected.prospect;
    ProspectHistory::Preferences &pref = expected.preferences;
    if (field == u"prospect.title"_s)
        p.title.clear();
    else if (field == u"prospect.company"_s)
        p.company.clear();
    else if (field == u"prospect.email"_s)
        p.email.clear();
    else if (field == u"prospect.timezone"_s)
        p.timezone.clear();
    else if (field == u"prospect.locale"_s)
        p.locale.clear();
    else if (field == u"prospect.do_not_contact"_s)
        p.doNotContact = false; // absent means "may be contacted"
    else if (field == u"preferences"_s)
        pref = {};
    else if (field == u"preferences.channel"_s)
        pref.channel.clear();
    else if (field == u"preferences.tone"_s)
        pref.tone.clear();
    else if (field == u"preferences.best_time"_s)
        pref.bestTime.clear();
    else if (field == u"preferences.topics"_s)
        pref.topics.clear();
    else if (field == u"preferences.avoid"_s)
        pref.avoid.clear();
    else if (field == u"past_outcomes"_s)
        expected.pastOutcomes.clear();
    else if (field == u"past_outcomes[1].replied"_s)
        expected.pastOutcomes[1].replied = false;
    else if (field == u"past_outcomes[1].meeting_booked"_s)
        expected.pastOutcomes[1].meetingBooked = false;
    else if (field == u"notes"_s)
        expected.notes.clear();
    else
        QFAIL("unhandled field");
    QCOMPARE(parsed.value(), expected);
}

void TestProspectHistory::unknownFieldsAreIgnored() {
    QJsonObject json = completeHistory();
    json.insert(u"score"_s, 87);
    JsonPath::set(json, u"prospect.linkedin"_s, u"https://example.com/lee"_s);
    JsonPath::set(json, u"preferences.language"_s, QJsonArray{u"de"_s, u"en"_s});
    JsonPath::set(json, u"past_outcomes[0].opened"_s, 3);
    const Result<ProspectHistory> parsed = ProspectHistory::fromJson(json);
    QVERIFY(parsed.ok());
    QCOMPARE(parsed.value(), ProspectHistory::fromJson(completeHistory()).value());
}

void TestProspectHistory::roundTrip_data() {
    QTest::addColumn<QJsonObject>("json");
    QTest::newRow("complete") << completeHistory();

    QJsonObject international = completeHistory();
    JsonPath::set(international, u"prospect.id"_s, u"C-Łódź-1"_s);
    JsonPath::set(international, u"prospect.name"_s, u"Zoë Müller"_s);
    JsonPath::set(international, u"prospect.title"_s, u"Leiterin Datenstrategie"_s);
    JsonPath::set(international, u"prospect.company"_s, u"Straße & Œuvre GmbH, Łódź"_s);
    JsonPath::set(international, u"prospect.email"_s, u"zoë@müller.example"_s);
    JsonPath::set(international, u"prospect.timezone"_s, u"Asia/Tokyo"_s);
    JsonPath::set(international, u"preferences.tone"_s, u"förmlich 🙂"_s);
    JsonPath::set(international, u"preferences.topics"_s,
                  QJsonArray{u"東京オフィス"_s, u"Datenschutz"_s, u"🚀"_s});
    JsonPath::set(international, u"past_outcomes[1].message_id"_s, u"M-東京"_s);
    JsonPath::set(international, u"past_outcomes[2].sent_at"_s, u"2026-11-02T16:45:00.5+09:00"_s);
    international.insert(u"notes"_s, u"Bevorzugt Stichpunkte.\n– „Zitat“ 👩‍💻"_s);
    QTest::newRow("non-ASCII") << international;

    QTest::newRow("minimal") << QJsonObject{
        {u"prospect"_s, QJsonObject{{u"id"_s, u"C-1"_s}, {u"name"_s, u"Łukasz"_s}}}};
}

void TestProspectHistory::roundTrip() {
    QFETCH(QJsonObject, json);
    const Result<ProspectHistory> parsed = ProspectHistory::fromJson(json);
    QVERIFY2(parsed.ok(), parsed.ok() ? "" : qPrintable(parsed.error().toString()));
    const Result<ProspectHistory> again = ProspectHistory::fromJson(parsed->toJson());
    QVERIFY2(again.ok(), again.ok() ? "" : qPrintable(again.error().toString()));
    QCOMPARE(again.value(), parsed.value());

    const QByteArray wire = QJsonDocument(parsed->toJson()).toJson(QJsonDocument::Compact);
    const Result<ProspectHistory> fromWire =
        ProspectHistory::fromJson(QJsonDocument::fromJson(wire).object());
    QVERIFY(fromWire.ok());
    QCOMPARE(fromWire.value(), parsed.value());
    QCOMPARE(fromWire->prospect.name,
             json.value(u"prospect"_s).toObject().value(u"name"_s).toString());
    QCOMPARE(fromWire->notes, json.value(u"notes"_s).toString());
}

QTEST_GUILESS_MAIN(TestProspectHistory)
#include "tst_prospecthistory.moc"
