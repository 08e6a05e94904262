// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/Result.h"
#include "storage/CacheSchema.h"

#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>
#include <span>

class CacheStore;

// Keeps which stored messages went to the rep's mailbox (tables mail_messages and
// mail_outcomes): the Message-ID each draft was saved with, whether the rep asked for its
// outcomes to be watched, and what the mailbox showed of it, with where that was seen. An
// outcome is stored once per message and kind, in the transaction that records it, so a
// detection repeated after a crash or on another poll changes nothing.
class MailStore {
public:
    explicit MailStore(CacheStore &cache);

    struct Entry {
        QString messageId; // the stored message's id (messages.id)
        QString ticketId;
        QString rfcMessageId; // the Message-ID header, without angle brackets
        QString recipient;    // the prospect's address
        QString subject;
        QString account;   // "user@host" of the mailbox the draft was saved to
        QString mailbox;   // the Drafts folder it was appended to
        QDateTime savedAt; // UTC
        bool watched = false;
        // The Message-ID of the copy found in Sent when the rep's client gave it a new one.
        QString sentMessageId;
    };
    enum class Outcome { Sent, Replied, Bounced };
    struct Detection {
        QString messageId;
        Outcome outcome = Outcome::Sent;
        QDateTime occurredAt; // UTC: the send time, the reply's or the report's date
        QString source; // where it was seen, for the rep: "Sent folder “Sent” on imap.…"
        QDateTime detectedAt; // UTC
    };

    // Stores (or replaces, for a message saved to Drafts again) where the message went.
    Result<void> addEntry(const Entry &entry);
    std::optional<Entry> entry(const QString &messageId) const;
    Result<void> setWatched(const QString &messageId, bool watched);
    Result<void> setSentMessageId(const QString &messageId, const QString &sentMessageId);
    // Watched messages that still have something to detect (not replied and not bounced),
    // oldest first.
    QList<Entry> watchedEntries() const;

    // Stores a detection; call inside the transaction that records the outcome. False (and no
    // change) when this outcome of the message was stored before.
    Result<bool> addDetection(const Detection &detection);
    bool hasDetection(const QString &messageId, Outcome outcome) const;
    QList<Detection> detections(const QString &messageId) const;

    static QString outcomeName(Outcome outcome);
    static std::optional<Outcome> outcomeFromName(const QString &name);

    static std::span<const CacheSchema::Step> schemaSteps();

private:
    CacheStore &m_cache;
};
