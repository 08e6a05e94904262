// SPDX-License-Identifier: GPL-3.0-or-later
#include "mail/MailAddress.h"

using namespace Qt::StringLiterals;

QString MailAddress::display() const {
    if (name.trimmed().isEmpty())
        return address;
    return u"%1 <%2>"_s.arg(name.trimmed(), address);
}

bool MailAddress::sameAddress(const QString &a, const QString &b) {
    return !a.trimmed().isEmpty() && a.trimmed().compare(b.trimmed(), Qt::CaseInsensitive) == 0;
}
