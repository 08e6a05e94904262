// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>

// One line of the ticket list as the cache hands it to the table model: the displayed columns of
// a ticket joined with its prospect, plus the pre-folded search keys (see TextFolding).
struct TicketRow {
    QString id;
    QString title;
    QString status;   // wire name, "open"
    QString priority; // wire name, "high"
    QString category;
    QString prospectId;
    QString prospectName;
    QString company;
    QString assignee;
    qint64 updatedAtMs = 0; // ms since the epoch, UTC
    QByteArray titleKey;    // TextFolding::fold(title)
    QByteArray searchKey;   // TextFolding::fold(title + ' ' + description)
    QByteArray prospectKey; // TextFolding::fold(prospect name + ' ' + company)
};
