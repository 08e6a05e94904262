// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Writes a huge or endless body to an HttpExchange piece by piece, only as fast as the client
// reads it: the next piece goes out when the socket has taken the last ones, so a fake can send a
// gigabyte, or never stop, while holding a few hundred KiB. For resource-bound tests.

#include <QByteArray>
#include <QObject>
#include <QTimer>

#include <functional>

class HttpExchange;

class BodyPump : public QObject {
    Q_OBJECT

public:
    // The piece that starts at `offset`; an empty piece ends the body early.
    using Source = std::function<QByteArray(qint64 offset)>;

    // Starts at once. The stream must have been begun (HttpExchange::beginStream). `total` bytes
    // are written, then the stream is ended; -1 never ends. A child of the exchange, so it stops
    // when the client goes away.
    BodyPump(HttpExchange &exchange, Source source, qint64 total = -1);

    qint64 written() const { return m_written; }

private:
    void pump();

    HttpExchange &m_exchange;
    Source m_source;
    qint64 m_total;
    qint64 m_written = 0;
    QTimer m_timer;
};
