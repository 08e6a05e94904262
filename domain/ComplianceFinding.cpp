// SPDX-License-Identifier: GPL-3.0-or-later
#include "domain/ComplianceFinding.h"

#include "domain/EnumTable.h"

#include <QCoreApplication>

namespace {

constexpr EnumTable kindNames{std::array{
    std::pair{ComplianceFinding::Kind::DoNotContact, "do_not_contact"},
    std::pair{ComplianceFinding::Kind::Placeholder, "placeholder"},
    std::pair{ComplianceFinding::Kind::BannedPhrase, "banned_phrase"},
    std::pair{ComplianceFinding::Kind::MissingOptOut, "missing_opt_out"},
    std::pair{ComplianceFinding::Kind::TooShort, "too_short"},
    std::pair{ComplianceFinding::Kind::TooLong, "too_long"},
    std::pair{ComplianceFinding::Kind::UnverifiedFigure, "unverified_figure"},
    std::pair{ComplianceFinding::Kind::OutsiderFact, "outsider_fact"},
    std::pair{ComplianceFinding::Kind::MismatchedFigure, "mismatched_figure"},
    std::pair{ComplianceFinding::Kind::UnknownName, "unknown_name"},
    std::pair{ComplianceFinding::Kind::UnrequestedOffer, "unrequested_offer"},
    std::pair{ComplianceFinding::Kind::Disclosure, "disclosure"},
    std::pair{ComplianceFinding::Kind::UnknownContextId, "unknown_context_id"},
    std::pair{ComplianceFinding::Kind::InjectionEcho, "injection_echo"},
    std::pair{ComplianceFinding::Kind::IncompleteDraft, "incomplete_draft"},
}};

constexpr EnumTable severityNames{std::array{
    std::pair{ComplianceFinding::Severity::Blocking, "blocking"},
    std::pair{ComplianceFinding::Severity::Warning, "warning"},
}};

} // namespace

QString ComplianceFinding::kindName(Kind kind) {
    return kindNames.name(kind);
}

std::optional<ComplianceFinding::Kind> ComplianceFinding::kindFromName(const QString &name) {
    return kindNames.value(name);
}

QString ComplianceFinding::severityName(Severity severity) {
    return severityNames.name(severity);
}

std::optional<ComplianceFinding::Severity>
ComplianceFinding::severityFromName(const QString &name) {
    return severityNames.value(name);
}

QString ComplianceFinding::kindLabel(Kind kind) {
    switch (kind) {
    case Kind::DoNotContact:
        return QCoreApplication::translate("ComplianceFinding", "Do not contact");
    case Kind::Placeholder:
        return QCoreApplication::translate("ComplianceFinding", "Unfilled placeholder");
    case Kind::BannedPhrase:
        return QCoreApplication::translate("ComplianceFinding", "Banned phrase");
    case Kind::MissingOptOut:
        return QCoreApplication::translate("ComplianceFinding", "Missing opt-out line");
    case Kind::TooShort:
        return QCoreApplication::translate("ComplianceFinding", "Too short");
    case Kind::TooLong:
        return QCoreApplication::translate("ComplianceFinding", "Too long");
    case Kind::UnverifiedFigure:
        return QCoreApplication::translate("ComplianceFinding", "Unverified figure");
    case Kind::OutsiderFact:
        return QCoreApplication::translate("ComplianceFinding", "Only in outsider text");
    case Kind::MismatchedFigure:
        return QCoreApplication::translate("ComplianceFinding", "Figure does not match");
    case Kind::UnknownName:
        return QCoreApplication::translate("ComplianceFinding", "Unknown name");
    case Kind::UnrequestedOffer:
        return QCoreApplication::translate("ComplianceFinding", "Unrequested offer");
    case Kind::Disclosure:
        return QCoreApplication::translate("ComplianceFinding", "Internal text quoted");
    case Kind::UnknownContextId:
        return QCoreApplication::translate("ComplianceFinding", "Unknown context reference");
    case Kind::InjectionEcho:
        return QCoreApplication::translate("ComplianceFinding", "Instructions from CRM data");
    case Kind::IncompleteDraft:
        return QCoreApplication::translate("ComplianceFinding", "Incomplete draft");
    }
    return {};
}

QString ComplianceFinding::severityLabel(Severity severity) {
    switch (severity) {
    case Severity::Blocking:
        return QCoreApplication::translate("ComplianceFinding", "Blocking");
    case Severity::Warning:
        return QCoreApplication::translate("ComplianceFinding", "Warning");
    }
    return {};
}
