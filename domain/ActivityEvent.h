// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/Result.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>

#include <optional>

// Something that happened to a sent message (`POST /v1/tickets/{t}/messages/{m}/events`, the body
// of trackOutreachActivity in docs/crm-api.md): it was sent, opened, answered, ...
struct ActivityEvent {
    enum class Type { Sent, Opened, Clicked, Replied, Bounced, MeetingBooked };

    Type type = Type::Sent;
    QDateTime occurredAt; // UTC

    // Required: type (one of the wire names) and occurred_at. The body does not carry the message
    // id (it is in the URL); pass it as `messageId` so that errors name the message.
    static Result<ActivityEvent> fromJson(const QJsonObject &json, const QString &messageId = {});
    QJsonObject toJson() const;

    // The wire names ("sent", "meeting_booked"); typeFromName returns nullopt for anything else.
    static QString typeName(Type type);
    static std::optional<Type> typeFromName(const QString &name);
    // Translated labels for the UI ("Meeting booked").
    static QString typeLabel(Type type);

    bool operator==(const ActivityEvent &) const = default;
};
