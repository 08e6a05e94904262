// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/MessageStyle.h"

#include <QString>

// What the draft coach reads: the draft as it stands in the compose area, the language it is
// written in and the length the rep asked for.
struct CoachingDraft {
    QString subject;
    QString body;
    // A BCP-47 tag ("de-DE", "fr", "pt_BR" is read too); empty means English is assumed.
    QString locale;
    MessageLength length = MessageLength::Medium;
};
