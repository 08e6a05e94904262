// SPDX-License-Identifier: GPL-3.0-or-later
// ComplianceFinding: wire names round-trip and every kind and severity has a label.

#include "domain/ComplianceFinding.h"

#include <QSet>
#include <QTest>

using namespace Qt::StringLiterals;

using Kind = ComplianceFinding::Kind;
using Severity = ComplianceFinding::Severity;

class TestComplianceFinding : public QObject {
    Q_OBJECT

private slots:
    void kindNames_data() {
        QTest::addColumn<Kind>("kind");
        QTest::addColumn<QString>("name");
        QTest::newRow("do_not_contact") << Kind::DoNotContact << u"do_not_contact"_s;
        QTest::newRow("placeholder") << Kind::Placeholder << u"placeholder"_s;
        QTest::newRow("banned_phrase") << Kind::BannedPhrase << u"banned_phrase"_s;
        QTest::newRow("missing_opt_out") << Kind::MissingOptOut << u"missing_opt_out"_s;
        QTest::newRow("too_short") << Kind::TooShort << u"too_short"_s;
        QTest::newRow("too_long") << Kind::TooLong << u"too_long"_s;
        QTest::newRow("unverified_figure") << Kind::UnverifiedFigure << u"unverified_figure"_s;
        QTest::newRow("outsider_fact") << Kind::OutsiderFact << u"outsider_fact"_s;
        QTest::newRow("mismatched_figure") << Kind::MismatchedFigure << u"mismatched_figure"_s;
        QTest::newRow("unknown_name") << Kind::UnknownName << u"unknown_name"_s;
        QTest::newRow("unrequested_offer") << Kind::UnrequestedOffer << u"unrequested_offer"_s;
        QTest::newRow("disclosure") << Kind::Disclosure << u"disclosure"_s;
        QTest::newRow("unknown_context_id") << Kind::UnknownContextId << u"unknown_context_id"_s;
        QTest::newRow("injection_echo") << Kind::InjectionEcho << u"injection_echo"_s;
    }

    void kindNames() {
        QFETCH(Kind, kind);
        QFETCH(QString, name);
        QCOMPARE(ComplianceFinding::kindName(kind), name);
        QCOMPARE(ComplianceFinding::kindFromName(name), std::optional<Kind>(kind));
        QVERIFY(!ComplianceFinding::kindLabel(kind).isEmpty());
    }

    void severityNames() {
        QCOMPARE(ComplianceFinding::severityName(Severity::Blocking), u"blocking"_s);
        QCOMPARE(ComplianceFinding::severityName(Severity::Warning), u"warning"_s);
        QCOMPARE(ComplianceFinding::severityFromName(u"blocking"_s),
                 std::optional<Severity>(Severity::Blocking));
        QCOMPARE(ComplianceFinding::severityFromName(u"warning"_s),
                 std::optional<Severity>(Severity::Warning));
        QCOMPARE(ComplianceFinding::severityLabel(Severity::Blocking), u"Blocking"_s);
        QCOMPARE(ComplianceFinding::severityLabel(Severity::Warning), u"Warning"_s);
    }

    void unknownNamesAreRejected() {
        QCOMPARE(ComplianceFinding::kindFromName(u"Placeholder"_s), std::nullopt);
        QCOMPARE(ComplianceFinding::kindFromName(QString()), std::nullopt);
        QCOMPARE(ComplianceFinding::severityFromName(u"error"_s), std::nullopt);
    }

    void labelsAreDistinct() {
        QSet<QString> labels;
        for (const Kind kind :
             {Kind::DoNotContact, Kind::Placeholder, Kind::BannedPhrase, Kind::MissingOptOut,
              Kind::TooShort, Kind::TooLong, Kind::UnverifiedFigure, Kind::UnknownContextId,
              Kind::InjectionEcho})
            labels.insert(ComplianceFinding::kindLabel(kind));
        QCOMPARE(labels.size(), 9);
    }
};

QTEST_APPLESS_MAIN(TestComplianceFinding)
#include "tst_compliancefinding.moc"
