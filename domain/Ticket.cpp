// SPDX-License-Identifier: GPL-3.0-or-later
#include "domain/Ticket.h"

#include "domain/EnumTable.h"
#include "domain/JsonReader.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace {

constexpr EnumTable statusNames{std::array{
    std::pair{Ticket::Status::Open, "open"},
    std::pair{Ticket::Status::Pending, "pending"},
    std::pair{Ticket::Status::Won, "won"},
    std::pair{Ticket::Status::Lost, "lost"},
    std::pair{Ticket::Status::Closed, "closed"},
}};

constexpr EnumTable priorityNames{std::array{
    std::pair{Ticket::Priority::Low, "low"},
    std::pair{Ticket::Priority::Normal, "normal"},
    std::pair{Ticket::Priority::High, "high"},
    std::pair{Ticket::Priority::Urgent, "urgent"},
}};

} // namespace

QString Ticket::statusName(Status status) {
    return statusNames.name(status);
}

std::optional<Ticket::Status> Ticket::statusFromName(const QString &name) {
    return statusNames.value(name);
}

QString Ticket::priorityName(Priority priority) {
    return priorityNames.name(priority);
}

std::optional<Ticket::Priority> Ticket::priorityFromName(const QString &name) {
    return priorityNames.value(name);
}

QString Ticket::statusLabel(Status status) {
    switch (status) {
    case Status::Open:
        return QCoreApplication::translate("Ticket", "Open");
    case Status::Pending:
        return QCoreApplication::translate("Ticket", "Pending");
    case Status::Won:
        return QCoreApplication::translate("Ticket", "Won");
    case Status::Lost:
        return QCoreApplication::translate("Ticket", "Lost");
    case Status::Closed:
        return QCoreApplication::translate("Ticket", "Closed");
    }
    return {};
}

QString Ticket::priorityLabel(Priority priority) {
    switch (priority) {
    case Priority::Low:
        return QCoreApplication::translate("Ticket", "Low");
    case Priority::Normal:
        return QCoreApplication::translate("Ticket", "Normal");
    case Priority::High:
        return QCoreApplication::translate("Ticket", "High");
    case Priority::Urgent:
        return QCoreApplication::translate("Ticket", "Urgent");
    }
    return {};
}

Result<Ticket> Ticket::fromJson(const QJsonObject &json) {
    JsonReader reader(json, u"ticket"_s);
    Ticket ticket;
    ticket.id = reader.requiredString(u"id"_s);
    reader.setEntityId(ticket.id);
    ticket.title = reader.requiredString(u"title"_s);
    ticket.description = reader.optionalString(u"description"_s);

    ticket.status = reader.requiredEnum(u"status"_s, statusNames).value_or(Status::Open);
    ticket.category = reader.optionalString(u"category"_s);
    ticket.priority = reader.requiredEnum(u"priority"_s, priorityNames).value_or(Priority::Normal);

    if (const auto assignee = reader.optionalObject(u"assignee"_s)) {
        JsonReader nested(*assignee, u"ticket"_s, ticket.id, u"assignee."_s);
        Assignee value;
        value.name = nested.requiredString(u"name"_s);
        value.email = nested.optionalString(u"email"_s);
        reader.adopt(nested);
        ticket.assignee = value;
    }
    ticket.projectId = reader.requiredString(u"project_id"_s);
    ticket.prospectId = reader.requiredString(u"prospect_id"_s);
    ticket.createdAt = reader.requiredTimestamp(u"created_at"_s);
    ticket.updatedAt = reader.requiredTimestamp(u"updated_at"_s);

    if (!reader.ok())
        return reader.error();
    return ticket;
}

QJsonObject Ticket::toJson() const {
    QJsonObject json{
        {u"id"_s, id},
        {u"title"_s, title},
        {u"description"_s, description},
        {u"status"_s, statusName(status)},
        {u"category"_s, category},
        {u"priority"_s, priorityName(priority)},
        {u"project_id"_s, projectId},
        {u"prospect_id"_s, prospectId},
        {u"created_at"_s, JsonReader::timestampString(createdAt)},
        {u"updated_at"_s, JsonReader::timestampString(updatedAt)},
    };
    if (assignee)
        json.insert(u"assignee"_s,
                    QJsonObject{{u"name"_s, assignee->name}, {u"email"_s, assignee->email}});
    return json;
}
