#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

// One Server-Sent Event: its type, its data lines joined with '\n', and its id. Kept as bytes:
// the caller decodes a whole event at once, so a UTF-8 character split across reads stays whole.
struct SseEvent {
    QByteArray event;
    QByteArray data;
    QByteArray id;
};

// Decodes a text/event-stream incrementally, as the WHATWG EventSource rules say: "\n", "\r\n"
// and "\r" line ends (also split across reads), ":" comments (keep-alives), multi-line data,
// fields with or without a value, a leading UTF-8 BOM. Bounded: a line or event above the limit
// fails the decoder instead of growing without end.
class SseDecoder {
public:
    // Returns the events completed by `bytes`.
    QList<SseEvent> feed(QByteArrayView bytes);

    // Received after the last dispatched event: a stream that ends now was cut mid-event.
    bool hasPartialEvent() const;
    int commentCount() const { return m_comments; }
    bool failed() const { return !m_error.isEmpty(); }
    QString errorString() const { return m_error; }
    void setMaxSize(qsizetype bytes) { m_maxSize = bytes; }
    void reset();

private:
    void processLine(QByteArrayView line, QList<SseEvent> &events);

    QByteArray m_line;        // the line being received
    bool m_lastWasCr = false; // a "\r" ended the previous read: a leading "\n" belongs to it
    bool m_started = false;   // past the optional BOM
    SseEvent m_event;
    bool m_hasData = false;
    bool m_pendingFields = false;
    int m_comments = 0;
    qsizetype m_maxSize = 4 * 1024 * 1024;
    QString m_error;
};
