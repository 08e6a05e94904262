// SPDX-License-Identifier: GPL-3.0-or-later
#include "mail/OutcomeMatcher.h"

#include <QRegularExpression>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

// Reply prefixes of the mail clients reps' prospects use (Outlook and Thunderbird localise
// them), and an optional "[tag]" a mail gateway puts in front; forward prefixes are stripped
// too so that "Re: Fwd: …" compares with the original.
const QRegularExpression &prefixPattern() {
    static const QRegularExpression pattern(
        u"^\\s*(?:\\[[^\\]]{1,30}\\]\\s*)?(re|aw|sv|vs|antw|antwort|réf|rif|r|odp|ynt|回复|答复|"
        "回覆|fw|fwd|wg|tr|rv|enc|i)\\s*(?:\\[\\d+\\]|\\(\\d+\\))?\\s*[.]?\\s*[:：]\\s*"_s,
        QRegularExpression::CaseInsensitiveOption | QRegularExpression::UseUnicodePropertiesOption);
    return pattern;
}

const QRegularExpression &replyPattern() {
    static const QRegularExpression pattern(
        u"^\\s*(?:\\[[^\\]]{1,30}\\]\\s*)?(re|aw|sv|vs|antw|antwort|réf|rif|r|odp|ynt|回复|答复|"
        "回覆)\\s*(?:\\[\\d+\\]|\\(\\d+\\))?\\s*[.]?\\s*[:：]"_s,
        QRegularExpression::CaseInsensitiveOption | QRegularExpression::UseUnicodePropertiesOption);
    return pattern;
}

} // namespace

QString OutcomeMatcher::baseSubject(const QString &subject) {
    QString base = subject;
    for (;;) {
        const QRegularExpressionMatch match = prefixPattern().match(base);
        if (!match.hasMatch() || match.capturedLength() == 0)
            break;
        base = base.mid(match.capturedLength());
    }
    return base.simplified().toCaseFolded();
}

bool OutcomeMatcher::hasReplyPrefix(const QString &subject) {
    return replyPattern().match(subject).hasMatch();
}

OutcomeMatcher::Finding OutcomeMatcher::classify(const ReceivedMail &mail, const Sent &sent) {
    if (mail.isDeliveryReport) {
        if (!mail.deliveryFailed)
            return Finding::Nothing; // "delayed" or "delivered": not a bounce
        if (!mail.reportedMessageId.isEmpty())
            return mail.reportedMessageId == sent.messageId
                           || (!sent.sentCopyId.isEmpty()
                               && mail.reportedMessageId == sent.sentCopyId)
                       ? Finding::Bounce
                       : Finding::Nothing;
        // A report without the original's header: only a failed recipient that is the
        // prospect and a report dated after the draft was saved ties it to this message.
        const bool aboutProspect = std::any_of(
            mail.failedRecipients.cbegin(), mail.failedRecipients.cend(),
            [&](const QString &r) { return MailAddress::sameAddress(r, sent.recipient); });
        const bool afterSaving = !mail.date.isValid() || !sent.savedAt.isValid()
                                 || mail.date >= sent.savedAt.addSecs(-60);
        return aboutProspect && afterSaving ? Finding::Bounce : Finding::Nothing;
    }
    if (MailAddress::sameAddress(mail.from.address, sent.repAddress))
        return Finding::Nothing;
    if (mail.messageId == sent.messageId
        || (!sent.sentCopyId.isEmpty() && mail.messageId == sent.sentCopyId))
        return Finding::Nothing; // the sent message itself (a copy in the inbox)
    if (mail.answers(sent.messageId) || mail.answers(sent.sentCopyId))
        return Finding::Reply;
    if (!MailAddress::sameAddress(mail.from.address, sent.recipient))
        return Finding::Nothing;
    // Clocks and time zones differ between servers: a minute's grace.
    if (mail.date.isValid() && sent.savedAt.isValid() && mail.date < sent.savedAt.addSecs(-60))
        return Finding::Nothing;
    const QString base = baseSubject(sent.subject);
    return !base.isEmpty() && hasReplyPrefix(mail.subject) && baseSubject(mail.subject) == base
               ? Finding::Reply
               : Finding::Nothing;
}

bool OutcomeMatcher::isSentCopy(const ReceivedMail &mail, const Sent &sent) {
    if (!mail.messageId.isEmpty() && mail.messageId == sent.messageId)
        return true;
    const bool toProspect =
        std::any_of(mail.to.cbegin(), mail.to.cend(), [&](const MailAddress &a) {
            return MailAddress::sameAddress(a.address, sent.recipient);
        });
    if (!toProspect || baseSubject(mail.subject) != baseSubject(sent.subject)
        || baseSubject(sent.subject).isEmpty())
        return false;
    return !mail.date.isValid() || !sent.savedAt.isValid()
           || mail.date >= sent.savedAt.addSecs(-60);
}
