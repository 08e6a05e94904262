// SPDX-License-Identifier: GPL-3.0-or-later
#include "storage/DemoWorkspace.h"

#include "storage/DemoHistory.h"
#include "storage/Sql.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace {

const QString workspaceKey = u"workspace"_s;
const QString demoValue = u"demo"_s;

OutreachError fileError(const QString &file, const QString &problem) {
    return OutreachError(
        OutreachError::Code::ContextInvalid,
        u"Demo workspace file %1: %2"_s.arg(QDir::toNativeSeparators(file), problem));
}

// Re-issues a model's validation error with the file named, keeping entity, id and field so
// the caller can still point at the exact field.
OutreachError inFile(const QString &file, const OutreachError &error) {
    if (error.entity().isEmpty())
        return fileError(file, error.message());
    const QString who = error.entityId().isEmpty() ? u"%1 (without an id)"_s.arg(error.entity())
                                                   : error.entity() + u' ' + error.entityId();
    const QString prefix = u"%1: field \"%2\" "_s.arg(who, error.field());
    const QString problem =
        error.message().startsWith(prefix) ? error.message().mid(prefix.size()) : error.message();
    return OutreachError::invalidField(
        error.entity(), error.entityId(), error.field(),
        u"%1 (in %2)"_s.arg(problem, QDir::toNativeSeparators(file)));
}

// The items of one file: either a bare array or a page {"items": [...], "next_cursor": ...}.
Result<QJsonArray> readItems(const QString &file) {
    QFile in(file);
    if (!in.open(QIODevice::ReadOnly))
        return fileError(file, u"cannot be read: %1"_s.arg(in.errorString()));
    const QByteArray data = in.readAll();
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(data, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        const qsizetype line = data.left(parseError.offset).count('\n') + 1;
        return fileError(file,
                         u"JSON syntax error at offset %1 (line %2): %3"_s.arg(parseError.offset)
                             .arg(line)
                             .arg(parseError.errorString()));
    }
    if (document.isArray())
        return document.array();
    const QJsonValue items = document.object().value("items"_L1);
    if (!items.isArray())
        return fileError(file, u"expected an array or an object with an \"items\" array"_s);
    return items.toArray();
}

template <typename T, typename Parse>
Result<QList<T>> parseFile(const QString &sourceDir, const QString &name, Parse parse) {
    const QString file = sourceDir + u'/' + name;
    Result<QJsonArray> items = readItems(file);
    if (!items)
        return items.error();
    QList<T> parsed;
    parsed.reserve(items->size());
    for (qsizetype i = 0; i < items->size(); ++i) {
        const QJsonValue item = items->at(i);
        if (!item.isObject())
            return fileError(file, u"item %1 is not a JSON object"_s.arg(i));
        Result<T> value = parse(item.toObject());
        if (!value)
            return inFile(file, value.error());
        parsed.append(std::move(value).value());
    }
    return parsed;
}

} // namespace

QString DemoWorkspace::defaultSource() {
    return u":/demo"_s;
}

Result<DemoWorkspace::Counts> DemoWorkspace::load(CacheStore &cache, const QString &sourceDir,
                                                  const QDateTime &now) {
    // Everything is parsed before anything is written, so a bad file leaves the cache as it was.
    auto tickets = parseFile<Ticket>(sourceDir, u"tickets.json"_s, &Ticket::fromJson);
    if (!tickets)
        return tickets.error();
    auto projects = parseFile<Project>(sourceDir, u"projects.json"_s, &Project::fromJson);
    if (!projects)
        return projects.error();
    auto prospects =
        parseFile<ProspectHistory>(sourceDir, u"prospects.json"_s, &ProspectHistory::fromJson);
    if (!prospects)
        return prospects.error();
    auto interactions =
        parseFile<Interaction>(sourceDir, u"interactions.json"_s, &Interaction::fromJson);
    if (!interactions)
        return interactions.error();
    // The seeded history may only name the workspace's tickets, and never a prospect who must not
    // be contacted.
    QHash<QString, bool> doNotContact;
    for (const ProspectHistory &prospect : std::as_const(*prospects))
        doNotContact.insert(prospect.prospect.id, prospect.prospect.doNotContact);
    QHash<QString, bool> ticketDoNotContact;
    for (const Ticket &ticket : std::as_const(*tickets))
        ticketDoNotContact.insert(ticket.id, doNotContact.value(ticket.prospectId));
    const QDateTime loadedAt = now.isValid() ? now.toUTC() : QDateTime::currentDateTimeUtc();
    auto messages = parseFile<DemoHistory::Message>(
        sourceDir, u"messages.json"_s, [&](const QJsonObject &json) {
            return DemoHistory::fromJson(json, loadedAt, ticketDoNotContact);
        });
    if (!messages)
        return messages.error();
    QSet<QString> messageIds;
    for (const DemoHistory::Message &message : std::as_const(*messages)) {
        if (messageIds.contains(message.activity.messageId))
            return inFile(sourceDir + u"/messages.json"_s,
                          OutreachError::invalidField(u"demo message"_s, message.activity.messageId,
                                                      u"message_id"_s, u"is used twice"_s));
        messageIds.insert(message.activity.messageId);
    }

    // The bundled files restore it: a bulk write, like a sync's.
    const Result<void> stored = cache.inBulkTransaction([&]() -> Result<void> {
        if (auto r = cache.upsertProjects(*projects); !r)
            return r;
        if (auto r = cache.upsertProspects(*prospects); !r)
            return r;
        if (auto r = cache.upsertTickets(*tickets); !r)
            return r;
        if (auto r = cache.upsertInteractions(*interactions); !r)
            return r;
        // The rep's "earlier" messages: local records only, the demo has no CRM to queue for.
        if (auto r = DemoHistory::store(cache, *messages); !r)
            return r;
        return cache.setMeta(workspaceKey, demoValue);
    });
    if (!stored)
        return stored.error();

    Counts counts;
    counts.tickets = int(tickets->size());
    counts.projects = int(projects->size());
    counts.prospects = int(prospects->size());
    counts.interactions = int(interactions->size());
    counts.messages = int(messages->size());
    return counts;
}

bool DemoWorkspace::isDemo(const CacheStore &cache) {
    return cache.meta(workspaceKey) == demoValue;
}

Result<void> DemoWorkspace::clear(CacheStore &cache) {
    return cache.inTransaction([&cache]() -> Result<void> {
        if (Result<void> r = cache.clearCrmMirror(); !r.ok())
            return r;
        if (Result<void> r = DemoHistory::remove(cache); !r.ok())
            return r;
        return cache.removeMeta(workspaceKey);
    });
}
