// SPDX-License-Identifier: GPL-3.0-or-later
#include "domain/ProspectHistory.h"

#include "domain/JsonReader.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

Result<ProspectHistory> ProspectHistory::fromJson(const QJsonObject &json) {
    JsonReader reader(json, u"prospect"_s);
    ProspectHistory history;

    const QJsonObject prospectJson = reader.requiredObject(u"prospect"_s);
    JsonReader prospectReader(prospectJson, u"prospect"_s, {}, u"prospect."_s);
    Prospect &prospect = history.prospect;
    prospect.id = prospectReader.requiredString(u"id"_s);
    prospectReader.setEntityId(prospect.id);
    reader.setEntityId(prospect.id);
    prospect.name = prospectReader.requiredString(u"name"_s);
    prospect.title = prospectReader.optionalString(u"title"_s);
    prospect.company = prospectReader.optionalString(u"company"_s);
    prospect.email = prospectReader.optionalString(u"email"_s);
    prospect.timezone = prospectReader.optionalString(u"timezone"_s);
    prospect.locale = prospectReader.optionalString(u"locale"_s);
    prospect.doNotContact = prospectReader.optionalBool(u"do_not_contact"_s, false);
    reader.adopt(prospectReader);

    if (const auto preferencesJson = reader.optionalObject(u"preferences"_s)) {
        JsonReader nested(*preferencesJson, u"prospect"_s, prospect.id, u"preferences."_s);
        Preferences &preferences = history.preferences;
        preferences.channel = nested.optionalString(u"channel"_s);
        preferences.tone = nested.optionalString(u"tone"_s);
        preferences.bestTime = nested.optionalString(u"best_time"_s);
        preferences.topics = nested.optionalStringList(u"topics"_s);
        preferences.avoid = nested.optionalStringList(u"avoid"_s);
        reader.adopt(nested);
    }

    if (const auto outcomes = reader.optionalArray(u"past_outcomes"_s)) {
        for (qsizetype i = 0; i < outcomes->size() && reader.ok(); ++i) {
            const QString prefix = u"past_outcomes[%1]."_s.arg(i);
            if (!outcomes->at(i).isObject()) {
                reader.fail(u"past_outcomes[%1]"_s.arg(i), u"must be an object"_s);
                break;
            }
            JsonReader nested(outcomes->at(i).toObject(), u"prospect"_s, prospect.id, prefix);
            PastOutcome outcome;
            outcome.messageId = nested.requiredString(u"message_id"_s);
            outcome.sentAt = nested.requiredTimestamp(u"sent_at"_s);
            outcome.replied = nested.optionalBool(u"replied"_s, false);
            outcome.meetingBooked = nested.optionalBool(u"meeting_booked"_s, false);
            reader.adopt(nested);
            history.pastOutcomes.append(outcome);
        }
    }
    history.notes = reader.optionalString(u"notes"_s);

    if (!reader.ok())
        return reader.error();
    return history;
}

QJsonObject ProspectHistory::toJson() const {
    QJsonArray outcomes;
    for (const PastOutcome &outcome : pastOutcomes) {
        outcomes.append(QJsonObject{
            {u"message_id"_s, outcome.messageId},
            {u"sent_at"_s, JsonReader::timestampString(outcome.sentAt)},
            {u"replied"_s, outcome.replied},
            {u"meeting_booked"_s, outcome.meetingBooked},
        });
    }
    return QJsonObject{
        {u"prospect"_s,
         QJsonObject{
             {u"id"_s, prospect.id},
             {u"name"_s, prospect.name},
             {u"title"_s, prospect.title},
             {u"company"_s, prospect.company},
             {u"email"_s, prospect.email},
             {u"timezone"_s, prospect.timezone},
             {u"locale"_s, prospect.locale},
             {u"do_not_contact"_s, prospect.doNotContact},
         }},
        {u"preferences"_s,
         QJsonObject{
             {u"channel"_s, preferences.channel},
             {u"tone"_s, preferences.tone},
             {u"best_time"_s, preferences.bestTime},
             {u"topics"_s, QJsonArray::fromStringList(preferences.topics)},
             {u"avoid"_s, QJsonArray::fromStringList(preferences.avoid)},
         }},
        {u"past_outcomes"_s, outcomes},
        {u"notes"_s, notes},
    };
}
