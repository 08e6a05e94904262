// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

#include <utility>

// One dispatched Server-Sent Event. Bytes, not text: the caller decodes UTF-8 per event, so a
// character split across two network reads is whole again by then.
struct SseEvent {
    QByteArray event; // the `event:` field; empty means the default type, "message"
    QByteArray data;  // the `data:` lines joined with '\n'
    QByteArray id;    // the last event ID as of this event (it carries over, as the spec says)

    friend bool operator==(const SseEvent &, const SseEvent &) = default;
};

// A field line the EventSource rules ignore (`error: {…}`, `retry: 3000`): llama.cpp reports a
// failure as such a line, so the decoder keeps them for the caller instead of dropping them.
struct SseField {
    QByteArray name;
    QByteArray value;

    friend bool operator==(const SseField &, const SseField &) = default;
};

// An incremental decoder for a text/event-stream body, following the WHATWG EventSource parsing
// rules, fed raw bytes as they arrive from the socket. No network, no event loop.
class SseDecoder {
public:
    static constexpr qsizetype DefaultLimit = 4 * 1024 * 1024;

    // The events these bytes complete, in order. Bytes of an unfinished line or event are kept
    // for the next call. Once failed(), returns nothing and ignores its input until reset().
    QList<SseEvent> feed(QByteArrayView bytes);

    // Whether bytes or field lines arrived after the last dispatched event: a stream that ends
    // now was cut in the middle of an event (the spec discards that event).
    bool hasPartialEvent() const;

    // The ignored field lines seen since the last call, oldest first. They are not part of the
    // event order: a caller that cares takes them after each feed(). At most UnknownFieldLimit
    // bytes of them are kept between two calls; the rest are counted out.
    QList<SseField> takeUnknownFields() { return std::exchange(m_unknownFields, {}); }
    static constexpr qsizetype UnknownFieldLimit = 64 * 1024;

    // `:` comment lines seen since the last reset(); servers send them as keep-alives.
    int commentCount() const { return m_commentCount; }
    QByteArray lastEventId() const { return m_lastEventId; }

    // A line, or an event's data, longer than this many bytes fails the decoder instead of
    // growing its buffers further. Takes effect from the next feed().
    void setLimit(qsizetype bytes) { m_limit = bytes; }
    qsizetype limit() const { return m_limit; }

    bool failed() const { return !m_error.isEmpty(); }
    QString errorString() const { return m_error; }

    // Back to the state of a new stream (a new request), keeping the limit.
    void reset();

private:
    void consume(QByteArrayView bytes, QList<SseEvent> &events);
    void processLine(QByteArrayView line, QList<SseEvent> &events);
    void fail(QString reason);

    QByteArray m_line;      // the unfinished line carried over from earlier reads
    QByteArray m_bomPrefix; // the first bytes of the stream while they might still be a BOM
    bool m_bomChecked = false;
    bool m_skipLf = false;        // the previous read ended with CR: a leading LF belongs to it
    bool m_fieldsPending = false; // field lines since the last blank line
    QByteArray m_eventType;
    QByteArray m_data; // each `data:` value followed by '\n', as the spec builds it
    QByteArray m_lastEventId;
    QList<SseField> m_unknownFields;
    qsizetype m_unknownFieldBytes = 0;
    int m_commentCount = 0;
    qsizetype m_limit = DefaultLimit;
    QString m_error;
};
