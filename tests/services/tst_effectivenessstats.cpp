// SPDX-License-Identifier: GPL-3.0-or-later
// EffectivenessStats: rates per week and per preset, category and tone against counts worked out
// by hand from a small set of messages; bounced and unsent messages kept out of n; the text shown
// for a rate; the CSV (RFC 4180, one row per group) and its export; the same figures from a cache.
#include "activity/EffectivenessStats.h"
#include "storage/OutcomeReader.h"
#include "support/LocalRecords.h"

#include <QFile>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using Stats = EffectivenessStats;
using Sentiment = EffectivenessMetrics::Sentiment;

namespace {

QDateTime week1(int day = 0) { // week of Monday 7 September 2026
    return QDateTime(QDate(2026, 9, 7).addDays(day), QTime(10, 0), QTimeZone::utc());
}
QDateTime week2(int day = 0) {
    return week1(7 + day);
}

MessageOutcome message(const QString &id, const QString &preset, const QString &category,
                       const QString &tone, std::optional<QDateTime> sentAt) {
    MessageOutcome m;
    m.messageId = id;
    m.preset = preset;
    m.category = category;
    m.tone = tone;
    m.sentAt = sentAt;
    m.createdAt = sentAt.value_or(week1());
    return m;
}

const QString weirdCategory = u"Big deals, \"strategic\"\nQ4"_s;

// The hand-worked set. In brief (A = follow_up, B = meeting_request, R = re_engage):
//   M1 A renewal  warm    week 1  replied positive, meeting
//   M2 A renewal  warm    week 1  replied neutral
//   M3 A upsell   concise week 1  opened, no reply
//   M4 B upsell   concise week 2  bounced (and opened: does not count)
//   M5 B –        concise week 2  replied, sentiment not rated; opened
//   M6 – renewal  –       week 2  nothing yet; sent on Sunday 23:30, still week 2
//   M7 A renewal  warm    never sent
//   M8 R weird    warm    week 2  bounced
QList<MessageOutcome> handWorkedSet() {
    QList<MessageOutcome> set;
    MessageOutcome m1 = message(u"M1"_s, u"follow_up"_s, u"renewal"_s, u"warm"_s, week1());
    m1.replied = true;
    m1.sentiment = Sentiment::Positive;
    m1.meetingBooked = true;
    MessageOutcome m2 = message(u"M2"_s, u"follow_up"_s, u"renewal"_s, u"warm"_s, week1(1));
    m2.replied = true;
    m2.sentiment = Sentiment::Neutral;
    MessageOutcome m3 = message(u"M3"_s, u"follow_up"_s, u"upsell"_s, u"concise"_s, week1(2));
    m3.opened = true;
    MessageOutcome m4 = message(u"M4"_s, u"meeting_request"_s, u"upsell"_s, u"concise"_s, week2());
    m4.bounced = true;
    m4.opened = true;
    MessageOutcome m5 = message(u"M5"_s, u"meeting_request"_s, {}, u"concise"_s, week2(1));
    m5.replied = true;
    m5.openCount = 1;
    MessageOutcome m6 = message(u"M6"_s, {}, u"renewal"_s, {},
                                QDateTime(QDate(2026, 9, 20), QTime(23, 30), QTimeZone::utc()));
    MessageOutcome m7 = message(u"M7"_s, u"follow_up"_s, u"renewal"_s, u"warm"_s, std::nullopt);
    m7.replied = true; // inconsistent on purpose: unsent messages never count
    MessageOutcome m8 = message(u"M8"_s, u"re_engage"_s, weirdCategory, u"warm"_s, week2(2));
    m8.bounced = true;
    set << m1 << m2 << m3 << m4 << m5 << m6 << m7 << m8;
    return set;
}

struct Expected {
    QString key;
    int sent, bounced, delivered, replies, positive, meetings, opens;
};

void verifyGroups(const QList<Stats::Group> &groups, const QList<Expected> &expected) {
    QCOMPARE(groups.size(), expected.size());
    for (qsizetype i = 0; i < groups.size(); ++i) {
        const Stats::Group &g = groups.at(i);
        const Expected &e = expected.at(i);
        QCOMPARE(g.key, e.key);
        QCOMPARE(g.sent, e.sent);
        QCOMPARE(g.bounced, e.bounced);
        QCOMPARE(g.delivered, e.delivered);
        QCOMPARE(g.replies, e.replies);
        QCOMPARE(g.positiveReplies, e.positive);
        QCOMPARE(g.meetings, e.meetings);
        QCOMPARE(g.opens, e.opens);
        QCOMPARE(g.rate(Stats::Rate::Reply), (Stats::Proportion{e.replies, e.delivered}));
        QCOMPARE(g.rate(Stats::Rate::Open).n, e.delivered);
    }
}

// A minimal RFC 4180 reader, to check that what we write reads back field for field.
QList<QStringList> parseCsv(const QString &text, bool *wellFormed) {
    QList<QStringList> records;
    QStringList record;
    QString field;
    bool quoted = false;
    *wellFormed = true;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (quoted) {
            if (c == u'"' && i + 1 < text.size() && text.at(i + 1) == u'"') {
                field += u'"';
                ++i;
            } else if (c == u'"') {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == u'"') {
            if (!field.isEmpty())
                *wellFormed = false; // a quote inside an unquoted field
            quoted = true;
        } else if (c == u',') {
            record.append(field);
            field.clear();
        } else if (c == u'\r' && i + 1 < text.size() && text.at(i + 1) == u'\n') {
            record.append(field);
            field.clear();
            records.append(record);
            record.clear();
            ++i;
        } else if (c == u'\r' || c == u'\n') {
            *wellFormed = false; // a bare line break outside quotes
        } else {
            field += c;
        }
    }
    if (quoted || !field.isEmpty() || !record.isEmpty())
        *wellFormed = false; // every record ends with CRLF
    return records;
}

} // namespace

class TestEffectivenessStats : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { QLocale::setDefault(QLocale::c()); }

    void overallRatesKeepBouncedAndUnsentOutOfN() {
        const Stats::Summary summary = Stats::compute(handWorkedSet());
        QCOMPARE(summary.notSent, 1);
        QVERIFY(!summary.isEmpty());
        // 7 sent, 2 bounced: n = 5. Replies M1 M2 M5 = 3, positive M1 = 1, meetings M1 = 1,
        // opens M3 M5 = 2 (M4's open does not count: it bounced).
        verifyGroups({summary.overall}, {{QString(), 7, 2, 5, 3, 1, 1, 2}});
        QCOMPARE(summary.overall.rate(Stats::Rate::Reply).value(), std::optional(0.6));
        QCOMPARE(summary.overall.rate(Stats::Rate::PositiveReply).value(), std::optional(0.2));
        QCOMPARE(summary.overall.rate(Stats::Rate::Meeting).value(), std::optional(0.2));
        QCOMPARE(summary.overall.rate(Stats::Rate::Open).value(), std::optional(0.4));
        const WilsonInterval reply = summary.overall.rate(Stats::Rate::Reply).interval();
        QVERIFY(std::abs(reply.low - 0.230724) < 1e-6);
        QVERIFY(std::abs(reply.high - 0.882379) < 1e-6);
    }

    void weeksStartOnMondayInUtcAndRunOldestFirst() {
        const Stats::Summary summary = Stats::compute(handWorkedSet());
        // Week 1: M1 M2 M3. Week 2: M4 (bounced) M5 M6 (Sunday night) M8 (bounced).
        verifyGroups(summary.weeks, {{u"2026-09-07"_s, 3, 0, 3, 2, 1, 1, 1},
                                     {u"2026-09-14"_s, 4, 2, 2, 1, 0, 0, 1}});
        QCOMPARE(summary.weeks.at(0).weekStart, QDate(2026, 9, 7));
        QCOMPARE(summary.weeks.at(0).dimension, Stats::Dimension::Week);
        QCOMPARE(summary.weeks.at(1).rate(Stats::Rate::Reply).value(), std::optional(0.5));
    }

    void breakdownsByPresetCategoryAndTone() {
        const Stats::Summary summary = Stats::compute(handWorkedSet());
        // Largest n first; ties by more sent, then by label.
        verifyGroups(summary.byPreset, {{u"follow_up"_s, 3, 0, 3, 2, 1, 1, 1},
                                        {u"meeting_request"_s, 2, 1, 1, 1, 0, 0, 1},
                                        {QString(), 1, 0, 1, 0, 0, 0, 0},
                                        {u"re_engage"_s, 1, 1, 0, 0, 0, 0, 0}});
        QCOMPARE(summary.byPreset.at(0).label, u"Follow-up"_s);
        QCOMPARE(summary.byPreset.at(2).label, u"Own request (no preset)"_s);
        verifyGroups(summary.byCategory, {{u"renewal"_s, 3, 0, 3, 2, 1, 1, 0},
                                          {u"upsell"_s, 2, 1, 1, 0, 0, 0, 1},
                                          {QString(), 1, 0, 1, 1, 0, 0, 1},
                                          {weirdCategory, 1, 1, 0, 0, 0, 0, 0}});
        QCOMPARE(summary.byCategory.at(2).label, u"Uncategorised"_s);
        verifyGroups(summary.byTone, {{u"concise"_s, 3, 1, 2, 1, 0, 0, 2},
                                      {u"warm"_s, 3, 1, 2, 2, 1, 1, 0},
                                      {QString(), 1, 0, 1, 0, 0, 0, 0}});
        QCOMPARE(summary.byTone.at(0).label, u"Concise"_s);
        QCOMPARE(summary.byTone.at(2).label, u"Not recorded"_s);
        // A group where everything bounced has no rate, not a rate of 0.
        QCOMPARE(summary.byPreset.at(3).rate(Stats::Rate::Reply).value(), std::nullopt);
        QCOMPARE(summary.breakdown(Stats::Dimension::Tone), summary.byTone);
    }

    void nothingSentIsEmpty() {
        QVERIFY(Stats::compute({}).isEmpty());
        QList<MessageOutcome> unsent{message(u"M1"_s, {}, {}, {}, std::nullopt)};
        const Stats::Summary summary = Stats::compute(unsent);
        QVERIFY(summary.isEmpty());
        QCOMPARE(summary.notSent, 1);
        QVERIFY(summary.weeks.isEmpty());
        QVERIFY(summary.byPreset.isEmpty());
    }

    void formatsARateWithItsIntervalAndN() {
        const QLocale c = QLocale::c();
        // 3/5: 60 %, Wilson 0.2307–0.8824.
        QCOMPARE(Stats::formatProportion({3, 5}, c), u"60 % (23–88 %, n = 5)"_s);
        QCOMPARE(Stats::formatProportion({0, 10}, c), u"0 % (0–28 %, n = 10)"_s);
        QCOMPARE(Stats::formatProportion({81, 263}, c), u"31 % (26–37 %, n = 263)"_s);
        QCOMPARE(Stats::formatProportion({0, 0}, c), u"no data (n = 0)"_s);
        QCOMPARE(Stats::formatPercent(0.375, c), u"38 %"_s);
        QCOMPARE(Stats::formatProportion({1, 2}, QLocale(QLocale::German)),
                 u"50 % (9–91 %, n = 2)"_s);
    }

    void labelsSayTheOpenRateIsUnreliable() {
        QVERIFY(!Stats::isReliable(Stats::Rate::Open));
        QVERIFY(Stats::isReliable(Stats::Rate::Reply));
        QVERIFY(Stats::rateLabel(Stats::Rate::Open).contains(u"unreliable"_s));
        QVERIFY(Stats::rateName(Stats::Rate::Open).contains(u"unreliable"_s));
    }

    void csvFieldsAreQuotedAsRfc4180Says_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("field");
        QTest::newRow("plain") << u"renewal"_s << u"renewal"_s;
        QTest::newRow("empty") << QString() << QString();
        QTest::newRow("comma") << u"a,b"_s << u"\"a,b\""_s;
        QTest::newRow("quote") << u"say \"hi\""_s << u"\"say \"\"hi\"\"\""_s;
        QTest::newRow("line feed") << u"a\nb"_s << u"\"a\nb\""_s;
        QTest::newRow("CR LF") << u"a\r\nb"_s << u"\"a\r\nb\""_s;
        QTest::newRow("spaces kept") << u"  padded  "_s << u"  padded  "_s;
        QTest::newRow("non-ASCII") << u"Zoë, Łódź"_s << u"\"Zoë, Łódź\""_s;
        // Spreadsheets would run these as formulas.
        QTest::newRow("formula") << u"=HYPERLINK(\"x\")"_s << u"\"'=HYPERLINK(\"\"x\"\")\""_s;
        QTest::newRow("plus") << u"+1"_s << u"'+1"_s;
        QTest::newRow("minus") << u"-2"_s << u"'-2"_s;
        QTest::newRow("at") << u"@SUM(A1)"_s << u"'@SUM(A1)"_s;
    }

    void csvFieldsAreQuotedAsRfc4180Says() {
        QFETCH(QString, text);
        QFETCH(QString, field);
        QCOMPARE(Stats::csvField(text), field);
    }

    void csvHasAHeaderAndOneRowPerGroup() {
        const Stats::Summary summary = Stats::compute(handWorkedSet());
        const QString csv = Stats::toCsv(summary);
        bool wellFormed = false;
        const QList<QStringList> records = parseCsv(csv, &wellFormed);
        QVERIFY(wellFormed);
        const QStringList header = records.constFirst();
        QCOMPARE(
            header.mid(0, 10),
            (QStringList{u"dimension"_s, u"group"_s, u"label"_s, u"sent"_s, u"bounced"_s, u"n"_s,
                         u"replies"_s, u"positive_replies"_s, u"meetings"_s, u"opens"_s}));
        QCOMPARE(header.mid(10, 3), (QStringList{u"reply_rate"_s, u"reply_rate_ci95_low"_s,
                                                 u"reply_rate_ci95_high"_s}));
        QCOMPARE(header.size(), 10 + 4 * 3);
        QVERIFY(header.contains(u"open_rate_unreliable"_s));
        // all + 2 weeks + 4 presets + 4 categories + 3 tones.
        QCOMPARE(records.size(), 1 + 1 + 2 + 4 + 4 + 3);
        for (const QStringList &record : records)
            QCOMPARE(record.size(), header.size());

        const auto column = [&](const QStringList &record, const QString &name) {
            return record.at(header.indexOf(name));
        };
        const QStringList &all = records.at(1);
        QCOMPARE(all.mid(0, 10), (QStringList{u"all"_s, QString(), u"All messages"_s, u"7"_s,
                                              u"2"_s, u"5"_s, u"3"_s, u"1"_s, u"1"_s, u"2"_s}));
        QCOMPARE(column(all, u"reply_rate"_s), u"0.6000"_s);
        QCOMPARE(column(all, u"reply_rate_ci95_low"_s), u"0.2307"_s);
        QCOMPARE(column(all, u"reply_rate_ci95_high"_s), u"0.8824"_s);
        QCOMPARE(column(all, u"open_rate_unreliable"_s), u"0.4000"_s);
        QCOMPARE(records.at(2).mid(0, 2), (QStringList{u"week"_s, u"2026-09-07"_s}));
        QCOMPARE(records.at(4).mid(0, 3),
                 (QStringList{u"preset"_s, u"follow_up"_s, u"Follow-up"_s}));
        // The category with a comma, quotes and a line break reads back as it was.
        const QStringList &weird = records.at(1 + 1 + 2 + 4 + 3);
        QCOMPARE(weird.mid(0, 3), (QStringList{u"category"_s, weirdCategory, weirdCategory}));
        // n = 0: counts, but no rates.
        QCOMPARE(column(weird, u"n"_s), u"0"_s);
        QCOMPARE(column(weird, u"reply_rate"_s), QString());
        QCOMPARE(column(weird, u"reply_rate_ci95_low"_s), QString());
        QCOMPARE(records.constLast().mid(0, 3),
                 (QStringList{u"tone"_s, QString(), u"Not recorded"_s}));
        // Decimals with '.', whatever the locale.
        QLocale::setDefault(QLocale(QLocale::German));
        QCOMPARE(column(parseCsv(Stats::toCsv(summary), &wellFormed).at(1), u"reply_rate"_s),
                 u"0.6000"_s);
        QLocale::setDefault(QLocale::c());
    }

    void exportWritesTheFileOrSaysWhyNot() {
        const Stats::Summary summary = Stats::compute(handWorkedSet());
        QTemporaryDir dir;
        const QString path = dir.filePath(u"effectiveness.csv"_s);
        QVERIFY(Stats::exportCsv(summary, path).ok());
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(QString::fromUtf8(file.readAll()), Stats::toCsv(summary));

        const Result<void> failed = Stats::exportCsv(summary, dir.filePath(u"missing/x.csv"_s));
        QVERIFY(!failed.ok());
        QCOMPARE(failed.error().code(), OutreachError::Code::Storage);
        QVERIFY(failed.error().message().contains(u"missing/x.csv"_s));
    }

    void loadsTheSameFiguresFromTheCache() {
        LocalRecords records;
        QVERIFY(records.open());
        QVERIFY(records.seedHistory(120, 6));
        const Result<Stats::Summary> loaded = Stats::load(*records.cache);
        QVERIFY(loaded.ok());
        QCOMPARE(loaded.value(), Stats::compute(OutcomeReader::all(*records.cache).value()));
        QCOMPARE(loaded->overall.sent, 120);
        QCOMPARE(loaded->notSent, 0);
        QVERIFY(loaded->weeks.size() >= 5 && loaded->weeks.size() <= 7);
        QCOMPARE(loaded->byPreset.size(), 3);
        QCOMPARE(loaded->byCategory.size(), 4);
        QCOMPARE(loaded->byTone.size(), 2);
        int sent = 0;
        for (const Stats::Group &week : loaded->weeks)
            sent += week.sent;
        QCOMPARE(sent, 120);
        QVERIFY(loaded->overall.replies > 0 && loaded->overall.replies < 120);
    }
};

QTEST_GUILESS_MAIN(TestEffectivenessStats)
#include "tst_effectivenessstats.moc"
