// SPDX-License-Identifier: GPL-3.0-or-later
// Spell checking in the message editor, with the real Hunspell dictionaries: the marks the rep
// sees, the context menu's suggestions and Spelling submenu, and the prospect's language chosen
// by the main window with the demo workspace.
#include "review/SpellChecker.h"
#include "storage/CacheStore.h"
#include "storage/DemoWorkspace.h"
#include "support/ChildWidget.h"
#include "ui/compose/EditorSpelling.h"
#include "ui/compose/MessageEditor.h"
#include "ui/itemmodels/TicketTableModel.h"
#include "ui/main/MainWindow.h"

#include <QAction>
#include <QMenu>
#include <QPlainTextEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QTextDocument>
#include <QTextLayout>

using namespace Qt::StringLiterals;

class TestSpellCheck : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void aMisspelledWordIsUnderlinedAndANameIsNot();
    void aSuggestionReplacesTheWordAsOneUndoStep();
    void addToDictionaryAndIgnoreClearTheMark();
    void checkingCanBeTurnedOffAndStaysOff();
    void theRepCanChooseTheLanguage();
    void aProspectWithoutDictionaryGetsNoChecking();
    void theMainWindowChecksInTheProspectsLanguage();

private:
    // An editor showing `text` in a document of its own, checked in `locale`.
    std::unique_ptr<MessageEditor> makeEditor(const QString &text, const QString &locale,
                                              const QStringList &names = {});
    static QPlainTextEdit *body(MessageEditor &editor);
    // The words of `block` marked misspelled.
    static QStringList marked(const QTextBlock &block);
    // A point on the `occurrence`th character of `word` in the body, in viewport coordinates.
    static QPoint pointOn(MessageEditor &editor, const QString &word);
    static QAction *actionNamed(const QMenu &menu, const QString &text);
    static QMenu *spellingMenu(const QMenu &menu);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QSettings> m_settings;
    std::unique_ptr<QTextDocument> m_document;
    QAction m_copy{u"Copy"_s};
    QAction m_mail{u"Mail"_s};
    QAction m_save{u"Save"_s};
    QAction m_markSent{u"Mark sent"_s};
};

void TestSpellCheck::init() {
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_settings =
        std::make_unique<QSettings>(m_dir->filePath(u"settings.ini"_s), QSettings::IniFormat);
    m_document = std::make_unique<QTextDocument>();
    m_document->setDocumentLayout(new QPlainTextDocumentLayout(m_document.get()));
}

void TestSpellCheck::cleanup() {
    m_document.reset();
    m_settings.reset();
    m_dir.reset();
}

std::unique_ptr<MessageEditor>
TestSpellCheck::makeEditor(const QString &text, const QString &locale, const QStringList &names) {
    auto editor =
        std::make_unique<MessageEditor>(*m_settings, &m_copy, &m_mail, &m_save, &m_markSent);
    editor->resize(600, 400);
    m_document->setPlainText(text);
    editor->showMessage(m_document.get(), QString());
    editor->setSpellingContext(locale, names);
    editor->spelling()->checker().waitForDictionary();
    editor->show();
    if (!QTest::qWaitForWindowExposed(editor.get()))
        return nullptr;
    return editor;
}

QPlainTextEdit *TestSpellCheck::body(MessageEditor &editor) {
    return child<QPlainTextEdit>(&editor, u"bodyEdit"_s);
}

QStringList TestSpellCheck::marked(const QTextBlock &block) {
    QStringList words;
    const QList<QTextLayout::FormatRange> formats = block.layout()->formats();
    for (const QTextLayout::FormatRange &range : formats) {
        if (range.format.underlineStyle() == QTextCharFormat::SpellCheckUnderline
            && range.format.underlineColor() == Qt::red)
            words.append(block.text().mid(range.start, range.length));
    }
    return words;
}

QPoint TestSpellCheck::pointOn(MessageEditor &editor, const QString &word) {
    QPlainTextEdit *edit = body(editor);
    const int at = edit->document()->toPlainText().indexOf(word);
    if (at < 0)
        return {};
    QTextCursor cursor(edit->document());
    cursor.setPosition(at + 1);
    return edit->cursorRect(cursor).center();
}

QAction *TestSpellCheck::actionNamed(const QMenu &menu, const QString &text) {
    const QList<QAction *> actions = menu.actions();
    for (QAction *action : actions) {
        if (action->text() == text)
            return action;
    }
    return nullptr;
}

QMenu *TestSpellCheck::spellingMenu(const QMenu &menu) {
    return menu.findChild<QMenu *>(u"spellingMenu"_s);
}

void TestSpellCheck::aMisspelledWordIsUnderlinedAndANameIsNot() {
    auto editor = makeEditor(QString(), u"en-US"_s, {u"Zyntraxa Løsninger"_s});
    QVERIFY(editor);
    QPlainTextEdit *edit = body(*editor);
    edit->setFocus();
    QTest::keyClicks(edit, u"Hello Zyntraxa, we recieve"_s);
    // The word being typed is marked as soon as it is there, like any other.
    QTRY_COMPARE(marked(m_document->firstBlock()), QStringList{u"recieve"_s});
    QTest::keyClicks(edit, u" the {{first_nmae}} order at https://exampel.com."_s);
    QCOMPARE(marked(m_document->firstBlock()), QStringList{u"recieve"_s});
    // A second paragraph is checked on its own.
    QTest::keyClick(edit, Qt::Key_Return);
    QTest::keyClicks(edit, u"Thsi too."_s);
    QCOMPARE(marked(m_document->lastBlock()), QStringList{u"Thsi"_s});
    QCOMPARE(marked(m_document->firstBlock()), QStringList{u"recieve"_s});
}

void TestSpellCheck::aSuggestionReplacesTheWordAsOneUndoStep() {
    const QString text = u"Thank you, we recieve the order on Monday."_s;
    auto editor = makeEditor(text, u"en-US"_s);
    QVERIFY(editor);
    QCOMPARE(marked(m_document->firstBlock()), QStringList{u"recieve"_s});

    const std::unique_ptr<QMenu> menu(
        editor->createBodyContextMenu(pointOn(*editor, u"recieve"_s)));
    const QList<QAction *> actions = menu->actions();
    // The suggestions come first, above the standard entries.
    QCOMPARE(actions.first()->text(), u"receive"_s);
    QVERIFY(actionNamed(*menu, u"Add to dictionary"_s));
    QVERIFY(actionNamed(*menu, u"Ignore"_s));
    int suggestions = 0;
    while (suggestions < actions.size() && !actions.at(suggestions)->isSeparator())
        ++suggestions;
    QVERIFY(suggestions >= 1 && suggestions <= 6);
    // The standard entries follow.
    QVERIFY(std::any_of(actions.cbegin(), actions.cend(), [](const QAction *action) {
        return action->text().startsWith(u"&Undo"_s);
    }));
    QVERIFY(spellingMenu(*menu));

    actions.first()->trigger();
    QCOMPARE(m_document->toPlainText(), u"Thank you, we receive the order on Monday."_s);
    QCOMPARE(marked(m_document->firstBlock()), QStringList());
    m_document->undo();
    QCOMPARE(m_document->toPlainText(), text);
    QCOMPARE(marked(m_document->firstBlock()), QStringList{u"recieve"_s});

    // On a correct word there are no suggestions, only the standard menu and Spelling.
    const std::unique_ptr<QMenu> plain(
        editor->createBodyContextMenu(pointOn(*editor, u"Monday"_s)));
    QVERIFY(!actionNamed(*plain, u"Ignore"_s));
    QVERIFY(!actionNamed(*plain, u"receive"_s));
    QVERIFY(spellingMenu(*plain));
}

void TestSpellCheck::addToDictionaryAndIgnoreClearTheMark() {
    auto editor = makeEditor(u"Our Flowgrind and Vektrum teams."_s, u"en-US"_s);
    QVERIFY(editor);
    QCOMPARE(marked(m_document->firstBlock()), (QStringList{u"Flowgrind"_s, u"Vektrum"_s}));
    {
        const std::unique_ptr<QMenu> menu(
            editor->createBodyContextMenu(pointOn(*editor, u"Flowgrind"_s)));
        actionNamed(*menu, u"Add to dictionary"_s)->trigger();
    }
    QCOMPARE(marked(m_document->firstBlock()), QStringList{u"Vektrum"_s});
    QCOMPARE(m_settings->value(u"spelling/personalWords"_s).toStringList(),
             QStringList{u"Flowgrind"_s});
    {
        const std::unique_ptr<QMenu> menu(
            editor->createBodyContextMenu(pointOn(*editor, u"Vektrum"_s)));
        actionNamed(*menu, u"Ignore"_s)->trigger();
    }
    QCOMPARE(marked(m_document->firstBlock()), QStringList());
    QCOMPARE(m_settings->value(u"spelling/personalWords"_s).toStringList(),
             QStringList{u"Flowgrind"_s});
}

void TestSpellCheck::checkingCanBeTurnedOffAndStaysOff() {
    auto editor = makeEditor(u"We recieve it."_s, u"en-US"_s);
    QVERIFY(editor);
    // Marking is no edit: the session's autosave and "edited by the rep" must not see it.
    QSignalSpy edits(m_document.get(), &QTextDocument::contentsChange);
    const int undoSteps = m_document->availableUndoSteps();
    m_document->setModified(false);
    {
        const std::unique_ptr<QMenu> menu(editor->createBodyContextMenu(QPoint(5, 5)));
        QAction *check = actionNamed(*spellingMenu(*menu), u"&Check spelling"_s);
        QVERIFY(check && check->isCheckable() && check->isChecked());
        check->trigger();
    }
    QCOMPARE(marked(m_document->firstBlock()), QStringList());
    QCOMPARE(m_settings->value(u"spelling/enabled"_s).toBool(), false);
    for (const QList<QVariant> &edit : std::as_const(edits))
        QVERIFY(edit.at(1).toInt() == 0 && edit.at(2).toInt() == 0);
    QCOMPARE(m_document->availableUndoSteps(), undoSteps);
    QVERIFY(!m_document->isModified());
    {
        const std::unique_ptr<QMenu> off(
            editor->createBodyContextMenu(pointOn(*editor, u"recieve"_s)));
        QVERIFY(!actionNamed(*off, u"Ignore"_s));
    }

    // A new editor (the next start) reads the setting.
    editor.reset();
    auto again = makeEditor(u"We recieve it."_s, u"en-US"_s);
    QVERIFY(again);
    QCOMPARE(marked(m_document->firstBlock()), QStringList());
    {
        const std::unique_ptr<QMenu> menu(again->createBodyContextMenu(QPoint(5, 5)));
        QAction *check = actionNamed(*spellingMenu(*menu), u"&Check spelling"_s);
        QVERIFY(!check->isChecked());
        check->trigger();
    }
    QTRY_COMPARE(marked(m_document->firstBlock()), QStringList{u"recieve"_s});
}

void TestSpellCheck::theRepCanChooseTheLanguage() {
    const QString german = u"Vielen Dank für Ihre Antwort."_s;
    auto editor = makeEditor(german, u"en-US"_s);
    QVERIFY(editor);
    QVERIFY(marked(m_document->firstBlock()).contains(u"Vielen"_s));
    {
        const std::unique_ptr<QMenu> menu(editor->createBodyContextMenu(QPoint(5, 5)));
        QMenu *spelling = spellingMenu(*menu);
        QAction *automatic =
            actionNamed(*spelling, u"Prospect's language (auto) – English (United States)"_s);
        QVERIFY(automatic && automatic->isChecked());
        QAction *germany = actionNamed(*spelling, u"German (Germany)"_s);
        QVERIFY(germany && !germany->isChecked());
        QVERIFY(actionNamed(*spelling, u"French"_s));
        QVERIFY(!actionNamed(*spelling, u"French (Canada)"_s)); // a link to the same files
        germany->trigger();
    }
    QCOMPARE(m_settings->value(u"spelling/language"_s).toString(), u"de_DE"_s);
    QTRY_COMPARE(marked(m_document->firstBlock()), QStringList());
    // The choice holds for the next prospect too, until the rep goes back to auto.
    editor->setSpellingContext(u"fr-FR"_s, {});
    QCOMPARE(editor->spelling()->checker().dictionaryName(), u"de_DE"_s);
    {
        const std::unique_ptr<QMenu> menu(editor->createBodyContextMenu(QPoint(5, 5)));
        QMenu *spelling = spellingMenu(*menu);
        QVERIFY(actionNamed(*spelling, u"German (Germany)"_s)->isChecked());
        actionNamed(*spelling, u"Prospect's language (auto) – French (France)"_s)->trigger();
    }
    QCOMPARE(m_settings->value(u"spelling/language"_s).toString(), u"auto"_s);
    QCOMPARE(editor->spelling()->checker().dictionaryName(), u"fr_FR"_s);
}

void TestSpellCheck::aProspectWithoutDictionaryGetsNoChecking() {
    auto editor = makeEditor(u"Thsi is nto checked."_s, u"ja-JP"_s);
    QVERIFY(editor);
    QVERIFY(!editor->spelling()->isChecking());
    QCOMPARE(marked(m_document->firstBlock()), QStringList());
    const std::unique_ptr<QMenu> menu(editor->createBodyContextMenu(pointOn(*editor, u"Thsi"_s)));
    QVERIFY(!actionNamed(*menu, u"Ignore"_s));
    QMenu *spelling = spellingMenu(*menu);
    const QAction *reason = spelling->actions().first();
    QCOMPARE(reason->text(), u"No dictionary for Japanese"_s);
    QVERIFY(!reason->isEnabled());
    // The next ticket in a language with a dictionary is checked again.
    editor->setSpellingContext(u"en-GB"_s, {});
    QVERIFY(editor->spelling()->checker().waitForDictionary());
    QCOMPARE(marked(m_document->firstBlock()), (QStringList{u"Thsi"_s, u"nto"_s}));
}

void TestSpellCheck::theMainWindowChecksInTheProspectsLanguage() {
    auto cache = CacheStore::open(m_dir->filePath(u"cache.sqlite"_s));
    QVERIFY2(cache.ok(), qPrintable(cache.ok() ? QString() : cache.error().toString()));
    const auto loaded = DemoWorkspace::load(*cache.value());
    QVERIFY2(loaded.ok(), qPrintable(loaded.ok() ? QString() : loaded.error().toString()));
    MainWindow window(*cache.value(), *m_settings);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto *editor = child<MessageEditor>(&window, u"messageEditor"_s);
    auto *table = child<QTableView>(&window, u"ticketTable"_s);
    const auto open = [&](const QString &ticketId) {
        const int row = window.ticketModel()->rowOfTicket(ticketId);
        QVERIFY(row >= 0);
        const QModelIndex index = window.ticketModel()->index(row, TicketTableModel::TitleColumn);
        table->scrollTo(index);
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, table->visualRect(index).center());
        QCOMPARE(window.selectedTicketId(), ticketId);
    };

    // Zoë Müller of Münchner Rück Analytik GmbH writes German (de-DE).
    open(u"T-1007"_s);
    SpellChecker &checker = editor->spelling()->checker();
    QTRY_COMPARE(checker.dictionaryName(), u"de_DE"_s);
    QVERIFY(checker.waitForDictionary());
    QPlainTextEdit *edit = body(*editor);
    edit->selectAll();
    edit->insertPlainText(u"Hallo Zoë, Münchner Rück Analytik und Analytics Pro: vielen Dnak."_s);
    QCOMPARE(marked(edit->document()->firstBlock()), QStringList{u"Dnak"_s});

    // Satō Yūko writes Japanese, which has no dictionary here.
    open(u"T-1026"_s);
    QTRY_COMPARE(editor->spelling()->unavailableReason(), u"No dictionary for Japanese"_s);
    edit->selectAll();
    edit->insertPlainText(u"Thsi is nto checked."_s);
    QCOMPARE(marked(edit->document()->firstBlock()), QStringList());
    const std::unique_ptr<QMenu> menu(editor->createBodyContextMenu(QPoint(5, 5)));
    QCOMPARE(spellingMenu(*menu)->actions().first()->text(), u"No dictionary for Japanese"_s);

    // Back to the German ticket: its text is checked in German again.
    open(u"T-1007"_s);
    QTRY_COMPARE(checker.dictionaryName(), u"de_DE"_s);
    QVERIFY(checker.waitForDictionary());
    QCOMPARE(marked(edit->document()->firstBlock()), QStringList{u"Dnak"_s});
}

QTEST_MAIN(TestSpellCheck)
#include "tst_spellcheck.moc"
