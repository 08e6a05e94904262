// SPDX-License-Identifier: GPL-3.0-or-later
// HubSpotRecords: HubSpot's objects mapped to tickets, projects, prospects and interactions,
// non-ASCII intact, and a record missing what the app needs rejected with its property named.
#include "crm/HubSpotRecords.h"

#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

QJsonObject object(const QString &id, const QJsonObject &properties) {
    return QJsonObject{{u"id"_s, id}, {u"properties"_s, properties}};
}

HubSpotRecords::Directory directory() {
    HubSpotRecords::Directory d;
    d.owners.insert(u"501"_s, {u"Dana Ruiz"_s, u"dana@example.com"_s});
    d.ticketStages.insert(u"1"_s, {u"New"_s, u"Support"_s, false, false});
    d.ticketStages.insert(u"2"_s, {u"Waiting on contact"_s, u"Support"_s, false, true});
    d.ticketStages.insert(u"4"_s, {u"Closed"_s, u"Support"_s, true, false});
    d.ticketPipelines.insert(u"0"_s, u"Support Pipeline"_s);
    d.dealStages.insert(u"presentationscheduled"_s,
                        {u"Presentation scheduled"_s, {}, false, false});
    d.companyCurrency = u"EUR"_s;
    return d;
}

QJsonObject ticketJson() {
    return object(u"9001"_s, {{u"subject"_s, u"Angebot für die Übersetzung — Rückfrage"_s},
                              {u"content"_s, u"<p>Können Sie &amp; Ihr Team …</p>"_s},
                              {u"hs_pipeline"_s, u"0"_s},
                              {u"hs_pipeline_stage"_s, u"2"_s},
                              {u"hs_ticket_priority"_s, u"HIGH"_s},
                              {u"hs_ticket_category"_s, u"BILLING_ISSUE"_s},
                              {u"hubspot_owner_id"_s, u"501"_s},
                              {u"createdate"_s, u"2026-11-02T08:15:00.250Z"_s},
                              {u"hs_lastmodifieddate"_s, u"2026-11-20T14:03:00.123Z"_s}});
}

} // namespace

class TestHubSpotRecords : public QObject {
    Q_OBJECT

private slots:
    void ticketWithDealAndContact() {
        const Result<Ticket> ticket =
            HubSpotRecords::ticket(ticketJson(), directory(), u"700"_s, u"300"_s);
        QVERIFY2(ticket.ok(), qPrintable(ticket.ok() ? QString() : ticket.error().toString()));
        QCOMPARE(ticket->id, u"9001"_s);
        QCOMPARE(ticket->title, u"Angebot für die Übersetzung — Rückfrage"_s);
        QCOMPARE(ticket->description, u"Können Sie & Ihr Team …"_s);
        QCOMPARE(ticket->status, Ticket::Status::Pending);
        QCOMPARE(ticket->priority, Ticket::Priority::High);
        QCOMPARE(ticket->category, u"BILLING_ISSUE"_s);
        QVERIFY(ticket->assignee);
        QCOMPARE(ticket->assignee->name, u"Dana Ruiz"_s);
        QCOMPARE(ticket->projectId, u"700"_s);
        QCOMPARE(ticket->prospectId, u"300"_s);
        QCOMPARE(ticket->updatedAt.toMSecsSinceEpoch() % 1000, 123);
        QCOMPARE(ticket->updatedAt.timeSpec(), Qt::UTC);
    }

    void ticketWithoutDealTakesItsPipeline() {
        const Result<Ticket> ticket =
            HubSpotRecords::ticket(ticketJson(), directory(), {}, u"300"_s);
        QVERIFY(ticket.ok());
        QCOMPARE(ticket->projectId, u"pipeline:0"_s);
        const Result<Project> project =
            HubSpotRecords::pipelineProject(ticket->projectId, directory());
        QVERIFY(project.ok());
        QCOMPARE(project->name, u"Support Pipeline"_s);
    }

    void ticketWithoutContactOrSubjectIsRejectedNamingWhy() {
        const Result<Ticket> noContact = HubSpotRecords::ticket(ticketJson(), directory(), {}, {});
        QVERIFY(!noContact.ok());
        QCOMPARE(noContact.error().code(), OutreachError::Code::ContextInvalid);
        QCOMPARE(noContact.error().field(), u"associations.contacts"_s);
        QCOMPARE(noContact.error().entityId(), u"9001"_s);

        QJsonObject json = ticketJson();
        QJsonObject properties = json.value(u"properties"_s).toObject();
        properties.remove(u"subject"_s);
        json.insert(u"properties"_s, properties);
        const Result<Ticket> noSubject = HubSpotRecords::ticket(json, directory(), {}, u"3"_s);
        QVERIFY(!noSubject.ok());
        QCOMPARE(noSubject.error().field(), u"properties.subject"_s);

        properties.insert(u"subject"_s, u"x"_s);
        properties.insert(u"hs_lastmodifieddate"_s, u"gestern"_s);
        json.insert(u"properties"_s, properties);
        const Result<Ticket> badTime = HubSpotRecords::ticket(json, directory(), {}, u"3"_s);
        QVERIFY(!badTime.ok());
        QCOMPARE(badTime.error().field(), u"properties.hs_lastmodifieddate"_s);
    }

    void dealWithAmountLineItemsAndCloseDate() {
        const QJsonObject deal =
            object(u"700"_s, {{u"dealname"_s, u"Müller & Söhne — Lokalisierung 2027"_s},
                              {u"dealstage"_s, u"presentationscheduled"_s},
                              {u"amount"_s, u"48000.50"_s},
                              {u"deal_currency_code"_s, u"chf"_s},
                              {u"closedate"_s, u"2027-03-01T00:00:00Z"_s}});
        const QList<QJsonObject> items{object(u"1"_s, {{u"name"_s, u"Analytics Pro"_s}}),
                                       object(u"2"_s, {{u"name"_s, u"SSO add-on"_s}}),
                                       object(u"3"_s, {{u"name"_s, u"Analytics Pro"_s}})};
        const Result<Project> project = HubSpotRecords::project(deal, items, directory());
        QVERIFY(project.ok());
        QCOMPARE(project->name, u"Müller & Söhne — Lokalisierung 2027"_s);
        QCOMPARE(project->stage, u"Presentation scheduled"_s);
        QVERIFY(project->value);
        QCOMPARE(project->value->amount, 48000.5);
        QCOMPARE(project->value->currency, u"CHF"_s);
        QCOMPARE(project->products, (QStringList{u"Analytics Pro"_s, u"SSO add-on"_s}));
        QCOMPARE(project->keyDates.value(u"close"_s), u"2027-03-01"_s);
    }

    void dealAmountInTheAccountsCurrencyOrRejected() {
        const QJsonObject plain = object(u"7"_s, {{u"dealname"_s, u"D"_s}, {u"amount"_s, 100}});
        const Result<Project> project = HubSpotRecords::project(plain, {}, directory());
        QVERIFY(project.ok());
        QCOMPARE(project->value->currency, u"EUR"_s);
        const QJsonObject bad = object(u"8"_s, {{u"dealname"_s, u"D"_s}, {u"amount"_s, u"viel"_s}});
        const Result<Project> refused = HubSpotRecords::project(bad, {}, directory());
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().field(), u"properties.amount"_s);
    }

    void contactWithCompanyTimeZoneLanguageAndOptOut() {
        const QJsonObject contact =
            object(u"300"_s, {{u"firstname"_s, u"Zoë"_s},
                              {u"lastname"_s, u"Bäcker"_s},
                              {u"email"_s, u"zoe.baecker@mueller-soehne.example"_s},
                              {u"jobtitle"_s, u"Leiterin Einkauf"_s},
                              {u"hs_timezone"_s, u"europe_slash_berlin"_s},
                              {u"hs_language"_s, u"pt-br"_s},
                              {u"hs_email_optout"_s, u"true"_s}});
        const QJsonObject company = object(u"40"_s, {{u"name"_s, u"Müller & Söhne GmbH"_s}});
        const Result<ProspectHistory> prospect = HubSpotRecords::prospect(contact, company);
        QVERIFY(prospect.ok());
        QCOMPARE(prospect->prospect.name, u"Zoë Bäcker"_s);
        QCOMPARE(prospect->prospect.company, u"Müller & Söhne GmbH"_s);
        QCOMPARE(prospect->prospect.timezone, u"Europe/Berlin"_s);
        QCOMPARE(prospect->prospect.locale, u"pt-BR"_s);
        QVERIFY(prospect->prospect.doNotContact);
    }

    void engagementsBecomeInteractions() {
        const HubSpotRecords::Directory d = directory();
        const QJsonObject inbound = object(
            u"11"_s, {{u"hs_timestamp"_s, u"2026-11-19T09:00:00Z"_s},
                      {u"hs_email_direction"_s, u"INCOMING_EMAIL"_s},
                      {u"hs_email_subject"_s, u"Re: Angebot"_s},
                      {u"hs_email_text"_s, u"Danke für das Angebot."_s},
                      {u"hs_email_headers"_s,
                       u"{\"from\":{\"email\":\"zoe@x.example\",\"firstName\":\"Zoë\",\"lastName\":"
                       "\"Bäcker\"}}"_s}});
        const Result<Interaction> email =
            HubSpotRecords::interaction(u"emails"_s, inbound, u"9001"_s, d);
        QVERIFY(email.ok());
        QCOMPARE(email->id, u"email-11"_s);
        QCOMPARE(email->direction, Interaction::Direction::Inbound);
        QCOMPARE(email->author, u"Zoë Bäcker"_s);
        QCOMPARE(email->ticketId, u"9001"_s);

        const QJsonObject note = object(
            u"11"_s, {{u"hs_timestamp"_s, u"1763542800000"_s},
                      {u"hubspot_owner_id"_s, u"501"_s},
                      {u"hs_note_body"_s, u"<p>担当者は佐藤さんです。</p><p>来週連絡。</p>"_s}});
        const Result<Interaction> internal =
            HubSpotRecords::interaction(u"notes"_s, note, u"9001"_s, d);
        QVERIFY(internal.ok());
        QCOMPARE(internal->id, u"note-11"_s); // not the email's id
        QCOMPARE(internal->type, Interaction::Type::Note);
        QCOMPARE(internal->direction, Interaction::Direction::Internal);
        QCOMPARE(internal->author, u"Dana Ruiz"_s);
        QCOMPARE(internal->content, u"担当者は佐藤さんです。\n来週連絡。"_s);
        QCOMPARE(internal->occurredAt.toMSecsSinceEpoch(), 1763542800000);

        const QJsonObject ours = object(u"12"_s, {{u"hs_timestamp"_s, u"2026-11-21T10:00:00Z"_s},
                                                  {u"hs_email_direction"_s, u"EMAIL"_s},
                                                  {u"hs_email_text"_s, u"Hallo Zoë"_s},
                                                  {u"outreachgpt_message_id"_s, u"M-1"_s}});
        const Result<Interaction> outreach =
            HubSpotRecords::interaction(u"emails"_s, ours, u"9001"_s, d);
        QVERIFY(outreach.ok());
        QCOMPARE(outreach->type, Interaction::Type::OutreachMessage);
        QCOMPARE(outreach->direction, Interaction::Direction::Outbound);

        const QJsonObject call = object(
            u"13"_s, {{u"hs_call_title"_s, u"Rückruf"_s}, {u"hs_call_direction"_s, u"INBOUND"_s}});
        const Result<Interaction> undated =
            HubSpotRecords::interaction(u"calls"_s, call, u"9001"_s, d);
        QVERIFY(!undated.ok());
        QCOMPARE(undated.error().field(), u"properties.hs_timestamp"_s);
    }

    void htmlAndText() {
        QCOMPARE(HubSpotRecords::plainText(u"a<br>b<br/>c &lt;d&gt; &amp;"_s), u"a\nb\nc <d> &"_s);
        QCOMPARE(HubSpotRecords::htmlParagraphs(u"Hallo <Zoë>\nZeile\n\nAbsatz"_s),
                 u"<p>Hallo &lt;Zoë&gt;<br>Zeile</p><p>Absatz</p>"_s);
        QCOMPARE(HubSpotRecords::plainText(HubSpotRecords::htmlParagraphs(u"x & y"_s)), u"x & y"_s);
    }
};

QTEST_GUILESS_MAIN(TestHubSpotRecords)
#include "tst_hubspotrecords.moc"
