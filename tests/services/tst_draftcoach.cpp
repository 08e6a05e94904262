// SPDX-License-Identifier: GPL-3.0-or-later
// The draft coach on known texts: counts and reading levels worked out by hand from each
// formula, questions, spam words, links and images, the subject's and the body's lengths, and
// its speed on a draft of the size reps write.
#include "generation/PromptBuilder.h"
#include "review/DraftCoach.h"
#include "review/PhoneLayout.h"
#include "review/SyllableCounter.h"

#include <QElapsedTimer>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

CoachingDraft draft(const QString &body, const QString &locale = u"en-US"_s,
                    const QString &subject = u"Demo of the scanner for your Hamburg site"_s,
                    MessageLength length = MessageLength::Medium) {
    return {subject, body, locale, length};
}

CoachingItem itemOf(const QList<CoachingItem> &items, CoachingItem::Kind kind) {
    for (const CoachingItem &item : items) {
        if (item.kind == kind)
            return item;
    }
    qFatal("no coaching item %s", qPrintable(CoachingItem::idOf(kind)));
}

CoachingItem::Status statusOf(const CoachingDraft &d, CoachingItem::Kind kind) {
    return itemOf(DraftCoach::coach(d), kind).status;
}

// `n` words of one syllable in sentences of five.
QString words(int n) {
    QStringList sentences;
    QStringList sentence;
    for (int i = 0; i < n; ++i) {
        sentence.append(u"word"_s);
        if (sentence.size() == 5 || i == n - 1) {
            sentences.append(sentence.join(u' ') + u'.');
            sentence.clear();
        }
    }
    return sentences.join(u' ');
}

const QString English = u"Thank you for visiting our booth at the logistics fair. Would a short "
                        u"demo next Tuesday suit your team? I can show how the scanner reduces "
                        u"picking errors."_s;
const QString German = u"Vielen Dank für das Gespräch auf der Messe. Passt Ihnen ein Termin am "
                       u"Dienstag? Ich schicke Ihnen gerne die Unterlagen."_s;
const QString French = u"Merci pour notre échange au salon. Seriez-vous disponible mardi "
                       u"prochain ? Je vous enverrai une courte présentation."_s;

} // namespace

class TestDraftCoach : public QObject {
    Q_OBJECT

private slots:
    void everyItemIsExplained() {
        const QList<CoachingItem> items = DraftCoach::coach(draft(English));
        QCOMPARE(items.size(), 8);
        QStringList ids;
        for (const CoachingItem &item : items) {
            ids.append(item.id());
            QVERIFY2(!item.label.isEmpty(), qPrintable(item.id()));
            QVERIFY2(!item.value.isEmpty(), qPrintable(item.id()));
            QVERIFY2(!item.reason.isEmpty(), qPrintable(item.id()));
            QVERIFY2(!item.range.isEmpty(), qPrintable(item.id()));
        }
        QCOMPARE(ids, (QStringList{u"word_count"_s, u"reading_level"_s, u"sentence_length"_s,
                                   u"questions"_s, u"subject"_s, u"links_images"_s, u"spam_words"_s,
                                   u"phone_preview"_s}));
    }

    // By hand: 28 words, 3 sentences, 39 syllables (vis-it-ing, lo-gis-tics, de-mo, Tues-day,
    // scan-ner, re-du-ces, pick-ing, er-rors, the rest one each).
    // 206.835 − 1.015 × 28/3 − 84.6 × 39/28 = 79.53.
    void englishFleschReadingEase() {
        const DraftMeasures m = DraftCoach::measure(draft(English));
        QCOMPARE(m.language, u"en"_s);
        QCOMPARE(m.words, 28);
        QCOMPARE(m.sentences.size(), 3);
        QCOMPARE(m.syllables, 39);
        QCOMPARE(m.formula, ReadingLevel::Formula::FleschReadingEase);
        QVERIFY(m.readingScore);
        QVERIFY2(qAbs(*m.readingScore - 79.53) < 0.05,
                 qPrintable(QString::number(*m.readingScore)));
        QCOMPARE(m.questions, 1);
        QCOMPARE(itemOf(DraftCoach::coach(draft(English)), CoachingItem::Kind::ReadingLevel).status,
                 CoachingItem::Status::Good);
    }

    // By hand: 20 words, 3 sentences, 32 syllables (Vie-len, Ge-spräch, Mes-se, Ih-nen twice,
    // Ter-min, Diens-tag, schi-cke, ger-ne, Un-ter-la-gen).
    // 180 − 20/3 − 58.5 × 32/20 = 79.73.
    void germanAmstad() {
        const DraftMeasures m = DraftCoach::measure(draft(German, u"de-DE"_s));
        QCOMPARE(m.language, u"de"_s);
        QCOMPARE(m.words, 20);
        QCOMPARE(m.sentences.size(), 3);
        QCOMPARE(m.syllables, 32);
        QCOMPARE(m.formula, ReadingLevel::Formula::Amstad);
        QVERIFY(m.readingScore);
        QVERIFY2(qAbs(*m.readingScore - 79.73) < 0.05,
                 qPrintable(QString::number(*m.readingScore)));
        QCOMPARE(m.questions, 1);
    }

    // By hand: 17 words ("Seriez-vous" is two), 3 sentences, 30 syllables with the silent
    // final e (no-tre, é-chan-ge and cour-te count 1, 2 and 1).
    // 207 − 1.015 × 17/3 − 73.6 × 30/17 = 71.37.
    void frenchKandelMoles() {
        const DraftMeasures m = DraftCoach::measure(draft(French, u"fr-FR"_s));
        QCOMPARE(m.language, u"fr"_s);
        QCOMPARE(m.words, 17);
        QCOMPARE(m.sentences.size(), 3);
        QCOMPARE(m.syllables, 30);
        QCOMPARE(m.formula, ReadingLevel::Formula::KandelMoles);
        QVERIFY(m.readingScore);
        QVERIFY2(qAbs(*m.readingScore - 71.37) < 0.05,
                 qPrintable(QString::number(*m.readingScore)));
        // The French space before the question mark does not hide it.
        QCOMPARE(m.questions, 1);
    }

    // By hand: 12 words, 2 sentences, one word over six letters (torsdag): 12/2 + 100/12.
    void swedishLix() {
        const DraftMeasures m = DraftCoach::measure(
            draft(u"Tack för mötet i går. Passar det med ett samtal på torsdag?"_s, u"sv-SE"_s));
        QCOMPARE(m.formula, ReadingLevel::Formula::Lix);
        QCOMPARE(m.words, 12);
        QCOMPARE(m.longWords, 1);
        QVERIFY(m.readingScore);
        QVERIFY(qAbs(*m.readingScore - (6.0 + 100.0 / 12)) < 0.01);
        // Polish has no formula of its own: LIX too.
        QCOMPARE(DraftCoach::measure(draft(u"Dzień dobry."_s, u"pl-PL"_s)).formula,
                 ReadingLevel::Formula::Lix);
    }

    // By hand: 206.84 − 1.02 × 5/1 − 60 × 9/5 (Gra-cias por la vi-si-ta a-yer: 9).
    void spanishFernandezHuerta() {
        const DraftMeasures m =
            DraftCoach::measure(draft(u"Gracias por la visita ayer."_s, u"es-MX"_s));
        QCOMPARE(m.formula, ReadingLevel::Formula::FernandezHuerta);
        QCOMPARE(m.words, 5);
        QCOMPARE(m.syllables, 9);
        QVERIFY(qAbs(*m.readingScore - (206.84 - 1.02 * 5 - 60.0 * 9 / 5)) < 0.01);
        // Hiatus and accents: le-er, dí-a, bue-no.
        QCOMPARE(SyllableCounter::count(u"leer", u"es"), 2);
        QCOMPARE(SyllableCounter::count(u"día", u"es"), 2);
        QCOMPARE(SyllableCounter::count(u"bueno", u"es"), 2);
        QCOMPARE(SyllableCounter::count(u"hoy", u"es"), 1);
    }

    void japaneseReadingLevelIsNotMeasured() {
        const CoachingDraft d =
            draft(u"お時間をいただきありがとうございます。来週、デモをご覧になりませんか？"_s,
                  u"ja-JP"_s);
        const DraftMeasures m = DraftCoach::measure(d);
        QCOMPARE(m.formula, ReadingLevel::Formula::None);
        QVERIFY(!m.readingScore);
        QVERIFY(m.countsCharacters);
        QCOMPARE(m.sentences.size(), 2);
        QCOMPARE(m.questions, 1);
        const CoachingItem reading = itemOf(DraftCoach::coach(d), CoachingItem::Kind::ReadingLevel);
        QCOMPARE(reading.status, CoachingItem::Status::NotMeasured);
        QVERIFY2(reading.value.contains(u"Not measured"_s), qPrintable(reading.value));
        // Lengths are in characters there.
        const CoachingItem length = itemOf(DraftCoach::coach(d), CoachingItem::Kind::WordCount);
        QVERIFY2(length.value.contains(u"character"_s), qPrintable(length.value));
    }

    void noLocaleIsReadAsEnglish() {
        const DraftMeasures m = DraftCoach::measure(draft(English, QString()));
        QCOMPARE(m.language, u"en"_s);
        QVERIFY(m.languageGuessed);
        QCOMPARE(m.formula, ReadingLevel::Formula::FleschReadingEase);
        QCOMPARE(DraftCoach::languageOf(u"de_CH"_s), u"de"_s);
        QCOMPARE(DraftCoach::languageOf(u"ZH-Hant-TW"_s), u"zh"_s);
    }

    void questionsAreCountedInEveryScript() {
        const auto questions = [](const QString &body, const QString &locale) {
            return DraftCoach::measure(draft(body, locale)).questions;
        };
        QCOMPARE(questions(u"¿Tiene tiempo el martes? Le envío la propuesta."_s, u"es-ES"_s), 1);
        // An opening mark without its closing one still asks.
        QCOMPARE(questions(u"¿Tiene tiempo el martes? ¿Le interesa una demo"_s, u"es-ES"_s), 2);
        QCOMPARE(questions(u"Really?? Are you sure? Why not?"_s, u"en"_s), 3);
        QCOMPARE(questions(u"来週はいかがですか？"_s, u"ja"_s), 1);
        QCOMPARE(questions(u"No question here."_s, u"en"_s), 0);
        // A question mark in a link's query is not a question.
        QCOMPARE(questions(u"See https://example.com/demo?ref=mail for details."_s, u"en"_s), 0);

        QCOMPARE(statusOf(draft(u"Hello there."_s), CoachingItem::Kind::Questions),
                 CoachingItem::Status::Consider);
        QCOMPARE(statusOf(draft(u"Shall we talk?"_s), CoachingItem::Kind::Questions),
                 CoachingItem::Status::Good);
        QCOMPARE(statusOf(draft(u"A? B?"_s), CoachingItem::Kind::Questions),
                 CoachingItem::Status::Consider);
        QCOMPARE(statusOf(draft(u"A? B? C?"_s), CoachingItem::Kind::Questions),
                 CoachingItem::Status::Problem);
    }

    void spamWordsInSeveralLanguages() {
        const auto spam = [](const QString &subject, const QString &body, const QString &locale) {
            return DraftCoach::measure(draft(body, locale, subject)).spamWords;
        };
        QCOMPARE(
            spam(u"Quick question"_s, u"Get it FREE, act now!! It is 100% risk-free."_s, u"en"_s),
            (QStringList{u"FREE"_s, u"act now"_s, u"!!"_s, u"100%"_s, u"risk-free"_s}));
        QCOMPARE(
            spam(u"Jetzt kostenlos testen"_s, u"Garantiert ohne Risiko, einfach hier klicken."_s,
                 u"de"_s),
            (QStringList{u"kostenlos"_s, u"Garantiert"_s, u"ohne Risiko"_s, u"hier klicken"_s}));
        // Accents are ignored, the text is named as written.
        QCOMPARE(spam(u"Essai gratuit"_s, u"Sans engagement, derniere chance."_s, u"fr"_s),
                 (QStringList{u"gratuit"_s, u"Sans engagement"_s, u"derniere chance"_s}));
        QCOMPARE(spam(u"Oferta"_s, u"Una demo gratis y sin compromiso."_s, u"es"_s),
                 (QStringList{u"gratis"_s, u"sin compromiso"_s}));
        // Shouting, but not acronyms; a harmless phrase; words inside a link.
        QCOMPARE(spam(u"Hello"_s, u"Our CRM and GDPR tools are AMAZING and UNIQUE."_s, u"en"_s),
                 (QStringList{u"AMAZING"_s, u"UNIQUE"_s}));
        QCOMPARE(spam(u"Hello"_s, u"Feel free to reply: https://example.com/free-trial"_s, u"en"_s),
                 QStringList());
        // Whole words only.
        QCOMPARE(spam(u"Freedom"_s, u"Our freelancers are cashiers."_s, u"en"_s), QStringList());

        const CoachingDraft blast = draft(u"FREE offer, act now!! Guaranteed."_s);
        const CoachingItem item = itemOf(DraftCoach::coach(blast), CoachingItem::Kind::SpamWords);
        QCOMPARE(item.status, CoachingItem::Status::Problem);
        QVERIFY2(item.value.contains(u"act now"_s), qPrintable(item.value));
        QCOMPARE(statusOf(draft(English), CoachingItem::Kind::SpamWords),
                 CoachingItem::Status::Good);
    }

    void linksAndImages() {
        const DraftMeasures m = DraftCoach::measure(
            draft(u"Read https://example.com/a-b-c today, or www.example.org. "
                  u"![Logo](https://example.com/logo.png) <IMG src=\"a.png\" alt=\"x\">"_s));
        QCOMPARE(m.links, 2);
        QCOMPARE(m.images, 2);
        // A link is one word; an image is none.
        QCOMPARE(m.words, 5);
        QCOMPARE(statusOf(draft(u"Read https://example.com/a today."_s),
                          CoachingItem::Kind::LinksAndImages),
                 CoachingItem::Status::Good);
        QCOMPARE(statusOf(draft(u"See https://a.example and https://b.example."_s),
                          CoachingItem::Kind::LinksAndImages),
                 CoachingItem::Status::Consider);
        QCOMPARE(statusOf(draft(u"A ![x](y.png) B"_s), CoachingItem::Kind::LinksAndImages),
                 CoachingItem::Status::Consider);
        QCOMPARE(statusOf(draft(u"https://a.example https://b.example https://c.example"_s),
                          CoachingItem::Kind::LinksAndImages),
                 CoachingItem::Status::Problem);
    }

    void subjectLength() {
        const auto subject = [](const QString &text) {
            return statusOf(draft(English, u"en"_s, text), CoachingItem::Kind::Subject);
        };
        const DraftMeasures m = DraftCoach::measure(draft(English));
        QCOMPARE(m.subjectCharacters, 41);
        QCOMPARE(m.subjectWords, 8);
        QCOMPARE(subject(u"Demo of the scanner for your Hamburg site"_s),
                 CoachingItem::Status::Good);
        QCOMPARE(subject(QString()), CoachingItem::Status::Problem);
        QCOMPARE(subject(u"   "_s), CoachingItem::Status::Problem);
        QCOMPARE(subject(u"Quick question"_s), CoachingItem::Status::Consider);
        // 70 characters: a phone cuts it.
        QCOMPARE(
            subject(u"A follow-up on the quote for three sites and the demo we talked about"_s),
            CoachingItem::Status::Consider);
        QCOMPARE(subject(QString(90, u'a').replace(10, 1, u' ').replace(50, 1, u' ')),
                 CoachingItem::Status::Problem);
        // Enough characters, too few words.
        QCOMPARE(subject(u"Warehouseautomation opportunities"_s), CoachingItem::Status::Consider);
        // Characters are what a reader sees: an emoji with a skin tone is one.
        QCOMPARE(DraftCoach::measure(draft(English, u"en"_s, u"Hi 👋🏽"_s)).subjectCharacters,
                 4);
    }

    void wordCountAgainstTheChosenLength() {
        const auto status = [](int n, MessageLength length) {
            return statusOf(
                draft(words(n), u"en"_s, u"Demo of the scanner for your Hamburg site"_s, length),
                CoachingItem::Kind::WordCount);
        };
        QCOMPARE(DraftCoach::measure(draft(words(150))).words, 150);
        QCOMPARE(status(150, MessageLength::Medium), CoachingItem::Status::Good);
        QCOMPARE(status(190, MessageLength::Medium), CoachingItem::Status::Consider);
        QCOMPARE(status(300, MessageLength::Medium), CoachingItem::Status::Problem);
        QCOMPARE(status(270, MessageLength::Medium), CoachingItem::Status::Consider);
        QCOMPARE(status(90, MessageLength::Medium), CoachingItem::Status::Consider);
        QCOMPARE(status(50, MessageLength::Medium), CoachingItem::Status::Consider);
        QCOMPARE(status(40, MessageLength::Medium), CoachingItem::Status::Problem);
        QCOMPARE(status(60, MessageLength::Short), CoachingItem::Status::Good);
        QCOMPARE(status(10, MessageLength::Short), CoachingItem::Status::Consider);
        QCOMPARE(status(300, MessageLength::Long), CoachingItem::Status::Good);
        QCOMPARE(status(0, MessageLength::Long), CoachingItem::Status::Problem);
        const CoachingItem item =
            itemOf(DraftCoach::coach(draft(words(150))), CoachingItem::Kind::WordCount);
        QVERIFY2(item.range.contains(u"100–180"_s), qPrintable(item.range));
        // 150 words at 230 a minute.
        QCOMPARE(DraftCoach::measure(draft(words(150))).readingSeconds, 39);
    }

    // The coach's ranges are the ones the prompt asks the model for.
    void rangesAgreeWithThePrompt() {
        for (const MessageLength length : MessageStyle::Lengths) {
            PromptOptions options;
            options.userRequest = u"Follow up."_s;
            options.length = length;
            const BuiltPrompt prompt = PromptBuilder::build(OutreachContext{}, options);
            const DraftCoach::WordRange range = DraftCoach::wordRange(length);
            const QString asked =
                range.minimum == 0
                    ? u"at most about %1 words"_s.arg(range.maximum)
                    : u"about %1 to %2 words"_s.arg(range.minimum).arg(range.maximum);
            QVERIFY2(prompt.user.contains(asked) || prompt.system.contains(asked),
                     qPrintable(asked));
        }
    }

    void longSentencesAreFlaggedWithWhereTheyStart() {
        const QString longOne =
            u"Our scanner reads every label in the warehouse, sends the data to your system at "
            u"once, warns the team about errors before the truck leaves and keeps a record of "
            u"every pick for the audit."_s; // 35 words
        const QString body = u"Hello Anna. "_s + longOne + u" Shall we talk?"_s;
        const CoachingItem item =
            itemOf(DraftCoach::coach(draft(body)), CoachingItem::Kind::SentenceLength);
        QCOMPARE(item.status, CoachingItem::Status::Consider);
        QCOMPARE(item.spans.size(), 1);
        QCOMPARE(body.mid(item.spans[0].start, item.spans[0].length), longOne);
        QVERIFY2(item.value.contains(u"35"_s), qPrintable(item.value));
        QCOMPARE(statusOf(draft(English), CoachingItem::Kind::SentenceLength),
                 CoachingItem::Status::Good);
        QCOMPARE(statusOf(draft(longOne + u' ' + longOne), CoachingItem::Kind::SentenceLength),
                 CoachingItem::Status::Problem);
    }

    void phoneLayout() {
        // 80 characters of words wrap onto three 36-character lines.
        const QString paragraph = u"alpha beta gamma delta epsilon zeta eta theta iota kappa "
                                  u"lambda mu nu xi omicron"_s;
        const PhoneLayout layout(paragraph + u"\n\n"_s + paragraph + u"\n"_s);
        QCOMPARE(PhoneLayout(paragraph).lineCount(), 3);
        QCOMPARE(layout.lineCount(), 7);
        QCOMPARE(PhoneLayout(QString()).lineCount(), 1);
        // An 80-character link starts a line of its own and is broken across three; 40
        // Japanese characters are 80 columns wide.
        QCOMPARE(PhoneLayout(u"See "_s + u"https://example.com/"_s + QString(60, u'a')).lineCount(),
                 4);
        QCOMPARE(PhoneLayout(QString(40, u'\u3042')).lineCount(), 3);

        const QString inbox = PhoneLayout::inboxLine(u"Demo next week"_s,
                                                     u"Hello Anna,\n\n"_s + paragraph + paragraph);
        QVERIFY2(inbox.startsWith(u"Demo next week — Hello Anna, alpha beta"_s), qPrintable(inbox));
        QVERIFY(inbox.endsWith(u'…'));
        QVERIFY(inbox.size() <= 14 + 3 + PhoneLayout::PreviewCharacters + 1);

        // The ask on line 13 or later is below the first screen.
        QString body;
        for (int i = 0; i < 14; ++i)
            body += u"This line is here.\n"_s;
        body += u"Shall we talk on Monday?"_s;
        const DraftMeasures m = DraftCoach::measure(draft(body));
        QCOMPARE(m.askLine, 14);
        const CoachingItem item =
            itemOf(DraftCoach::coach(m, MessageLength::Medium), CoachingItem::Kind::PhonePreview);
        QCOMPARE(item.status, CoachingItem::Status::Consider);
        QCOMPARE(statusOf(draft(English), CoachingItem::Kind::PhonePreview),
                 CoachingItem::Status::Good);
    }

    // The coach runs as the rep types (debounced): a 3,000-character draft must take well under
    // a frame. Measured at 1.8 ms a run in a debug build; the bound (the suite's 250 ms floor for
    // 5 runs) only guards against an accidental quadratic pass.
    void fastEnoughForEveryKeystroke() {
        QString body;
        while (body.size() < 3000)
            body += English + u' ' + German + u"\nhttps://example.com/demo?x=1 FREE!! "_s;
        body.truncate(3000);
        const CoachingDraft d = draft(body);
        QElapsedTimer timer;
        timer.start();
        constexpr int Runs = 5;
        int items = 0;
        for (int i = 0; i < Runs; ++i)
            items += int(DraftCoach::coach(d).size());
        const qint64 elapsed = timer.elapsed();
        QCOMPARE(items, 8 * Runs);
        qInfo("coaching a 3,000-character draft: %.2f ms", double(elapsed) / Runs);
        QVERIFY2(elapsed < 250, qPrintable(u"%1 ms for %2 runs"_s.arg(elapsed).arg(Runs)));
    }
};

QTEST_GUILESS_MAIN(TestDraftCoach)
#include "tst_draftcoach.moc"
