// SPDX-License-Identifier: GPL-3.0-or-later
// The ticket table's cells: one line of text, elided, on the style's own background.
#include "ui/main/TicketTableDelegate.h"

#include <QImage>
#include <QPainter>
#include <QStandardItemModel>
#include <QTableView>
#include <QTest>

using namespace Qt::StringLiterals;

class TestTicketTableDelegate : public QObject {
    Q_OBJECT

private slots:
    void paintsTheTextOnOneLine();
    void selectionChangesTheCell();

private:
    QImage render(const QString &text, QSize size, bool selected);
};

QImage TestTicketTableDelegate::render(const QString &text, QSize size, bool selected) {
    QTableView view;
    QStandardItemModel model(1, 1);
    model.setItem(0, 0, new QStandardItem(text));
    view.setModel(&model);
    TicketTableDelegate delegate;
    QImage image(size, QImage::Format_ARGB32);
    image.fill(Qt::white);
    QPainter painter(&image);
    QStyleOptionViewItem option;
    option.initFrom(&view);
    option.widget = &view;
    option.rect = QRect(QPoint(0, 0), size);
    option.state |= QStyle::State_Enabled | QStyle::State_Active;
    if (selected)
        option.state |= QStyle::State_Selected;
    option.palette.setColor(QPalette::Text, Qt::black);
    delegate.paint(&painter, option, model.index(0, 0));
    return image;
}

void TestTicketTableDelegate::paintsTheTextOnOneLine() {
    const QSize size(160, 24);
    QImage blank(size, QImage::Format_ARGB32);
    blank.fill(Qt::white);
    const QImage painted = render(u"Renewal notice period clarification for Zoë"_s, size, false);
    QVERIFY(painted != blank);
    // A long title stays within its cell: nothing is drawn outside the option's rectangle, and
    // the text is elided rather than wrapped to a second line that would be clipped.
    const QImage taller =
        render(u"Renewal notice period clarification for Zoë"_s, {160, 60}, false);
    int lowestInk = 0;
    for (int y = 0; y < taller.height(); ++y) {
        for (int x = 0; x < taller.width(); ++x) {
            if (taller.pixel(x, y) != taller.pixel(0, 0))
                lowestInk = y;
        }
    }
    QVERIFY2(lowestInk < 45, qPrintable(QString::number(lowestInk)));
}

void TestTicketTableDelegate::selectionChangesTheCell() {
    const QSize size(160, 24);
    QVERIFY(render(u"T-1042"_s, size, false) != render(u"T-1042"_s, size, true));
}

QTEST_MAIN(TestTicketTableDelegate)
#include "tst_tickettabledelegate.moc"
