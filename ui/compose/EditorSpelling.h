// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QString>
#include <QStringList>

class QMenu;
class QPlainTextEdit;
class QPoint;
class QSettings;
class QTextDocument;
class SpellChecker;
class SpellHighlighter;

// Spell checking for a message editor: checks whatever document the editor shows in the
// prospect's language (or the one the rep chose), accepts the ticket's names, and puts the
// suggestions and the Spelling submenu into the editor's context menu.
class EditorSpelling : public QObject {
    Q_OBJECT
public:
    // `settings` ("spelling/enabled", "spelling/language", "spelling/personalWords") must outlive
    // this; `editor` is its parent.
    EditorSpelling(QPlainTextEdit *editor, QSettings &settings);

    // Checks `document` from now on (the editor's, after it was swapped).
    void setDocument(QTextDocument *document);
    // The ticket's prospect writes in `locale` (BCP-47; empty when the CRM does not say), and
    // `names` are the ticket's names never to flag.
    void setProspect(const QString &locale, const QStringList &names);

    // Adds, for a right-click at `viewportPos` of the editor, the suggestions, "Add to
    // dictionary" and "Ignore" above the menu's entries when the word there is misspelled, and
    // the Spelling submenu below them.
    void addToContextMenu(QMenu *menu, const QPoint &viewportPos);

    // The setting, and whether a dictionary is there to check with.
    bool isEnabled() const;
    bool isChecking() const;
    // Why nothing is checked ("No dictionary for Japanese"), or empty.
    QString unavailableReason() const;
    SpellChecker &checker() const { return *m_checker; }

private:
    void apply();
    // The locale to check in: the rep's choice, else the prospect's, else the interface's.
    QString effectiveLocale() const;
    QMenu *createSpellingMenu(QMenu *parent);

    QPlainTextEdit *m_editor;
    QSettings &m_settings;
    SpellChecker *m_checker;
    SpellHighlighter *m_highlighter;
    QString m_prospectLocale;
};
