// SPDX-License-Identifier: GPL-3.0-or-later
// The compose area's Coaching tab in the real main window with the demo workspace: it follows
// what the rep types (after a short pause), names spam words, coaches in the prospect's
// language, selects a long sentence in the editor and previews the draft on a phone.
#include "review/DraftCoach.h"
#include "storage/CacheStore.h"
#include "storage/DemoWorkspace.h"
#include "support/ChildWidget.h"
#include "ui/compose/CoachingPanel.h"
#include "ui/compose/ComposeController.h"
#include "ui/compose/ComposePane.h"
#include "ui/compose/ComposeSession.h"
#include "ui/compose/PhonePreview.h"
#include "ui/itemmodels/TicketTableModel.h"
#include "ui/main/MainWindow.h"

#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QTabBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

class TestCoachingPanel : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void typingUpdatesTheCoachingAfterAPause();
    void aSubjectEditIsCoachedToo();
    void coachingFollowsTheProspectsLanguage();
    void theLongSentenceIsSelectedInTheEditor();
    void thePhonePreviewShowsTheInboxLineAndTheBody();
    void aTemplateDraftIsCoached();

private:
    bool openWindow();
    // Shows the Coaching tab as a rep would, by clicking it.
    void openCoachingTab();
    void clearBody();
    QString valueText(const QString &id) const;

    ComposePane *pane() const { return child<ComposePane>(m_window.get(), u"composePane"_s); }
    QPlainTextEdit *body() const { return child<QPlainTextEdit>(pane(), u"bodyEdit"_s); }
    QLineEdit *subject() const { return child<QLineEdit>(pane(), u"subjectEdit"_s); }
    CoachingPanel *coaching() const { return child<CoachingPanel>(pane(), u"coachingPanel"_s); }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<CacheStore> m_cache;
    std::unique_ptr<QSettings> m_settings;
    std::unique_ptr<MainWindow> m_window;
};

void TestCoachingPanel::init() {
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    auto cache = CacheStore::open(m_dir->filePath(u"cache.sqlite"_s));
    QVERIFY2(cache.ok(), qPrintable(cache.ok() ? QString() : cache.error().toString()));
    m_cache = std::move(cache).value();
    const auto loaded = DemoWorkspace::load(*m_cache);
    QVERIFY2(loaded.ok(), qPrintable(loaded.ok() ? QString() : loaded.error().toString()));
    m_settings =
        std::make_unique<QSettings>(m_dir->filePath(u"settings.ini"_s), QSettings::IniFormat);
}

void TestCoachingPanel::cleanup() {
    m_window.reset();
    m_settings.reset();
    m_cache.reset();
    m_dir.reset();
}

bool TestCoachingPanel::openWindow() {
    m_window = std::make_unique<MainWindow>(*m_cache, *m_settings);
    m_window->resize(1440, 900);
    m_window->show();
    return QTest::qWaitForWindowExposed(m_window.get()) && pane()->session();
}

void TestCoachingPanel::openCoachingTab() {
    auto *tabs = child<QTabWidget>(pane(), u"composeTabs"_s);
    const int index = tabs->indexOf(coaching());
    QVERIFY(index >= 0);
    QCOMPARE(tabs->tabText(index), u"Coaching"_s);
    QTest::mouseClick(tabs->tabBar(), Qt::LeftButton, {}, tabs->tabBar()->tabRect(index).center());
    QCOMPARE(tabs->currentWidget(), coaching());
}

void TestCoachingPanel::clearBody() {
    body()->setFocus();
    body()->selectAll();
    QTest::keyClick(body(), Qt::Key_Delete);
    QTRY_VERIFY(body()->toPlainText().isEmpty());
}

QString TestCoachingPanel::valueText(const QString &id) const {
    return child<QLabel>(coaching(), u"coachingValue-"_s + id)->text();
}

void TestCoachingPanel::typingUpdatesTheCoachingAfterAPause() {
    QVERIFY(openWindow());
    openCoachingTab();
    clearBody();
    QTRY_VERIFY(child<QLabel>(coaching(), u"coachingPlaceholder"_s)->isVisible()
                || !subject()->text().isEmpty());

    QTest::keyClicks(body(), u"Hello Anna, thanks for the call on Monday."_s);
    // Nothing is worked out while the rep is still typing.
    QVERIFY(!valueText(u"word_count"_s).contains(u"8 word(s)"_s));
    QTRY_VERIFY2(valueText(u"word_count"_s).contains(u"8 word(s)"_s),
                 qPrintable(valueText(u"word_count"_s)));
    QVERIFY(child<QWidget>(coaching(), u"coachingItems"_s)->isVisible());
    QVERIFY2(valueText(u"spam_words"_s).contains(u"None found"_s),
             qPrintable(valueText(u"spam_words"_s)));
    QCOMPARE(coaching()->items().size(), 8);

    QTest::keyClicks(body(), u" The pilot is FREE, act now!! Shall we talk?"_s);
    QTRY_VERIFY2(valueText(u"word_count"_s).contains(u"17 word(s)"_s),
                 qPrintable(valueText(u"word_count"_s)));
    const QString spam = valueText(u"spam_words"_s);
    QVERIFY2(spam.contains(u"FREE"_s) && spam.contains(u"act now"_s) && spam.contains(u"!!"_s),
             qPrintable(spam));
    QCOMPARE(child<QLabel>(coaching(), u"coachingStatus-spam_words"_s)->accessibleName(),
             u"Problem"_s);
    QVERIFY2(valueText(u"questions"_s).contains(u"1 question(s)"_s),
             qPrintable(valueText(u"questions"_s)));
    QVERIFY(!child<QLabel>(coaching(), u"coachingReason-spam_words"_s)->text().isEmpty());
    QVERIFY(
        child<QLabel>(coaching(), u"coachingRange-word_count"_s)
            ->text()
            .contains(QString::number(DraftCoach::wordRange(pane()->session()->length()).maximum)));
}

void TestCoachingPanel::aSubjectEditIsCoachedToo() {
    QVERIFY(openWindow());
    openCoachingTab();
    clearBody();
    QTest::keyClicks(body(), u"Shall we talk on Monday?"_s);
    subject()->setFocus();
    subject()->selectAll();
    QTest::keyClick(subject(), Qt::Key_Delete);
    QTRY_VERIFY2(valueText(u"subject"_s).contains(u"No subject"_s),
                 qPrintable(valueText(u"subject"_s)));
    QTest::keyClicks(subject(), u"Demo of the scanner for your Hamburg site"_s);
    QTRY_VERIFY2(valueText(u"subject"_s).contains(u"41 character(s)"_s),
                 qPrintable(valueText(u"subject"_s)));
    QCOMPARE(child<QLabel>(coaching(), u"coachingStatus-subject"_s)->accessibleName(), u"Good"_s);
}

void TestCoachingPanel::coachingFollowsTheProspectsLanguage() {
    QVERIFY(openWindow());
    // A ticket whose prospect reads German.
    QString german;
    for (int row = 0; row < m_window->ticketModel()->rowCount() && german.isEmpty(); ++row) {
        const QString id = m_window->ticketModel()->ticketId(row);
        ComposeSession *session = m_window->composeController()->session(id);
        if (session->context() && session->context()->prospect.prospect.locale.startsWith(u"de"))
            german = id;
    }
    QVERIFY(!german.isEmpty());
    QVERIFY(m_window->selectTicket(german));
    QCOMPARE(pane()->session()->ticketId(), german);
    openCoachingTab();
    clearBody();
    // QTest types ASCII only: the umlauts as a keyboard without them writes them.
    QTest::keyClicks(body(), u"Vielen Dank fuer das Gespraech auf der Messe. Passt Ihnen ein "
                             u"Termin am Dienstag? Das Angebot ist kostenlos."_s);
    QTRY_VERIFY2(valueText(u"reading_level"_s).contains(u"Flesch–Amstad"_s),
                 qPrintable(valueText(u"reading_level"_s)));
    QTRY_VERIFY2(valueText(u"spam_words"_s).contains(u"kostenlos"_s),
                 qPrintable(valueText(u"spam_words"_s)));
}

void TestCoachingPanel::theLongSentenceIsSelectedInTheEditor() {
    QVERIFY(openWindow());
    openCoachingTab();
    clearBody();
    const QString longOne =
        u"Our scanner reads every label in the warehouse, sends the data to your system at "
        u"once, warns the team about errors before the truck leaves and keeps a record of "
        u"every pick for the audit."_s;
    QTest::keyClicks(body(), u"Hello Anna. "_s + longOne + u" Shall we talk?"_s);
    auto *select = child<QPushButton>(coaching(), u"coachingSelectSentence"_s);
    QTRY_VERIFY(select->isVisible());
    QVERIFY2(valueText(u"sentence_length"_s).contains(u"longest 35"_s),
             qPrintable(valueText(u"sentence_length"_s)));
    QTest::mouseClick(select, Qt::LeftButton);
    QCOMPARE(body()->textCursor().selectedText(), longOne);
    QVERIFY(body()->hasFocus());

    // With the long sentence split, there is nothing left to select.
    clearBody();
    QTest::keyClicks(body(), u"Hello Anna. Shall we talk?"_s);
    QTRY_VERIFY(!select->isVisible());
}

void TestCoachingPanel::thePhonePreviewShowsTheInboxLineAndTheBody() {
    QVERIFY(openWindow());
    openCoachingTab();
    clearBody();
    subject()->setFocus();
    subject()->selectAll();
    const QString longSubject =
        u"A follow-up on the quote for three sites and the demo we talked about last week"_s;
    QTest::keyClicks(subject(), longSubject);
    QTest::keyClicks(body(), u"Hello Anna,"_s);
    QTest::keyClick(body(), Qt::Key_Return);
    QTest::keyClick(body(), Qt::Key_Return);
    QTest::keyClicks(body(), u"thanks for the call. Shall we talk on Monday?"_s);
    PhonePreview *phone = coaching()->phonePreview();
    QTRY_COMPARE(phone->bodyText(),
                 u"Hello Anna,\n\nthanks for the call. Shall we talk on Monday?"_s);
    QVERIFY(phone->isVisible());
    QCOMPARE(phone->width(), PhonePreview::ScreenWidth);
    QCOMPARE(phone->inboxPreviewText(),
             u"Hello Anna, thanks for the call. Shall we talk on Monday?"_s);
    // The subject is cut where the phone's width ends.
    QVERIFY2(phone->inboxSubjectText().endsWith(u'…'), qPrintable(phone->inboxSubjectText()));
    QVERIFY(longSubject.startsWith(phone->inboxSubjectText().chopped(1)));
    QVERIFY2(valueText(u"phone_preview"_s).contains(u"Hello Anna"_s),
             qPrintable(valueText(u"phone_preview"_s)));
}

void TestCoachingPanel::aTemplateDraftIsCoached() {
    QVERIFY(openWindow());
    openCoachingTab();
    clearBody();
    auto *templates = pane()->templatesMenu();
    QVERIFY(!templates->actions().isEmpty());
    templates->actions().constFirst()->trigger();
    const QString text = body()->toPlainText();
    QVERIFY(!text.isEmpty());
    const int words = DraftCoach::measure({subject()->text(), text, {}, {}}).words;
    QTRY_VERIFY2(valueText(u"word_count"_s).contains(u"%1 word(s)"_s.arg(words)),
                 qPrintable(valueText(u"word_count"_s)));
}

QTEST_MAIN(TestCoachingPanel)
#include "tst_coachingpanel.moc"
