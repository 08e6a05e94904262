// SPDX-License-Identifier: GPL-3.0-or-later
#include "domain/ActivityEvent.h"

#include "domain/EnumTable.h"
#include "domain/JsonReader.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace {

constexpr EnumTable typeNames{std::array{
    std::pair{ActivityEvent::Type::Sent, "sent"},
    std::pair{ActivityEvent::Type::Opened, "opened"},
    std::pair{ActivityEvent::Type::Clicked, "clicked"},
    std::pair{ActivityEvent::Type::Replied, "replied"},
    std::pair{ActivityEvent::Type::Bounced, "bounced"},
    std::pair{ActivityEvent::Type::MeetingBooked, "meeting_booked"},
}};

} // namespace

QString ActivityEvent::typeName(Type type) {
    return typeNames.name(type);
}

std::optional<ActivityEvent::Type> ActivityEvent::typeFromName(const QString &name) {
    return typeNames.value(name);
}

QString ActivityEvent::typeLabel(Type type) {
    switch (type) {
    case Type::Sent:
        return QCoreApplication::translate("ActivityEvent", "Sent");
    case Type::Opened:
        return QCoreApplication::translate("ActivityEvent", "Opened");
    case Type::Clicked:
        return QCoreApplication::translate("ActivityEvent", "Clicked");
    case Type::Replied:
        return QCoreApplication::translate("ActivityEvent", "Replied");
    case Type::Bounced:
        return QCoreApplication::translate("ActivityEvent", "Bounced");
    case Type::MeetingBooked:
        return QCoreApplication::translate("ActivityEvent", "Meeting booked");
    }
    return {};
}

Result<ActivityEvent> ActivityEvent::fromJson(const QJsonObject &json, const QString &messageId) {
    JsonReader reader(json, u"activity event"_s, messageId);
    ActivityEvent event;
    event.type = reader.requiredEnum(u"type"_s, typeNames).value_or(Type::Sent);
    event.occurredAt = reader.requiredTimestamp(u"occurred_at"_s);

    if (!reader.ok())
        return reader.error();
    return event;
}

QJsonObject ActivityEvent::toJson() const {
    return QJsonObject{
        {u"type"_s, typeName(type)},
        {u"occurred_at"_s, JsonReader::timestampString(occurredAt)},
    };
}
