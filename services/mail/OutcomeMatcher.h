// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "mail/ReceivedMail.h"

#include <QDateTime>
#include <QString>

// Decides whether a message found in the rep's inbox answers a message they sent, or reports
// that it bounced. A reply names the sent message in In-Reply-To or References; failing that
// (some clients drop both), a message from the prospect's address whose subject answers the sent
// one counts. A bounce is a failed delivery report about the sent Message-ID.
class OutcomeMatcher {
public:
    struct Sent {
        QString messageId; // without angle brackets
        QString recipient;
        QString subject;
        QString repAddress; // the rep's own address: their own messages never count as replies
        QDateTime savedAt;  // found messages dated before it are older mail
        // The Message-ID of the copy in the Sent folder when the rep's mail client gave the
        // message a new one on sending (Thunderbird and Outlook do); replies name that one.
        QString sentCopyId;
    };
    enum class Finding { Nothing, Reply, Bounce };

    static Finding classify(const ReceivedMail &mail, const Sent &sent);
    // Whether a message in the Sent folder is the sent draft: its Message-ID, or, from a client
    // that gave it a new one, to the prospect under the same subject and not older than the
    // draft.
    static bool isSentCopy(const ReceivedMail &mail, const Sent &sent);

    // The subject without reply and forward prefixes ("Re:", "AW:", "SV:", "Réf. :", "回复：",
    // "[EXT] Re:"), case-folded, with runs of white space made one: two subjects that answer each
    // other compare equal.
    static QString baseSubject(const QString &subject);
    static bool hasReplyPrefix(const QString &subject);
};
