// SPDX-License-Identifier: GPL-3.0-or-later
// DataDirectory: where the app's state lives, and that a folder it cannot use is reported, not
// silently replaced by another.

#include "storage/DataDirectory.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

class TestDataDirectory : public QObject {
    Q_OBJECT

private slots:
    void overridePathIsCreatedAndHoldsEverything() {
        QTemporaryDir root;
        QVERIFY(root.isValid());
        const QString wanted = root.filePath(u"nested/data dir Zoë"_s);
        QVERIFY(!QFileInfo::exists(wanted));

        auto opened = DataDirectory::open(wanted);
        QVERIFY2(opened, opened ? "" : qPrintable(opened.error().toString()));
        const DataDirectory &dir = opened.value();
        QVERIFY(QFileInfo(wanted).isDir());
        QCOMPARE(dir.path(), QDir::cleanPath(wanted));
        QCOMPARE(QFileInfo(dir.databasePath()).absolutePath(), dir.path());
        QCOMPARE(QFileInfo(dir.databasePath()).fileName(), u"outreachgpt.sqlite"_s);
        QCOMPARE(QFileInfo(dir.settingsPath()).absolutePath(), dir.path());
        QCOMPARE(QFileInfo(dir.settingsPath()).fileName(), u"settings.ini"_s);
        // The writability probe leaves nothing behind.
        QCOMPARE(QDir(wanted).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden),
                 QStringList());
    }

    void relativeOverrideBecomesAbsolute() {
        QTemporaryDir root;
        QVERIFY(root.isValid());
        const QString previous = QDir::currentPath();
        QVERIFY(QDir::setCurrent(root.path()));
        const QString expected = QDir::current().absoluteFilePath(u"state"_s);
        auto opened = DataDirectory::open(u"./rel/../state"_s);
        QVERIFY(QDir::setCurrent(previous));
        QVERIFY2(opened, opened ? "" : qPrintable(opened.error().toString()));
        QCOMPARE(opened->path(), expected);
        QVERIFY(QFileInfo(expected).isDir());
    }

    void settingsAreWrittenToTheIniFileInside() {
        QTemporaryDir root;
        QVERIFY(root.isValid());
        auto opened = DataDirectory::open(root.filePath(u"data"_s));
        QVERIFY(opened);
        {
            std::unique_ptr<QSettings> settings = opened->settings();
            QCOMPARE(settings->format(), QSettings::IniFormat);
            QCOMPARE(settings->fileName(), opened->settingsPath());
            settings->setValue(u"model/base_url"_s, u"http://127.0.0.1:8080/v1"_s);
            settings->setValue(u"ui/greeting"_s, u"Grüße, Zoë"_s);
            settings->sync();
            QCOMPARE(settings->status(), QSettings::NoError);
        }
        QFile ini(opened->settingsPath());
        QVERIFY(ini.open(QIODevice::ReadOnly));
        const QByteArray text = ini.readAll();
        QVERIFY2(text.contains("base_url=http://127.0.0.1:8080/v1"), text.constData());

        // A second handle (as after a restart) reads the same values back.
        std::unique_ptr<QSettings> again = opened->settings();
        QCOMPARE(again->value(u"ui/greeting"_s).toString(), u"Grüße, Zoë"_s);
    }

    void pathUnderARegularFileIsAStorageError() {
        QTemporaryDir root;
        QVERIFY(root.isValid());
        const QString blocker = root.filePath(u"not-a-folder"_s);
        QFile file(blocker);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("x");
        file.close();

        auto opened = DataDirectory::open(blocker + u"/data"_s);
        QVERIFY(!opened);
        QCOMPARE(opened.error().code(), OutreachError::Code::Storage);
        QVERIFY2(opened.error().message().contains(QDir::toNativeSeparators(blocker + u"/data"_s)),
                 qPrintable(opened.error().message()));
        QVERIFY(QFileInfo(blocker).isFile());
    }

    void readOnlyFolderIsAStorageError() {
        // An existing folder in which no file can be created: the write probe, not mkpath, must
        // catch it. Read-only permission bits make one for a normal user. Root ignores them, so
        // where they are not enforced the folder is /proc, where the kernel lets no one create a
        // file: the same case, and it cannot pass by running as root.
        QTemporaryDir root;
        QVERIFY(root.isValid());
        QString locked = root.filePath(u"locked"_s);
        QVERIFY(QDir().mkpath(locked));
        QVERIFY(QFile::setPermissions(locked, QFile::ReadOwner | QFile::ExeOwner));
        const bool enforced = !QFileInfo(locked).isWritable();
        if (!enforced) {
            QFile::setPermissions(locked, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
#ifdef Q_OS_LINUX
            locked = u"/proc"_s;
            QVERIFY(QFileInfo(locked).isDir());
#else
            QSKIP("permission bits are not enforced for this user, and there is no /proc");
#endif
        }
        auto opened = DataDirectory::open(locked);
        if (enforced)
            QFile::setPermissions(locked, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        QVERIFY(!opened);
        QCOMPARE(opened.error().code(), OutreachError::Code::Storage);
        QVERIFY2(opened.error().message().contains(QDir::toNativeSeparators(locked)),
                 qPrintable(opened.error().message()));
        QVERIFY2(opened.error().message().contains(u"not writable"_s),
                 qPrintable(opened.error().message()));
    }

    void defaultIsTheAppDataLocation() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(u"OutreachGPT-tests"_s);
        QCoreApplication::setApplicationName(u"tst_datadirectory"_s);
        const QString expected = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
        auto opened = DataDirectory::open();
        QVERIFY2(opened, opened ? "" : qPrintable(opened.error().toString()));
        QCOMPARE(opened->path(), QDir::cleanPath(expected));
        QVERIFY(QFileInfo(expected).isDir());
        QDir(expected).removeRecursively();
    }
};

QTEST_GUILESS_MAIN(TestDataDirectory)
#include "tst_datadirectory.moc"
