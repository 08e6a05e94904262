// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>

// Words and habits that spam filters and wary readers take as a sales blast: a list of phrases
// in English, German, French and Spanish ("free", "act now", "kostenlos", "gratuit",
// "gratis"…), "100%", words in capitals of five letters or more (shorter ones are usually
// acronyms: CRM, GDPR) and runs of exclamation marks. Phrases match whole words, ignoring case
// and accents.
class SpamTriggers {
public:
    // What `text` contains, each as written the first time it occurs, in order of appearance.
    static QStringList find(const QString &text);
};
