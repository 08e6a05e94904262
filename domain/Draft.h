// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/MessageStyle.h"
#include "domain/OutreachResponse.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>

#include <optional>

// A ticket's work in progress in the compose area: what the rep asked for, the message as it
// stands in the editor, and what the generation behind it said. Autosaved, so nothing typed or
// generated is lost to a restart or a crash.
struct Draft {
    QString ticketId;
    QString prompt;
    QString preset; // PromptPreset wire name; empty for a request of the rep's own
    MessageTone tone = MessageTone::Concise;
    MessageLength length = MessageLength::Medium;
    QString subject;
    QString body;
    // What the last generation (or template) produced and how it was judged; the findings are
    // re-checked against the edited text.
    std::optional<OutreachResponse> response;
    qint64 versionId = 0;     // the draft_versions row the editor started from; 0: none
    QString savedMessageId;   // the message stored on the ticket's history from this draft
    QString savedFingerprint; // fingerprint() of what was saved, to tell later edits apart
    bool markedSent = false;
    QDateTime updatedAt; // UTC

    bool isEmpty() const;
    // Identifies subject + body, so "Save" knows whether the text changed since it was stored.
    static QString fingerprint(const QString &subject, const QString &body);
    bool savedTextIsCurrent() const;

    QJsonObject toJson() const;
    // Lenient: our own stored JSON; anything missing keeps its default.
    static Draft fromJson(const QString &ticketId, const QJsonObject &json);

    bool operator==(const Draft &) const = default;
};
