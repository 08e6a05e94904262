// SPDX-License-Identifier: GPL-3.0-or-later
#include "review/SpellDictionaries.h"

#include <QDir>
#include <QFileInfo>
#include <QHash>
#include <QLocale>
#include <QMutex>
#include <QPromise>
#include <QRegularExpression>
#include <QThreadPool>

using namespace Qt::StringLiterals;

namespace {

struct Registry {
    QMutex mutex;
    QHash<QString, QFuture<SpellDictionaries::Loaded>> loads; // by canonical .aff path
};

Registry &registry() {
    static Registry instance;
    return instance;
}

// "de-CH" and "de_CH.UTF-8" → {"de", "CH"}; a script subtag ("sr-Latn-RS") is skipped.
std::pair<QString, QString> languageAndRegion(QString locale) {
    locale = locale.section(u'.', 0, 0).section(u'@', 0, 0).trimmed();
    const QStringList parts = locale.split(QRegularExpression(u"[-_]"_s), Qt::SkipEmptyParts);
    if (parts.isEmpty())
        return {};
    QString region;
    for (qsizetype i = 1; i < parts.size(); ++i) {
        const QString &part = parts.at(i);
        const bool letters = part.size() == 2 && part.at(0).isLetter() && part.at(1).isLetter();
        const bool digits = part.size() == 3 && part.at(0).isDigit();
        if (letters || digits) {
            region = part.toUpper();
            break;
        }
    }
    return {parts.first().toLower(), region};
}

// The dictionary most writers of a language use, where it is not simply ll_LL.
QString commonRegion(const QString &language) {
    static const QHash<QString, QString> regions{
        {u"en"_s, u"US"_s}, {u"sv"_s, u"SE"_s}, {u"da"_s, u"DK"_s}, {u"pt"_s, u"PT"_s},
        {u"nb"_s, u"NO"_s}, {u"nn"_s, u"NO"_s}, {u"cs"_s, u"CZ"_s}, {u"el"_s, u"GR"_s},
        {u"uk"_s, u"UA"_s}, {u"ca"_s, u"ES"_s}, {u"gl"_s, u"ES"_s}, {u"eu"_s, u"ES"_s},
        {u"ga"_s, u"IE"_s}, {u"he"_s, u"IL"_s}, {u"ko"_s, u"KR"_s}, {u"sl"_s, u"SI"_s},
        {u"et"_s, u"EE"_s}, {u"vi"_s, u"VN"_s}, {u"hi"_s, u"IN"_s}, {u"ar"_s, u"SA"_s},
    };
    return regions.value(language, language.toUpper());
}

QString nameOf(const QString &language, const QString &region) {
    return region.isEmpty() ? language : language + u'_' + region;
}

} // namespace

QStringList SpellDictionaries::searchPaths() {
    QStringList paths;
    const QString custom = qEnvironmentVariable("OUTREACHGPT_DICTIONARY_PATH");
    for (const QString &path : custom.split(QDir::listSeparator(), Qt::SkipEmptyParts))
        paths.append(QDir::cleanPath(path));
#if defined(Q_OS_MACOS)
    paths.append(QDir::homePath() + u"/Library/Spelling"_s);
    paths.append(u"/Library/Spelling"_s);
#endif
    paths.append(
        {u"/usr/share/hunspell"_s, u"/usr/share/myspell"_s, u"/usr/share/myspell/dicts"_s});
    return paths;
}

QMap<QString, QString> SpellDictionaries::installed() {
    QMap<QString, QString> found;
    for (const QString &path : searchPaths()) {
        const QDir dir(path);
        const QStringList affs = dir.entryList({u"*.aff"_s}, QDir::Files | QDir::Readable);
        for (const QString &aff : affs) {
            const QString name = QFileInfo(aff).completeBaseName();
            // A hyphenation or thesaurus file next to the dictionaries is not one of them.
            if (found.contains(name) || !dir.exists(name + u".dic"_s))
                continue;
            found.insert(name, dir.filePath(aff));
        }
    }
    return found;
}

QStringList SpellDictionaries::distinct() {
    const QMap<QString, QString> all = installed();
    QMap<QString, QStringList> byFile; // canonical .aff path → the names that reach it
    for (auto it = all.cbegin(); it != all.cend(); ++it)
        byFile[QFileInfo(it.value()).canonicalFilePath()].append(it.key());
    QStringList names;
    for (auto it = byFile.cbegin(); it != byFile.cend(); ++it) {
        const QStringList &group = it.value();
        const QString fileName = QFileInfo(it.key()).completeBaseName();
        QString chosen = group.first();
        if (group.contains(fileName)) {
            chosen = fileName;
        } else {
            for (const QString &name : group) {
                const auto [language, region] = languageAndRegion(name);
                if (region == commonRegion(language))
                    chosen = name;
            }
        }
        names.append(chosen);
    }
    names.sort();
    return names;
}

QString SpellDictionaries::forLocale(const QString &locale) {
    const auto [language, region] = languageAndRegion(locale);
    if (language.isEmpty())
        return {};
    const QMap<QString, QString> all = installed();
    for (const QString &name :
         {nameOf(language, region), nameOf(language, commonRegion(language)), language}) {
        if (all.contains(name))
            return name;
    }
    // Any other region of the language, the first in sorted order so the choice is stable.
    for (auto it = all.cbegin(); it != all.cend(); ++it) {
        if (languageAndRegion(it.key()).first == language)
            return it.key();
    }
    return {};
}

QString SpellDictionaries::displayName(const QString &nameOrLocale) {
    const auto [language, region] = languageAndRegion(nameOrLocale);
    const QLocale locale(nameOf(language, region));
    if (locale.language() == QLocale::C)
        return nameOrLocale;
    const QString languageText = QLocale::languageToString(locale.language());
    if (region.isEmpty())
        return languageText;
    return u"%1 (%2)"_s.arg(languageText, QLocale::territoryToString(locale.territory()));
}

QString SpellDictionaries::languageName(const QString &locale) {
    const QLocale parsed(languageAndRegion(locale).first);
    return parsed.language() == QLocale::C ? locale : QLocale::languageToString(parsed.language());
}

QFuture<SpellDictionaries::Loaded> SpellDictionaries::load(const QString &affPath) {
    const QString canonical = QFileInfo(affPath).canonicalFilePath();
    if (canonical.isEmpty()) {
        return QtFuture::makeReadyFuture(
            Loaded{nullptr, tr("%1 does not exist").arg(QDir::toNativeSeparators(affPath))});
    }
    Registry &shared = registry();
    const QMutexLocker lock(&shared.mutex);
    if (const auto it = shared.loads.constFind(canonical); it != shared.loads.cend())
        return *it;
    auto promise = std::make_shared<QPromise<Loaded>>();
    QFuture<Loaded> future = promise->future();
    shared.loads.insert(canonical, future);
    promise->start();
    QThreadPool::globalInstance()->start([promise, canonical] {
        Loaded loaded;
        loaded.dictionary = SpellDictionary::load(canonical, &loaded.error);
        promise->addResult(std::move(loaded));
        promise->finish();
    });
    return future;
}
