// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>

#include <optional>

// The requests a rep makes most often, offered in the prompt pane: picking one fills in the
// request text. Recorded with each message so effectiveness can be compared preset by preset.
struct PromptPreset {
    enum class Kind { FirstOutreach, FollowUp, ReEngage, MeetingRequest, AnswerTicket };

    static QList<Kind> all();
    // Wire names kept in drafts and message metadata ("first_outreach"); nullopt for others.
    static QString name(Kind kind);
    static std::optional<Kind> fromName(QStringView name);
    // Translated label for the selector ("Meeting request").
    static QString label(Kind kind);
    // The translated request text the preset puts in the prompt pane.
    static QString request(Kind kind);
};
