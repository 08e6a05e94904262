// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/BatchItem.h"

#include <QAbstractListModel>
#include <QHash>
#include <QList>

// A batch job's tickets in batch order for the review queue: ticket, status, review state,
// confidence and findings, one line each. Given the items; knows nothing of where they are kept.
class BatchItemListModel : public QAbstractListModel {
    Q_OBJECT

public:
    enum Role {
        TicketIdRole = Qt::UserRole + 1, // QString
        PositionRole,                    // int
        StatusRole,                      // int, BatchItem::Status
        ReviewRole,                      // int, BatchItem::Review
        ConfidenceRole,                  // double, or invalid when not known
        FindingsRole,                    // int
        BlockingRole,                    // int
        ReasonRole,                      // QString
    };

    explicit BatchItemListModel(QObject *parent = nullptr);

    // Replaces the rows; `titles` maps ticket ids to the titles shown next to them.
    void setItems(QList<BatchItem> items, QHash<QString, QString> titles = {});
    // Updates the row of the same job and position in place, so a view keeps its selection.
    void updateItem(const BatchItem &item);
    void clear();

    const QList<BatchItem> &items() const { return m_items; }
    const BatchItem &item(int row) const { return m_items.at(row); }
    // The row of `position` in the batch, or -1.
    int rowOfPosition(int position) const;
    // The first unreviewed drafted row after `row` (wrapping round), or -1 when none is left.
    int nextUnreviewed(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    // "T-1042 · Renewal question — Drafted · Unreviewed · 82% · 1 finding"
    QString summary(int row) const;

private:
    QList<BatchItem> m_items;
    QHash<QString, QString> m_titles;
};
