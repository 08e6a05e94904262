// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QFont>
#include <QHash>
#include <QString>
#include <QStyledItemDelegate>

// Paints one entry of the interaction timeline as a card: a coloured edge for its direction, a
// bold headline (type, direction, author, time), the subject, and the content wrapped in full.
// Heights are remembered per entry: a list view lays out every row again whenever a page of a
// long history is appended, and wrapping thousands of texts each time would hold up the window.
class InteractionDelegate : public QStyledItemDelegate {
    Q_OBJECT

public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

private:
    struct Layout {
        QRect headline;
        QRect subject;
        QRect content;
        int height = 0;
    };
    Layout layout(const QStyleOptionViewItem &option, const QModelIndex &index, int width) const;
    int availableWidth(const QStyleOptionViewItem &option) const;

    struct Height {
        int width = 0;
        size_t text = 0; // hash of the subject and content the height was measured for
        int height = 0;
    };
    mutable QHash<QString, Height> m_heights; // by interaction id
    mutable QFont m_heightsFont;
};
