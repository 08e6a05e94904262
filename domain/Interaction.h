// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/Result.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>

#include <optional>

// One entry of a ticket's interaction history (`GET /v1/tickets/{id}/interactions`).
struct Interaction {
    enum class Type { Email, Call, Meeting, Note, OutreachMessage };
    enum class Direction { Inbound, Outbound, Internal };

    QString id;
    QString ticketId;
    Type type = Type::Note;
    Direction direction = Direction::Internal;
    QDateTime occurredAt; // UTC
    QString author;
    QString subject; // optional
    QString content;

    // Required: id, ticket_id, type, direction, occurred_at, content. Optional: author, subject.
    static Result<Interaction> fromJson(const QJsonObject &json);
    QJsonObject toJson() const;

    static QString typeName(Type type); // "outreach_message"
    static std::optional<Type> typeFromName(const QString &name);
    static QString directionName(Direction direction);
    static std::optional<Direction> directionFromName(const QString &name);
    static QString typeLabel(Type type); // translated, "Outreach message"
    static QString directionLabel(Direction direction);

    bool operator==(const Interaction &) const = default;
};
