// SPDX-License-Identifier: GPL-3.0-or-later
// Why a compose action is unavailable, from the facts alone: each rule answers with the sentence
// the action's tooltip shows, empty when the action can run, and the first reason that applies
// wins.
#include "ui/compose/ComposeRules.h"

#include <QTest>

using namespace Qt::StringLiterals;
using Facts = ComposeRules::Facts;

namespace {

OutreachContext contextFor(bool doNotContact, const QString &email = u"ana@example.com"_s) {
    OutreachContext context;
    context.ticket.id = u"T-1"_s;
    context.prospect.prospect.id = u"C-1"_s;
    context.prospect.prospect.name = u"Ana Lima"_s;
    context.prospect.prospect.email = email;
    context.prospect.prospect.doNotContact = doNotContact;
    return context;
}

ComplianceFinding findingOf(ComplianceFinding::Severity severity, const QString &advice) {
    ComplianceFinding finding;
    finding.kind = ComplianceFinding::Kind::Placeholder;
    finding.severity = severity;
    finding.text = u"[Name]"_s;
    finding.advice = advice;
    return finding;
}

} // namespace

class TestComposeRules : public QObject {
    Q_OBJECT

private slots:
    void generateNeedsACachedTicketAndAContactableProspect();
    void saveWaitsForTextAndCleanChecks();
    void markSentNeedsASavedMessageOnce();
    void mailNeedsAnAddressAndAFinishedMessage();
};

void TestComposeRules::generateNeedsACachedTicketAndAContactableProspect() {
    Facts facts;
    facts.ticketId = u"T-7"_s;
    QVERIFY(ComposeRules::generateBlocked(facts).contains(u"T-7"_s));

    const OutreachContext contactable = contextFor(false);
    facts.context = &contactable;
    QCOMPARE(ComposeRules::generateBlocked(facts), QString());

    const OutreachContext refused = contextFor(true);
    facts.context = &refused;
    const QString blocked = ComposeRules::generateBlocked(facts);
    QVERIFY(blocked.contains(u"Ana Lima"_s));
    QVERIFY(blocked.contains(u"do-not-contact"_s));
}

void TestComposeRules::saveWaitsForTextAndCleanChecks() {
    Facts facts;
    facts.running = true;
    facts.hasMessage = true;
    QVERIFY(ComposeRules::saveBlocked(facts).contains(u"Wait"_s));

    facts.running = false;
    facts.hasMessage = false;
    QVERIFY(ComposeRules::saveBlocked(facts).contains(u"no message"_s));

    facts.hasMessage = true;
    facts.findings = {findingOf(ComplianceFinding::Severity::Warning, u"Consider it."_s)};
    QCOMPARE(ComposeRules::saveBlocked(facts), QString()); // a warning does not block

    facts.findings.append(findingOf(ComplianceFinding::Severity::Blocking, u"Fill in the name."_s));
    QVERIFY(ComposeRules::saveBlocked(facts).endsWith(u"Fill in the name."_s));

    facts.saved = true;
    QVERIFY(ComposeRules::saveBlocked(facts).contains(u"already"_s));
}

void TestComposeRules::markSentNeedsASavedMessageOnce() {
    Facts facts;
    facts.hasMessage = true;
    QVERIFY(ComposeRules::markSentBlocked(facts).contains(u"Save"_s));
    facts.saved = true;
    QCOMPARE(ComposeRules::markSentBlocked(facts), QString());
    facts.markedSent = true;
    QVERIFY(ComposeRules::markSentBlocked(facts).contains(u"already"_s));
}

void TestComposeRules::mailNeedsAnAddressAndAFinishedMessage() {
    const OutreachContext withAddress = contextFor(false);
    const OutreachContext withoutAddress = contextFor(false, QString());
    const OutreachContext refused = contextFor(true);
    Facts facts;
    facts.context = &withAddress;
    QVERIFY(ComposeRules::mailBlocked(facts).contains(u"no message"_s));

    facts.hasMessage = true;
    QCOMPARE(ComposeRules::mailBlocked(facts), QString());
    QCOMPARE(ComposeRules::prospectEmail(facts), u"ana@example.com"_s);

    facts.running = true;
    QVERIFY(ComposeRules::mailBlocked(facts).contains(u"Wait"_s));
    facts.running = false;

    facts.context = &withoutAddress;
    QVERIFY(ComposeRules::mailBlocked(facts).contains(u"email address"_s));

    // Do-not-contact comes before everything else, even with a message in the editor.
    facts.context = &refused;
    QVERIFY(ComposeRules::mailBlocked(facts).contains(u"do-not-contact"_s));

    facts.context = nullptr;
    QCOMPARE(ComposeRules::prospectEmail(facts), QString());
}

QTEST_GUILESS_MAIN(TestComposeRules)
#include "tst_composerules.moc"
