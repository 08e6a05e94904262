#pragma once

#include <QMainWindow>

class CacheStore;
class QComboBox;
class QLabel;
class QLineEdit;
class QSettings;
class QSplitter;
class QTableView;
class QTimer;
class TicketDetailPane;
class TicketTableModel;

// The main window: the ticket list with search and quick filters on the left, the selected
// ticket's context on the right. Works entirely from the local cache.
class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    // `cache` and `settings` must outlive the window; the window state is kept in `settings`.
    MainWindow(CacheStore &cache, QSettings &settings, QWidget *parent = nullptr);
    ~MainWindow() override;

    // Reloads the ticket list from the cache, keeping filters, sort and the selected ticket.
    void reloadTickets();
    // "Demo workspace", or the CRM's name; shown in the title and the status bar.
    void setWorkspaceName(const QString &name);
    // A dismissible message above the list (e.g. the database had to be moved aside).
    void showNotice(const QString &text);

    QString selectedTicketId() const;
    bool selectTicket(const QString &ticketId);

    TicketTableModel *ticketModel() const { return m_model; }
    QTableView *ticketView() const { return m_table; }
    QLineEdit *searchField() const { return m_search; }
    TicketDetailPane *detailPane() const { return m_detail; }

signals:
    // The ticket list has been painted with its rows for the first time.
    void ticketListShown();

protected:
    void closeEvent(QCloseEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void buildUi();
    void buildMenus();
    void restoreUiState();
    void saveUiState() const;
    void applyFilter();
    void resetFilters();
    void showCurrentTicket();
    void updateCounts(int visible, int total);
    void updateTitle();

    CacheStore &m_cache;
    QSettings &m_settings;
    QString m_workspaceName;
    bool m_listShown = false;

    TicketTableModel *m_model = nullptr;
    QTableView *m_table = nullptr;
    QLineEdit *m_search = nullptr;
    QComboBox *m_statusFilter = nullptr;
    QComboBox *m_priorityFilter = nullptr;
    QLabel *m_countLabel = nullptr;
    QWidget *m_noticeBar = nullptr;
    QLabel *m_noticeText = nullptr;
    QSplitter *m_splitter = nullptr;
    TicketDetailPane *m_detail = nullptr;
    QLabel *m_workspaceStatus = nullptr;
    QLabel *m_connectionStatus = nullptr;
};
