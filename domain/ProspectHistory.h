// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/Result.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

// Everything the CRM knows about a prospect (`GET /v1/prospects/{id}/history`): who they are,
// how they like to be contacted, and how earlier messages went.
struct ProspectHistory {
    struct Prospect {
        QString id;
        QString name;
        QString title;
        QString company;
        QString email;
        QString timezone;
        QString locale;
        bool doNotContact = false;
        bool operator==(const Prospect &) const = default;
    };

    struct Preferences {
        QString channel;
        QString tone;
        QString bestTime;
        QStringList topics;
        QStringList avoid;
        bool operator==(const Preferences &) const = default;
    };

    struct PastOutcome {
        QString messageId;
        QDateTime sentAt; // UTC
        bool replied = false;
        bool meetingBooked = false;
        bool operator==(const PastOutcome &) const = default;
    };

    Prospect prospect;
    Preferences preferences;
    QList<PastOutcome> pastOutcomes;
    QString notes;

    // Required: prospect (object) with prospect.id and prospect.name; each past outcome needs
    // message_id and sent_at. Everything else is optional. Errors name the prospect id and the
    // dotted field path ("prospect.name", "past_outcomes[2].sent_at").
    static Result<ProspectHistory> fromJson(const QJsonObject &json);
    QJsonObject toJson() const;

    bool operator==(const ProspectHistory &) const = default;
};
