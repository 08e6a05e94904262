// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "mail/MailAddress.h"

#include <QDateTime>
#include <QString>

// A message the rep is about to send from their own mail client: what MimeWriter turns into an
// RFC 5322 message for a .eml file, a mail client or the IMAP Drafts folder.
struct MailDraft {
    MailAddress from; // may be empty: the mail client then sends from its default account
    MailAddress to;
    QString subject;
    QString text;      // the plain text body
    QString html;      // an optional simple HTML alternative; empty: plain text only
    QString messageId; // without angle brackets; MimeWriter::newMessageId() makes one
    QDateTime date;    // invalid: now

    bool operator==(const MailDraft &) const = default;
};
