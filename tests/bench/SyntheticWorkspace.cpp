// SPDX-License-Identifier: GPL-3.0-or-later
#include "SyntheticWorkspace.h"

#include <QRandomGenerator>
#include <QStringList>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

const QStringList firstNames = {
    u"Zoë"_s,    u"José"_s,   u"Łukasz"_s,  u"Søren"_s,  u"Françoise"_s, u"Björn"_s,  u"Chloé"_s,
    u"Renée"_s,  u"Jürgen"_s, u"Anaïs"_s,   u"Ólafur"_s, u"Anna"_s,      u"James"_s,  u"Maria"_s,
    u"David"_s,  u"Sarah"_s,  u"Michael"_s, u"Laura"_s,  u"Thomas"_s,    u"Emma"_s,   u"Daniel"_s,
    u"Olivia"_s, u"Lucas"_s,  u"Sophie"_s,  u"Peter"_s,  u"Hannah"_s,    u"Marco"_s,  u"Aisha"_s,
    u"Kenji"_s,  u"Priya"_s,  u"Omar"_s,    u"Grace"_s,  u"Ivan"_s,      u"Fatima"_s, u"Liam"_s,
};

const QStringList lastNames = {
    u"Müller"_s,  u"Álvarez"_s,  u"Wróbel"_s,   u"Kjær"_s,    u"Dupré"_s,   u"Ågren"_s,
    u"Lefèvre"_s, u"Dvořák"_s,   u"Smith"_s,    u"Johnson"_s, u"Brown"_s,   u"Garcia"_s,
    u"Rossi"_s,   u"Nakamura"_s, u"Patel"_s,    u"Kim"_s,     u"Novak"_s,   u"Jansen"_s,
    u"Schmidt"_s, u"O'Brien"_s,  u"Nguyen"_s,   u"Silva"_s,   u"Walker"_s,  u"Fischer"_s,
    u"Moreau"_s,  u"Eriksson"_s, u"Kowalski"_s, u"Hughes"_s,  u"Bianchi"_s, u"Tanaka"_s,
};

const QStringList companyStems = {
    u"Nordwind"_s,  u"Acme"_s,       u"Globex"_s,    u"Initech"_s,   u"Umbrella"_s,   u"Hooli"_s,
    u"Vandelay"_s,  u"Stark"_s,      u"Cyberdyne"_s, u"Tyrell"_s,    u"Aperture"_s,   u"Wonka"_s,
    u"Dunder"_s,    u"Pied Piper"_s, u"Oscorp"_s,    u"Zöllner"_s,   u"Škoda"_s,      u"Crème"_s,
    u"Bergström"_s, u"Łódź"_s,       u"Núñez"_s,     u"Halvorsen"_s, u"Blue Fjord"_s, u"Redwood"_s,
    u"Kestrel"_s,   u"Helios"_s,     u"Quantum"_s,   u"Maple"_s,     u"Orion"_s,      u"Atlas"_s,
};

const QStringList companyTrades = {
    u"Logistics"_s, u"Health"_s, u"Retail"_s, u"Energy"_s,    u"Systems"_s, u"Foods"_s,
    u"Bank"_s,      u"Labs"_s,   u"Media"_s,  u"Insurance"_s, u"Motors"_s,  u"Software"_s,
};

const QStringList companyForms = {
    u"GmbH"_s, u"Ltd"_s, u"Inc."_s, u"S.A."_s, u"AB"_s, u"SARL"_s, u"AG"_s, u"B.V."_s, QString(),
};

const QStringList jobTitles = {
    u"Head of Sales Operations"_s,
    u"VP Marketing"_s,
    u"IT Director"_s,
    u"Procurement Manager"_s,
    u"CFO"_s,
    u"Data Platform Lead"_s,
    u"Customer Success Manager"_s,
    u"CTO"_s,
    u"Operations Manager"_s,
    u"Directrice commerciale"_s,
    u"Geschäftsführer"_s,
    u"Analytics Manager"_s,
};

const QStringList categories = {
    u"Onboarding"_s, u"Renewal"_s,     u"Upsell"_s,          u"Support escalation"_s,
    u"Pricing"_s,    u"Integration"_s, u"Security review"_s, u"Churn risk"_s,
};

const QStringList titleLeads = {
    u"Follow up on"_s,
    u"Schedule demo of"_s,
    u"Pricing question about"_s,
    u"Renewal of"_s,
    u"Escalation:"_s,
    u"Trial feedback on"_s,
    u"Contract review for"_s,
    u"Intro call re"_s,
    u"Upsell"_s,
    u"Integration issue with"_s,
    u"Quote for"_s,
    u"Workshop on"_s,
};

// Topic words. "analytics" is one of about a hundred, so it occurs in a few percent of titles
// and a fair share of descriptions, which is what the search benchmark types.
const QStringList topics = {
    u"analytics"_s,
    u"dashboard"_s,
    u"pricing"_s,
    u"onboarding"_s,
    u"integration"_s,
    u"SSO"_s,
    u"API"_s,
    u"reporting"_s,
    u"licence"_s,
    u"seats"_s,
    u"renewal"_s,
    u"migration"_s,
    u"data"_s,
    u"warehouse"_s,
    u"pipeline"_s,
    u"forecast"_s,
    u"CRM"_s,
    u"sync"_s,
    u"export"_s,
    u"security"_s,
    u"audit"_s,
    u"compliance"_s,
    u"GDPR"_s,
    u"invoice"_s,
    u"billing"_s,
    u"discount"_s,
    u"trial"_s,
    u"pilot"_s,
    u"rollout"_s,
    u"training"_s,
    u"workshop"_s,
    u"support"_s,
    u"SLA"_s,
    u"uptime"_s,
    u"latency"_s,
    u"mobile"_s,
    u"app"_s,
    u"plugin"_s,
    u"Salesforce"_s,
    u"HubSpot"_s,
    u"Slack"_s,
    u"Teams"_s,
    u"connector"_s,
    u"webhook"_s,
    u"quota"_s,
    u"upgrade"_s,
    u"enterprise"_s,
    u"plan"_s,
    u"tier"_s,
    u"contract"_s,
    u"procurement"_s,
    u"legal"_s,
    u"review"_s,
    u"budget"_s,
    u"Q1"_s,
    u"Q2"_s,
    u"Q3"_s,
    u"Q4"_s,
    u"EMEA"_s,
    u"APAC"_s,
    u"expansion"_s,
    u"admin"_s,
    u"permissions"_s,
    u"roles"_s,
    u"backup"_s,
    u"storage"_s,
    u"performance"_s,
    u"scaling"_s,
    u"proposal"_s,
    u"quote"_s,
    u"meeting"_s,
    u"demo"_s,
    u"follow-up"_s,
    u"champion"_s,
    u"stakeholder"_s,
    u"sign-off"_s,
    u"timeline"_s,
    u"kickoff"_s,
    u"feedback"_s,
    u"survey"_s,
    u"NPS"_s,
    u"churn"_s,
    u"retention"_s,
    u"usage"_s,
    u"adoption"_s,
    u"metrics"_s,
    u"KPI"_s,
    u"ROI"_s,
    u"case study"_s,
    u"reference"_s,
    u"partner"_s,
    u"reseller"_s,
    u"Zürich office"_s,
    u"München"_s,
    u"São Paulo"_s,
    u"Kraków"_s,
    u"Malmö"_s,
    u"Besançon"_s,
    u"café chain"_s,
    u"résumé parsing"_s,
};

const QStringList fillers = {
    u"the"_s,     u"customer"_s, u"asked"_s, u"about"_s,    u"their"_s,     u"team"_s,
    u"wants"_s,   u"before"_s,   u"after"_s, u"call"_s,     u"email"_s,     u"mentioned"_s,
    u"next"_s,    u"week"_s,     u"with"_s,  u"needs"_s,    u"for"_s,       u"and"_s,
    u"on"_s,      u"is"_s,       u"still"_s, u"waiting"_s,  u"concerned"_s, u"by"_s,
    u"current"_s, u"new"_s,      u"their"_s, u"internal"_s, u"approval"_s,  u"deadline"_s,
};

class Generator {
public:
    explicit Generator(quint32 seed)
        : m_rng(seed) {}

    int below(int n) { return int(m_rng.bounded(quint32(n))); }
    int between(int low, int high) { return low + below(high - low + 1); }
    bool chance(int percent) { return below(100) < percent; }
    const QString &pick(const QStringList &list) { return list.at(below(int(list.size()))); }

    // Words until the text is at least `minimum` long, never longer than `maximum` (cut at a
    // word boundary).
    QString words(QString text, int minimum, int maximum, int topicPercent) {
        const int target = between(minimum, maximum);
        while (text.size() < target) {
            const QString &word = chance(topicPercent) ? pick(topics) : pick(fillers);
            if (!text.isEmpty())
                text.append(u' ');
            text.append(word);
        }
        if (text.size() > maximum) {
            const qsizetype cut = text.lastIndexOf(u' ', maximum);
            text.truncate(cut >= minimum ? cut : maximum);
        }
        return text;
    }

    QString title() {
        QString text = pick(titleLeads);
        return words(std::move(text), 30, 80, 85);
    }

    QString description() {
        // Sentences of 6-14 words, until the description is 100-400 characters.
        const int target = between(100, 400);
        QString text;
        while (text.size() < target) {
            QString sentence = words({}, 30, 90, 40);
            sentence[0] = sentence[0].toUpper();
            if (!text.isEmpty())
                text.append(u' ');
            text.append(sentence).append(u'.');
        }
        if (text.size() > 400) {
            const qsizetype cut = text.lastIndexOf(u' ', 399);
            text.truncate(cut >= 100 ? cut : 400);
            text.append(u'.');
        }
        return text;
    }

    QString personName() { return pick(firstNames) + u' ' + pick(lastNames); }

    QString company() {
        QString name = pick(companyStems) + u' ' + pick(companyTrades);
        const QString &form = pick(companyForms);
        if (!form.isEmpty())
            name += u' ' + form;
        return name;
    }

    static QString emailFor(const QString &name, const QString &domain) {
        QString local;
        for (const QChar c : name.normalized(QString::NormalizationForm_KD)) {
            if (c.isLetter() && c.unicode() < 0x80)
                local.append(c.toLower());
            else if (c == u' ')
                local.append(u'.');
        }
        return local + u'@' + domain;
    }

    QDateTime timestamp(qint64 fromMs, qint64 spanSeconds) {
        const qint64 seconds = qint64(m_rng.bounded(quint32(spanSeconds)));
        return QDateTime::fromMSecsSinceEpoch(fromMs + seconds * 1000 + below(1000), Qt::UTC);
    }

private:
    QRandomGenerator m_rng;
};

} // namespace

SyntheticWorkspace SyntheticWorkspace::generate(int ticketCount, quint32 seed) {
    Generator g(seed);
    SyntheticWorkspace workspace;
    const int projectCount = std::max(1, ticketCount / 50);
    const int prospectCount = std::max(1, ticketCount / 10);

    // 40 assignees; "Zoë Müller" is the first, the rest combine first and last names.
    QList<Ticket::Assignee> assignees;
    for (int i = 0; i < 40; ++i) {
        const QString name =
            firstNames.at(i % firstNames.size()) + u' ' + lastNames.at((i * 7) % lastNames.size());
        assignees.append({name, Generator::emailFor(name, u"outreach.example"_s)});
    }

    workspace.prospects.reserve(prospectCount);
    for (int i = 0; i < prospectCount; ++i) {
        ProspectHistory history;
        ProspectHistory::Prospect &p = history.prospect;
        p.id = u"P-%1"_s.arg(i + 1);
        p.name = g.personName();
        p.title = g.pick(jobTitles);
        p.company = g.company();
        p.email = Generator::emailFor(p.name, u"example.com"_s);
        p.timezone = g.pick({u"Europe/Berlin"_s, u"Europe/Paris"_s, u"America/New_York"_s,
                             u"America/Sao_Paulo"_s, u"Asia/Tokyo"_s, u"Europe/Stockholm"_s});
        p.locale = g.pick({u"de-DE"_s, u"fr-FR"_s, u"en-US"_s, u"pt-BR"_s, u"ja-JP"_s, u"sv-SE"_s});
        p.doNotContact = g.chance(3);
        history.preferences.channel = g.pick({u"email"_s, u"phone"_s, u"linkedin"_s});
        history.preferences.tone = g.pick({u"formal"_s, u"friendly"_s, u"concise"_s});
        history.preferences.bestTime = g.pick({u"morning"_s, u"afternoon"_s, u"tuesdays"_s});
        history.preferences.topics = {g.pick(topics), g.pick(topics)};
        if (g.chance(30))
            history.preferences.avoid = {g.pick(topics)};
        const int outcomes = g.below(3);
        for (int o = 0; o < outcomes; ++o) {
            history.pastOutcomes.append({u"M-%1-%2"_s.arg(i + 1).arg(o + 1),
                                         g.timestamp(1672531200000, 3 * 365 * 86400), g.chance(35),
                                         g.chance(10)});
        }
        if (g.chance(60))
            history.notes = g.description();
        workspace.prospects.append(std::move(history));
    }

    workspace.projects.reserve(projectCount);
    for (int i = 0; i < projectCount; ++i) {
        Project project;
        project.id = u"PR-%1"_s.arg(i + 1);
        project.name = g.pick(companyStems) + u' ' + g.pick(topics) + u" rollout"_s;
        project.description = g.description();
        project.stage = g.pick({u"qualification"_s, u"discovery"_s, u"proposal"_s, u"negotiation"_s,
                                u"closed_won"_s, u"closed_lost"_s});
        if (g.chance(80))
            project.value = Project::Value{double(g.between(5, 500) * 1000),
                                           g.pick({u"EUR"_s, u"USD"_s, u"GBP"_s, u"SEK"_s})};
        project.products = {g.pick(topics), g.pick(topics)};
        project.keyDates.insert(u"renewal"_s, u"2027-0%1-01"_s.arg(g.between(1, 9)));
        workspace.projects.append(std::move(project));
    }

    static constexpr Ticket::Status statuses[] = {Ticket::Status::Open,    Ticket::Status::Open,
                                                  Ticket::Status::Open,    Ticket::Status::Open,
                                                  Ticket::Status::Pending, Ticket::Status::Pending,
                                                  Ticket::Status::Won,     Ticket::Status::Won,
                                                  Ticket::Status::Lost,    Ticket::Status::Closed};
    static constexpr Ticket::Priority priorities[] = {
        Ticket::Priority::Low,    Ticket::Priority::Low,    Ticket::Priority::Normal,
        Ticket::Priority::Normal, Ticket::Priority::Normal, Ticket::Priority::Normal,
        Ticket::Priority::Normal, Ticket::Priority::High,   Ticket::Priority::High,
        Ticket::Priority::Urgent};

    workspace.tickets.reserve(ticketCount);
    for (int i = 0; i < ticketCount; ++i) {
        Ticket t;
        t.id = u"T-%1"_s.arg(i + 1);
        t.title = g.title();
        t.description = g.description();
        t.status = statuses[g.below(10)];
        t.priority = priorities[g.below(10)];
        t.category = g.pick(categories);
        if (g.chance(92))
            t.assignee = assignees.at(g.below(int(assignees.size())));
        t.projectId = u"PR-%1"_s.arg(g.below(projectCount) + 1);
        t.prospectId = u"P-%1"_s.arg(g.below(prospectCount) + 1);
        t.createdAt = g.timestamp(1640995200000, 3 * 365 * 86400); // from 2022-01-01
        t.updatedAt = t.createdAt.addMSecs(qint64(g.below(90 * 86400)) * 1000 + g.below(1000));
        workspace.tickets.append(std::move(t));
    }
    return workspace;
}
