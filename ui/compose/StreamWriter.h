// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QString>
#include <QTextCursor>

#include <optional>

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

    // A rewrite of the text from `start` to `end`: nothing changes until the first text arrives,
    // which replaces the passage; every later piece joins that edit, so that the whole rewrite is
    // one undo step. The rep cannot type meanwhile (the editor is read-only).
    void beginPassage(int start, int end);
    // Replaces what streamed into the passage with `text` (the answer as read), in the same
    // undo step, and ends the rewrite.
    void finishPassage(const QString &text);
    // Puts the original passage back exactly and ends the rewrite: after a stop or a failure.
    void restorePassage();
    bool isRewriting() const { return m_passage.has_value(); }
    // The text with the passage as it was before the rewrite: what an autosave keeps meanwhile,
    // so that a quit or a crash in the middle of a rewrite leaves the draft whole.
    QString textWithoutRewrite() const;
    // Where the rewritten passage is now: from its start to the end of what has arrived.
    int passageStart() const { return m_passage ? m_passage->start : -1; }
    int passageEnd() const;

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
    struct Passage {
        int start = 0;
        int end = 0;
        QString original;
        bool replaced = false; // the first text has arrived and taken the original's place
        QString textBefore;    // the whole document then, to tell that an undo restored it
    };

    void onContentsChange(int position, int removed, int added);
    void flushPassage(const QString &piece);

    QTextDocument *m_document;
    QTextCursor m_cursor;
    QTimer *m_flush;
    QString m_pending;       // arrived, not yet in the document
    bool m_applying = false; // our own edit, not the rep's
    bool m_editedByRep = false;
    int m_streamedTokens = 0;
    std::optional<Passage> m_passage;
};
