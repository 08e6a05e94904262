// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/itemmodels/InteractionListModel.h"

#include <QLocale>
#include <QScopedValueRollback>

#include <algorithm>

using namespace Qt::StringLiterals;

InteractionListModel::InteractionListModel(QObject *parent)
    : QAbstractListModel(parent) {}

void InteractionListModel::setInteractions(QList<Interaction> interactions) {
    std::stable_sort(
        interactions.begin(), interactions.end(),
        [](const Interaction &a, const Interaction &b) { return a.occurredAt > b.occurredAt; });
    m_reader = nullptr;
    m_total = -1;
    m_pagesRead = 0;
    m_exhausted = true;
    m_cursor.reset();
    resetTo(std::move(interactions));
}

void InteractionListModel::setPageReader(PageReader reader, int total, int pageSize) {
    m_reader = std::move(reader);
    m_pageSize = std::max(pageSize, 1);
    m_total = total;
    m_pagesRead = 0;
    m_cursor.reset();
    resetTo(readPage(std::nullopt));
}

void InteractionListModel::refresh(int total) {
    if (!m_reader)
        return;
    QList<Interaction> first = m_reader(std::nullopt, m_pageSize);
    m_total = total;
    // A short first page must be the whole timeline, or an entry has gone.
    const bool same = (first.size() == m_pageSize || first.size() == m_interactions.size())
                      && first.size() <= m_interactions.size()
                      && std::equal(first.cbegin(), first.cend(), m_interactions.cbegin());
    if (same) {
        ++m_pagesRead;
        return;
    }
    m_pagesRead = 1;
    m_exhausted = first.size() < m_pageSize;
    m_cursor.reset();
    if (!first.isEmpty())
        m_cursor = InteractionCursor::after(first.constLast());
    resetTo(std::move(first));
}

QList<Interaction> InteractionListModel::readPage(const std::optional<InteractionCursor> &after) {
    QList<Interaction> page = m_reader(after, m_pageSize);
    ++m_pagesRead;
    m_exhausted = page.size() < m_pageSize;
    if (!page.isEmpty())
        m_cursor = InteractionCursor::after(page.constLast());
    return page;
}

void InteractionListModel::resetTo(QList<Interaction> firstPage) {
    const QScopedValueRollback changing(m_changing, true);
    beginResetModel();
    m_interactions = std::move(firstPage);
    m_ids.clear();
    if (m_reader) {
        for (const Interaction &interaction : std::as_const(m_interactions))
            m_ids.insert(interaction.id);
    }
    endResetModel();
}

int InteractionListModel::totalCount() const {
    return std::max(m_total, rowCount());
}

bool InteractionListModel::canFetchMore(const QModelIndex &parent) const {
    // Not while the rows change: a view (or a tester) asks from inside the change's signals.
    return !parent.isValid() && m_reader && !m_exhausted && !m_changing;
}

void InteractionListModel::fetchMore(const QModelIndex &parent) {
    if (!canFetchMore(parent))
        return;
    QList<Interaction> page = readPage(m_cursor);
    page.removeIf(
        [this](const Interaction &interaction) { return m_ids.contains(interaction.id); });
    if (page.isEmpty())
        return;
    const int first = rowCount();
    const QScopedValueRollback changing(m_changing, true);
    beginInsertRows({}, first, first + static_cast<int>(page.size()) - 1);
    for (Interaction &interaction : page) {
        m_ids.insert(interaction.id);
        m_interactions.append(std::move(interaction));
    }
    endInsertRows();
}

int InteractionListModel::rowCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_interactions.size());
}

QString InteractionListModel::headline(const Interaction &interaction) const {
    QStringList parts{Interaction::typeLabel(interaction.type),
                      Interaction::directionLabel(interaction.direction)};
    if (!interaction.author.isEmpty())
        parts.append(interaction.author);
    parts.append(QLocale().toString(interaction.occurredAt.toLocalTime(), QLocale::ShortFormat));
    return parts.join(u" · "_s);
}

QVariant InteractionListModel::data(const QModelIndex &index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Interaction &interaction = m_interactions.at(index.row());
    switch (role) {
    case Qt::DisplayRole: {
        QString text = headline(interaction);
        if (!interaction.subject.isEmpty())
            text += u'\n' + interaction.subject;
        if (!interaction.content.isEmpty())
            text += u'\n' + interaction.content;
        return text;
    }
    case Qt::ToolTipRole:
        return interaction.content;
    case InteractionIdRole:
        return interaction.id;
    case TypeRole:
        return static_cast<int>(interaction.type);
    case DirectionRole:
        return static_cast<int>(interaction.direction);
    case OccurredAtRole:
        return interaction.occurredAt;
    case AuthorRole:
        return interaction.author;
    case SubjectRole:
        return interaction.subject;
    case ContentRole:
        return interaction.content;
    case HeadlineRole:
        return headline(interaction);
    default:
        return {};
    }
}

QHash<int, QByteArray> InteractionListModel::roleNames() const {
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(InteractionIdRole, "interactionId");
    names.insert(TypeRole, "type");
    names.insert(DirectionRole, "direction");
    names.insert(OccurredAtRole, "occurredAt");
    names.insert(AuthorRole, "author");
    names.insert(SubjectRole, "subject");
    names.insert(ContentRole, "content");
    names.insert(HeadlineRole, "headline");
    return names;
}
