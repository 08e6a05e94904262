// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/Result.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>

#include <optional>

// How one sent message is doing (docs/crm-api.md "EffectivenessMetrics", the body of
// `PUT /v1/messages/{id}/effectiveness`): opens, clicks, the reply and whether a meeting came of
// it.
struct EffectivenessMetrics {
    // How the reply read; None when there is no reply or nobody judged it (JSON null).
    enum class Sentiment { None, Positive, Neutral, Negative };

    std::optional<QDateTime> sentAt; // UTC; absent while the message has not gone out
    bool opened = false;
    int openCount = 0;
    bool clicked = false;
    bool replied = false;
    Sentiment replySentiment = Sentiment::None;
    bool meetingBooked = false;
    QDateTime updatedAt; // UTC

    // Required: updated_at. Optional: sent_at, the booleans (absent is false), open_count (absent
    // is 0; otherwise a whole number, not negative) and reply_sentiment (positive, neutral,
    // negative; null or absent is None). The body does not carry the message id (it is in the
    // URL); pass it as `messageId` so that errors name the message.
    static Result<EffectivenessMetrics> fromJson(const QJsonObject &json,
                                                 const QString &messageId = {});
    // Writes every field; sent_at and reply_sentiment as null when there are none.
    QJsonObject toJson() const;

    // The wire names ("positive"); None has none (an empty string), and sentimentFromName returns
    // nullopt for anything that is not a wire name, the empty string included.
    static QString sentimentName(Sentiment sentiment);
    static std::optional<Sentiment> sentimentFromName(const QString &name);
    // Translated labels for the UI ("Positive"; "Not rated" for None).
    static QString sentimentLabel(Sentiment sentiment);

    bool operator==(const EffectivenessMetrics &) const = default;
};
