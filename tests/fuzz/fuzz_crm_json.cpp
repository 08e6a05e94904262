// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target for every CRM payload parser: the first byte of an input picks the payload
// kind, the rest is the HTTP body as RestCrmConnector (or the outbox's own validation) would hand
// it to QJsonDocument. Beyond "no crash, no undefined behaviour, no leak" (the sanitizers),
// whatever parses must survive a round trip: fromJson(toJson(x)) succeeds and gives x back.
#include "FuzzCheck.h"
#include "domain/ActivityEvent.h"
#include "domain/EffectivenessMetrics.h"
#include "domain/Interaction.h"
#include "domain/InteractionPage.h"
#include "domain/OutreachActivity.h"
#include "domain/Project.h"
#include "domain/ProspectHistory.h"
#include "domain/Ticket.h"
#include "domain/TicketPage.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <cstdint>

using namespace Qt::StringLiterals;

namespace {

enum Kind : std::uint8_t {
    TicketKind,
    ProjectKind,
    ProspectKind,
    InteractionKind,
    TicketPageKind,
    InteractionPageKind,
    ActivityKind,
    EventKind,
    MetricsKind,
    KindCount,
};

template <typename T, typename... Extra>
void roundTrip(const QJsonObject &json, const char *what, const Extra &...extra) {
    const Result<T> parsed = T::fromJson(json, extra...);
    if (!parsed.ok()) {
        // A refusal must say what was wrong.
        fuzzCheck(!parsed.error().message().isEmpty(), what);
        return;
    }
    const QJsonObject written = parsed->toJson();
    const Result<T> again = T::fromJson(written, extra...);
    fuzzCheck(again.ok(), what, QString(), again.ok() ? QString() : again.error().toString());
    fuzzCheck(*again == *parsed, what, QString::fromUtf8(QJsonDocument(written).toJson()),
              QString::fromUtf8(QJsonDocument(again->toJson()).toJson()));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    if (size < 1)
        return 0;
    const auto kind = Kind(data[0] % KindCount);
    const QByteArray body =
        QByteArray::fromRawData(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));
    const QJsonDocument document = QJsonDocument::fromJson(body);
    if (!document.isObject())
        return 0;
    const QJsonObject json = document.object();

    switch (kind) {
    case TicketKind:
        roundTrip<Ticket>(json, "ticket round trip");
        break;
    case ProjectKind:
        roundTrip<Project>(json, "project round trip");
        break;
    case ProspectKind:
        roundTrip<ProspectHistory>(json, "prospect history round trip");
        break;
    case InteractionKind:
        roundTrip<Interaction>(json, "interaction round trip");
        break;
    case TicketPageKind: {
        const Result<TicketPage> page = TicketPage::fromJson(json);
        if (page.ok()) {
            // Every item is either a ticket or a rejection, and each ticket round-trips.
            const qsizetype items = json.value(u"items"_s).toArray().size();
            fuzzCheck(page->tickets.size() + page->rejected.size() == items,
                      "ticket page accounts for every item");
            for (const Ticket &ticket : page->tickets)
                roundTrip<Ticket>(ticket.toJson(), "ticket from a page round trip");
        }
        break;
    }
    case InteractionPageKind: {
        const qsizetype maxItems = qsizetype(size % 7) - 1; // -1 (all) up to 5
        const Result<InteractionPage> page = InteractionPage::fromJson(json, u"T-1"_s, maxItems);
        if (page.ok()) {
            fuzzCheck(maxItems < 0 || page->items.size() <= maxItems,
                      "interaction page keeps at most maxItems");
            for (const Interaction &interaction : page->items)
                roundTrip<Interaction>(interaction.toJson(), "interaction from a page round trip");
        }
        break;
    }
    case ActivityKind:
        roundTrip<OutreachActivity>(json, "outreach activity round trip");
        break;
    case EventKind:
        roundTrip<ActivityEvent>(json, "activity event round trip", u"M-1"_s);
        break;
    case MetricsKind:
        roundTrip<EffectivenessMetrics>(json, "effectiveness metrics round trip", u"M-1"_s);
        break;
    case KindCount:
        break;
    }
    return 0;
}
