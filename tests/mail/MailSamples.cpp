// SPDX-License-Identifier: GPL-3.0-or-later
#include "MailSamples.h"

#include <QHash>

using namespace Qt::StringLiterals;

namespace {

// An RFC 2047 "Q" encoded word's text: every byte but letters and digits as =XX.
QString qEncoded(const QString &text) {
    return QString::fromLatin1(text.toUtf8().toPercentEncoding("", "-._~").replace('%', '='));
}

} // namespace

namespace MailSamples {

QByteArray reply(const QString &messageId, const QString &from, const QString &subject,
                 const QString &date) {
    return u"Return-Path: <%1>\r\n"
           "From: %1\r\n"
           "To: Sam Rivera <sam@vendor.example>\r\n"
           "Subject: =?utf-8?q?%2?=\r\n"
           "Date: %3\r\n"
           "Message-ID: <reply-%4>\r\n"
           "In-Reply-To: <%5>\r\n"
           "References: <older@vendor.example> <%5>\r\n"
           "MIME-Version: 1.0\r\n"
           "Content-Type: text/plain; charset=utf-8\r\n"
           "Content-Transfer-Encoding: 8bit\r\n"
           "\r\n"
           "Danke, Freitag passt.\r\n"_s
               .arg(from, qEncoded(subject), date, QString::number(qHash(messageId)), messageId)
               .toUtf8();
}

QByteArray unthreadedReply(const QString &from, const QString &subject, const QString &date) {
    return u"From: %1\r\n"
           "To: sam@vendor.example\r\n"
           "Subject: =?utf-8?q?%2?=\r\n"
           "Date: %3\r\n"
           "Message-ID: <unthreaded-%4@mail.example>\r\n"
           "MIME-Version: 1.0\r\n"
           "Content-Type: text/plain; charset=utf-8\r\n"
           "\r\n"
           "Gerne, bitte rufen Sie mich an.\r\n"_s
               .arg(from, qEncoded(subject), date, QString::number(qHash(subject)))
               .toUtf8();
}

QByteArray bounce(const QString &messageId, const QString &recipient, const QString &action) {
    return u"Return-Path: <>\r\n"
           "From: MAILER-DAEMON@mx.vendor.example (Mail Delivery System)\r\n"
           "To: sam@vendor.example\r\n"
           "Subject: Undelivered Mail Returned to Sender\r\n"
           "Date: Mon, 07 Dec 2026 15:00:00 +0000\r\n"
           "Message-ID: <dsn-%3@mx.vendor.example>\r\n"
           "MIME-Version: 1.0\r\n"
           "Content-Type: multipart/report; report-type=delivery-status;\r\n"
           "\tboundary=\"B1/mx.vendor.example\"\r\n"
           "\r\n"
           "This is a MIME-encapsulated message.\r\n"
           "\r\n"
           "--B1/mx.vendor.example\r\n"
           "Content-Description: Notification\r\n"
           "Content-Type: text/plain; charset=us-ascii\r\n"
           "\r\n"
           "I'm sorry to have to inform you that your message could not\r\n"
           "be delivered to one or more recipients.\r\n"
           "\r\n"
           "--B1/mx.vendor.example\r\n"
           "Content-Description: Delivery report\r\n"
           "Content-Type: message/delivery-status\r\n"
           "\r\n"
           "Reporting-MTA: dns; mx.vendor.example\r\n"
           "Arrival-Date: Mon,  7 Dec 2026 14:59:58 +0000 (UTC)\r\n"
           "\r\n"
           "Final-Recipient: rfc822; %2\r\n"
           "Original-Recipient: rfc822;%2\r\n"
           "Action: %4\r\n"
           "Status: 5.1.1\r\n"
           "Remote-MTA: dns; mx.mueller-soehne.example\r\n"
           "Diagnostic-Code: smtp; 550 5.1.1 <%2>: Recipient address rejected\r\n"
           "\r\n"
           "--B1/mx.vendor.example\r\n"
           "Content-Description: Undelivered Message Headers\r\n"
           "Content-Type: text/rfc822-headers\r\n"
           "\r\n"
           "From: Sam Rivera <sam@vendor.example>\r\n"
           "To: %2\r\n"
           "Subject: Ihr Angebot\r\n"
           "Message-Id: <%1>\r\n"
           "\r\n"
           "--B1/mx.vendor.example--\r\n"_s
               .arg(messageId, recipient, QString::number(qHash(messageId)), action)
               .toUtf8();
}

QByteArray bounceWithoutOriginal(const QString &recipient) {
    return u"From: postmaster@gateway.example\r\n"
           "To: sam@vendor.example\r\n"
           "Subject: Delivery Status Notification (Failure)\r\n"
           "Date: Mon, 07 Dec 2026 15:00:00 +0000\r\n"
           "Message-ID: <dsn-stripped@gateway.example>\r\n"
           "MIME-Version: 1.0\r\n"
           "Content-Type: multipart/report; report-type=\"delivery-status\"; boundary=\"xx\"\r\n"
           "\r\n"
           "--xx\r\n"
           "Content-Type: text/plain\r\n"
           "\r\n"
           "Delivery has failed.\r\n"
           "--xx\r\n"
           "Content-Type: message/delivery-status\r\n"
           "\r\n"
           "Reporting-MTA: dns;gateway.example\r\n"
           "\r\n"
           "Final-Recipient: rfc822;%1\r\n"
           "Action: failed\r\n"
           "Status: 5.4.1\r\n"
           "\r\n"
           "--xx--\r\n"_s.arg(recipient)
               .toUtf8();
}

} // namespace MailSamples
