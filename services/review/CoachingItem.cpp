// SPDX-License-Identifier: GPL-3.0-or-later
#include "review/CoachingItem.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

QString CoachingItem::idOf(Kind kind) {
    switch (kind) {
    case Kind::WordCount:
        return u"word_count"_s;
    case Kind::ReadingLevel:
        return u"reading_level"_s;
    case Kind::SentenceLength:
        return u"sentence_length"_s;
    case Kind::Questions:
        return u"questions"_s;
    case Kind::Subject:
        return u"subject"_s;
    case Kind::LinksAndImages:
        return u"links_images"_s;
    case Kind::SpamWords:
        return u"spam_words"_s;
    case Kind::PhonePreview:
        return u"phone_preview"_s;
    }
    return {};
}

QString CoachingItem::labelOf(Kind kind) {
    switch (kind) {
    case Kind::WordCount:
        return QCoreApplication::translate("DraftCoach", "Length");
    case Kind::ReadingLevel:
        return QCoreApplication::translate("DraftCoach", "Reading level");
    case Kind::SentenceLength:
        return QCoreApplication::translate("DraftCoach", "Sentence length");
    case Kind::Questions:
        return QCoreApplication::translate("DraftCoach", "Questions asked");
    case Kind::Subject:
        return QCoreApplication::translate("DraftCoach", "Subject line");
    case Kind::LinksAndImages:
        return QCoreApplication::translate("DraftCoach", "Links and images");
    case Kind::SpamWords:
        return QCoreApplication::translate("DraftCoach", "Spam-trigger words");
    case Kind::PhonePreview:
        return QCoreApplication::translate("DraftCoach", "On a phone");
    }
    return {};
}

QString CoachingItem::statusLabel(Status status) {
    switch (status) {
    case Status::Good:
        return QCoreApplication::translate("DraftCoach", "Good");
    case Status::Consider:
        return QCoreApplication::translate("DraftCoach", "Consider");
    case Status::Problem:
        return QCoreApplication::translate("DraftCoach", "Problem");
    case Status::NotMeasured:
        return QCoreApplication::translate("DraftCoach", "Not measured");
    }
    return {};
}
