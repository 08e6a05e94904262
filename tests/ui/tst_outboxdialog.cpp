// SPDX-License-Identifier: GPL-3.0-or-later
// The refused-writes dialog: a refused message shows what waits behind it, Retry sends it and
// then the rest in order, Drop asks first and gives up on the message and its waiting writes.
#include "activity/ActivityTracker.h"
#include "crm/Outbox.h"
#include "support/AwaitTask.h"
#include "support/CrmTestRig.h"
#include "ui/main/OutboxDialog.h"

#include <QApplication>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QTableWidget>
#include <QTest>

using namespace Qt::StringLiterals;
using Fault = FakeCrmServer::Fault;

class TestOutboxDialog : public QObject {
    Q_OBJECT

    std::unique_ptr<CrmTestRig> m_rig;
    std::unique_ptr<Outbox> m_outbox;
    std::unique_ptr<ActivityTracker> m_tracker;

    // A message the CRM refuses, with its reply waiting behind it.
    bool refuseOneMessage() {
        m_rig->server.setFault(u"activities.post"_s, Fault::httpStatus(422), 1);
        OutreachActivity message;
        message.messageId = u"M-1"_s;
        message.subject = u"Renewal"_s;
        message.content = u"Hi Lee, a short note on the renewal."_s;
        message.createdAt = QDateTime::currentDateTimeUtc();
        if (!m_tracker->addOutreachActivity(u"T-1003"_s, message).ok())
            return false;
        if (!m_tracker
                 ->recordOutcome(u"T-1003"_s, u"M-1"_s, ActivityTracker::Milestone::RepliedPositive)
                 .ok())
            return false;
        awaitTask(m_outbox->deliver(Outbox::Mode::Flush));
        return m_outbox->failedCount() == 1 && m_outbox->waitingCount() >= 1;
    }

private slots:
    void init() {
        m_rig = std::make_unique<CrmTestRig>();
        QVERIFY(m_rig->start());
        m_outbox = std::make_unique<Outbox>(*m_rig->cache, m_rig->client);
        m_outbox->setPaused(true);
        m_tracker = std::make_unique<ActivityTracker>(*m_rig->cache, *m_outbox);
        QVERIFY(refuseOneMessage());
    }

    void cleanup() {
        m_tracker.reset();
        m_outbox.reset();
        m_rig.reset();
    }

    void aRefusedMessageSaysWhatWaitsAndRetrySendsAllInOrder() {
        OutboxDialog dialog(*m_outbox);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QCOMPARE(dialog.table()->rowCount(), 1);
        const QString what = dialog.table()->item(0, 1)->text();
        QVERIFY2(what.contains(u"wait for it"_s), qPrintable(what));
        const QString summary = dialog.findChild<QLabel *>()->text();
        QVERIFY2(summary.contains(u"wait for them"_s), qPrintable(summary));

        dialog.table()->selectRow(0);
        dialog.findChild<QPushButton *>(u"retryWriteButton"_s)->click();
        awaitTask(m_outbox->deliver(Outbox::Mode::Flush));
        QCOMPARE(m_outbox->pendingCount(), 0);
        QCOMPARE(m_rig->server.activities(u"T-1003"_s).size(), 1);
        QCOMPARE(m_rig->server.events(u"T-1003"_s).size(), 1);
        QTRY_COMPARE(dialog.table()->rowCount(), 0);
    }

    void dropAsksFirstThenGivesUpOnTheMessageAndItsWaitingWrites() {
        OutboxDialog dialog(*m_outbox);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        auto *drop = dialog.findChild<QPushButton *>(u"dropWriteButton"_s);
        QVERIFY(!drop->isEnabled()); // nothing selected
        dialog.table()->selectRow(0);
        QVERIFY(drop->isEnabled());

        // Cancel keeps everything.
        drop->click();
        auto *question = dialog.findChild<QMessageBox *>(u"dropConfirmation"_s);
        QVERIFY(question);
        QVERIFY2(question->text().contains(u"never get"_s), qPrintable(question->text()));
        question->button(QMessageBox::Cancel)->click();
        QCOMPARE(m_outbox->failedCount(), 1);
        QTRY_VERIFY(!dialog.findChild<QMessageBox *>(u"dropConfirmation"_s));

        drop->click();
        question = dialog.findChild<QMessageBox *>(u"dropConfirmation"_s);
        QVERIFY(question);
        question->findChild<QPushButton *>(u"confirmDropButton"_s)->click();
        QCOMPARE(m_outbox->failedCount(), 0);
        QCOMPARE(m_outbox->pendingCount(), 0);
        QCOMPARE(dialog.table()->rowCount(), 0);
        awaitTask(m_outbox->deliver(Outbox::Mode::Flush));
        QCOMPARE(m_rig->server.events().size(), 0);
        QCOMPARE(m_tracker->messages(u"T-1003"_s).size(), 1);
    }
};

QTEST_MAIN(TestOutboxDialog)
#include "tst_outboxdialog.moc"
