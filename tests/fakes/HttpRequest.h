// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The request types of FakeHttpServer: what a route handler is given (HttpRequest) and what the
// server keeps about every request for tests to inspect afterwards (RecordedRequest).

#include <QByteArray>
#include <QByteArrayView>
#include <QHash>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QUrlQuery>

#include <utility>

// Header fields in the order they were received, names as sent: HTTP names are case-insensitive,
// so look them up with HttpRequest::header().
using HttpHeaders = QList<std::pair<QByteArray, QByteArray>>;

struct HttpRequest {
    QByteArray method;
    QByteArray rawPath; // as sent, percent-encoded, without the query
    QString path;       // percent-decoded (so "%2F" in an id reads as "/": route by rawPath)
    QUrlQuery query;
    HttpHeaders headers;
    QByteArray body;
    QString route;                      // the matched route's name; empty when none matched
    QHash<QString, QString> pathParams; // the route pattern's {name} segments, percent-decoded

    // The first header called `name` (case-insensitive); a null QByteArray when there is none.
    QByteArray header(QByteArrayView name) const {
        for (const auto &[key, value] : headers) {
            if (key.compare(name, Qt::CaseInsensitive) == 0)
                return value;
        }
        return {};
    }
};

struct RecordedRequest : HttpRequest {
    enum class Ending {
        Pending,  // no complete answer yet: being handled, or hanging
        Answered, // a complete response was written
        Closed,   // raw bytes (or a truncated body) were written, then the connection closed
        Dropped,  // the connection went away before the answer was complete (either side)
    };

    quint64 sequence = 0;    // 1, 2, 3, … in order of arrival
    qint64 arrivedMs = 0;    // when the whole request had been read, on the server's clock
    qint64 completedMs = -1; // when the answer was written or the connection dropped; -1 pending
    int status = 0;          // the status line sent; 0 when none was
    Ending ending = Ending::Pending;
};

Q_DECLARE_METATYPE(RecordedRequest)
