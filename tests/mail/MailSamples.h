// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>

// Messages as mail servers deliver them: a reply, a reply without threading headers, and
// delivery status notifications (RFC 3464) as Postfix and Exchange write them.
namespace MailSamples {

// A reply to `messageId` from `from`, threaded with In-Reply-To and References.
QByteArray reply(const QString &messageId, const QString &from, const QString &subject,
                 const QString &date = QStringLiteral("Tue, 08 Dec 2026 09:15:00 +0100"));
// A reply whose client dropped the threading headers.
QByteArray unthreadedReply(const QString &from, const QString &subject,
                           const QString &date = QStringLiteral("Tue, 08 Dec 2026 09:15:00 +0100"));
// A failed delivery report (Postfix) quoting the original's header with `messageId`.
QByteArray bounce(const QString &messageId, const QString &recipient,
                  const QString &action = QStringLiteral("failed"));
// A report whose original part is missing (some gateways strip it).
QByteArray bounceWithoutOriginal(const QString &recipient);

} // namespace MailSamples
