// SPDX-License-Identifier: GPL-3.0-or-later
#include "review/ContextFacts.h"

#include "review/FigureScanner.h"
#include "review/FoldedText.h"
#include "review/PlantedInstructions.h"

#include <QDate>
#include <QDateTime>
#include <QRegularExpression>
#include <QTimeZone>

using namespace Qt::StringLiterals;

ContextFacts ContextFacts::of(const OutreachContext &context) {
    ContextFacts facts;
    const QTimeZone zone(context.prospect.prospect.timezone.toUtf8());

    const Ticket &ticket = context.ticket;
    for (const QString &text : {ticket.title, ticket.description, ticket.category})
        facts.addText(text);
    facts.addDate(ticket.createdAt, zone);
    facts.addDate(ticket.updatedAt, zone);
    if (ticket.assignee)
        facts.trustedAddresses.append(ticket.assignee->email.toLower());

    const Project &project = context.project;
    for (const QString &text : {project.name, project.description, project.stage})
        facts.addText(text);
    for (const QString &product : project.products)
        facts.addText(product);
    if (project.value)
        facts.amounts.append(project.value->amount);
    for (auto it = project.keyDates.cbegin(); it != project.keyDates.cend(); ++it) {
        facts.addText(it.value());
        // key_dates keep the CRM's spelling; an ISO date with a time is still that day.
        const QDate date = QDate::fromString(it.value().left(10), Qt::ISODate);
        if (date.isValid())
            facts.dates.append({date.year(), date.month(), date.day()});
    }

    const ProspectHistory &history = context.prospect;
    for (const QString &text :
         {history.prospect.name, history.prospect.title, history.prospect.company, history.notes,
          history.preferences.channel, history.preferences.tone, history.preferences.bestTime})
        facts.addText(text);
    for (const QString &text : history.preferences.topics + history.preferences.avoid)
        facts.addText(text);
    facts.trustedAddresses.append(history.prospect.email.toLower());
    for (const ProspectHistory::PastOutcome &outcome : history.pastOutcomes)
        facts.addDate(outcome.sentAt, zone);
    // The prompt quotes the subject and first line of earlier messages that worked.
    for (const MessageOutcome &message : context.ownMessages) {
        if (!message.isSent())
            continue;
        facts.addDate(*message.sentAt, zone);
        if (message.worked()) {
            facts.addText(message.subject);
            facts.addText(message.firstLine);
        }
    }

    for (const Interaction &interaction : context.interactions) {
        facts.addText(interaction.subject);
        facts.addText(interaction.content);
        facts.addDate(interaction.occurredAt, zone);
    }
    return facts;
}

void ContextFacts::addDate(const QDateTime &dateTime, const QTimeZone &zone) {
    if (!dateTime.isValid())
        return;
    const QDate utc = dateTime.toUTC().date();
    dates.append({utc.year(), utc.month(), utc.day()});
    if (zone.isValid()) {
        const QDate local = dateTime.toTimeZone(zone).date();
        dates.append({local.year(), local.month(), local.day()});
    }
}

void ContextFacts::addText(const QString &text) {
    if (text.isEmpty())
        return;
    static const QRegularExpression addressPattern(
        u"https?://[^\\s<>\"')]+|[\\w.+-]+@[\\w-]+(?:\\.[\\w-]+)+"_s);
    const FoldedText folded(text);
    const TextRanges regions = PlantedInstructions::taintedRegionsOf(folded);

    FigureScanner scanner(text);
    for (const Figure &figure : scanner.scan()) {
        const bool isTainted = regions.overlaps(figure.start, figure.end);
        switch (figure.type) {
        case Figure::Type::Date:
            (isTainted ? taintedDates : dates).append(figure.dates);
            break;
        case Figure::Type::Amount:
            (isTainted ? taintedNumbers : amounts).append(figure.number);
            break;
        case Figure::Type::Percent:
            (isTainted ? taintedNumbers : percentages).append(figure.number);
            break;
        }
    }
    for (const auto &[number, at] : scanner.bareNumbers())
        (regions.overlaps(at, at + 1) ? taintedNumbers : amounts).append(number);

    auto addresses = addressPattern.globalMatch(text);
    while (addresses.hasNext()) {
        const auto match = addresses.next();
        QString address = match.captured(0).toLower();
        while (address.endsWith(u'.'))
            address.chop(1);
        if (regions.overlaps(match.capturedStart(), match.capturedEnd()))
            taintedAddresses.append(address);
    }

    if (!regions.isEmpty()) {
        QSet<QString> spans;
        for (qsizetype i = 0; i + InjectedSpanWords <= folded.words().size(); ++i)
            spans.insert(folded.span(i, InjectedSpanWords));
        injectedSpans.append(spans);
    }
}
