// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/Result.h"
#include "domain/TicketRow.h"
#include "ui/itemmodels/TicketFilter.h"

#include <QAbstractTableModel>
#include <QByteArray>
#include <QByteArrayView>
#include <QHash>
#include <QStringList>

#include <array>
#include <functional>
#include <memory>
#include <utility>
#include <vector>

// The ticket list: every cached ticket in a compact in-memory form, filtered and sorted without
// a proxy model so that 100,000 tickets filter within one frame per keystroke.
class TicketTableModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column {
        IdColumn,
        TitleColumn,
        StatusColumn,
        PriorityColumn,
        CategoryColumn,
        ProspectColumn,
        CompanyColumn,
        AssigneeColumn,
        UpdatedColumn,
        ColumnCount
    };

    enum Role {
        TicketIdRole = Qt::UserRole + 1, // QString
        StatusRole,                      // int, Ticket::Status
        PriorityRole,                    // int, Ticket::Priority
        UpdatedAtRole,                   // QDateTime, UTC
        ProspectIdRole,                  // QString
    };

    // Feeds every row to the sink it is given; CacheStore::forEachTicketRow has this shape.
    using RowSource = std::function<Result<void>(const std::function<void(TicketRow &&)> &sink)>;

    explicit TicketTableModel(QObject *parent = nullptr);

    // Every ticket in the compact form the model shows, built without touching the model, so a
    // worker thread can build one while the model keeps serving the old rows.
    struct Snapshot;
    static Result<std::shared_ptr<const Snapshot>> build(const RowSource &source);
    // Shows `snapshot` instead of the current rows; filter and sort order are kept.
    void adopt(std::shared_ptr<const Snapshot> snapshot);
    // build() and adopt() in one go.
    Result<void> load(const RowSource &source);

    void setFilter(const TicketFilter &filter);
    const TicketFilter &filter() const { return m_filter; }

    int sortColumn() const { return m_sortColumn; }
    Qt::SortOrder sortOrder() const { return m_sortOrder; }

    int totalCount() const;
    QString ticketId(int row) const;
    // The visible row showing `ticketId`, or -1 when it is filtered out or unknown.
    int rowOfTicket(const QString &ticketId) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

signals:
    // After every load, filter or sort: how many tickets are shown out of how many cached.
    void countsChanged(int visible, int total);

private:
    // No QString in a row: two of them, with their heap blocks, were over half of a row's
    // memory. The id and title are kept as UTF-8 in Snapshot::texts and turned back into a
    // QString only for the few rows on screen.
    struct Row {
        qint64 updatedAtMs = 0;
        quint32 textOffset = 0;  // into texts: the id, then the title, both UTF-8
        quint32 idSize = 0;      // bytes of the id
        quint32 titleSize = 0;   // bytes of the title
        quint32 keyOffset = 0;   // into m_keys: the folded title, then the folded description
        quint32 keyLength = 0;   // whole search key
        quint32 titleLength = 0; // folded title, a prefix of the search key
        quint32 prospect = 0;    // into m_prospects
        quint32 category = 0;    // into m_categories
        quint32 assignee = 0;    // into m_assignees
        quint8 status = 0;
        quint8 priority = 0;
    };

    struct Prospect {
        QString id;
        QString name;
        QString company;
        QByteArray key; // folded name and company
    };

    // Interned strings for low-cardinality columns, with their sort rank.
    struct Dictionary {
        QStringList values;
        std::vector<quint32> rank; // by folded value
        quint32 intern(const QString &value, QHash<QString, quint32> &index);
        void computeRanks();
    };

    using Order = std::vector<quint32>;

public:
    struct Snapshot {
        std::vector<Row> rows;
        QByteArray texts;
        QByteArray keys;
        QString id(const Row &row) const;
        QString title(const Row &row) const;
        QByteArrayView idBytes(const Row &row) const;
        std::vector<Prospect> prospects;
        std::vector<quint32> prospectNameRank;
        std::vector<quint32> companyRank;
        Dictionary categories;
        Dictionary assignees;
    };

private:
    const Order &sortedOrder(int column, Qt::SortOrder order);
    void sortByTitle(Order &order, bool descending) const;
    // The candidates (in display order) that pass m_filter; `all` says they are every row.
    Order filtered(const Order &candidates, bool all);
    void rememberFilterResult(const Order &rows);
    void applyVisible(Order &&visible, QAbstractItemModel::LayoutChangeHint hint);

    std::shared_ptr<const Snapshot> m_data; // never null

    // Full sort permutations of m_rows per column and direction, built on first use.
    std::array<std::array<Order, 2>, ColumnCount> m_orders;
    Order m_visible; // rows shown, in display order
    // Results of recent filters in the current sort order, newest last.
    std::vector<std::pair<TicketFilter, Order>> m_recentFilters;
    // For a one-word filter (m_hintTerm): where in each shown row's key the word first occurs,
    // or NoMatch when the row matched through its prospect only.
    static constexpr quint32 NoMatch = 0xffffffffu;
    std::vector<quint32> m_matchHints;
    QByteArray m_hintTerm;

    TicketFilter m_filter;
    int m_sortColumn = UpdatedColumn;
    Qt::SortOrder m_sortOrder = Qt::DescendingOrder;
};
