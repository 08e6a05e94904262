// SPDX-License-Identifier: GPL-3.0-or-later
#include "review/NumberWords.h"

#include <QHash>

#include <algorithm>
#include <functional>
#include <optional>

using namespace Qt::StringLiterals;

namespace {

enum class Role { Value, Hundred, Scale, Connector };

struct Token {
    Role role = Role::Value;
    double value = 0;
};

struct Lexicon {
    QString language;
    QHash<QString, Token> morphemes; // folded spellings, as FoldedText folds them
    qsizetype longest = 0;
    QString initials; // the letters a morpheme starts with: most words are rejected by them
};

Lexicon makeLexicon(const QString &language,
                    std::initializer_list<std::pair<const char *, double>> values,
                    std::initializer_list<const char *> hundreds,
                    std::initializer_list<std::pair<const char *, double>> scales,
                    std::initializer_list<const char *> connectors) {
    Lexicon lexicon{language, {}, 0, {}};
    auto add = [&](const char *spelling, Token token) {
        const QString key = QString::fromUtf8(spelling);
        lexicon.morphemes.insert(key, token);
        lexicon.longest = std::max(lexicon.longest, key.size());
        if (!lexicon.initials.contains(key.front()))
            lexicon.initials.append(key.front());
    };
    for (const auto &[spelling, value] : values)
        add(spelling, {Role::Value, value});
    for (const char *spelling : hundreds)
        add(spelling, {Role::Hundred, 100});
    for (const auto &[spelling, value] : scales)
        add(spelling, {Role::Scale, value});
    for (const char *spelling : connectors)
        add(spelling, {Role::Connector, 0});
    return lexicon;
}

// Morphemes rather than whole words: German, Swedish and Danish write a number as one word
// ("fünfhundertzwanzig"), and so does Spanish below thirty ("veinticinco"). Spellings are folded
// (no accents, "ß" as "ss", "å" as "a", "ø" as "o").
const QList<Lexicon> &lexicons() {
    static const QList<Lexicon> all{
        makeLexicon(u"en"_s,
                    {{"zero", 0},     {"one", 1},        {"two", 2},       {"three", 3},
                     {"four", 4},     {"five", 5},       {"six", 6},       {"seven", 7},
                     {"eight", 8},    {"nine", 9},       {"ten", 10},      {"eleven", 11},
                     {"twelve", 12},  {"thirteen", 13},  {"fourteen", 14}, {"fifteen", 15},
                     {"sixteen", 16}, {"seventeen", 17}, {"eighteen", 18}, {"nineteen", 19},
                     {"twenty", 20},  {"thirty", 30},    {"forty", 40},    {"fifty", 50},
                     {"sixty", 60},   {"seventy", 70},   {"eighty", 80},   {"ninety", 90}},
                    {"hundred"}, {{"thousand", 1e3}, {"million", 1e6}, {"billion", 1e9}}, {"and"}),
        makeLexicon(
            u"de"_s,
            {{"null", 0},     {"eins", 1},     {"ein", 1},      {"eine", 1},      {"zwei", 2},
             {"drei", 3},     {"vier", 4},     {"funf", 5},     {"sechs", 6},     {"sech", 6},
             {"sieben", 7},   {"sieb", 7},     {"acht", 8},     {"neun", 9},      {"zehn", 10},
             {"elf", 11},     {"zwolf", 12},   {"zwanzig", 20}, {"dreissig", 30}, {"vierzig", 40},
             {"funfzig", 50}, {"sechzig", 60}, {"siebzig", 70}, {"achtzig", 80},  {"neunzig", 90}},
            {"hundert"},
            {{"tausend", 1e3},
             {"million", 1e6},
             {"millionen", 1e6},
             {"milliarde", 1e9},
             {"milliarden", 1e9}},
            {"und"}),
        makeLexicon(u"fr"_s,
                    {{"zero", 0},         {"un", 1},           {"une", 1},        {"deux", 2},
                     {"trois", 3},        {"quatre", 4},       {"cinq", 5},       {"six", 6},
                     {"sept", 7},         {"huit", 8},         {"neuf", 9},       {"dix", 10},
                     {"onze", 11},        {"douze", 12},       {"treize", 13},    {"quatorze", 14},
                     {"quinze", 15},      {"seize", 16},       {"vingt", 20},     {"vingts", 20},
                     {"trente", 30},      {"quarante", 40},    {"cinquante", 50}, {"soixante", 60},
                     {"quatrevingt", 80}, {"quatrevingts", 80}},
                    {"cent", "cents"},
                    {{"mille", 1e3},
                     {"million", 1e6},
                     {"millions", 1e6},
                     {"milliard", 1e9},
                     {"milliards", 1e9}},
                    {"et"}),
        makeLexicon(u"es"_s,
                    {{"cero", 0},
                     {"un", 1},
                     {"uno", 1},
                     {"una", 1},
                     {"dos", 2},
                     {"tres", 3},
                     {"cuatro", 4},
                     {"cinco", 5},
                     {"seis", 6},
                     {"siete", 7},
                     {"ocho", 8},
                     {"nueve", 9},
                     {"diez", 10},
                     {"dieci", 10},
                     {"once", 11},
                     {"doce", 12},
                     {"trece", 13},
                     {"catorce", 14},
                     {"quince", 15},
                     {"veinte", 20},
                     {"veinti", 20},
                     {"treinta", 30},
                     {"cuarenta", 40},
                     {"cincuenta", 50},
                     {"sesenta", 60},
                     {"setenta", 70},
                     {"ochenta", 80},
                     {"noventa", 90},
                     {"cien", 100},
                     {"ciento", 100},
                     {"doscientos", 200},
                     {"doscientas", 200},
                     {"trescientos", 300},
                     {"trescientas", 300},
                     {"cuatrocientos", 400},
                     {"quinientos", 500},
                     {"seiscientos", 600},
                     {"setecientos", 700},
                     {"ochocientos", 800},
                     {"novecientos", 900}},
                    {}, {{"mil", 1e3}, {"millon", 1e6}, {"millones", 1e6}}, {"y"}),
        makeLexicon(
            u"sv"_s,
            {{"noll", 0},     {"en", 1},       {"ett", 1},      {"tva", 2},      {"tre", 3},
             {"fyra", 4},     {"fem", 5},      {"sex", 6},      {"sju", 7},      {"atta", 8},
             {"nio", 9},      {"tio", 10},     {"elva", 11},    {"tolv", 12},    {"tretton", 13},
             {"fjorton", 14}, {"femton", 15},  {"sexton", 16},  {"sjutton", 17}, {"arton", 18},
             {"nitton", 19},  {"tjugo", 20},   {"trettio", 30}, {"fyrtio", 40},  {"femtio", 50},
             {"sextio", 60},  {"sjuttio", 70}, {"attio", 80},   {"nittio", 90}},
            {"hundra"},
            {{"tusen", 1e3},
             {"miljon", 1e6},
             {"miljoner", 1e6},
             {"miljard", 1e9},
             {"miljarder", 1e9}},
            {}),
        makeLexicon(u"da"_s,
                    {{"nul", 0},        {"en", 1},       {"et", 1},          {"to", 2},
                     {"tre", 3},        {"fire", 4},     {"fem", 5},         {"seks", 6},
                     {"syv", 7},        {"otte", 8},     {"ni", 9},          {"ti", 10},
                     {"elleve", 11},    {"tolv", 12},    {"tretten", 13},    {"fjorten", 14},
                     {"femten", 15},    {"seksten", 16}, {"sytten", 17},     {"atten", 18},
                     {"nitten", 19},    {"tyve", 20},    {"tredive", 30},    {"fyrre", 40},
                     {"halvtreds", 50}, {"tres", 60},    {"halvfjerds", 70}, {"firs", 80},
                     {"halvfems", 90}},
                    {"hundrede"},
                    {{"tusind", 1e3},
                     {"million", 1e6},
                     {"millioner", 1e6},
                     {"milliard", 1e9},
                     {"milliarder", 1e9}},
                    {"og"}),
    };
    return all;
}

// `word` split into morphemes of `lexicon`, all of it; nullopt when it is no number word.
std::optional<QList<Token>> decompose(const QString &word, const Lexicon &lexicon) {
    if (word.isEmpty() || !lexicon.initials.contains(word.front()))
        return std::nullopt;
    // Longest morpheme first, with backtracking: "sechzehn" is "sech" + "zehn", "seks" is no
    // prefix of it in German.
    QList<std::optional<QList<Token>>> memo(word.size() + 1);
    QList<bool> done(word.size() + 1, false);
    std::function<std::optional<QList<Token>>(qsizetype)> from =
        [&](qsizetype at) -> std::optional<QList<Token>> {
        if (at == word.size())
            return QList<Token>{};
        if (done[at])
            return memo[at];
        done[at] = true;
        const qsizetype longest = std::min(lexicon.longest, word.size() - at);
        for (qsizetype length = longest; length > 0; --length) {
            const auto it = lexicon.morphemes.constFind(word.mid(at, length));
            if (it == lexicon.morphemes.cend())
                continue;
            if (auto rest = from(at + length)) {
                rest->prepend(*it);
                memo[at] = rest;
                return memo[at];
            }
        }
        return std::nullopt;
    };
    return from(0);
}

// The value of a run of morphemes: units and tens add up, "hundred" multiplies what comes before
// it, a scale closes a group ("zweihundertfünfzigtausend" is (2 × 100 + 50) × 1000).
std::optional<double> evaluate(const QList<Token> &tokens, bool &scaled) {
    double total = 0;
    double group = 0;
    bool any = false;
    for (const Token &token : tokens) {
        switch (token.role) {
        case Role::Value:
            group += token.value;
            any = true;
            break;
        case Role::Hundred:
            group = (group == 0 ? 1 : group) * 100;
            any = true;
            break;
        case Role::Scale:
            total += (group == 0 ? 1 : group) * token.value;
            group = 0;
            scaled = true;
            any = true;
            break;
        case Role::Connector:
            break;
        }
    }
    if (!any)
        return std::nullopt;
    return total + group;
}

bool onlyConnectors(const QList<Token> &tokens) {
    return std::all_of(tokens.cbegin(), tokens.cend(),
                       [](const Token &token) { return token.role == Role::Connector; });
}

// Two words belong to one number only when nothing but spaces and hyphens stands between them.
bool adjacent(const QString &text, qsizetype end, qsizetype start) {
    for (qsizetype i = end; i < start; ++i) {
        const QChar c = text[i];
        if (!c.isSpace() && c != u'-' && c != u'\u2010' && c != u'\u2011')
            return false;
    }
    return start - end <= 3;
}

} // namespace

QList<NumberWords::Match> NumberWords::find(const FoldedText &text) {
    QList<Match> matches;
    const QList<FoldedText::Word> &words = text.words();
    for (const Lexicon &lexicon : lexicons()) {
        qsizetype i = 0;
        while (i < words.size()) {
            std::optional<QList<Token>> first = decompose(words[i].folded, lexicon);
            if (!first || onlyConnectors(*first)) {
                ++i;
                continue;
            }
            QList<Token> tokens = *first;
            qsizetype last = i;
            // French writes eighty as "quatre-vingt(s)": two words, one morpheme.
            for (qsizetype j = i + 1; j < words.size(); ++j) {
                if (!adjacent(text.text(), words[j - 1].end, words[j].start))
                    break;
                std::optional<QList<Token>> next = decompose(words[j].folded, lexicon);
                if (!next)
                    break;
                if (lexicon.language == u"fr"_s && words[j - 1].folded == u"quatre"_s
                    && words[j].folded.startsWith(u"vingt"_s)) {
                    tokens.removeLast();
                    next = decompose(u"quatre"_s + words[j].folded, lexicon);
                }
                tokens += *next;
                last = j;
            }
            // A connector at the end belongs to the sentence, not the number ("thirty and").
            while (last > i && onlyConnectors(*decompose(words[last].folded, lexicon))) {
                tokens.removeLast();
                --last;
            }
            bool scaled = false;
            if (const std::optional<double> value = evaluate(tokens, scaled)) {
                matches.append({words[i].start, words[last].end, *value, lexicon.language, scaled});
            }
            i = last + 1;
        }
    }
    std::stable_sort(matches.begin(), matches.end(),
                     [](const Match &a, const Match &b) { return a.start < b.start; });
    return matches;
}
