// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QString>

#include <optional>

// One ticket of a batch: where its draft stands, why it was skipped or failed, and what the
// rep decided in the review queue. The draft itself is the ticket's autosaved draft.
struct BatchItem {
    enum class Status {
        Pending,  // not drafted yet
        Drafting, // claimed by a worker; back to pending if the run ends before it is done
        Drafted,
        Skipped, // on purpose, with the reason (do-not-contact, an unsent draft of the rep's)
        Failed,  // the context or the model failed, with the reason
    };
    enum class Review {
        Unreviewed,
        Approved, // stored on the ticket's history and queued for the CRM
        Skipped,  // left for later
        Rejected, // the draft was discarded (its version stays in the history)
    };

    qint64 jobId = 0;
    int position = 0; // the ticket's place in the batch, from 0
    QString ticketId;
    Status status = Status::Pending;
    Review review = Review::Unreviewed;
    QString reason; // skipped or failed: why, in a sentence
    QString subject;
    std::optional<double> confidence;
    int findings = 0; // what the checks found in the draft
    int blocking = 0; // of which block approval
    int promptTokens = 0;
    int completionTokens = 0;
    qint64 versionId = 0; // the draft_versions row of the drafted text
    int attempts = 0;     // how often a worker took it up
    QDateTime finishedAt; // UTC; invalid while pending

    // Drafted, skipped or failed: nothing more will be done with it.
    bool isDone() const;

    static QString statusName(Status status);
    static std::optional<Status> statusFromName(const QString &name);
    static QString reviewName(Review review);
    static std::optional<Review> reviewFromName(const QString &name);
    // Translated, for lists: "Drafted", "Skipped", "Approved", …
    static QString statusLabel(Status status);
    static QString reviewLabel(Review review);

    bool operator==(const BatchItem &) const = default;
};
