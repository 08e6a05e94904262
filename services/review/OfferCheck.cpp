// SPDX-License-Identifier: GPL-3.0-or-later
#include "review/OfferCheck.h"

#include "review/OfferTerms.h"

#include <QCoreApplication>

namespace {

using Kind = ComplianceFinding::Kind;
using Severity = ComplianceFinding::Severity;

} // namespace

QList<ComplianceFinding> OfferCheck::check(const DraftText &draft) const {
    QList<ComplianceFinding> findings;
    const ContextFacts::Offer *outsider = nullptr;
    for (const ContextFacts::Offer &offer : m_facts.offers) {
        const ContextSource &source = m_facts.sources.at(offer.source);
        if (source.trusted() && source.speaksForTheTeam())
            return findings;
        if (!source.trusted() && !outsider)
            outsider = &offer;
    }
    for (const FoldedText *part : draft.parts()) {
        const QList<OfferTerms::Match> offers = OfferTerms::find(*part);
        if (offers.isEmpty())
            continue;
        const QString written =
            part->text().mid(offers.first().start, offers.first().end - offers.first().start);
        if (outsider) {
            findings.append(
                {Kind::InjectionEcho, Severity::Blocking, written,
                 QCoreApplication::translate(
                     "ComplianceChecker",
                     "The draft makes an offer (“%1”) that only text an outsider wrote asks for "
                     "(%2). Remove it; if you do mean to make an offer, say so in your request.")
                     .arg(written,
                          m_facts.excerpt(outsider->source, outsider->start, outsider->end))});
        } else {
            findings.append(
                {Kind::UnrequestedOffer, Severity::Warning, written,
                 QCoreApplication::translate(
                     "ComplianceChecker",
                     "The draft makes an offer (“%1”) that neither your request nor the CRM's "
                     "own data mentions; make sure you mean to make it.")
                     .arg(written)});
        }
        break;
    }
    return findings;
}
