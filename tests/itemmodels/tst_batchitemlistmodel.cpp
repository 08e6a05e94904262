// SPDX-License-Identifier: GPL-3.0-or-later
// The review queue's model: rows in batch order, updates in place, the next draft to review.
#include "ui/itemmodels/BatchItemListModel.h"

#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;

class TestBatchItemListModel : public QObject {
    Q_OBJECT

private slots:
    void showsEachTicketWithItsState();
    void anUpdateChangesItsRowInPlace();
    void nextUnreviewedWrapsRoundAndSkipsTheRest();

private:
    static QList<BatchItem> items();
};

QList<BatchItem> TestBatchItemListModel::items() {
    QList<BatchItem> list;
    for (int position = 0; position < 4; ++position) {
        BatchItem item;
        item.jobId = 7;
        item.position = position;
        item.ticketId = u"T-%1"_s.arg(100 + position);
        item.status = BatchItem::Status::Drafted;
        list.append(item);
    }
    list[1].status = BatchItem::Status::Skipped;
    list[1].reason = u"Do not contact."_s;
    list[2].confidence = 0.82;
    list[2].findings = 2;
    list[2].blocking = 1;
    return list;
}

void TestBatchItemListModel::showsEachTicketWithItsState() {
    BatchItemListModel model;
    model.setItems(items(), {{u"T-102"_s, u"Renewal question"_s}});
    QCOMPARE(model.rowCount(), 4);
    const QModelIndex third = model.index(2);
    QCOMPARE(third.data(BatchItemListModel::TicketIdRole).toString(), u"T-102"_s);
    QCOMPARE(third.data(BatchItemListModel::FindingsRole).toInt(), 2);
    QCOMPARE(third.data(BatchItemListModel::BlockingRole).toInt(), 1);
    QCOMPARE(third.data(BatchItemListModel::ConfidenceRole).toDouble(), 0.82);
    const QString text = third.data().toString();
    QVERIFY2(text.startsWith(u"T-102 · Renewal question — "_s) && text.contains(u"82%"_s),
             qPrintable(text));
    QVERIFY(!model.index(0).data(BatchItemListModel::ConfidenceRole).isValid());
    QCOMPARE(model.index(1).data(Qt::ToolTipRole).toString(), u"Do not contact."_s);
}

void TestBatchItemListModel::anUpdateChangesItsRowInPlace() {
    BatchItemListModel model;
    model.setItems(items());
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    BatchItem approved = model.item(3);
    approved.review = BatchItem::Review::Approved;
    model.updateItem(approved);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.first().first().toModelIndex().row(), 3);
    QCOMPARE(reset.size(), 0);
    QCOMPARE(model.index(3).data(BatchItemListModel::ReviewRole).toInt(),
             int(BatchItem::Review::Approved));
    // Another job's item leaves the rows alone.
    BatchItem other = approved;
    other.jobId = 8;
    other.review = BatchItem::Review::Rejected;
    model.updateItem(other);
    QCOMPARE(changed.size(), 1);
}

void TestBatchItemListModel::nextUnreviewedWrapsRoundAndSkipsTheRest() {
    BatchItemListModel model;
    QList<BatchItem> list = items();
    list[3].review = BatchItem::Review::Approved;
    model.setItems(list);
    QCOMPARE(model.nextUnreviewed(-1), 0);
    QCOMPARE(model.nextUnreviewed(0), 2); // 1 was skipped by the batch, not drafted
    QCOMPARE(model.nextUnreviewed(2), 0); // 3 is approved: round to the start
    list[0].review = BatchItem::Review::Skipped;
    list[2].review = BatchItem::Review::Rejected;
    model.setItems(list);
    QCOMPARE(model.nextUnreviewed(0), -1);
    BatchItemListModel empty;
    QCOMPARE(empty.nextUnreviewed(-1), -1);
}

QTEST_GUILESS_MAIN(TestBatchItemListModel)
#include "tst_batchitemlistmodel.moc"
