// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/Result.h"
#include "mail/MailAddress.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

// What outcome detection needs to know of a message found in a mailbox, read with GMime from its
// header (and, for a delivery report, its body): who it is from, what it answers, and whether it
// reports a failed delivery (RFC 3464) of which message.
struct ReceivedMail {
    QString messageId; // without angle brackets
    QStringList inReplyTo;
    QStringList references;
    MailAddress from;
    QList<MailAddress> to;
    QString subject; // decoded
    QDateTime date;  // the Date header, UTC; invalid when missing or unreadable
    QString text;    // the first text/plain part, decoded; empty when there is none

    // A multipart/report of report-type delivery-status.
    bool isDeliveryReport = false;
    // For a delivery report: every recipient's Action was "failed" (a "delayed" or "delivered"
    // report is not a bounce).
    bool deliveryFailed = false;
    QStringList failedRecipients;
    // The Message-ID of the message the report is about (from its message/rfc822 or
    // text/rfc822-headers part).
    QString reportedMessageId;

    // Parses `rfc822` (a whole message or only its header). CONTEXT_INVALID when it is not a
    // message at all.
    static Result<ReceivedMail> parse(const QByteArray &rfc822);

    // True when the message names `messageId` in In-Reply-To or References.
    bool answers(const QString &messageId) const;
};
