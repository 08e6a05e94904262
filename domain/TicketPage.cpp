// SPDX-License-Identifier: GPL-3.0-or-later
#include "domain/TicketPage.h"

#include "domain/JsonReader.h"

#include <QCoreApplication>
#include <QJsonArray>

using namespace Qt::StringLiterals;

Result<TicketPage> TicketPage::fromJson(const QJsonObject &json) {
    JsonReader reader(json, u"ticket list page"_s);
    const std::optional<QJsonArray> items = reader.optionalArray(u"items"_s);
    if (!items)
        reader.fail(u"items"_s, QCoreApplication::translate("TicketPage", "is missing"));
    TicketPage page;
    page.nextCursor = reader.optionalString(u"next_cursor"_s);
    if (!reader.ok())
        return reader.error();
    page.tickets.reserve(items->size());
    for (qsizetype i = 0; i < items->size(); ++i) {
        const QJsonValue item = items->at(i);
        const QJsonObject object = item.toObject();
        // The high-water mark counts rejected tickets too: they are not fetched again forever.
        const QDateTime updated =
            QDateTime::fromString(object.value(u"updated_at"_s).toString(), Qt::ISODateWithMs);
        if (updated.isValid() && (!page.newestUpdate.isValid() || updated > page.newestUpdate))
            page.newestUpdate = updated.toUTC();
        if (!item.isObject()) {
            page.rejected.append(OutreachError::invalidField(
                u"ticket list page"_s, QString(), u"items[%1]"_s.arg(i),
                QCoreApplication::translate("TicketPage", "is not an object")));
            continue;
        }
        Result<Ticket> ticket = Ticket::fromJson(object);
        if (ticket.ok())
            page.tickets.append(std::move(ticket).value());
        else
            page.rejected.append(ticket.error());
    }
    return page;
}
