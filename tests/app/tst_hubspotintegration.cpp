// SPDX-License-Identifier: GPL-3.0-or-later
// The whole app against HubSpot, as a rep sees it: the real CompositionRoot and MainWindow on the
// offscreen platform with the CRM set to HubSpot and a private-app token, talking to the
// in-process fake HubSpot and fake model server. The rep syncs, opens a ticket with its deal,
// contact and history, generates, saves, and the message lands once on the ticket in HubSpot.
#include "FakeHubSpotServer.h"
#include "FakeModelServer.h"
#include "app/CompositionRoot.h"
#include "crm/CrmConnector.h"
#include "crm/Outbox.h"
#include "net/HttpTransport.h"
#include "storage/CacheStore.h"
#include "support/ChildWidget.h"
#include "support/TestRetryPolicies.h"
#include "ui/compose/ComposeController.h"
#include "ui/compose/ComposePane.h"
#include "ui/compose/ComposeSession.h"
#include "ui/itemmodels/TicketTableModel.h"
#include "ui/main/MainWindow.h"
#include "workspace/CrmSession.h"

#include <QAction>
#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

constexpr int Timeout = 20'000;

} // namespace

class TestHubSpotIntegration : public QObject {
    Q_OBJECT

private slots:
    void init() {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_hubSpot = std::make_unique<FakeHubSpotServer>();
        QVERIFY(m_hubSpot->start());
        m_hubSpot->seedSample();
        m_model = std::make_unique<FakeModelServer>();
        QVERIFY(m_model->start());
        qputenv(CrmSession::TokenVariable, m_hubSpot->token());
        QSettings settings(m_dir->filePath(u"settings.ini"_s), QSettings::IniFormat);
        settings.setValue(u"crm/kind"_s, u"hubspot"_s);
        settings.setValue(u"crm/baseUrl"_s, m_hubSpot->baseUrl().toString());
        settings.setValue(u"model/provider"_s, u"compatible"_s);
        settings.setValue(u"model/baseUrl"_s, m_model->openAiBaseUrl().toString());
        settings.setValue(u"model/name"_s, u"gpt-test"_s);
    }

    void cleanup() {
        m_root.reset();
        m_model.reset();
        m_hubSpot.reset();
        m_dir.reset();
        qunsetenv(CrmSession::TokenVariable);
    }

    void aRepSyncsOpensATicketGeneratesAndSavesIntoHubSpot() {
        CommandLine::Options options;
        options.dataDir = m_dir->path();
        options.keychainService = u"OutreachGPT-test-%1"_s.arg(QCoreApplication::applicationPid());
        m_root = std::make_unique<CompositionRoot>(options);
        const Result<void> started = m_root->start();
        QVERIFY2(started.ok(), qPrintable(started.ok() ? QString() : started.error().toString()));
        QVERIFY(m_root->crmSession());
        QCOMPARE(m_root->crmSession()->connector().kind(), CrmConnector::Kind::HubSpot);
        m_root->crmSession()->connector().transport()->setRetryPolicy(TestRetryPolicies::quick());
        MainWindow *window = m_root->mainWindow();
        window->resize(1440, 860);
        window->activateWindow();
        QApplication::setActiveWindow(window);
        QVERIFY(QTest::qWaitForWindowActive(window));

        // The start-up sync fills the list from HubSpot.
        const int tickets = m_hubSpot->store().objectCount(u"tickets"_s);
        QTRY_COMPARE_WITH_TIMEOUT(window->ticketModel()->rowCount(), tickets, Timeout);

        // Opening a ticket assembles its deal, contact and history live.
        QVERIFY(window->selectTicket(u"1001"_s));
        auto *source = child<QLabel>(window, u"contextSource"_s);
        QTRY_COMPARE_WITH_TIMEOUT(source->text(), u"Live from the CRM"_s, Timeout);
        ComposeSession *session = window->composeController()->session(u"1001"_s);
        QVERIFY(session);
        QTRY_COMPARE_WITH_TIMEOUT(session->prospectEmail(), u"zoe.baecker@mueller-soehne.de"_s,
                                  Timeout);
        QVERIFY(m_hubSpot->requestCount(u"assoc.batch"_s) > 0);

        // Generate: signed by the ticket's owner, facts from the ticket only.
        m_model->setReplyText(
            u"Hallo Frau Bäcker,\n\nvielen Dank für Ihre Rückfrage. Ja, die Terminologiepflege "
            "ist im Angebot enthalten. Passt Ihnen ein kurzes Telefonat in dieser Woche?\n\n"
            "Viele Grüße\nHanna Schmidt"_s);
        auto *pane = child<ComposePane>(window, u"composePane"_s);
        auto *prompt = child<QPlainTextEdit>(pane, u"promptEdit"_s);
        prompt->setFocus();
        prompt->insertPlainText(u"Antworte auf die Frage zur Terminologiepflege."_s);
        QTest::keyClick(window, Qt::Key_Return, Qt::ControlModifier);
        QTRY_VERIFY_WITH_TIMEOUT(
            !session->isRunning() && session->error() == std::nullopt
                && !child<QPlainTextEdit>(pane, u"bodyEdit"_s)->toPlainText().isEmpty(),
            Timeout);
        QTRY_VERIFY2_WITH_TIMEOUT(pane->saveAction()->isEnabled(),
                                  qPrintable(pane->saveAction()->toolTip()), Timeout);

        // Save: one email on the ticket and the contact, in HubSpot's own properties.
        const QString body = child<QPlainTextEdit>(pane, u"bodyEdit"_s)->toPlainText();
        const QString subject = child<QLineEdit>(pane, u"subjectEdit"_s)->text();
        child<QPlainTextEdit>(pane, u"bodyEdit"_s)->setFocus();
        QTest::keyClick(window, Qt::Key_S, Qt::ControlModifier);
        const auto ours = [this] {
            QList<const HubSpotStore::Object *> found;
            for (const HubSpotStore::Object *email : m_hubSpot->objects(u"emails"_s)) {
                if (!email->properties.value(u"outreachgpt_message_id"_s).isEmpty())
                    found.append(email);
            }
            return found;
        };
        QTRY_COMPARE_WITH_TIMEOUT(ours().size(), 1, Timeout);
        const HubSpotStore::Object *email = ours().constFirst();
        QCOMPARE(email->properties.value(u"hs_email_text"_s), body);
        QCOMPARE(email->properties.value(u"hs_email_subject"_s), subject);
        QVERIFY(!email->properties.value(u"outreachgpt_outbox_key"_s).isEmpty());
        bool onTicket = false;
        for (const auto &a : m_hubSpot->store().associations(u"emails"_s, email->id, u"tickets"_s))
            onTicket = onTicket || a.toId == u"1001";
        QVERIFY(onTicket);
        QTRY_COMPARE_WITH_TIMEOUT(m_root->crmSession()->outbox().pendingCount(), 0, Timeout);
        QTest::qWait(300);
        QCOMPARE(ours().size(), 1); // once
    }

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<FakeHubSpotServer> m_hubSpot;
    std::unique_ptr<FakeModelServer> m_model;
    std::unique_ptr<CompositionRoot> m_root;
};

QTEST_MAIN(TestHubSpotIntegration)
#include "tst_hubspotintegration.moc"
