// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/ComplianceFinding.h"
#include "domain/OutreachContext.h"

#include <QCoreApplication>
#include <QList>
#include <QString>

// Why an action of the compose area cannot work right now, as plain functions of what the
// session knows: each answer is the sentence the action's tooltip shows, empty when it can.
class ComposeRules {
    Q_DECLARE_TR_FUNCTIONS(ComposeRules)
public:
    struct Facts {
        QString ticketId;
        const OutreachContext *context = nullptr; // the ticket's; null while it is not known
        bool running = false;    // a generation (or its retry countdown) is under way
        bool hasMessage = false; // the body holds more than white space
        bool saved = false;      // the text is the message stored on the ticket's history
        bool markedSent = false;
        QList<ComplianceFinding> findings; // what the checks find in the text as it stands
    };

    static QString generateBlocked(const Facts &facts);
    static QString saveBlocked(const Facts &facts);
    static QString markSentBlocked(const Facts &facts);
    static QString mailBlocked(const Facts &facts);
    static QString prospectEmail(const Facts &facts);
};
