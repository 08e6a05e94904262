// SPDX-License-Identifier: GPL-3.0-or-later
#include "domain/RewriteRequest.h"

#include "domain/EnumTable.h"

#include <QLocale>

namespace {

constexpr EnumTable kindNames{std::array{
    std::pair{RewriteRequest::Kind::Shorter, "shorter"},
    std::pair{RewriteRequest::Kind::Warmer, "warmer"},
    std::pair{RewriteRequest::Kind::MoreFormal, "more_formal"},
    std::pair{RewriteRequest::Kind::FixGrammar, "fix_grammar"},
    std::pair{RewriteRequest::Kind::Translate, "translate"},
}};

// The locale's language; nullopt when the text names none (QLocale falls back to C for those).
std::optional<QLocale> languageLocale(const QString &locale) {
    const QString trimmed = locale.trimmed();
    if (trimmed.isEmpty())
        return std::nullopt;
    const QLocale parsed(trimmed);
    if (parsed.language() == QLocale::C || parsed.language() == QLocale::AnyLanguage)
        return std::nullopt;
    return parsed;
}

} // namespace

QString RewriteRequest::name(Kind kind) {
    return kindNames.name(kind);
}

std::optional<RewriteRequest::Kind> RewriteRequest::fromName(QStringView name) {
    return kindNames.value(name.toString());
}

QString RewriteRequest::languageName(const QString &locale) {
    const std::optional<QLocale> parsed = languageLocale(locale);
    return parsed ? QLocale::languageToString(parsed->language()) : QString();
}

QString RewriteRequest::nativeLanguageName(const QString &locale) {
    const std::optional<QLocale> parsed = languageLocale(locale);
    return parsed ? parsed->nativeLanguageName() : QString();
}
