// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/compose/EditorSpelling.h"

#include "review/SpellChecker.h"
#include "review/SpellDictionaries.h"
#include "ui/compose/SpellHighlighter.h"

#include <QActionGroup>
#include <QFont>
#include <QLocale>
#include <QMenu>
#include <QPlainTextEdit>
#include <QSettings>
#include <QTextBlock>
#include <QTextCursor>

#include <optional>

using namespace Qt::StringLiterals;

namespace {

const auto EnabledKey = "spelling/enabled"_L1;
const auto LanguageKey = "spelling/language"_L1;
const auto AutoLanguage = "auto"_L1;
constexpr int MaxSuggestions = 6;

// Menu texts show '&' as a mnemonic marker.
QString menuText(QString text) {
    return text.replace(u'&', u"&&"_s);
}

} // namespace

EditorSpelling::EditorSpelling(QPlainTextEdit *editor, QSettings &settings)
    : QObject(editor)
    , m_editor(editor)
    , m_settings(settings)
    , m_checker(new SpellChecker(settings, this))
    , m_highlighter(new SpellHighlighter(*m_checker, this)) {
    apply();
}

void EditorSpelling::setDocument(QTextDocument *document) {
    if (m_highlighter->document() != document)
        m_highlighter->setDocument(document);
}

void EditorSpelling::setProspect(const QString &locale, const QStringList &names) {
    m_checker->setAcceptedWords(names);
    if (locale == m_prospectLocale)
        return;
    m_prospectLocale = locale;
    apply();
}

bool EditorSpelling::isEnabled() const {
    return m_settings.value(EnabledKey, true).toBool();
}

bool EditorSpelling::isChecking() const {
    return isEnabled() && m_checker->isReady();
}

QString EditorSpelling::unavailableReason() const {
    return isEnabled() ? m_checker->unavailableReason() : QString();
}

QString EditorSpelling::effectiveLocale() const {
    const QString chosen = m_settings.value(LanguageKey, AutoLanguage).toString();
    if (chosen != AutoLanguage && !chosen.isEmpty())
        return chosen;
    if (!m_prospectLocale.trimmed().isEmpty())
        return m_prospectLocale;
    // Without the prospect's locale the model writes in the language of the rep's request,
    // most likely the rep's own.
    const QLocale own;
    return own.language() == QLocale::C ? u"en_US"_s : own.name();
}

void EditorSpelling::apply() {
    const bool enabled = isEnabled();
    // Turned off, no dictionary is loaded at all.
    if (enabled)
        m_checker->setLocale(effectiveLocale());
    m_highlighter->setActive(enabled);
}

void EditorSpelling::addToContextMenu(QMenu *menu, const QPoint &viewportPos) {
    QAction *first = menu->actions().value(0);
    const QTextCursor at = m_editor->cursorForPosition(viewportPos);
    const QTextBlock block = at.block();
    const qsizetype column = at.position() - block.position();
    std::optional<SpellChecker::Range> misspelled;
    if (isChecking()) {
        const QList<SpellChecker::Range> ranges = m_checker->misspellings(block.text());
        for (const SpellChecker::Range &range : ranges) {
            // A click just after a word's last letter is still on the word.
            if (column >= range.start && column <= range.end())
                misspelled = range;
        }
    }
    if (misspelled) {
        const QString word = block.text().mid(misspelled->start, misspelled->length);
        const int start = block.position() + int(misspelled->start);
        const int length = int(misspelled->length);
        QTextDocument *document = m_editor->document();
        const QStringList suggestions = m_checker->suggestions(word, MaxSuggestions);
        for (const QString &suggestion : suggestions) {
            auto *action = new QAction(menuText(suggestion), menu);
            QFont font = action->font();
            font.setBold(true);
            action->setFont(font);
            connect(action, &QAction::triggered, document,
                    [document, start, length, word, suggestion] {
                        QTextCursor cursor(document);
                        cursor.setPosition(start);
                        cursor.setPosition(start + length, QTextCursor::KeepAnchor);
                        // A generation may have rewritten the text while the menu was open.
                        if (cursor.selectedText() != word)
                            return;
                        cursor.beginEditBlock(); // one undo step
                        cursor.insertText(suggestion);
                        cursor.endEditBlock();
                    });
            menu->insertAction(first, action);
        }
        if (suggestions.isEmpty()) {
            auto *none = new QAction(tr("No suggestions"), menu);
            none->setEnabled(false);
            menu->insertAction(first, none);
        }
        menu->insertSeparator(first);
        auto *add = new QAction(tr("Add to dictionary"), menu);
        add->setToolTip(tr("Never mark “%1” again, in any message").arg(word));
        connect(add, &QAction::triggered, m_checker,
                [this, word] { m_checker->addToPersonalWords(word); });
        menu->insertAction(first, add);
        auto *ignore = new QAction(tr("Ignore"), menu);
        ignore->setToolTip(tr("Do not mark “%1” again until OutreachGPT is closed").arg(word));
        connect(ignore, &QAction::triggered, m_checker, [this, word] { m_checker->ignore(word); });
        menu->insertAction(first, ignore);
        menu->insertSeparator(first);
    }
    menu->addSeparator();
    menu->addMenu(createSpellingMenu(menu));
}

QMenu *EditorSpelling::createSpellingMenu(QMenu *parent) {
    auto *spelling = new QMenu(tr("&Spelling"), parent);
    spelling->setObjectName(u"spellingMenu"_s);
    const QString reason = unavailableReason();
    if (!reason.isEmpty()) {
        spelling->addAction(reason)->setEnabled(false);
        spelling->addSeparator();
    }
    QAction *check = spelling->addAction(tr("&Check spelling"));
    check->setCheckable(true);
    check->setChecked(isEnabled());
    connect(check, &QAction::toggled, this, [this](bool on) {
        m_settings.setValue(EnabledKey, on);
        apply();
    });
    spelling->addSeparator();

    auto *languages = new QActionGroup(spelling);
    const QString chosen = m_settings.value(LanguageKey, AutoLanguage).toString();
    const auto addLanguage = [&](const QString &text, const QString &value) {
        QAction *action = spelling->addAction(text);
        action->setCheckable(true);
        action->setChecked(value == chosen);
        action->setData(value);
        languages->addAction(action);
        connect(action, &QAction::triggered, this, [this, value] {
            m_settings.setValue(LanguageKey, value);
            apply();
        });
    };
    QString automatic = tr("Prospect's language (auto)");
    if (!m_prospectLocale.trimmed().isEmpty())
        automatic += u" – "_s + SpellDictionaries::displayName(m_prospectLocale);
    addLanguage(automatic, AutoLanguage);
    const QStringList installed = SpellDictionaries::distinct();
    for (const QString &name : installed)
        addLanguage(menuText(SpellDictionaries::displayName(name)), name);
    // A choice whose dictionary went away still shows as chosen.
    if (languages->checkedAction() == nullptr && chosen != AutoLanguage)
        addLanguage(menuText(SpellDictionaries::displayName(chosen)), chosen);
    return spelling;
}
