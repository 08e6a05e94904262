// SPDX-License-Identifier: GPL-3.0-or-later
// HubSpotStore's seeded workspaces: a small hand-written one in several languages, and a
// generated one of any size for benchmarks.

#include "HubSpotStore.h"

#include <QRandomGenerator>

using namespace Qt::StringLiterals;

namespace {

using Props = QHash<QString, QString>;

// 2026-11-02T08:00:00Z: the sample's first event.
constexpr qint64 sampleBase = 1'793'606'400'000;
constexpr qint64 hour = 3'600'000;

QString at(qint64 ms) {
    return HubSpotStore::isoTime(ms);
}

void seedStructure(HubSpotStore &store) {
    if (!store.owners().isEmpty())
        return;
    store.addOwner(
        {u"71001"_s, u"hanna.schmidt@example.de"_s, u"Hanna"_s, u"Schmidt"_s, 5001, false});
    store.addOwner(
        {u"71002"_s, u"camille.durand@example.fr"_s, u"Camille"_s, u"Durand"_s, 5002, false});
    store.addOwner(
        {u"71003"_s, u"takeshi.sato@example.jp"_s, u"Takeshi"_s, u"Satō"_s, 5003, false});
    store.addOwner(
        {u"71004"_s, u"former.agent@example.com"_s, u"Former"_s, u"Agent"_s, 5004, true});

    const auto ticketStage = [](const QString &id, const QString &label, bool closed) {
        return HubSpotStore::Stage{id, label,
                                   QJsonObject{{u"ticketState"_s, closed ? u"CLOSED"_s : u"OPEN"_s},
                                               {u"isClosed"_s, closed ? u"true"_s : u"false"_s}}};
    };
    store.addPipeline(
        {u"tickets"_s,
         u"0"_s,
         u"Support Pipeline"_s,
         {ticketStage(u"1"_s, u"New"_s, false), ticketStage(u"2"_s, u"Waiting on contact"_s, false),
          ticketStage(u"3"_s, u"Waiting on us"_s, false), ticketStage(u"4"_s, u"Closed"_s, true)}});
    const auto dealStage = [](const QString &id, const QString &label, const QString &p,
                              bool closed) {
        return HubSpotStore::Stage{
            id, label,
            QJsonObject{{u"isClosed"_s, closed ? u"true"_s : u"false"_s}, {u"probability"_s, p}}};
    };
    store.addPipeline(
        {u"deals"_s,
         u"default"_s,
         u"Sales Pipeline"_s,
         {dealStage(u"appointmentscheduled"_s, u"Appointment Scheduled"_s, u"0.2"_s, false),
          dealStage(u"qualifiedtobuy"_s, u"Qualified To Buy"_s, u"0.4"_s, false),
          dealStage(u"presentationscheduled"_s, u"Presentation Scheduled"_s, u"0.6"_s, false),
          dealStage(u"decisionmakerboughtin"_s, u"Decision Maker Bought-In"_s, u"0.8"_s, false),
          dealStage(u"contractsent"_s, u"Contract Sent"_s, u"0.9"_s, false),
          dealStage(u"closedwon"_s, u"Closed Won"_s, u"1.0"_s, true),
          dealStage(u"closedlost"_s, u"Closed Lost"_s, u"0.0"_s, true)}});
}

QString emailHeaders(const QString &fromEmail, const QString &fromName, const QString &toEmail) {
    return uR"({"from":{"email":"%1","firstName":"%2"},"to":[{"email":"%3"}],"cc":[],"bcc":[]})"_s
        .arg(fromEmail, fromName, toEmail);
}

} // namespace

void HubSpotStore::seedSample() {
    seedStructure(*this);
    const auto times = [](qint64 created, qint64 modified) {
        return Props{{u"createdate"_s, at(created)}, {u"hs_lastmodifieddate"_s, at(modified)}};
    };
    const auto with = [](Props base, const Props &more) {
        base.insert(more);
        return base;
    };

    addObject(u"companies"_s,
              with(times(sampleBase - 400 * hour, sampleBase - 300 * hour),
                   {{u"name"_s, u"Müller & Söhne GmbH"_s}, {u"domain"_s, u"mueller-soehne.de"_s}}),
              u"3001"_s);
    addObject(
        u"companies"_s,
        with(times(sampleBase - 390 * hour, sampleBase - 290 * hour),
             {{u"name"_s, u"Atelier Lefèvre SARL"_s}, {u"domain"_s, u"atelier-lefevre.fr"_s}}),
        u"3002"_s);
    addObject(
        u"companies"_s,
        with(times(sampleBase - 380 * hour, sampleBase - 280 * hour),
             {{u"name"_s, u"株式会社さくら翻訳"_s}, {u"domain"_s, u"sakura-honyaku.co.jp"_s}}),
        u"3003"_s);

    const auto contact = [&](const QString &id, const Props &props, qint64 modified) {
        Props all = props;
        all.insert(u"createdate"_s, at(sampleBase - 350 * hour));
        all.insert(u"lastmodifieddate"_s, at(modified));
        addObject(u"contacts"_s, all, id);
    };
    contact(u"2001"_s,
            {{u"firstname"_s, u"Zoë"_s},
             {u"lastname"_s, u"Bäcker"_s},
             {u"email"_s, u"zoe.baecker@mueller-soehne.de"_s},
             {u"jobtitle"_s, u"Leiterin Einkauf"_s},
             {u"company"_s, u"Müller & Söhne GmbH"_s},
             {u"hs_timezone"_s, u"europe_slash_berlin"_s},
             {u"hs_language"_s, u"de"_s},
             {u"hs_email_optout"_s, u"false"_s}},
            sampleBase - 20 * hour);
    contact(u"2002"_s,
            {{u"firstname"_s, u"François"_s},
             {u"lastname"_s, u"Lefèvre"_s},
             {u"email"_s, u"francois.lefevre@atelier-lefevre.fr"_s},
             {u"jobtitle"_s, u"Gérant"_s},
             {u"company"_s, u"Atelier Lefèvre SARL"_s},
             {u"hs_timezone"_s, u"europe_slash_paris"_s},
             {u"hs_language"_s, u"fr"_s},
             {u"hs_email_optout"_s, u"true"_s}},
            sampleBase - 19 * hour);
    contact(u"2003"_s,
            {{u"firstname"_s, u"花子"_s},
             {u"lastname"_s, u"佐藤"_s},
             {u"email"_s, u"hanako.sato@sakura-honyaku.co.jp"_s},
             {u"jobtitle"_s, u"プロジェクトマネージャー"_s},
             {u"company"_s, u"株式会社さくら翻訳"_s},
             {u"hs_timezone"_s, u"asia_slash_tokyo"_s},
             {u"hs_language"_s, u"ja"_s},
             {u"hs_email_optout"_s, u"false"_s}},
            sampleBase - 18 * hour);
    associate(u"contacts"_s, u"2001"_s, u"companies"_s, u"3001"_s);
    associate(u"contacts"_s, u"2002"_s, u"companies"_s, u"3002"_s);
    associate(u"contacts"_s, u"2003"_s, u"companies"_s, u"3003"_s);

    const auto deal = [&](const QString &id, const Props &props) {
        addObject(u"deals"_s,
                  with(times(sampleBase - 300 * hour, sampleBase - 30 * hour),
                       with(props, {{u"pipeline"_s, u"default"_s}})),
                  id);
    };
    deal(u"4001"_s,
         {{u"dealname"_s, u"Übersetzung Betriebshandbuch 2027"_s},
          {u"description"_s, u"Handbuch DE→EN/FR, 240 Seiten, Lieferung in drei Teilen"_s},
          {u"dealstage"_s, u"presentationscheduled"_s},
          {u"amount"_s, u"12500"_s},
          {u"deal_currency_code"_s, u"EUR"_s},
          {u"closedate"_s, at(sampleBase + 600 * hour)},
          {u"hubspot_owner_id"_s, u"71001"_s}});
    deal(u"4002"_s, {{u"dealname"_s, u"Localisation du site web"_s},
                     {u"description"_s, u"Site vitrine FR→DE, 35 pages"_s},
                     {u"dealstage"_s, u"qualifiedtobuy"_s},
                     {u"amount"_s, u"8400.50"_s},
                     {u"deal_currency_code"_s, u"EUR"_s},
                     {u"closedate"_s, at(sampleBase + 900 * hour)},
                     {u"hubspot_owner_id"_s, u"71002"_s}});
    deal(u"4003"_s, {{u"dealname"_s, u"取扱説明書の翻訳"_s},
                     {u"description"_s, u"日本語→英語、120ページ"_s},
                     {u"dealstage"_s, u"contractsent"_s},
                     {u"amount"_s, u"1500000"_s},
                     {u"deal_currency_code"_s, u"JPY"_s},
                     {u"closedate"_s, at(sampleBase + 300 * hour)},
                     {u"hubspot_owner_id"_s, u"71003"_s}});
    const auto lineItem = [&](const QString &id, const QString &dealId, const QString &name,
                              const QString &quantity, const QString &price) {
        addObject(u"line_items"_s,
                  with(times(sampleBase - 290 * hour, sampleBase - 290 * hour),
                       {{u"name"_s, name},
                        {u"quantity"_s, quantity},
                        {u"price"_s, price},
                        {u"amount"_s, QString::number(quantity.toDouble() * price.toDouble())}}),
                  id);
        associate(u"line_items"_s, id, u"deals"_s, dealId);
    };
    lineItem(u"5001"_s, u"4001"_s, u"Fachübersetzung DE→EN (Seite)"_s, u"240"_s, u"35"_s);
    lineItem(u"5002"_s, u"4001"_s, u"Terminologiepflege"_s, u"1"_s, u"4100"_s);
    lineItem(u"5003"_s, u"4002"_s, u"Traduction FR→DE (page)"_s, u"35"_s, u"240.01"_s);
    lineItem(u"5004"_s, u"4003"_s, u"翻訳(ページ)"_s, u"120"_s, u"12500"_s);
    associate(u"deals"_s, u"4001"_s, u"companies"_s, u"3001"_s);
    associate(u"deals"_s, u"4001"_s, u"contacts"_s, u"2001"_s);
    associate(u"deals"_s, u"4002"_s, u"companies"_s, u"3002"_s);
    associate(u"deals"_s, u"4002"_s, u"contacts"_s, u"2002"_s);
    associate(u"deals"_s, u"4003"_s, u"companies"_s, u"3003"_s);
    associate(u"deals"_s, u"4003"_s, u"contacts"_s, u"2003"_s);

    // 1004, 1005 and 1006 share one hs_lastmodifieddate millisecond: a sync that pages by
    // "modified after the last one seen" loses two of them.
    const qint64 sharedMs = sampleBase + 5 * hour + 123;
    const auto ticket = [&](const QString &id, qint64 created, qint64 modified, const Props &props,
                            const QString &contactId, const QString &companyId,
                            const QString &dealId) {
        addObject(u"tickets"_s,
                  with(times(created, modified), with(props, {{u"hs_pipeline"_s, u"0"_s}})), id);
        associate(u"tickets"_s, id, u"contacts"_s, contactId);
        associate(u"tickets"_s, id, u"companies"_s, companyId);
        if (!dealId.isEmpty())
            associate(u"tickets"_s, id, u"deals"_s, dealId);
    };
    ticket(u"1001"_s, sampleBase, sampleBase + 2 * hour,
           {{u"subject"_s, u"Angebot für die Übersetzung — Rückfrage"_s},
            {u"content"_s, u"Sehr geehrte Damen und Herren,\nwir haben Ihr Angebot über 12.500 € "
                           u"erhalten. Ist die Terminologiepflege im Preis enthalten? "
                           u"Mit freundlichen Grüßen, Zoë Bäcker"_s},
            {u"hs_pipeline_stage"_s, u"1"_s},
            {u"hs_ticket_priority"_s, u"HIGH"_s},
            {u"hs_ticket_category"_s, u"GENERAL_INQUIRY"_s},
            {u"hubspot_owner_id"_s, u"71001"_s}},
           u"2001"_s, u"3001"_s, u"4001"_s);
    ticket(u"1002"_s, sampleBase + hour, sampleBase + 3 * hour,
           {{u"subject"_s, u"Question sur le devis de localisation"_s},
            {u"content"_s, u"Bonjour, pourriez-vous préciser le délai de livraison ? "
                           u"Cordialement, François Lefèvre"_s},
            {u"hs_pipeline_stage"_s, u"2"_s},
            {u"hs_ticket_priority"_s, u"MEDIUM"_s},
            {u"hs_ticket_category"_s, u"GENERAL_INQUIRY"_s},
            {u"hubspot_owner_id"_s, u"71002"_s}},
           u"2002"_s, u"3002"_s, u"4002"_s);
    ticket(
        u"1003"_s, sampleBase + 2 * hour, sampleBase + 4 * hour,
        {{u"subject"_s, u"納期の確認について"_s},
         {u"content"_s, u"お世話になっております。取扱説明書の翻訳の納期を確認させてください。"_s},
         {u"hs_pipeline_stage"_s, u"3"_s},
         {u"hs_ticket_priority"_s, u"URGENT"_s},
         {u"hs_ticket_category"_s, u"PRODUCT_ISSUE"_s},
         {u"hubspot_owner_id"_s, u"71003"_s}},
        u"2003"_s, u"3003"_s, u"4003"_s);
    ticket(u"1004"_s, sampleBase + 3 * hour, sharedMs,
           {{u"subject"_s, u"Rechnung Nr. 2026-118 fehlt"_s},
            {u"content"_s, u"Uns liegt die Rechnung für Oktober nicht vor. Bitte erneut senden."_s},
            {u"hs_pipeline_stage"_s, u"1"_s},
            {u"hs_ticket_priority"_s, u"LOW"_s},
            {u"hs_ticket_category"_s, u"BILLING_ISSUE"_s},
            {u"hubspot_owner_id"_s, u"71001"_s}},
           u"2001"_s, u"3001"_s, QString()); // no deal
    ticket(u"1005"_s, sampleBase + 3 * hour + 1, sharedMs,
           {{u"subject"_s, u"Terminologieliste für Kapitel 4"_s},
            {u"content"_s, u"Anbei die aktualisierte Liste (Ölwechsel, Zündkerze, Größe)."_s},
            {u"hs_pipeline_stage"_s, u"3"_s},
            {u"hs_ticket_priority"_s, u"MEDIUM"_s},
            {u"hs_ticket_category"_s, u"FEATURE_REQUEST"_s},
            {u"hubspot_owner_id"_s, u"71001"_s}},
           u"2001"_s, u"3001"_s, u"4001"_s);
    ticket(u"1006"_s, sampleBase + 3 * hour + 2, sharedMs,
           {{u"subject"_s, u"Demande de rappel"_s},
            {u"content"_s, u"Merci de me rappeler demain matin, c'est à propos du glossaire."_s},
            {u"hs_pipeline_stage"_s, u"4"_s},
            {u"hs_ticket_priority"_s, u"LOW"_s},
            {u"hs_ticket_category"_s, u"GENERAL_INQUIRY"_s},
            {u"hubspot_owner_id"_s, u"71002"_s}},
           u"2002"_s, u"3002"_s, u"4002"_s);

    const auto engagement = [&](const QString &type, const QString &id, qint64 when,
                                const Props &props, const QString &ticketId,
                                const QString &contactId) {
        Props all = props;
        all.insert(u"hs_timestamp"_s, at(when));
        all.insert(u"hs_createdate"_s, at(when));
        all.insert(u"hs_lastmodifieddate"_s, at(when));
        addObject(type, all, id);
        associate(type, id, u"tickets"_s, ticketId);
        associate(type, id, u"contacts"_s, contactId);
    };
    engagement(u"emails"_s, u"6001"_s, sampleBase,
               {{u"hs_email_direction"_s, u"INCOMING_EMAIL"_s},
                {u"hs_email_subject"_s, u"Angebot für die Übersetzung — Rückfrage"_s},
                {u"hs_email_text"_s, u"Ist die Terminologiepflege im Preis enthalten?"_s},
                {u"hs_email_status"_s, u"SENT"_s},
                {u"hs_email_headers"_s, emailHeaders(u"zoe.baecker@mueller-soehne.de"_s, u"Zoë"_s,
                                                     u"hanna.schmidt@example.de"_s)}},
               u"1001"_s, u"2001"_s);
    engagement(u"emails"_s, u"6002"_s, sampleBase + hour,
               {{u"hs_email_direction"_s, u"EMAIL"_s},
                {u"hs_email_subject"_s, u"AW: Angebot für die Übersetzung — Rückfrage"_s},
                {u"hs_email_text"_s, u"Guten Tag Frau Bäcker, ja, sie ist enthalten."_s},
                {u"hs_email_status"_s, u"SENT"_s},
                {u"hubspot_owner_id"_s, u"71001"_s},
                {u"hs_email_headers"_s, emailHeaders(u"hanna.schmidt@example.de"_s, u"Hanna"_s,
                                                     u"zoe.baecker@mueller-soehne.de"_s)}},
               u"1001"_s, u"2001"_s);
    engagement(
        u"emails"_s, u"6003"_s, sampleBase + hour,
        {{u"hs_email_direction"_s, u"INCOMING_EMAIL"_s},
         {u"hs_email_subject"_s, u"Question sur le devis de localisation"_s},
         {u"hs_email_text"_s, u"Pourriez-vous préciser le délai de livraison ?"_s},
         {u"hs_email_status"_s, u"SENT"_s},
         {u"hs_email_headers"_s, emailHeaders(u"francois.lefevre@atelier-lefevre.fr"_s,
                                              u"François"_s, u"camille.durand@example.fr"_s)}},
        u"1002"_s, u"2002"_s);
    engagement(u"notes"_s, u"7001"_s, sampleBase + 2 * hour,
               {{u"hs_note_body"_s, u"佐藤様より電話あり。納期は来週金曜日を希望とのこと。"_s},
                {u"hubspot_owner_id"_s, u"71003"_s}},
               u"1003"_s, u"2003"_s);
    engagement(
        u"notes"_s, u"7002"_s, sampleBase + 2 * hour,
        {{u"hs_note_body"_s, u"Frau Bäcker bevorzugt Rückmeldung per E-Mail, nicht telefonisch."_s},
         {u"hubspot_owner_id"_s, u"71001"_s}},
        u"1001"_s, u"2001"_s);
    engagement(u"calls"_s, u"8001"_s, sampleBase + 90 * 60'000,
               {{u"hs_call_title"_s, u"Rückruf Frau Bäcker"_s},
                {u"hs_call_body"_s, u"Preisfrage geklärt, Angebot bleibt bestehen."_s},
                {u"hs_call_direction"_s, u"OUTBOUND"_s},
                {u"hubspot_owner_id"_s, u"71001"_s}},
               u"1001"_s, u"2001"_s);
    engagement(u"meetings"_s, u"8101"_s, sampleBase + 3 * hour,
               {{u"hs_meeting_title"_s, u"Point sur le glossaire"_s},
                {u"hs_meeting_body"_s, u"Revue du glossaire FR→DE avec M. Lefèvre."_s},
                {u"hubspot_owner_id"_s, u"71002"_s}},
               u"1002"_s, u"2002"_s);
}

void HubSpotStore::seedGenerated(int tickets, quint32 seed) {
    seedStructure(*this);
    QRandomGenerator random(seed);
    static const QStringList priorities{u"LOW"_s, u"MEDIUM"_s, u"HIGH"_s, u"URGENT"_s};
    static const QStringList stages{u"1"_s, u"2"_s, u"3"_s, u"4"_s};
    static const QStringList dealStages{u"appointmentscheduled"_s, u"qualifiedtobuy"_s,
                                        u"presentationscheduled"_s, u"contractsent"_s};
    static const QStringList owners{u"71001"_s, u"71002"_s, u"71003"_s};
    static const QStringList firstNames{u"Jürgen"_s, u"Amélie"_s, u"Ola"_s,
                                        u"Sven"_s,   u"Aiko"_s,   u"Noé"_s};
    static const QStringList lastNames{u"Groß"_s, u"Dubois"_s, u"Nordmann"_s,
                                       u"Kim"_s,  u"Yamada"_s, u"Ferreira"_s};
    // Spread over about a month; every third ticket shares the previous one's millisecond.
    const qint64 base = sampleBase - 30LL * 24 * hour;
    const qint64 step = qMax<qint64>(1, 30LL * 24 * hour / qMax(1, tickets));
    for (int i = 0; i < tickets; ++i) {
        const qint64 modified = base + qint64(i - (i % 3 == 2 ? 1 : 0)) * step;
        const qint64 created = base - 24 * hour + qint64(i) * step / 2;
        const QString n = QString::number(i + 1);
        const QString owner = owners[i % owners.size()];
        const QString company =
            addObject(u"companies"_s, {{u"name"_s, u"Firma %1 GmbH"_s.arg(n)},
                                       {u"domain"_s, u"firma%1.example"_s.arg(n)},
                                       {u"createdate"_s, at(created)},
                                       {u"hs_lastmodifieddate"_s, at(created)}});
        const QString first = firstNames[i % firstNames.size()];
        const QString contact = addObject(
            u"contacts"_s, {{u"firstname"_s, first},
                            {u"lastname"_s, lastNames[(i / firstNames.size()) % lastNames.size()]},
                            {u"email"_s, u"kontakt%1@firma%1.example"_s.arg(n)},
                            {u"jobtitle"_s, u"Einkauf"_s},
                            {u"company"_s, u"Firma %1 GmbH"_s.arg(n)},
                            {u"hs_language"_s, i % 2 ? u"de"_s : u"fr"_s},
                            {u"hs_email_optout"_s, i % 17 == 0 ? u"true"_s : u"false"_s},
                            {u"createdate"_s, at(created)},
                            {u"lastmodifieddate"_s, at(created)}});
        const QString deal = addObject(
            u"deals"_s, {{u"dealname"_s, u"Projekt %1"_s.arg(n)},
                         {u"description"_s, u"Übersetzung, Los %1"_s.arg(n)},
                         {u"dealstage"_s, dealStages[random.bounded(int(dealStages.size()))]},
                         {u"pipeline"_s, u"default"_s},
                         {u"amount"_s, QString::number(1000 + random.bounded(50000))},
                         {u"deal_currency_code"_s, u"EUR"_s},
                         {u"closedate"_s, at(modified + 30LL * 24 * hour)},
                         {u"hubspot_owner_id"_s, owner},
                         {u"createdate"_s, at(created)},
                         {u"hs_lastmodifieddate"_s, at(created)}});
        const QString ticket = addObject(
            u"tickets"_s,
            {{u"subject"_s, u"Anfrage %1: Rückfrage zum Angebot"_s.arg(n)},
             {u"content"_s,
              u"Guten Tag, wir haben eine Frage zu Angebot %1 für %2."_s.arg(n, first)},
             {u"hs_pipeline"_s, u"0"_s},
             {u"hs_pipeline_stage"_s, stages[random.bounded(int(stages.size()))]},
             {u"hs_ticket_priority"_s, priorities[random.bounded(int(priorities.size()))]},
             {u"hs_ticket_category"_s, u"GENERAL_INQUIRY"_s},
             {u"hubspot_owner_id"_s, owner},
             {u"createdate"_s, at(created)},
             {u"hs_lastmodifieddate"_s, at(modified)}});
        associate(u"contacts"_s, contact, u"companies"_s, company);
        associate(u"deals"_s, deal, u"companies"_s, company);
        associate(u"deals"_s, deal, u"contacts"_s, contact);
        associate(u"tickets"_s, ticket, u"contacts"_s, contact);
        associate(u"tickets"_s, ticket, u"companies"_s, company);
        associate(u"tickets"_s, ticket, u"deals"_s, deal);
        const auto engagement = [&](const QString &type, qint64 when, Props props) {
            props.insert(u"hs_timestamp"_s, at(when));
            props.insert(u"hs_createdate"_s, at(when));
            props.insert(u"hs_lastmodifieddate"_s, at(when));
            const QString id = addObject(type, props);
            associate(type, id, u"tickets"_s, ticket);
            associate(type, id, u"contacts"_s, contact);
        };
        engagement(u"emails"_s, created + hour,
                   {{u"hs_email_direction"_s, u"INCOMING_EMAIL"_s},
                    {u"hs_email_subject"_s, u"Anfrage %1"_s.arg(n)},
                    {u"hs_email_text"_s, u"Bitte um Rückmeldung zu Angebot %1."_s.arg(n)},
                    {u"hs_email_status"_s, u"SENT"_s}});
        engagement(u"emails"_s, created + 2 * hour,
                   {{u"hs_email_direction"_s, u"EMAIL"_s},
                    {u"hs_email_subject"_s, u"AW: Anfrage %1"_s.arg(n)},
                    {u"hs_email_text"_s, u"Vielen Dank, wir melden uns."_s},
                    {u"hs_email_status"_s, u"SENT"_s},
                    {u"hubspot_owner_id"_s, owner}});
        engagement(u"notes"_s, created + 3 * hour,
                   {{u"hs_note_body"_s, u"Kunde %1 telefonisch erreicht."_s.arg(n)},
                    {u"hubspot_owner_id"_s, owner}});
    }
}
