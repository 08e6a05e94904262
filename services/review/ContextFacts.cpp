// SPDX-License-Identifier: GPL-3.0-or-later
#include "review/ContextFacts.h"

#include "review/FigureScanner.h"
#include "review/FoldedText.h"
#include "review/OfferTerms.h"
#include "review/PlantedInstructions.h"

#include <QCoreApplication>
#include <QDate>
#include <QDateTime>
#include <QLocale>
#include <QRegularExpression>
#include <QTimeZone>

#include <cmath>

using namespace Qt::StringLiterals;

namespace {

using Trust = ContextSource::Trust;
using Kind = ContextSource::Kind;

QString interactionLabel(const Interaction &interaction) {
    return QCoreApplication::translate("ComplianceChecker", "interaction %1 (%2 %3, %4)")
        .arg(interaction.id, Interaction::directionLabel(interaction.direction),
             Interaction::typeLabel(interaction.type),
             QLocale::c().toString(interaction.occurredAt.toUTC().date(), u"d MMM yyyy"_s));
}

bool sentByTheTeam(const Interaction &interaction) {
    return interaction.direction == Interaction::Direction::Outbound
           || interaction.type == Interaction::Type::OutreachMessage;
}

// Written by the rep's side: what the team sent, and what a named colleague logged inside the
// CRM. Inbound mail, and internal entries nobody signed, came from outside or from someone the
// CRM cannot vouch for.
bool writtenByTheTeam(const Interaction &interaction) {
    if (sentByTheTeam(interaction))
        return true;
    return interaction.direction == Interaction::Direction::Internal
           && !interaction.author.trimmed().isEmpty();
}

} // namespace

ContextFacts ContextFacts::of(const OutreachContext &context, const Trusted &trusted) {
    ContextFacts facts;
    const QTimeZone zone(context.prospect.prospect.timezone.toUtf8());
    const qsizetype timestamps = facts.addSource(
        Trust::Trusted, QCoreApplication::translate("ComplianceChecker", "the CRM's records"), {});

    const Ticket &ticket = context.ticket;
    // A title is a CRM field the team keeps (templates quote it), unless someone planted an
    // instruction in it.
    const bool plantedTitle =
        !PlantedInstructions::taintedRegionsOf(FoldedText(ticket.title)).isEmpty();
    facts.addText(plantedTitle ? Trust::Outsider : Trust::Trusted,
                  QCoreApplication::translate("ComplianceChecker", "the ticket's title"),
                  ticket.title);
    facts.addText(Trust::Outsider,
                  QCoreApplication::translate("ComplianceChecker", "the ticket's description"),
                  ticket.description);
    facts.addText(Trust::Trusted,
                  QCoreApplication::translate("ComplianceChecker", "the ticket's category"),
                  ticket.category);
    facts.addDate(ticket.createdAt, zone, timestamps);
    facts.addDate(ticket.updatedAt, zone, timestamps);
    QStringList &team = facts.team;
    if (ticket.assignee) {
        facts.addText(Trust::Trusted,
                      QCoreApplication::translate("ComplianceChecker", "the ticket's assignee"),
                      ticket.assignee->name + u' ' + ticket.assignee->email);
        team.append(ticket.assignee->name.trimmed());
    }
    if (!trusted.senderName.trimmed().isEmpty())
        team.append(trusted.senderName.trimmed());
    facts.repKnown = !team.isEmpty();

    const Project &project = context.project;
    facts.addText(Trust::Trusted,
                  QCoreApplication::translate("ComplianceChecker", "the project's name"),
                  project.name);
    facts.addText(Trust::Outsider,
                  QCoreApplication::translate("ComplianceChecker", "the project's description"),
                  project.description);
    facts.addText(Trust::Trusted,
                  QCoreApplication::translate("ComplianceChecker", "the project's stage"),
                  project.stage);
    facts.addText(Trust::Trusted,
                  QCoreApplication::translate("ComplianceChecker", "the project's products"),
                  project.products.join(u", "_s));
    if (project.value) {
        const double amount = project.value->amount;
        const QString written =
            QLocale(QLocale::English).toString(amount, 'f', amount == std::floor(amount) ? 0 : 2)
            + u' ' + project.value->currency;
        const qsizetype source = facts.addSource(
            Trust::Trusted, QCoreApplication::translate("ComplianceChecker", "the project's value"),
            written);
        Figure value;
        value.type = Figure::Type::Amount;
        value.number = value.high = project.value->amount;
        if (!project.value->currency.isEmpty())
            value.currencies = {project.value->currency.toUpper()};
        value.text = facts.sources[source].text;
        value.end = value.text.size();
        facts.facts.append({value, source});
    }
    for (auto it = project.keyDates.cbegin(); it != project.keyDates.cend(); ++it) {
        const QString label =
            QCoreApplication::translate("ComplianceChecker", "the project's key date “%1”")
                .arg(it.key());
        facts.addText(Trust::Trusted, label, it.value());
        // key_dates keep the CRM's spelling; an ISO date with a time is still that day.
        const QDate date = QDate::fromString(it.value().left(10), Qt::ISODate);
        if (date.isValid()) {
            Figure figure;
            figure.type = Figure::Type::Date;
            figure.dates = {{date.year(), date.month(), date.day()}};
            facts.facts.append({figure, facts.sources.size() - 1});
        }
    }

    const ProspectHistory &history = context.prospect;
    const ProspectHistory::Prospect &prospect = history.prospect;
    facts.addText(
        Trust::Trusted, QCoreApplication::translate("ComplianceChecker", "the prospect's record"),
        QStringList{prospect.name, prospect.title, prospect.company, prospect.email}.join(u'\n'));
    facts.people.append(prospect.name);
    facts.addText(Trust::Outsider,
                  QCoreApplication::translate("ComplianceChecker", "the prospect's notes"),
                  history.notes, Kind::Internal);
    const ProspectHistory::Preferences &preferences = history.preferences;
    facts.addText(Trust::Trusted,
                  QCoreApplication::translate("ComplianceChecker", "the prospect's preferences"),
                  QStringList{preferences.channel, preferences.tone, preferences.bestTime,
                              preferences.topics.join(u", "_s), preferences.avoid.join(u", "_s)}
                      .join(u'\n'));
    for (const ProspectHistory::PastOutcome &outcome : history.pastOutcomes)
        facts.addDate(outcome.sentAt, zone, timestamps);
    // The prompt quotes the subject and first line of earlier messages that worked.
    for (const MessageOutcome &message : context.ownMessages) {
        if (!message.isSent())
            continue;
        facts.addDate(*message.sentAt, zone, timestamps);
        if (message.worked()) {
            facts.addText(
                Trust::Trusted,
                QCoreApplication::translate("ComplianceChecker", "your message of %1")
                    .arg(QLocale::c().toString(message.sentAt->toUTC().date(), u"d MMM yyyy"_s)),
                message.subject + u'\n' + message.firstLine, Kind::SentByTeam);
        }
    }

    for (const Interaction &interaction : context.interactions) {
        const Trust trust = writtenByTheTeam(interaction) ? Trust::Trusted : Trust::Outsider;
        QString text = interaction.subject;
        if (!text.isEmpty())
            text += u'\n';
        text += interaction.content;
        const Kind kind = sentByTheTeam(interaction) ? Kind::SentByTeam
                          : interaction.direction == Interaction::Direction::Internal
                              ? Kind::Internal
                              : Kind::Record;
        facts.addText(trust, interactionLabel(interaction), text, kind);
        facts.addDate(interaction.occurredAt, zone, timestamps);
        if (!interaction.author.trimmed().isEmpty()) {
            facts.people.append(interaction.author);
            if (writtenByTheTeam(interaction))
                team.append(interaction.author);
        }
    }

    facts.addText(Trust::Trusted, QCoreApplication::translate("ComplianceChecker", "your request"),
                  trusted.repRequest, Kind::SentByTeam);
    facts.addText(Trust::Trusted,
                  QCoreApplication::translate("ComplianceChecker", "the workspace's opt-out line"),
                  trusted.optOutLine);
    // Two capitalised words in a row are how texts name people ("Jonas Weber from our IT").
    static const QRegularExpression named(
        u"\\b\\p{Lu}[\\p{Ll}\\p{M}'’-]+\\s+\\p{Lu}[\\p{Ll}\\p{M}'’-]+\\b"_s);
    for (const ContextSource &source : std::as_const(facts.sources)) {
        for (auto it = named.globalMatch(source.text); it.hasNext();)
            facts.people.append(it.next().captured());
    }
    facts.people += team;
    facts.people.removeAll(QString());
    facts.people.removeDuplicates();
    team.removeAll(QString());
    return facts;
}

QString ContextFacts::excerpt(qsizetype source, qsizetype start, qsizetype end) const {
    const ContextSource &from = sources.at(source);
    if (from.text.isEmpty())
        return from.label;
    constexpr qsizetype margin = 40;
    qsizetype left = std::max<qsizetype>(0, start - margin);
    qsizetype right = std::min(from.text.size(), end + margin);
    // Whole words at both ends.
    while (left > 0 && !from.text[left - 1].isSpace() && start - left < margin + 15)
        --left;
    while (right < from.text.size() && !from.text[right].isSpace() && right - end < margin + 15)
        ++right;
    QString quote = from.text.mid(left, right - left).simplified();
    if (left > 0)
        quote.prepend(u'…');
    if (right < from.text.size())
        quote.append(u'…');
    return QCoreApplication::translate("ComplianceChecker", "%1: “%2”").arg(from.label, quote);
}

qsizetype ContextFacts::addSource(Trust trust, const QString &label, const QString &text,
                                  ContextSource::Kind kind) {
    sources.append({trust, kind, label, text});
    return sources.size() - 1;
}

void ContextFacts::addDate(const QDateTime &dateTime, const QTimeZone &zone, qsizetype source) {
    if (!dateTime.isValid())
        return;
    Figure figure;
    figure.type = Figure::Type::Date;
    const QDate utc = dateTime.toUTC().date();
    figure.dates.append({utc.year(), utc.month(), utc.day()});
    if (zone.isValid()) {
        const QDate local = dateTime.toTimeZone(zone).date();
        if (local != utc)
            figure.dates.append({local.year(), local.month(), local.day()});
    }
    facts.append({figure, source});
}

void ContextFacts::addText(Trust trust, const QString &label, const QString &text,
                           ContextSource::Kind kind) {
    if (text.trimmed().isEmpty())
        return;
    const qsizetype source = addSource(trust, label, text, kind);
    FigureScanner scanner(text);
    for (const Figure &figure : scanner.scan())
        facts.append({figure, source});
    for (const auto &[number, at] : scanner.bareNumbers()) {
        Figure figure;
        figure.type = Figure::Type::Amount;
        figure.number = figure.high = number;
        figure.start = at;
        figure.end = at + 1;
        facts.append({figure, source});
    }
    for (const ContactDetailScanner::Detail &detail : ContactDetailScanner::scan(text))
        details.append({detail, source});

    const FoldedText folded(text);
    for (const OfferTerms::Match &offer : OfferTerms::find(folded))
        offers.append({source, offer.start, offer.end});
    const bool planted =
        trust == Trust::Outsider && !PlantedInstructions::taintedRegionsOf(folded).isEmpty();
    if (planted || kind == Kind::Internal) {
        QSet<QString> spans;
        for (qsizetype i = 0; i + InjectedSpanWords <= folded.words().size(); ++i)
            spans.insert(folded.span(i, InjectedSpanWords));
        (planted ? injectedSpans : internalSpans).append({source, spans});
    }
}
