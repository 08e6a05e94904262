// SPDX-License-Identifier: GPL-3.0-or-later
// DemoWorkspace: the bundled demo data loads completely and consistently, and a bad file is
// reported precisely without touching the cache.

#include "storage/DemoWorkspace.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

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
    for (const QString &name :
         {u"tickets.json"_s, u"projects.json"_s, u"prospects.json"_s, u"interactions.json"_s}) {
        QFile source(DemoWorkspace::defaultSource() + u'/' + name);
        if (!source.open(QIODevice::ReadOnly) || !writeFile(dir + u'/' + name, source.readAll()))
            return false;
    }
    return true;
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
        // The demo has to be big enough to show off the list, filters and history.
        QVERIFY(tickets.size() >= 40);
        QCOMPARE(projects.size(), 8);
        QCOMPARE(prospects.size(), 25);
        QCOMPARE(interactions.size(), 300);

        QVERIFY(!DemoWorkspace::isDemo(*m_cache));
        auto loaded = DemoWorkspace::load(*m_cache);
        QVERIFY2(loaded, loaded ? "" : qPrintable(loaded.error().toString()));
        QCOMPARE(loaded->tickets, int(tickets.size()));
        QCOMPARE(loaded->projects, int(projects.size()));
        QCOMPARE(loaded->prospects, int(prospects.size()));
        QCOMPARE(loaded->interactions, int(interactions.size()));
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
        // The last file read is the broken one, so every other file parsed fine first.
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
