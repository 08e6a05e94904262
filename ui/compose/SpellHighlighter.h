// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QSyntaxHighlighter>
#include <QTextCharFormat>

class SpellChecker;

// Underlines the words its checker finds misspelled with a red wave, paragraph by paragraph as
// the document changes, and all over again when the checker's verdicts change.
class SpellHighlighter : public QSyntaxHighlighter {
    Q_OBJECT
public:
    // Paragraphs longer than this many characters are not checked.
    static constexpr int MaxCheckedParagraph = 4000;

    // `checker` must outlive the highlighter.
    SpellHighlighter(SpellChecker &checker, QObject *parent = nullptr);

    // Off, nothing is underlined.
    void setActive(bool active);
    bool isActive() const { return m_active; }

    static QTextCharFormat misspelledFormat();

protected:
    void highlightBlock(const QString &text) override;

private:
    SpellChecker &m_checker;
    QTextCharFormat m_format;
    bool m_active = true;
};
