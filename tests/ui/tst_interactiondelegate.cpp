// SPDX-License-Identifier: GPL-3.0-or-later
// The timeline card: tall enough for its wrapped text, and it really paints that text.
#include "ui/itemmodels/InteractionListModel.h"
#include "ui/main/InteractionDelegate.h"

#include <QImage>
#include <QListView>
#include <QPainter>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

Interaction entry(const QString &id, const QString &subject, const QString &content) {
    Interaction item;
    item.id = id;
    item.ticketId = u"T-1"_s;
    item.type = Interaction::Type::Email;
    item.direction = Interaction::Direction::Inbound;
    item.occurredAt = QDateTime(QDate(2026, 11, 20), QTime(14, 3), Qt::UTC);
    item.author = u"Zoë Müller"_s;
    item.subject = subject;
    item.content = content;
    return item;
}

// How many pixels of `image` differ from its top-left pixel (the background).
int inkedPixels(const QImage &image) {
    const QRgb background = image.pixel(0, 0);
    int count = 0;
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x)
            count += image.pixel(x, y) != background;
    }
    return count;
}

} // namespace

class TestInteractionDelegate : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void heightGrowsWithContent();
    void narrowerViewWrapsToMoreLines();
    void paintsItsText();

private:
    QSize hint(int row, int width) const;

    QListView *m_view = nullptr;
    InteractionListModel *m_model = nullptr;
    InteractionDelegate *m_delegate = nullptr;
};

void TestInteractionDelegate::init() {
    m_view = new QListView;
    m_model = new InteractionListModel(m_view);
    m_delegate = new InteractionDelegate(m_view);
    m_view->setModel(m_model);
    m_view->setItemDelegate(m_delegate);
    const QString longText =
        u"The pilot went well and the team would like pricing for 40 seats. "_s.repeated(12);
    m_model->setInteractions({entry(u"I-1"_s, u"Short"_s, u"Thanks!"_s),
                              entry(u"I-2"_s, u"Pilot results"_s, longText),
                              entry(u"I-3"_s, {}, {})});
}

void TestInteractionDelegate::cleanup() {
    delete m_view;
    m_view = nullptr;
}

QSize TestInteractionDelegate::hint(int row, int width) const {
    QStyleOptionViewItem option;
    option.initFrom(m_view);
    option.rect = QRect(0, 0, width, 0);
    return m_delegate->sizeHint(option, m_model->index(row));
}

void TestInteractionDelegate::heightGrowsWithContent() {
    // Rows are newest first but all share one time: input order is kept, I-1 first.
    const int shortCard = hint(0, 400).height();
    const int longCard = hint(1, 400).height();
    const int headlineOnly = hint(2, 400).height();
    QVERIFY(headlineOnly > 0);
    QVERIFY(shortCard > headlineOnly);
    QVERIFY2(longCard > shortCard * 2, qPrintable(u"%1 vs %2"_s.arg(longCard).arg(shortCard)));
}

void TestInteractionDelegate::narrowerViewWrapsToMoreLines() {
    QVERIFY(hint(1, 250).height() > hint(1, 600).height());
    QCOMPARE(hint(1, 250).width(), 250);
}

void TestInteractionDelegate::paintsItsText() {
    const QSize size = hint(0, 400);
    QImage blank(size, QImage::Format_ARGB32);
    blank.fill(Qt::white);
    QImage image = blank;
    {
        QPainter painter(&image);
        QStyleOptionViewItem option;
        option.initFrom(m_view);
        option.rect = QRect(QPoint(0, 0), size);
        option.palette.setColor(QPalette::Text, Qt::black);
        m_delegate->paint(&painter, option, m_model->index(0));
    }
    // The coloured edge alone is a few hundred pixels; text adds well beyond that.
    QVERIFY2(inkedPixels(image) > 600, qPrintable(QString::number(inkedPixels(image))));
}

QTEST_MAIN(TestInteractionDelegate)
#include "tst_interactiondelegate.moc"
