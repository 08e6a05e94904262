// SPDX-License-Identifier: GPL-3.0-or-later
#include "review/OfferTerms.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace {

// Over folded words joined by single spaces (no accents, "ß" as "ss"). "Free" alone is too
// common ("feel free") to count; what is given for free is.
const QRegularExpression &offerPattern() {
    static const QRegularExpression pattern(
        u"\\b(?:"
        // English
        "discounts?|discounted|rebates?|\\d+ ?(?:percent |per cent )?off"
        "|(?:for|at) (?:no (?:extra )?(?:cost|charge)|free)|free of charge"
        "|free (?:trial|months?|weeks?|licen[cs]es?|seats?|upgrades?|setup|onboarding)"
        "|waive[ds]?|waiving|complimentary|money back"
        // German
        "|rabatte?s?|rabatt\\w*|preisnachlass\\w*|nachlass\\w*|skonto|kostenlose?[nrms]?"
        "|kostenfreie?[nrms]?|gratis|ohne aufpreis|gutschein\\w*|gutschrift\\w*"
        // French
        "|remises?|reductions?|rabais|gratuite?s?|gratuitement|offerte?s?|sans frais"
        "|ristournes?"
        // Spanish
        "|descuentos?|rebajas?|gratuit[oa]s?|sin (?:coste|costo|cargo)|bonificacion\\w*"
        // Swedish, Danish
        "|rabatten|rabat\\w*|kostnadsfri\\w*|gratis|uden beregning"
        ")\\b"_s);
    return pattern;
}

} // namespace

QList<OfferTerms::Match> OfferTerms::find(const FoldedText &text) {
    QList<Match> matches;
    const FoldedText::Joined joined = text.joined();
    for (auto it = offerPattern().globalMatch(joined.text); it.hasNext();) {
        const auto match = it.next();
        const qsizetype first = joined.wordAt(match.capturedStart());
        const qsizetype last = joined.wordAt(match.capturedEnd() - 1);
        matches.append({text.words()[first].start, text.words()[last].end});
    }
    // Japanese and Chinese are not split into words: 割引 (discount), 無料 (free), 値引き.
    static const QRegularExpression cjk(u"割引|無料|値引き?|折扣|免费"_s);
    for (auto it = cjk.globalMatch(text.text()); it.hasNext();) {
        const auto match = it.next();
        matches.append({match.capturedStart(), match.capturedEnd()});
    }
    return matches;
}
