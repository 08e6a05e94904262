// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/compose/SpellHighlighter.h"

#include "review/SpellChecker.h"

SpellHighlighter::SpellHighlighter(SpellChecker &checker, QObject *parent)
    : QSyntaxHighlighter(parent)
    , m_checker(checker)
    , m_format(misspelledFormat()) {
    connect(&m_checker, &SpellChecker::changed, this, &SpellHighlighter::rehighlight);
}

void SpellHighlighter::setActive(bool active) {
    if (active == m_active)
        return;
    m_active = active;
    rehighlight();
}

QTextCharFormat SpellHighlighter::misspelledFormat() {
    QTextCharFormat format;
    // The platform's own squiggle where it has one (macOS), a red wave elsewhere.
    format.setUnderlineStyle(QTextCharFormat::SpellCheckUnderline);
    format.setUnderlineColor(Qt::red);
    return format;
}

void SpellHighlighter::highlightBlock(const QString &text) {
    // Each keystroke or streamed piece re-checks its whole paragraph: one far longer than any
    // message (a runaway answer streams megabytes into one) is left unmarked rather than made a
    // cost that grows with every piece.
    if (!m_active || text.size() > MaxCheckedParagraph)
        return;
    const QList<SpellChecker::Range> misspelled = m_checker.misspellings(text);
    for (const SpellChecker::Range &range : misspelled)
        setFormat(int(range.start), int(range.length), m_format);
}
