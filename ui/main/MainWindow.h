// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/OutreachContext.h"
#include "domain/OutreachError.h"
#include "ui/itemmodels/InteractionListModel.h"
#include "ui/itemmodels/TicketTableModel.h"
#include "ui/main/TicketListPane.h"

#include <QMainWindow>

class BatchController;
class BatchPanel;
class CacheStore;
class ComposeController;
class ComposePane;
class QAction;
class EffectivenessView;
class QDialog;
class QLabel;
class QSettings;
class QSplitter;
class QToolButton;
class TicketDetailPane;

// The main window: the ticket list with search and quick filters, the selected ticket's context,
// and the compose area where its message is written, side by side in splitters. Works entirely
// from the local cache; the CRM and the model endpoint are wired in by the composition root.
class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    // `cache` and `settings` must outlive the window; the window state is kept in `settings`.
    MainWindow(CacheStore &cache, QSettings &settings, QWidget *parent = nullptr);
    ~MainWindow() override;

    // The newest tickets read before the window first paints; the rest follow from a worker.
    static constexpr int FirstPageSize = TicketListPane::FirstPageSize;

    // Reloads the ticket list from the cache, keeping filters, sort and the selected ticket:
    // the newest FirstPageSize tickets at once, the rest on a worker thread.
    void reloadTickets();
    // True while the worker is still reading the rest of the list.
    bool isLoadingTickets() const;
    // "Demo workspace", or the CRM's name; shown in the title and the status bar.
    void setWorkspaceName(const QString &name);
    // A dismissible message above the list (e.g. the database had to be moved aside).
    void showNotice(const QString &text);

    // CRM state for the status bar: "Online — synced 14:03", "Syncing… 120 tickets",
    // "Offline — working from the local cache". The tooltip carries the details.
    void setConnectionStatus(const QString &text, const QString &toolTip = {});
    // Writes waiting for the CRM and writes it refused; hidden when both are zero. A click
    // emits outboxDetailsRequested.
    void setOutboxCounts(int pending, int failed);
    // A short confirmation in the status bar for a few seconds.
    void showStatusMessage(const QString &text);
    // Enables View → Sync Now (F5) when a CRM is configured.
    void setSyncAvailable(bool available);
    // A freshly assembled context for the selected ticket (ignored if the rep has moved on).
    void showContext(const OutreachContext &context);
    void showContextError(const QString &ticketId, const OutreachError &error);

    QString selectedTicketId() const;
    bool selectTicket(const QString &ticketId);

    TicketTableModel *ticketModel() const;
    ComposeController *composeController() const { return m_composeController; }
    BatchController *batchController() const { return m_batch; }
    BatchPanel *batchPanel() const { return m_batchPanel; }
    // Batch → Draft for Selected Tickets… / Draft for All Shown…: asks for the request in a
    // (window-modal, not blocking) dialog, then runs the batch.
    void draftSelectedTickets();
    void draftShownTickets();
    // The batch window with its progress and review queue.
    void showBatchPanel();
    // View → Effectiveness: the window with the rates and charts (created on first use).
    void showEffectiveness();
    // The records behind the figures changed other than through the window (a sync stored
    // tickets or outcomes): the effectiveness view reads them again, off the UI thread.
    void refreshEffectiveness();

signals:
    // The ticket list has been painted with its rows for the first time.
    void ticketListShown();
    // Every cached ticket is in the list (right away when they fit in the first page).
    void ticketsLoaded();
    // The rep selected another ticket (empty: none).
    void currentTicketChanged(const QString &ticketId);
    // View → Sync Now (F5).
    void syncRequested();
    // File → Settings, or a message's "Open Settings"; page 0 is the model, 1 the CRM, 3 the
    // mailbox (SettingsDialog::Page).
    void settingsRequested(int page);
    // The settings on the model page, looking for model servers on this computer.
    void localServerSearchRequested();
    // The status bar's count of writes was clicked.
    void outboxDetailsRequested();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void buildUi();
    void buildMenus();
    void restoreUiState();
    void saveUiState() const;
    void showCurrentTicket(const QString &id);
    // Reads `ticketId`'s history from the cache, one page per call.
    InteractionListModel::PageReader historyReader(const QString &ticketId) const;
    void updateTitle();
    void buildBatch();
    void startBatch(const QStringList &ticketIds, const QString &scope);
    void updateBatchStatus();

    CacheStore &m_cache;
    QSettings &m_settings;
    QString m_workspaceName;

    TicketListPane *m_list = nullptr;
    QLabel *m_countLabel = nullptr;
    QSplitter *m_splitter = nullptr;
    TicketDetailPane *m_detail = nullptr;
    ComposeController *m_composeController = nullptr;
    ComposePane *m_compose = nullptr;
    QLabel *m_workspaceStatus = nullptr;
    QLabel *m_connectionStatus = nullptr;
    QToolButton *m_outboxStatus = nullptr;
    QDialog *m_effectivenessWindow = nullptr;
    EffectivenessView *m_effectiveness = nullptr;
    QAction *m_syncAction = nullptr;
    BatchController *m_batch = nullptr;
    BatchPanel *m_batchPanel = nullptr;
    QLabel *m_batchStatus = nullptr;
    QToolButton *m_batchResume = nullptr;
};
