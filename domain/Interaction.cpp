// SPDX-License-Identifier: GPL-3.0-or-later
#include "domain/Interaction.h"

#include "domain/EnumTable.h"
#include "domain/JsonReader.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace {

constexpr EnumTable typeNames{std::array{
    std::pair{Interaction::Type::Email, "email"},
    std::pair{Interaction::Type::Call, "call"},
    std::pair{Interaction::Type::Meeting, "meeting"},
    std::pair{Interaction::Type::Note, "note"},
    std::pair{Interaction::Type::OutreachMessage, "outreach_message"},
}};

constexpr EnumTable directionNames{std::array{
    std::pair{Interaction::Direction::Inbound, "inbound"},
    std::pair{Interaction::Direction::Outbound, "outbound"},
    std::pair{Interaction::Direction::Internal, "internal"},
}};

} // namespace

QString Interaction::typeName(Type type) {
    return typeNames.name(type);
}

std::optional<Interaction::Type> Interaction::typeFromName(const QString &name) {
    return typeNames.value(name);
}

QString Interaction::directionName(Direction direction) {
    return directionNames.name(direction);
}

std::optional<Interaction::Direction> Interaction::directionFromName(const QString &name) {
    return directionNames.value(name);
}

QString Interaction::typeLabel(Type type) {
    switch (type) {
    case Type::Email:
        return QCoreApplication::translate("Interaction", "Email");
    case Type::Call:
        return QCoreApplication::translate("Interaction", "Call");
    case Type::Meeting:
        return QCoreApplication::translate("Interaction", "Meeting");
    case Type::Note:
        return QCoreApplication::translate("Interaction", "Note");
    case Type::OutreachMessage:
        return QCoreApplication::translate("Interaction", "Outreach message");
    }
    return {};
}

QString Interaction::directionLabel(Direction direction) {
    switch (direction) {
    case Direction::Inbound:
        return QCoreApplication::translate("Interaction", "Inbound");
    case Direction::Outbound:
        return QCoreApplication::translate("Interaction", "Outbound");
    case Direction::Internal:
        return QCoreApplication::translate("Interaction", "Internal");
    }
    return {};
}

Result<Interaction> Interaction::fromJson(const QJsonObject &json) {
    JsonReader reader(json, u"interaction"_s);
    Interaction interaction;
    interaction.id = reader.requiredString(u"id"_s);
    reader.setEntityId(interaction.id);
    interaction.ticketId = reader.requiredString(u"ticket_id"_s);
    interaction.type = reader.requiredEnum(u"type"_s, typeNames).value_or(Type::Note);
    interaction.direction =
        reader.requiredEnum(u"direction"_s, directionNames).value_or(Direction::Internal);
    interaction.occurredAt = reader.requiredTimestamp(u"occurred_at"_s);
    interaction.author = reader.optionalString(u"author"_s);
    interaction.subject = reader.optionalString(u"subject"_s);
    // Content may legitimately be empty (a call logged without notes), but must be present.
    if (json.value(u"content"_s).isString())
        interaction.content = json.value(u"content"_s).toString();
    else
        interaction.content = reader.requiredString(u"content"_s);

    if (!reader.ok())
        return reader.error();
    return interaction;
}

QJsonObject Interaction::toJson() const {
    QJsonObject json{
        {u"id"_s, id},
        {u"ticket_id"_s, ticketId},
        {u"type"_s, typeName(type)},
        {u"direction"_s, directionName(direction)},
        {u"occurred_at"_s, JsonReader::timestampString(occurredAt)},
        {u"author"_s, author},
        {u"content"_s, content},
    };
    if (!subject.isEmpty())
        json.insert(u"subject"_s, subject);
    return json;
}
