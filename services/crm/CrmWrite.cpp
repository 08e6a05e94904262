// SPDX-License-Identifier: GPL-3.0-or-later
#include "crm/CrmWrite.h"

#include <QUrl>

using namespace Qt::StringLiterals;

namespace {

QString segment(const QString &id) {
    return QString::fromLatin1(QUrl::toPercentEncoding(id));
}

} // namespace

QByteArray CrmWrite::restMethod(Kind kind) {
    return kind == Kind::Effectiveness ? "PUT"_ba : "POST"_ba;
}

QString CrmWrite::restPath(Kind kind, const QString &ticketId, const QString &messageId) {
    switch (kind) {
    case Kind::Activity:
        return u"/v1/tickets/%1/activities"_s.arg(segment(ticketId));
    case Kind::Event:
        return u"/v1/tickets/%1/messages/%2/events"_s.arg(segment(ticketId), segment(messageId));
    case Kind::Effectiveness:
        return u"/v1/messages/%1/effectiveness"_s.arg(segment(messageId));
    }
    return {};
}
