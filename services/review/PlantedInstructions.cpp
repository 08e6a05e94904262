// SPDX-License-Identifier: GPL-3.0-or-later
#include "review/PlantedInstructions.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace {

// Matched on folded words (no accents, "ß" as "ss"). A bare "you are now" is ordinary English
// ("you are now live"), so only the role-changing forms count. These phrases only add to what
// provenance finds: a draft that acts on outsider text is caught whatever the text says.
const QRegularExpression &instructionPattern() {
    static const QRegularExpression pattern(
        u"\\b(?:"
        // English
        "(?:ignore|disregard|forget|override) (?:all |any )?(?:of )?(?:the |your |my |these )?"
        "(?:previous|prior|above|earlier|preceding|former|foregoing|original)"
        "(?: (?:instructions?|prompts?|messages?|rules|directions|guidelines|context))?"
        "|(?:ignore|disregard|forget) (?:everything|all|anything) (?:above|before|said|so far)"
        "|disregard the above"
        "|system prompt"
        "|new instructions? (?:for|to) (?:the |you )?(?:ai|assistant|model|bot|chatbot|agent|llm)"
        "|(?:note|message|instructions?) (?:for|to) (?:the )?(?:ai|assistant|language model|llm)"
        "|you are now (?:in (?:\\w+ )?mode|an? (?:\\w+ )?(?:ai|assistant|model|bot|chatbot|agent)"
        "|(?:an? )?(?:admin|administrator|developer|unrestricted|jailbroken|dan)\\b)"
        // German
        "|(?:ignoriere|ignorieren sie|ignoriert|vergiss|vergessen sie|missachte|missachten sie)"
        " (?:bitte )?(?:alle |alles |die )?(?:vorherigen|bisherigen|obigen|vorigen|oben|davor|"
        "vorangegangenen)"
        "|neue (?:anweisungen|anweisung|instruktionen) (?:fur|an) (?:den |die |das )?"
        "(?:ki|assistenten|assistent|modell|bot|sprachmodell)"
        "|systemprompt|system prompt"
        // French
        "|(?:ignore|ignorez|oublie|oubliez) (?:toutes |tout )?(?:les |ce qui )?(?:instructions |"
        "consignes )?(?:precedentes|precede|ci dessus|anterieures)"
        "|nouvelles (?:instructions|consignes) (?:pour|a) (?:l |le |la )?(?:ia|assistant|modele)"
        // Spanish
        "|(?:ignora|ignore|ignorad|olvida|olvide) (?:todas |todo )?(?:las |lo )?(?:instrucciones )?"
        "(?:anteriores|anterior|previas|de arriba)"
        "|nuevas instrucciones (?:para|al) (?:el |la )?(?:ia|asistente|modelo)"
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
