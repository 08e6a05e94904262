// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/main/MainWindow.h"

#include "storage/CacheStore.h"
#include "ui/batch/BatchController.h"
#include "ui/batch/BatchPanel.h"
#include "ui/batch/BatchStartDialog.h"
#include "ui/compose/ComposeController.h"
#include "ui/compose/ComposePane.h"
#include "ui/compose/ComposeSession.h"
#include "ui/effectiveness/EffectivenessView.h"
#include "ui/itemmodels/TicketTableModel.h"
#include "ui/main/TicketDetailPane.h"
#include "ui/main/TicketListPane.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDialog>
#include <QIcon>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

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
    buildBatch();
    buildMenus();
    reloadTickets();
    restoreUiState();
    updateTitle();
    // A batch a quit or a crash interrupted is offered, never asked about in a modal dialog:
    // nothing may hold up the start.
    if (const std::optional<BatchJob> open = m_batch->resumableJob()) {
        m_batchPanel->offerResume(*open);
        m_batchResume->show();
    }
}

// The batch window shows the compose sessions' documents: it goes before they do.
MainWindow::~MainWindow() {
    delete m_batchPanel;
}

void MainWindow::buildUi() {
    m_list = new TicketListPane(m_cache);
    m_list->setObjectName(u"ticketListPane"_s);
    m_countLabel = new QLabel;
    m_countLabel->setObjectName(u"ticketCount"_s);
    connect(m_list, &TicketListPane::summaryChanged, m_countLabel, &QLabel::setText);
    connect(m_list, &TicketListPane::ticketListShown, this, &MainWindow::ticketListShown);
    connect(m_list, &TicketListPane::ticketsLoaded, this, &MainWindow::ticketsLoaded);
    connect(m_list, &TicketListPane::currentRowChanged, this, &MainWindow::showCurrentTicket);
    connect(m_list, &TicketListPane::filterChanged, this, [this] {
        // The selection follows its ticket; if that was filtered out, the detail pane says so.
        if (m_list->selectedTicketId().isEmpty() && !m_detail->ticketId().isEmpty())
            m_detail->clear();
    });

    m_detail = new TicketDetailPane;
    m_detail->setObjectName(u"ticketDetailPane"_s);

    m_composeController = new ComposeController(m_cache, m_settings, this);
    m_compose = new ComposePane(*m_composeController);
    m_compose->setObjectName(u"composePane"_s);
    connect(m_compose, &ComposePane::contextActivated, m_detail,
            &TicketDetailPane::highlightContext);
    connect(m_compose, &ComposePane::settingsRequested, this, &MainWindow::settingsRequested);
    connect(m_compose, &ComposePane::localServerSearchRequested, this,
            &MainWindow::localServerSearchRequested);
    connect(m_compose, &ComposePane::statusMessage, this, &MainWindow::showStatusMessage);
    connect(m_composeController, &ComposeController::storageFailed, this,
            [this](const QString &message) {
                showNotice(
                    tr("Your draft could not be saved to the local database: %1").arg(message));
            });

    m_splitter = new QSplitter(Qt::Horizontal);
    m_splitter->setObjectName(u"mainSplitter"_s);
    m_splitter->addWidget(m_list);
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

    setTabOrder(m_list->table(), m_detail);
    setTabOrder(m_detail, m_compose);
    resize(1440, 860);
}

void MainWindow::buildBatch() {
    m_batch = new BatchController(*m_composeController, this);
    m_batchPanel = new BatchPanel(*m_batch, this);
    m_batchPanel->hide();
    connect(m_batchPanel, &BatchPanel::statusMessage, this, &MainWindow::showStatusMessage);
    connect(m_batch, &BatchController::failed, this, [this](const QString &message) {
        showNotice(tr("The batch stopped: %1").arg(message));
    });
    connect(m_batch, &BatchController::progressChanged, this, &MainWindow::updateBatchStatus);
    connect(m_batch, &BatchController::runningChanged, this, [this](bool running) {
        if (running)
            m_batchResume->hide();
        updateBatchStatus();
    });

    m_batchStatus = new QLabel;
    m_batchStatus->setObjectName(u"batchStatus"_s);
    m_batchStatus->hide();
    m_batchResume = new QToolButton;
    m_batchResume->setObjectName(u"batchResumeOffer"_s);
    m_batchResume->setAutoRaise(true);
    m_batchResume->setText(tr("Unfinished batch: Resume…"));
    m_batchResume->setToolTip(tr("Show the batch that was left unfinished, with Resume"));
    m_batchResume->hide();
    connect(m_batchResume, &QToolButton::clicked, this, &MainWindow::showBatchPanel);
    statusBar()->addWidget(m_batchStatus);
    statusBar()->addWidget(m_batchResume);
}

void MainWindow::updateBatchStatus() {
    const bool running = m_batch->isRunning();
    if (running)
        m_batchStatus->setText(BatchPanel::statusLine(m_batch->progress()));
    m_batchStatus->setVisible(running);
}

void MainWindow::showBatchPanel() {
    m_batchPanel->show();
    m_batchPanel->raise();
    m_batchPanel->activateWindow();
}

void MainWindow::draftSelectedTickets() {
    const QStringList ids = m_list->selectedTicketIds();
    startBatch(ids, tr("%n selected ticket(s)", nullptr, int(ids.size())));
}

void MainWindow::draftShownTickets() {
    const QString filter = m_list->filterDescription();
    startBatch(m_list->shownTicketIds(),
               filter.isEmpty() ? tr("all tickets") : tr("filter: %1").arg(filter));
}

void MainWindow::startBatch(const QStringList &ticketIds, const QString &scope) {
    if (ticketIds.isEmpty()) {
        showStatusMessage(tr("Select the tickets to draft for first."));
        return;
    }
    if (m_batch->isRunning()) {
        showStatusMessage(tr("A batch is running already: pause or cancel it first."));
        showBatchPanel();
        return;
    }
    auto *dialog = new BatchStartDialog(int(ticketIds.size()), scope, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog, ticketIds] {
        const Result<qint64> started = m_batch->start(dialog->job(), ticketIds);
        if (!started.ok()) {
            showNotice(tr("The batch could not be started: %1").arg(started.error().message()));
            return;
        }
        showBatchPanel();
    });
    dialog->open();
}

void MainWindow::buildMenus() {
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_compose->saveEmlAction());
    file->addSeparator();
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
    QAction *find = view->addAction(tr("&Find Tickets"), m_list, &TicketListPane::focusSearch);
    find->setShortcut(QKeySequence::Find);
    QAction *list = view->addAction(tr("Go to Ticket &List"), m_list, &TicketListPane::focusTable);
    list->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    QAction *reset = view->addAction(tr("&Reset Filters"), m_list, &TicketListPane::resetFilters);
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
    message->addMenu(m_compose->rewriteMenu());
    message->addSeparator();
    message->addAction(m_compose->copyAction());
    message->addAction(m_compose->mailAction());
    message->addSeparator();
    message->addAction(m_compose->saveAction());
    message->addAction(m_compose->saveToDraftsAction());
    message->addAction(m_compose->markSentAction());
    message->addSeparator();
    message->addAction(m_compose->watchAction());
    message->addAction(m_compose->checkMailboxAction());

    QMenu *batch = menuBar()->addMenu(tr("&Batch"));
    batch->setObjectName(u"batchMenu"_s);
    QAction *selected = batch->addAction(tr("Draft for &Selected Tickets…"), this,
                                         &MainWindow::draftSelectedTickets);
    selected->setObjectName(u"draftSelectedAction"_s);
    selected->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_B));
    QAction *shown =
        batch->addAction(tr("Draft for &All Shown…"), this, &MainWindow::draftShownTickets);
    shown->setObjectName(u"draftShownAction"_s);
    batch->addSeparator();
    QAction *window = batch->addAction(tr("Show Batch &Window"), this, &MainWindow::showBatchPanel);
    window->setObjectName(u"showBatchAction"_s);
    window->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_B));
    batch->addAction(m_batchPanel->pauseAction());
    batch->addAction(m_batchPanel->resumeAction());
    batch->addAction(m_batchPanel->cancelAction());
    m_list->addContextActions({selected, shown});

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

void MainWindow::reloadTickets() {
    m_list->reloadTickets();
}

bool MainWindow::isLoadingTickets() const {
    return m_list->isLoading();
}

TicketTableModel *MainWindow::ticketModel() const {
    return m_list->model();
}

void MainWindow::setWorkspaceName(const QString &name) {
    m_workspaceName = name;
    m_workspaceStatus->setText(name);
    updateTitle();
}

void MainWindow::showNotice(const QString &text) {
    m_list->showNotice(text);
}

QString MainWindow::selectedTicketId() const {
    return m_list->selectedTicketId();
}

bool MainWindow::selectTicket(const QString &ticketId) {
    return m_list->selectTicket(ticketId);
}

void MainWindow::showCurrentTicket(const QString &id) {
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
                         m_cache.prospect(ticket->prospectId), historyReader(id),
                         m_cache.interactionCount(id));
}

InteractionListModel::PageReader MainWindow::historyReader(const QString &ticketId) const {
    return [cache = &m_cache, ticketId](const std::optional<InteractionCursor> &after, int limit) {
        return cache->interactionPage(ticketId, after, limit);
    };
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
        // Fresh figures after every recorded outcome (and refreshEffectiveness after a sync),
        // read on a worker; a hidden view reads them once it is shown again.
        connect(m_compose, &ComposePane::outcomeRecorded, m_effectiveness,
                &EffectivenessView::reload);
    }
    m_effectivenessWindow->show();
    m_effectivenessWindow->raise();
    m_effectivenessWindow->activateWindow();
}

void MainWindow::refreshEffectiveness() {
    if (m_effectiveness)
        m_effectiveness->reload();
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
    // The assembler has stored the interactions it fetched: the timeline reads them from the
    // cache, page by page like any other, and stays where it is when nothing new came.
    m_detail->showTicket(context.ticket, context.project, context.prospect,
                         historyReader(context.ticket.id),
                         m_cache.interactionCount(context.ticket.id));
    m_detail->setContextSource(context.sourceDescription(),
                               context.source == OutreachContext::Source::Cache);
}

void MainWindow::showContextError(const QString &ticketId, const OutreachError &error) {
    if (ticketId != selectedTicketId())
        return;
    m_detail->setContextSource(error.codeName() + u": "_s + error.message(), true);
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
    m_list->restoreHeaderState(m_settings.value(HeaderKey).toByteArray());
    // Reopen on the ticket the rep last looked at; on a first start, on the newest one.
    m_list->reopenTicket(m_settings.value(SelectedKey).toString());
}

void MainWindow::saveUiState() const {
    m_settings.setValue(GeometryKey, saveGeometry());
    m_settings.setValue(StateKey, saveState());
    m_settings.setValue(SplitterKey, m_splitter->saveState());
    for (const QString &name : InnerSplitters) {
        if (const auto *splitter = findChild<QSplitter *>(name))
            m_settings.setValue(u"ui/splitters/"_s + name, splitter->saveState());
    }
    m_settings.setValue(HeaderKey, m_list->headerState());
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
