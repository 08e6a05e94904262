// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "review/SpellDictionary.h"

#include <QCoreApplication>
#include <QFuture>
#include <QMap>
#include <QString>
#include <QStringList>

#include <memory>

// The Hunspell dictionaries installed on this computer: where they are, which one a locale gets,
// and the loaded ones, each read once (off the calling thread) and shared by every checker.
class SpellDictionaries {
    Q_DECLARE_TR_FUNCTIONS(SpellDictionaries)

public:
    struct Loaded {
        std::shared_ptr<const SpellDictionary> dictionary; // null when the files were unreadable
        QString error;
    };

    // The folders of OUTREACHGPT_DICTIONARY_PATH (separated by ':', ';' on Windows) first, then
    // the system's (/usr/share/hunspell, /usr/share/myspell; ~/Library/Spelling on macOS).
    static QStringList searchPaths();
    // Every dictionary found, name ("de_CH", "fr") to .aff path; a name in an earlier folder
    // hides the same name further on.
    static QMap<QString, QString> installed();
    // One name per distinct dictionary, sorted, for a menu: Debian installs most regional
    // variants as links to one pair of files (de_LU to de_DE, fr_CA to fr), and those collapse
    // into the name of the files they link to.
    static QStringList distinct();
    // The dictionary for a BCP-47 locale ("de-CH", "fr-CA", "en-SG"; POSIX "de_CH.UTF-8" too):
    // that region's, else the language's common one (en_US for en, de_DE for de, fr_FR or fr for
    // fr, ...), else any of the language. Empty when the language has none.
    static QString forLocale(const QString &locale);
    // "German (Switzerland)", "French": a dictionary name or locale for a menu.
    static QString displayName(const QString &nameOrLocale);
    // "Japanese": the language alone.
    static QString languageName(const QString &locale);

    // The dictionary at `affPath`, read on a worker thread the first time anyone asks for those
    // files (by their real path, so linked variants share one copy) and kept for the rest of the
    // run. Already finished when it was loaded before.
    static QFuture<Loaded> load(const QString &affPath);
};
