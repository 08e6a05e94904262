// SPDX-License-Identifier: GPL-3.0-or-later
// TokenBudget: the window split between prompt and answer, on the demo's contexts.
#include "generation/TokenBudget.h"
#include "support/DemoContext.h"

#include <QTest>

#include <cmath>

using namespace Qt::StringLiterals;

class TestTokenBudget : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY2(m_demo.load(), qPrintable(m_demo.error())); }

    void aLargeWindowKeepsEverything() {
        PromptOptions options;
        options.contextWindowTokens = 128000;
        options.maxOutputTokens = 4000;
        const TokenBudget::Plan plan =
            TokenBudget::plan(*m_demo.context(u"T-1001"_s), options, 1.0);
        QVERIFY(plan.fits);
        QCOMPARE(plan.outputTokens, 4000);
        QVERIFY(plan.prompt.dropped.isEmpty());
        QCOMPARE(plan.contextWindow, 128000);
    }

    // The answer gives way before the prompt does, but never below what the length needs; the
    // prompt then takes what is left, shrunk by the margin.
    void theAnswerGivesWayFirst_data() {
        QTest::addColumn<int>("window");
        QTest::addColumn<double>("margin");
        QTest::addColumn<int>("length"); // MessageLength
        QTest::newRow("4k, OpenAI tokenizer") << 4096 << 1.0 << int(MessageLength::Medium);
        QTest::newRow("4k, unknown tokenizer") << 4096 << 1.15 << int(MessageLength::Medium);
        QTest::newRow("3k, long message") << 3000 << 1.15 << int(MessageLength::Long);
        QTest::newRow("2.5k, short message") << 2500 << 1.15 << int(MessageLength::Short);
    }
    void theAnswerGivesWayFirst() {
        QFETCH(int, window);
        QFETCH(double, margin);
        QFETCH(int, length);
        PromptOptions options;
        options.contextWindowTokens = window;
        options.maxOutputTokens = 4000; // more than the window: the old negative budget
        options.length = MessageLength(length);
        const TokenBudget::Plan plan =
            TokenBudget::plan(*m_demo.context(u"T-1001"_s), options, margin);
        QVERIFY(plan.fits);
        QVERIFY(plan.outputTokens >= TokenBudget::minimumOutputTokens(options.length, true));
        QVERIFY(plan.outputTokens < 4000);
        QVERIFY2(std::ceil(plan.prompt.estimatedTokens * margin) + plan.outputTokens <= window,
                 qPrintable(u"%1 + %2"_s.arg(plan.prompt.estimatedTokens).arg(plan.outputTokens)));
    }

    void aWindowTooSmallDoesNotFit() {
        PromptOptions options;
        options.contextWindowTokens = 700;
        const TokenBudget::Plan plan =
            TokenBudget::plan(*m_demo.context(u"T-1001"_s), options, 1.0);
        QVERIFY(!plan.fits);
        PromptOptions none;
        none.contextWindowTokens = 0;
        QVERIFY(!TokenBudget::plan(*m_demo.context(u"T-1001"_s), none, 1.0).fits);
    }

    void theMinimumFollowsTheLength() {
        QVERIFY(TokenBudget::minimumOutputTokens(MessageLength::Short, true)
                < TokenBudget::minimumOutputTokens(MessageLength::Medium, true));
        QVERIFY(TokenBudget::minimumOutputTokens(MessageLength::Medium, true)
                < TokenBudget::minimumOutputTokens(MessageLength::Long, true));
        QVERIFY(TokenBudget::minimumOutputTokens(MessageLength::Long, false)
                < TokenBudget::minimumOutputTokens(MessageLength::Long, true));
    }

private:
    DemoContext m_demo;
};

QTEST_GUILESS_MAIN(TestTokenBudget)
#include "tst_tokenbudget.moc"
