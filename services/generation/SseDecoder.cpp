// SPDX-License-Identifier: GPL-3.0-or-later
#include "generation/SseDecoder.h"

#include <QCoreApplication>

#include <algorithm>
#include <utility>

namespace {

constexpr QByteArrayView Bom("\xEF\xBB\xBF");

} // namespace

QList<SseEvent> SseDecoder::feed(QByteArrayView bytes) {
    QList<SseEvent> events;
    if (failed() || bytes.isEmpty())
        return events;
    if (!m_bomChecked) {
        // The spec strips one UTF-8 BOM at the very start of the stream; its three bytes may
        // arrive in separate reads, so hold them back until it is clear whether they are one.
        const qsizetype take = std::min(Bom.size() - m_bomPrefix.size(), bytes.size());
        m_bomPrefix.append(bytes.first(take));
        bytes = bytes.sliced(take);
        if (!Bom.startsWith(m_bomPrefix)) {
            m_bomChecked = true;
            consume(std::exchange(m_bomPrefix, {}), events);
        } else if (m_bomPrefix.size() == Bom.size()) {
            m_bomChecked = true;
            m_bomPrefix.clear();
        } else {
            return events; // still a possible BOM, and no bytes left
        }
    }
    consume(bytes, events);
    return events;
}

void SseDecoder::consume(QByteArrayView bytes, QList<SseEvent> &events) {
    const char *p = bytes.data();
    const char *const end = p + bytes.size();
    if (m_skipLf && p < end) {
        // CR ended the previous read's last line; this LF is the second half of its CRLF, not
        // a blank line that would dispatch the event early.
        if (*p == '\n')
            ++p;
        m_skipLf = false;
    }
    while (p < end && !failed()) {
        // Only the new bytes are scanned: a long line arriving in many small reads costs linear
        // time, never a rescan of what m_line already holds.
        const char *eol = std::find_if(p, end, [](char c) { return c == '\n' || c == '\r'; });
        const qsizetype length = eol - p;
        if (m_line.size() + length > m_limit) {
            fail(QCoreApplication::translate("SseDecoder",
                                             "The event stream sent a line longer than %1 bytes.")
                     .arg(m_limit));
            return;
        }
        if (eol == end) {
            m_line.append(p, length);
            return;
        }
        if (m_line.isEmpty()) {
            processLine(QByteArrayView(p, length), events);
        } else {
            m_line.append(p, length);
            processLine(m_line, events);
            m_line.clear();
        }
        p = eol + 1;
        if (*eol == '\r') {
            if (p == end)
                m_skipLf = true;
            else if (*p == '\n')
                ++p;
        }
    }
}

void SseDecoder::processLine(QByteArrayView line, QList<SseEvent> &events) {
    if (line.isEmpty()) {
        m_fieldsPending = false;
        if (m_data.isEmpty()) { // a blank line after no data dispatches nothing
            m_eventType.clear();
            return;
        }
        m_data.chop(1); // the '\n' after the last data line
        events.append(
            SseEvent{std::exchange(m_eventType, {}), std::exchange(m_data, {}), m_lastEventId});
        return;
    }
    if (line.front() == ':') {
        ++m_commentCount;
        return;
    }
    m_fieldsPending = true;
    QByteArrayView field = line;
    QByteArrayView value;
    if (const qsizetype colon = line.indexOf(':'); colon >= 0) {
        field = line.first(colon);
        value = line.sliced(colon + 1);
        if (value.startsWith(' '))
            value = value.sliced(1);
    }
    if (field == "data") {
        if (m_data.size() + value.size() + 1 > m_limit) {
            fail(QCoreApplication::translate("SseDecoder",
                                             "The event stream sent an event larger than %1 bytes.")
                     .arg(m_limit));
            return;
        }
        m_data.append(value);
        m_data.append('\n');
    } else if (field == "event") {
        m_eventType = value.toByteArray();
    } else if (field == "id") {
        if (!value.contains('\0')) // the spec ignores an id with a NUL in it
            m_lastEventId = value.toByteArray();
    } else if (field != "retry") {
        // Unknown to the spec, but not to every server: kept, within bounds, for the caller.
        if (m_unknownFields.isEmpty())
            m_unknownFieldBytes = 0;
        m_unknownFieldBytes += field.size() + value.size();
        if (m_unknownFieldBytes <= UnknownFieldLimit)
            m_unknownFields.append({field.toByteArray(), value.toByteArray()});
    }
    // `retry:` sets the reconnection delay of a browser's EventSource; this client does not
    // reconnect on its own (the retry policy decides), so it is ignored.
}

bool SseDecoder::hasPartialEvent() const {
    return m_fieldsPending || !m_line.isEmpty() || !m_bomPrefix.isEmpty();
}

void SseDecoder::reset() {
    const qsizetype limit = m_limit;
    *this = SseDecoder();
    m_limit = limit;
}

void SseDecoder::fail(QString reason) {
    m_error = std::move(reason);
    // Nothing more will be decoded: give the memory back now.
    m_line = {};
    m_data = {};
    m_eventType = {};
    m_unknownFields = {};
}
