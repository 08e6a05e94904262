// SPDX-License-Identifier: GPL-3.0-or-later
#include "domain/PromptPreset.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

QList<PromptPreset::Kind> PromptPreset::all() {
    return {Kind::FirstOutreach, Kind::FollowUp, Kind::ReEngage, Kind::MeetingRequest,
            Kind::AnswerTicket};
}

QString PromptPreset::name(Kind kind) {
    switch (kind) {
    case Kind::FirstOutreach:
        return u"first_outreach"_s;
    case Kind::FollowUp:
        return u"follow_up"_s;
    case Kind::ReEngage:
        return u"re_engage"_s;
    case Kind::MeetingRequest:
        return u"meeting_request"_s;
    case Kind::AnswerTicket:
        return u"answer_ticket"_s;
    }
    return {};
}

std::optional<PromptPreset::Kind> PromptPreset::fromName(QStringView name) {
    for (const Kind kind : all()) {
        if (PromptPreset::name(kind) == name)
            return kind;
    }
    return std::nullopt;
}

QString PromptPreset::label(Kind kind) {
    switch (kind) {
    case Kind::FirstOutreach:
        return QCoreApplication::translate("PromptPreset", "First outreach");
    case Kind::FollowUp:
        return QCoreApplication::translate("PromptPreset", "Follow-up");
    case Kind::ReEngage:
        return QCoreApplication::translate("PromptPreset", "Re-engage");
    case Kind::MeetingRequest:
        return QCoreApplication::translate("PromptPreset", "Meeting request");
    case Kind::AnswerTicket:
        return QCoreApplication::translate("PromptPreset", "Answer the ticket");
    }
    return {};
}

QString PromptPreset::request(Kind kind) {
    switch (kind) {
    case Kind::FirstOutreach:
        return QCoreApplication::translate(
            "PromptPreset", "Write a first outreach email introducing how we can help with this "
                            "ticket's project, tailored to the prospect's role and priorities.");
    case Kind::FollowUp:
        return QCoreApplication::translate(
            "PromptPreset", "Write a follow-up to our last conversation that moves the ticket "
                            "forward and ends with one clear next step.");
    case Kind::ReEngage:
        return QCoreApplication::translate(
            "PromptPreset", "The prospect has gone quiet. Write a short, low-pressure email to "
                            "re-engage them, with something new and useful for them.");
    case Kind::MeetingRequest:
        return QCoreApplication::translate(
            "PromptPreset", "Ask for a 30-minute meeting to go through the open questions, "
                            "proposing two times that suit the prospect's preferred hours.");
    case Kind::AnswerTicket:
        return QCoreApplication::translate(
            "PromptPreset", "Answer the question in this ticket directly and completely, using "
                            "only facts from the CRM data.");
    }
    return {};
}
