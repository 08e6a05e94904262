// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/OutreachError.h"
#include "ui/widgets/ThemeColors.h"

#include <QCoreApplication>
#include <QString>

#include <optional>

// What the compose area's message line says and what its buttons do, from what the session
// knows: one mapping, so the words, the button labels and what a click does never disagree.
class ErrorNotice {
    Q_DECLARE_TR_FUNCTIONS(ErrorNotice)
public:
    enum class Action {
        None,
        Retry,             // generate again
        OpenModelSettings, // the settings dialog on its model page
        ChooseTemplate,    // the template drafts' menu
        FindLocalServer,   // the settings dialog's model page, looking for servers on this computer
        OpenMailSettings,  // the settings dialog on its mail page
    };
    struct Button {
        QString label; // empty: no button
        Action action = Action::None;
        bool operator==(const Button &other) const = default;
    };

    struct Facts {
        QString ticketId;
        // A retry after a rate limit or server trouble is counting down.
        bool waiting = false;
        int retrySecondsLeft = 0;
        std::optional<OutreachError> waitReason;
        // Generate was pressed with no model configured (until the rep dismisses the notice).
        bool needsModel = false;
        std::optional<OutreachError> error;
        // The rep stopped the last generation, nothing runs and the notice was not dismissed.
        bool stopped = false;
        // Some of the message is in the editor, so a failure does not lose it.
        bool partialKept = false;
    };

    QString text; // empty: the message line is hidden
    ThemeColors::Tone tone = ThemeColors::Tone::Info;
    Button primary;
    Button secondary;

    bool isEmpty() const { return text.isEmpty(); }

    // The notice for the session as it stands: a retry countdown first, then the missing model,
    // then the last error, then a stop; empty when there is nothing to say.
    static ErrorNotice forFacts(const Facts &facts);
    // Why the last generation failed, and the button that helps.
    static ErrorNotice forError(const OutreachError &error, const QString &ticketId,
                                bool partialKept);
    // An action on the message failed (saving, marking sent, a template, an outcome): its reason
    // alone, since there is nothing to retry.
    static ErrorNotice failure(const QString &message);
    // "Open in mail client" found nothing to open mailto: links.
    static ErrorNotice noMailClient();
    // Save to Drafts without a mailbox (or its password) in the settings.
    static ErrorNotice needsMailbox(bool passwordMissing);
};
