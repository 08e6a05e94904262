// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

// IMAP's modified UTF-7 for mailbox names (RFC 3501 section 5.1.3): "Entwürfe" travels as
// "Entw&APw-rfe".
class ImapMailboxName {
public:
    static QByteArray encode(const QString &name);
    // Empty when `wire` is not valid modified UTF-7.
    static std::optional<QString> decode(const QByteArray &wire);
    // decode(), falling back to reading the bytes as UTF-8 (servers with UTF8=ACCEPT, or ones
    // that send names unencoded).
    static QString decodeLenient(const QByteArray &wire);
};
