// SPDX-License-Identifier: GPL-3.0-or-later
#include "mail/MailAccount.h"

#include <QHostAddress>

using namespace Qt::StringLiterals;

quint16 MailAccount::defaultPort(Security security) {
    return security == Security::Tls ? 993 : 143;
}

bool MailAccount::isLoopback(const QString &host) {
    const QString trimmed = host.trimmed();
    if (trimmed.compare(u"localhost"_s, Qt::CaseInsensitive) == 0)
        return true;
    // "[::1]" as a URL would write it.
    QString bare = trimmed;
    if (bare.startsWith(u'[') && bare.endsWith(u']'))
        bare = bare.mid(1, bare.size() - 2);
    const QHostAddress address(bare);
    return !address.isNull() && address.isLoopback();
}

QString MailAccount::securityName(Security security) {
    switch (security) {
    case Security::Tls:
        return u"tls"_s;
    case Security::StartTls:
        return u"starttls"_s;
    case Security::None:
        return u"none"_s;
    }
    return u"tls"_s;
}

std::optional<MailAccount::Security> MailAccount::securityFromName(const QString &name) {
    const QString lower = name.trimmed().toLower();
    if (lower == u"tls"_s)
        return Security::Tls;
    if (lower == u"starttls"_s)
        return Security::StartTls;
    if (lower == u"none"_s)
        return Security::None;
    return std::nullopt;
}

bool MailAccount::isComplete() const {
    return !host.trimmed().isEmpty() && port != 0 && !user.trimmed().isEmpty();
}
