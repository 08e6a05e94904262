// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "activity/ActivityTracker.h"
#include "crm/Outbox.h"
#include "support/CrmTestRig.h"
#include "support/DovecotServer.h"
#include "workspace/MailSettings.h"

#include <QTemporaryDir>

#include <memory>

// The rep's mailbox in a test: a private Dovecot, the fake CRM with a cache, an outbox and an
// activity tracker, and mail settings pointing at the Dovecot over TLS with its CA trusted
// through a CA file, as a rep with a company CA would set it up.
struct MailRig {
    CrmTestRig crm;
    std::unique_ptr<DovecotServer> dovecot;
    std::unique_ptr<Outbox> outbox;
    std::unique_ptr<ActivityTracker> tracker;
    QTemporaryDir files;

    // An error message, empty when everything started.
    QString start(DovecotServer::Options options = {});
    MailSettings settings(MailAccount::Security security = MailAccount::Security::Tls) const;
    // Stores message `messageId` on `ticketId` as the compose area does, queued for the CRM.
    bool storeMessage(const QString &ticketId, const QString &messageId, const QString &subject,
                      const QString &text);
};
