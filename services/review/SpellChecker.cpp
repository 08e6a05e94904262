// SPDX-License-Identifier: GPL-3.0-or-later
#include "review/SpellChecker.h"

#include "domain/OutreachContext.h"

#include <QSettings>

using namespace Qt::StringLiterals;

namespace {

const auto PersonalWordsKey = "spelling/personalWords"_L1;
// Far more distinct words than a session's drafts have; the bound only stops a pasted novel
// from growing the cache for good.
constexpr qsizetype MaxCachedVerdicts = 50000;

bool isTypographicApostrophe(QChar c) {
    return c == u'\u2019' || c == u'\u02BC';
}

QString withPlainApostrophes(QStringView word) {
    QString result = word.toString();
    for (QChar &c : result) {
        if (isTypographicApostrophe(c))
            c = u'\'';
    }
    return result;
}

// "Brønstad's" → "Brønstad": a name is accepted in the possessive too.
QStringView withoutPossessive(QStringView word) {
    if (word.size() > 2 && (word.endsWith(u"'s") || word.endsWith(u"\u2019s")))
        return word.first(word.size() - 2);
    return word;
}

} // namespace

SpellChecker::SpellChecker(QSettings &settings, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
    , m_watcher(new QFutureWatcher<SpellDictionaries::Loaded>(this)) {
    // A watcher rather than QFuture::then(this, ...): Qt 6.4 asserts in a continuation whose
    // context object went before the future finished.
    connect(m_watcher, &QFutureWatcherBase::finished, this, [this] {
        // The watcher may report a load setLocale has moved on from, or one
        // waitForDictionary adopted already.
        if (!m_dictionary && m_unavailable.isEmpty() && m_loading.isValid()
            && m_loading.isFinished())
            adopt(m_loading.result());
    });
    const QStringList personal = m_settings.value(PersonalWordsKey).toStringList();
    for (const QString &word : personal)
        m_personal.insert(acceptKey(word));
}

void SpellChecker::setLocale(const QString &locale) {
    m_locale = locale;
    const QString name = SpellDictionaries::forLocale(locale);
    // Another ticket in the same language keeps the dictionary and the verdicts.
    if (!name.isEmpty() && name == m_dictionaryName && (m_dictionary || m_loading.isRunning()))
        return;
    m_dictionaryName = name;
    m_dictionary.reset();
    m_verdicts.clear();
    m_loading = {};
    if (name.isEmpty()) {
        m_unavailable =
            locale.trimmed().isEmpty()
                ? tr("No language to check in")
                : tr("No dictionary for %1").arg(SpellDictionaries::languageName(locale));
        emit changed();
        return;
    }
    m_unavailable.clear();
    m_loading = SpellDictionaries::load(SpellDictionaries::installed().value(name));
    if (m_loading.isFinished()) {
        adopt(m_loading.result());
        return;
    }
    emit changed(); // the last dictionary's marks go while this one loads
    m_watcher->setFuture(m_loading);
}

bool SpellChecker::waitForDictionary() {
    if (!m_dictionary && m_unavailable.isEmpty() && m_loading.isValid()) {
        m_loading.waitForFinished();
        adopt(m_loading.result());
    }
    return isReady();
}

void SpellChecker::adopt(const SpellDictionaries::Loaded &loaded) {
    m_dictionary = loaded.dictionary;
    m_verdicts.clear();
    if (!m_dictionary) {
        m_unavailable = tr("The %1 dictionary could not be read: %2")
                            .arg(SpellDictionaries::displayName(m_dictionaryName), loaded.error);
    }
    emit changed();
}

QString SpellChecker::acceptKey(QStringView word) {
    return withPlainApostrophes(word).toCaseFolded();
}

bool SpellChecker::isAccepted(QStringView word) const {
    for (const QStringView form : {word, withoutPossessive(word)}) {
        const QString key = acceptKey(form);
        if (m_accepted.contains(key) || m_personal.contains(key) || m_ignored.contains(key))
            return true;
    }
    return false;
}

bool SpellChecker::dictionaryAccepts(QStringView word) {
    const QString key = word.toString();
    if (const auto it = m_verdicts.constFind(key); it != m_verdicts.cend())
        return *it;
    // Dictionaries that know only the typewriter apostrophe get it too.
    bool correct = m_dictionary->spell(word);
    if (!correct && std::any_of(word.begin(), word.end(), isTypographicApostrophe))
        correct = m_dictionary->spell(withPlainApostrophes(word));
    if (m_verdicts.size() >= MaxCachedVerdicts)
        m_verdicts.clear();
    m_verdicts.insert(key, correct);
    return correct;
}

bool SpellChecker::isMisspelled(QStringView word) {
    if (!m_dictionary || isAccepted(word))
        return false;
    const QList<Range> parts = SpellTokenizer::parts(word);
    if (parts.isEmpty())
        return false;
    if (parts.size() == 1 && parts.first().length == word.size())
        return !dictionaryAccepts(word);
    // A compound the dictionary knows whole ("E-Mail") is fine; otherwise each part must be.
    if (dictionaryAccepts(word))
        return false;
    return std::any_of(parts.cbegin(), parts.cend(), [&](const Range &part) {
        const QStringView text = word.sliced(part.start, part.length);
        return !isAccepted(text) && !dictionaryAccepts(text);
    });
}

QList<SpellChecker::Range> SpellChecker::misspellings(QStringView text) {
    QList<Range> result;
    if (!m_dictionary)
        return result;
    const QList<Range> words = SpellTokenizer::words(text);
    for (const Range &found : words) {
        const QStringView word = text.sliced(found.start, found.length);
        if (!isMisspelled(word))
            continue;
        const QList<Range> parts = SpellTokenizer::parts(word);
        if (parts.size() == 1 && parts.first().length == word.size()) {
            result.append(found);
            continue;
        }
        for (const Range &part : parts) {
            const QStringView partText = word.sliced(part.start, part.length);
            if (!isAccepted(partText) && !dictionaryAccepts(partText))
                result.append({found.start + part.start, part.length});
        }
    }
    return result;
}

QStringList SpellChecker::suggestions(QStringView word, int limit) const {
    if (!m_dictionary || limit <= 0)
        return {};
    const bool typographic = std::any_of(word.begin(), word.end(), isTypographicApostrophe);
    QStringList result = m_dictionary->suggest(withPlainApostrophes(word), limit);
    if (typographic) {
        for (QString &suggestion : result)
            suggestion.replace(u'\'', u'\u2019');
    }
    return result;
}

void SpellChecker::setAcceptedWords(const QStringList &names) {
    QSet<QString> accepted;
    for (const QString &name : names) {
        const QList<Range> words = SpellTokenizer::words(name);
        for (const Range &word : words) {
            const QStringView text = QStringView(name).sliced(word.start, word.length);
            accepted.insert(acceptKey(text));
            for (const Range &part : SpellTokenizer::parts(text))
                accepted.insert(acceptKey(text.sliced(part.start, part.length)));
        }
    }
    if (accepted == m_accepted)
        return;
    m_accepted = std::move(accepted);
    emit changed();
}

QStringList SpellChecker::contextNames(const OutreachContext &context) {
    QStringList names{context.prospect.prospect.name, context.prospect.prospect.company,
                      context.project.name};
    names += context.project.products;
    if (context.ticket.assignee)
        names.append(context.ticket.assignee->name);
    names.removeAll(QString());
    return names;
}

void SpellChecker::ignore(const QString &word) {
    m_ignored.insert(acceptKey(word));
    emit changed();
}

void SpellChecker::addToPersonalWords(const QString &word) {
    // Read again first: another window's checker may have added words since.
    QStringList stored = m_settings.value(PersonalWordsKey).toStringList();
    if (!stored.contains(word)) {
        stored.append(word);
        m_settings.setValue(PersonalWordsKey, stored);
    }
    for (const QString &each : std::as_const(stored))
        m_personal.insert(acceptKey(each));
    emit changed();
}

QStringList SpellChecker::personalWords() const {
    return m_settings.value(PersonalWordsKey).toStringList();
}
