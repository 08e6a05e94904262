// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QString>
#include <QTextCursor>

class QTextDocument;
class QTimer;

// Writes a streamed message into the editor's document while the rep may be typing in it:
// arriving text goes in a few times a second through one insertion cursor that keeps its place,
// so what the rep types is never overwritten, and every change is told apart as the rep's or
// the stream's own.
class StreamWriter : public QObject {
    Q_OBJECT
public:
    // How often arriving text is put into the editor: smooth to the eye, cheap for the layout.
    static constexpr int FlushIntervalMs = 40;

    explicit StreamWriter(QTextDocument *document, QObject *parent = nullptr);

    // Empties the document and puts the insertion point at its end, for a new stream.
    void begin();
    // Queues `text` for the next flush.
    void append(const QString &text);
    // Puts the queued text into the document now.
    void flush();
    // Replaces the whole text as our own edit (a generation, template or restored version).
    void replace(const QString &text);

    // The rep has changed the text since the last begin() or replace().
    bool editedByRep() const { return m_editedByRep; }
    void setEditedByRep(bool edited) { m_editedByRep = edited; }
    // Tokens of text put in since begin() (estimated).
    int streamedTokens() const { return m_streamedTokens; }

    // Line breaks as the document keeps them: QTextCursor turns '\r' into a paragraph of its own,
    // so "\r\n" would become two.
    static QString normalised(QString text);

signals:
    // The document changed, by the rep or by us.
    void changed();
    // The rep changed the document.
    void editedByRepChanged();

private:
    void onContentsChange(int position, int removed, int added);

    QTextDocument *m_document;
    QTextCursor m_cursor;
    QTimer *m_flush;
    QString m_pending;       // arrived, not yet in the document
    bool m_applying = false; // our own edit, not the rep's
    bool m_editedByRep = false;
    int m_streamedTokens = 0;
};
