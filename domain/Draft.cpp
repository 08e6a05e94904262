// SPDX-License-Identifier: GPL-3.0-or-later
#include "domain/Draft.h"

#include <QCryptographicHash>

using namespace Qt::StringLiterals;

bool Draft::isEmpty() const {
    return prompt.trimmed().isEmpty() && subject.trimmed().isEmpty() && body.trimmed().isEmpty()
           && !response && savedMessageId.isEmpty();
}

QString Draft::fingerprint(const QString &subject, const QString &body) {
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(subject.toUtf8());
    hash.addData(QByteArrayView("\0", 1));
    hash.addData(body.toUtf8());
    return QString::fromLatin1(hash.result().toHex());
}

bool Draft::savedTextIsCurrent() const {
    return !savedMessageId.isEmpty() && savedFingerprint == fingerprint(subject, body);
}

QJsonObject Draft::toJson() const {
    QJsonObject json{
        {u"prompt"_s, prompt},
        {u"preset"_s, preset},
        {u"tone"_s, MessageStyle::name(tone)},
        {u"length"_s, MessageStyle::name(length)},
        {u"subject"_s, subject},
        {u"body"_s, body},
        {u"version_id"_s, versionId},
        {u"saved_message_id"_s, savedMessageId},
        {u"saved_fingerprint"_s, savedFingerprint},
        {u"marked_sent"_s, markedSent},
    };
    if (response)
        json.insert(u"response"_s, response->toJson());
    return json;
}

Draft Draft::fromJson(const QString &ticketId, const QJsonObject &json) {
    Draft draft;
    draft.ticketId = ticketId;
    draft.prompt = json.value(u"prompt"_s).toString();
    draft.preset = json.value(u"preset"_s).toString();
    draft.tone = MessageStyle::toneFromName(json.value(u"tone"_s).toString()).value_or(draft.tone);
    draft.length =
        MessageStyle::lengthFromName(json.value(u"length"_s).toString()).value_or(draft.length);
    draft.subject = json.value(u"subject"_s).toString();
    draft.body = json.value(u"body"_s).toString();
    draft.versionId = json.value(u"version_id"_s).toInteger();
    draft.savedMessageId = json.value(u"saved_message_id"_s).toString();
    draft.savedFingerprint = json.value(u"saved_fingerprint"_s).toString();
    draft.markedSent = json.value(u"marked_sent"_s).toBool();
    if (json.value(u"response"_s).isObject())
        draft.response = OutreachResponse::fromJson(json.value(u"response"_s).toObject());
    return draft;
}
