// SPDX-License-Identifier: GPL-3.0-or-later
// Over 500 lines because the window lays out its panes and builds its menus and actions in one
// place (buildUi and buildMenus are half of it). What the window does lives in the panes it hosts
// (TicketDetailPane, ComposePane, EffectivenessView); what is left here is layout, wiring and the
// saved window state, and splitting that would only scatter the wiring.
#include "ui/main/MainWindow.h"

#include "storage/CacheStore.h"
#include "ui/compose/ComposeController.h"
#include "ui/compose/ComposePane.h"
#include "ui/compose/ComposeSession.h"
#include "ui/effectiveness/EffectivenessView.h"
#include "ui/itemmodels/TicketFilter.h"
#include "ui/itemmodels/TicketTableModel.h"
#include "ui/main/TicketDetailPane.h"
#include "ui/main/TicketTableDelegate.h"
#include "ui/widgets/ThemeColors.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDialog>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QIcon>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>
#include <QtConcurrent>

#ifdef __GLIBC__
#include <malloc.h>
#endif

using namespace Qt::StringLiterals;

namespace {

const auto GeometryKey = u"ui/mainWindow/geometry"_s;
const auto StateKey = u"ui/mainWindow/state"_s;
const auto SplitterKey = u"ui/mainWindow/splitter"_s;
// The panes' own splitters (context over timeline, editor over details), by object name.
const QString InnerSplitters[] = {u"detailSplitter"_s, u"composeSplitter"_s};
const auto HeaderKey = u"ui/ticketList/header"_s;
const auto SelectedKey = u"ui/ticketList/selectedTicket"_s;

} // namespace

MainWindow::MainWindow(CacheStore &cache, QSettings &settings, QWidget *parent)
    : QMainWindow(parent)
    , m_cache(cache)
    , m_settings(settings) {
    setObjectName(u"mainWindow"_s);
    setWindowIcon(QIcon(u":/icons/outreachgpt.svg"_s));
    buildUi();
    buildMenus();
    reloadTickets();
    restoreUiState();
    updateTitle();
}

MainWindow::~MainWindow() = default;

void MainWindow::buildUi() {
    m_model = new TicketTableModel(this);

    m_search = new QLineEdit;
    m_search->setObjectName(u"ticketSearch"_s);
    m_search->setPlaceholderText(tr("Search title, description, prospect, company or ID"));
    m_search->setAccessibleName(tr("Search tickets"));
    m_search->setClearButtonEnabled(true);
    connect(m_search, &QLineEdit::textChanged, this, &MainWindow::applyFilter);

    m_statusFilter = new QComboBox;
    m_statusFilter->setObjectName(u"statusFilter"_s);
    m_statusFilter->setAccessibleName(tr("Status filter"));
    m_statusFilter->addItem(tr("Any status"), TicketFilter::allStatuses);
    m_statusFilter->addItem(tr("Open or pending"),
                            TicketFilter::bit(Ticket::Status::Open)
                                | TicketFilter::bit(Ticket::Status::Pending));
    for (const auto status : {Ticket::Status::Open, Ticket::Status::Pending, Ticket::Status::Won,
                              Ticket::Status::Lost, Ticket::Status::Closed})
        m_statusFilter->addItem(Ticket::statusLabel(status), TicketFilter::bit(status));
    connect(m_statusFilter, &QComboBox::currentIndexChanged, this, &MainWindow::applyFilter);

    m_priorityFilter = new QComboBox;
    m_priorityFilter->setObjectName(u"priorityFilter"_s);
    m_priorityFilter->setAccessibleName(tr("Priority filter"));
    m_priorityFilter->addItem(tr("Any priority"), TicketFilter::allPriorities);
    m_priorityFilter->addItem(tr("High or urgent"),
                              TicketFilter::bit(Ticket::Priority::High)
                                  | TicketFilter::bit(Ticket::Priority::Urgent));
    for (const auto priority : {Ticket::Priority::Urgent, Ticket::Priority::High,
                                Ticket::Priority::Normal, Ticket::Priority::Low})
        m_priorityFilter->addItem(Ticket::priorityLabel(priority), TicketFilter::bit(priority));
    connect(m_priorityFilter, &QComboBox::currentIndexChanged, this, &MainWindow::applyFilter);

    m_countLabel = new QLabel;
    m_countLabel->setObjectName(u"ticketCount"_s);
    connect(m_model, &TicketTableModel::countsChanged, this, &MainWindow::updateCounts);

    auto *filterBar = new QHBoxLayout;
    filterBar->addWidget(m_search, 1);
    filterBar->addWidget(m_statusFilter);
    filterBar->addWidget(m_priorityFilter);

    m_table = new QTableView;
    m_table->setObjectName(u"ticketTable"_s);
    m_table->setAccessibleName(tr("Tickets"));
    m_table->setModel(m_model);
    m_table->setItemDelegate(new TicketTableDelegate(m_table));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->setShowGrid(false);
    m_table->setTabKeyNavigation(false);
    m_table->verticalHeader()->hide();
    // Fixed row heights keep layout O(1) per row, which matters with 100,000 tickets.
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
    QHeaderView *header = m_table->horizontalHeader();
    header->setSectionsMovable(true);
    header->setHighlightSections(false);
    header->setStretchLastSection(false);
    // Set the indicator before enabling sorting, which sorts by whatever the indicator says.
    header->setSortIndicator(m_model->sortColumn(), m_model->sortOrder());
    m_table->setSortingEnabled(true);
    const int charWidth = fontMetrics().averageCharWidth();
    const std::pair<int, int> widths[] = {
        {TicketTableModel::IdColumn, 9},        {TicketTableModel::TitleColumn, 44},
        {TicketTableModel::StatusColumn, 10},   {TicketTableModel::PriorityColumn, 10},
        {TicketTableModel::CategoryColumn, 16}, {TicketTableModel::ProspectColumn, 20},
        {TicketTableModel::CompanyColumn, 24},  {TicketTableModel::AssigneeColumn, 16},
        {TicketTableModel::UpdatedColumn, 18},
    };
    for (const auto &[column, chars] : widths)
        header->resizeSection(column, chars * charWidth);
    m_table->viewport()->installEventFilter(this);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &MainWindow::showCurrentTicket);

    m_noticeText = new QLabel;
    m_noticeText->setObjectName(u"noticeText"_s);
    m_noticeText->setWordWrap(true);
    m_noticeText->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *dismiss = new QToolButton;
    dismiss->setText(tr("Dismiss"));
    dismiss->setAutoRaise(true);
    m_noticeBar = new QWidget;
    m_noticeBar->setObjectName(u"noticeBar"_s);
    m_noticeBar->setAutoFillBackground(true);
    applyNoticePalette();
    auto *noticeLayout = new QHBoxLayout(m_noticeBar);
    noticeLayout->addWidget(m_noticeText, 1);
    noticeLayout->addWidget(dismiss);
    m_noticeBar->hide();
    connect(dismiss, &QToolButton::clicked, m_noticeBar, &QWidget::hide);

    auto *listPane = new QWidget;
    auto *listLayout = new QVBoxLayout(listPane);
    listLayout->setContentsMargins(6, 6, 0, 0);
    listLayout->addWidget(m_noticeBar);
    listLayout->addLayout(filterBar);
    listLayout->addWidget(m_table, 1);

    m_detail = new TicketDetailPane;
    m_detail->setObjectName(u"ticketDetailPane"_s);

    m_composeController = new ComposeController(m_cache, m_settings, this);
    m_compose = new ComposePane(*m_composeController);
    m_compose->setObjectName(u"composePane"_s);
    connect(m_compose, &ComposePane::contextActivated, m_detail,
            &TicketDetailPane::highlightContext);
    connect(m_compose, &ComposePane::settingsRequested, this, &MainWindow::settingsRequested);
    connect(m_compose, &ComposePane::statusMessage, this, &MainWindow::showStatusMessage);
    connect(m_composeController, &ComposeController::storageFailed, this,
            [this](const QString &message) {
                showNotice(
                    tr("Your draft could not be saved to the local database: %1").arg(message));
            });

    m_splitter = new QSplitter(Qt::Horizontal);
    m_splitter->setObjectName(u"mainSplitter"_s);
    m_splitter->addWidget(listPane);
    m_splitter->addWidget(m_detail);
    m_splitter->addWidget(m_compose);
    m_splitter->setStretchFactor(0, 4);
    m_splitter->setStretchFactor(1, 3);
    m_splitter->setStretchFactor(2, 4);
    m_splitter->setChildrenCollapsible(false);
    setCentralWidget(m_splitter);

    m_workspaceStatus = new QLabel;
    m_workspaceStatus->setObjectName(u"workspaceStatus"_s);
    m_connectionStatus = new QLabel(tr("Offline — working from the local cache"));
    m_connectionStatus->setObjectName(u"connectionStatus"_s);
    m_outboxStatus = new QToolButton;
    m_outboxStatus->setObjectName(u"outboxStatus"_s);
    m_outboxStatus->setAutoRaise(true);
    m_outboxStatus->setToolTip(tr("Show the writes the CRM refused, with Retry"));
    m_outboxStatus->hide();
    connect(m_outboxStatus, &QToolButton::clicked, this, &MainWindow::outboxDetailsRequested);
    statusBar()->addWidget(m_countLabel);
    statusBar()->addPermanentWidget(m_outboxStatus);
    statusBar()->addPermanentWidget(m_connectionStatus);
    statusBar()->addPermanentWidget(m_workspaceStatus);

    setTabOrder(m_search, m_statusFilter);
    setTabOrder(m_statusFilter, m_priorityFilter);
    setTabOrder(m_priorityFilter, m_table);
    setTabOrder(m_table, m_detail);
    setTabOrder(m_detail, m_compose);
    resize(1440, 860);
}

void MainWindow::buildMenus() {
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *settings = file->addAction(QIcon(u":/icons/actions/settings.svg"_s), tr("&Settings…"),
                                        this, [this] { emit settingsRequested(0); });
    settings->setObjectName(u"settingsAction"_s);
    settings->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Comma));
    settings->setMenuRole(QAction::PreferencesRole);
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
    quit->setMenuRole(QAction::QuitRole);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    QAction *find = view->addAction(tr("&Find Tickets"), this, [this] {
        m_search->setFocus(Qt::ShortcutFocusReason);
        m_search->selectAll();
    });
    find->setShortcut(QKeySequence::Find);
    QAction *list = view->addAction(tr("Go to Ticket &List"), this,
                                    [this] { m_table->setFocus(Qt::ShortcutFocusReason); });
    list->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    QAction *reset = view->addAction(tr("&Reset Filters"), this, &MainWindow::resetFilters);
    reset->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    view->addSeparator();
    m_syncAction = view->addAction(tr("&Sync Now"), this, &MainWindow::syncRequested);
    m_syncAction->setObjectName(u"syncAction"_s);
    m_syncAction->setShortcut(QKeySequence::Refresh);
    m_syncAction->setEnabled(false);
    m_syncAction->setToolTip(tr("No CRM is configured: the app works from the local cache."));

    view->addSeparator();
    QAction *effectiveness =
        view->addAction(tr("&Effectiveness…"), this, &MainWindow::showEffectiveness);
    effectiveness->setObjectName(u"effectivenessAction"_s);
    effectiveness->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_I));
    view->addSeparator();
    view->addAction(m_compose->focusPromptAction());
    view->addAction(m_compose->focusMessageAction());

    QMenu *message = menuBar()->addMenu(tr("&Message"));
    message->setObjectName(u"messageMenu"_s);
    message->addAction(m_compose->generateAction());
    message->addAction(m_compose->stopAction());
    message->addAction(m_compose->regenerateAction());
    message->addMenu(m_compose->templatesMenu());
    message->addSeparator();
    message->addAction(m_compose->copyAction());
    message->addAction(m_compose->mailAction());
    message->addSeparator();
    message->addAction(m_compose->saveAction());
    message->addAction(m_compose->markSentAction());

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    QAction *about = help->addAction(tr("&About OutreachGPT"), this, [this] {
        auto *box = new QMessageBox(
            QMessageBox::Information, tr("About OutreachGPT"),
            tr("<b>OutreachGPT %1</b><p>Personalised sales outreach, drafted from your CRM's "
               "context.</p><p>Data folder: %2</p><p>This program is free software: you can "
               "redistribute it and/or modify it under the terms of the GNU General Public "
               "License as published by the Free Software Foundation, either version 3 of the "
               "License, or (at your option) any later version. It comes with ABSOLUTELY NO "
               "WARRANTY; see the <a href=\"https://www.gnu.org/licenses/gpl-3.0.html\">GNU "
               "General Public License</a> for details.</p>")
                .arg(QCoreApplication::applicationVersion(), m_cache.path().toHtmlEscaped()),
            QMessageBox::Ok, this);
        box->setObjectName(u"aboutBox"_s);
        box->setTextFormat(Qt::RichText);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    });
    about->setMenuRole(QAction::AboutRole);
}

namespace {

struct LoadedTickets {
    std::shared_ptr<const TicketTableModel::Snapshot> snapshot;
    QString error;
};

// Runs on a worker thread, so it opens its own connection: Qt Sql connections are per thread.
LoadedTickets readAllTickets(const QString &databasePath) {
    auto cache = CacheStore::open(databasePath);
    if (!cache.ok())
        return {nullptr, cache.error().message()};
    const CacheStore &store = *cache.value();
    auto built = TicketTableModel::build(
        [&store](const auto &sink) { return store.forEachTicketRow(sink); });
    if (!built.ok())
        return {nullptr, built.error().message()};
    return {std::move(built).value(), {}};
}

} // namespace

void MainWindow::reloadTickets() {
    const QString selected = selectedTicketId();
    const int generation = ++m_loadGeneration;
    // Reading 100k tickets takes most of a second: paint the newest ones first.
    const Result<void> firstPage = m_model->load(
        [this](const auto &sink) { return m_cache.forEachTicketRow(sink, FirstPageSize); });
    if (!firstPage.ok()) {
        showNotice(tr("The ticket list could not be read from the local cache: %1")
                       .arg(firstPage.error().message()));
        return;
    }
    if (!selected.isEmpty() && !selectTicket(selected))
        m_pendingSelection = selected;
    if (m_model->totalCount() < FirstPageSize) {
        m_pendingSelection.clear();
        setLoading(false);
        emit ticketsLoaded();
        return;
    }

    setLoading(true);
    auto *watcher = new QFutureWatcher<LoadedTickets>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, generation] {
        watcher->deleteLater();
        if (generation != m_loadGeneration)
            return; // a newer reload is under way
        const LoadedTickets loaded = watcher->result();
        adoptFullList(loaded.snapshot, loaded.error);
    });
    watcher->setFuture(QtConcurrent::run(readAllTickets, m_cache.path()));
}

void MainWindow::adoptFullList(const std::shared_ptr<const TicketTableModel::Snapshot> &snapshot,
                               const QString &error) {
    setLoading(false);
    if (!snapshot) {
        showNotice(tr("Only the %n newest ticket(s) could be read from the local cache: %1",
                      nullptr, m_model->totalCount())
                       .arg(error));
        return;
    }
    // The rep may have picked a ticket while the rest loaded; otherwise reopen the one the
    // window was closed on, which may not have been among the newest.
    QString selected = selectedTicketId();
    if (!m_pendingSelection.isEmpty() && selected == m_provisionalSelection)
        selected = m_pendingSelection;
    m_pendingSelection.clear();
    m_model->adopt(snapshot);
#ifdef __GLIBC__
    // The worker's arena still holds the load's scratch memory (query buffers, growing vectors);
    // give it back so the idle app stays small.
    malloc_trim(0);
#endif
    if (!selected.isEmpty())
        selectTicket(selected);
    emit ticketsLoaded();
}

void MainWindow::setLoading(bool loading) {
    m_loading = loading;
    if (loading)
        m_countLabel->setText(tr("Loading tickets…"));
    else
        updateCounts(m_model->rowCount(), m_model->totalCount());
}

void MainWindow::setWorkspaceName(const QString &name) {
    m_workspaceName = name;
    m_workspaceStatus->setText(name);
    updateTitle();
}

void MainWindow::showNotice(const QString &text) {
    m_noticeText->setText(text);
    m_noticeBar->show();
}

QString MainWindow::selectedTicketId() const {
    const QModelIndex current = m_table->selectionModel()->currentIndex();
    return current.isValid() ? m_model->ticketId(current.row()) : QString();
}

bool MainWindow::selectTicket(const QString &ticketId) {
    const int row = m_model->rowOfTicket(ticketId);
    if (row < 0)
        return false;
    const QModelIndex index = m_model->index(row, TicketTableModel::TitleColumn);
    m_table->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect
                                                          | QItemSelectionModel::Rows);
    m_table->scrollTo(index);
    return true;
}

void MainWindow::applyFilter() {
    TicketFilter filter;
    filter.setText(m_search->text());
    filter.setStatuses(m_statusFilter->currentData().toUInt());
    filter.setPriorities(m_priorityFilter->currentData().toUInt());
    m_model->setFilter(filter);
    // The selection follows its ticket; if the ticket was filtered out, the pane says so.
    if (!m_table->selectionModel()->currentIndex().isValid() && !m_detail->ticketId().isEmpty())
        m_detail->clear();
}

void MainWindow::resetFilters() {
    m_search->clear();
    m_statusFilter->setCurrentIndex(0);
    m_priorityFilter->setCurrentIndex(0);
}

void MainWindow::showCurrentTicket() {
    const QString id = selectedTicketId();
    if (id.isEmpty()) {
        m_detail->clear();
        m_compose->setTicket(QString());
        emit currentTicketChanged(QString());
        return;
    }
    if (id == m_detail->ticketId())
        return;
    m_compose->setTicket(id);
    m_settings.setValue(SelectedKey, id);
    emit currentTicketChanged(id);
    const std::optional<Ticket> ticket = m_cache.ticket(id);
    if (!ticket) {
        m_detail->clear();
        return;
    }
    m_detail->showTicket(*ticket, m_cache.project(ticket->projectId),
                         m_cache.prospect(ticket->prospectId), m_cache.interactions(id));
}

void MainWindow::setConnectionStatus(const QString &text, const QString &toolTip) {
    m_connectionStatus->setText(text);
    m_connectionStatus->setToolTip(toolTip);
}

void MainWindow::setOutboxCounts(int pending, int failed) {
    QStringList parts;
    if (pending > 0)
        parts.append(tr("%n write(s) waiting for the CRM", nullptr, pending));
    if (failed > 0)
        parts.append(tr("%n write(s) refused by the CRM", nullptr, failed));
    m_outboxStatus->setText(parts.join(u" · "_s));
    m_outboxStatus->setVisible(!parts.isEmpty());
}

void MainWindow::showEffectiveness() {
    if (!m_effectivenessWindow) {
        m_effectivenessWindow = new QDialog(this);
        m_effectivenessWindow->setObjectName(u"effectivenessWindow"_s);
        m_effectivenessWindow->setWindowTitle(tr("Effectiveness — OutreachGPT"));
        m_effectiveness = new EffectivenessView(m_cache, m_effectivenessWindow);
        m_effectiveness->setObjectName(u"effectivenessView"_s);
        auto *layout = new QVBoxLayout(m_effectivenessWindow);
        layout->addWidget(m_effectiveness);
        m_effectivenessWindow->resize(980, 680);
        // Fresh figures after every recorded outcome and every sync.
        connect(m_compose, &ComposePane::outcomeRecorded, m_effectiveness,
                &EffectivenessView::reload);
        connect(this, &MainWindow::ticketsLoaded, m_effectiveness, &EffectivenessView::reload);
    } else {
        m_effectiveness->reload();
    }
    m_effectivenessWindow->show();
    m_effectivenessWindow->raise();
    m_effectivenessWindow->activateWindow();
}

void MainWindow::showStatusMessage(const QString &text) {
    statusBar()->showMessage(text, 6000);
}

void MainWindow::setSyncAvailable(bool available) {
    m_syncAction->setEnabled(available);
    m_syncAction->setToolTip(available
                                 ? tr("Fetch the tickets changed in the CRM since the last sync.")
                                 : tr("No CRM is configured: the app works from the local cache."));
}

void MainWindow::showContext(const OutreachContext &context) {
    // A fresh context also tells that ticket's draft what it may say (do-not-contact, email).
    if (ComposeSession *session = m_composeController->existingSession(context.ticket.id))
        session->setContext(context);
    if (context.ticket.id != selectedTicketId())
        return;
    m_detail->showTicket(context.ticket, context.project, context.prospect, context.interactions);
    m_detail->setContextSource(context.sourceDescription(),
                               context.source == OutreachContext::Source::Cache);
}

void MainWindow::showContextError(const QString &ticketId, const OutreachError &error) {
    if (ticketId != selectedTicketId())
        return;
    m_detail->setContextSource(error.codeName() + u": "_s + error.message(), true);
}

void MainWindow::updateCounts(int visible, int total) {
    if (m_loading)
        return;
    m_countLabel->setText(visible == total ? tr("%n ticket(s)", nullptr, total)
                                           : tr("%1 of %n ticket(s)", nullptr, total).arg(visible));
}

void MainWindow::updateTitle() {
    setWindowTitle(m_workspaceName.isEmpty() ? u"OutreachGPT"_s
                                             : u"%1 — OutreachGPT"_s.arg(m_workspaceName));
}

void MainWindow::restoreUiState() {
    restoreGeometry(m_settings.value(GeometryKey).toByteArray());
    restoreState(m_settings.value(StateKey).toByteArray());
    m_splitter->restoreState(m_settings.value(SplitterKey).toByteArray());
    for (const QString &name : InnerSplitters) {
        if (auto *splitter = findChild<QSplitter *>(name))
            splitter->restoreState(m_settings.value(u"ui/splitters/"_s + name).toByteArray());
    }
    QHeaderView *header = m_table->horizontalHeader();
    if (header->restoreState(m_settings.value(HeaderKey).toByteArray()))
        m_table->sortByColumn(header->sortIndicatorSection(), header->sortIndicatorOrder());
    // Reopen on the ticket the rep last looked at; on a first start, on the newest one.
    const QString selected = m_settings.value(SelectedKey).toString();
    if ((selected.isEmpty() || !selectTicket(selected)) && m_model->rowCount() > 0) {
        if (m_loading && !selected.isEmpty())
            m_pendingSelection = selected;
        m_provisionalSelection = m_model->ticketId(0);
        selectTicket(m_provisionalSelection);
    }
}

void MainWindow::saveUiState() const {
    m_settings.setValue(GeometryKey, saveGeometry());
    m_settings.setValue(StateKey, saveState());
    m_settings.setValue(SplitterKey, m_splitter->saveState());
    for (const QString &name : InnerSplitters) {
        if (const auto *splitter = findChild<QSplitter *>(name))
            m_settings.setValue(u"ui/splitters/"_s + name, splitter->saveState());
    }
    m_settings.setValue(HeaderKey, m_table->horizontalHeader()->saveState());
    const QString selected = selectedTicketId();
    if (!selected.isEmpty())
        m_settings.setValue(SelectedKey, selected);
    m_settings.sync();
}

void MainWindow::closeEvent(QCloseEvent *event) {
    m_composeController->flushAll();
    saveUiState();
    QMainWindow::closeEvent(event);
}

void MainWindow::applyNoticePalette() {
    m_noticeBar->setPalette(ThemeColors::bannerPalette(palette(), ThemeColors::Tone::Caution));
}

void MainWindow::changeEvent(QEvent *event) {
    // Light and dark follow the system, also when it switches while the app runs.
    if (event->type() == QEvent::PaletteChange && m_noticeBar)
        applyNoticePalette();
    QMainWindow::changeEvent(event);
}

bool MainWindow::eventFilter(QObject *watched, QEvent *event) {
    if (!m_listShown && watched == m_table->viewport() && event->type() == QEvent::Paint) {
        m_listShown = true;
        // Emitted after this paint has been handled, so "shown" means on screen.
        QMetaObject::invokeMethod(this, &MainWindow::ticketListShown, Qt::QueuedConnection);
    }
    return QMainWindow::eventFilter(watched, event);
}
