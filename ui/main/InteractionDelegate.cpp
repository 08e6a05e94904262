// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/main/InteractionDelegate.h"

#include "domain/Interaction.h"
#include "ui/itemmodels/InteractionListModel.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QPainter>

namespace {

constexpr int Margin = 8;
constexpr int EdgeWidth = 4;
constexpr int Gap = 2;

QFont boldFont(const QFont &base) {
    QFont font = base;
    font.setBold(true);
    return font;
}

QColor edgeColor(Interaction::Direction direction) {
    switch (direction) {
    case Interaction::Direction::Inbound:
        return QColor(0x1e, 0x88, 0xe5);
    case Interaction::Direction::Outbound:
        return QColor(0x43, 0xa0, 0x47);
    case Interaction::Direction::Internal:
        break;
    }
    return QColor(0x9e, 0x9e, 0x9e);
}

} // namespace

int InteractionDelegate::availableWidth(const QStyleOptionViewItem &option) const {
    int width = option.rect.width();
    // Size hints are asked for before the item has a rectangle: wrap to the view instead.
    if (width <= 0) {
        if (const auto *view = qobject_cast<const QAbstractItemView *>(parent()))
            width = view->viewport()->width();
    }
    return qMax(width, 120);
}

InteractionDelegate::Layout InteractionDelegate::layout(const QStyleOptionViewItem &option,
                                                        const QModelIndex &index, int width) const {
    const int textLeft = Margin + EdgeWidth + Margin;
    const int textWidth = qMax(width - textLeft - Margin, 40);
    const QFontMetrics bold(boldFont(option.font));
    const QFontMetrics plain(option.font);
    const QString subject = index.data(InteractionListModel::SubjectRole).toString();
    const QString content = index.data(InteractionListModel::ContentRole).toString();

    Layout result;
    int y = Margin;
    result.headline = QRect(textLeft, y, textWidth, bold.height());
    y += result.headline.height() + Gap;
    if (!subject.isEmpty()) {
        result.subject =
            bold.boundingRect(QRect(textLeft, y, textWidth, 10000), Qt::TextWordWrap, subject);
        result.subject.setWidth(textWidth);
        y += result.subject.height() + Gap;
    }
    if (!content.isEmpty()) {
        result.content =
            plain.boundingRect(QRect(textLeft, y, textWidth, 100000), Qt::TextWordWrap, content);
        result.content.setWidth(textWidth);
        y += result.content.height();
    }
    result.height = y + Margin;
    return result;
}

QSize InteractionDelegate::sizeHint(const QStyleOptionViewItem &option,
                                    const QModelIndex &index) const {
    // Hundreds of rows a page, so the cache stays small enough to drop when it grows large.
    constexpr qsizetype MaxRemembered = 50000;
    const int width = availableWidth(option);
    if (option.font != m_heightsFont || m_heights.size() > MaxRemembered) {
        m_heights.clear();
        m_heightsFont = option.font;
    }
    const QString id = index.data(InteractionListModel::InteractionIdRole).toString();
    // A sync may change an entry's text: the height is for the text it was measured with.
    const size_t text = qHashMulti(0, index.data(InteractionListModel::SubjectRole).toString(),
                                   index.data(InteractionListModel::ContentRole).toString());
    if (const auto it = m_heights.constFind(id);
        it != m_heights.constEnd() && it->width == width && it->text == text)
        return {width, it->height};
    const int height = layout(option, index, width).height;
    m_heights.insert(id, {width, text, height});
    return {width, height};
}

void InteractionDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                                const QModelIndex &index) const {
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    opt.text.clear();
    // The style paints the background (selection, alternating rows); we paint the text.
    const QWidget *widget = opt.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);

    const Layout parts = layout(option, index, option.rect.width());
    const auto direction = static_cast<Interaction::Direction>(
        index.data(InteractionListModel::DirectionRole).toInt());
    const bool selected = option.state & QStyle::State_Selected;
    const QPalette::ColorRole textRole = selected ? QPalette::HighlightedText : QPalette::Text;

    painter->save();
    painter->translate(option.rect.topLeft());
    painter->fillRect(QRect(Margin, Margin, EdgeWidth, parts.height - 2 * Margin),
                      edgeColor(direction));
    painter->setPen(option.palette.color(QPalette::Active, textRole));
    painter->setFont(boldFont(option.font));
    painter->drawText(
        parts.headline, Qt::AlignLeft | Qt::AlignTop | Qt::TextSingleLine,
        painter->fontMetrics().elidedText(index.data(InteractionListModel::HeadlineRole).toString(),
                                          Qt::ElideRight, parts.headline.width()));
    if (parts.subject.isValid())
        painter->drawText(parts.subject, Qt::TextWordWrap,
                          index.data(InteractionListModel::SubjectRole).toString());
    painter->setFont(option.font);
    if (parts.content.isValid())
        painter->drawText(parts.content, Qt::TextWordWrap,
                          index.data(InteractionListModel::ContentRole).toString());
    painter->restore();
}
