// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/itemmodels/BatchItemListModel.h"

#include <cmath>

using namespace Qt::StringLiterals;

BatchItemListModel::BatchItemListModel(QObject *parent)
    : QAbstractListModel(parent) {}

void BatchItemListModel::setItems(QList<BatchItem> items, QHash<QString, QString> titles) {
    beginResetModel();
    m_items = std::move(items);
    m_titles = std::move(titles);
    endResetModel();
}

void BatchItemListModel::updateItem(const BatchItem &item) {
    const int row = rowOfPosition(item.position);
    if (row < 0 || m_items.at(row).jobId != item.jobId)
        return;
    m_items[row] = item;
    const QModelIndex changed = index(row);
    emit dataChanged(changed, changed);
}

void BatchItemListModel::clear() {
    setItems({});
}

int BatchItemListModel::rowOfPosition(int position) const {
    // Rows are in batch order, so the position is usually the row itself.
    if (position >= 0 && position < m_items.size() && m_items.at(position).position == position)
        return position;
    for (int row = 0; row < m_items.size(); ++row) {
        if (m_items.at(row).position == position)
            return row;
    }
    return -1;
}

int BatchItemListModel::nextUnreviewed(int row) const {
    const int count = int(m_items.size());
    for (int step = 1; step <= count; ++step) {
        const int candidate = (row + step + count) % count;
        const BatchItem &item = m_items.at(candidate);
        if (item.status == BatchItem::Status::Drafted
            && item.review == BatchItem::Review::Unreviewed)
            return candidate;
    }
    return -1;
}

int BatchItemListModel::rowCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : int(m_items.size());
}

QString BatchItemListModel::summary(int row) const {
    const BatchItem &item = m_items.at(row);
    QString head = item.ticketId;
    if (const QString title = m_titles.value(item.ticketId); !title.isEmpty())
        head += u" · "_s + title;
    QStringList parts{BatchItem::statusLabel(item.status)};
    if (item.status == BatchItem::Status::Drafted) {
        parts.append(BatchItem::reviewLabel(item.review));
        if (item.confidence)
            parts.append(tr("%1% confident").arg(std::lround(*item.confidence * 100)));
        if (item.findings > 0)
            parts.append(tr("%n finding(s)", nullptr, item.findings));
    }
    return head + u" — "_s + parts.join(u" · "_s);
}

QVariant BatchItemListModel::data(const QModelIndex &index, int role) const {
    if (!index.isValid() || index.row() >= m_items.size())
        return {};
    const BatchItem &item = m_items.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return summary(index.row());
    case Qt::ToolTipRole:
        return item.reason.isEmpty() ? QVariant() : QVariant(item.reason);
    case TicketIdRole:
        return item.ticketId;
    case PositionRole:
        return item.position;
    case StatusRole:
        return int(item.status);
    case ReviewRole:
        return int(item.review);
    case ConfidenceRole:
        return item.confidence ? QVariant(*item.confidence) : QVariant();
    case FindingsRole:
        return item.findings;
    case BlockingRole:
        return item.blocking;
    case ReasonRole:
        return item.reason;
    default:
        return {};
    }
}

QHash<int, QByteArray> BatchItemListModel::roleNames() const {
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(TicketIdRole, "ticketId");
    names.insert(PositionRole, "position");
    names.insert(StatusRole, "status");
    names.insert(ReviewRole, "review");
    names.insert(ConfidenceRole, "confidence");
    names.insert(FindingsRole, "findings");
    names.insert(BlockingRole, "blocking");
    names.insert(ReasonRole, "reason");
    return names;
}
