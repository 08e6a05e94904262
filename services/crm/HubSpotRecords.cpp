// SPDX-License-Identifier: GPL-3.0-or-later
#include "crm/HubSpotRecords.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTimeZone>

using namespace Qt::StringLiterals;

namespace HubSpotRecords {

namespace {

QString text(const QJsonObject &properties, const QString &name) {
    const QJsonValue value = properties.value(name);
    if (value.isString())
        return value.toString();
    if (value.isDouble())
        return QString::number(value.toDouble(), 'g', 15);
    if (value.isBool())
        return value.toBool() ? u"true"_s : u"false"_s;
    return {};
}

QString translate(const char *text) {
    return QCoreApplication::translate("HubSpotRecords", text);
}

OutreachError missing(const QString &entity, const QString &id, const QString &property) {
    return OutreachError::invalidField(entity, id, u"properties."_s + property,
                                       translate("is missing or empty in HubSpot"));
}

OutreachError badTime(const QString &entity, const QString &id, const QString &property) {
    return OutreachError::invalidField(entity, id, u"properties."_s + property,
                                       translate("is not a timestamp"));
}

// A record's id: HubSpot sends it as a string of digits.
std::optional<QString> idOf(const QJsonObject &object) {
    const QJsonValue id = object.value(u"id"_s);
    if (id.isString() && !id.toString().isEmpty())
        return id.toString();
    if (id.isDouble())
        return QString::number(qint64(id.toDouble()));
    return std::nullopt;
}

Ticket::Priority priorityOf(const QString &value) {
    const QString key = value.trimmed().toUpper();
    if (key == u"LOW")
        return Ticket::Priority::Low;
    if (key == u"HIGH")
        return Ticket::Priority::High;
    if (key == u"URGENT")
        return Ticket::Priority::Urgent;
    return Ticket::Priority::Normal; // MEDIUM, or none set
}

QString ownerName(const Directory &directory, const QString &ownerId) {
    const auto owner = directory.owners.constFind(ownerId);
    return owner == directory.owners.cend() ? QString() : owner->name;
}

// "Müller & Söhne GmbH" from the headers' {"from": {"firstName", "lastName", "email"}}.
QString senderOf(const QString &headersJson) {
    const QJsonObject from =
        QJsonDocument::fromJson(headersJson.toUtf8()).object().value(u"from"_s).toObject();
    const QString name =
        QString(from.value(u"firstName"_s).toString() + u' ' + from.value(u"lastName"_s).toString())
            .trimmed();
    return name.isEmpty() ? from.value(u"email"_s).toString() : name;
}

} // namespace

QStringList ticketProperties() {
    return {u"subject"_s,
            u"content"_s,
            u"hs_pipeline"_s,
            u"hs_pipeline_stage"_s,
            u"hs_ticket_priority"_s,
            u"hs_ticket_category"_s,
            u"hubspot_owner_id"_s,
            u"createdate"_s,
            u"hs_lastmodifieddate"_s};
}

QStringList dealProperties() {
    return {u"dealname"_s,   u"description"_s,        u"dealstage"_s, u"pipeline"_s,
            u"amount"_s,     u"deal_currency_code"_s, u"closedate"_s, u"hs_next_step"_s,
            u"createdate"_s, u"hs_lastmodifieddate"_s};
}

QStringList lineItemProperties() {
    return {u"name"_s, u"quantity"_s};
}

QStringList contactProperties() {
    return {u"firstname"_s,   u"lastname"_s,        u"email"_s,
            u"jobtitle"_s,    u"company"_s,         u"hs_timezone"_s,
            u"hs_language"_s, u"hs_email_optout"_s, u"lastmodifieddate"_s};
}

QStringList companyProperties() {
    return {u"name"_s, u"domain"_s};
}

QStringList engagementTypes() {
    return {u"emails"_s, u"notes"_s, u"calls"_s, u"meetings"_s};
}

QStringList engagementProperties(const QString &type) {
    QStringList properties{u"hs_timestamp"_s, u"hubspot_owner_id"_s};
    if (type == u"emails")
        properties << u"hs_email_direction"_s << u"hs_email_subject"_s << u"hs_email_text"_s
                   << u"hs_email_html"_s << u"hs_email_headers"_s
                   << QString::fromLatin1(MessageIdProperty);
    else if (type == u"notes")
        properties << u"hs_note_body"_s << QString::fromLatin1(MessageIdProperty);
    else if (type == u"calls")
        properties << u"hs_call_title"_s << u"hs_call_body"_s << u"hs_call_direction"_s;
    else if (type == u"meetings")
        properties << u"hs_meeting_title"_s << u"hs_meeting_body"_s;
    return properties;
}

QDateTime timestamp(const QJsonValue &value) {
    if (value.isDouble())
        return QDateTime::fromMSecsSinceEpoch(qint64(value.toDouble()), QTimeZone::utc());
    const QString string = value.toString().trimmed();
    if (string.isEmpty())
        return {};
    bool isNumber = false;
    const qint64 ms = string.toLongLong(&isNumber);
    if (isNumber)
        return QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc());
    QDateTime parsed = QDateTime::fromString(string, Qt::ISODateWithMs);
    if (!parsed.isValid())
        parsed = QDateTime::fromString(string + u"T00:00:00Z"_s, Qt::ISODate); // a date property
    return parsed.isValid() ? parsed.toUTC() : QDateTime();
}

QString timeZone(const QString &value) {
    if (value.isEmpty())
        return {};
    QString id = value;
    id.replace(u"_slash_"_s, u"/"_s);
    // HubSpot lowercases the IANA id; find it again among the known ones.
    static const QList<QByteArray> known = QTimeZone::availableTimeZoneIds();
    for (const QByteArray &candidate : known) {
        if (QString::fromLatin1(candidate).compare(id, Qt::CaseInsensitive) == 0)
            return QString::fromLatin1(candidate);
    }
    return id;
}

QString locale(const QString &value) {
    const QStringList parts = value.trimmed().split(QRegularExpression(u"[-_]"_s));
    if (parts.isEmpty() || parts.first().isEmpty())
        return {};
    QString result = parts.first().toLower();
    if (parts.size() > 1)
        result += u'-' + parts.at(1).toUpper();
    return result;
}

QString plainText(const QString &html) {
    if (!html.contains(u'<') && !html.contains(u'&'))
        return html;
    QString text = html;
    static const QRegularExpression breaks(u"<br\\s*/?>|</p>|</div>|</li>"_s,
                                           QRegularExpression::CaseInsensitiveOption);
    text.replace(breaks, u"\n"_s);
    static const QRegularExpression tags(u"<[^>]*>"_s);
    text.remove(tags);
    static const QList<QPair<QString, QString>> entities{
        {u"&nbsp;"_s, u"\u00a0"_s}, {u"&lt;"_s, u"<"_s},  {u"&gt;"_s, u">"_s},
        {u"&quot;"_s, u"\""_s},     {u"&#39;"_s, u"'"_s}, {u"&amp;"_s, u"&"_s}};
    for (const auto &[entity, character] : entities)
        text.replace(entity, character);
    static const QRegularExpression blankRuns(u"\n{3,}"_s);
    text.replace(blankRuns, u"\n\n"_s);
    return text.trimmed();
}

QString htmlParagraphs(const QString &text) {
    QStringList paragraphs;
    for (const QString &paragraph : text.split(u"\n\n"_s)) {
        QString escaped = paragraph.toHtmlEscaped();
        escaped.replace(u'\n', u"<br>"_s);
        paragraphs.append(u"<p>"_s + escaped + u"</p>"_s);
    }
    return paragraphs.join(QString());
}

Result<Ticket> ticket(const QJsonObject &object, const Directory &directory, const QString &dealId,
                      const QString &contactId) {
    const std::optional<QString> id = idOf(object);
    if (!id)
        return OutreachError::invalidField(u"ticket"_s, QString(), u"id"_s,
                                           translate("is missing"));
    const QJsonObject properties = object.value(u"properties"_s).toObject();
    Ticket result;
    result.id = *id;
    result.title = text(properties, u"subject"_s).trimmed();
    if (result.title.isEmpty())
        return missing(u"ticket"_s, *id, u"subject"_s);
    result.description = plainText(text(properties, u"content"_s));
    const QString stageId = text(properties, u"hs_pipeline_stage"_s);
    const auto stage = directory.ticketStages.constFind(stageId);
    if (stage != directory.ticketStages.cend())
        result.status = stage->closed    ? Ticket::Status::Closed
                        : stage->waiting ? Ticket::Status::Pending
                                         : Ticket::Status::Open;
    result.category = text(properties, u"hs_ticket_category"_s);
    result.priority = priorityOf(text(properties, u"hs_ticket_priority"_s));
    if (const auto owner = directory.owners.constFind(text(properties, u"hubspot_owner_id"_s));
        owner != directory.owners.cend())
        result.assignee = Ticket::Assignee{owner->name, owner->email};
    if (contactId.isEmpty())
        return OutreachError::invalidField(
            u"ticket"_s, *id, u"associations.contacts"_s,
            translate("has no associated contact in HubSpot, so there is nobody to write to"));
    result.prospectId = contactId;
    result.projectId = !dealId.isEmpty() ? dealId
                                         : QString::fromLatin1(PipelineProjectPrefix)
                                               + text(properties, u"hs_pipeline"_s);
    const QJsonValue created = properties.contains(u"createdate"_s)
                                   ? properties.value(u"createdate"_s)
                                   : object.value(u"createdAt"_s);
    result.createdAt = timestamp(created);
    if (!result.createdAt.isValid())
        return badTime(u"ticket"_s, *id, u"createdate"_s);
    const QJsonValue modified = properties.contains(u"hs_lastmodifieddate"_s)
                                    ? properties.value(u"hs_lastmodifieddate"_s)
                                    : object.value(u"updatedAt"_s);
    result.updatedAt = timestamp(modified);
    if (!result.updatedAt.isValid())
        return badTime(u"ticket"_s, *id, u"hs_lastmodifieddate"_s);
    return result;
}

Result<Project> project(const QJsonObject &deal, const QList<QJsonObject> &lineItems,
                        const Directory &directory) {
    const std::optional<QString> id = idOf(deal);
    if (!id)
        return OutreachError::invalidField(u"deal"_s, QString(), u"id"_s, translate("is missing"));
    const QJsonObject properties = deal.value(u"properties"_s).toObject();
    Project result;
    result.id = *id;
    result.name = text(properties, u"dealname"_s).trimmed();
    if (result.name.isEmpty())
        return missing(u"deal"_s, *id, u"dealname"_s);
    result.description = plainText(text(properties, u"description"_s));
    const QString stageId = text(properties, u"dealstage"_s);
    const auto stage = directory.dealStages.constFind(stageId);
    result.stage = stage != directory.dealStages.cend() ? stage->label : stageId;
    if (const QString amount = text(properties, u"amount"_s).trimmed(); !amount.isEmpty()) {
        bool ok = false;
        const double value = amount.toDouble(&ok);
        if (!ok)
            return OutreachError::invalidField(u"deal"_s, *id, u"properties.amount"_s,
                                               translate("is not a number"));
        QString currency = text(properties, u"deal_currency_code"_s).trimmed().toUpper();
        if (currency.isEmpty())
            currency = directory.companyCurrency;
        if (!currency.isEmpty())
            result.value = Project::Value{value, currency};
    }
    for (const QJsonObject &item : lineItems) {
        const QJsonObject itemProperties = item.value(u"properties"_s).toObject();
        const QString name = text(itemProperties, u"name"_s).trimmed();
        if (!name.isEmpty() && !result.products.contains(name))
            result.products.append(name);
    }
    if (const QDateTime close = timestamp(properties.value(u"closedate"_s)); close.isValid())
        result.keyDates.insert(u"close"_s, close.date().toString(Qt::ISODate));
    if (const QString next = text(properties, u"hs_next_step"_s).trimmed(); !next.isEmpty())
        result.description = result.description.isEmpty()
                                 ? next
                                 : result.description + u"\n\n"_s + translate("Next step: ") + next;
    return result;
}

Result<Project> pipelineProject(const QString &projectId, const Directory &directory) {
    const QString pipelineId = projectId.mid(qsizetype(qstrlen(PipelineProjectPrefix)));
    Project result;
    result.id = projectId;
    const QString label = directory.ticketPipelines.value(pipelineId);
    result.name = label.isEmpty() ? translate("Support pipeline") : label;
    result.description = translate("The ticket is not linked to a deal in HubSpot.");
    return result;
}

Result<ProspectHistory> prospect(const QJsonObject &contact, const QJsonObject &company) {
    const std::optional<QString> id = idOf(contact);
    if (!id)
        return OutreachError::invalidField(u"contact"_s, QString(), u"id"_s,
                                           translate("is missing"));
    const QJsonObject properties = contact.value(u"properties"_s).toObject();
    ProspectHistory result;
    ProspectHistory::Prospect &who = result.prospect;
    who.id = *id;
    who.email = text(properties, u"email"_s).trimmed();
    who.name = QString(text(properties, u"firstname"_s).trimmed() + u' '
                       + text(properties, u"lastname"_s).trimmed())
                   .trimmed();
    if (who.name.isEmpty())
        who.name = who.email;
    if (who.name.isEmpty())
        return missing(u"contact"_s, *id, u"firstname"_s);
    who.title = text(properties, u"jobtitle"_s).trimmed();
    who.company = text(company.value(u"properties"_s).toObject(), u"name"_s).trimmed();
    if (who.company.isEmpty())
        who.company = text(properties, u"company"_s).trimmed();
    who.timezone = timeZone(text(properties, u"hs_timezone"_s));
    who.locale = locale(text(properties, u"hs_language"_s));
    who.doNotContact = text(properties, u"hs_email_optout"_s) == u"true";
    result.preferences.channel = u"email"_s;
    return result;
}

Result<Interaction> interaction(const QString &type, const QJsonObject &object,
                                const QString &ticketId, const Directory &directory) {
    const QString entity = type.chopped(1); // "email", "note", …
    const std::optional<QString> id = idOf(object);
    if (!id)
        return OutreachError::invalidField(entity, QString(), u"id"_s, translate("is missing"));
    const QJsonObject properties = object.value(u"properties"_s).toObject();
    Interaction result;
    // Engagement ids are per type; the prefix keeps an email and a note apart.
    result.id = entity + u'-' + *id;
    result.ticketId = ticketId;
    result.occurredAt = timestamp(properties.value(u"hs_timestamp"_s));
    if (!result.occurredAt.isValid())
        result.occurredAt = timestamp(object.value(u"createdAt"_s));
    if (!result.occurredAt.isValid())
        return badTime(entity, *id, u"hs_timestamp"_s);
    const QString owner = ownerName(directory, text(properties, u"hubspot_owner_id"_s));
    if (type == u"emails") {
        const QString direction = text(properties, u"hs_email_direction"_s);
        const bool inbound = direction == u"INCOMING_EMAIL" || direction == u"FORWARDED_EMAIL";
        result.type = !text(properties, QString::fromLatin1(MessageIdProperty)).isEmpty()
                          ? Interaction::Type::OutreachMessage
                          : Interaction::Type::Email;
        result.direction =
            inbound ? Interaction::Direction::Inbound : Interaction::Direction::Outbound;
        const QString sender = senderOf(text(properties, u"hs_email_headers"_s));
        result.author = inbound ? sender : (owner.isEmpty() ? sender : owner);
        result.subject = text(properties, u"hs_email_subject"_s);
        result.content = text(properties, u"hs_email_text"_s);
        if (result.content.trimmed().isEmpty())
            result.content = plainText(text(properties, u"hs_email_html"_s));
    } else if (type == u"notes") {
        result.type = !text(properties, QString::fromLatin1(MessageIdProperty)).isEmpty()
                          ? Interaction::Type::OutreachMessage
                          : Interaction::Type::Note;
        result.direction = result.type == Interaction::Type::OutreachMessage
                               ? Interaction::Direction::Outbound
                               : Interaction::Direction::Internal;
        result.author = owner;
        result.content = plainText(text(properties, u"hs_note_body"_s));
    } else if (type == u"calls") {
        result.type = Interaction::Type::Call;
        result.direction = text(properties, u"hs_call_direction"_s) == u"INBOUND"
                               ? Interaction::Direction::Inbound
                               : Interaction::Direction::Outbound;
        result.author = owner;
        result.subject = text(properties, u"hs_call_title"_s);
        result.content = plainText(text(properties, u"hs_call_body"_s));
    } else {
        result.type = Interaction::Type::Meeting;
        result.direction = Interaction::Direction::Internal;
        result.author = owner;
        result.subject = text(properties, u"hs_meeting_title"_s);
        result.content = plainText(text(properties, u"hs_meeting_body"_s));
    }
    if (result.content.trimmed().isEmpty())
        result.content = result.subject;
    return result;
}

} // namespace HubSpotRecords
