// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/Interaction.h"

#include <QAbstractListModel>
#include <QList>

// A ticket's interaction timeline, newest first, for the detail pane.
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

    explicit InteractionListModel(QObject *parent = nullptr);

    // Replaces the timeline; the entries are shown newest first whatever order they came in.
    void setInteractions(QList<Interaction> interactions);
    const QList<Interaction> &interactions() const { return m_interactions; }

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

private:
    QString headline(const Interaction &interaction) const;

    QList<Interaction> m_interactions;
};
