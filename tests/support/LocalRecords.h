// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "activity/ActivityTracker.h"
#include "crm/Outbox.h"
#include "crm/RestCrmConnector.h"
#include "storage/CacheStore.h"

#include <QDateTime>
#include <QTemporaryDir>

#include <memory>

// A cache in a temporary folder with the rep's own records written the way the app writes them
// (ActivityTracker through a paused outbox, so nothing is ever delivered), for the suites about
// outcomes and effectiveness.
struct LocalRecords {
    QTemporaryDir dir;
    std::unique_ptr<CacheStore> cache;
    RestCrmConnector crm; // no address: the paused outbox never uses it
    std::unique_ptr<Outbox> outbox;
    std::unique_ptr<ActivityTracker> tracker;

    bool open();

    // 2026-09-07 plus `offset` days at `hour`:00 UTC.
    static QDateTime day(int offset, int hour = 9);

    bool addTicket(const QString &id, const QString &prospectId, const QString &category);
    bool addMessage(const QString &id, const QString &ticketId, const QDateTime &created,
                    const QString &preset = {}, const QString &tone = {},
                    const QString &subject = QStringLiteral("A subject"),
                    const QString &content = QStringLiteral("Hi Lee,\n\nA first line.\n"));
    bool record(const QString &ticketId, const QString &messageId,
                ActivityTracker::Milestone outcome, const QDateTime &at);

    // `count` sent messages over `weeks` weeks from day(0), on four tickets (categories renewal,
    // upsell, support, and none), with three presets and two tones whose true reply rates
    // differ, so the figures look like a rep's. Deterministic for a seed.
    bool seedHistory(int count, int weeks, quint32 seed = 7);
};
