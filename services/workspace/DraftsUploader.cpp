// SPDX-License-Identifier: GPL-3.0-or-later
#include "workspace/DraftsUploader.h"

#include "mail/ImapConnection.h"
#include "mail/MimeWriter.h"
#include "storage/CacheStore.h"

#include <QPointer>

using namespace Qt::StringLiterals;

DraftsUploader::DraftsUploader(CacheStore &cache, QObject *parent)
    : QObject(parent)
    , m_cache(cache) {}

QStringList DraftsUploader::draftsFallbackNames() {
    // The names mail clients and servers create, in English and the rep's likely languages.
    return {u"Drafts"_s,        u"Draft"_s,     u"Entwürfe"_s, u"Brouillons"_s,
            u"Borradores"_s,    u"Bozze"_s,     u"Utkast"_s,   u"Kladder"_s,
            u"Kopie robocze"_s, u"Concepten"_s, u"Rascunhos"_s};
}

QCoro::Task<Result<MailStore::Entry>> DraftsUploader::upload(MailSettings settings,
                                                             QString password, Upload upload) {
    upload.draft.messageId = MimeWriter::newMessageId(settings.from.address);
    if (upload.draft.from.isEmpty())
        upload.draft.from = settings.from;
    const Result<QByteArray> message = MimeWriter::write(upload.draft);
    if (!message.ok())
        co_return message.error();
    Result<ImapConnection::Options> options = settings.connectionOptions();
    if (!options.ok())
        co_return options.error();

    QPointer<DraftsUploader> self(this);
    ImapConnection connection(options.value());
    QCoro::Task<Result<void>> opening = connection.open(settings.account, password);
    const Result<void> opened = co_await opening;
    if (!opened.ok())
        co_return opened.error();
    QCoro::Task<Result<QString>> finding =
        connection.findMailbox(u"\\Drafts"_s, draftsFallbackNames());
    const Result<QString> drafts = co_await finding;
    if (!drafts.ok()) {
        QCoro::Task<void> closing = connection.logout();
        co_await closing;
        co_return drafts.error();
    }
    const QStringList flags{u"\\Draft"_s, u"\\Seen"_s};
    QCoro::Task<Result<ImapConnection::Appended>> appending =
        connection.append(drafts.value(), message.value(), flags, upload.draft.date);
    const Result<ImapConnection::Appended> appended = co_await appending;
    if (!self)
        co_return OutreachError(OutreachError::Code::Cancelled, QString());
    if (!appended.ok()) {
        QCoro::Task<void> closing = connection.logout();
        co_await closing;
        co_return appended.error();
    }

    // Remembered as soon as the server has it: a slow goodbye must not leave it unwatched.
    MailStore::Entry entry;
    entry.messageId = upload.messageId;
    entry.ticketId = upload.ticketId;
    entry.rfcMessageId = upload.draft.messageId;
    entry.recipient = upload.draft.to.address;
    entry.subject = upload.draft.subject;
    entry.account = settings.accountName();
    entry.mailbox = drafts.value();
    entry.savedAt = QDateTime::currentDateTimeUtc();
    entry.watched = upload.watch;
    const Result<void> stored = MailStore(m_cache).addEntry(entry);
    QCoro::Task<void> closing = connection.logout();
    co_await closing;
    if (!stored.ok())
        co_return stored.error();
    co_return entry;
}
