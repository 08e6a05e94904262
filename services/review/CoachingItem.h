// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>

#include <array>

// One piece of coaching on a draft: what was measured, how it stands against what works, and
// why it matters. The coach gives several; there is deliberately no overall score.
struct CoachingItem {
    enum class Kind {
        WordCount,
        ReadingLevel,
        SentenceLength,
        Questions,
        Subject,
        LinksAndImages,
        SpamWords,
        PhonePreview,
    };
    // In the order the coach gives them.
    static constexpr std::array Kinds{Kind::WordCount, Kind::ReadingLevel, Kind::SentenceLength,
                                      Kind::Questions, Kind::Subject,      Kind::LinksAndImages,
                                      Kind::SpamWords, Kind::PhonePreview};
    // NotMeasured: the figure has no meaning for this draft (a reading-ease formula for
    // Japanese), which is neither good nor bad.
    enum class Status { Good, Consider, Problem, NotMeasured };

    // A stretch of the message body the item is about, so the UI can select it.
    struct Span {
        qsizetype start = 0;
        qsizetype length = 0;
        bool operator==(const Span &) const = default;
    };

    Kind kind = Kind::WordCount;
    Status status = Status::Good;
    QString label;  // translated: "Word count"
    QString value;  // translated: "142 words · about 40 s to read"
    QString reason; // translated, one sentence: why this matters
    QString range;  // translated: what works, "100–180 words for a medium message"
    // For the sentence length: the sentences over the limit, longest first.
    QList<Span> spans;

    // A stable, untranslated name for the kind ("word_count"), for object names and output.
    QString id() const { return idOf(kind); }
    static QString idOf(Kind kind);
    static QString labelOf(Kind kind);
    static QString statusLabel(Status status);
};
