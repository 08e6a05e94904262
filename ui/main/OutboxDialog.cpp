// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/main/OutboxDialog.h"

#include "crm/Outbox.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {

constexpr int SeqRole = Qt::UserRole + 1;

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
    , m_retryAll(new QPushButton(tr("Retry &All"), this)) {
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

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->addButton(m_retry, QDialogButtonBox::ActionRole);
    buttons->addButton(m_retryAll, QDialogButtonBox::ActionRole);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_retry, &QPushButton::clicked, this, [this] {
        const QList<QTableWidgetItem *> selected = m_table->selectedItems();
        if (!selected.isEmpty())
            retry(m_table->item(selected.constFirst()->row(), 0)->data(SeqRole).toLongLong());
    });
    connect(m_retryAll, &QPushButton::clicked, this, [this] { retry(-1); });
    connect(m_table, &QTableWidget::itemSelectionChanged, this,
            [this] { m_retry->setEnabled(!m_table->selectedItems().isEmpty()); });
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
    m_summary->setText(
        failed.isEmpty()
            ? tr("The CRM has accepted every write. Nothing needs your attention.")
            : tr("The CRM refused %n write(s). They are kept here, not lost: fix the cause (the "
                 "reason is the CRM's own message) and retry.",
                 nullptr, int(failed.size())));
    m_table->setRowCount(int(failed.size()));
    for (int row = 0; row < failed.size(); ++row) {
        const Outbox::Entry &entry = failed.at(row);
        auto *when = new QTableWidgetItem(
            QLocale().toString(entry.createdAt.toLocalTime(), QLocale::ShortFormat));
        when->setData(SeqRole, entry.seq);
        m_table->setItem(row, 0, when);
        m_table->setItem(row, 1, new QTableWidgetItem(kindLabel(entry.kind)));
        m_table->setItem(row, 2, new QTableWidgetItem(entry.ticketId));
        m_table->setItem(row, 3, new QTableWidgetItem(entry.lastError));
    }
    m_table->resizeColumnsToContents();
    m_retry->setEnabled(!m_table->selectedItems().isEmpty());
    m_retryAll->setEnabled(!failed.isEmpty());
}

void OutboxDialog::retry(qint64 seq) {
    const Result<int> retried = m_outbox.retryFailed(seq);
    if (!retried.ok())
        m_summary->setText(retried.error().message());
    else
        reload();
}
