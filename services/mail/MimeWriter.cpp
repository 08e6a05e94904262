// SPDX-License-Identifier: GPL-3.0-or-later
#include "mail/MimeWriter.h"

#include "mail/GMimeRuntime.h"

#include <QCoreApplication>

#include <algorithm>

// GLib's headers use "signals" as a name, which Qt defines as a keyword.
#pragma push_macro("signals")
#undef signals
#include <gmime/gmime.h>
#pragma pop_macro("signals")

#include "mail/GObjectPtr.h"

using namespace Qt::StringLiterals;

namespace {

QString translate(const char *text) {
    return QCoreApplication::translate("MimeWriter", text);
}

// Mail bodies are written with CRLF on the wire; GMime adds the CR, so the text keeps bare LFs.
QByteArray bodyText(const QString &text) {
    QString unix = text;
    unix.replace(u"\r\n"_s, u"\n"_s);
    unix.replace(u'\r', u'\n');
    if (!unix.endsWith(u'\n'))
        unix.append(u'\n');
    return unix.toUtf8();
}

GMimeObject *textPart(const char *subtype, const QString &text) {
    GMimeTextPart *part = g_mime_text_part_new_with_subtype(subtype);
    const QByteArray utf8 = bodyText(text);
    // UTF-8 whatever the text: g_mime_text_part_set_text() would pick the smallest charset that
    // fits (ISO-8859-1 for German), which some webmail and CRM importers misread.
    GObjectPtr<GMimeStream> stream(
        g_mime_stream_mem_new_with_buffer(utf8.constData(), static_cast<size_t>(utf8.size())));
    GObjectPtr<GMimeDataWrapper> content(
        g_mime_data_wrapper_new_with_stream(stream.get(), GMIME_CONTENT_ENCODING_DEFAULT));
    g_mime_part_set_content(GMIME_PART(part), content.get());
    g_mime_text_part_set_charset(part, "utf-8");
    // Quoted-printable keeps a mostly-ASCII letter readable in any viewer and 7-bit clean for
    // IMAP servers and relays that mangle 8-bit bodies.
    g_mime_part_set_content_encoding(GMIME_PART(part), GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE);
    return GMIME_OBJECT(part);
}

void addAddress(InternetAddressList *list, const MailAddress &address) {
    const QByteArray name = address.name.trimmed().toUtf8();
    const QByteArray addr = address.address.trimmed().toUtf8();
    InternetAddress *mailbox =
        internet_address_mailbox_new(name.isEmpty() ? nullptr : name.constData(), addr.constData());
    internet_address_set_charset(mailbox, "utf-8");
    internet_address_list_add(list, mailbox);
    g_object_unref(mailbox);
}

} // namespace

Result<QByteArray> MimeWriter::write(const MailDraft &draft) {
    if (draft.to.address.trimmed().isEmpty())
        return OutreachError(OutreachError::Code::ContextInvalid,
                             translate("The message has no recipient address."));
    if (draft.text.trimmed().isEmpty())
        return OutreachError(OutreachError::Code::ContextInvalid,
                             translate("The message has no text."));
    GMimeRuntime::ensureStarted();

    GObjectPtr<GMimeMessage> message(g_mime_message_new(TRUE));
    if (!draft.from.isEmpty())
        addAddress(g_mime_message_get_from(message.get()), draft.from);
    addAddress(g_mime_message_get_addresses(message.get(), GMIME_ADDRESS_TYPE_TO), draft.to);
    const QByteArray subject = draft.subject.toUtf8();
    g_mime_message_set_subject(message.get(), subject.constData(), "utf-8");

    const QDateTime when = draft.date.isValid() ? draft.date : QDateTime::currentDateTime();
    GDateTime *date = g_date_time_new_from_unix_utc(when.toSecsSinceEpoch());
    if (when.offsetFromUtc() != 0) {
        GTimeZone *zone = g_time_zone_new_offset(when.offsetFromUtc());
        GDateTime *local = g_date_time_to_timezone(date, zone);
        g_date_time_unref(date);
        g_time_zone_unref(zone);
        date = local;
    }
    g_mime_message_set_date(message.get(), date);
    g_date_time_unref(date);

    const QString id =
        draft.messageId.isEmpty() ? newMessageId(draft.from.address) : draft.messageId;
    const QByteArray idBytes = id.toUtf8();
    g_mime_message_set_message_id(message.get(), idBytes.constData());
    g_mime_object_set_header(GMIME_OBJECT(message.get()), "X-Unsent", "1", nullptr);
    g_mime_object_set_header(GMIME_OBJECT(message.get()), "User-Agent",
                             "OutreachGPT/" OUTREACH_VERSION, nullptr);

    if (draft.html.trimmed().isEmpty()) {
        GObjectPtr<GMimeObject> text(textPart("plain", draft.text));
        g_mime_message_set_mime_part(message.get(), text.get());
    } else {
        GObjectPtr<GMimeMultipart> alternative(g_mime_multipart_new_with_subtype("alternative"));
        GObjectPtr<GMimeObject> text(textPart("plain", draft.text));
        GObjectPtr<GMimeObject> html(textPart("html", draft.html));
        g_mime_multipart_add(alternative.get(), text.get());
        g_mime_multipart_add(alternative.get(), html.get());
        g_mime_message_set_mime_part(message.get(), GMIME_OBJECT(alternative.get()));
    }

    GMimeFormatOptions *options = g_mime_format_options_new();
    g_mime_format_options_set_newline_format(options, GMIME_NEWLINE_FORMAT_DOS);
    char *bytes = g_mime_object_to_string(GMIME_OBJECT(message.get()), options);
    g_mime_format_options_free(options);
    if (!bytes)
        return OutreachError(OutreachError::Code::ContextInvalid,
                             translate("The message could not be encoded."));
    QByteArray result(bytes);
    g_free(bytes);
    return result;
}

QString MimeWriter::newMessageId(const QString &fromAddress) {
    GMimeRuntime::ensureStarted();
    const qsizetype at = fromAddress.lastIndexOf(u'@');
    QString domain = at >= 0 ? fromAddress.mid(at + 1).trimmed() : QString();
    // Only a plain host name: anything else would need quoting and breaks matching in replies.
    static const QString allowed = u"abcdefghijklmnopqrstuvwxyz0123456789.-"_s;
    domain = domain.toLower();
    if (domain.isEmpty() || !std::all_of(domain.cbegin(), domain.cend(), [](QChar c) {
            return allowed.contains(c);
        }))
        domain = u"outreachgpt.invalid"_s;
    const QByteArray fqdn = domain.toUtf8();
    char *id = g_mime_utils_generate_message_id(fqdn.constData());
    const QString result = QString::fromUtf8(id);
    g_free(id);
    return result;
}
