// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

// One mailbox of a message header: a display name (may be empty) and an address.
struct MailAddress {
    QString name;
    QString address;

    bool isEmpty() const { return address.isEmpty(); }
    // "Zoë Bäcker <zoe@example.com>" or the bare address, for the rep to read (not a header).
    QString display() const;
    // The address compared as mail systems do: the domain is case-insensitive, and in practice
    // so is the local part.
    static bool sameAddress(const QString &a, const QString &b);

    bool operator==(const MailAddress &) const = default;
};
