// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/Interaction.h"
#include "domain/Result.h"

#include <QJsonObject>
#include <QList>
#include <QString>

// One page of `GET /v1/tickets/{id}/interactions` ({"items": [...], "next_cursor": …}), parsed
// apart from the network so that its rules can be tested and fuzzed on bytes alone.
struct InteractionPage {
    QList<Interaction> items; // newest first, as the CRM sends them
    QString nextCursor;       // empty on the last page

    // Strict, unlike a ticket page: an interaction history with a hole in it would mislead the
    // model, so any invalid item fails the page, naming its index. Only the first `maxItems`
    // items are read (-1: all); the rest are neither parsed nor kept.
    static Result<InteractionPage> fromJson(const QJsonObject &json, const QString &ticketId,
                                            qsizetype maxItems = -1);
};
