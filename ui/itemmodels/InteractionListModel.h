// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/Interaction.h"
#include "domain/InteractionCursor.h"

#include <QAbstractListModel>
#include <QList>
#include <QSet>

#include <functional>
#include <optional>

// A ticket's interaction timeline, newest first, for the detail pane: a given list, or a history
// read page by page as a view scrolls towards its end (canFetchMore / fetchMore).
class InteractionListModel : public QAbstractListModel {
    Q_OBJECT

public:
    enum Role {
        InteractionIdRole = Qt::UserRole + 1, // QString
        TypeRole,                             // int, Interaction::Type
        DirectionRole,                        // int, Interaction::Direction
        OccurredAtRole,                       // QDateTime, UTC
        AuthorRole,                           // QString
        SubjectRole,                          // QString
        ContentRole,                          // QString
        HeadlineRole,                         // "Email · Inbound · Lee Park · 20 Nov 2026 14:03"
    };

    // Reads one page of a history, newest first by (occurred_at, id): at most `limit` entries
    // after `after` (nullopt: from the newest). CacheStore::interactionPage has this shape.
    using PageReader =
        std::function<QList<Interaction>(const std::optional<InteractionCursor> &after, int limit)>;
    // Enough to fill a tall timeline a few times over, small enough to read in a millisecond.
    static constexpr int DefaultPageSize = 100;

    explicit InteractionListModel(QObject *parent = nullptr);

    // Replaces the timeline; the entries are shown newest first whatever order they came in.
    void setInteractions(QList<Interaction> interactions);
    // Replaces the timeline with a history read page by page: the first page now, each next one
    // on fetchMore. `total` is the length of the whole history when known (-1: not known).
    void setPageReader(PageReader reader, int total = -1, int pageSize = DefaultPageSize);
    // Reads the first page of the history again, with a new `total`. When it is what the rows
    // start with already, they stay (and a view keeps its scroll position); otherwise the
    // timeline starts over from the new first page.
    void refresh(int total);
    bool isPaged() const { return static_cast<bool>(m_reader); }

    const QList<Interaction> &interactions() const { return m_interactions; }
    // The whole history's length: the `total` given, or the rows when that is not known.
    int totalCount() const;
    // How many pages the reader has been asked for since the timeline was last replaced.
    int pagesRead() const { return m_pagesRead; }

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

private:
    QString headline(const Interaction &interaction) const;
    QList<Interaction> readPage(const std::optional<InteractionCursor> &after);
    void resetTo(QList<Interaction> firstPage);

    QList<Interaction> m_interactions;
    PageReader m_reader;
    int m_pageSize = DefaultPageSize;
    int m_total = -1;
    int m_pagesRead = 0;
    bool m_exhausted = true;
    bool m_changing = false; // inside a reset or an insertion
    // Where the last page read ended, which is not the last row when a page repeated one.
    std::optional<InteractionCursor> m_cursor;
    // Ids shown, so that an entry the cache moved between two reads is not shown twice.
    QSet<QString> m_ids;
};
