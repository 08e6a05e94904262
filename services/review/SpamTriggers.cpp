// SPDX-License-Identifier: GPL-3.0-or-later
#include "review/SpamTriggers.h"

#include "review/FoldedText.h"

#include <QHash>
#include <QList>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>
#include <utility>

using namespace Qt::StringLiterals;

namespace {

// Several languages in one list: a rep writing German may still paste an English line, and the
// filters read every language at once.
constexpr const char16_t *Phrases[] = {
    // English
    u"free",
    u"for free",
    u"guarantee",
    u"guaranteed",
    u"act now",
    u"risk-free",
    u"no risk",
    u"urgent",
    u"limited time",
    u"click here",
    u"buy now",
    u"order now",
    u"apply now",
    u"no obligation",
    u"no cost",
    u"winner",
    u"congratulations",
    u"cash",
    u"cheap",
    u"best price",
    u"lowest price",
    u"special promotion",
    u"exclusive deal",
    u"last chance",
    u"once in a lifetime",
    u"offer expires",
    u"don't miss",
    u"double your",
    u"earn money",
    u"amazing",
    u"incredible",
    u"miracle",
    // German
    u"kostenlos",
    u"kostenlose",
    u"kostenloses",
    u"kostenlosen",
    u"gratis",
    u"garantiert",
    u"Garantie",
    u"dringend",
    u"jetzt kaufen",
    u"jetzt handeln",
    u"jetzt zugreifen",
    u"nur heute",
    u"risikofrei",
    u"ohne Risiko",
    u"Gewinn",
    u"gewinnen",
    u"Sonderangebot",
    u"einmalig",
    u"Rabatt",
    u"billig",
    u"zeitlich begrenzt",
    u"letzte Chance",
    u"hier klicken",
    u"Glückwunsch",
    u"Herzlichen Glückwunsch",
    // French
    u"gratuit",
    u"gratuite",
    u"gratuits",
    u"gratuites",
    u"gratuitement",
    u"garanti",
    u"garantie",
    u"offre limitée",
    u"sans risque",
    u"sans engagement",
    u"cliquez ici",
    u"achetez maintenant",
    u"dernière chance",
    u"félicitations",
    u"gagnez",
    u"meilleur prix",
    u"prix imbattable",
    u"exclusif",
    u"promotion",
    u"agissez maintenant",
    // Spanish
    u"garantizado",
    u"garantía",
    u"urgente",
    u"oferta limitada",
    u"sin riesgo",
    u"sin compromiso",
    u"sin costo",
    u"haga clic aquí",
    u"compre ahora",
    u"última oportunidad",
    u"felicidades",
    u"gane",
    u"promoción",
    u"exclusivo",
    u"mejor precio",
    u"por tiempo limitado",
    u"increíble",
};

// Common, harmless phrases that contain a trigger word: "feel free to reply" is not a pitch.
constexpr const char16_t *Harmless[] = {u"feel free", u"free time"};

struct Phrase {
    QStringList words;
    bool harmless = false;
};

// Phrases by their first folded word, longest first, so a longer phrase claims its words
// before a shorter one inside it ("risk-free" before "free").
const QHash<QString, QList<Phrase>> &phrasesByFirstWord() {
    static const QHash<QString, QList<Phrase>> byFirst = [] {
        QHash<QString, QList<Phrase>> map;
        const auto add = [&map](const char16_t *text, bool harmless) {
            const QStringList words = FoldedText::foldedWords(QString::fromUtf16(text));
            if (!words.isEmpty())
                map[words.first()].append({words, harmless});
        };
        for (const char16_t *phrase : Phrases)
            add(phrase, false);
        for (const char16_t *phrase : Harmless)
            add(phrase, true);
        for (QList<Phrase> &list : map) {
            std::stable_sort(list.begin(), list.end(), [](const Phrase &a, const Phrase &b) {
                return a.words.size() > b.words.size();
            });
        }
        return map;
    }();
    return byFirst;
}

bool isShouted(QStringView word) {
    int letters = 0;
    for (const QChar c : word) {
        if (!c.isLetter())
            continue;
        if (!c.isUpper())
            return false;
        ++letters;
    }
    return letters >= 5;
}

} // namespace

QStringList SpamTriggers::find(const QString &text) {
    // (position, as written), sorted at the end so the list reads in the text's order.
    QList<std::pair<qsizetype, QString>> found;

    const FoldedText folded(text);
    const QList<FoldedText::Word> &words = folded.words();
    const QHash<QString, QList<Phrase>> &byFirst = phrasesByFirstWord();
    QList<bool> claimed(words.size(), false);
    for (qsizetype i = 0; i < words.size(); ++i) {
        if (claimed[i])
            continue;
        const auto candidates = byFirst.constFind(words[i].folded);
        if (candidates == byFirst.constEnd())
            continue;
        for (const Phrase &phrase : *candidates) {
            const qsizetype n = phrase.words.size();
            if (i + n > words.size())
                continue;
            bool same = true;
            for (qsizetype j = 1; j < n && same; ++j)
                same = words[i + j].folded == phrase.words[j];
            if (!same)
                continue;
            for (qsizetype j = 0; j < n; ++j)
                claimed[i + j] = true;
            if (!phrase.harmless)
                found.append({words[i].start, folded.quote(i, i + n - 1)});
            break;
        }
    }

    for (const FoldedText::Word &word : words) {
        const QStringView written = QStringView(text).sliced(word.start, word.end - word.start);
        if (isShouted(written))
            found.append({word.start, written.toString()});
    }

    static const QRegularExpression hundredPercent(u"(?<![\\d.,])100\\s?%"_s);
    for (auto it = hundredPercent.globalMatch(text); it.hasNext();) {
        const QRegularExpressionMatch match = it.next();
        found.append({match.capturedStart(), match.captured()});
    }
    static const QRegularExpression exclamations(u"[!！]{2,}"_s);
    for (auto it = exclamations.globalMatch(text); it.hasNext();) {
        const QRegularExpressionMatch match = it.next();
        found.append({match.capturedStart(), u"!!"_s});
    }

    std::stable_sort(found.begin(), found.end(),
                     [](const auto &a, const auto &b) { return a.first < b.first; });
    QStringList names;
    QSet<QString> seen;
    for (const auto &[position, name] : std::as_const(found)) {
        const QString key = name.toCaseFolded();
        if (!seen.contains(key)) {
            seen.insert(key);
            names.append(name);
        }
    }
    return names;
}
