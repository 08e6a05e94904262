// SPDX-License-Identifier: GPL-3.0-or-later
#include "mail/ReceivedMail.h"

#include "mail/GMimeRuntime.h"

#include <QCoreApplication>
#include <QTimeZone>

// GLib's headers use "signals" as a name, which Qt defines as a keyword.
#pragma push_macro("signals")
#undef signals
#include <gmime/gmime.h>
#pragma pop_macro("signals")

#include "mail/GObjectPtr.h"

using namespace Qt::StringLiterals;

namespace {

QString fromUtf8(const char *text) {
    return text ? QString::fromUtf8(text) : QString();
}

GMimeMessage *parseMessage(const QByteArray &bytes) {
    GObjectPtr<GMimeStream> stream(
        g_mime_stream_mem_new_with_buffer(bytes.constData(), static_cast<size_t>(bytes.size())));
    GObjectPtr<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
    return g_mime_parser_construct_message(parser.get(), nullptr);
}

QStringList messageIds(GMimeObject *object, const char *header) {
    QStringList ids;
    const char *value = g_mime_object_get_header(object, header);
    if (!value)
        return ids;
    GMimeReferences *references = g_mime_references_parse(nullptr, value);
    if (!references)
        return ids;
    for (int i = 0; i < g_mime_references_length(references); ++i)
        ids.append(fromUtf8(g_mime_references_get_message_id(references, i)));
    g_mime_references_free(references);
    return ids;
}

// The decoded content of a leaf part (a message/delivery-status or text/rfc822-headers body).
QByteArray partContent(GMimeObject *object) {
    if (!GMIME_IS_PART(object))
        return {};
    GMimeDataWrapper *content = g_mime_part_get_content(GMIME_PART(object));
    if (!content)
        return {};
    GObjectPtr<GMimeStream> memory(g_mime_stream_mem_new());
    g_mime_data_wrapper_write_to_stream(content, memory.get());
    GByteArray *bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(memory.get()));
    return QByteArray(reinterpret_cast<const char *>(bytes->data),
                      static_cast<qsizetype>(bytes->len));
}

// The per-recipient fields of a message/delivery-status body (RFC 3464 §2.3): blocks of
// "Field: value" lines separated by blank lines, the first block being per-message.
void readDeliveryStatus(const QByteArray &body, ReceivedMail &mail) {
    const QString text = QString::fromUtf8(body).replace(u"\r\n"_s, u"\n"_s);
    const QStringList blocks = text.split(u"\n\n"_s, Qt::SkipEmptyParts);
    int recipients = 0;
    int failed = 0;
    for (const QString &block : blocks) {
        QString action;
        QString recipient;
        for (const QString &line : block.split(u'\n')) {
            const qsizetype colon = line.indexOf(u':');
            if (colon <= 0)
                continue;
            const QString field = line.left(colon).trimmed().toLower();
            const QString value = line.mid(colon + 1).trimmed();
            if (field == u"action")
                action = value.toLower();
            else if (field == u"final-recipient"
                     || (field == u"original-recipient" && recipient.isEmpty()))
                recipient = value.section(u';', -1).trimmed();
        }
        if (action.isEmpty())
            continue; // the per-message block
        ++recipients;
        if (action == u"failed") {
            ++failed;
            mail.failedRecipients.append(recipient);
        }
    }
    mail.deliveryFailed = recipients > 0 && failed == recipients;
}

// The first text/plain part, depth first, skipping attachments.
GMimeObject *firstPlainText(GMimeObject *object) {
    if (!object)
        return nullptr;
    if (GMIME_IS_MULTIPART(object)) {
        GMimeMultipart *multipart = GMIME_MULTIPART(object);
        for (int i = 0; i < g_mime_multipart_get_count(multipart); ++i) {
            if (GMimeObject *found = firstPlainText(g_mime_multipart_get_part(multipart, i)))
                return found;
        }
        return nullptr;
    }
    if (!GMIME_IS_TEXT_PART(object)
        || !g_mime_content_type_is_type(g_mime_object_get_content_type(object), "text", "plain"))
        return nullptr;
    if (GMIME_IS_PART(object) && g_mime_part_is_attachment(GMIME_PART(object)))
        return nullptr;
    return object;
}

void readReport(GMimeMultipart *report, ReceivedMail &mail) {
    for (int i = 0; i < g_mime_multipart_get_count(report); ++i) {
        GMimeObject *part = g_mime_multipart_get_part(report, i);
        GMimeContentType *type = g_mime_object_get_content_type(part);
        if (g_mime_content_type_is_type(type, "message", "delivery-status")
            || g_mime_content_type_is_type(type, "message", "global-delivery-status")) {
            readDeliveryStatus(partContent(part), mail);
        } else if (GMIME_IS_MESSAGE_PART(part)) {
            if (GMimeMessage *original = g_mime_message_part_get_message(GMIME_MESSAGE_PART(part)))
                mail.reportedMessageId = fromUtf8(g_mime_message_get_message_id(original));
        } else if (g_mime_content_type_is_type(type, "text", "rfc822-headers")) {
            GObjectPtr<GMimeMessage> headers(parseMessage(partContent(part)));
            if (headers)
                mail.reportedMessageId = fromUtf8(g_mime_message_get_message_id(headers.get()));
        }
    }
}

} // namespace

Result<ReceivedMail> ReceivedMail::parse(const QByteArray &rfc822) {
    GMimeRuntime::ensureStarted();
    GObjectPtr<GMimeMessage> message(parseMessage(rfc822));
    if (!message)
        return OutreachError(OutreachError::Code::ContextInvalid,
                             QCoreApplication::translate("ReceivedMail",
                                                         "The mail server returned something "
                                                         "that is not a mail message."));
    ReceivedMail mail;
    GMimeObject *object = GMIME_OBJECT(message.get());
    mail.messageId = fromUtf8(g_mime_message_get_message_id(message.get()));
    mail.inReplyTo = messageIds(object, "In-Reply-To");
    mail.references = messageIds(object, "References");
    mail.subject = fromUtf8(g_mime_message_get_subject(message.get()));
    if (GDateTime *date = g_mime_message_get_date(message.get()))
        mail.date = QDateTime::fromSecsSinceEpoch(g_date_time_to_unix(date), QTimeZone::utc());
    if (InternetAddressList *from = g_mime_message_get_from(message.get());
        from && internet_address_list_length(from) > 0) {
        InternetAddress *first = internet_address_list_get_address(from, 0);
        if (INTERNET_ADDRESS_IS_MAILBOX(first)) {
            mail.from.name = fromUtf8(internet_address_get_name(first));
            mail.from.address =
                fromUtf8(internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(first)));
        }
    }
    if (InternetAddressList *to =
            g_mime_message_get_addresses(message.get(), GMIME_ADDRESS_TYPE_TO)) {
        for (int i = 0; i < internet_address_list_length(to); ++i) {
            InternetAddress *address = internet_address_list_get_address(to, i);
            if (INTERNET_ADDRESS_IS_MAILBOX(address))
                mail.to.append({fromUtf8(internet_address_get_name(address)),
                                fromUtf8(internet_address_mailbox_get_addr(
                                    INTERNET_ADDRESS_MAILBOX(address)))});
        }
    }
    GMimeObject *body = g_mime_message_get_mime_part(message.get());
    if (GMimeObject *plain = firstPlainText(body)) {
        // Converted from the part's charset to UTF-8 by GMime.
        char *text = g_mime_text_part_get_text(GMIME_TEXT_PART(plain));
        mail.text = QString::fromUtf8(text).replace(u"\r\n"_s, u"\n"_s);
        g_free(text);
    }
    if (body && GMIME_IS_MULTIPART(body)) {
        GMimeContentType *type = g_mime_object_get_content_type(body);
        const char *reportType = g_mime_content_type_get_parameter(type, "report-type");
        if (g_mime_content_type_is_type(type, "multipart", "report") && reportType
            && g_ascii_strcasecmp(reportType, "delivery-status") == 0) {
            mail.isDeliveryReport = true;
            readReport(GMIME_MULTIPART(body), mail);
        }
    }
    return mail;
}

bool ReceivedMail::answers(const QString &messageId) const {
    if (messageId.isEmpty())
        return false;
    return inReplyTo.contains(messageId) || references.contains(messageId);
}
