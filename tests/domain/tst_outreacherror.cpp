// SPDX-License-Identifier: GPL-3.0-or-later
// OutreachError: the code names, the message format of parsing errors, and the
// Result type that carries an error or a value.
#include "domain/OutreachError.h"
#include "domain/Result.h"

#include <QTest>

using namespace Qt::StringLiterals;

class TestOutreachError : public QObject {
    Q_OBJECT

private slots:
    void codeName_data();
    void codeName();
    void defaultConstructed();
    void toStringJoinsCodeAndMessage_data();
    void toStringJoinsCodeAndMessage();
    void invalidFieldNamesEntityIdAndField_data();
    void invalidFieldNamesEntityIdAndField();
    void invalidFieldWithoutId();
    void equality();
    void resultCarriesValueOrError();
    void voidResult();
};

void TestOutreachError::codeName_data() {
    QTest::addColumn<OutreachError::Code>("code");
    QTest::addColumn<QString>("name");
    QTest::newRow("ContextInvalid") << OutreachError::Code::ContextInvalid << u"CONTEXT_INVALID"_s;
    QTest::newRow("ApiError") << OutreachError::Code::ApiError << u"API_ERROR"_s;
    QTest::newRow("RateLimit") << OutreachError::Code::RateLimit << u"RATE_LIMIT"_s;
    QTest::newRow("Auth") << OutreachError::Code::Auth << u"AUTH"_s;
    QTest::newRow("Network") << OutreachError::Code::Network << u"NETWORK"_s;
    QTest::newRow("Cancelled") << OutreachError::Code::Cancelled << u"CANCELLED"_s;
    QTest::newRow("Storage") << OutreachError::Code::Storage << u"STORAGE"_s;
}

void TestOutreachError::codeName() {
    QFETCH(OutreachError::Code, code);
    QFETCH(QString, name);
    QCOMPARE(OutreachError::codeName(code), name);
    const OutreachError error(code, u"something"_s);
    QCOMPARE(error.code(), code);
    QCOMPARE(error.codeName(), name);
}

void TestOutreachError::defaultConstructed() {
    const OutreachError error;
    QCOMPARE(error.code(), OutreachError::Code::ApiError);
    QVERIFY(error.message().isEmpty());
    QVERIFY(error.entity().isEmpty());
    QVERIFY(error.entityId().isEmpty());
    QVERIFY(error.field().isEmpty());
    QCOMPARE(error.toString(), u"API_ERROR: "_s);
}

void TestOutreachError::toStringJoinsCodeAndMessage_data() {
    QTest::addColumn<OutreachError::Code>("code");
    QTest::addColumn<QString>("message");
    QTest::addColumn<QString>("expected");
    QTest::newRow("network") << OutreachError::Code::Network << u"offline"_s
                             << u"NETWORK: offline"_s;
    QTest::newRow("rate limit") << OutreachError::Code::RateLimit << u"retry in 30 s"_s
                                << u"RATE_LIMIT: retry in 30 s"_s;
    QTest::newRow("non-ASCII") << OutreachError::Code::Auth << u"Schlüssel für Zoë ungültig 🔑"_s
                               << u"AUTH: Schlüssel für Zoë ungültig 🔑"_s;
    QTest::newRow("empty message")
        << OutreachError::Code::Cancelled << QString() << u"CANCELLED: "_s;
}

void TestOutreachError::toStringJoinsCodeAndMessage() {
    QFETCH(OutreachError::Code, code);
    QFETCH(QString, message);
    QFETCH(QString, expected);
    const OutreachError error(code, message);
    QCOMPARE(error.message(), message);
    QCOMPARE(error.toString(), expected);
    // Only parsing errors name an entity.
    QVERIFY(error.entity().isEmpty());
    QVERIFY(error.field().isEmpty());
}

void TestOutreachError::invalidFieldNamesEntityIdAndField_data() {
    QTest::addColumn<QString>("entity");
    QTest::addColumn<QString>("id");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("problem");
    QTest::addColumn<QString>("message");
    QTest::newRow("ticket title") << u"ticket"_s << u"T-1042"_s << u"title"_s << u"is missing"_s
                                  << u"ticket T-1042: field \"title\" is missing"_s;
    QTest::newRow("nested path")
        << u"prospect"_s << u"C-310"_s << u"past_outcomes[1].sent_at"_s
        << u"is not an ISO 8601 timestamp"_s
        << u"prospect C-310: field \"past_outcomes[1].sent_at\" is not an ISO 8601 timestamp"_s;
    QTest::newRow("non-ASCII id") << u"project"_s << u"P-Łódź-東京"_s << u"name"_s
                                  << u"must not be empty"_s
                                  << u"project P-Łódź-東京: field \"name\" must not be empty"_s;
}

void TestOutreachError::invalidFieldNamesEntityIdAndField() {
    QFETCH(QString, entity);
    QFETCH(QString, id);
    QFETCH(QString, field);
    QFETCH(QString, problem);
    QFETCH(QString, message);

    const OutreachError error = OutreachError::invalidField(entity, id, field, problem);
    QCOMPARE(error.code(), OutreachError::Code::ContextInvalid);
    QCOMPARE(error.entity(), entity);
    QCOMPARE(error.entityId(), id);
    QCOMPARE(error.field(), field);
    QCOMPARE(error.message(), message);
    QCOMPARE(error.toString(), u"CONTEXT_INVALID: "_s + message);
}

void TestOutreachError::invalidFieldWithoutId() {
    const OutreachError error =
        OutreachError::invalidField(u"ticket"_s, QString(), u"id"_s, u"is missing"_s);
    QCOMPARE(error.code(), OutreachError::Code::ContextInvalid);
    QCOMPARE(error.message(), u"ticket (without an id): field \"id\" is missing"_s);
    QCOMPARE(error.toString(),
             u"CONTEXT_INVALID: ticket (without an id): field \"id\" is missing"_s);
    QVERIFY(error.entityId().isEmpty());
    QCOMPARE(error.field(), u"id"_s);

    // A blank id is no id either.
    const OutreachError blank =
        OutreachError::invalidField(u"project"_s, u"  "_s, u"id"_s, u"must not be empty"_s);
    QCOMPARE(blank.message(), u"project (without an id): field \"id\" must not be empty"_s);
}

void TestOutreachError::equality() {
    const OutreachError a = OutreachError::invalidField(u"ticket"_s, u"T-1"_s, u"title"_s, u"x"_s);
    const OutreachError b = OutreachError::invalidField(u"ticket"_s, u"T-1"_s, u"title"_s, u"x"_s);
    QVERIFY(a == b);
    QVERIFY(!(a == OutreachError::invalidField(u"ticket"_s, u"T-2"_s, u"title"_s, u"x"_s)));
    QVERIFY(!(a == OutreachError::invalidField(u"ticket"_s, u"T-1"_s, u"status"_s, u"x"_s)));
    QVERIFY(!(OutreachError(OutreachError::Code::Network, u"m"_s)
              == OutreachError(OutreachError::Code::Auth, u"m"_s)));
    QVERIFY(!(OutreachError(OutreachError::Code::Network, u"m"_s)
              == OutreachError(OutreachError::Code::Network, u"n"_s)));
}

void TestOutreachError::resultCarriesValueOrError() {
    const Result<QString> value(u"Zoë"_s);
    QVERIFY(value.ok());
    QVERIFY(static_cast<bool>(value));
    QCOMPARE(value.value(), u"Zoë"_s);
    QCOMPARE(*value, u"Zoë"_s);
    QCOMPARE(value->size(), 3);

    const Result<QString> failed(OutreachError(OutreachError::Code::Storage, u"disk full"_s));
    QVERIFY(!failed.ok());
    QVERIFY(!static_cast<bool>(failed));
    QCOMPARE(failed.error().code(), OutreachError::Code::Storage);
    QCOMPARE(failed.error().message(), u"disk full"_s);

    Result<QString> movable(u"moved"_s);
    const QString taken = std::move(movable).value();
    QCOMPARE(taken, u"moved"_s);
}

void TestOutreachError::voidResult() {
    const Result<void> ok;
    QVERIFY(ok.ok());
    QVERIFY(static_cast<bool>(ok));
    const Result<void> failed(OutreachError(OutreachError::Code::Cancelled, u"stopped"_s));
    QVERIFY(!failed.ok());
    QCOMPARE(failed.error().toString(), u"CANCELLED: stopped"_s);
}

QTEST_GUILESS_MAIN(TestOutreachError)
#include "tst_outreacherror.moc"
