// SPDX-License-Identifier: GPL-3.0-or-later
// TemplateDrafts: every bundled template fills from demo contexts without a network and passes
// the compliance check, except where the CRM lacks a value (listed in `unfilled`, flagged as a
// placeholder) or the prospect must not be contacted.

#include "generation/TemplateDrafts.h"
#include "support/DemoContext.h"
#include "support/FindingText.h"

#include <QFile>
#include <QSet>
#include <QTest>

using namespace Qt::StringLiterals;

using Kind = ComplianceFinding::Kind;

class TestTemplateDrafts : public QObject {
    Q_OBJECT

private:
    DemoContext m_demo;
    ComplianceSettings m_settings;

    OutreachContext context(const QString &ticketId) {
        const auto context = m_demo.context(ticketId);
        if (!context)
            qFatal("demo ticket %s missing", qPrintable(ticketId));
        return *context;
    }

private slots:
    void initTestCase() {
        QVERIFY2(m_demo.load(), qPrintable(m_demo.error()));
        m_settings.bannedPhrases = {u"guaranteed"_s, u"risk-free"_s};
        m_settings.requiredOptOutLine = u"Reply STOP to opt out of these emails."_s;
    }

    void availableTemplatesAreBundled() {
        const auto templates = TemplateDrafts::available();
        QCOMPARE(templates.size(), 5);
        QSet<QString> ids;
        for (const auto &info : templates) {
            QVERIFY(!info.title.isEmpty());
            ids.insert(info.id);
            QVERIFY2(QFile::exists(u":/templates/"_s + info.id + u".json"_s), qPrintable(info.id));
        }
        QCOMPARE(ids.size(), 5);
        QVERIFY(ids.contains(u"follow-up"_s));
    }

    // Tickets with figures and dates in their titles (T-1022, T-1020, T-1045), accents (T-1013,
    // T-1038, T-1040), and many products (T-1034).
    void everyTemplateFillsCleanly_data() {
        QTest::addColumn<QString>("templateId");
        QTest::addColumn<QString>("ticket");
        for (const auto &info : TemplateDrafts::available()) {
            for (const QString &ticket :
                 {u"T-1034"_s, u"T-1013"_s, u"T-1001"_s, u"T-1022"_s, u"T-1020"_s, u"T-1045"_s,
                  u"T-1010"_s, u"T-1038"_s, u"T-1040"_s, u"T-1033"_s})
                QTest::newRow(qPrintable(info.id + u' ' + ticket)) << info.id << ticket;
        }
    }

    void everyTemplateFillsCleanly() {
        QFETCH(QString, templateId);
        QFETCH(QString, ticket);
        const OutreachContext ctx = context(ticket);
        const auto filled = TemplateDrafts::fill(templateId, ctx, m_settings);
        QVERIFY2(filled, filled ? "" : qPrintable(filled.error().toString()));
        QVERIFY2(filled->unfilled.isEmpty(), qPrintable(filled->unfilled.join(u", "_s)));
        QVERIFY(!filled->subject.contains(u"{{"_s));
        QVERIFY(!filled->body.contains(u"{{"_s));
        const QString firstName = ctx.prospect.prospect.name.section(u' ', 0, 0);
        QVERIFY(filled->body.startsWith(u"Hello "_s + firstName + u",\n"_s));
        QVERIFY(filled->body.endsWith(m_settings.requiredOptOutLine));
        const auto findings =
            ComplianceChecker::check(filled->subject, filled->body, ctx, m_settings);
        QVERIFY2(findings.isEmpty(), qPrintable(FindingText::describe(findings)));
    }

    void fieldValues() {
        const OutreachContext ctx = context(u"T-1034"_s);
        const auto filled = TemplateDrafts::fill(u"first-outreach"_s, ctx, m_settings);
        QVERIFY(filled);
        QCOMPARE(filled->subject, ctx.project.name + u": a short introduction"_s);
        QVERIFY(filled->body.contains(u"Hello Marcus,"_s));
        QVERIFY(filled->body.contains(u"I'm Dana Ruiz, and I look after Acme Robotics Inc."_s));
        QVERIFY2(filled->body.contains(
                     u"Analytics Pro, Sales Insights, API Access Tier 2 and Premium Support"_s),
                 qPrintable(filled->body));
        const auto followUp = TemplateDrafts::fill(u"follow-up"_s, ctx, m_settings);
        QVERIFY(followUp);
        QCOMPARE(followUp->subject, u"Following up: Co-term renewal to the Acme fiscal year"_s);
    }

    // Documented case: T-1029 has no assignee, so {{assignee.name}} stays and is flagged.
    void missingValuesStayVisible() {
        const OutreachContext ctx = context(u"T-1029"_s);
        QVERIFY(!ctx.ticket.assignee);
        for (const auto &info : TemplateDrafts::available()) {
            const auto filled = TemplateDrafts::fill(info.id, ctx, m_settings);
            QVERIFY(filled);
            QCOMPARE(filled->unfilled, QStringList{u"{{assignee.name}}"_s});
            QVERIFY(filled->body.contains(u"{{assignee.name}}"_s));
            const auto findings =
                ComplianceChecker::check(filled->subject, filled->body, ctx, m_settings);
            QVERIFY2(!findings.isEmpty(), qPrintable(info.id));
            for (const ComplianceFinding &finding : findings) {
                QCOMPARE(finding.kind, Kind::Placeholder);
                QCOMPARE(finding.text, u"{{assignee.name}}"_s);
            }
        }
        OutreachContext noName = context(u"T-1034"_s);
        noName.prospect.prospect.company.clear();
        const auto filled = TemplateDrafts::fill(u"follow-up"_s, noName, m_settings);
        QVERIFY(filled);
        QCOMPARE(filled->unfilled, QStringList{u"{{prospect.company}}"_s});
    }

    // Documented case: T-1024's prospect is marked do-not-contact; the template fills, the check
    // refuses it.
    void doNotContactIsFlagged() {
        const OutreachContext ctx = context(u"T-1024"_s);
        const auto filled = TemplateDrafts::fill(u"follow-up"_s, ctx, m_settings);
        QVERIFY(filled);
        const auto findings =
            ComplianceChecker::check(filled->subject, filled->body, ctx, m_settings);
        QCOMPARE(findings.size(), 1);
        QCOMPARE(findings.first().kind, Kind::DoNotContact);
    }

    void withoutOptOutLineTheFieldGoes() {
        ComplianceSettings settings = m_settings;
        settings.requiredOptOutLine.clear();
        const OutreachContext ctx = context(u"T-1013"_s);
        for (const auto &info : TemplateDrafts::available()) {
            const auto filled = TemplateDrafts::fill(info.id, ctx, settings);
            QVERIFY(filled);
            QVERIFY(filled->unfilled.isEmpty());
            QVERIFY2(filled->body.endsWith(u"Best regards,\nMia Schneider"_s),
                     qPrintable(filled->body));
            QVERIFY(!filled->body.contains(u"\n\n\n"_s));
        }
    }

    void unknownTemplate() {
        const auto filled =
            TemplateDrafts::fill(u"../demo/tickets"_s, context(u"T-1013"_s), m_settings);
        QVERIFY(!filled);
        QCOMPARE(filled.error().code(), OutreachError::Code::ContextInvalid);
        QVERIFY(filled.error().message().contains(u"../demo/tickets"_s));
    }
};

QTEST_GUILESS_MAIN(TestTemplateDrafts)
#include "tst_templatedrafts.moc"
