// SPDX-License-Identifier: GPL-3.0-or-later
#include "review/DraftCoach.h"

#include "review/PhoneLayout.h"
#include "review/SpamTriggers.h"
#include "review/SyllableCounter.h"

#include <QCoreApplication>
#include <QLocale>
#include <QRegularExpression>
#include <QTextBoundaryFinder>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

// Reading speeds for the reading time: about 230 words a minute for silent reading of
// non-fiction in languages with spaces, and characters a minute for those without.
constexpr int WordsPerMinute = 230;
constexpr int JapaneseCharactersPerMinute = 400;
constexpr int ChineseCharactersPerMinute = 300;
// In languages without spaces the word ranges become character ranges: roughly two characters
// carry what one English word does.
constexpr int CharactersPerWord = 2;

struct Scanned {
    QList<TextSegments::Atom> atoms; // sorted, links as one word, images as none
    int links = 0;
    int images = 0;
};

// Links (http, https, www.) and images (Markdown ![alt](src) or HTML <img>) in the body. An
// image's address is part of the image, not another link.
Scanned scanLinksAndImages(const QString &body) {
    static const QRegularExpression image(u"!\\[[^\\]\\n]*\\]\\([^)\\n]*\\)|<img\\b[^>]*>"_s,
                                          QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression link(u"\\b(?:https?://|www\\.)[^\\s<>()\\[\\]\"']+"_s,
                                         QRegularExpression::CaseInsensitiveOption);
    Scanned scanned;
    for (auto it = image.globalMatch(body); it.hasNext();) {
        const QRegularExpressionMatch match = it.next();
        scanned.atoms.append({match.capturedStart(), match.capturedEnd(), 0});
        ++scanned.images;
    }
    const QList<TextSegments::Atom> images = scanned.atoms;
    for (auto it = link.globalMatch(body); it.hasNext();) {
        const QRegularExpressionMatch match = it.next();
        qsizetype end = match.capturedEnd();
        // The sentence's own punctuation after a link is not part of it.
        while (end > match.capturedStart() && u".,;:!?"_s.contains(body.at(end - 1)))
            --end;
        const qsizetype start = match.capturedStart();
        const bool inImage = std::any_of(images.cbegin(), images.cend(), [&](const auto &atom) {
            return start < atom.end && atom.start < end;
        });
        if (inImage)
            continue;
        scanned.atoms.append({start, end, 1});
        ++scanned.links;
    }
    std::sort(scanned.atoms.begin(), scanned.atoms.end(),
              [](const auto &a, const auto &b) { return a.start < b.start; });
    return scanned;
}

bool insideAtom(const QList<TextSegments::Atom> &atoms, qsizetype position) {
    return std::any_of(atoms.cbegin(), atoms.cend(), [position](const auto &atom) {
        return position >= atom.start && position < atom.end;
    });
}

bool isQuestionMark(QChar c) {
    return c == u'?' || c == u'\uFF1F' || c == u'\u061F';
}

// Questions: each run of question marks ("?", full-width "？", Arabic "؟") is one, and a
// Spanish "¿" that no "?" closes before the next "¿" or the end of its paragraph is one too.
void countQuestions(const QString &body, const QList<TextSegments::Atom> &atoms,
                    DraftMeasures &measures) {
    const auto note = [&measures](qsizetype position) {
        ++measures.questions;
        if (measures.firstQuestion < 0 || position < measures.firstQuestion)
            measures.firstQuestion = position;
    };
    for (qsizetype i = 0; i < body.size(); ++i) {
        const QChar c = body.at(i);
        if (isQuestionMark(c) && !insideAtom(atoms, i)) {
            note(i);
            while (i + 1 < body.size() && isQuestionMark(body.at(i + 1)))
                ++i;
        } else if (c == u'\u00BF') {
            qsizetype j = i + 1;
            while (j < body.size() && body.at(j) != u'\u00BF' && body.at(j) != u'\n'
                   && !isQuestionMark(body.at(j)))
                ++j;
            if (j >= body.size() || !isQuestionMark(body.at(j)))
                note(i);
        }
    }
}

int graphemes(const QString &text) {
    QTextBoundaryFinder finder(QTextBoundaryFinder::Grapheme, text);
    int count = 0;
    while (finder.toNextBoundary() > 0)
        ++count;
    return count;
}

bool isLink(QStringView word) {
    return word.contains(u"://") || word.startsWith(u"www.", Qt::CaseInsensitive);
}

QString number(double value, int decimals = 0) {
    return QLocale().toString(value, 'f', decimals);
}

QString readingTime(int seconds) {
    if (seconds < 60)
        return QCoreApplication::translate("DraftCoach", "about %1 s to read")
            .arg(std::max(5, (seconds + 4) / 5 * 5));
    return QCoreApplication::translate("DraftCoach", "about %n min to read", nullptr,
                                       (seconds + 30) / 60);
}

CoachingItem item(CoachingItem::Kind kind) {
    CoachingItem made;
    made.kind = kind;
    made.label = CoachingItem::labelOf(kind);
    return made;
}

CoachingItem lengthItem(const DraftMeasures &m, MessageLength length) {
    CoachingItem it = item(CoachingItem::Kind::WordCount);
    const DraftCoach::WordRange words = DraftCoach::wordRange(length);
    const int scale = m.countsCharacters ? CharactersPerWord : 1;
    const int count = m.countsCharacters ? m.characters : m.words;
    const int minimum = words.minimum * scale;
    const int maximum = words.maximum * scale;
    // Below this even a short message rarely says why it was sent.
    const int floor = 20 * scale;

    it.value = (m.countsCharacters
                    ? QCoreApplication::translate("DraftCoach", "%n character(s)", nullptr, count)
                    : QCoreApplication::translate("DraftCoach", "%n word(s)", nullptr, count))
               + u" · "_s + readingTime(m.readingSeconds);
    switch (length) {
    case MessageLength::Short:
        it.range = m.countsCharacters
                       ? QCoreApplication::translate(
                             "DraftCoach", "up to about %1 characters for a short message")
                             .arg(maximum)
                       : QCoreApplication::translate("DraftCoach",
                                                     "up to about %1 words for a short message")
                             .arg(maximum);
        break;
    case MessageLength::Medium:
        it.range =
            m.countsCharacters
                ? QCoreApplication::translate("DraftCoach", "%1–%2 characters for a medium message")
                      .arg(minimum)
                      .arg(maximum)
                : QCoreApplication::translate("DraftCoach", "%1–%2 words for a medium message")
                      .arg(minimum)
                      .arg(maximum);
        break;
    case MessageLength::Long:
        it.range =
            m.countsCharacters
                ? QCoreApplication::translate("DraftCoach", "%1–%2 characters for a long message")
                      .arg(minimum)
                      .arg(maximum)
                : QCoreApplication::translate("DraftCoach", "%1–%2 words for a long message")
                      .arg(minimum)
                      .arg(maximum);
        break;
    }

    const int lower = std::max(minimum, floor);
    if (count == 0) {
        it.status = CoachingItem::Status::Problem;
        it.reason = QCoreApplication::translate("DraftCoach", "There is no message yet.");
    } else if (count > maximum) {
        // Up to half as long again is worth a look; beyond that the message is another length.
        it.status = count * 2 <= maximum * 3 ? CoachingItem::Status::Consider
                                             : CoachingItem::Status::Problem;
        it.reason = QCoreApplication::translate(
            "DraftCoach", "Busy readers skim a long cold email, and every extra paragraph lowers "
                          "the chance of a reply.");
    } else if (count < lower) {
        // A short message has no lower bound in the prompt: only the floor, and only a nudge.
        it.status = length == MessageLength::Short || count * 2 >= lower
                        ? CoachingItem::Status::Consider
                        : CoachingItem::Status::Problem;
        it.reason = QCoreApplication::translate(
            "DraftCoach", "A message this short may not say why you are writing or what you ask.");
    } else {
        it.reason = QCoreApplication::translate(
            "DraftCoach", "Long enough to give a reason to reply, short enough to read in one go.");
    }
    return it;
}

CoachingItem readingItem(const DraftMeasures &m) {
    CoachingItem it = item(CoachingItem::Kind::ReadingLevel);
    if (m.formula == ReadingLevel::Formula::None) {
        const QString language = QLocale::languageToString(QLocale(m.language).language());
        it.status = CoachingItem::Status::NotMeasured;
        it.value = QCoreApplication::translate("DraftCoach", "Not measured for %1").arg(language);
        it.reason = QCoreApplication::translate(
            "DraftCoach", "The reading-ease formulas count words and syllables, and this language "
                          "does not separate its words with spaces.");
        it.range = QCoreApplication::translate(
            "DraftCoach", "no formula for this language: keep sentences short and the ask plain");
        return it;
    }
    const QString name = ReadingLevel::name(m.formula);
    it.range = m.formula == ReadingLevel::Formula::Lix
                   ? QCoreApplication::translate("DraftCoach", "40 or less (easy) on the %1 scale")
                         .arg(name)
                   : QCoreApplication::translate("DraftCoach", "60 or more (plain) on the %1 scale")
                         .arg(name);
    if (!m.readingScore) {
        it.status = CoachingItem::Status::NotMeasured;
        it.value = QCoreApplication::translate("DraftCoach", "Nothing to measure yet");
        it.reason = QCoreApplication::translate(
            "DraftCoach", "The reading level is measured once the message has a sentence.");
        return it;
    }
    const double score = *m.readingScore;
    it.value = QCoreApplication::translate("DraftCoach", "%1 (%2) · %3")
                   .arg(number(score), ReadingLevel::band(m.formula, score), name);
    if (m.languageGuessed)
        it.value +=
            u" · "_s + QCoreApplication::translate("DraftCoach", "language assumed to be English");
    if (m.formula == ReadingLevel::Formula::Lix) {
        it.status = score <= 40   ? CoachingItem::Status::Good
                    : score <= 50 ? CoachingItem::Status::Consider
                                  : CoachingItem::Status::Problem;
    } else {
        it.status = score >= 60   ? CoachingItem::Status::Good
                    : score >= 45 ? CoachingItem::Status::Consider
                                  : CoachingItem::Status::Problem;
    }
    it.reason =
        it.status == CoachingItem::Status::Good
            ? QCoreApplication::translate(
                "DraftCoach", "Plain wording lets a prospect take the message in at a glance.")
            : QCoreApplication::translate(
                "DraftCoach", "Long words and long sentences make a cold email work to read, and a "
                              "busy prospect skips it.");
    return it;
}

CoachingItem sentenceItem(const DraftMeasures &m) {
    CoachingItem it = item(CoachingItem::Kind::SentenceLength);
    const bool characters = m.countsCharacters;
    const int limit =
        characters ? DraftCoach::LongSentenceCharacters : DraftCoach::LongSentenceWords;
    const int averageLimit = characters ? 40 : 20;
    it.range = characters
                   ? QCoreApplication::translate("DraftCoach",
                                                 "%1 characters or fewer on average, none over %2")
                         .arg(averageLimit)
                         .arg(limit)
                   : QCoreApplication::translate("DraftCoach",
                                                 "%1 words or fewer on average, none over %2")
                         .arg(averageLimit)
                         .arg(limit);
    if (m.sentences.isEmpty()) {
        it.status = CoachingItem::Status::NotMeasured;
        it.value = QCoreApplication::translate("DraftCoach", "No sentences yet");
        it.reason = QCoreApplication::translate(
            "DraftCoach", "Sentence length is measured once the message has a sentence.");
        return it;
    }
    const auto size = [characters](const TextSegments::Sentence &s) {
        return characters ? s.characters : s.words;
    };
    int total = 0;
    int longest = 0;
    QList<TextSegments::Sentence> over;
    for (const TextSegments::Sentence &sentence : m.sentences) {
        total += size(sentence);
        longest = std::max(longest, size(sentence));
        if (size(sentence) > limit)
            over.append(sentence);
    }
    std::stable_sort(over.begin(), over.end(),
                     [&size](const auto &a, const auto &b) { return size(a) > size(b); });
    for (const TextSegments::Sentence &sentence : over)
        it.spans.append({sentence.start, sentence.end - sentence.start});
    const double average = double(total) / m.sentences.size();

    it.value = characters
                   ? QCoreApplication::translate("DraftCoach", "average %1 characters, longest %2")
                         .arg(number(average))
                         .arg(longest)
                   : QCoreApplication::translate("DraftCoach", "average %1 words, longest %2")
                         .arg(number(average))
                         .arg(longest);
    if (!over.isEmpty())
        it.value += u" · "_s
                    + QCoreApplication::translate("DraftCoach", "%n sentence(s) over the limit",
                                                  nullptr, int(over.size()));
    if (over.isEmpty() && average <= averageLimit)
        it.status = CoachingItem::Status::Good;
    else if (over.size() >= 2 || average > limit)
        it.status = CoachingItem::Status::Problem;
    else
        it.status = CoachingItem::Status::Consider;
    it.reason =
        it.status == CoachingItem::Status::Good
            ? QCoreApplication::translate("DraftCoach",
                                          "Short sentences are read in full, even on a phone.")
            : QCoreApplication::translate(
                "DraftCoach", "A long sentence asks the reader to hold too much at once; split it "
                              "where it changes subject.");
    return it;
}

CoachingItem questionItem(const DraftMeasures &m) {
    CoachingItem it = item(CoachingItem::Kind::Questions);
    it.value = QCoreApplication::translate("DraftCoach", "%n question(s)", nullptr, m.questions);
    it.range = QCoreApplication::translate("DraftCoach", "one clear question: the ask");
    if (m.questions == 1) {
        it.status = CoachingItem::Status::Good;
        it.reason = QCoreApplication::translate(
            "DraftCoach", "One clear ask tells the reader exactly what to do next.");
    } else if (m.questions == 0) {
        it.status = CoachingItem::Status::Consider;
        it.reason = QCoreApplication::translate(
            "DraftCoach", "Without a question the reader has no clear next step to reply to.");
    } else if (m.questions == 2) {
        it.status = CoachingItem::Status::Consider;
        it.reason = QCoreApplication::translate(
            "DraftCoach", "Two questions split the reply; keep the one that matters most.");
    } else {
        it.status = CoachingItem::Status::Problem;
        it.reason = QCoreApplication::translate(
            "DraftCoach", "Many questions make replying feel like work, so the reply is put off.");
    }
    return it;
}

CoachingItem subjectItem(const DraftMeasures &m) {
    CoachingItem it = item(CoachingItem::Kind::Subject);
    it.range = QCoreApplication::translate(
        "DraftCoach", "30–60 characters and 3–9 words; phones show about the first 35–40");
    if (m.subjectCharacters == 0) {
        it.status = CoachingItem::Status::Problem;
        it.value = QCoreApplication::translate("DraftCoach", "No subject");
        it.reason = QCoreApplication::translate(
            "DraftCoach", "A message without a subject looks careless and is often filtered.");
        return it;
    }
    it.value =
        QCoreApplication::translate("DraftCoach", "%n character(s)", nullptr, m.subjectCharacters)
        + u", "_s
        + QCoreApplication::translate("DraftCoach", "%n word(s)", nullptr, m.subjectWords);
    const bool wordsFit = m.subjectWords >= 3 && m.subjectWords <= 9;
    if (m.subjectCharacters > 80) {
        it.status = CoachingItem::Status::Problem;
        it.reason = QCoreApplication::translate(
            "DraftCoach", "Phones cut a subject line at about 35–40 characters, so most of this "
                          "one will not show.");
    } else if (m.subjectCharacters > 60) {
        it.status = CoachingItem::Status::Consider;
        it.reason = QCoreApplication::translate(
            "DraftCoach", "Phones cut a subject line at about 35–40 characters, so the end of this "
                          "one will not show.");
    } else if (m.subjectCharacters < 30) {
        it.status = CoachingItem::Status::Consider;
        it.reason = QCoreApplication::translate(
            "DraftCoach",
            "A very short subject says little about why the prospect should open the message.");
    } else if (!wordsFit) {
        it.status = CoachingItem::Status::Consider;
        it.reason = QCoreApplication::translate(
            "DraftCoach", "A subject of very few or very many words reads as vague or crowded.");
    } else if (m.subjectCharacters > 40) {
        it.status = CoachingItem::Status::Good;
        it.reason = QCoreApplication::translate(
            "DraftCoach",
            "It fits a desktop inbox; a phone shows about the first 38 characters, so "
            "lead with the point.");
    } else {
        it.status = CoachingItem::Status::Good;
        it.reason = QCoreApplication::translate(
            "DraftCoach", "It says what the message is about and fits a phone's inbox line.");
    }
    return it;
}

CoachingItem linkItem(const DraftMeasures &m) {
    CoachingItem it = item(CoachingItem::Kind::LinksAndImages);
    it.value = QCoreApplication::translate("DraftCoach", "%n link(s)", nullptr, m.links) + u", "_s
               + QCoreApplication::translate("DraftCoach", "%n image(s)", nullptr, m.images);
    it.range =
        QCoreApplication::translate("DraftCoach", "0–1 link and no images for cold outreach");
    if (m.links >= 3 || m.images >= 2)
        it.status = CoachingItem::Status::Problem;
    else if (m.links == 2 || m.images == 1)
        it.status = CoachingItem::Status::Consider;
    else
        it.status = CoachingItem::Status::Good;
    it.reason =
        it.status == CoachingItem::Status::Good
            ? QCoreApplication::translate(
                "DraftCoach",
                "A cold email with one link at most looks personal to filters and readers alike.")
            : QCoreApplication::translate(
                "DraftCoach",
                "Each extra link or image makes a cold email look like a newsletter to spam "
                "filters, and fewer of them reach the inbox.");
    return it;
}

CoachingItem spamItem(const DraftMeasures &m) {
    CoachingItem it = item(CoachingItem::Kind::SpamWords);
    it.range = QCoreApplication::translate("DraftCoach", "none");
    const int found = int(m.spamWords.size());
    it.value = found == 0 ? QCoreApplication::translate("DraftCoach", "None found")
                          : m.spamWords.join(u", "_s);
    it.status = found == 0   ? CoachingItem::Status::Good
                : found <= 2 ? CoachingItem::Status::Consider
                             : CoachingItem::Status::Problem;
    it.reason = found == 0 ? QCoreApplication::translate(
                    "DraftCoach", "Nothing here that spam filters or wary readers take for a "
                                  "sales blast.")
                           : QCoreApplication::translate(
                               "DraftCoach",
                               "Spam filters score these words, capitals and exclamation marks, "
                               "and each one makes the inbox less likely.");
    return it;
}

CoachingItem phoneItem(const DraftMeasures &m) {
    CoachingItem it = item(CoachingItem::Kind::PhonePreview);
    it.value =
        QCoreApplication::translate("DraftCoach", "“%1” · ").arg(m.inboxLine)
        + QCoreApplication::translate("DraftCoach", "%n line(s) on a phone", nullptr, m.phoneLines);
    it.range = QCoreApplication::translate("DraftCoach",
                                           "the ask within the first %1 lines (one phone screen)")
                   .arg(PhoneLayout::LinesPerScreen);
    if (m.askLine >= PhoneLayout::LinesPerScreen) {
        it.status = CoachingItem::Status::Consider;
        it.reason = QCoreApplication::translate(
                        "DraftCoach",
                        "The ask is on line %1, below the first phone screen, and many readers "
                        "never scroll to it.")
                        .arg(m.askLine + 1);
    } else if (m.askLine < 0 && m.phoneLines > PhoneLayout::LinesPerScreen) {
        it.status = CoachingItem::Status::Consider;
        it.reason = QCoreApplication::translate(
            "DraftCoach", "The message runs past the first phone screen without asking anything.");
    } else if (m.phoneLines > 2 * PhoneLayout::LinesPerScreen) {
        it.status = CoachingItem::Status::Consider;
        it.reason = QCoreApplication::translate(
            "DraftCoach", "The message fills more than two phone screens; most readers stop before "
                          "the end.");
    } else {
        it.status = CoachingItem::Status::Good;
        it.reason = QCoreApplication::translate(
            "DraftCoach", "The ask is on the first phone screen, where every reader sees it.");
        if (m.askLine < 0)
            it.reason = QCoreApplication::translate(
                "DraftCoach", "The whole message fits the first phone screen.");
    }
    return it;
}

} // namespace

DraftCoach::WordRange DraftCoach::wordRange(MessageLength length) {
    switch (length) {
    case MessageLength::Short:
        return {0, 80};
    case MessageLength::Medium:
        return {100, 180};
    case MessageLength::Long:
        return {200, 350};
    }
    return {};
}

QString DraftCoach::languageOf(const QString &locale) {
    const QString trimmed = locale.trimmed();
    qsizetype end = 0;
    while (end < trimmed.size() && trimmed.at(end) != u'-' && trimmed.at(end) != u'_')
        ++end;
    return trimmed.left(end).toLower();
}

DraftMeasures DraftCoach::measure(const CoachingDraft &draft) {
    DraftMeasures m;
    m.language = languageOf(draft.locale);
    if (m.language.isEmpty()) {
        m.language = u"en"_s;
        m.languageGuessed = true;
    }
    m.countsCharacters = ReadingLevel::isWrittenWithoutSpaces(m.language);

    const QString &body = draft.body;
    const Scanned scanned = scanLinksAndImages(body);
    m.links = scanned.links;
    m.images = scanned.images;

    const TextSegments segments(body, scanned.atoms);
    m.words = int(segments.words().size());
    m.characters = segments.characters();
    m.sentences = segments.sentences();
    for (const TextSegments::Word &word : segments.words()) {
        const QStringView text = QStringView(body).sliced(word.start, word.end - word.start);
        if (isLink(text)) {
            ++m.syllables;
            continue;
        }
        m.syllables += SyllableCounter::count(text, m.language);
        const auto letters =
            std::count_if(text.cbegin(), text.cend(), [](QChar c) { return c.isLetter(); });
        if (letters > 6)
            ++m.longWords;
    }
    if (m.countsCharacters) {
        const int perMinute =
            m.language == u"ja" ? JapaneseCharactersPerMinute : ChineseCharactersPerMinute;
        m.readingSeconds = m.characters * 60 / perMinute;
    } else {
        m.readingSeconds = m.words * 60 / WordsPerMinute;
    }

    m.formula = ReadingLevel::forLanguage(m.language);
    m.readingScore =
        ReadingLevel::score(m.formula, m.words, int(m.sentences.size()), m.syllables, m.longWords);

    countQuestions(body, scanned.atoms, m);

    const QString subject = draft.subject.simplified();
    m.subjectCharacters = graphemes(subject);
    m.subjectWords = int(TextSegments(subject, {}).words().size());

    // Addresses are not words a filter scores: "…/free-trial" is not "free".
    QString wordsOnly = body;
    for (const TextSegments::Atom &atom : scanned.atoms)
        wordsOnly.replace(atom.start, atom.end - atom.start, QString(atom.end - atom.start, u' '));
    m.spamWords = SpamTriggers::find(subject);
    for (const QString &word : SpamTriggers::find(wordsOnly)) {
        if (!m.spamWords.contains(word, Qt::CaseInsensitive))
            m.spamWords.append(word);
    }

    m.inboxLine = PhoneLayout::inboxLine(draft.subject, body);
    const PhoneLayout phone(body);
    m.phoneLines = phone.lineCount();
    if (m.firstQuestion >= 0)
        m.askLine = phone.lineOf(m.firstQuestion);
    return m;
}

QList<CoachingItem> DraftCoach::coach(const CoachingDraft &draft) {
    return coach(measure(draft), draft.length);
}

QList<CoachingItem> DraftCoach::coach(const DraftMeasures &measures, MessageLength length) {
    return {lengthItem(measures, length), readingItem(measures), sentenceItem(measures),
            questionItem(measures),       subjectItem(measures), linkItem(measures),
            spamItem(measures),           phoneItem(measures)};
}
