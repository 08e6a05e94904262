// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/Interaction.h"

#include <QDateTime>
#include <QString>

// Where a page of a ticket's interaction history ends: the last entry's time and id. The history
// is ordered newest first by (occurred_at, id), so the next page is everything strictly below
// this pair, and entries with equal times are neither repeated nor skipped across pages.
struct InteractionCursor {
    QDateTime occurredAt; // UTC
    QString id;

    static InteractionCursor after(const Interaction &interaction) {
        return {interaction.occurredAt, interaction.id};
    }
    bool operator==(const InteractionCursor &) const = default;
};
