// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/main/OutboxDialog.h"

#include "crm/Outbox.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {

constexpr int SeqRole = Qt::UserRole + 1;
constexpr int WaitingRole = Qt::UserRole + 2;

QString kindLabel(Outbox::Kind kind) {
    switch (kind) {
    case Outbox::Kind::Activity:
        return OutboxDialog::tr("Message saved to the ticket's history");
    case Outbox::Kind::Event:
        return OutboxDialog::tr("Message event");
    case Outbox::Kind::Effectiveness:
        return OutboxDialog::tr("Effectiveness update");
    }
    return {};
}

} // namespace

OutboxDialog::OutboxDialog(Outbox &outbox, QWidget *parent)
    : QDialog(parent)
    , m_outbox(outbox)
    , m_summary(new QLabel(this))
    , m_table(new QTableWidget(this))
    , m_retry(new QPushButton(tr("&Retry"), this))
    , m_retryAll(new QPushButton(tr("Retry &All"), this))
    , m_drop(new QPushButton(tr("&Drop…"), this)) {
    setObjectName(u"outboxDialog"_s);
    setWindowTitle(tr("Writes the CRM Refused"));
    m_summary->setWordWrap(true);
    m_table->setObjectName(u"failedWrites"_s);
    m_table->setAccessibleName(tr("Refused writes"));
    m_table->setColumnCount(4);
    m_table->setHorizontalHeaderLabels(
        {tr("Queued"), tr("What"), tr("Ticket"), tr("CRM's reason")});
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setWordWrap(true);
    m_retry->setObjectName(u"retryWriteButton"_s);
    m_retryAll->setObjectName(u"retryAllWritesButton"_s);
    m_drop->setObjectName(u"dropWriteButton"_s);
    m_drop->setToolTip(tr("Never send this write, nor the later writes of its message that wait "
                          "for it. Your own copy of the message stays."));

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->addButton(m_retry, QDialogButtonBox::ActionRole);
    buttons->addButton(m_retryAll, QDialogButtonBox::ActionRole);
    buttons->addButton(m_drop, QDialogButtonBox::DestructiveRole);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_retry, &QPushButton::clicked, this, [this] {
        if (const QTableWidgetItem *selected = selectedRow())
            retry(selected->data(SeqRole).toLongLong());
    });
    connect(m_retryAll, &QPushButton::clicked, this, [this] { retry(-1); });
    connect(m_drop, &QPushButton::clicked, this, [this] {
        if (const QTableWidgetItem *selected = selectedRow())
            confirmDrop(selected->data(SeqRole).toLongLong(), selected->data(WaitingRole).toInt());
    });
    connect(m_table, &QTableWidget::itemSelectionChanged, this, [this] {
        const bool selected = !m_table->selectedItems().isEmpty();
        m_retry->setEnabled(selected);
        m_drop->setEnabled(selected);
    });
    connect(&m_outbox, &Outbox::countsChanged, this, &OutboxDialog::reload);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(m_table, 1);
    layout->addWidget(buttons);
    resize(760, 360);
    reload();
}

void OutboxDialog::reload() {
    const QList<Outbox::Entry> failed = m_outbox.entries(Outbox::State::Failed);
    int waiting = 0;
    for (const Outbox::Entry &entry : failed)
        waiting += entry.waiting;
    QString summary =
        failed.isEmpty()
            ? tr("The CRM has accepted every write. Nothing needs your attention.")
            : tr("The CRM refused %n write(s). They are kept here, not lost: fix the cause (the "
                 "reason is the CRM's own message) and retry.",
                 nullptr, int(failed.size()));
    if (waiting > 0) {
        summary += u' '
                   + tr("%n later write(s) of the same messages wait for them, so that the CRM "
                        "never gets an event for a message it does not have.",
                        nullptr, waiting);
    }
    m_summary->setText(summary);
    m_table->setRowCount(int(failed.size()));
    for (int row = 0; row < failed.size(); ++row) {
        const Outbox::Entry &entry = failed.at(row);
        auto *when = new QTableWidgetItem(
            QLocale().toString(entry.createdAt.toLocalTime(), QLocale::ShortFormat));
        when->setData(SeqRole, entry.seq);
        when->setData(WaitingRole, entry.waiting);
        m_table->setItem(row, 0, when);
        QString what = kindLabel(entry.kind);
        if (entry.waiting > 0)
            what += u'\n' + tr("%n later write(s) wait for it", nullptr, entry.waiting);
        m_table->setItem(row, 1, new QTableWidgetItem(what));
        m_table->setItem(row, 2, new QTableWidgetItem(entry.ticketId));
        m_table->setItem(row, 3, new QTableWidgetItem(entry.lastError));
    }
    m_table->resizeColumnsToContents();
    m_table->resizeRowsToContents();
    m_retry->setEnabled(!m_table->selectedItems().isEmpty());
    m_drop->setEnabled(!m_table->selectedItems().isEmpty());
    m_retryAll->setEnabled(!failed.isEmpty());
}

QTableWidgetItem *OutboxDialog::selectedRow() const {
    const QList<QTableWidgetItem *> selected = m_table->selectedItems();
    return selected.isEmpty() ? nullptr : m_table->item(selected.constFirst()->row(), 0);
}

void OutboxDialog::confirmDrop(qint64 seq, int waiting) {
    // Window-modal and asynchronous: the outbox keeps delivering meanwhile, and a test (or a
    // screen reader) finds the question as a child of this dialog.
    auto *box = new QMessageBox(
        QMessageBox::Warning, tr("Drop This Write?"),
        waiting > 0 ? tr("The CRM will never get this write, nor the %n later write(s) of the same "
                         "message waiting for it. Your own copy of the message stays in the "
                         "ticket's history here.",
                         nullptr, waiting)
                    : tr("The CRM will never get this write. Your own copy stays in the ticket's "
                         "history here."),
        QMessageBox::Cancel, this);
    box->setObjectName(u"dropConfirmation"_s);
    box->setAttribute(Qt::WA_DeleteOnClose);
    QPushButton *drop = box->addButton(tr("Drop"), QMessageBox::DestructiveRole);
    drop->setObjectName(u"confirmDropButton"_s);
    box->setDefaultButton(QMessageBox::Cancel);
    connect(box, &QMessageBox::buttonClicked, this, [this, drop, seq](QAbstractButton *clicked) {
        if (clicked != drop)
            return;
        const Result<int> dropped = m_outbox.dropFailed(seq);
        if (!dropped.ok())
            m_summary->setText(dropped.error().message());
        else
            reload();
    });
    box->setWindowModality(Qt::WindowModal);
    box->open();
}

void OutboxDialog::retry(qint64 seq) {
    const Result<int> retried = m_outbox.retryFailed(seq);
    if (!retried.ok())
        m_summary->setText(retried.error().message());
    else
        reload();
}
