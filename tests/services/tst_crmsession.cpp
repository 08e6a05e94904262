// SPDX-License-Identifier: GPL-3.0-or-later
// CrmSession::Settings: what is read from the settings and the environment, that save() writes
// back exactly what load() reads, and that the session builds the connector the kind names.
#include "crm/TicketSync.h"
#include "storage/CacheStore.h"
#include "workspace/CrmSession.h"

#include <QFile>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

class TestCrmSession : public QObject {
    Q_OBJECT

private slots:
    void defaultsWithoutSettings() {
        QTemporaryDir dir;
        QSettings settings(dir.filePath(u"s.ini"_s), QSettings::IniFormat);
        const CrmSession::Settings loaded =
            CrmSession::Settings::load(settings, QProcessEnvironment());
        QVERIFY(!loaded.configured());
        QCOMPARE(loaded.interactionLimit, 50);
        QCOMPARE(loaded.syncIntervalMinutes, 15);
    }

    void saveWritesWhatLoadReads() {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"s.ini"_s);
        CrmSession::Settings original;
        original.baseUrl = QUrl(u"https://crm.example.com/api"_s);
        original.interactionLimit = 120;
        original.syncIntervalMinutes = 0;
        original.kind = CrmConnector::Kind::HubSpot;
        original.hubSpotLogAs = HubSpotConnector::LogAs::Note;
        {
            QSettings settings(path, QSettings::IniFormat);
            original.save(settings);
            settings.beginGroup(u"crm"_s);
            QStringList keys = settings.childKeys();
            keys.sort();
            QCOMPARE(keys, (QStringList{u"baseUrl"_s, u"hubspotLogAs"_s, u"interactionLimit"_s,
                                        u"kind"_s, u"syncIntervalMinutes"_s}));
        }
        QSettings reread(path, QSettings::IniFormat);
        const CrmSession::Settings loaded =
            CrmSession::Settings::load(reread, QProcessEnvironment());
        QCOMPARE(loaded.baseUrl, original.baseUrl);
        QCOMPARE(loaded.interactionLimit, 120);
        QCOMPARE(loaded.syncIntervalMinutes, 0);
        QCOMPARE(loaded.kind, CrmConnector::Kind::HubSpot);
        QCOMPARE(loaded.hubSpotLogAs, HubSpotConnector::LogAs::Note);
        QVERIFY(loaded == original);
        QVERIFY(loaded.configured());
    }

    void anotherCrmsTicketsAreClearedButTheRepsRecordsStay() {
        QTemporaryDir dir;
        auto cache = CacheStore::open(dir.filePath(u"cache.sqlite"_s));
        QVERIFY(cache.ok());
        CacheStore &store = **cache;
        CrmSession::Settings rest;
        rest.baseUrl = QUrl(u"https://crm.example.com"_s);
        {
            CrmSession first(store, rest);
            QCOMPARE(first.claimCache().value(), false); // a fresh cache: nothing to clear
        }
        Ticket ticket;
        ticket.id = u"T-1"_s;
        ticket.title = u"Angebot"_s;
        ticket.projectId = u"P-1"_s;
        ticket.prospectId = u"C-1"_s;
        ticket.createdAt = ticket.updatedAt = QDateTime::currentDateTimeUtc();
        QVERIFY(store.upsertTickets({ticket}).ok());
        QVERIFY(store.setMeta(QString::fromLatin1(TicketSync::HighWaterKey), u"2026-01-01"_s).ok());
        QVERIFY(store.setMeta(u"rep/own"_s, u"kept"_s).ok());
        {
            CrmSession same(store, rest); // the same CRM again: kept
            QCOMPARE(same.claimCache().value(), false);
            QVERIFY(store.ticket(u"T-1"_s));
        }
        CrmSession::Settings hubSpot;
        hubSpot.kind = CrmConnector::Kind::HubSpot;
        CrmSession other(store, hubSpot);
        QCOMPARE(other.claimCache().value(), true);
        QVERIFY(!store.ticket(u"T-1"_s));
        QVERIFY(store.meta(QString::fromLatin1(TicketSync::HighWaterKey)).isEmpty());
        QCOMPARE(store.meta(u"rep/own"_s), u"kept"_s);
        QCOMPARE(store.meta(QString::fromLatin1(CrmSession::WorkspaceKey)), hubSpot.workspaceId());
        QVERIFY(!hubSpot.workspaceId().contains(u"hubapi"_s)); // a digest, not the address
        QVERIFY(hubSpot.workspaceId() != rest.workspaceId());
        QCOMPARE(hubSpot.workspaceName(), u"HubSpot"_s);
        QCOMPARE(rest.workspaceName(), u"crm.example.com"_s);
    }

    void hubSpotNeedsNoAddressAndTheKindCanBeOverridden() {
        QTemporaryDir dir;
        QSettings settings(dir.filePath(u"s.ini"_s), QSettings::IniFormat);
        QProcessEnvironment environment;
        const CrmSession::Settings rest = CrmSession::Settings::load(settings, environment);
        QCOMPARE(rest.kind, CrmConnector::Kind::RestV1);
        QVERIFY(!rest.configured()); // REST API v1 has no address of its own

        const CrmSession::Settings fromCommandLine =
            CrmSession::Settings::load(settings, environment, {}, u"hubspot"_s);
        QCOMPARE(fromCommandLine.kind, CrmConnector::Kind::HubSpot);
        QVERIFY(fromCommandLine.configured());
        QCOMPARE(fromCommandLine.effectiveUrl(), QUrl(u"https://api.hubapi.com"_s));

        environment.insert(QString::fromLatin1(CrmSession::KindVariable), u"HubSpot"_s);
        environment.insert(QString::fromLatin1(CrmSession::UrlVariable), u"http://127.0.0.1:9"_s);
        const CrmSession::Settings fromEnvironment =
            CrmSession::Settings::load(settings, environment);
        QCOMPARE(fromEnvironment.kind, CrmConnector::Kind::HubSpot);
        QCOMPARE(fromEnvironment.effectiveUrl(), QUrl(u"http://127.0.0.1:9"_s));
        // The command line wins over the environment, for this run only.
        QCOMPARE(CrmSession::Settings::load(settings, environment, {}, u"rest"_s).kind,
                 CrmConnector::Kind::RestV1);
        QVERIFY(!settings.contains(u"crm/kind"_s));

        auto cache = CacheStore::open(dir.filePath(u"cache.sqlite"_s));
        QVERIFY(cache.ok());
        CrmSession session(**cache, fromCommandLine);
        QCOMPARE(session.connector().kind(), CrmConnector::Kind::HubSpot);
        QCOMPARE(session.connector().baseUrl(), QUrl(u"https://api.hubapi.com"_s));
    }

    void environmentAndOverrideWinButAreNotSaved() {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"s.ini"_s);
        QSettings settings(path, QSettings::IniFormat);
        CrmSession::Settings stored;
        stored.baseUrl = QUrl(u"https://crm.example.com"_s);
        stored.save(settings);

        QProcessEnvironment environment;
        environment.insert(QString::fromLatin1(CrmSession::UrlVariable),
                           u"https://staging.example.com"_s);
        QCOMPARE(CrmSession::Settings::load(settings, environment).baseUrl,
                 QUrl(u"https://staging.example.com"_s));
        QCOMPARE(CrmSession::Settings::load(settings, environment, u"http://127.0.0.1:9"_s).baseUrl,
                 QUrl(u"http://127.0.0.1:9"_s));
        settings.sync();
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray written = file.readAll();
        QVERIFY(!written.contains("staging"));
        QVERIFY(!written.contains("127.0.0.1"));
    }

    void outOfRangeValuesAreClamped() {
        QTemporaryDir dir;
        QSettings settings(dir.filePath(u"s.ini"_s), QSettings::IniFormat);
        CrmSession::Settings wild;
        wild.interactionLimit = 0;
        wild.syncIntervalMinutes = 100000;
        wild.save(settings);
        const CrmSession::Settings loaded =
            CrmSession::Settings::load(settings, QProcessEnvironment());
        QCOMPARE(loaded.interactionLimit, 1);
        QCOMPARE(loaded.syncIntervalMinutes, 24 * 60);
    }
};

QTEST_GUILESS_MAIN(TestCrmSession)
#include "tst_crmsession.moc"
