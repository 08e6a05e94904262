// SPDX-License-Identifier: GPL-3.0-or-later
// Power loss: the cache is written through PowerCutVfs, which keeps of each file only what SQLite
// synced. A saved draft, a stored message and its outbox row must be there after the power
// comes back; the same writes under synchronous = NORMAL are lost, which shows the cut is real.
#include "storage/DraftStore.h"
#include "storage/Sql.h"
#include "support/LocalRecords.h"
#include "support/PowerCutVfs.h"

#include <QSqlQuery>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

int count(CacheStore &cache, const QString &sql) {
    const Result<QVariant> value = Sql::scalar(cache.database(), sql, {});
    return value ? value->toInt() : -1;
}

bool setSynchronous(CacheStore &cache, const QString &level) {
    return QSqlQuery(cache.database()).exec(u"PRAGMA synchronous = "_s + level);
}

} // namespace

class TestPowerLoss : public QObject {
    Q_OBJECT

    std::unique_ptr<PowerCutVfs> m_power;
    std::unique_ptr<LocalRecords> m_records;

    // What the rep does before the power goes: a draft autosaved, a message stored (the local
    // copy and its outbox row in one commit).
    bool saveRepWork() {
        Draft draft;
        draft.ticketId = u"T-1"_s;
        draft.prompt = u"Follow up on the renewal"_s;
        draft.subject = u"Renewal — next steps"_s;
        draft.body = u"Hi Lee,\n\nThank you for your time on Tuesday.\n"_s;
        if (!DraftStore(*m_records->cache).save(draft).ok())
            return false;
        return m_records->addMessage(u"M-1"_s, u"T-1"_s, LocalRecords::day(0));
    }

    // Cuts the power, closes everything (SQLite's last writes on close go nowhere), puts the
    // files back to what was synced, and opens the cache again.
    std::unique_ptr<CacheStore> cutAndReopen() {
        m_power->cut();
        const QString path = m_records->cache->path();
        m_records->tracker.reset();
        m_records->outbox.reset();
        m_records->cache.reset();
        if (m_power->restore() == 0)
            qWarning("nothing was written through the power-cut VFS");
        Result<std::unique_ptr<CacheStore>> reopened = CacheStore::open(path);
        if (!reopened.ok()) {
            qWarning("%s", qPrintable(reopened.error().message()));
            return nullptr;
        }
        return std::move(reopened).value();
    }

private slots:
    void init() {
        m_power = std::make_unique<PowerCutVfs>();
        m_records = std::make_unique<LocalRecords>();
        QVERIFY(m_records->open());
        QVERIFY(m_records->addTicket(u"T-1"_s, u"C-1"_s, u"renewal"_s));
    }

    void cleanup() {
        m_records.reset();
        m_power.reset();
    }

    void savedWorkSurvivesAPowerCut() {
        const int syncsBefore = m_power->syncCount();
        QVERIFY(saveRepWork());
        const int syncs = m_power->syncCount() - syncsBefore;

        const std::unique_ptr<CacheStore> cache = cutAndReopen();
        QVERIFY(cache);
        const std::optional<Draft> draft = DraftStore(*cache).load(u"T-1"_s);
        QVERIFY(draft);
        QCOMPARE(draft->subject, u"Renewal — next steps"_s);
        QCOMPARE(count(*cache, u"SELECT count(*) FROM messages WHERE id = 'M-1'"_s), 1);
        QCOMPARE(count(*cache, u"SELECT count(*) FROM outbox WHERE message_id = 'M-1'"_s), 1);
        QCOMPARE(count(*cache, u"SELECT count(*) FROM tickets"_s), 1);
        // FULL syncs the log at each commit: the draft and the message are two.
        QVERIFY(syncs >= 2);
    }

    // The control: without FULL the same commits are not on the disk when the power goes.
    void normalLosesTheLastCommitsToAPowerCut() {
        QVERIFY(setSynchronous(*m_records->cache, u"NORMAL"_s));
        QVERIFY(saveRepWork());

        const std::unique_ptr<CacheStore> cache = cutAndReopen();
        QVERIFY(cache);
        QVERIFY(!DraftStore(*cache).load(u"T-1"_s));
        QCOMPARE(count(*cache, u"SELECT count(*) FROM messages"_s), 0);
        QCOMPARE(count(*cache, u"SELECT count(*) FROM outbox"_s), 0);
    }

    // A bulk mirror write may skip its own sync (the CRM can send it again); the next FULL
    // commit syncs the log up to and including it, so nothing before a saved draft is lost.
    void aFullCommitMakesEarlierUnsyncedCommitsDurable() {
        QVERIFY(setSynchronous(*m_records->cache, u"NORMAL"_s));
        QVERIFY(m_records->addTicket(u"T-2"_s, u"C-2"_s, u"upsell"_s));
        QVERIFY(setSynchronous(*m_records->cache, u"FULL"_s));
        QVERIFY(saveRepWork());

        const std::unique_ptr<CacheStore> cache = cutAndReopen();
        QVERIFY(cache);
        QCOMPARE(count(*cache, u"SELECT count(*) FROM tickets"_s), 2);
        QVERIFY(DraftStore(*cache).load(u"T-1"_s));
    }
};

QTEST_GUILESS_MAIN(TestPowerLoss)
#include "tst_powerloss.moc"
