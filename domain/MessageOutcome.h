// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/EffectivenessMetrics.h"

#include <QDateTime>
#include <QString>

#include <optional>

// One message the rep stored, and everything known about how it went: the rep's own records
// (tracking events and effectiveness) merged with what the CRM reports for it (the prospect's
// past outcomes). The merge only ever adds: an outcome known to either side counts, and the CRM
// not (yet) knowing one never hides the rep's record of it. Read by OutcomeReader; the basis of
// the effectiveness figures, of outcome recording and of the "what worked" context in prompts.
struct MessageOutcome {
    QString messageId;
    QString ticketId;
    QString prospectId; // of the cached ticket; empty when the ticket is not cached
    QString category;   // the ticket's category, as the CRM wrote it
    QString subject;
    QString firstLine; // openingLine() of the content
    // From the message's stored metadata; empty when not recorded (messages stored before these
    // were recorded, or a request of the rep's own for the preset).
    QString preset;
    QString tone;
    QString model;
    QDateTime createdAt; // UTC

    // When it went out: the earliest "sent" known (an event, the metrics' sent_at, the CRM's
    // sent_at), or the creation time when only a later outcome (a reply, a bounce, …) says it
    // did. Empty while it has not gone out as far as anyone knows.
    std::optional<QDateTime> sentAt;
    bool opened = false;
    int openCount = 0;
    bool clicked = false;
    bool replied = false;
    EffectivenessMetrics::Sentiment sentiment = EffectivenessMetrics::Sentiment::None;
    bool meetingBooked = false;
    bool bounced = false;
    bool knownToCrm = false; // the CRM lists it among the prospect's past outcomes

    bool isSent() const { return sentAt.has_value(); }
    // Reached the prospect as far as we know: sent and not bounced. The denominator of rates.
    bool isDelivered() const { return isSent() && !bounced; }
    bool repliedPositively() const {
        return replied && sentiment == EffectivenessMetrics::Sentiment::Positive;
    }
    // Worth showing the model as something that worked with this prospect.
    bool worked() const { return replied || meetingBooked; }

    // The metrics body for `PUT /v1/messages/{id}/effectiveness` that says all of the above.
    EffectivenessMetrics toMetrics(const QDateTime &updatedAt) const;

    // The first line that says something: leading blank lines and a short salutation ("Hi Lee,",
    // "Sehr geehrte Frau Müller,") are skipped, and the line is cut at `maxCharacters` on a
    // word boundary with "…".
    static QString openingLine(const QString &content, qsizetype maxCharacters = 200);

    bool operator==(const MessageOutcome &) const = default;
};
