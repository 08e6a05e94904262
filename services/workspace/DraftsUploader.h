// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/Result.h"
#include "mail/MailDraft.h"
#include "storage/MailStore.h"
#include "workspace/MailSettings.h"

#include <QObject>
#include <QString>
#include <qcoro/qcorotask.h>

class CacheStore;

// "Save to Drafts": appends a stored message, as MIME, to the Drafts folder of the rep's own
// mailbox with the \Draft flag, and remembers its Message-ID so that the outcome watcher can
// find it in the Sent folder and the replies that name it. The rep sends it from their own
// client, so it is in their Sent folder and answers come back to them.
class DraftsUploader : public QObject {
    Q_OBJECT
public:
    DraftsUploader(CacheStore &cache, QObject *parent = nullptr);

    struct Upload {
        QString ticketId;
        QString messageId; // the stored message (messages.id)
        MailDraft draft;   // from, to, subject and text; the Message-ID is made here
        bool watch = false;
    };
    // Connects, finds the folder marked \Drafts (or one of the usual names), appends the message
    // and stores where it went. The entry stored, or the error (nothing is stored then).
    QCoro::Task<Result<MailStore::Entry>> upload(MailSettings settings, QString password,
                                                 Upload upload);

    // Folder names tried when the server marks no folder \Drafts (RFC 6154).
    static QStringList draftsFallbackNames();

private:
    CacheStore &m_cache;
};
