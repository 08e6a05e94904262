// SPDX-License-Identifier: GPL-3.0-or-later
// CrmSession::Settings: what is read from the settings and the environment, and that save()
// writes back exactly what load() reads.
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
        {
            QSettings settings(path, QSettings::IniFormat);
            original.save(settings);
            settings.beginGroup(u"crm"_s);
            QStringList keys = settings.childKeys();
            keys.sort();
            QCOMPARE(keys,
                     (QStringList{u"baseUrl"_s, u"interactionLimit"_s, u"syncIntervalMinutes"_s}));
        }
        QSettings reread(path, QSettings::IniFormat);
        const CrmSession::Settings loaded =
            CrmSession::Settings::load(reread, QProcessEnvironment());
        QCOMPARE(loaded.baseUrl, original.baseUrl);
        QCOMPARE(loaded.interactionLimit, 120);
        QCOMPARE(loaded.syncIntervalMinutes, 0);
        QVERIFY(loaded.configured());
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
