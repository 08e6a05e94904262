// SPDX-License-Identifier: GPL-3.0-or-later
#include "crm/CrmConnector.h"

#include <QPointer>

#include <vector>

using namespace Qt::StringLiterals;

// Both loops are written out rather than shared through a template taking the fetch: GCC 12
// mishandles lambdas and member pointers handed to coroutines (docs/DESIGN-NOTES.md).
QCoro::Task<CrmConnector::Batch<Project>> CrmConnector::projects(QStringList projectIds) {
    Batch<Project> batch;
    QPointer<CrmConnector> self(this);
    std::vector<QCoro::Task<Result<Project>>> tasks;
    tasks.reserve(size_t(projectIds.size()));
    for (const QString &id : std::as_const(projectIds))
        tasks.push_back(project(id));
    for (auto &task : tasks) {
        Result<Project> item = co_await task;
        if (!self)
            co_return batch;
        if (item.ok())
            batch.items.append(std::move(item).value());
        else
            batch.errors.append(item.error());
    }
    co_return batch;
}

QCoro::Task<CrmConnector::Batch<ProspectHistory>>
CrmConnector::prospectHistories(QStringList prospectIds) {
    Batch<ProspectHistory> batch;
    QPointer<CrmConnector> self(this);
    std::vector<QCoro::Task<Result<ProspectHistory>>> tasks;
    tasks.reserve(size_t(prospectIds.size()));
    for (const QString &id : std::as_const(prospectIds))
        tasks.push_back(prospectHistory(id));
    for (auto &task : tasks) {
        Result<ProspectHistory> item = co_await task;
        if (!self)
            co_return batch;
        if (item.ok())
            batch.items.append(std::move(item).value());
        else
            batch.errors.append(item.error());
    }
    co_return batch;
}

QString CrmConnector::kindName(Kind kind) {
    return kind == Kind::HubSpot ? u"hubspot"_s : u"rest"_s;
}

std::optional<CrmConnector::Kind> CrmConnector::kindFromName(const QString &name) {
    const QString key = name.trimmed().toLower();
    if (key == u"hubspot")
        return Kind::HubSpot;
    if (key == u"rest" || key == u"rest-v1" || key.isEmpty())
        return Kind::RestV1;
    return std::nullopt;
}

QString CrmConnector::kindLabel(Kind kind) {
    return kind == Kind::HubSpot ? tr("HubSpot") : tr("REST API v1");
}
