// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/MessageStyle.h"

#include <QDateTime>
#include <QString>

#include <optional>

// A batch of drafts asked for at once: one request, tone and length for a list of tickets, kept
// in the local store so a quit or a crash resumes it where it stopped.
struct BatchJob {
    enum class State {
        Running,   // drafting, or interrupted while it was (the next start offers to resume)
        Paused,    // the rep paused it: nothing new starts until it is resumed
        Cancelled, // stopped for good; what was finished stays
        Finished,  // every ticket was drafted, skipped or failed
    };

    qint64 id = 0;       // assigned by the store
    QDateTime createdAt; // UTC
    State state = State::Running;
    QString prompt;
    QString preset; // PromptPreset wire name; empty for a request of the rep's own
    MessageTone tone = MessageTone::Concise;
    MessageLength length = MessageLength::Medium;
    // What the tickets were chosen by, for the rep: "12 selected tickets", "filter: acme".
    QString scope;
    // Drafting time over every run of the job, for the rate and the ETA.
    qint64 elapsedMs = 0;

    // Work may still be left: running (perhaps interrupted) or paused.
    bool isOpen() const { return state == State::Running || state == State::Paused; }

    static QString stateName(State state);
    static std::optional<State> stateFromName(const QString &name);

    bool operator==(const BatchJob &) const = default;
};
