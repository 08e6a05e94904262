// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>

// One of the three writes the outbox delivers to a CRM, as it was stored: what it is, whom it is
// about and its body in the REST API v1 shape (OutreachActivity, an event, EffectivenessMetrics),
// which every connector reads and translates into its CRM's own calls.
struct CrmWrite {
    enum class Kind { Activity, Event, Effectiveness };

    Kind kind = Kind::Activity;
    QString ticketId;
    QString messageId;
    QByteArray body;
    // The same on every attempt: the CRM (or the connector, where the CRM has no such header)
    // uses it so that a repeated delivery does not land twice.
    QByteArray idempotencyKey;
    // Delivery attempts made before this one. A kill during an attempt leaves it uncounted, so
    // zero does not prove that nothing reached the CRM.
    int earlierAttempts = 0;

    // The REST API v1 call for a write of `kind`, ids percent-encoded.
    static QByteArray restMethod(Kind kind);
    static QString restPath(Kind kind, const QString &ticketId, const QString &messageId);
};
