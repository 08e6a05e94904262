// SPDX-License-Identifier: GPL-3.0-or-later
// OutreachContext: what context assembly hands to generation, and the line that tells the rep
// whether it is live from the CRM or from the cache (and how old).
#include "domain/OutreachContext.h"

#include <QJsonArray>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;

namespace {

QDateTime utc(int year, int month, int day, int hour, int minute, int second = 0) {
    return QDateTime(QDate(year, month, day), QTime(hour, minute, second), QTimeZone::utc());
}

OutreachContext sampleContext() {
    OutreachContext context;
    context.ticket = Ticket::fromJson(QJsonObject{
                                          {u"id"_s, u"T-1042"_s},
                                          {u"title"_s, u"Preisfrage für Zoë"_s},
                                          {u"status"_s, u"open"_s},
                                          {u"priority"_s, u"high"_s},
                                          {u"project_id"_s, u"P-77"_s},
                                          {u"prospect_id"_s, u"C-310"_s},
                                          {u"created_at"_s, u"2026-11-18T09:30:00Z"_s},
                                          {u"updated_at"_s, u"2026-11-20T14:03:00Z"_s},
                                      })
                         .value();
    context.project = Project::fromJson(QJsonObject{{u"id"_s, u"P-77"_s},
                                                    {u"name"_s, u"Acme analytics rollout"_s}})
                          .value();
    context.prospect = ProspectHistory::fromJson(
                           QJsonObject{{u"prospect"_s, QJsonObject{{u"id"_s, u"C-310"_s},
                                                                   {u"name"_s, u"Lee Park"_s}}}})
                           .value();
    context.interactions.append(
        Interaction::fromJson(QJsonObject{
                                  {u"id"_s, u"I-5001"_s},
                                  {u"ticket_id"_s, u"T-1042"_s},
                                  {u"type"_s, u"email"_s},
                                  {u"direction"_s, u"inbound"_s},
                                  {u"occurred_at"_s, u"2026-11-20T14:03:00Z"_s},
                                  {u"content"_s, u"Per seat?"_s},
                              })
            .value());
    context.assembledAt = utc(2026, 11, 25, 14, 3, 30);
    return context;
}

} // namespace

class TestOutreachContext : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void defaults();
    void liveFromTheCrm();
    void fromCache_data();
    void fromCache();
    void fromCacheWithoutATime();
    void descriptionDoesNotDependOnTheLocale();
    void equality();
};

void TestOutreachContext::initTestCase() {
    // A zone far from UTC, so that formatting in local time would show.
    qputenv("TZ", "Asia/Kathmandu");
}

void TestOutreachContext::defaults() {
    const OutreachContext context;
    QCOMPARE(context.source, OutreachContext::Source::Crm);
    QVERIFY(!context.cachedAsOf.isValid());
    QVERIFY(!context.assembledAt.isValid());
    QVERIFY(context.interactions.isEmpty());
    QCOMPARE(context.sourceDescription(), u"Live from the CRM"_s);
}

void TestOutreachContext::liveFromTheCrm() {
    OutreachContext context = sampleContext();
    context.source = OutreachContext::Source::Crm;
    QCOMPARE(context.sourceDescription(), u"Live from the CRM"_s);
    // A leftover cache time does not make live data look stale.
    context.cachedAsOf = utc(2026, 11, 1, 9, 0);
    QCOMPARE(context.sourceDescription(), u"Live from the CRM"_s);
}

void TestOutreachContext::fromCache_data() {
    QTest::addColumn<QDateTime>("cachedAsOf");
    QTest::addColumn<QString>("expected");
    QTest::newRow("UTC") << utc(2026, 11, 25, 14, 3)
                         << u"From cache, as of 25 Nov 2026 14:03 UTC"_s;
    QTest::newRow("seconds are not shown")
        << utc(2026, 11, 25, 14, 3, 59) << u"From cache, as of 25 Nov 2026 14:03 UTC"_s;
    QTest::newRow("single-digit day, morning")
        << utc(2027, 3, 1, 7, 5) << u"From cache, as of 1 Mar 2027 07:05 UTC"_s;
    QTest::newRow("offset is converted to UTC")
        << QDateTime(QDate(2026, 11, 25), QTime(15, 3), QTimeZone(3600))
        << u"From cache, as of 25 Nov 2026 14:03 UTC"_s;
    QTest::newRow("named zone across midnight")
        << QDateTime(QDate(2027, 1, 1), QTime(8, 30), QTimeZone("Asia/Tokyo"))
        << u"From cache, as of 31 Dec 2026 23:30 UTC"_s;
    QTest::newRow("local time is converted to UTC")
        << QDateTime(QDate(2026, 6, 15), QTime(5, 45), Qt::LocalTime) // Kathmandu is UTC+05:45
        << u"From cache, as of 15 Jun 2026 00:00 UTC"_s;
}

void TestOutreachContext::fromCache() {
    QFETCH(QDateTime, cachedAsOf);
    QFETCH(QString, expected);
    OutreachContext context = sampleContext();
    context.source = OutreachContext::Source::Cache;
    context.cachedAsOf = cachedAsOf;
    QCOMPARE(context.sourceDescription(), expected);
}

void TestOutreachContext::fromCacheWithoutATime() {
    OutreachContext context = sampleContext();
    context.source = OutreachContext::Source::Cache;
    QCOMPARE(context.sourceDescription(), u"From cache (time of last fetch unknown)"_s);
}

void TestOutreachContext::descriptionDoesNotDependOnTheLocale() {
    const QLocale previous;
    QLocale::setDefault(QLocale(QLocale::German, QLocale::Germany));
    OutreachContext context = sampleContext();
    context.source = OutreachContext::Source::Cache;
    context.cachedAsOf = utc(2026, 5, 3, 9, 7);
    const QString description = context.sourceDescription();
    QLocale::setDefault(previous);
    QCOMPARE(description, u"From cache, as of 3 May 2026 09:07 UTC"_s);
}

void TestOutreachContext::equality() {
    const OutreachContext a = sampleContext();
    OutreachContext b = sampleContext();
    QCOMPARE(a, b);

    b.source = OutreachContext::Source::Cache;
    QVERIFY(!(a == b));
    b = sampleContext();
    b.cachedAsOf = utc(2026, 11, 25, 14, 0);
    QVERIFY(!(a == b));
    b = sampleContext();
    b.interactions.clear();
    QVERIFY(!(a == b));
    b = sampleContext();
    b.prospect.prospect.name = u"Lee Párk"_s;
    QVERIFY(!(a == b));
    b = sampleContext();
    b.ticket.title = u"Preisfrage für Zoe"_s;
    QVERIFY(!(a == b));
    b = sampleContext();
    b.project.products.append(u"SSO add-on"_s);
    QVERIFY(!(a == b));
    b = sampleContext();
    b.assembledAt = b.assembledAt.addSecs(1);
    QVERIFY(!(a == b));
}

QTEST_GUILESS_MAIN(TestOutreachContext)
#include "tst_outreachcontext.moc"
