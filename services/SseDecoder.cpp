#include "SseDecoder.h"

#include <QCoreApplication>

QList<SseEvent> SseDecoder::feed(QByteArrayView bytes) {
    QList<SseEvent> events;
    if (failed())
        return events;
    qsizetype start = 0;
    if (!m_started) {
        // The BOM may itself arrive split; wait for three bytes before deciding.
        const QByteArray head = m_line + bytes.toByteArray();
        if (head.size() < 3 && QByteArrayView("\xEF\xBB\xBF").startsWith(head)) {
            m_line = head;
            return events;
        }
        m_started = true;
        if (head.startsWith("\xEF\xBB\xBF")) {
            start = 3 - m_line.size();
            m_line.clear();
        } else if (!m_line.isEmpty()) {
            const QByteArray pending = m_line;
            m_line.clear();
            events = feed(pending);
            events.append(feed(bytes));
            return events;
        }
    }
    qsizetype i = start;
    if (m_lastWasCr && i < bytes.size() && bytes[i] == '\n')
        ++i; // the "\n" of a "\r\n" split across reads
    m_lastWasCr = false;
    qsizetype lineStart = i;
    for (; i < bytes.size(); ++i) {
        const char c = bytes[i];
        if (c != '\n' && c != '\r')
            continue;
        // Only the tail of a long line is ever appended: no rescanning of what came before.
        if (m_line.isEmpty()) {
            processLine(bytes.sliced(lineStart, i - lineStart), events);
        } else {
            m_line.append(bytes.sliced(lineStart, i - lineStart));
            processLine(m_line, events);
            m_line.clear();
        }
        if (failed())
            return events;
        if (c == '\r') {
            if (i + 1 < bytes.size()) {
                if (bytes[i + 1] == '\n')
                    ++i;
            } else {
                m_lastWasCr = true;
            }
        }
        lineStart = i + 1;
    }
    if (lineStart < bytes.size()) {
        m_line.append(bytes.sliced(lineStart));
        if (m_line.size() > m_maxSize)
            m_error = QCoreApplication::translate("SseDecoder",
                                                  "An event-stream line is longer than %1 bytes.")
                          .arg(m_maxSize);
    }
    return events;
}

void SseDecoder::processLine(QByteArrayView line, QList<SseEvent> &events) {
    if (line.isEmpty()) {
        // A blank line dispatches the event, if it has data (the spec drops data-less ones).
        if (m_hasData) {
            if (m_event.data.endsWith('\n'))
                m_event.data.chop(1);
            events.append(m_event);
        }
        m_event = SseEvent();
        m_hasData = false;
        m_pendingFields = false;
        return;
    }
    if (line.startsWith(':')) {
        ++m_comments;
        return;
    }
    m_pendingFields = true;
    const qsizetype colon = line.indexOf(':');
    QByteArrayView field = colon < 0 ? line : line.first(colon);
    QByteArrayView value = colon < 0 ? QByteArrayView() : line.sliced(colon + 1);
    if (value.startsWith(' '))
        value = value.sliced(1);
    if (field == "data") {
        m_event.data.append(value);
        m_event.data.append('\n');
        m_hasData = true;
        if (m_event.data.size() > m_maxSize)
            m_error = QCoreApplication::translate("SseDecoder", "An event is larger than %1 bytes.")
                          .arg(m_maxSize);
    } else if (field == "event") {
        m_event.event = value.toByteArray();
    } else if (field == "id") {
        if (!value.contains('\0'))
            m_event.id = value.toByteArray();
    }
    // "retry" and unknown fields are ignored, as the spec says.
}

bool SseDecoder::hasPartialEvent() const {
    return m_pendingFields || !m_line.isEmpty();
}

void SseDecoder::reset() {
    const qsizetype maxSize = m_maxSize;
    *this = SseDecoder();
    m_maxSize = maxSize;
}
