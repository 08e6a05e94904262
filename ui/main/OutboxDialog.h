// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>

class Outbox;
class QLabel;
class QPushButton;
class QTableWidget;
class QTableWidgetItem;

// The writes the CRM refused (a click on the status bar's count): what each was, for which
// ticket, when, the CRM's reason and what waits behind it, with Retry for one or all of them
// and Drop for one (with the writes of its message that wait for it).
class OutboxDialog : public QDialog {
    Q_OBJECT
public:
    explicit OutboxDialog(Outbox &outbox, QWidget *parent = nullptr);

    QTableWidget *table() const { return m_table; }
    // Re-reads the failed writes.
    void reload();

private:
    void retry(qint64 seq);
    void confirmDrop(qint64 seq, int waiting);
    // The first cell of the selected row (it carries the row's seq and waiting count), or null.
    QTableWidgetItem *selectedRow() const;

    Outbox &m_outbox;
    QLabel *m_summary;
    QTableWidget *m_table;
    QPushButton *m_retry;
    QPushButton *m_retryAll;
    QPushButton *m_drop;
};
