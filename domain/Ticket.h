// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/Result.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>

#include <optional>

// A CRM ticket as described by docs/crm-api.md (`GET /v1/tickets/{id}`).
struct Ticket {
    enum class Status { Open, Pending, Won, Lost, Closed };
    enum class Priority { Low, Normal, High, Urgent };

    struct Assignee {
        QString name;
        QString email;
        bool operator==(const Assignee &) const = default;
    };

    QString id;
    QString title;
    QString description;
    Status status = Status::Open;
    QString category;
    Priority priority = Priority::Normal;
    std::optional<Assignee> assignee;
    QString projectId;
    QString prospectId;
    QDateTime createdAt; // UTC
    QDateTime updatedAt; // UTC

    // Validates: required are id, title, status, priority, project_id, prospect_id, created_at,
    // updated_at; description, category and assignee are optional (null counts as absent).
    // A present field of the wrong type is an error too. Unknown fields are ignored.
    static Result<Ticket> fromJson(const QJsonObject &json);
    QJsonObject toJson() const;

    // The wire names ("open", "urgent"); fromString returns nullopt for anything else.
    static QString statusName(Status status);
    static std::optional<Status> statusFromName(const QString &name);
    static QString priorityName(Priority priority);
    static std::optional<Priority> priorityFromName(const QString &name);
    // Translated labels for the UI ("Open", "Urgent").
    static QString statusLabel(Status status);
    static QString priorityLabel(Priority priority);

    bool operator==(const Ticket &) const = default;
};
