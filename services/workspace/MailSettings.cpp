// SPDX-License-Identifier: GPL-3.0-or-later
#include "workspace/MailSettings.h"

#include "platform/CredentialStore.h"

#include <QCoreApplication>
#include <QFile>
#include <QSettings>
#include <QSslCertificate>

#include <algorithm>

using namespace Qt::StringLiterals;

MailSettings MailSettings::load(const QSettings &settings) {
    MailSettings result;
    result.account.host = settings.value(u"mail/host"_s).toString().trimmed();
    result.account.security =
        MailAccount::securityFromName(settings.value(u"mail/security"_s).toString())
            .value_or(MailAccount::Security::Tls);
    const int port = settings.value(u"mail/port"_s, 0).toInt();
    result.account.port = port > 0 && port <= 65535
                              ? static_cast<quint16>(port)
                              : MailAccount::defaultPort(result.account.security);
    result.account.user = settings.value(u"mail/user"_s).toString().trimmed();
    result.from.address = settings.value(u"mail/fromAddress"_s).toString().trimmed();
    result.from.name = settings.value(u"mail/fromName"_s).toString().trimmed();
    result.caFile = settings.value(u"mail/caFile"_s).toString().trimmed();
    result.watchByDefault = settings.value(u"mail/watchByDefault"_s, false).toBool();
    result.pollSeconds =
        std::clamp(settings.value(u"mail/pollSeconds"_s, result.pollSeconds).toInt(), 5, 3600);
    return result;
}

void MailSettings::save(QSettings &settings) const {
    settings.setValue(u"mail/host"_s, account.host);
    settings.setValue(u"mail/port"_s, account.port);
    settings.setValue(u"mail/security"_s, MailAccount::securityName(account.security));
    settings.setValue(u"mail/user"_s, account.user);
    settings.setValue(u"mail/fromAddress"_s, from.address);
    settings.setValue(u"mail/fromName"_s, from.name);
    settings.setValue(u"mail/caFile"_s, caFile);
    settings.setValue(u"mail/watchByDefault"_s, watchByDefault);
    settings.setValue(u"mail/pollSeconds"_s, pollSeconds);
}

QString MailSettings::accountName() const {
    return account.user + u'@' + account.host;
}

QString MailSettings::passwordKey() const {
    return CredentialStore::entryKey(
        u"mail"_s, u"imap://%1@%2:%3"_s.arg(account.user, account.host).arg(account.port));
}

Result<ImapConnection::Options> MailSettings::connectionOptions() const {
    ImapConnection::Options options;
    if (caFile.isEmpty())
        return options;
    QFile file(caFile);
    if (!file.open(QIODevice::ReadOnly))
        return OutreachError(OutreachError::Code::Network,
                             QCoreApplication::translate("MailSettings",
                                                         "The certificate authority file %1 "
                                                         "cannot be read: %2")
                                 .arg(caFile, file.errorString()));
    options.extraCaCertificates = QSslCertificate::fromData(file.readAll(), QSsl::Pem);
    if (options.extraCaCertificates.isEmpty())
        return OutreachError(OutreachError::Code::Network,
                             QCoreApplication::translate("MailSettings",
                                                         "The certificate authority file %1 "
                                                         "holds no PEM certificate.")
                                 .arg(caFile));
    return options;
}

QString MailSettings::environmentPassword(const QProcessEnvironment &environment) {
    return environment.value(QString::fromLatin1(PasswordVariable));
}
