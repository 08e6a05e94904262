// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/itemmodels/InteractionListModel.h"

#include <QLocale>

#include <algorithm>

using namespace Qt::StringLiterals;

InteractionListModel::InteractionListModel(QObject *parent)
    : QAbstractListModel(parent) {}

void InteractionListModel::setInteractions(QList<Interaction> interactions) {
    std::stable_sort(
        interactions.begin(), interactions.end(),
        [](const Interaction &a, const Interaction &b) { return a.occurredAt > b.occurredAt; });
    beginResetModel();
    m_interactions = std::move(interactions);
    endResetModel();
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
