// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/compose/StreamWriter.h"

#include "generation/TokenEstimator.h"

#include <QTextDocument>
#include <QTimer>

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
