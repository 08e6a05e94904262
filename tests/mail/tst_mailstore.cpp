// SPDX-License-Identifier: GPL-3.0-or-later
// Where drafts went and what the mailbox showed of them, in the real SQLite file.
#include "storage/CacheStore.h"
#include "storage/MailStore.h"

#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;

namespace {

MailStore::Entry entry(const QString &id, qint64 savedMs) {
    MailStore::Entry e;
    e.messageId = id;
    e.ticketId = u"T-1"_s;
    e.rfcMessageId = id + u"@vendor.example"_s;
    e.recipient = u"zoe@mueller.example"_s;
    e.subject = u"Ihr Angebot für Müller"_s;
    e.account = u"sam@imap.vendor.example"_s;
    e.mailbox = u"Entwürfe"_s;
    e.savedAt = QDateTime::fromMSecsSinceEpoch(savedMs, QTimeZone::utc());
    e.watched = true;
    return e;
}

} // namespace

class TestMailStore : public QObject {
    Q_OBJECT

private slots:
    void init() {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        auto cache = CacheStore::open(m_dir->filePath(u"cache.sqlite"_s));
        QVERIFY(cache.ok());
        m_cache = std::move(cache).value();
    }
    void cleanup() {
        m_cache.reset();
        m_dir.reset();
    }

    void anEntryRoundTripsThroughAReopenedFile() {
        QVERIFY(MailStore(*m_cache).addEntry(entry(u"M-1"_s, 1'000'000)).ok());
        m_cache.reset();
        auto reopened = CacheStore::open(m_dir->filePath(u"cache.sqlite"_s));
        QVERIFY(reopened.ok());
        m_cache = std::move(reopened).value();
        const std::optional<MailStore::Entry> read = MailStore(*m_cache).entry(u"M-1"_s);
        QVERIFY(read);
        QCOMPARE(read->mailbox, u"Entwürfe"_s);
        QCOMPARE(read->subject, u"Ihr Angebot für Müller"_s);
        QCOMPARE(read->savedAt.toMSecsSinceEpoch(), 1'000'000);
        QVERIFY(read->watched);
        QVERIFY(!MailStore(*m_cache).entry(u"M-2"_s));
    }

    void savingAgainFollowsTheNewMessageId() {
        MailStore store(*m_cache);
        QVERIFY(store.addEntry(entry(u"M-1"_s, 1000)).ok());
        MailStore::Entry again = entry(u"M-1"_s, 2000);
        again.rfcMessageId = u"second@vendor.example"_s;
        QVERIFY(store.addEntry(again).ok());
        QCOMPARE(store.entry(u"M-1"_s)->rfcMessageId, u"second@vendor.example"_s);
    }

    void aDetectionIsStoredOncePerOutcome() {
        MailStore store(*m_cache);
        QVERIFY(store.addEntry(entry(u"M-1"_s, 1000)).ok());
        MailStore::Detection sent{u"M-1"_s,
                                  MailStore::Outcome::Sent,
                                  QDateTime::fromMSecsSinceEpoch(5000, QTimeZone::utc()),
                                  u"seen in the Sent folder “Sent”"_s,
                                  {}};
        QCOMPARE(store.addDetection(sent).value(), true);
        sent.source = u"another source"_s;
        QCOMPARE(store.addDetection(sent).value(), false);
        QVERIFY(store.hasDetection(u"M-1"_s, MailStore::Outcome::Sent));
        QVERIFY(!store.hasDetection(u"M-1"_s, MailStore::Outcome::Replied));
        const QList<MailStore::Detection> all = store.detections(u"M-1"_s);
        QCOMPARE(all.size(), 1);
        QCOMPARE(all.first().source, u"seen in the Sent folder “Sent”"_s);
        QCOMPARE(all.first().occurredAt.toMSecsSinceEpoch(), 5000);
    }

    void watchedEntriesAreThoseStillOpen() {
        MailStore store(*m_cache);
        QVERIFY(store.addEntry(entry(u"M-1"_s, 3000)).ok());
        QVERIFY(store.addEntry(entry(u"M-2"_s, 1000)).ok());
        QVERIFY(store.addEntry(entry(u"M-3"_s, 2000)).ok());
        QVERIFY(store.addEntry(entry(u"M-4"_s, 4000)).ok());
        QVERIFY(store.setWatched(u"M-4"_s, false).ok());
        // Sent is not the end: a reply or a bounce may follow.
        QVERIFY(store
                    .addDetection({u"M-1"_s,
                                   MailStore::Outcome::Sent,
                                   QDateTime::currentDateTimeUtc(),
                                   u"s"_s,
                                   {}})
                    .ok());
        QVERIFY(store
                    .addDetection({u"M-3"_s,
                                   MailStore::Outcome::Replied,
                                   QDateTime::currentDateTimeUtc(),
                                   u"r"_s,
                                   {}})
                    .ok());
        QStringList ids;
        for (const MailStore::Entry &e : store.watchedEntries())
            ids.append(e.messageId);
        QCOMPARE(ids, (QStringList{u"M-2"_s, u"M-1"_s}));
    }

    void outcomeNamesRoundTrip() {
        for (MailStore::Outcome o :
             {MailStore::Outcome::Sent, MailStore::Outcome::Replied, MailStore::Outcome::Bounced})
            QCOMPARE(MailStore::outcomeFromName(MailStore::outcomeName(o)), o);
        QVERIFY(!MailStore::outcomeFromName(u"opened"_s));
    }

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<CacheStore> m_cache;
};

QTEST_GUILESS_MAIN(TestMailStore)
#include "tst_mailstore.moc"
