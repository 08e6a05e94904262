// SPDX-License-Identifier: GPL-3.0-or-later
#include "review/ComplianceChecker.h"

#include "review/BannedPhraseCheck.h"
#include "review/ContactDetailCheck.h"
#include "review/ContextFacts.h"
#include "review/DisclosureCheck.h"
#include "review/DraftText.h"
#include "review/FigureCheck.h"
#include "review/LengthCheck.h"
#include "review/NameCheck.h"
#include "review/OfferCheck.h"
#include "review/OptOutCheck.h"
#include "review/PlaceholderCheck.h"
#include "review/PlantedInstructionCheck.h"

#include <QCoreApplication>
#include <QSettings>

#include <algorithm>

using namespace Qt::StringLiterals;

using Kind = ComplianceFinding::Kind;
using Severity = ComplianceFinding::Severity;

ComplianceSettings ComplianceSettings::load(const QSettings &settings) {
    ComplianceSettings result;
    if (settings.contains(u"compliance/bannedPhrases"_s))
        result.bannedPhrases = settings.value(u"compliance/bannedPhrases"_s).toStringList();
    result.requiredOptOutLine = settings.value(u"compliance/optOutLine"_s).toString();
    bool ok = false;
    const int minLength = settings.value(u"compliance/minLength"_s).toInt(&ok);
    if (ok && minLength >= 0)
        result.minLength = minLength;
    const int maxLength = settings.value(u"compliance/maxLength"_s).toInt(&ok);
    if (ok && maxLength > 0)
        result.maxLength = maxLength;
    result.senderName = settings.value(u"compliance/senderName"_s).toString().trimmed();
    return result;
}

void ComplianceSettings::save(QSettings &settings) const {
    settings.setValue(u"compliance/bannedPhrases"_s, bannedPhrases);
    settings.setValue(u"compliance/optOutLine"_s, requiredOptOutLine);
    settings.setValue(u"compliance/minLength"_s, minLength);
    settings.setValue(u"compliance/maxLength"_s, maxLength);
    settings.setValue(u"compliance/senderName"_s, senderName);
}

std::optional<ComplianceFinding>
ComplianceChecker::refuseBeforeGeneration(const OutreachContext &context) {
    const ProspectHistory::Prospect &prospect = context.prospect.prospect;
    if (!prospect.doNotContact)
        return std::nullopt;
    return ComplianceFinding{Kind::DoNotContact, Severity::Blocking, prospect.name,
                             QCoreApplication::translate(
                                 "ComplianceChecker", "%1 is marked do-not-contact in the CRM: no "
                                                      "outreach may be sent to them.")
                                 .arg(prospect.name)};
}

QList<ComplianceFinding> ComplianceChecker::check(const QString &subject, const QString &message,
                                                  const OutreachContext &context,
                                                  const ComplianceSettings &settings,
                                                  const QString &repRequest) {
    QList<ComplianceFinding> findings;
    if (auto refused = refuseBeforeGeneration(context))
        findings.append(*refused);

    // A runaway answer (megabytes from an endpoint that would not stop) is no message: say so,
    // blocking, instead of spending seconds on checks whose verdict cannot change that.
    const qsizetype size = subject.size() + message.size();
    if (size > std::max<qsizetype>(UncheckedSizeLimit, qsizetype(settings.maxLength) * 10)) {
        findings.append(
            {Kind::TooLong, Severity::Blocking, QString::number(message.trimmed().size()),
             QCoreApplication::translate("ComplianceChecker",
                                         "The text has %1 characters, far more than a message "
                                         "(the maximum is %2). Cut it down to have it checked.")
                 .arg(message.trimmed().size())
                 .arg(settings.maxLength)});
        return findings;
    }

    const DraftText draft(subject, message);
    findings += PlaceholderCheck().check(draft);
    findings += BannedPhraseCheck(settings.bannedPhrases).check(draft);
    findings += OptOutCheck(settings.requiredOptOutLine).check(draft);
    findings += LengthCheck(settings.minLength, settings.maxLength).check(draft);
    const ContextFacts facts =
        ContextFacts::of(context, {repRequest, settings.requiredOptOutLine, settings.senderName});
    findings += FigureCheck(facts).check(draft);
    findings += ContactDetailCheck(facts).check(draft);
    findings += NameCheck(facts).check(draft);
    findings += OfferCheck(facts).check(draft);
    findings += PlantedInstructionCheck(facts).check(draft);
    findings += DisclosureCheck(facts).check(draft);
    return findings;
}
