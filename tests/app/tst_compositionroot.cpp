// SPDX-License-Identifier: GPL-3.0-or-later
// Start-up decisions: demo on first start, the user's cache otherwise, and clear failures.
#include "app/CompositionRoot.h"
#include "storage/CacheStore.h"
#include "ui/itemmodels/TicketTableModel.h"
#include "ui/main/MainWindow.h"

#include <QFile>
#include <QLabel>
#include <QSettings>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

CommandLine::Options options(const QString &dataDir, bool demo) {
    CommandLine::Options options;
    options.dataDir = dataDir;
    options.demo = demo;
    return options;
}

} // namespace

class TestCompositionRoot : public QObject {
    Q_OBJECT

private slots:
    void firstStartWithoutCrmOpensTheDemo();
    void configuredCrmWithEmptyCacheDoesNotLoadTheDemo();
    void databaseFromANewerVersionIsRefusedUntouched();
    void unreadableDatabaseIsMovedAsideAndTheUserIsTold();
};

void TestCompositionRoot::firstStartWithoutCrmOpensTheDemo() {
    QTemporaryDir dir;
    CompositionRoot root(options(dir.path(), false));
    const Result<void> started = root.start();
    QVERIFY2(started.ok(), qPrintable(started.ok() ? QString() : started.error().toString()));
    QCOMPARE(root.dataDirectory(), dir.path());
    QVERIFY(root.mainWindow()->isVisible());
    QVERIFY(root.mainWindow()->windowTitle().contains(u"Demo workspace"_s));
    auto *workspace = root.mainWindow()->findChild<QLabel *>(u"workspaceStatus"_s);
    QVERIFY(workspace);
    QCOMPARE(workspace->text(), u"Demo workspace"_s);
    QVERIFY(root.mainWindow()->ticketModel()->rowCount() >= 40);
}

void TestCompositionRoot::configuredCrmWithEmptyCacheDoesNotLoadTheDemo() {
    QTemporaryDir dir;
    {
        QSettings settings(dir.filePath(u"settings.ini"_s), QSettings::IniFormat);
        settings.setValue(u"crm/baseUrl"_s, u"https://crm.example"_s);
    }
    CompositionRoot root(options(dir.path(), false));
    QVERIFY(root.start().ok());
    QCOMPARE(root.mainWindow()->ticketModel()->rowCount(), 0);
    QVERIFY(!root.mainWindow()->windowTitle().contains(u"Demo"_s));
}

void TestCompositionRoot::databaseFromANewerVersionIsRefusedUntouched() {
    QTemporaryDir dir;
    const QString path = dir.filePath(u"outreachgpt.sqlite"_s);
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"newer"_s);
        db.setDatabaseName(path);
        QVERIFY(db.open());
        QSqlQuery(db).exec(u"PRAGMA user_version = %1"_s.arg(CacheStore::SchemaVersion + 5));
        db.close();
    }
    QSqlDatabase::removeDatabase(u"newer"_s);
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray before = file.readAll();
    file.close();

    CompositionRoot root(options(dir.path(), false));
    const Result<void> started = root.start();
    QVERIFY(!started.ok());
    QCOMPARE(started.error().code(), OutreachError::Code::Storage);
    QVERIFY2(started.error().message().contains(u"newer"_s), qPrintable(started.error().message()));
    QVERIFY(root.mainWindow() == nullptr);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), before);
}

void TestCompositionRoot::unreadableDatabaseIsMovedAsideAndTheUserIsTold() {
    QTemporaryDir dir;
    const QString path = dir.filePath(u"outreachgpt.sqlite"_s);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    const QByteArray garbage(8192, '\x5a');
    file.write(garbage);
    file.close();

    CompositionRoot root(options(dir.path(), false));
    QVERIFY(root.start().ok());
    const QString aside = root.cache()->recoveredFrom();
    QVERIFY(!aside.isEmpty());
    QFile moved(aside);
    QVERIFY(moved.open(QIODevice::ReadOnly));
    QCOMPARE(moved.readAll(), garbage);
    auto *notice = root.mainWindow()->findChild<QLabel *>(u"noticeText"_s);
    QVERIFY(notice);
    QVERIFY(notice->isVisible());
    QVERIFY2(notice->text().contains(aside), qPrintable(notice->text()));
}

QTEST_MAIN(TestCompositionRoot)
#include "tst_compositionroot.moc"
