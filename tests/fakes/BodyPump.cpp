// SPDX-License-Identifier: GPL-3.0-or-later
#include "BodyPump.h"

#include "HttpExchange.h"

namespace {

// Keeps the socket busy without letting its buffer grow: more is written only below this.
constexpr qint64 LowWater = 256 * 1024;
constexpr qsizetype Batch = 64 * 1024;

} // namespace

BodyPump::BodyPump(HttpExchange &exchange, Source source, qint64 total)
    : QObject(&exchange)
    , m_exchange(exchange)
    , m_source(std::move(source))
    , m_total(total) {
    // Polled rather than driven by bytesWritten: that signal may not come for a write the socket
    // took at once, and a 1 ms tick costs nothing next to what it moves.
    m_timer.setInterval(1);
    connect(&m_timer, &QTimer::timeout, this, &BodyPump::pump);
    m_timer.start();
    pump();
}

void BodyPump::pump() {
    if (m_exchange.isFinished()) {
        m_timer.stop();
        return;
    }
    if (m_exchange.bytesToWrite() >= LowWater)
        return;
    // One write per tick, of pieces gathered up to Batch bytes: a write per small piece would
    // flood the event loop with the exchange's flush checks and starve every other connection.
    QByteArray batch;
    bool ended = false;
    while (batch.size() < Batch) {
        const qint64 offset = m_written + batch.size();
        if (m_total >= 0 && offset >= m_total) {
            ended = true;
            break;
        }
        QByteArray piece = m_source(offset);
        if (piece.isEmpty()) {
            ended = true;
            break;
        }
        if (m_total >= 0 && offset + piece.size() > m_total)
            piece.truncate(m_total - offset);
        batch += piece;
    }
    m_written += batch.size();
    if (!batch.isEmpty())
        m_exchange.writeChunk(batch);
    if (ended && !m_exchange.isFinished()) {
        m_timer.stop();
        m_exchange.endStream();
    }
}
