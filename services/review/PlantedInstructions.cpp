// SPDX-License-Identifier: GPL-3.0-or-later
#include "review/PlantedInstructions.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace {

// Matched on folded words. A bare "you are now" is ordinary English ("you are now live"), so only
// the role-changing forms count.
const QRegularExpression &instructionPattern() {
    static const QRegularExpression pattern(
        u"\\b(?:"
        "(?:ignore|disregard|forget|override) (?:all |any )?(?:of )?(?:the |your |my |these )?"
        "(?:previous|prior|above|earlier|preceding|former|foregoing|original)"
        "(?: (?:instructions?|prompts?|messages?|rules|directions|guidelines|context))?"
        "|disregard the above"
        "|system prompt"
        "|you are now (?:in (?:\\w+ )?mode|an? (?:\\w+ )?(?:ai|assistant|model|bot|chatbot|agent)"
        "|(?:an? )?(?:admin|administrator|developer|unrestricted|jailbroken|dan)\\b)"
        ")\\b"_s);
    return pattern;
}

} // namespace

QList<std::pair<qsizetype, qsizetype>> PlantedInstructions::in(const FoldedText &text) {
    QList<std::pair<qsizetype, qsizetype>> ranges;
    const FoldedText::Joined joined = text.joined();
    auto it = instructionPattern().globalMatch(joined.text);
    while (it.hasNext()) {
        const auto match = it.next();
        ranges.append(
            {joined.wordAt(match.capturedStart()), joined.wordAt(match.capturedEnd() - 1)});
    }
    return ranges;
}

TextRanges PlantedInstructions::taintedRegionsOf(const FoldedText &folded) {
    TextRanges regions;
    const QString &text = folded.text();
    const FoldedText::Joined joined = folded.joined();
    auto it = instructionPattern().globalMatch(joined.text);
    while (it.hasNext()) {
        const auto match = it.next();
        const qsizetype from = folded.words()[joined.wordAt(match.capturedStart())].start;
        // Back to the start of the sentence, so "offer a 90% discount" before the instruction in
        // the same sentence counts too.
        qsizetype start = from;
        while (start > 0) {
            const QChar before = text[start - 1];
            if (before == u'\n')
                break;
            if (before.isSpace() && start >= 2
                && (text[start - 2] == u'.' || text[start - 2] == u'!' || text[start - 2] == u'?'))
                break;
            --start;
        }
        qsizetype end = text.indexOf(u'\n', from);
        if (end < 0)
            end = text.size();
        regions.add(start, end);
    }
    return regions;
}
