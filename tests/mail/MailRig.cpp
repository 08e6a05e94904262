// SPDX-License-Identifier: GPL-3.0-or-later
#include "MailRig.h"

#include "domain/OutreachActivity.h"

#include <QFile>

using namespace Qt::StringLiterals;

QString MailRig::start(DovecotServer::Options options) {
    if (!files.isValid() || !crm.start())
        return u"the fake CRM or the temporary folder could not be set up"_s;
    dovecot = std::make_unique<DovecotServer>(options);
    if (const Result<void> started = dovecot->start(); !started.ok())
        return started.error().message();
    QFile ca(files.filePath(u"ca.pem"_s));
    if (!ca.open(QIODevice::WriteOnly) || ca.write(dovecot->caCertificate().toPem()) <= 0)
        return u"the CA file could not be written"_s;
    outbox = std::make_unique<Outbox>(*crm.cache, crm.client);
    outbox->setPaused(true);
    tracker = std::make_unique<ActivityTracker>(*crm.cache, *outbox);
    return {};
}

MailSettings MailRig::settings(MailAccount::Security security) const {
    MailSettings settings;
    settings.account = dovecot->account(security);
    settings.from = {u"Sam Rivera"_s, u"sam@vendor.example"_s};
    settings.caFile = files.filePath(u"ca.pem"_s);
    return settings;
}

bool MailRig::storeMessage(const QString &ticketId, const QString &messageId,
                           const QString &subject, const QString &text) {
    OutreachActivity activity;
    activity.messageId = messageId;
    activity.subject = subject;
    activity.content = text;
    activity.createdAt = QDateTime::currentDateTimeUtc();
    return tracker->addOutreachActivity(ticketId, activity).ok();
}
