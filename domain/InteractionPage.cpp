// SPDX-License-Identifier: GPL-3.0-or-later
#include "domain/InteractionPage.h"

#include "domain/JsonReader.h"

#include <QCoreApplication>
#include <QJsonArray>

using namespace Qt::StringLiterals;

Result<InteractionPage> InteractionPage::fromJson(const QJsonObject &json, const QString &ticketId,
                                                  qsizetype maxItems) {
    JsonReader reader(json, u"interaction history of ticket"_s, ticketId);
    const std::optional<QJsonArray> items = reader.optionalArray(u"items"_s);
    if (!items)
        reader.fail(u"items"_s, QCoreApplication::translate("InteractionPage", "is missing"));
    InteractionPage page;
    page.nextCursor = reader.optionalString(u"next_cursor"_s);
    if (!reader.ok())
        return reader.error();
    const qsizetype count = maxItems < 0 ? items->size() : std::min(maxItems, items->size());
    page.items.reserve(count);
    for (qsizetype i = 0; i < count; ++i) {
        const QJsonValue item = items->at(i);
        if (!item.isObject())
            return OutreachError::invalidField(
                u"interaction history of ticket"_s, ticketId, u"items[%1]"_s.arg(i),
                QCoreApplication::translate("InteractionPage", "is not an object"));
        Result<Interaction> interaction = Interaction::fromJson(item.toObject());
        if (!interaction.ok())
            return interaction.error();
        page.items.append(std::move(interaction).value());
    }
    return page;
}
