// SPDX-License-Identifier: GPL-3.0-or-later
// DemoWorkspace: the bundled demo data loads completely and consistently, and a bad file is
// reported precisely without touching the cache. The seeded message history lands in the rep's
// local records at times relative to the load, and leaves again with the demo, alone.

#include "activity/ActivityTracker.h"
#include "activity/EffectivenessStats.h"
#include "storage/DemoHistory.h"
#include "storage/DemoWorkspace.h"
#include "storage/OutcomeReader.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>
#include <QUuid>

#include <functional>

using namespace Qt::StringLiterals;

namespace {

QJsonDocument readJson(const QString &path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll());
}

QJsonArray itemsOf(const QJsonDocument &document) {
    return document.isArray() ? document.array() : document.object().value("items"_L1).toArray();
}

bool writeFile(const QString &path, const QByteArray &bytes) {
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate)
           && file.write(bytes) == bytes.size();
}

// Copies the bundled demo files into `dir` so that a test can break one of them.
bool copyDemoTo(const QString &dir) {
    for (const QString &name : {u"tickets.json"_s, u"projects.json"_s, u"prospects.json"_s,
                                u"interactions.json"_s, u"messages.json"_s}) {
        QFile source(DemoWorkspace::defaultSource() + u'/' + name);
        if (!source.open(QIODevice::ReadOnly) || !writeFile(dir + u'/' + name, source.readAll()))
            return false;
    }
    return true;
}

int rowCount(const CacheStore &cache, const QString &table) {
    QSqlQuery query(cache.database());
    if (!query.exec(u"SELECT COUNT(*) FROM "_s + table) || !query.next())
        return -1;
    return query.value(0).toInt();
}

// What the bundled messages.json says happened, counted from the file itself.
struct Story {
    int messages = 0;
    int events = 0;
    int bounced = 0;
    int replied = 0;
    int meetings = 0;
};

Story storyOf(const QJsonArray &messages) {
    Story story;
    story.messages = int(messages.size());
    for (const QJsonValue &message : messages) {
        const QJsonArray events = message["events"_L1].toArray();
        story.events += int(events.size());
        for (const QJsonValue &event : events) {
            const QString type = event["type"_L1].toString();
            story.bounced += type == "bounced"_L1;
            story.replied += type == "replied"_L1;
            story.meetings += type == "meeting_booked"_L1;
        }
    }
    return story;
}

} // namespace

class TestDemoWorkspace : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<CacheStore> m_cache;

    QString sourceDir() const { return m_dir->filePath(u"source"_s); }

private slots:
    void init() {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        QVERIFY(QDir().mkpath(sourceDir()));
        auto opened = CacheStore::open(m_dir->filePath(u"cache.sqlite"_s));
        QVERIFY2(opened, opened ? "" : qPrintable(opened.error().toString()));
        m_cache = std::move(opened).value();
    }

    void cleanup() {
        m_cache.reset();
        m_dir.reset();
    }

    void loadsTheBundledWorkspace() {
        const QString demo = DemoWorkspace::defaultSource();
        QCOMPARE(demo, u":/demo"_s);
        const QJsonArray tickets = itemsOf(readJson(demo + u"/tickets.json"_s));
        const QJsonArray projects = itemsOf(readJson(demo + u"/projects.json"_s));
        const QJsonArray prospects = itemsOf(readJson(demo + u"/prospects.json"_s));
        const QJsonArray interactions = itemsOf(readJson(demo + u"/interactions.json"_s));
        const QJsonArray messages = itemsOf(readJson(demo + u"/messages.json"_s));
        // The demo has to be big enough to show off the list, filters and history.
        QVERIFY(tickets.size() >= 40);
        QCOMPARE(projects.size(), 8);
        QCOMPARE(prospects.size(), 25);
        QCOMPARE(interactions.size(), 300);
        QVERIFY(messages.size() >= 25 && messages.size() <= 40);

        QVERIFY(!DemoWorkspace::isDemo(*m_cache));
        auto loaded = DemoWorkspace::load(*m_cache);
        QVERIFY2(loaded, loaded ? "" : qPrintable(loaded.error().toString()));
        QCOMPARE(loaded->tickets, int(tickets.size()));
        QCOMPARE(loaded->projects, int(projects.size()));
        QCOMPARE(loaded->prospects, int(prospects.size()));
        QCOMPARE(loaded->interactions, int(interactions.size()));
        QCOMPARE(loaded->messages, int(messages.size()));
        QCOMPARE(rowCount(*m_cache, u"messages"_s), int(messages.size()));
        QCOMPARE(m_cache->ticketCount(), int(tickets.size()));
        QCOMPARE(m_cache->projectCount(), int(projects.size()));
        QCOMPARE(m_cache->prospectCount(), int(prospects.size()));
        QCOMPARE(m_cache->interactionCount(), int(interactions.size()));
        QVERIFY(DemoWorkspace::isDemo(*m_cache));
        QCOMPARE(m_cache->meta(u"workspace"_s), u"demo"_s);

        // What was stored is what the files say.
        const auto first = Ticket::fromJson(tickets.first().toObject());
        QVERIFY(first);
        QCOMPARE(m_cache->ticket(first->id), first.value());
    }

    void everyReferenceResolves() {
        QVERIFY(DemoWorkspace::load(*m_cache));
        QSet<QString> ticketIds;
        int rows = 0;
        QVERIFY(m_cache->forEachTicketRow([&](TicketRow &&row) {
            ++rows;
            ticketIds.insert(row.id);
            const std::optional<Ticket> ticket = m_cache->ticket(row.id);
            QVERIFY(ticket);
            QVERIFY2(m_cache->project(ticket->projectId),
                     qPrintable(row.id + u" -> "_s + ticket->projectId));
            QVERIFY2(m_cache->prospect(ticket->prospectId),
                     qPrintable(row.id + u" -> "_s + ticket->prospectId));
            QVERIFY(!row.prospectName.isEmpty());
            QVERIFY(!row.prospectKey.isEmpty());
        }));
        QCOMPARE(rows, m_cache->ticketCount());

        int interactions = 0;
        for (const QString &id : std::as_const(ticketIds))
            interactions += int(m_cache->interactions(id).size());
        QCOMPARE(interactions, m_cache->interactionCount()); // none points at a missing ticket
    }

    void loadingTwiceKeepsTheSameCounts() {
        auto first = DemoWorkspace::load(*m_cache);
        QVERIFY(first);
        const int tickets = m_cache->ticketCount();
        const int interactions = m_cache->interactionCount();
        auto second = DemoWorkspace::load(*m_cache);
        QVERIFY(second);
        QCOMPARE(second->tickets, first->tickets);
        QCOMPARE(m_cache->ticketCount(), tickets);
        QCOMPARE(m_cache->projectCount(), first->projects);
        QCOMPARE(m_cache->prospectCount(), first->prospects);
        QCOMPARE(m_cache->interactionCount(), interactions);
        // The seeded history keeps its ids: replaced, not added again.
        const Story story = storyOf(itemsOf(readJson(u":/demo/messages.json"_s)));
        QCOMPARE(second->messages, story.messages);
        QCOMPARE(rowCount(*m_cache, u"messages"_s), story.messages);
        QCOMPARE(rowCount(*m_cache, u"message_events"_s), story.events);
        QCOMPARE(rowCount(*m_cache, u"message_effectiveness"_s), story.messages);
        QCOMPARE(DemoHistory::seededIds(*m_cache).size(), story.messages);
    }

    // The history a rep would have left: every message on a demo ticket whose prospect may be
    // contacted, saved before it was sent, sent within the last weeks before the load (whatever
    // day that is), every event between sending and the day of the load, the metrics what the
    // events add up to, and nothing queued for a CRM.
    void seededHistoryIsTheRepsLocalRecords_data() {
        QTest::addColumn<QDateTime>("now");
        QTest::newRow("now") << QDateTime::currentDateTimeUtc();
        QTest::newRow("just after midnight")
            << QDateTime(QDate(2031, 3, 2), QTime(0, 5), QTimeZone::utc());
        QTest::newRow("late in the evening")
            << QDateTime(QDate(2029, 12, 31), QTime(23, 50), QTimeZone::utc());
    }

    void seededHistoryIsTheRepsLocalRecords() {
        QFETCH(QDateTime, now);
        auto loaded = DemoWorkspace::load(*m_cache, DemoWorkspace::defaultSource(), now);
        QVERIFY2(loaded, loaded ? "" : qPrintable(loaded.error().toString()));
        const Story story = storyOf(itemsOf(readJson(u":/demo/messages.json"_s)));
        QCOMPARE(loaded->messages, story.messages);
        QCOMPARE(rowCount(*m_cache, u"outbox"_s), 0);
        QCOMPARE(rowCount(*m_cache, u"message_events"_s), story.events);

        auto outcomes = OutcomeReader::all(*m_cache);
        QVERIFY(outcomes);
        QCOMPARE(outcomes->size(), story.messages);
        const QDateTime startOfDay(now.date(), QTime(0, 0), QTimeZone::utc());
        const ActivityTracker tracker(*m_cache);
        QSet<QString> tickets, presets, tones, models;
        int bounced = 0, replied = 0, meetings = 0;
        for (const MessageOutcome &outcome : std::as_const(*outcomes)) {
            const QString id = outcome.messageId;
            QVERIFY2(!QUuid::fromString(id).isNull(), qPrintable(id));
            const std::optional<Ticket> ticket = m_cache->ticket(outcome.ticketId);
            QVERIFY2(ticket, qPrintable(id));
            const std::optional<ProspectHistory> prospect = m_cache->prospect(ticket->prospectId);
            QVERIFY2(prospect && !prospect->prospect.doNotContact, qPrintable(id));
            QVERIFY(outcome.ticketId != u"T-1039"_s);
            QVERIFY2(outcome.isSent(), qPrintable(id));
            QVERIFY2(*outcome.sentAt > now.addDays(-60), qPrintable(id));
            QVERIFY2(*outcome.sentAt < startOfDay, qPrintable(id));
            QVERIFY2(outcome.createdAt < *outcome.sentAt, qPrintable(id));
            QVERIFY2(!outcome.subject.isEmpty() && !outcome.firstLine.isEmpty(), qPrintable(id));

            const QList<ActivityEvent> events = tracker.events(id);
            QVERIFY2(!events.isEmpty(), qPrintable(id));
            QCOMPARE(events.first().type, ActivityEvent::Type::Sent);
            QCOMPARE(events.first().occurredAt, *outcome.sentAt);
            int opens = 0;
            bool sawReply = false, sawMeeting = false, sawBounce = false, sawClick = false;
            for (const ActivityEvent &event : events) {
                QVERIFY2(event.occurredAt >= *outcome.sentAt && event.occurredAt < startOfDay,
                         qPrintable(id));
                opens += event.type == ActivityEvent::Type::Opened;
                sawReply = sawReply || event.type == ActivityEvent::Type::Replied;
                sawMeeting = sawMeeting || event.type == ActivityEvent::Type::MeetingBooked;
                sawBounce = sawBounce || event.type == ActivityEvent::Type::Bounced;
                sawClick = sawClick || event.type == ActivityEvent::Type::Clicked;
            }
            // The stored metrics say what the events say.
            QCOMPARE(outcome.openCount, opens);
            QCOMPARE(outcome.opened, opens > 0);
            QCOMPARE(outcome.clicked, sawClick);
            QCOMPARE(outcome.replied, sawReply);
            QCOMPARE(outcome.meetingBooked, sawMeeting);
            QCOMPARE(outcome.bounced, sawBounce);
            if (sawBounce)
                QVERIFY2(!sawReply && !sawMeeting && opens == 0, qPrintable(id));
            if (!sawReply)
                QCOMPARE(outcome.sentiment, EffectivenessMetrics::Sentiment::None);

            tickets.insert(outcome.ticketId);
            presets.insert(outcome.preset);
            tones.insert(outcome.tone);
            models.insert(outcome.model);
            bounced += sawBounce;
            replied += sawReply;
            meetings += sawMeeting;
        }
        QCOMPARE(bounced, story.bounced);
        QCOMPARE(replied, story.replied);
        QCOMPARE(meetings, story.meetings);
        QVERIFY(tickets.size() >= 25);
        QCOMPARE(presets.size(), 5);
        QVERIFY(tones.size() >= 4);
        QVERIFY(models.size() >= 3);

        // The story: a few bounces, some left unanswered, and meeting requests book the most
        // meetings.
        const EffectivenessStats::Summary summary = EffectivenessStats::compute(*outcomes);
        QCOMPARE(summary.overall.sent, story.messages);
        QCOMPARE(summary.overall.bounced, story.bounced);
        QVERIFY(story.bounced >= 2);
        QVERIFY(summary.overall.replies < summary.overall.delivered);
        QVERIFY(summary.weeks.size() >= 5);
        const EffectivenessStats::Group *best = nullptr;
        for (const EffectivenessStats::Group &group : summary.byPreset) {
            const double rate = group.rate(EffectivenessStats::Rate::Meeting).value().value_or(0);
            if (!best || rate > best->rate(EffectivenessStats::Rate::Meeting).value().value_or(0))
                best = &group;
        }
        QVERIFY(best);
        QCOMPARE(best->key, u"meeting_request"_s);
    }

    // A message in German, French, Japanese … for the prospects who read those.
    void seededMessagesSpeakTheProspectsLanguage() {
        QVERIFY(DemoWorkspace::load(*m_cache));
        auto outcomes = OutcomeReader::all(*m_cache);
        QVERIFY(outcomes);
        QSet<QString> languages;
        const ActivityTracker tracker(*m_cache);
        for (const MessageOutcome &outcome : std::as_const(*outcomes)) {
            const std::optional<ProspectHistory> prospect = m_cache->prospect(outcome.prospectId);
            QVERIFY(prospect);
            languages.insert(prospect->prospect.locale.left(2));
        }
        for (const char *language : {"de", "fr", "sv", "da", "es", "ja", "pl", "en"})
            QVERIFY2(languages.contains(QLatin1StringView(language)), language);
        const QList<OutreachActivity> zoe = tracker.messages(u"T-1005"_s);
        QVERIFY(!zoe.isEmpty());
        QVERIFY2(zoe.first().content.startsWith(u"Hallo Frau Müller"_s),
                 qPrintable(zoe.first().content));
        const QList<OutreachActivity> otani = tracker.messages(u"T-1054"_s);
        QVERIFY(!otani.isEmpty());
        QVERIFY2(otani.first().content.startsWith(u"大谷様"_s), qPrintable(otani.first().content));
        // Metadata as the compose area writes it.
        QCOMPARE(zoe.first().metadata.preset, u"meeting_request"_s);
        QCOMPARE(zoe.first().metadata.tone, u"concise"_s);
        QVERIFY(!zoe.first().metadata.model.isEmpty());
        QVERIFY(!zoe.first().metadata.prompt.isEmpty());
    }

    void reloadingLaterMovesTheHistoryAlong() {
        const QDateTime first(QDate(2030, 1, 10), QTime(12, 0), QTimeZone::utc());
        QVERIFY(DemoWorkspace::load(*m_cache, DemoWorkspace::defaultSource(), first));
        auto before = OutcomeReader::all(*m_cache);
        QVERIFY(before);
        QVERIFY(DemoWorkspace::load(*m_cache, DemoWorkspace::defaultSource(), first.addDays(30)));
        auto after = OutcomeReader::all(*m_cache);
        QVERIFY(after);
        QCOMPARE(after->size(), before->size());
        for (qsizetype i = 0; i < after->size(); ++i) {
            QCOMPARE(after->at(i).messageId, before->at(i).messageId);
            QCOMPARE(*after->at(i).sentAt, before->at(i).sentAt->addDays(30));
        }
    }

    void malformedMessageIsNamedAndNothingIsWritten_data() {
        QTest::addColumn<int>("index");
        QTest::addColumn<QString>("path");     // where in the entry to change
        QTest::addColumn<QJsonValue>("value"); // undefined: remove it
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("problem");
        QTest::newRow("no subject") << 2 << u"subject"_s << QJsonValue(QJsonValue::Undefined)
                                    << u"subject"_s << u"missing"_s;
        QTest::newRow("days not whole") << 5 << u"sent_days_ago"_s << QJsonValue(2.5)
                                        << u"sent_days_ago"_s << u"whole number"_s;
        QTest::newRow("bad time") << 1 << u"sent_time"_s << QJsonValue(u"25:00"_s) << u"sent_time"_s
                                  << u"HH:mm"_s;
        QTest::newRow("unknown ticket") << 3 << u"ticket_id"_s << QJsonValue(u"T-9999"_s)
                                        << u"ticket_id"_s << u"not in tickets.json"_s;
        QTest::newRow("do not contact") << 4 << u"ticket_id"_s << QJsonValue(u"T-1039"_s)
                                        << u"ticket_id"_s << u"must not be contacted"_s;
        QTest::newRow("not a uuid")
            << 0 << u"message_id"_s << QJsonValue(u"M-1"_s) << u"message_id"_s << u"UUID"_s;
        QTest::newRow("confidence") << 6 << u"metadata.confidence"_s << QJsonValue(1.5)
                                    << u"metadata.confidence"_s << u"between 0 and 1"_s;
        QTest::newRow("preset") << 7 << u"metadata.preset"_s << QJsonValue(u"cold_call"_s)
                                << u"metadata.preset"_s << u"cold_call"_s;
        QTest::newRow("event type") << 1 << u"events.1.type"_s << QJsonValue(u"forwarded"_s)
                                    << u"events[1].type"_s << u"forwarded"_s;
        QTest::newRow("event in the future")
            << 1 << u"events.1.hours_after_sent"_s << QJsonValue(24 * 400)
            << u"events[1].hours_after_sent"_s << u"day of loading"_s;
        QTest::newRow("negative hours") << 1 << u"events.1.hours_after_sent"_s << QJsonValue(-1)
                                        << u"events[1].hours_after_sent"_s << u"negative"_s;
        QTest::newRow("sentiment on an open")
            << 1 << u"events.1.sentiment"_s << QJsonValue(u"positive"_s) << u"events[1].sentiment"_s
            << u"replied"_s;
        QTest::newRow("bad sentiment") << 1 << u"events.2.sentiment"_s << QJsonValue(u"angry"_s)
                                       << u"events[2].sentiment"_s << u"angry"_s;
        QTest::newRow("not sent first") << 1 << u"events.0.type"_s << QJsonValue(u"opened"_s)
                                        << u"events[0].type"_s << u"sent"_s;
        QTest::newRow("replied twice") << 1 << u"events.1.type"_s << QJsonValue(u"replied"_s)
                                       << u"events[2].type"_s << u"once"_s;
    }

    // A bad entry names the file, the message and the field, and neither a fresh cache nor a
    // loaded demo changes.
    void malformedMessageIsNamedAndNothingIsWritten() {
        QFETCH(int, index);
        QFETCH(QString, path);
        QFETCH(QJsonValue, value);
        QFETCH(QString, field);
        QFETCH(QString, problem);
        QVERIFY(copyDemoTo(sourceDir()));
        const QString messagesPath = sourceDir() + u"/messages.json"_s;
        QJsonArray messages = readJson(messagesPath).array();
        QVERIFY(messages.size() > index);
        QJsonObject entry = messages.at(index).toObject();
        const QString id = entry.value("message_id"_L1).toString();
        // Walk "events.1.type" / "metadata.preset" down to the value and back up.
        const QStringList steps = path.split(u'.');
        std::function<QJsonValue(QJsonValue, qsizetype)> set = [&](QJsonValue at, qsizetype step) {
            const QString key = steps.at(step);
            const bool last = step == steps.size() - 1;
            if (at.isArray()) {
                QJsonArray array = at.toArray();
                const int i = key.toInt();
                array[i] = last ? value : set(array.at(i), step + 1);
                return QJsonValue(array);
            }
            QJsonObject object = at.toObject();
            if (last && value.isUndefined())
                object.remove(key);
            else
                object.insert(key, last ? value : set(object.value(key), step + 1));
            return QJsonValue(object);
        };
        entry = set(entry, 0).toObject();
        messages[index] = entry;
        QVERIFY(writeFile(messagesPath, QJsonDocument(messages).toJson()));

        const auto expectFailure = [&] {
            auto loaded = DemoWorkspace::load(*m_cache, sourceDir());
            QVERIFY(!loaded);
            const OutreachError &error = loaded.error();
            QCOMPARE(error.code(), OutreachError::Code::ContextInvalid);
            QVERIFY2(error.message().contains(u"messages.json"_s), qPrintable(error.message()));
            QVERIFY2(error.message().contains(problem), qPrintable(error.message()));
            QCOMPARE(error.field(), field);
            QCOMPARE(error.entity(), u"demo message"_s);
            const QString expectedId = field == u"message_id"_s ? u"M-1"_s : id;
            QCOMPARE(error.entityId(), expectedId);
            QVERIFY2(error.message().contains(expectedId), qPrintable(error.message()));
        };

        expectFailure();
        if (QTest::currentTestFailed())
            return;
        QCOMPARE(m_cache->ticketCount(), 0);
        QCOMPARE(rowCount(*m_cache, u"messages"_s), 0);
        QCOMPARE(rowCount(*m_cache, u"message_events"_s), 0);
        QVERIFY(!DemoWorkspace::isDemo(*m_cache));

        // Over a loaded demo: still what the bundled files gave.
        const QDateTime then = QDateTime::currentDateTimeUtc().addDays(-3);
        QVERIFY(DemoWorkspace::load(*m_cache, DemoWorkspace::defaultSource(), then));
        auto before = OutcomeReader::all(*m_cache);
        QVERIFY(before);
        const int events = rowCount(*m_cache, u"message_events"_s);
        expectFailure();
        if (QTest::currentTestFailed())
            return;
        auto after = OutcomeReader::all(*m_cache);
        QVERIFY(after);
        QCOMPARE(after.value(), before.value());
        QCOMPARE(rowCount(*m_cache, u"message_events"_s), events);
    }

    void duplicateMessageIdIsNamed() {
        QVERIFY(copyDemoTo(sourceDir()));
        const QString messagesPath = sourceDir() + u"/messages.json"_s;
        QJsonArray messages = readJson(messagesPath).array();
        QJsonObject copy = messages.at(3).toObject();
        const QString id = messages.at(1).toObject().value("message_id"_L1).toString();
        copy.insert(u"message_id"_s, id);
        messages[3] = copy;
        QVERIFY(writeFile(messagesPath, QJsonDocument(messages).toJson()));
        auto loaded = DemoWorkspace::load(*m_cache, sourceDir());
        QVERIFY(!loaded);
        QCOMPARE(loaded.error().entityId(), id);
        QCOMPARE(loaded.error().field(), u"message_id"_s);
        QCOMPARE(rowCount(*m_cache, u"messages"_s), 0);
    }

    // Leaving the demo for a real CRM: the seeded messages go, with their events and
    // effectiveness, so they never count in a real CRM's figures; what the rep wrote stays, also
    // on a demo ticket, with its outcomes.
    void clearRemovesOnlyTheSeededHistory() {
        QVERIFY(DemoWorkspace::load(*m_cache));
        ActivityTracker tracker(*m_cache);
        OutreachActivity own;
        own.messageId = QUuid::createUuid().toString(QUuid::WithoutBraces);
        own.subject = u"Data location: the sub-processor list"_s;
        own.content = u"Hallo Frau Müller,\n\nanbei die Liste."_s;
        own.createdAt = QDateTime::currentDateTimeUtc().addSecs(-600);
        own.metadata.preset = u"answer_ticket"_s;
        QVERIFY(tracker.addOutreachActivity(u"T-1005"_s, own));
        QVERIFY(tracker.recordOutcome(u"T-1005"_s, own.messageId,
                                      ActivityTracker::Milestone::RepliedPositive));
        const int seeded = int(DemoHistory::seededIds(*m_cache).size());
        QVERIFY(seeded >= 25);
        QCOMPARE(rowCount(*m_cache, u"messages"_s), seeded + 1);
        const int ownEvents = int(tracker.events(own.messageId).size());
        QCOMPARE(ownEvents, 1);

        QVERIFY(DemoWorkspace::clear(*m_cache));
        QVERIFY(!DemoWorkspace::isDemo(*m_cache));
        QCOMPARE(m_cache->ticketCount(), 0);
        QCOMPARE(rowCount(*m_cache, u"messages"_s), 1);
        QCOMPARE(rowCount(*m_cache, u"message_events"_s), ownEvents);
        QCOMPARE(rowCount(*m_cache, u"message_effectiveness"_s), 1);
        QVERIFY(DemoHistory::seededIds(*m_cache).isEmpty());
        QCOMPARE(m_cache->meta(QString::fromLatin1(DemoHistory::SeededKey)), QString());
        const QList<OutreachActivity> left = tracker.messages(u"T-1005"_s);
        QCOMPARE(left.size(), 1);
        QCOMPARE(left.first(), own);
        const std::optional<MessageOutcome> outcome = tracker.outcome(own.messageId);
        QVERIFY(outcome && outcome->replied);

        // The real CRM's figures hold the rep's message only.
        auto summary = EffectivenessStats::load(*m_cache);
        QVERIFY(summary);
        QCOMPARE(summary->overall.sent, 1);
        QCOMPARE(summary->overall.replies, 1);

        // Clearing again (nothing seeded any more) changes nothing.
        QVERIFY(DemoWorkspace::clear(*m_cache));
        QCOMPARE(rowCount(*m_cache, u"messages"_s), 1);
    }

    void ticketWithoutTitleIsRejectedAndNothingIsWritten() {
        QVERIFY(copyDemoTo(sourceDir()));
        const QString ticketsPath = sourceDir() + u"/tickets.json"_s;
        QJsonObject page = readJson(ticketsPath).object();
        QJsonArray items = page.value("items"_L1).toArray();
        QVERIFY(items.size() > 3);
        QJsonObject broken = items.at(3).toObject();
        const QString brokenId = broken.value("id"_L1).toString();
        broken.remove("title"_L1);
        items[3] = broken;
        page.insert(u"items"_s, items);
        QVERIFY(writeFile(ticketsPath, QJsonDocument(page).toJson()));

        auto loaded = DemoWorkspace::load(*m_cache, sourceDir());
        QVERIFY(!loaded);
        const OutreachError &error = loaded.error();
        QCOMPARE(error.code(), OutreachError::Code::ContextInvalid);
        QVERIFY2(error.message().contains(u"tickets.json"_s), qPrintable(error.message()));
        QVERIFY2(error.message().contains(brokenId), qPrintable(error.message()));
        QVERIFY2(error.message().contains(u"title"_s), qPrintable(error.message()));
        QCOMPARE(error.entity(), u"ticket"_s);
        QCOMPARE(error.entityId(), brokenId);
        QCOMPARE(error.field(), u"title"_s);

        // Projects and prospects come first in the load order and were valid: still not stored.
        QCOMPARE(m_cache->ticketCount(), 0);
        QCOMPARE(m_cache->projectCount(), 0);
        QCOMPARE(m_cache->prospectCount(), 0);
        QCOMPARE(m_cache->interactionCount(), 0);
        QVERIFY(!DemoWorkspace::isDemo(*m_cache));
    }

    void badFileLeavesAnExistingWorkspaceAlone() {
        QVERIFY(DemoWorkspace::load(*m_cache));
        const int tickets = m_cache->ticketCount();
        QVERIFY(copyDemoTo(sourceDir()));
        // Every file read before the broken one parsed fine first.
        QVERIFY(writeFile(sourceDir() + u"/interactions.json"_s,
                          R"({"items": [{"id": "I-x", "ticket_id": "T-x", "type": "email",)"
                          R"( "direction": "sideways", "occurred_at": "2026-11-20T14:03:00Z",)"
                          R"( "content": "hi"}], "next_cursor": null})"));
        auto loaded = DemoWorkspace::load(*m_cache, sourceDir());
        QVERIFY(!loaded);
        QCOMPARE(loaded.error().code(), OutreachError::Code::ContextInvalid);
        QVERIFY2(loaded.error().message().contains(u"interactions.json"_s),
                 qPrintable(loaded.error().message()));
        QCOMPARE(loaded.error().field(), u"direction"_s);
        QCOMPARE(m_cache->ticketCount(), tickets);
        QVERIFY(DemoWorkspace::isDemo(*m_cache));
    }

    void jsonSyntaxErrorNamesFileAndOffset() {
        QVERIFY(copyDemoTo(sourceDir()));
        QVERIFY(writeFile(sourceDir() + u"/projects.json"_s, "[\n  {\"id\": \"P-1\",,}\n]"));
        auto loaded = DemoWorkspace::load(*m_cache, sourceDir());
        QVERIFY(!loaded);
        QCOMPARE(loaded.error().code(), OutreachError::Code::ContextInvalid);
        const QString message = loaded.error().message();
        QVERIFY2(message.contains(u"projects.json"_s), qPrintable(message));
        // Qt reports where it gave up: just past the second comma (byte 16).
        const QRegularExpressionMatch offset =
            QRegularExpression(u"offset (\\d+)"_s).match(message);
        QVERIFY2(offset.hasMatch(), qPrintable(message));
        QVERIFY2(offset.captured(1).toInt() >= 16 && offset.captured(1).toInt() <= 19,
                 qPrintable(message));
        QVERIFY2(message.contains(u"line 2"_s), qPrintable(message));
        QCOMPARE(m_cache->projectCount(), 0);
    }

    void missingFileIsNamed() {
        QVERIFY(copyDemoTo(sourceDir()));
        QVERIFY(QFile::remove(sourceDir() + u"/prospects.json"_s));
        auto loaded = DemoWorkspace::load(*m_cache, sourceDir());
        QVERIFY(!loaded);
        QCOMPARE(loaded.error().code(), OutreachError::Code::ContextInvalid);
        QVERIFY2(loaded.error().message().contains(u"prospects.json"_s),
                 qPrintable(loaded.error().message()));
    }

    void wrongShapeIsNamed() {
        QVERIFY(copyDemoTo(sourceDir()));
        QVERIFY(writeFile(sourceDir() + u"/tickets.json"_s, R"({"tickets": []})"));
        auto loaded = DemoWorkspace::load(*m_cache, sourceDir());
        QVERIFY(!loaded);
        QVERIFY2(loaded.error().message().contains(u"tickets.json"_s),
                 qPrintable(loaded.error().message()));
        QVERIFY2(loaded.error().message().contains(u"items"_s),
                 qPrintable(loaded.error().message()));
    }
};

QTEST_GUILESS_MAIN(TestDemoWorkspace)
#include "tst_demoworkspace.moc"
