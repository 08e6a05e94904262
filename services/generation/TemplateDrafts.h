// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/OutreachContext.h"
#include "domain/Result.h"
#include "review/ComplianceChecker.h"

#include <QList>
#include <QString>
#include <QStringList>

// Offline drafts: the outreach templates bundled under ":/templates", filled from a ticket's
// context with no network and no model.
class TemplateDrafts {
public:
    struct TemplateInfo {
        QString id;    // "follow-up", the file name under ":/templates" without ".json"
        QString title; // translated
        bool operator==(const TemplateInfo &) const = default;
    };

    struct FilledTemplate {
        QString subject;
        QString body;
        QStringList unfilled; // merge fields left as written ("{{assignee.name}}"), in order, once
        bool operator==(const FilledTemplate &) const = default;
    };

    static QList<TemplateInfo> available();

    // Fills {{prospect.first_name}} (the first word of the prospect's name), {{prospect.name}},
    // {{prospect.company}}, {{project.name}}, {{project.products}}, {{ticket.title}},
    // {{assignee.name}} and {{opt_out}} (the workspace's opt-out line; without one, the field and
    // the blank lines around it go). A field without a value stays visible and is listed in
    // `unfilled`, so the compliance check flags it. An unknown id or an unreadable template gives
    // CONTEXT_INVALID.
    static Result<FilledTemplate> fill(const QString &id, const OutreachContext &context,
                                       const ComplianceSettings &settings);
};
