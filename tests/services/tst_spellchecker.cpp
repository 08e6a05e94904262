// SPDX-License-Identifier: GPL-3.0-or-later
// SpellChecker against the real Hunspell dictionaries Debian installs (scripts/install-deps.sh):
// which locale gets which dictionary, what is flagged and what never is, and the word lists.
#include "domain/OutreachContext.h"
#include "review/SpellChecker.h"
#include "review/SpellDictionaries.h"
#include "review/SpellTokenizer.h"

#include <QElapsedTimer>
#include <QFile>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

class TestSpellChecker : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void flagsAnEnglishMisspellingAndSuggestsTheWord();
    void germanPassesInGermanAndNotInEnglish();
    void localesResolveToTheirDictionary_data();
    void localesResolveToTheirDictionary();
    void regionalFrenchAndSwissGermanCheckInTheirLanguage();
    void linkedVariantsShareOneLoadedDictionary();
    void theMenuListsEachDictionaryOnce();
    void aLanguageWithoutDictionarySaysSo();
    void theProspectsNamesAreNeverFlagged();
    void urlsEmailsNumbersAcronymsAndPlaceholdersAreSkipped();
    void hyphenatedWordsAreCheckedByTheirParts();
    void apostrophesStayInsideWords();
    void rangesCountUtf16UnitsAfterAnEmoji();
    void aPersonalWordIsKeptInTheSettings();
    void anIgnoredWordIsAcceptedByThisCheckerOnly();
    void theEnvironmentAddsDictionaryFoldersFirst();
    void aDictionaryLoadsInTheBackground();
    void timesLoadingAndCheckingADraft();

private:
    std::unique_ptr<SpellChecker> checker(const QString &locale);
    QStringList flagged(SpellChecker &checker, const QString &text);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QSettings> m_settings;
};

void TestSpellChecker::init() {
    qunsetenv("OUTREACHGPT_DICTIONARY_PATH");
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_settings =
        std::make_unique<QSettings>(m_dir->filePath(u"settings.ini"_s), QSettings::IniFormat);
}

void TestSpellChecker::cleanup() {
    qunsetenv("OUTREACHGPT_DICTIONARY_PATH");
    m_settings.reset();
    m_dir.reset();
}

std::unique_ptr<SpellChecker> TestSpellChecker::checker(const QString &locale) {
    auto result = std::make_unique<SpellChecker>(*m_settings);
    result->setLocale(locale);
    result->waitForDictionary();
    return result;
}

QStringList TestSpellChecker::flagged(SpellChecker &checker, const QString &text) {
    QStringList words;
    const QList<SpellChecker::Range> ranges = checker.misspellings(text);
    for (const SpellChecker::Range &range : ranges)
        words.append(text.mid(range.start, range.length));
    return words;
}

void TestSpellChecker::flagsAnEnglishMisspellingAndSuggestsTheWord() {
    const auto english = checker(u"en-US"_s);
    QVERIFY(english->isReady());
    QCOMPARE(english->dictionaryName(), u"en_US"_s);
    const QString text = u"Thank you, we recieve the signed order on Monday."_s;
    const QList<SpellChecker::Range> ranges = english->misspellings(text);
    QCOMPARE(ranges.size(), 1);
    QCOMPARE(ranges.first().start, text.indexOf(u"recieve"_s));
    QCOMPARE(ranges.first().length, 7);
    const QStringList suggestions = english->suggestions(u"recieve"_s);
    QVERIFY(!suggestions.isEmpty());
    QCOMPARE(suggestions.first(), u"receive"_s);
    QVERIFY(suggestions.size() <= 6);
    QVERIFY(english->suggestions(u"recieve"_s, 1).size() == 1);
}

void TestSpellChecker::germanPassesInGermanAndNotInEnglish() {
    const QString german = u"Vielen Dank für Ihre schnelle Antwort. Wir melden uns nächste Woche "
                           "mit den Unterlagen zur Verlängerung, viele Grüße aus Zürich."_s;
    const auto de = checker(u"de-DE"_s);
    QCOMPARE(de->dictionaryName(), u"de_DE"_s);
    QCOMPARE(flagged(*de, german), QStringList());
    const auto en = checker(u"en-US"_s);
    const QStringList inEnglish = flagged(*en, german);
    QVERIFY2(inEnglish.contains(u"Vielen"_s) && inEnglish.contains(u"nächste"_s)
                 && inEnglish.contains(u"Grüße"_s),
             qPrintable(inEnglish.join(u", "_s)));
}

void TestSpellChecker::localesResolveToTheirDictionary_data() {
    QTest::addColumn<QString>("locale");
    QTest::addColumn<QString>("dictionary");
    QTest::newRow("Swiss German") << u"de-CH"_s << u"de_CH"_s;
    QTest::newRow("Canadian French") << u"fr-CA"_s << u"fr_CA"_s;
    QTest::newRow("Austrian German: the common German") << u"de-AT"_s << u"de_DE"_s;
    QTest::newRow("Singapore English: the common English") << u"en-SG"_s << u"en_US"_s;
    QTest::newRow("British English") << u"en-GB"_s << u"en_GB"_s;
    QTest::newRow("language alone") << u"de"_s << u"de_DE"_s;
    QTest::newRow("French alone") << u"fr"_s << u"fr"_s;
    QTest::newRow("Mexican Spanish") << u"es-MX"_s << u"es_MX"_s;
    QTest::newRow("Spanish of Equatorial Guinea: Spain's") << u"es-GQ"_s << u"es_ES"_s;
    QTest::newRow("Swedish") << u"sv"_s << u"sv_SE"_s;
    QTest::newRow("Danish") << u"da-DK"_s << u"da_DK"_s;
    QTest::newRow("Polish") << u"pl-PL"_s << u"pl_PL"_s;
    QTest::newRow("POSIX spelling") << u"de_CH.UTF-8"_s << u"de_CH"_s;
    QTest::newRow("case and a script subtag") << u"DE-latn-ch"_s << u"de_CH"_s;
    QTest::newRow("Japanese: none") << u"ja-JP"_s << QString();
    QTest::newRow("nothing") << QString() << QString();
}

void TestSpellChecker::localesResolveToTheirDictionary() {
    QFETCH(QString, locale);
    QFETCH(QString, dictionary);
    QCOMPARE(SpellDictionaries::forLocale(locale), dictionary);
}

void TestSpellChecker::regionalFrenchAndSwissGermanCheckInTheirLanguage() {
    const auto french = checker(u"fr-CA"_s);
    QVERIFY(french->isReady());
    QCOMPARE(flagged(*french, u"Merci pour votre réponse, nous vous rappelons demain."_s),
             QStringList());
    QCOMPARE(flagged(*french, u"Merci pour votre répnose."_s), QStringList{u"répnose"_s});
    // Swiss German writes ss where Germany writes ß.
    const auto swiss = checker(u"de-CH"_s);
    QVERIFY(swiss->isReady());
    QCOMPARE(flagged(*swiss, u"Freundliche Grüsse und bis bald."_s), QStringList());
}

void TestSpellChecker::linkedVariantsShareOneLoadedDictionary() {
    const QMap<QString, QString> installed = SpellDictionaries::installed();
    QVERIFY(installed.contains(u"fr_CA"_s) && installed.contains(u"fr_FR"_s));
    auto canadian = SpellDictionaries::load(installed.value(u"fr_CA"_s));
    auto france = SpellDictionaries::load(installed.value(u"fr_FR"_s));
    canadian.waitForFinished();
    france.waitForFinished();
    QVERIFY(canadian.result().dictionary);
    QCOMPARE(canadian.result().dictionary.get(), france.result().dictionary.get());
    // Different files are different dictionaries.
    auto swiss = SpellDictionaries::load(installed.value(u"de_CH"_s));
    auto german = SpellDictionaries::load(installed.value(u"de_DE"_s));
    swiss.waitForFinished();
    german.waitForFinished();
    QVERIFY(swiss.result().dictionary != german.result().dictionary);
}

void TestSpellChecker::theMenuListsEachDictionaryOnce() {
    const QStringList names = SpellDictionaries::distinct();
    for (const QString &expected : {u"en_US"_s, u"en_GB"_s, u"de_DE"_s, u"de_CH"_s, u"fr"_s,
                                    u"es_ES"_s, u"sv_SE"_s, u"da_DK"_s, u"pl_PL"_s})
        QVERIFY2(names.contains(expected), qPrintable(expected));
    for (const QString &link : {u"fr_CA"_s, u"fr_FR"_s, u"de_LU"_s, u"es_MX"_s})
        QVERIFY2(!names.contains(link), qPrintable(link));
    QCOMPARE(SpellDictionaries::displayName(u"de_CH"_s), u"German (Switzerland)"_s);
    QCOMPARE(SpellDictionaries::displayName(u"fr"_s), u"French"_s);
}

void TestSpellChecker::aLanguageWithoutDictionarySaysSo() {
    const auto japanese = checker(u"ja-JP"_s);
    QVERIFY(!japanese->isReady());
    QCOMPARE(japanese->dictionaryName(), QString());
    QCOMPARE(japanese->unavailableReason(), u"No dictionary for Japanese"_s);
    QCOMPARE(japanese->misspellings(u"Thsi is nto checked"_s), QList<SpellChecker::Range>());
    // Switching to a language with one brings checking back.
    japanese->setLocale(u"en-US"_s);
    QVERIFY(japanese->waitForDictionary());
    QCOMPARE(japanese->unavailableReason(), QString());
    QCOMPARE(flagged(*japanese, u"Thsi is checked"_s), QStringList{u"Thsi"_s});
}

void TestSpellChecker::theProspectsNamesAreNeverFlagged() {
    OutreachContext context;
    context.prospect.prospect.name = u"Siobhán Ní Bhriain-Okonkwo"_s;
    context.prospect.prospect.company = u"Zyntraxa Løsninger"_s;
    context.project.name = u"Qorvexis rollout"_s;
    context.project.products = {u"Flowgrind"_s, u"Vektrum Suite"_s};
    context.ticket.assignee = Ticket::Assignee{u"Tadeusz Wróblewski"_s, u"t@example.com"_s};
    const QString text = u"Dear Siobhán Bhriain-Okonkwo, Zyntraxa’s team asked about Flowgrind and "
                         "Vektrum for the Qorvexis rollout. Tadeusz Wróblewski will call. "
                         "Siobhan Zyntraxxa."_s;

    const auto english = checker(u"en-US"_s);
    const QStringList before = flagged(*english, text);
    QVERIFY2(before.contains(u"Zyntraxa’s"_s) && before.contains(u"Flowgrind"_s)
                 && before.contains(u"Qorvexis"_s),
             qPrintable(before.join(u", "_s)));

    QSignalSpy changed(english.get(), &SpellChecker::changed);
    english->setAcceptedWords(SpellChecker::contextNames(context));
    QCOMPARE(changed.size(), 1);
    // Only real misspellings of the names are left.
    QCOMPARE(flagged(*english, text), (QStringList{u"Siobhan"_s, u"Zyntraxx"_s + u"a"_s}));
    // The next ticket's names replace them.
    english->setAcceptedWords({u"Jane Doe"_s});
    QVERIFY(flagged(*english, text).contains(u"Flowgrind"_s));
}

void TestSpellChecker::urlsEmailsNumbersAcronymsAndPlaceholdersAreSkipped() {
    const auto english = checker(u"en-US"_s);
    const QString text =
        u"Hi {{first_nmae}}, see https://exampel.com/pricng?plna=pro and www.exampel.org/dmeo, "
        "or write to jonh.doe@exampel.co.uk. The Q4 B2B deal is 3x the ROI of the CRMX pilot "
        "(48,000 EUR, 15%), 2nd phase. Regards, {sendr_name} <<Sigature>> @hadnle #tagg "
        "exampel.io confg_file. Thsi stays."_s;
    QCOMPARE(flagged(*english, text), QStringList{u"Thsi"_s});
}

void TestSpellChecker::hyphenatedWordsAreCheckedByTheirParts() {
    const auto english = checker(u"en-US"_s);
    QCOMPARE(flagged(*english, u"A follow-up with the well-knwon, long-term team."_s),
             QStringList{u"knwon"_s});
    // A compound the dictionary knows whole passes even where a part alone would not.
    const auto german = checker(u"de-DE"_s);
    QCOMPARE(flagged(*german, u"Bitte eine E-Mail an die IT-Abteilung und die Vertriebs-Teem."_s),
             QStringList{u"Teem"_s});
}

void TestSpellChecker::apostrophesStayInsideWords() {
    const auto english = checker(u"en-US"_s);
    QCOMPARE(flagged(*english, u"We don’t mind, and we don't wait: it's 'quoted' and ‘quoted’."_s),
             QStringList());
    QCOMPARE(flagged(*english, u"They havn’t replied."_s), QStringList{u"havn’t"_s});
    QVERIFY2(english->suggestions(u"havn’t"_s).contains(u"haven’t"_s),
             qPrintable(english->suggestions(u"havn’t"_s).join(u", "_s)));
    const auto french = checker(u"fr-FR"_s);
    QCOMPARE(flagged(*french, u"Toute l’équipe d’accord, aujourd’hui qu’il l'équipe."_s),
             QStringList());
    QCOMPARE(flagged(*french, u"Toute l’équippe."_s), QStringList{u"l’équippe"_s});
}

void TestSpellChecker::rangesCountUtf16UnitsAfterAnEmoji() {
    const auto english = checker(u"en-US"_s);
    const QString text = u"🙂 Grüße? No: recieve 𝒜 fine"_s;
    const QList<SpellChecker::Range> ranges = english->misspellings(text);
    QStringList words;
    for (const SpellChecker::Range &range : ranges)
        words.append(text.mid(range.start, range.length));
    QCOMPARE(words.join(u"/"_s), u"Grüße/recieve"_s);
    QCOMPARE(ranges.first().start, 3); // the emoji is two UTF-16 units, then a space
    QCOMPARE(SpellTokenizer::words(u"naïve cafe\u0301s"_s).size(), 2);
    QCOMPARE(SpellTokenizer::words(u"cafe\u0301s"_s).first().length, 6); // the accent is in
}

void TestSpellChecker::aPersonalWordIsKeptInTheSettings() {
    const QString text = u"Our Flowgrind connector."_s;
    {
        const auto english = checker(u"en-US"_s);
        QCOMPARE(flagged(*english, text), QStringList{u"Flowgrind"_s});
        QSignalSpy changed(english.get(), &SpellChecker::changed);
        english->addToPersonalWords(u"Flowgrind"_s);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(flagged(*english, text), QStringList());
        QCOMPARE(flagged(*english, u"Flowgrind’s"_s), QStringList());
        english->addToPersonalWords(u"Flowgrind"_s);
        QCOMPARE(english->personalWords(), QStringList{u"Flowgrind"_s});
    }
    m_settings->sync();
    m_settings.reset();
    QSettings reread(m_dir->filePath(u"settings.ini"_s), QSettings::IniFormat);
    QCOMPARE(reread.value(u"spelling/personalWords"_s).toStringList(), QStringList{u"Flowgrind"_s});
    SpellChecker later(reread);
    later.setLocale(u"de-DE"_s); // personal words hold in every language
    QVERIFY(later.waitForDictionary());
    QVERIFY(!later.isMisspelled(u"Flowgrind"_s));
    QVERIFY(later.isMisspelled(u"Flowgrund"_s));
    m_settings =
        std::make_unique<QSettings>(m_dir->filePath(u"settings.ini"_s), QSettings::IniFormat);
}

void TestSpellChecker::anIgnoredWordIsAcceptedByThisCheckerOnly() {
    const auto first = checker(u"en-US"_s);
    first->ignore(u"Zorbleck"_s);
    QCOMPARE(flagged(*first, u"Zorbleck and zorbleck"_s), QStringList());
    const auto second = checker(u"en-US"_s);
    QCOMPARE(flagged(*second, u"Zorbleck"_s), QStringList{u"Zorbleck"_s});
    QVERIFY(m_settings->value(u"spelling/personalWords"_s).toStringList().isEmpty());
}

void TestSpellChecker::theEnvironmentAddsDictionaryFoldersFirst() {
    QTemporaryDir extra;
    QVERIFY(extra.isValid());
    // A language the system has no dictionary for, made of the English files.
    QVERIFY(QFile::copy(u"/usr/share/hunspell/en_US.aff"_s, extra.filePath(u"tlh.aff"_s)));
    QVERIFY(QFile::copy(u"/usr/share/hunspell/en_US.dic"_s, extra.filePath(u"tlh.dic"_s)));
    // And German files under the name en_US, to see which folder wins.
    QVERIFY(QFile::copy(u"/usr/share/hunspell/de_DE.aff"_s, extra.filePath(u"en_US.aff"_s)));
    QVERIFY(QFile::copy(u"/usr/share/hunspell/de_DE.dic"_s, extra.filePath(u"en_US.dic"_s)));
    QVERIFY(SpellDictionaries::forLocale(u"tlh"_s).isEmpty());
    qputenv("OUTREACHGPT_DICTIONARY_PATH",
            (u"/nonexistent"_s + QDir::listSeparator() + extra.path()).toLocal8Bit());
    QCOMPARE(SpellDictionaries::searchPaths().mid(0, 2),
             (QStringList{u"/nonexistent"_s, extra.path()}));
    QCOMPARE(SpellDictionaries::forLocale(u"tlh"_s), u"tlh"_s);
    QCOMPARE(SpellDictionaries::installed().value(u"en_US"_s), extra.filePath(u"en_US.aff"_s));
    const auto overridden = checker(u"en-US"_s);
    QCOMPARE(flagged(*overridden, u"Vielen Dank"_s), QStringList());
}

void TestSpellChecker::aDictionaryLoadsInTheBackground() {
    // Swedish is read by no other test of this program.
    SpellChecker swedish(*m_settings);
    QSignalSpy changed(&swedish, &SpellChecker::changed);
    swedish.setLocale(u"sv-SE"_s);
    QCOMPARE(swedish.dictionaryName(), u"sv_SE"_s);
    QVERIFY(!swedish.isReady());
    QCOMPARE(swedish.misspellings(u"Tack för svaret, vi hörs snart"_s),
             QList<SpellChecker::Range>());
    QTRY_VERIFY(swedish.isReady());
    QVERIFY(changed.size() >= 2); // the old marks went, then the dictionary came
    QCOMPARE(flagged(swedish, u"Tack för svaert, vi hörs snart"_s), QStringList{u"svaert"_s});
    // A second checker in the same language gets it at once.
    SpellChecker again(*m_settings);
    again.setLocale(u"sv-SE"_s);
    QVERIFY(again.isReady());
}

void TestSpellChecker::timesLoadingAndCheckingADraft() {
    // Danish is read by no other test of this program: this is a cold load (and the slowest: its
    // file is read twice).
    QElapsedTimer timer;
    timer.start();
    SpellChecker danish(*m_settings);
    danish.setLocale(u"da-DK"_s);
    QVERIFY2(danish.waitForDictionary(), qPrintable(danish.unavailableReason()));
    const qint64 loadMs = timer.elapsed();
    // Debian's da_DK needs its unescaped slashes escaped before nuspell reads it.
    QCOMPARE(flagged(danish, u"Mange tak for dit svar, vi ses på mandag"_s), QStringList());

    const auto english = checker(u"en-US"_s);
    const QString paragraph =
        u"Thank you for taking the time to talk with us last week about the renewal. As promised, "
        "here is a short summary of what we discussed and the next steps we agreed on together. "
        "Your team would like to recieve the updated proposal before the end of the month. "_s;
    QString draft;
    while (draft.size() < 3000)
        draft += paragraph;
    timer.restart();
    const QList<SpellChecker::Range> cold = english->misspellings(draft);
    const qint64 coldUs = timer.nsecsElapsed() / 1000;
    timer.restart();
    const QList<SpellChecker::Range> warm = english->misspellings(draft);
    const qint64 warmUs = timer.nsecsElapsed() / 1000;
    qInfo("Loading da_DK: %lld ms; checking %lld characters: %lld us, again (cached): %lld us",
          loadMs, qint64(draft.size()), coldUs, warmUs);
    QCOMPARE(cold.size(), int(draft.count(u"recieve"_s)));
    QCOMPARE(warm, cold);
}

QTEST_GUILESS_MAIN(TestSpellChecker)
#include "tst_spellchecker.moc"
