// SPDX-License-Identifier: GPL-3.0-or-later
// Drafts and their versions in the real SQLite file, as a restart reads them back.
#include "storage/CacheStore.h"
#include "storage/DraftStore.h"

#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

OutreachResponse response(const QString &message, double confidence) {
    OutreachResponse r;
    r.subject = u"Re: pricing"_s;
    r.message = message;
    r.metadata.usedContext = {u"ticket"_s, u"interaction:I-5001"_s};
    r.metadata.confidence = confidence;
    r.metadata.confidenceEstimated = false;
    r.metadata.model = u"gpt-test"_s;
    r.metadata.usage = OutreachResponse::Usage{120, 40, 160};
    r.metadata.findings.append(ComplianceFinding{ComplianceFinding::Kind::BannedPhrase,
                                                 ComplianceFinding::Severity::Blocking,
                                                 u"guarantee"_s, u"Remove it."_s});
    return r;
}

} // namespace

class TestDraftStore : public QObject {
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

    void aDraftRoundTripsThroughAReopenedFile() {
        Draft draft;
        draft.ticketId = u"T-1"_s;
        draft.prompt = u"Follow up — «pricing»"_s;
        draft.preset = u"follow_up"_s;
        draft.tone = MessageTone::Warm;
        draft.length = MessageLength::Short;
        draft.subject = u"Re: pricing"_s;
        draft.body = u"Hi Lee,\n\nQuick follow-up."_s;
        draft.response = response(u"Hi Lee,\n\nQuick follow-up."_s, 0.8);
        draft.versionId = 7;
        draft.savedMessageId = u"M-1"_s;
        draft.savedFingerprint = Draft::fingerprint(draft.subject, draft.body);
        draft.markedSent = true;
        QVERIFY(DraftStore(*m_cache).save(draft).ok());

        const QString path = m_cache->path();
        m_cache.reset();
        auto reopened = CacheStore::open(path);
        QVERIFY(reopened.ok());
        const std::optional<Draft> loaded = DraftStore(*reopened.value()).load(u"T-1"_s);
        QVERIFY(loaded);
        QVERIFY(loaded->updatedAt.isValid());
        Draft expected = draft;
        expected.updatedAt = loaded->updatedAt;
        QCOMPARE(*loaded, expected);
        QVERIFY(loaded->savedTextIsCurrent());
        QCOMPARE(DraftStore(*reopened.value()).ticketsWithDrafts(), QStringList{u"T-1"_s});
    }

    void anEmptyDraftIsRemoved() {
        DraftStore store(*m_cache);
        Draft draft;
        draft.ticketId = u"T-2"_s;
        draft.prompt = u"x"_s;
        QVERIFY(store.save(draft).ok());
        QVERIFY(store.load(u"T-2"_s));
        draft.prompt.clear();
        QVERIFY(draft.isEmpty());
        QVERIFY(store.save(draft).ok());
        QVERIFY(!store.load(u"T-2"_s));
    }

    void versionsAreNewestFirstPerTicket() {
        DraftStore store(*m_cache);
        const QDateTime base = QDateTime::currentDateTimeUtc();
        QList<qint64> ids;
        for (int i = 0; i < 3; ++i) {
            DraftVersion version;
            version.ticketId = u"T-1"_s;
            version.createdAt = base.addSecs(i);
            version.status =
                i == 1 ? DraftVersion::Status::Stopped : DraftVersion::Status::Complete;
            version.prompt = u"prompt %1"_s.arg(i);
            version.response = response(u"message %1"_s.arg(i), 0.5 + i * 0.1);
            const Result<qint64> id = store.addVersion(version);
            QVERIFY(id.ok());
            ids.append(id.value());
        }
        DraftVersion other;
        other.ticketId = u"T-9"_s;
        other.response.message = u"elsewhere"_s;
        QVERIFY(store.addVersion(other).ok());

        const QList<DraftVersion> versions = store.versions(u"T-1"_s);
        QCOMPARE(versions.size(), 3);
        QCOMPARE(versions.at(0).id, ids.at(2));
        QCOMPARE(versions.at(0).response.message, u"message 2"_s);
        QCOMPARE(versions.at(1).status, DraftVersion::Status::Stopped);
        QCOMPARE(versions.at(2).prompt, u"prompt 0"_s);
        QCOMPARE(versions.at(0).response, response(u"message 2"_s, 0.7));
        const std::optional<DraftVersion> one = store.version(ids.at(1));
        QVERIFY(one);
        QCOMPARE(one->ticketId, u"T-1"_s);
        QVERIFY(!store.version(99999));
    }

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<CacheStore> m_cache;
};

QTEST_GUILESS_MAIN(TestDraftStore)
#include "tst_draftstore.moc"
