// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/compose/StreamWriter.h"

#include "generation/TokenEstimator.h"

#include <QTextDocument>
#include <QTimer>

#include <algorithm>
#include <utility>

using namespace Qt::StringLiterals;

StreamWriter::StreamWriter(QTextDocument *document, QObject *parent)
    : QObject(parent)
    , m_document(document)
    , m_flush(new QTimer(this)) {
    m_flush->setSingleShot(true);
    m_flush->setInterval(FlushIntervalMs);
    connect(m_flush, &QTimer::timeout, this, &StreamWriter::flush);
    connect(m_document, &QTextDocument::contentsChange, this, &StreamWriter::onContentsChange);
}

QString StreamWriter::normalised(QString text) {
    text.replace(u"\r\n"_s, u"\n"_s);
    text.replace(u'\r', u'\n');
    return text;
}

void StreamWriter::onContentsChange(int, int removed, int added) {
    if (removed == 0 && added == 0)
        return;
    emit changed();
    if (!m_applying) {
        m_editedByRep = true;
        emit editedByRepChanged();
    }
}

void StreamWriter::replace(const QString &text) {
    m_applying = true;
    QTextCursor cursor(m_document);
    cursor.beginEditBlock();
    cursor.select(QTextCursor::Document);
    cursor.insertText(normalised(text));
    cursor.endEditBlock();
    m_applying = false;
    m_editedByRep = false;
}

void StreamWriter::begin() {
    replace(QString());
    m_flush->stop();
    m_pending.clear();
    m_streamedTokens = 0;
    m_cursor = QTextCursor(m_document);
    m_cursor.movePosition(QTextCursor::End);
    // Text the rep types at the insertion point stays after the arriving text, never inside it.
    m_cursor.setKeepPositionOnInsert(true);
}

void StreamWriter::append(const QString &text) {
    // Deltas are gathered and put into the document a few times a second rather than one by
    // one: each insertion re-lays out its paragraph, and a fast endpoint sends hundreds of
    // deltas a second (a runaway one, megabytes), which would hold up the whole window.
    m_pending += normalised(text);
    if (!m_flush->isActive())
        m_flush->start();
}

void StreamWriter::flush() {
    m_flush->stop();
    if (m_pending.isEmpty())
        return;
    const QString piece = std::exchange(m_pending, QString());
    if (m_passage) {
        flushPassage(piece);
        return;
    }
    m_applying = true;
    // Qt moves a keep-position cursor's anchor past text inserted at it, which would leave the
    // rep's text selected and replaced by the next piece: collapse onto the position first.
    const int position = m_cursor.position();
    m_cursor.setPosition(position);
    m_cursor.insertText(piece);
    m_cursor.setPosition(position + int(piece.size()));
    m_applying = false;
    m_streamedTokens += TokenEstimator::estimate(piece);
}

void StreamWriter::beginPassage(int start, int end) {
    m_flush->stop();
    m_pending.clear();
    m_streamedTokens = 0;
    const int last = m_document->characterCount() - 1; // less the final paragraph separator
    start = std::clamp(start, 0, last);
    end = std::clamp(end, start, last);
    // toPlainText() rather than a cursor's selectedText(), which writes line breaks as U+2029.
    m_passage = Passage{start, end, m_document->toPlainText().mid(start, end - start), false, {}};
}

int StreamWriter::passageEnd() const {
    if (!m_passage)
        return -1;
    return m_passage->replaced ? m_cursor.position() : m_passage->end;
}

QString StreamWriter::textWithoutRewrite() const {
    return m_passage && m_passage->replaced ? m_passage->textBefore : m_document->toPlainText();
}

void StreamWriter::flushPassage(const QString &piece) {
    m_applying = true;
    if (!m_passage->replaced) {
        m_passage->textBefore = m_document->toPlainText();
        m_cursor = QTextCursor(m_document);
        m_cursor.setPosition(m_passage->start);
        m_cursor.setPosition(m_passage->end, QTextCursor::KeepAnchor);
        m_cursor.beginEditBlock();
        m_cursor.insertText(piece);
        m_cursor.endEditBlock();
        m_passage->replaced = true;
    } else {
        m_cursor.joinPreviousEditBlock();
        m_cursor.insertText(piece);
        m_cursor.endEditBlock();
    }
    m_applying = false;
    m_streamedTokens += TokenEstimator::estimate(piece);
}

void StreamWriter::finishPassage(const QString &text) {
    if (!m_passage)
        return;
    flush();
    const QString wanted = normalised(text);
    const int start = m_passage->start;
    const int end = passageEnd();
    if (m_document->toPlainText().mid(start, end - start) != wanted) {
        m_applying = true;
        QTextCursor cursor(m_document);
        cursor.setPosition(start);
        cursor.setPosition(end, QTextCursor::KeepAnchor);
        if (m_passage->replaced)
            cursor.joinPreviousEditBlock();
        else
            cursor.beginEditBlock();
        cursor.insertText(wanted);
        cursor.endEditBlock();
        m_applying = false;
    }
    m_passage.reset();
}

void StreamWriter::restorePassage() {
    if (!m_passage)
        return;
    m_flush->stop();
    m_pending.clear();
    const Passage passage = *std::exchange(m_passage, std::nullopt);
    if (!passage.replaced)
        return; // nothing arrived, nothing changed
    m_applying = true;
    // Undoing the rewrite's one step gives back the text and the undo history as they were (the
    // redo it leaves would only bring the broken rewrite back). Nothing else can have been
    // undone: the editor is read-only while a rewrite streams, so that step is the last one.
    bool undone = false;
    if (m_document->isUndoAvailable()) {
        m_document->undo();
        undone = m_document->toPlainText() == passage.textBefore;
        if (undone)
            m_document->clearUndoRedoStacks(QTextDocument::RedoStack);
        else
            m_document->redo();
    }
    if (!undone) {
        // The document is the text before with the original passage replaced by what arrived.
        const qsizetype streamed = m_document->toPlainText().size()
                                   - (passage.textBefore.size() - passage.original.size());
        QTextCursor cursor(m_document);
        cursor.setPosition(passage.start);
        cursor.setPosition(passage.start + int(streamed), QTextCursor::KeepAnchor);
        cursor.joinPreviousEditBlock();
        cursor.insertText(passage.original);
        cursor.endEditBlock();
    }
    m_applying = false;
}
