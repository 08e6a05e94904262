// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/Result.h"
#include "mail/MailDraft.h"

#include <QByteArray>
#include <QString>

// Turns a MailDraft into an RFC 5322 message with GMime: encoded headers, a UTF-8
// quoted-printable text part (with an HTML alternative when given), CRLF line ends, and
// `X-Unsent: 1` so that mail clients open it as a draft to send rather than a received message.
class MimeWriter {
public:
    // CONTEXT_INVALID when the draft has no recipient address or no text.
    static Result<QByteArray> write(const MailDraft &draft);

    // A new globally unique Message-ID (without angle brackets) in the domain of `fromAddress`,
    // or of "outreachgpt.invalid" when it has none.
    static QString newMessageId(const QString &fromAddress);
};
