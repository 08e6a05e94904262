// SPDX-License-Identifier: GPL-3.0-or-later
// The whole app with the rep's mailbox, as a rep sees it: the real CompositionRoot and
// MainWindow on the offscreen platform, the in-process fake CRM and model, and a private Dovecot
// as the rep's IMAP server. The rep generates, saves to Drafts, "sends" from their own client,
// the prospect answers, and the reply shows in the History tab and reaches the CRM once.
#include "FakeCrmServer.h"
#include "FakeModelServer.h"
#include "MailSamples.h"
#include "app/CompositionRoot.h"
#include "crm/CrmConnector.h"
#include "crm/Outbox.h"
#include "mail/ReceivedMail.h"
#include "net/HttpTransport.h"
#include "storage/CacheStore.h"
#include "storage/MailStore.h"
#include "support/ChildWidget.h"
#include "support/DovecotServer.h"
#include "support/TestRetryPolicies.h"
#include "ui/compose/ComposeController.h"
#include "ui/compose/ComposePane.h"
#include "ui/compose/ComposeSession.h"
#include "ui/compose/HistoryPanel.h"
#include "ui/itemmodels/TicketTableModel.h"
#include "ui/main/MainWindow.h"
#include "workspace/CrmSession.h"
#include "workspace/MailSettings.h"

#include <QAction>
#include <QApplication>
#include <QFile>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

constexpr int Timeout = 20'000;
constexpr auto Token = "test-token"; // the fake CRM's
const QString TicketId = u"T-1042"_s;
const QString Prospect = u"jose.alvarez@hispano-retail.example"_s;

// Every line of the tree's items, children included.
QStringList treeText(QTreeWidget *tree) {
    QStringList lines;
    std::function<void(QTreeWidgetItem *)> walk = [&](QTreeWidgetItem *item) {
        QStringList columns;
        for (int c = 0; c < item->columnCount(); ++c)
            columns.append(item->text(c));
        lines.append(columns.join(u" | "_s));
        for (int i = 0; i < item->childCount(); ++i)
            walk(item->child(i));
    };
    for (int i = 0; i < tree->topLevelItemCount(); ++i)
        walk(tree->topLevelItem(i));
    return lines;
}

} // namespace

class TestMailIntegration : public QObject {
    Q_OBJECT

private slots:
    void init() {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_crm = std::make_unique<FakeCrmServer>();
        QVERIFY(m_crm->start());
        QVERIFY(m_crm->loadWorkspace());
        m_model = std::make_unique<FakeModelServer>();
        QVERIFY(m_model->start());
        m_dovecot = std::make_unique<DovecotServer>();
        const Result<void> started = m_dovecot->start();
        QVERIFY2(started.ok(), qPrintable(started.ok() ? QString() : started.error().message()));
        QFile ca(m_dir->filePath(u"company-ca.pem"_s));
        QVERIFY(ca.open(QIODevice::WriteOnly));
        ca.write(m_dovecot->caCertificate().toPem());
        ca.close();

        qputenv(CrmSession::TokenVariable, Token);
        qputenv(MailSettings::PasswordVariable, m_dovecot->password().toUtf8());
        QSettings settings(m_dir->filePath(u"settings.ini"_s), QSettings::IniFormat);
        settings.setValue(u"crm/baseUrl"_s, m_crm->baseUrl().toString());
        settings.setValue(u"model/provider"_s, u"compatible"_s);
        settings.setValue(u"model/baseUrl"_s, m_model->openAiBaseUrl().toString());
        settings.setValue(u"model/name"_s, u"gpt-test"_s);
        MailSettings mail;
        mail.account = m_dovecot->account(MailAccount::Security::Tls);
        mail.from = {u"Elena Costa"_s, u"elena.costa@vendor.example"_s};
        mail.caFile = ca.fileName();
        mail.watchByDefault = true;
        mail.save(settings);
    }

    void cleanup() {
        m_root.reset();
        m_dovecot.reset();
        m_model.reset();
        m_crm.reset();
        m_dir.reset();
        qunsetenv(CrmSession::TokenVariable);
        qunsetenv(MailSettings::PasswordVariable);
    }

    void aDraftSavedToDraftsIsAnsweredAndTheReplyReachesTheCrmOnce() {
        CommandLine::Options options;
        options.dataDir = m_dir->path();
        options.keychainService = u"OutreachGPT-test-%1"_s.arg(QCoreApplication::applicationPid());
        m_root = std::make_unique<CompositionRoot>(options);
        const Result<void> started = m_root->start();
        QVERIFY2(started.ok(), qPrintable(started.ok() ? QString() : started.error().toString()));
        QVERIFY(m_root->crmSession());
        m_root->crmSession()->connector().transport()->setRetryPolicy(TestRetryPolicies::quick());
        MainWindow *window = m_root->mainWindow();
        window->resize(1440, 860);
        QTRY_VERIFY_WITH_TIMEOUT(window->ticketModel()->rowCount() > 0, Timeout);
        QVERIFY(window->selectTicket(TicketId));
        ComposeSession *session = window->composeController()->session(TicketId);
        QTRY_COMPARE_WITH_TIMEOUT(session->prospectEmail(), Prospect, Timeout);

        m_model->setReplyText(u"Hola José,\n\ngracias por su tiempo. ¿Le viene bien una llamada "
                              "breve el jueves para revisar el plan de recuperación?\n\n"
                              "Saludos,\nElena Costa"_s);
        auto *pane = child<ComposePane>(window, u"composePane"_s);
        auto *prompt = child<QPlainTextEdit>(pane, u"promptEdit"_s);
        prompt->setFocus();
        prompt->insertPlainText(u"Propón una llamada."_s);
        QTest::keyClick(window, Qt::Key_Return, Qt::ControlModifier);
        auto *bodyEdit = child<QPlainTextEdit>(pane, u"bodyEdit"_s);
        QTRY_VERIFY_WITH_TIMEOUT(!session->isRunning() && !bodyEdit->toPlainText().isEmpty(),
                                 Timeout);
        QVERIFY(pane->watchAction()->isChecked()); // the Mail page's default
        QTRY_VERIFY2_WITH_TIMEOUT(pane->saveToDraftsAction()->isEnabled(),
                                  qPrintable(pane->saveToDraftsAction()->toolTip()), Timeout);
        const QString body = bodyEdit->toPlainText();
        const QString subject = child<QLineEdit>(pane, u"subjectEdit"_s)->text().trimmed();

        // Save to Drafts (Ctrl+Shift+D): on the ticket's history and in the rep's Drafts folder.
        bodyEdit->setFocus();
        QTest::keyClick(window, Qt::Key_D, Qt::ControlModifier | Qt::ShiftModifier);
        const auto drafts = [this] {
            const Result<QList<QByteArray>> stored = m_dovecot->messages(u"Drafts"_s);
            return stored.ok() ? stored.value() : QList<QByteArray>();
        };
        QTRY_COMPARE_WITH_TIMEOUT(drafts().size(), 1, Timeout);
        // Save to Drafts has finished when the action is offered again.
        QTRY_VERIFY_WITH_TIMEOUT(pane->saveToDraftsAction()->isEnabled(), Timeout);
        const QByteArray draft = drafts().first();
        const Result<ReceivedMail> read = ReceivedMail::parse(draft);
        QVERIFY(read.ok());
        QCOMPARE(read.value().subject, subject);
        QCOMPARE(read.value().text, body.endsWith(u'\n') ? body : body + u'\n');
        QCOMPARE(read.value().from.address, u"elena.costa@vendor.example"_s);
        QVERIFY(draft.contains("\r\nX-Unsent: 1\r\n"));
        QVERIFY(session->isSaved());
        const std::optional<MailStore::Entry> entry =
            MailStore(*m_root->cache()).entry(session->savedMessageId());
        QVERIFY(entry && entry->watched);
        QCOMPARE(entry->rfcMessageId, read.value().messageId);

        // The rep sends it from their client (the copy in Sent); José answers.
        QByteArray sent = draft;
        sent.replace("X-Unsent: 1\r\n", "");
        QVERIFY(m_dovecot->deliver(u"Sent"_s, sent).ok());
        QVERIFY(m_dovecot
                    ->deliver(u"INBOX"_s,
                              MailSamples::reply(
                                  entry->rfcMessageId, u"José Álvarez <%1>"_s.arg(Prospect),
                                  u"RE: "_s + subject,
                                  QDateTime::currentDateTimeUtc().toString(Qt::RFC2822Date)))
                    .ok());
        pane->checkMailboxAction()->trigger();

        // Recorded once, shown with where it was seen, and delivered to the CRM once.
        const QString messageId = session->savedMessageId();
        const auto events = [this] { return m_crm->events(TicketId); };
        QTRY_COMPARE_WITH_TIMEOUT(events().size(), 2, Timeout);
        QCOMPARE(events().at(0).value(u"type"_s).toString(), u"sent"_s);
        QCOMPARE(events().at(1).value(u"type"_s).toString(), u"replied"_s);
        auto *history = child<HistoryPanel>(pane, u"historyPanel"_s);
        QTRY_VERIFY_WITH_TIMEOUT(
            treeText(history->tree()).join(u'\n').contains(u"reply from José Álvarez"_s), Timeout);
        const QString shown = treeText(history->tree()).join(u'\n');
        QVERIFY2(shown.contains(u"replied (set the sentiment)"_s), qPrintable(shown));
        QVERIFY2(shown.contains(u"Sent folder “Sent”"_s), qPrintable(shown));

        // Checking again finds the same mail and sends nothing more.
        pane->checkMailboxAction()->trigger();
        QTest::qWait(1500);
        QCOMPARE(events().size(), 2);
        QCOMPARE(m_root->crmSession()->outbox().pendingCount(), 0);
        QCOMPARE(MailStore(*m_root->cache()).detections(messageId).size(), 2);
    }

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<FakeCrmServer> m_crm;
    std::unique_ptr<FakeModelServer> m_model;
    std::unique_ptr<DovecotServer> m_dovecot;
    std::unique_ptr<CompositionRoot> m_root;
};

QTEST_MAIN(TestMailIntegration)
#include "tst_mailintegration.moc"
