// SPDX-License-Identifier: GPL-3.0-or-later
// GUI tests on the real main window, with the demo workspace loaded into a real cache.
#include "activity/ActivityTracker.h"
#include "activity/EffectivenessFeed.h"
#include "activity/EffectivenessStats.h"
#include "domain/TextFolding.h"
#include "storage/CacheStore.h"
#include "storage/DemoWorkspace.h"
#include "support/ChildWidget.h"
#include "ui/compose/ComposeController.h"
#include "ui/compose/HistoryPanel.h"
#include "ui/effectiveness/EffectivenessView.h"
#include "ui/itemmodels/InteractionListModel.h"
#include "ui/itemmodels/TicketTableModel.h"
#include "ui/main/MainWindow.h"
#include "ui/main/TicketDetailPane.h"

#include <QComboBox>
#include <QDialog>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QTabBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>
#include <QToolButton>
#include <QTreeWidget>

using namespace Qt::StringLiterals;

class TestMainWindow : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void showsEveryCachedTicket();
    void typingNarrowsTheList();
    void searchIgnoresCaseAndAccents();
    void quickFiltersRestrictStatusAndPriority();
    void selectingARowFillsTheDetailPane();
    void selectionFollowsItsTicketThroughFilterAndSort();
    void layoutSortAndSelectionPersistAcrossRestarts();
    void sortingByEveryColumnKeepsAllRows();
    void largeListPaintsTheNewestFirstAndLoadsTheRestInTheBackground();
    void aboutBoxStatesTheLicence();
    void theComposeAreaTabsFromTheRequestToTheMessage();
    void theComposeButtonsSayWhatTheirActionsSay();
    void aLongHistoryIsReadPageByPageAsTheRepScrolls();
    void effectivenessIsReadWhenOutcomesChangeNotOnTicketLoads();
    void theDemoWorkspaceShowsTheRepsEarlierMessagesOnFirstStart();

private:
    std::unique_ptr<MainWindow> makeWindow();
    static QTableView *ticketView(const MainWindow &window);
    static QLineEdit *searchField(const MainWindow &window);
    static TicketDetailPane *detailPane(const MainWindow &window);
    int clickRowOf(MainWindow &window, const QString &ticketId);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<CacheStore> m_cache;
    std::unique_ptr<QSettings> m_settings;
};

void TestMainWindow::init() {
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    auto cache = CacheStore::open(m_dir->filePath(u"cache.sqlite"_s));
    QVERIFY2(cache.ok(), qPrintable(cache.ok() ? QString() : cache.error().toString()));
    m_cache = std::move(cache).value();
    const auto loaded = DemoWorkspace::load(*m_cache);
    QVERIFY2(loaded.ok(), qPrintable(loaded.ok() ? QString() : loaded.error().toString()));
    m_settings =
        std::make_unique<QSettings>(m_dir->filePath(u"settings.ini"_s), QSettings::IniFormat);
}

void TestMainWindow::cleanup() {
    m_settings.reset();
    m_cache.reset();
    m_dir.reset();
}

std::unique_ptr<MainWindow> TestMainWindow::makeWindow() {
    auto window = std::make_unique<MainWindow>(*m_cache, *m_settings);
    window->show();
    if (!QTest::qWaitForWindowExposed(window.get()))
        return nullptr;
    return window;
}

QTableView *TestMainWindow::ticketView(const MainWindow &window) {
    return child<QTableView>(&window, u"ticketTable"_s);
}

QLineEdit *TestMainWindow::searchField(const MainWindow &window) {
    return child<QLineEdit>(&window, u"ticketSearch"_s);
}

TicketDetailPane *TestMainWindow::detailPane(const MainWindow &window) {
    return child<TicketDetailPane>(&window, u"ticketDetailPane"_s);
}

int TestMainWindow::clickRowOf(MainWindow &window, const QString &ticketId) {
    const int row = window.ticketModel()->rowOfTicket(ticketId);
    if (row < 0)
        return row;
    QTableView *table = ticketView(window);
    const QModelIndex index = window.ticketModel()->index(row, TicketTableModel::TitleColumn);
    table->scrollTo(index);
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, table->visualRect(index).center());
    return row;
}

void TestMainWindow::showsEveryCachedTicket() {
    auto window = makeWindow();
    QVERIFY(window);
    const int total = m_cache->ticketCount();
    QVERIFY(total >= 40);
    QCOMPARE(window->ticketModel()->rowCount(), total);
    QCOMPARE(ticketView(*window)->verticalHeader()->count(), total);
    QCOMPARE(window->ticketModel()->columnCount(), int(TicketTableModel::ColumnCount));
    // Default order: most recently updated first.
    const QDateTime first =
        window->ticketModel()->index(0, 0).data(TicketTableModel::UpdatedAtRole).toDateTime();
    const QDateTime last = window->ticketModel()
                               ->index(total - 1, 0)
                               .data(TicketTableModel::UpdatedAtRole)
                               .toDateTime();
    QVERIFY(first >= last);
}

void TestMainWindow::typingNarrowsTheList() {
    auto window = makeWindow();
    QVERIFY(window);
    TicketTableModel *model = window->ticketModel();
    const int total = model->rowCount();

    // Pick a word from one ticket's title, so the test does not depend on the demo's wording.
    const QString title = model->index(0, TicketTableModel::TitleColumn).data().toString();
    QString word;
    for (const QString &candidate : title.split(u' ', Qt::SkipEmptyParts)) {
        if (candidate.size() > word.size())
            word = candidate;
    }
    QVERIFY(word.size() >= 4);

    QTest::keyClicks(searchField(*window), word.left(2));
    const int afterTwo = model->rowCount();
    QTest::keyClicks(searchField(*window), word.mid(2));
    const int afterWord = model->rowCount();
    QVERIFY(afterWord >= 1);
    QVERIFY(afterWord <= afterTwo);
    QVERIFY(afterWord < total);
    QCOMPARE(ticketView(*window)->verticalHeader()->count(), afterWord);

    // Every row left really contains the word somewhere the search looks.
    const QByteArray needle = TextFolding::fold(word);
    for (int row = 0; row < model->rowCount(); ++row) {
        const auto ticket = m_cache->ticket(model->ticketId(row));
        QVERIFY(ticket);
        const auto prospect = m_cache->prospect(ticket->prospectId);
        const QString haystack = ticket->id + u' ' + ticket->title + u' ' + ticket->description
                                 + u' ' + (prospect ? prospect->prospect.name : QString()) + u' '
                                 + (prospect ? prospect->prospect.company : QString());
        QVERIFY2(TextFolding::fold(haystack).contains(needle), qPrintable(ticket->id));
    }

    searchField(*window)->clear();
    QCOMPARE(model->rowCount(), total);

    QTest::keyClicks(searchField(*window), u"zzqqxx-no-such-ticket"_s);
    QCOMPARE(model->rowCount(), 0);
}

void TestMainWindow::searchIgnoresCaseAndAccents() {
    // Find a prospect whose name has a non-ASCII letter, and search for it typed plainly.
    QString accentedName;
    QString ticketId;
    const auto scanned = m_cache->forEachTicketRow([&](TicketRow &&row) {
        if (accentedName.isEmpty() && TextFolding::fold(row.prospectName).size() > 0
            && row.prospectName.toLatin1() != row.prospectName.toUtf8()) {
            accentedName = row.prospectName;
            ticketId = row.id;
        }
    });
    QVERIFY(scanned.ok());
    QVERIFY2(!accentedName.isEmpty(), "the demo workspace should have a non-ASCII prospect name");

    auto window = makeWindow();
    QVERIFY(window);
    const QString plain = QString::fromUtf8(TextFolding::fold(accentedName)).toUpper();
    QTest::keyClicks(searchField(*window), plain);
    QVERIFY2(window->ticketModel()->rowOfTicket(ticketId) >= 0,
             qPrintable(u"searching %1 should find %2 (%3)"_s.arg(plain, ticketId, accentedName)));
}

void TestMainWindow::quickFiltersRestrictStatusAndPriority() {
    auto window = makeWindow();
    QVERIFY(window);
    TicketTableModel *model = window->ticketModel();
    const int total = model->rowCount();
    auto *status = window->findChild<QComboBox *>(u"statusFilter"_s);
    auto *priority = window->findChild<QComboBox *>(u"priorityFilter"_s);
    QVERIFY(status && priority);

    status->setCurrentIndex(status->findText(Ticket::statusLabel(Ticket::Status::Won)));
    QVERIFY(model->rowCount() > 0);
    QVERIFY(model->rowCount() < total);
    for (int row = 0; row < model->rowCount(); ++row)
        QCOMPARE(model->index(row, 0).data(TicketTableModel::StatusRole).toInt(),
                 int(Ticket::Status::Won));

    status->setCurrentIndex(0);
    priority->setCurrentIndex(priority->findText(Ticket::priorityLabel(Ticket::Priority::Urgent)));
    QVERIFY(model->rowCount() > 0);
    for (int row = 0; row < model->rowCount(); ++row)
        QCOMPARE(model->index(row, 0).data(TicketTableModel::PriorityRole).toInt(),
                 int(Ticket::Priority::Urgent));

    priority->setCurrentIndex(0);
    QCOMPARE(model->rowCount(), total);
}

void TestMainWindow::selectingARowFillsTheDetailPane() {
    auto window = makeWindow();
    QVERIFY(window);
    TicketDetailPane *pane = detailPane(*window);
    // A first start opens on the most recently updated ticket.
    QCOMPARE(pane->ticketId(), window->ticketModel()->ticketId(0));

    const QString id = window->ticketModel()->ticketId(3);
    QVERIFY(clickRowOf(*window, id) >= 0);
    QCOMPARE(window->selectedTicketId(), id);
    QCOMPARE(pane->ticketId(), id);

    const auto ticket = m_cache->ticket(id);
    QVERIFY(ticket);
    const QString details = pane->detailsText();
    QVERIFY2(details.contains(ticket->title), qPrintable(details));
    const auto project = m_cache->project(ticket->projectId);
    QVERIFY(project);
    QVERIFY(details.contains(project->name));
    const auto prospect = m_cache->prospect(ticket->prospectId);
    QVERIFY(prospect);
    QVERIFY(details.contains(prospect->prospect.name));
    if (!prospect->preferences.tone.isEmpty())
        QVERIFY(details.contains(prospect->preferences.tone));

    const QList<Interaction> expected = m_cache->interactions(id);
    QVERIFY(!expected.isEmpty());
    InteractionListModel *timeline = pane->interactionModel();
    QCOMPARE(timeline->rowCount(), expected.size());
    for (int row = 1; row < timeline->rowCount(); ++row) {
        QVERIFY(timeline->index(row - 1).data(InteractionListModel::OccurredAtRole).toDateTime()
                >= timeline->index(row).data(InteractionListModel::OccurredAtRole).toDateTime());
    }

    // Keyboard: moving down selects the next ticket and the pane follows.
    ticketView(*window)->setFocus();
    const int row = window->ticketModel()->rowOfTicket(id);
    QTest::keyClick(ticketView(*window), Qt::Key_Down);
    QCOMPARE(pane->ticketId(), window->ticketModel()->ticketId(row + 1));
}

void TestMainWindow::selectionFollowsItsTicketThroughFilterAndSort() {
    auto window = makeWindow();
    QVERIFY(window);
    TicketTableModel *model = window->ticketModel();
    const QString id = model->ticketId(5);
    QVERIFY(window->selectTicket(id));

    ticketView(*window)->sortByColumn(TicketTableModel::IdColumn, Qt::AscendingOrder);
    QCOMPARE(window->selectedTicketId(), id);
    QCOMPARE(detailPane(*window)->ticketId(), id);

    // Searching for its own id keeps it selected; a search that excludes it clears the pane.
    QTest::keyClicks(searchField(*window), id);
    QCOMPARE(window->selectedTicketId(), id);
    searchField(*window)->clear();
    QTest::keyClicks(searchField(*window), u"zzqqxx-no-such-ticket"_s);
    QCOMPARE(window->selectedTicketId(), QString());
    QCOMPARE(detailPane(*window)->ticketId(), QString());
}

void TestMainWindow::layoutSortAndSelectionPersistAcrossRestarts() {
    QString selected;
    QByteArray headerState;
    {
        auto window = makeWindow();
        QVERIFY(window);
        ticketView(*window)->sortByColumn(TicketTableModel::ProspectColumn, Qt::DescendingOrder);
        QHeaderView *header = ticketView(*window)->horizontalHeader();
        header->resizeSection(TicketTableModel::TitleColumn, 321);
        header->moveSection(header->visualIndex(TicketTableModel::CompanyColumn), 1);
        selected = window->ticketModel()->ticketId(7);
        QVERIFY(window->selectTicket(selected));
        window->close();
    }
    auto window = makeWindow();
    QVERIFY(window);
    QHeaderView *header = ticketView(*window)->horizontalHeader();
    QCOMPARE(header->sortIndicatorSection(), int(TicketTableModel::ProspectColumn));
    QCOMPARE(header->sortIndicatorOrder(), Qt::DescendingOrder);
    QCOMPARE(window->ticketModel()->sortColumn(), int(TicketTableModel::ProspectColumn));
    QCOMPARE(window->ticketModel()->sortOrder(), Qt::DescendingOrder);
    QCOMPARE(header->sectionSize(TicketTableModel::TitleColumn), 321);
    QCOMPARE(header->visualIndex(TicketTableModel::CompanyColumn), 1);
    QCOMPARE(window->selectedTicketId(), selected);
    QCOMPARE(detailPane(*window)->ticketId(), selected);
}

void TestMainWindow::sortingByEveryColumnKeepsAllRows() {
    auto window = makeWindow();
    QVERIFY(window);
    TicketTableModel *model = window->ticketModel();
    const int total = model->rowCount();
    QHeaderView *header = ticketView(*window)->horizontalHeader();
    for (int column = 0; column < TicketTableModel::ColumnCount; ++column) {
        for (int click = 0; click < 2; ++click) {
            const int x = header->sectionViewportPosition(column) + header->sectionSize(column) / 2;
            QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, QPoint(x, 5));
            QCOMPARE(model->sortColumn(), column);
            QCOMPARE(model->rowCount(), total);
        }
    }
}

void TestMainWindow::largeListPaintsTheNewestFirstAndLoadsTheRestInTheBackground() {
    // More tickets than the first page: the oldest ones only arrive from the worker thread.
    const int extra = MainWindow::FirstPageSize + 700;
    QList<Ticket> tickets;
    const QDateTime oldest(QDate(2020, 1, 1), QTime(8, 0), Qt::UTC);
    for (int i = 0; i < extra; ++i) {
        Ticket ticket;
        ticket.id = u"X-%1"_s.arg(i);
        ticket.title = u"Archived question %1"_s.arg(i);
        ticket.projectId = u"P-101"_s;
        ticket.prospectId = u"C-301"_s;
        ticket.createdAt = oldest;
        ticket.updatedAt = oldest.addSecs(i);
        tickets.append(ticket);
    }
    QVERIFY(m_cache->upsertTickets(tickets).ok());
    const int total = m_cache->ticketCount();
    // The rep last looked at one of the oldest tickets, which is not in the first page.
    m_settings->setValue(u"ui/ticketList/selectedTicket"_s, u"X-3"_s);

    // No events are processed between construction and the checks below, so the worker's
    // result cannot have been adopted yet.
    auto window = std::make_unique<MainWindow>(*m_cache, *m_settings);
    QSignalSpy loaded(window.get(), &MainWindow::ticketsLoaded);
    QVERIFY(window->isLoadingTickets());
    QCOMPARE(window->ticketModel()->totalCount(), int(MainWindow::FirstPageSize));
    // Newest first: the demo tickets (2026) lead, the archived ones are still missing.
    QVERIFY(window->ticketModel()->rowOfTicket(u"X-3"_s) < 0);

    window->show();
    QVERIFY(loaded.wait(30000));
    QVERIFY(!window->isLoadingTickets());
    QCOMPARE(window->ticketModel()->totalCount(), total);
    QCOMPARE(window->ticketModel()->rowCount(), total);
    QCOMPARE(window->selectedTicketId(), u"X-3"_s);
    QCOMPARE(detailPane(*window)->ticketId(), u"X-3"_s);

    // Search covers the late arrivals too.
    QTest::keyClicks(searchField(*window), u"archived question 1199"_s);
    QCOMPARE(window->ticketModel()->rowCount(), 1);
}

void TestMainWindow::aboutBoxStatesTheLicence() {
    const std::unique_ptr<MainWindow> window = makeWindow();
    QVERIFY(window);
    QAction *about = nullptr;
    for (QAction *action : window->findChildren<QAction *>()) {
        if (action->menuRole() == QAction::AboutRole)
            about = action;
    }
    QVERIFY(about);
    about->trigger();
    auto *box = window->findChild<QMessageBox *>(u"aboutBox"_s);
    QVERIFY(box);
    QVERIFY(box->text().contains(u"GNU General Public License"_s));
    QVERIFY(box->text().contains(u"version 3"_s));
    QVERIFY(box->text().contains(u"any later version"_s));
    box->close();
}

void TestMainWindow::theComposeAreaTabsFromTheRequestToTheMessage() {
    const std::unique_ptr<MainWindow> window = makeWindow();
    QVERIFY(window);
    QVERIFY(!window->selectedTicketId().isEmpty());
    auto *compose = child<QWidget>(window.get(), u"composePane"_s);
    auto *first = child<QWidget>(compose, u"presetBox"_s);
    // The compose area's widgets Tab can reach, in the order it reaches them: the request, then
    // the message, then the message line's buttons, the message's actions and the tabs below.
    // The tab widget's own scroll buttons are Qt's business.
    QStringList order{first->objectName()};
    for (QWidget *widget = first->nextInFocusChain(); widget != first;
         widget = widget->nextInFocusChain()) {
        if ((widget->focusPolicy() & Qt::TabFocus) && compose->isAncestorOf(widget)
            && !widget->objectName().startsWith(u"qt_"_s)
            && !qobject_cast<QTabBar *>(widget->parentWidget()))
            order.append(widget->objectName());
    }
    const QStringList expected{u"presetBox"_s,
                               u"toneBox"_s,
                               u"lengthBox"_s,
                               u"promptEdit"_s,
                               u"generateButton"_s,
                               u"stopButton"_s,
                               u"templateButton"_s,
                               u"subjectEdit"_s,
                               u"bodyEdit"_s,
                               u"inlineMessageAction"_s,
                               u"inlineMessageSecondary"_s,
                               u"inlineMessageClose"_s,
                               u"copyButton"_s,
                               u"mailButton"_s,
                               u"saveButton"_s,
                               u"markSentButton"_s,
                               u"composeTabs"_s,
                               u"metadataScroll"_s,
                               u"metadataUsedContext"_s,
                               u"historyTree"_s,
                               u"restoreVersionButton"_s,
                               u"outcome1"_s,
                               u"outcome2"_s,
                               u"outcome3"_s,
                               u"outcome4"_s,
                               u"outcome5"_s,
                               u"coachingScroll"_s,
                               u"coachingSelectSentence"_s};
    QCOMPARE(order, expected);
}

void TestMainWindow::theComposeButtonsSayWhatTheirActionsSay() {
    const std::unique_ptr<MainWindow> window = makeWindow();
    QVERIFY(window);
    auto *compose = child<QWidget>(window.get(), u"composePane"_s);
    for (const QString &name :
         {u"generate"_s, u"stop"_s, u"copy"_s, u"mail"_s, u"save"_s, u"markSent"_s}) {
        auto *action = child<QAction>(compose, name + u"Action"_s);
        auto *button = child<QToolButton>(compose, name + u"Button"_s);
        // Why an action cannot work shows on its button too.
        QVERIFY2(!action->toolTip().isEmpty(), qPrintable(name));
        QCOMPARE(button->toolTip(), action->toolTip());
        QCOMPARE(button->isEnabled(), action->isEnabled());
    }
}

void TestMainWindow::aLongHistoryIsReadPageByPageAsTheRepScrolls() {
    // 1,000 more entries on one ticket, newer than its own, in runs of five with equal times.
    QString ticketId;
    QVERIFY(m_cache->forEachTicketRow([&](TicketRow &&row) { ticketId = row.id; }, 1).ok());
    QVERIFY(!ticketId.isEmpty());
    const int own = m_cache->interactionCount(ticketId);
    QList<Interaction> added;
    const QDateTime newest(QDate(2027, 6, 1), QTime(12, 0), QTimeZone::utc());
    for (int i = 0; i < 1000; ++i) {
        Interaction entry;
        entry.id = u"I-long-%1"_s.arg((i * 389) % 1000, 4, 10, QLatin1Char('0'));
        entry.ticketId = ticketId;
        entry.type = Interaction::Type::Note;
        entry.direction = Interaction::Direction::Internal;
        entry.occurredAt = newest.addSecs(-60 * (i / 5));
        entry.content = u"Entry %1 of a long history"_s.arg(i);
        added.append(entry);
    }
    QVERIFY(m_cache->upsertInteractions(added).ok());
    const int total = own + 1000;
    const QList<Interaction> expected = m_cache->interactions(ticketId);
    QCOMPARE(expected.size(), total);

    auto window = makeWindow();
    QVERIFY(window);
    QVERIFY(window->selectTicket(ticketId));
    TicketDetailPane *pane = detailPane(*window);
    QCOMPARE(pane->ticketId(), ticketId);
    InteractionListModel *timeline = pane->interactionModel();
    // Only the first page is read when the ticket opens, and the title says how much there is.
    QCOMPARE(timeline->rowCount(), InteractionListModel::DefaultPageSize);
    QCOMPARE(timeline->pagesRead(), 1);
    QCOMPARE(timeline->totalCount(), total);
    auto *title = child<QLabel>(pane, u"timelineTitle"_s);
    QCOMPARE(title->text(),
             u"Interactions (%1 of %2)"_s.arg(QLocale().toString(100), QLocale().toString(total)));

    // Scrolling to the end of what is shown brings the next page, and only that one.
    auto *view = child<QListView>(pane, u"interactionTimeline"_s);
    QScrollBar *bar = view->verticalScrollBar();
    QTRY_VERIFY(bar->maximum() > bar->pageStep()); // laid out, in batches
    for (int before = -1; before != bar->maximum();) {
        before = bar->maximum();
        QTest::qWait(50);
    }
    QCOMPARE(timeline->pagesRead(), 1);
    bar->setValue(bar->maximum());
    QTRY_COMPARE(timeline->rowCount(), 2 * InteractionListModel::DefaultPageSize);
    QCOMPARE(timeline->pagesRead(), 2);

    // On to the end: the cache's order, newest first, nothing twice and nothing missing.
    while (timeline->canFetchMore({}))
        timeline->fetchMore({});
    QCOMPARE(timeline->rowCount(), total);
    QCOMPARE(timeline->interactions(), expected);
    QCOMPARE(title->text(), u"Interactions (%1)"_s.arg(total));

    // Another ticket starts again from its own first page.
    const int row = window->ticketModel()->rowOfTicket(ticketId);
    const QString other = window->ticketModel()->ticketId(row == 0 ? 1 : 0);
    QVERIFY(window->selectTicket(other));
    QCOMPARE(pane->ticketId(), other);
    QCOMPARE(timeline->interactions(),
             m_cache->interactions(other, InteractionListModel::DefaultPageSize));
    QCOMPARE(timeline->pagesRead(), 1);
}

void TestMainWindow::effectivenessIsReadWhenOutcomesChangeNotOnTicketLoads() {
    auto window = makeWindow();
    QVERIFY(window);
    const QString ticketId = window->ticketModel()->ticketId(0);
    ActivityTracker &tracker = window->composeController()->tracker();
    OutreachActivity activity;
    activity.messageId = u"M-effectiveness"_s;
    activity.subject = u"A demo next week?"_s;
    activity.content = u"Hi Lee,\n\nShall we book 30 minutes?\n"_s;
    activity.metadata.preset = u"follow_up"_s;
    activity.createdAt = QDateTime::currentDateTimeUtc().addDays(-2);
    QVERIFY(tracker.addOutreachActivity(ticketId, activity).ok());
    QVERIFY(tracker
                .recordOutcome(ticketId, activity.messageId, ActivityTracker::Milestone::Sent,
                               activity.createdAt)
                .ok());

    window->showEffectiveness();
    auto *dialog = window->findChild<QDialog *>(u"effectivenessWindow"_s);
    QVERIFY(dialog);
    auto *view = dialog->findChild<EffectivenessView *>();
    QVERIFY(view);
    QTRY_VERIFY_WITH_TIMEOUT(!view->isLoading(), 20000);
    QCOMPARE(view->feed().readsStarted(), 1);
    QCOMPARE(view->summary(), EffectivenessStats::load(*m_cache).value());
    const int replies = view->summary().overall.replies;

    // Opening tickets, reloading the list and showing the view again read nothing.
    for (int row = 0; row < 5; ++row) {
        QVERIFY(window->selectTicket(window->ticketModel()->ticketId(row)));
        QCoreApplication::processEvents();
    }
    QSignalSpy loaded(window.get(), &MainWindow::ticketsLoaded);
    window->reloadTickets();
    QTRY_VERIFY(!window->isLoadingTickets());
    dialog->hide();
    window->showEffectiveness();
    QCoreApplication::processEvents();
    QCOMPARE(view->feed().readsStarted(), 1);

    // An outcome recorded in the message's history: read once more, and it shows.
    QVERIFY(window->selectTicket(ticketId));
    auto *history = window->findChild<HistoryPanel *>(u"historyPanel"_s);
    QVERIFY(history);
    QVERIFY(history->selectSavedMessage(activity.messageId));
    QPushButton *replied = history->outcomeButton(ActivityTracker::Milestone::RepliedPositive);
    QVERIFY(replied && replied->isEnabled());
    QTest::mouseClick(replied, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!view->isLoading(), 20000);
    QCOMPARE(view->feed().readsStarted(), 2);
    QCOMPARE(view->summary().overall.replies, replies + 1);
    QCOMPARE(view->summary(), EffectivenessStats::load(*m_cache).value());
}

// On a fresh demo workspace (init() loads it, as the first start does) the figures and a ticket's
// History tab show the seeded messages, rather than "no sent messages yet".
void TestMainWindow::theDemoWorkspaceShowsTheRepsEarlierMessagesOnFirstStart() {
    auto window = makeWindow();
    QVERIFY(window);
    window->showEffectiveness();
    auto *dialog = window->findChild<QDialog *>(u"effectivenessWindow"_s);
    QVERIFY(dialog);
    auto *view = dialog->findChild<EffectivenessView *>();
    QVERIFY(view);
    QTRY_VERIFY_WITH_TIMEOUT(!view->isLoading(), 20000);
    const EffectivenessStats::Group &all = view->summary().overall;
    QVERIFY(all.sent >= 25);
    QVERIFY(all.bounced > 0);
    QVERIFY(all.replies > 0);
    QVERIFY(all.meetings > 0);
    QVERIFY(!view->summary().weeks.isEmpty());
    auto *summary = child<QLabel>(view, u"effectivenessSummary"_s);
    QVERIFY(summary->isVisible());
    QVERIFY2(summary->text().contains(u"Sent: %1, bounced: %2"_s.arg(all.sent).arg(all.bounced)),
             qPrintable(summary->text()));
    const QString replyRate =
        EffectivenessStats::rateLabel(EffectivenessStats::Rate::Reply) + u": "_s
        + EffectivenessStats::formatProportion(all.rate(EffectivenessStats::Rate::Reply));
    QVERIFY2(summary->text().contains(replyRate), qPrintable(summary->text()));
    QVERIFY(!replyRate.contains(u"no data"_s));
    dialog->hide();

    // Zoë Müller's data-location ticket: an unanswered follow-up, then a meeting request that
    // booked a meeting, both listed in its History tab with how they went.
    QVERIFY(window->selectTicket(u"T-1005"_s));
    auto *history = window->findChild<HistoryPanel *>(u"historyPanel"_s);
    QVERIFY(history);
    QTRY_COMPARE(history->savedCount(), 2);
    QTreeWidget *tree = history->tree();
    QTreeWidgetItem *saved = tree->topLevelItem(0);
    QVERIFY(saved);
    QCOMPARE(saved->childCount(), 2);
    // Newest first.
    QVERIFY2(saved->child(0)->text(2).startsWith(u"30 Minuten zur Datenlokation"_s),
             qPrintable(saved->child(0)->text(2)));
    QCOMPARE(saved->child(0)->text(1), u"Saved · sent · replied (positive) · meeting booked"_s);
    QVERIFY2(saved->child(1)->text(2).startsWith(u"Betriebsrat"_s),
             qPrintable(saved->child(1)->text(2)));
    QCOMPARE(saved->child(1)->text(1), u"Saved · sent"_s);

    // A bounce shows as one.
    QVERIFY(window->selectTicket(u"T-1029"_s));
    QTRY_COMPARE(history->savedCount(), 1);
    QCOMPARE(history->tree()->topLevelItem(0)->child(0)->text(1), u"Saved · bounced"_s);

    // The do-not-contact prospect's ticket has no messages.
    QVERIFY(window->selectTicket(u"T-1039"_s));
    QTRY_COMPARE(history->savedCount(), 0);
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
