// SPDX-License-Identifier: GPL-3.0-or-later
#include "review/NameCheck.h"

#include "review/FoldedText.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

using Kind = ComplianceFinding::Kind;
using Severity = ComplianceFinding::Severity;

const QString honorifics =
    u"(?:(?:frau|herr|mr|mrs|ms|miss|mx|dr|prof|madame|monsieur|mme|mlle|m|señora|señor|sra"
    "|sr|srta|don|doña|pani|panie|pan|fru|herr)\\.?\\s+)*"_s;

// Words that greet a group, not a person.
bool greetsNoOne(const QStringList &words) {
    static const QSet<QString> group{
        u"there"_s,      u"team"_s,     u"all"_s,   u"everyone"_s,   u"everybody"_s, u"folks"_s,
        u"colleagues"_s, u"zusammen"_s, u"alle"_s,  u"allerseits"_s, u"tous"_s,      u"toutes"_s,
        u"equipe"_s,     u"todos"_s,    u"todas"_s, u"equipo"_s,     u"alla"_s,      u"allihopa"_s,
        u"allesammen"_s, u"teamet"_s,   u"sir"_s,   u"madam"_s,      u"wszystkim"_s, u"panstwo"_s};
    return std::any_of(words.cbegin(), words.cend(),
                       [](const QString &word) { return group.contains(word); });
}

// A person's name as written: one to four words, each starting with a capital, no digits.
QString asName(QString text) {
    static const QRegularExpression cut(u"\\s*(?:[|,;(–—]| - ).*$"_s);
    text.remove(cut);
    text = text.trimmed();
    while (!text.isEmpty() && QStringLiteral(".!:").contains(text.back()))
        text.chop(1);
    static const QRegularExpression name(
        u"^\\p{Lu}[\\p{L}\\p{M}'’.-]*(?:\\s+(?:(?:van|von|de|der|den|del|la|le|da|di|du)\\s+)?"
        "\\p{Lu}[\\p{L}\\p{M}'’.-]*){0,3}$"_s);
    return name.match(text).hasMatch() ? text : QString();
}

} // namespace

QString NameCheck::greetingName(const QString &line) {
    static const QRegularExpression greeting(
        u"^\\s*(?:hi|hello|hey|dear|good (?:morning|afternoon|evening)|hallo|liebe[rs]?"
        "|sehr geehrte[rs]?|guten (?:morgen|tag|abend)|moin|servus|grüezi|gruezi|bonjour"
        "|bonsoir|salut|cher|chère|chers|chères|hola|buenos días|buenas tardes|estimad[oa]s?"
        "|querid[oa]s?|hej|hejsan|hallå|god morgon|kære|dzień dobry|szanown[ay]|witam)"
        "(?![\\p{L}])[\\s,]*"_s
            + honorifics + u"(.*)$"_s,
        QRegularExpression::CaseInsensitiveOption);
    const auto match = greeting.match(line);
    if (!match.hasMatch())
        return {};
    const QString rest = match.captured(1);
    if (greetsNoOne(FoldedText::foldedWords(rest)) || rest.contains(u'[') || rest.contains(u'{'))
        return {};
    return asName(rest);
}

QString NameCheck::signOffName(const QStringList &lines) {
    static const QRegularExpression closing(
        u"^\\s*(?:best(?: regards| wishes)?|kind regards|warm regards|warmest regards|regards"
        "|many thanks|thanks(?: again)?|thank you|cheers|sincerely|yours(?: sincerely| truly)?"
        "|all the best|talk soon|viele grüße|beste grüße|liebe grüße|herzliche grüße"
        "|freundliche grüße|mit freundlichen grüßen|schöne grüße|gruß|grüße|cordialement"
        "|bien cordialement|bien à vous|salutations|amicalement|saludos(?: cordiales)?"
        "|un saludo|atentamente|un abrazo|med vänlig hälsning|vänliga hälsningar|hälsningar"
        "|mvh|med venlig hilsen|venlig hilsen|hilsen|pozdrawiam|z poważaniem)"
        "(?![\\p{L}])[\\s,.!]*(.*)$"_s,
        QRegularExpression::CaseInsensitiveOption);
    for (qsizetype i = lines.size() - 1; i >= 0; --i) {
        const auto match = closing.match(lines[i]);
        if (!match.hasMatch())
            continue;
        if (!match.captured(1).trimmed().isEmpty())
            return asName(match.captured(1));
        for (qsizetype j = i + 1; j < lines.size(); ++j) {
            if (!lines[j].trimmed().isEmpty())
                return asName(lines[j]);
        }
        return {};
    }
    return {};
}

bool NameCheck::known(const QString &name, const QStringList &people) {
    QStringList words = FoldedText::foldedWords(name);
    // Initials ("J. Smith") say too little to judge; titles and Japanese honorifics ("Satō-san")
    // are no part of the name.
    static const QSet<QString> titles{u"san"_s,  u"sama"_s, u"sensei"_s, u"kun"_s,     u"dono"_s,
                                      u"dr"_s,   u"prof"_s, u"mr"_s,     u"mrs"_s,     u"ms"_s,
                                      u"frau"_s, u"herr"_s, u"madame"_s, u"monsieur"_s};
    words.removeIf([](const QString &word) { return word.size() < 2 || titles.contains(word); });
    if (words.isEmpty())
        return true;
    return std::any_of(people.cbegin(), people.cend(), [&](const QString &person) {
        const QStringList known = FoldedText::foldedWords(person);
        return std::all_of(words.cbegin(), words.cend(),
                           [&](const QString &word) { return known.contains(word); });
    });
}

QList<ComplianceFinding> NameCheck::check(const DraftText &draft) const {
    QList<ComplianceFinding> findings;
    const QStringList lines = draft.message.text().split(u'\n');
    const auto first = std::find_if(lines.cbegin(), lines.cend(),
                                    [](const QString &line) { return !line.trimmed().isEmpty(); });
    if (first != lines.cend()) {
        // A greeting is the first line, or the first words of it ("Hi Anna, thanks for …").
        QString line = *first;
        const qsizetype comma = line.indexOf(u',');
        if (comma > 0)
            line.truncate(comma);
        const QString name = greetingName(line);
        if (!name.isEmpty() && !known(name, m_facts.people)) {
            findings.append(
                {Kind::UnknownName, Severity::Blocking, name,
                 QCoreApplication::translate(
                     "ComplianceChecker",
                     "The greeting names “%1”, who is neither the prospect, a contact on this "
                     "ticket nor you. Address the prospect.")
                     .arg(name)});
        }
    }
    // The rep's own name is what makes a sign-off checkable.
    const QString signer = signOffName(lines.mid(std::max<qsizetype>(0, lines.size() - 6)));
    if (m_facts.repKnown && !signer.isEmpty() && !known(signer, m_facts.team)) {
        findings.append(
            {Kind::UnknownName, Severity::Blocking, signer,
             QCoreApplication::translate(
                 "ComplianceChecker",
                 "The sign-off names “%1”, who is neither you nor a colleague on this ticket. "
                 "Sign with your own name.")
                 .arg(signer)});
    }
    return findings;
}
