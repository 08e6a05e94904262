// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/Interaction.h"
#include "domain/Project.h"
#include "domain/ProspectHistory.h"
#include "domain/Result.h"
#include "domain/Ticket.h"

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

// Turns HubSpot's CRM objects ({"id", "properties": {…}}) into the app's domain types, and the
// app's writes into HubSpot properties. Pure functions on JSON, apart from the network, so the
// mapping can be tested and fuzzed on bytes alone. A record missing what the app needs is a
// CONTEXT_INVALID error naming the object, its id and the property.
namespace HubSpotRecords {

// What the account's owners and pipelines say, fetched once per session.
struct Owner {
    QString name;
    QString email;
};
struct Stage {
    QString label;
    QString pipelineLabel;
    bool closed = false;  // tickets: ticketState CLOSED; deals: isClosed
    bool waiting = false; // a ticket stage waiting on the contact: "pending"
};
struct Directory {
    QHash<QString, Owner> owners;            // by owner id
    QHash<QString, Stage> ticketStages;      // by stage id
    QHash<QString, QString> ticketPipelines; // pipeline id → label
    QHash<QString, Stage> dealStages;        // by stage id
    QString companyCurrency;                 // the account's, for deals without a currency
};

// The properties each read asks for.
QStringList ticketProperties();
QStringList dealProperties();
QStringList lineItemProperties();
QStringList contactProperties();
QStringList companyProperties();
// "emails", "notes", "calls", "meetings".
QStringList engagementTypes();
QStringList engagementProperties(const QString &type);

// The app's custom properties on emails and notes: the outbox key makes a create findable after
// an unknown outcome, the message id finds the message's engagement for later updates.
inline constexpr auto OutboxKeyProperty = "outreachgpt_outbox_key";
inline constexpr auto MessageIdProperty = "outreachgpt_message_id";
inline constexpr auto EffectivenessProperty = "outreachgpt_effectiveness";

// A ticket with no deal gets the pipeline it sits in as its project.
inline constexpr auto PipelineProjectPrefix = "pipeline:";

Result<Ticket> ticket(const QJsonObject &object, const Directory &directory, const QString &dealId,
                      const QString &contactId);
Result<Project> project(const QJsonObject &deal, const QList<QJsonObject> &lineItems,
                        const Directory &directory);
Result<Project> pipelineProject(const QString &projectId, const Directory &directory);
// `company` may be empty (no associated company, or the contact names one itself).
Result<ProspectHistory> prospect(const QJsonObject &contact, const QJsonObject &company);
// `type` is one of engagementTypes().
Result<Interaction> interaction(const QString &type, const QJsonObject &object,
                                const QString &ticketId, const Directory &directory);

// HubSpot's timestamps: ISO 8601 with milliseconds, or epoch milliseconds.
QDateTime timestamp(const QJsonValue &value);
// hs_timezone's values ("europe_slash_berlin") as IANA ids ("Europe/Berlin").
QString timeZone(const QString &value);
// hs_language's values ("de", "pt-br") as BCP 47 ("de", "pt-BR").
QString locale(const QString &value);
// A note's or call's HTML body as plain text.
QString plainText(const QString &html);
// `text` as the paragraphs of a note's HTML body.
QString htmlParagraphs(const QString &text);

} // namespace HubSpotRecords
