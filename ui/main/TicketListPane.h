// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ui/itemmodels/TicketTableModel.h"

#include <QWidget>

#include <memory>

class CacheStore;
class QAction;
class QComboBox;
class QLabel;
class QLineEdit;
class QTableView;

// The main window's ticket list: search and quick filters over the cached tickets, a dismissible
// notice bar, and the table, filled from the cache in two stages so the newest tickets paint first.
class TicketListPane : public QWidget {
    Q_OBJECT

public:
    // `cache` must outlive the pane. The list stays empty until the first reloadTickets().
    explicit TicketListPane(CacheStore &cache, QWidget *parent = nullptr);
    ~TicketListPane() override;

    // The newest tickets read before the list first paints; the rest follow from a worker.
    static constexpr int FirstPageSize = 500;

    // Reloads the list from the cache, keeping filters, sort and the selected ticket: the newest
    // FirstPageSize tickets at once, the rest on a worker thread.
    void reloadTickets();
    // True while the worker is still reading the rest of the list.
    bool isLoading() const { return m_loading; }
    // A dismissible message above the list (e.g. the database had to be moved aside).
    void showNotice(const QString &text);

    QString selectedTicketId() const;
    bool selectTicket(const QString &ticketId);
    // Every selected ticket (a batch's), in list order; the current one alone when none is.
    QStringList selectedTicketIds() const;
    // Every ticket the filters let through, in list order.
    QStringList shownTicketIds() const;
    // What the list is filtered by, for the rep ("acme, open or pending"); empty when nothing.
    QString filterDescription() const;
    // Actions offered in the table's context menu.
    void addContextActions(const QList<QAction *> &actions);
    // Selects the ticket the rep last looked at, or else the first row. While the rest of the
    // list is loading, a ticket not yet in it is selected once it arrives, unless the rep has
    // picked another one by then.
    void reopenTicket(const QString &ticketId);
    void resetFilters();
    void focusSearch();
    void focusTable();

    // Column order, widths and sort, restored with the sort applied to the list.
    QByteArray headerState() const;
    void restoreHeaderState(const QByteArray &state);

    TicketTableModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }

signals:
    // The table has been painted with its rows for the first time.
    void ticketListShown();
    // Every cached ticket is in the list (right away when they fit in the first page).
    void ticketsLoaded();
    // The table's current row moved; also when it stays on the same ticket after a sort or a
    // reload. Empty: no row is current.
    void currentRowChanged(const QString &ticketId);
    // The search or a quick filter changed and the list has been filtered anew.
    void filterChanged();
    // "Loading tickets…", "120 tickets" or "12 of 120 tickets", for the status bar.
    void summaryChanged(const QString &summary);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void applyFilter();
    void updateCounts(int visible, int total);
    void applyNoticePalette();
    void setLoading(bool loading);
    void adoptFullList(const std::shared_ptr<const TicketTableModel::Snapshot> &snapshot,
                       const QString &error);

    CacheStore &m_cache;
    bool m_listShown = false;
    bool m_loading = false;
    int m_loadGeneration = 0;
    // The ticket to select once the whole list is in, when it was not in the first page.
    QString m_pendingSelection;
    QString m_provisionalSelection;

    TicketTableModel *m_model = nullptr;
    QTableView *m_table = nullptr;
    QLineEdit *m_search = nullptr;
    QComboBox *m_statusFilter = nullptr;
    QComboBox *m_priorityFilter = nullptr;
    QWidget *m_noticeBar = nullptr;
    QLabel *m_noticeText = nullptr;
};
