// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/OutreachError.h"
#include "domain/Result.h"
#include "domain/Ticket.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

// One page of `GET /v1/tickets` ({"items": [...], "next_cursor": …}). A page is parsed apart from
// the network so that its rules can be tested and fuzzed on bytes alone.
struct TicketPage {
    QList<Ticket> tickets;
    QList<OutreachError> rejected; // items that failed validation, each naming its field
    QString nextCursor;            // empty on the last page
    QDateTime newestUpdate;        // the largest updated_at in the page, valid items or not

    // `items` must be an array and `next_cursor` a string or null; an invalid item does not fail
    // the page (one bad record in the CRM must not block every later sync): it is rejected.
    static Result<TicketPage> fromJson(const QJsonObject &json);
};
