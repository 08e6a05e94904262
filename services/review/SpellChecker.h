// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "review/SpellDictionaries.h"
#include "review/SpellTokenizer.h"

#include <QFuture>
#include <QFutureWatcher>
#include <QHash>
#include <QObject>
#include <QSet>
#include <QString>
#include <QStringList>

#include <memory>

class QSettings;
struct OutreachContext;

// Which words of a draft are misspelled in one language, and what they could be instead. Words the
// rep added to the personal list, ignored for this run, or that are the CRM's names for the
// ticket (the prospect, the company, the products) are never flagged.
class SpellChecker : public QObject {
    Q_OBJECT
public:
    using Range = SpellTokenizer::Word;

    // The personal words are read from and added to `settings` ("spelling/personalWords"), which
    // must outlive the checker.
    explicit SpellChecker(QSettings &settings, QObject *parent = nullptr);

    // Checks in the dictionary for a BCP-47 locale ("de-CH"; SpellDictionaries::forLocale),
    // loading it in the background the first time any checker needs it. Until it is loaded, and
    // when the language has no dictionary, nothing is flagged.
    void setLocale(const QString &locale);
    QString locale() const { return m_locale; }
    // The dictionary chosen ("de_CH"), or empty when the locale's language has none.
    QString dictionaryName() const { return m_dictionaryName; }
    bool isReady() const { return m_dictionary != nullptr; }
    // Waits for the dictionary in loading; whether there is one to check with.
    bool waitForDictionary();
    // Why nothing is flagged ("No dictionary for Japanese"), or empty when checking or loading.
    QString unavailableReason() const { return m_unavailable; }

    // The misspelled words of `text` (a hyphenated word's misspelled parts), in order.
    QList<Range> misspellings(QStringView text);
    bool isMisspelled(QStringView word);
    // Up to `limit` replacements for a misspelled word, best first, in its apostrophe style.
    QStringList suggestions(QStringView word, int limit = 6) const;

    // The words never flagged for the ticket at hand (replacing the last ticket's); every word
    // of each name counts, so "Ødegaard-Brønstad Consulting" needs no single entry of its own.
    void setAcceptedWords(const QStringList &names);
    // The names of a ticket's context that are not in any dictionary: the prospect's name parts,
    // the company, the project, its products and the ticket's assignee.
    static QStringList contextNames(const OutreachContext &context);
    // Accepted for the rest of this run, in every ticket.
    void ignore(const QString &word);
    // Accepted from now on, kept in the settings.
    void addToPersonalWords(const QString &word);
    QStringList personalWords() const;

signals:
    // Verdicts changed: the dictionary finished loading or was swapped, or a word was accepted.
    void changed();

private:
    // The key words are accepted by: case and apostrophe style do not matter.
    static QString acceptKey(QStringView word);
    bool isAccepted(QStringView word) const;
    bool dictionaryAccepts(QStringView word);
    void adopt(const SpellDictionaries::Loaded &loaded);

    QSettings &m_settings;
    QString m_locale;
    QString m_dictionaryName;
    QString m_unavailable;
    std::shared_ptr<const SpellDictionary> m_dictionary;
    QFuture<SpellDictionaries::Loaded> m_loading;
    QFutureWatcher<SpellDictionaries::Loaded> *m_watcher;
    QHash<QString, bool> m_verdicts; // the dictionary's, cached: a block is re-checked per key
    QSet<QString> m_accepted;
    QSet<QString> m_ignored;
    QSet<QString> m_personal;
};
