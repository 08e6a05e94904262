// SPDX-License-Identifier: GPL-3.0-or-later
// TokenEstimator: close to, and rarely below, real tokenizer counts for prose in several scripts,
// JSON, numbers and code; and additive enough for PromptBuilder to sum the parts of a prompt.
#include "generation/TokenEstimator.h"

#include <QTest>

using namespace Qt::StringLiterals;

class TestTokenEstimator : public QObject {
    Q_OBJECT

private slots:
    // Reference counts from OpenAI's tokenizer (js-tiktoken 1.0.21, cl100k_base as used by GPT-4
    // and GPT-3.5, o200k_base as used by GPT-4o and later) on exactly these strings. The estimate
    // may not be more than 15 % below the larger of the two, nor more than 35 % above it.
    void matchesTiktoken_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("cl100k");
        QTest::addColumn<int>("o200k");
        QTest::addColumn<bool>("englishProse");

        QTest::newRow("en: call summary")
            << u"Thanks for the call on Tuesday. As promised, here is a short summary of what we "
               u"discussed: your team wants to cut the time spent on weekly pipeline reviews, and "
               u"you asked whether the forecasting module can import data from your existing "
               u"spreadsheets."_s
            << 49 << 48 << true;
        QTest::newRow("en: renewal follow-up")
            << u"Hi Dana, I hope the quarter is wrapping up well on your side. I wanted to follow "
               u"up on the renewal we talked about last month and check whether the revised "
               u"proposal answers the questions your finance team raised."_s
            << 42 << 42 << true;
        QTest::newRow("en: pangram")
            << u"The quick brown fox jumps over the lazy dog."_s << 10 << 10 << true;
        QTest::newRow("en: forwarded")
            << u"We received the message below from someone claiming to be a reseller. Is this "
               u"legitimate? We've never heard of them, and I don't want it to interfere with the "
               u"renewal (January 31, 2027)."_s
            << 45 << 42 << true;
        QTest::newRow("en: procurement")
            << u"Our procurement process usually takes four to six weeks, so if you would like to "
               u"start in March, it would help to have the security questionnaire, the data "
               u"processing agreement and a draft order form by the end of January."_s
            << 44 << 44 << true;
        QTest::newRow("de")
            << u"Hallo Mia, unser Portal für Lieferantenrisiken hat nach Ihrem Upload die folgende "
               u"Zusammenfassung erstellt. Einige Textstellen wirken auf mich merkwürdig – können "
               u"Sie prüfen, was Ihr Team eingetragen hat? Viele Grüße, Jürgen Groß"_s
            << 63 << 48 << false;
        QTest::newRow("fr")
            << u"Bonjour, merci pour votre réponse rapide. Nous aimerions organiser "
               u"une démonstration la semaine prochaine avec l'équipe commerciale."_s
            << 31 << 24 << false;
        QTest::newRow("ja")
            << u"営業分析ツールのデモをお願いしたいと考えております。来週の火曜日か水"
               u"曜日はご都合いかがでしょうか。"_s
            << 55 << 34 << false;
        QTest::newRow("zh") << u"我们正在为亚太团队评估销售分析工具，希望下周能安排一次产品演示。"_s
                            << 37 << 21 << false;
        QTest::newRow("ko") << u"다음 주에 제품 데모 일정을 잡을 수 있을까요? 감사합니다."_s << 30
                            << 17 << false;
        QTest::newRow("ru") << u"Здравствуйте! Мы хотели бы обсудить продление договора и узнать, "
                               u"какие условия возможны для нашей команды."_s
                            << 46 << 23 << false;
        QTest::newRow("ar") << u"مرحبا، نود تحديد موعد لعرض توضيحي الأسبوع المقبل."_s << 37 << 15
                            << false;
        QTest::newRow("hi") << u"नमस्ते, हम अगले सप्ताह एक डेमो तय करना चाहेंगे।"_s << 48 << 17 << false;
        QTest::newRow("json")
            << uR"({"id":"I-5118","ticket_id":"T-1034","type":"email","direction":"inbound","occurred_at":"2026-10-13T08:44:28Z","author":"Marcus Johnson","subject":"Fwd: Exclusive renewal offer"})"_s
            << 57 << 57 << false;
        QTest::newRow("emoji") << u"Great news 🎉🚀 see you soon 👋"_s << 13 << 11 << false;
        QTest::newRow("digits") << u"Order 4417-2291-0038 total 129,450.00 EUR due 2027-03-01"_s
                                << 26 << 26 << false;
        QTest::newRow("code") << u"if (!source.open(QIODevice::ReadOnly) || !writeFile(dir + u'/' "
                                 u"+ name, source.readAll())) return false;"_s
                              << 28 << 29 << false;
    }

    void matchesTiktoken() {
        QFETCH(QString, text);
        QFETCH(int, cl100k);
        QFETCH(int, o200k);
        QFETCH(bool, englishProse);
        const int reference = std::max(cl100k, o200k);
        const int estimate = TokenEstimator::estimate(text);
        qInfo("estimate %d, cl100k %d, o200k %d (%+.0f %%)", estimate, cl100k, o200k,
              100.0 * (estimate - reference) / reference);
        QVERIFY2(estimate >= 0.85 * reference,
                 qPrintable(u"%1 < 85 percent of %2"_s.arg(estimate).arg(reference)));
        QVERIFY2(estimate <= 1.35 * reference,
                 qPrintable(u"%1 > 135 percent of %2"_s.arg(estimate).arg(reference)));
        if (englishProse) // the case that matters most: never under for English
            QVERIFY(estimate >= reference);
    }

    void emptyAndTiny() {
        QCOMPARE(TokenEstimator::estimate(u""), 0);
        QCOMPARE(TokenEstimator::estimate(u" "), 1); // the characters / 4.5 floor
        QCOMPARE(TokenEstimator::estimate(u"a"), 1);
        QCOMPARE(TokenEstimator::estimate(u"字"), 2); // 1.2, rounded up
        QCOMPARE(TokenEstimator::estimate(u"🎉"), 3);
    }

    void chatOverhead() {
        QCOMPARE(TokenEstimator::chatOverhead(0), 3);
        QCOMPARE(TokenEstimator::chatOverhead(2), 11);
    }

    // PromptBuilder estimates the parts of a prompt separately and adds them up; that sum must not
    // be below the estimate of the whole.
    void sumOfPartsIsNotBelowWhole_data() {
        QTest::addColumn<QString>("left");
        QTest::addColumn<QString>("right");
        QTest::newRow("word split") << u"Lieferanten"_s << u"risiken"_s;
        QTest::newRow("digits split") << u"12"_s << u"345"_s;
        QTest::newRow("punctuation split") << u"{\""_s << u"\":\""_s;
        QTest::newRow("newlines") << u"a\n"_s << u"\nb"_s;
        QTest::newRow("scripts") << u"Привет"_s << u"世界"_s;
        QTest::newRow("blocks") << u"<crm_data id=\"ticket\">\n{\"id\":\"T-1\"}\n</crm_data>\n"_s
                                << u"Project:\n<crm_data id=\"project\">\n{}\n</crm_data>\n"_s;
    }

    void sumOfPartsIsNotBelowWhole() {
        QFETCH(QString, left);
        QFETCH(QString, right);
        QVERIFY(TokenEstimator::estimate(QString(left + right))
                <= TokenEstimator::estimate(left) + TokenEstimator::estimate(right));
    }

    // Lone surrogates and other odd input count as something and do not crash.
    void oddInput() {
        const QChar lone[] = {QChar(0xD800), QChar(u'a'), QChar(0xDC00)};
        QVERIFY(TokenEstimator::estimate(QStringView(lone, 3)) >= 2);
        QVERIFY(TokenEstimator::estimate(QString(100000, u'x')) >= 100000 / 6);
    }
};

QTEST_APPLESS_MAIN(TestTokenEstimator)
#include "tst_tokenestimator.moc"
