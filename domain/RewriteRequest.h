// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringView>

#include <array>
#include <optional>

// What the rep asks of a rewrite: the change (shorter, warmer, …), the passage (a selection or the
// whole body), the draft around it for context, and for a translation the prospect's locale.
struct RewriteRequest {
    enum class Kind { Shorter, Warmer, MoreFormal, FixGrammar, Translate };
    static constexpr std::array Kinds{Kind::Shorter, Kind::Warmer, Kind::MoreFormal,
                                      Kind::FixGrammar, Kind::Translate};

    Kind kind = Kind::Shorter;
    QString passage;      // the text to rewrite, exactly as it stands in the draft
    QString draftSubject; // the model returns it unchanged
    QString draftBody;    // the whole body, the passage included
    QString targetLocale; // Translate: the prospect's locale ("de-DE", "fr_CA")

    // The passage is the whole body, which the prompt then sends only once.
    bool isWholeBody() const { return passage == draftBody; }

    // Wire names: "shorter", "warmer", "more_formal", "fix_grammar", "translate".
    static QString name(Kind kind);
    static std::optional<Kind> fromName(QStringView name);
    // The English name of the locale's language ("German"), the way a model reads it best; empty
    // for a locale that names no language.
    static QString languageName(const QString &locale);
    // The language's own name for itself ("Deutsch"); empty when the locale names no language.
    static QString nativeLanguageName(const QString &locale);
};
