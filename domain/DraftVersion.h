// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/OutreachResponse.h"

#include <QDateTime>
#include <QString>

// One generation (or template) in a ticket's message history: what was asked, when, by which
// model, how confident it was, and the text it produced, so any version can be put back.
struct DraftVersion {
    enum class Status { Complete, Stopped, Failed, Template, Edited };

    qint64 id = 0; // assigned by the store
    QString ticketId;
    QDateTime createdAt; // UTC
    Status status = Status::Complete;
    QString prompt;
    OutreachResponse response; // subject, message and metadata as produced

    static QString statusName(Status status);
    static Status statusFromName(QStringView name); // unknown names read as Complete
    // Translated ("Stopped — partial text").
    static QString statusLabel(Status status);

    bool operator==(const DraftVersion &) const = default;
};
