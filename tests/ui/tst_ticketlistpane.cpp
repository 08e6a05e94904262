// SPDX-License-Identifier: GPL-3.0-or-later
// The ticket list on its own, over the demo workspace in a real cache: what it tells the window
// (the count for the status bar, the current ticket, a refiltered list) and its notice bar.
#include "storage/CacheStore.h"
#include "storage/DemoWorkspace.h"
#include "support/ChildWidget.h"
#include "ui/itemmodels/TicketTableModel.h"
#include "ui/main/TicketListPane.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

using namespace Qt::StringLiterals;

class TestTicketListPane : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void summaryCountsTheVisibleTickets();
    void reopeningAMissingTicketSelectsTheFirstRow();
    void noticeShowsUntilDismissed();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<CacheStore> m_cache;
};

void TestTicketListPane::init() {
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    auto cache = CacheStore::open(m_dir->filePath(u"cache.sqlite"_s));
    QVERIFY2(cache.ok(), qPrintable(cache.ok() ? QString() : cache.error().toString()));
    m_cache = std::move(cache).value();
    const auto loaded = DemoWorkspace::load(*m_cache);
    QVERIFY2(loaded.ok(), qPrintable(loaded.ok() ? QString() : loaded.error().toString()));
}

void TestTicketListPane::cleanup() {
    m_cache.reset();
    m_dir.reset();
}

void TestTicketListPane::summaryCountsTheVisibleTickets() {
    TicketListPane pane(*m_cache);
    QSignalSpy summaries(&pane, &TicketListPane::summaryChanged);
    QSignalSpy loaded(&pane, &TicketListPane::ticketsLoaded);
    QSignalSpy filtered(&pane, &TicketListPane::filterChanged);
    pane.reloadTickets();
    // The demo workspace fits in the first page: no background load, no "Loading…".
    QVERIFY(!pane.isLoading());
    QCOMPARE(loaded.count(), 1);
    const int total = m_cache->ticketCount();
    QVERIFY(!summaries.isEmpty());
    QCOMPARE(summaries.last().at(0).toString(), u"%1 ticket(s)"_s.arg(total));

    auto *priority = child<QComboBox>(&pane, u"priorityFilter"_s);
    priority->setCurrentIndex(priority->findText(u"High or urgent"_s));
    QCOMPARE(filtered.count(), 1);
    const int visible = pane.model()->rowCount();
    QVERIFY(visible > 0 && visible < total);
    QCOMPARE(summaries.last().at(0).toString(), u"%1 of %2 ticket(s)"_s.arg(visible).arg(total));

    pane.resetFilters();
    QCOMPARE(pane.model()->rowCount(), total);
    QCOMPARE(summaries.last().at(0).toString(), u"%1 ticket(s)"_s.arg(total));
}

void TestTicketListPane::reopeningAMissingTicketSelectsTheFirstRow() {
    TicketListPane pane(*m_cache);
    pane.reloadTickets();
    QSignalSpy current(&pane, &TicketListPane::currentRowChanged);
    pane.reopenTicket(u"no-such-ticket"_s);
    const QString first = pane.model()->ticketId(0);
    QCOMPARE(pane.selectedTicketId(), first);
    QCOMPARE(current.count(), 1);
    QCOMPARE(current.last().at(0).toString(), first);

    const QString last = pane.model()->ticketId(pane.model()->rowCount() - 1);
    pane.reopenTicket(last);
    QCOMPARE(pane.selectedTicketId(), last);
    QCOMPARE(current.last().at(0).toString(), last);
}

void TestTicketListPane::noticeShowsUntilDismissed() {
    TicketListPane pane(*m_cache);
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    auto *bar = child<QWidget>(&pane, u"noticeBar"_s);
    QVERIFY(!bar->isVisible());
    pane.showNotice(u"The database was moved aside."_s);
    QVERIFY(bar->isVisible());
    QCOMPARE(child<QLabel>(&pane, u"noticeText"_s)->text(), u"The database was moved aside."_s);
    QToolButton *dismiss = bar->findChild<QToolButton *>();
    QVERIFY(dismiss);
    QCOMPARE(dismiss->text(), u"Dismiss"_s);
    QTest::mouseClick(dismiss, Qt::LeftButton);
    QVERIFY(!bar->isVisible());
}

QTEST_MAIN(TestTicketListPane)
#include "tst_ticketlistpane.moc"
