// SPDX-License-Identifier: GPL-3.0-or-later
// The detail pane shows what the cache knows about a ticket, and never renders CRM text as markup.
#include "ui/itemmodels/InteractionListModel.h"
#include "ui/main/TicketDetailPane.h"

#include <QTest>

using namespace Qt::StringLiterals;

namespace {

Ticket sampleTicket() {
    Ticket ticket;
    ticket.id = u"T-7"_s;
    ticket.title = u"Pricing for <b>Zoë</b>"_s;
    ticket.description = u"First paragraph.\n\nSecond <script>alert(1)</script> paragraph."_s;
    ticket.status = Ticket::Status::Pending;
    ticket.priority = Ticket::Priority::Urgent;
    ticket.category = u"renewal"_s;
    ticket.assignee = Ticket::Assignee{u"Dana Ruiz"_s, u"dana@example.com"_s};
    ticket.projectId = u"P-1"_s;
    ticket.prospectId = u"C-1"_s;
    ticket.createdAt = QDateTime(QDate(2026, 11, 1), QTime(9, 0), Qt::UTC);
    ticket.updatedAt = QDateTime(QDate(2026, 11, 20), QTime(14, 3), Qt::UTC);
    return ticket;
}

Interaction interaction(const QString &id, int day) {
    Interaction item;
    item.id = id;
    item.ticketId = u"T-7"_s;
    item.type = Interaction::Type::Email;
    item.direction = Interaction::Direction::Inbound;
    item.occurredAt = QDateTime(QDate(2026, 11, day), QTime(10, 0), Qt::UTC);
    item.author = u"Lee Park"_s;
    item.subject = u"Subject "_s + id;
    item.content = u"Content "_s + id;
    return item;
}

} // namespace

class TestTicketDetailPane : public QObject {
    Q_OBJECT

private slots:
    void startsEmpty();
    void showsTicketProjectAndProspect();
    void escapesCrmText();
    void saysWhatIsMissingFromTheCache();
    void timelineIsNewestFirst();
};

void TestTicketDetailPane::startsEmpty() {
    TicketDetailPane pane;
    QVERIFY(pane.ticketId().isEmpty());
    QVERIFY(pane.detailsText().contains(u"Select a ticket"_s));
    QCOMPARE(pane.interactionModel()->rowCount(), 0);
}

void TestTicketDetailPane::showsTicketProjectAndProspect() {
    Project project;
    project.id = u"P-1"_s;
    project.name = u"Acme analytics rollout"_s;
    project.stage = u"evaluation"_s;
    project.products = {u"Analytics Pro"_s, u"SSO add-on"_s};
    project.keyDates = {{u"renewal"_s, u"2027-03-01"_s}};
    ProspectHistory prospect;
    prospect.prospect.id = u"C-1"_s;
    prospect.prospect.name = u"Łukasz Wójcik"_s;
    prospect.prospect.company = u"Åkesson & Söner AB"_s;
    prospect.prospect.doNotContact = true;
    prospect.preferences.tone = u"concise"_s;
    prospect.preferences.avoid = {u"discount talk"_s};
    prospect.pastOutcomes.append({u"M-9"_s, QDateTime::currentDateTimeUtc(), true, false});

    TicketDetailPane pane;
    pane.showTicket(sampleTicket(), project, prospect, {interaction(u"I-1"_s, 3)});
    QCOMPARE(pane.ticketId(), u"T-7"_s);
    const QString text = pane.detailsText();
    for (const QString &expected :
         {u"T-7"_s, u"Pending"_s, u"Urgent"_s, u"renewal"_s, u"Dana Ruiz"_s,
          u"Acme analytics rollout"_s, u"Analytics Pro, SSO add-on"_s, u"2027-03-01"_s,
          u"Łukasz Wójcik"_s, u"Åkesson & Söner AB"_s, u"concise"_s, u"discount talk"_s, u"M-9"_s,
          u"Do not contact"_s, u"Second"_s}) {
        QVERIFY2(text.contains(expected), qPrintable(expected));
    }
}

void TestTicketDetailPane::escapesCrmText() {
    TicketDetailPane pane;
    pane.showTicket(sampleTicket(), std::nullopt, std::nullopt, {});
    const QString text = pane.detailsText();
    QVERIFY2(text.contains(u"Pricing for <b>Zoë</b>"_s), qPrintable(text));
    QVERIFY(text.contains(u"<script>alert(1)</script>"_s));
}

void TestTicketDetailPane::saysWhatIsMissingFromTheCache() {
    TicketDetailPane pane;
    pane.showTicket(sampleTicket(), std::nullopt, std::nullopt, {});
    const QString text = pane.detailsText();
    QVERIFY(text.contains(u"Project P-1 is not in the cache"_s));
    QVERIFY(text.contains(u"Prospect C-1 is not in the cache"_s));
}

void TestTicketDetailPane::timelineIsNewestFirst() {
    TicketDetailPane pane;
    pane.showTicket(sampleTicket(), std::nullopt, std::nullopt,
                    {interaction(u"I-1"_s, 3), interaction(u"I-3"_s, 9), interaction(u"I-2"_s, 5)});
    InteractionListModel *model = pane.interactionModel();
    QCOMPARE(model->rowCount(), 3);
    QCOMPARE(model->index(0).data(InteractionListModel::InteractionIdRole).toString(), u"I-3"_s);
    QCOMPARE(model->index(2).data(InteractionListModel::InteractionIdRole).toString(), u"I-1"_s);
    pane.clear();
    QCOMPARE(model->rowCount(), 0);
    QVERIFY(pane.ticketId().isEmpty());
}

QTEST_MAIN(TestTicketDetailPane)
#include "tst_ticketdetailpane.moc"
