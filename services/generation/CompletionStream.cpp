// SPDX-License-Identifier: GPL-3.0-or-later
#include "generation/CompletionStream.h"

#include "platform/LogRedaction.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <utility>

using namespace Qt::StringLiterals;

namespace {

const QStringList StructuredFields = {u"subject"_s, u"message"_s};

// Stream errors quote the server's own text, which may echo what it was sent: masked first.
OutreachError apiError(const QString &message) {
    return OutreachError(OutreachError::Code::ApiError, LogRedaction::redact(message));
}

} // namespace

CompletionStream::CompletionStream(bool structured, qsizetype maxCharacters)
    : m_maxCharacters(maxCharacters) {
    m_result.structured = structured;
    if (structured) {
        m_fields.emplace(StructuredFields);
        m_format = Format::Undecided;
    }
}

void CompletionStream::fail(const QString &message, bool abort) {
    m_error = apiError(message);
    m_abortRequested = m_abortRequested || abort;
}

QList<CompletionStream::Delta> CompletionStream::feed(const QByteArray &bytes) {
    QList<Delta> deltas;
    if (!m_sawEvent && m_unstreamed.size() < 16 * 1024 * 1024)
        m_unstreamed += bytes;
    for (const SseEvent &event : m_decoder.feed(bytes)) {
        m_sawEvent = true;
        m_unstreamed.clear();
        handleEvent(event.data, deltas);
    }
    for (const SseField &field : m_decoder.takeUnknownFields())
        handleUnknownField(field);
    if (m_decoder.failed() && !m_error)
        m_error = apiError(m_decoder.errorString());
    return deltas;
}

void CompletionStream::handleUnknownField(const SseField &field) {
    // llama.cpp ends a failed stream with an `error:` line (and then, in some builds, a
    // `data: [DONE]`), which the EventSource rules would drop: the answer would look complete.
    if (field.name != "error" || m_error)
        return;
    const QJsonObject object = QJsonDocument::fromJson(field.value).object();
    const QJsonObject error =
        object.value(u"error"_s).isObject() ? object.value(u"error"_s).toObject() : object;
    QString message = error.value(u"message"_s).toString();
    if (message.isEmpty())
        message = QString::fromUtf8(field.value.left(200));
    fail(tr("The model endpoint stopped with an error: %1").arg(message), false);
    m_error->setServerCode(error.value(u"type"_s).toString());
}

void CompletionStream::appendContent(const QString &piece, QList<Delta> &deltas) {
    if (m_content.size() + piece.size() > m_maxCharacters) {
        fail(tr("The model's answer grew past %L1 characters and was stopped; the text so far "
                "is kept.")
                 .arg(m_maxCharacters),
             true);
        return;
    }
    m_content += piece;
    switch (m_format) {
    case Format::Undecided:
        m_undecided += piece;
        decideFormat(deltas);
        return;
    case Format::Json:
        appendJson(piece, deltas);
        return;
    case Format::Plain:
        appendPlain(piece, deltas);
        return;
    }
}

void CompletionStream::decideFormat(QList<Delta> &deltas) {
    // Models that were asked for the schema but not held to it often fence the object in
    // Markdown ("```json"); one fence line is skipped, then '{' means JSON and anything else
    // plain text.
    QStringView rest = QStringView(m_undecided).trimmed();
    if (rest.startsWith(u"```")) {
        const qsizetype newline = rest.indexOf(u'\n');
        if (newline < 0) {
            if (rest.size() < 32)
                return; // the fence line is not finished yet
        } else {
            const QStringView info = rest.sliced(3, newline - 3).trimmed();
            if (info.isEmpty() || info.compare(u"json", Qt::CaseInsensitive) == 0)
                rest = rest.sliced(newline + 1).trimmed();
        }
    }
    if (rest.isEmpty() || (rest.startsWith(u"```") && rest.size() < 32))
        return;
    const QString start = rest.toString();
    m_undecided.clear();
    if (start.startsWith(u'{')) {
        m_format = Format::Json;
        appendJson(start, deltas);
        return;
    }
    m_format = Format::Plain;
    m_fields.reset();
    m_result.structured = false;
    appendPlain(start, deltas);
}

void CompletionStream::appendJson(const QString &piece, QList<Delta> &deltas) {
    // Whatever follows the object (a closing fence, a remark) is not for the reader; the piece
    // that closes the object may carry some of it, which finish() cuts off again.
    if (m_fields->isObjectComplete())
        return;
    m_jsonText += piece;
    for (const JsonFieldStream::Delta &delta : m_fields->feed(piece)) {
        if (!delta.text.isEmpty())
            deltas.append(
                {delta.field == u"subject"_s ? Delta::Field::Subject : Delta::Field::Message,
                 delta.text});
    }
}

void CompletionStream::appendPlain(const QString &piece, QList<Delta> &deltas) {
    const auto emitText = [&deltas](Delta::Field field, const QString &text) {
        if (!text.isEmpty())
            deltas.append({field, text});
    };
    // Plain text: "Subject: …" on the first line, when the model wrote one.
    if (m_plainHeaderDone) {
        m_result.message += piece;
        emitText(Delta::Field::Message, piece);
        return;
    }
    m_plainHeader += piece;
    const qsizetype newline = m_plainHeader.indexOf(u'\n');
    if (newline < 0 && m_plainHeader.size() < 300)
        return;
    m_plainHeaderDone = true;
    QString rest = m_plainHeader;
    const QString firstLine = newline < 0 ? QString() : rest.left(newline).trimmed();
    if (firstLine.startsWith(u"Subject:"_s, Qt::CaseInsensitive)) {
        m_result.subject = firstLine.mid(8).trimmed();
        emitText(Delta::Field::Subject, m_result.subject);
        rest = rest.mid(newline + 1);
        while (rest.startsWith(u'\n'))
            rest.remove(0, 1);
    }
    m_result.message += rest;
    emitText(Delta::Field::Message, rest);
}

void CompletionStream::handleEvent(const QByteArray &eventData, QList<Delta> &deltas) {
    if (m_done || m_error)
        return;
    const QByteArray data = eventData.trimmed();
    if (data == "[DONE]") {
        m_done = true;
        return;
    }
    const QJsonDocument document = QJsonDocument::fromJson(data);
    if (!document.isObject()) {
        fail(tr("The model endpoint sent an unreadable event: %1")
                 .arg(QString::fromUtf8(data.left(120))),
             true);
        return;
    }
    handleChunk(document.object(), deltas);
}

void CompletionStream::handleChunk(const QJsonObject &chunk, QList<Delta> &deltas) {
    if (chunk.value(u"error"_s).isObject()) {
        // llama.cpp and others report a failure mid-stream, then close.
        fail(tr("The model endpoint stopped with an error: %1")
                 .arg(chunk.value(u"error"_s).toObject().value(u"message"_s).toString()),
             false);
        return;
    }
    if (const QString model = chunk.value(u"model"_s).toString(); !model.isEmpty())
        m_result.model = model;
    if (const QJsonObject usage = chunk.value(u"usage"_s).toObject(); !usage.isEmpty()) {
        GenerationResult::Usage counted;
        counted.promptTokens = usage.value(u"prompt_tokens"_s).toInt();
        counted.completionTokens = usage.value(u"completion_tokens"_s).toInt();
        counted.totalTokens = usage.value(u"total_tokens"_s).toInt();
        m_result.usage = counted;
    }
    // Azure's first chunk and the usage chunk have no choices; only choice 0 is ours.
    for (const QJsonValue &value : chunk.value(u"choices"_s).toArray()) {
        const QJsonObject choice = value.toObject();
        if (choice.value(u"index"_s).toInt() != 0)
            continue;
        const QJsonValue content = choice.value(u"delta"_s).toObject().value(u"content"_s);
        if (content.isString())
            appendContent(content.toString(), deltas);
        const QJsonArray logprobs =
            choice.value(u"logprobs"_s).toObject().value(u"content"_s).toArray();
        for (const QJsonValue &token : logprobs) {
            if (!m_result.logprobs)
                m_result.logprobs.emplace();
            if (!isEndOfTextToken(token.toObject()))
                m_result.logprobs->append(token.toObject().value(u"logprob"_s).toDouble());
        }
        if (const QString finish = choice.value(u"finish_reason"_s).toString(); !finish.isEmpty())
            m_result.finishReason = finish;
    }
}

QList<CompletionStream::Delta> CompletionStream::endOfBody() {
    QList<Delta> deltas;
    const QJsonObject whole =
        m_sawEvent ? QJsonObject() : QJsonDocument::fromJson(m_unstreamed).object();
    if (whole.isEmpty())
        return deltas;
    // Not streamed after all: one complete answer (or an error with a 200 status), read as the
    // one chunk of a stream.
    if (whole.value(u"error"_s).isObject()) {
        fail(tr("The model endpoint answered with an error: %1")
                 .arg(whole.value(u"error"_s).toObject().value(u"message"_s).toString()),
             false);
        return deltas;
    }
    if (m_error)
        return deltas;
    const QJsonObject choice = whole.value(u"choices"_s).toArray().first().toObject();
    const QString text = choice.value(u"message"_s).toObject().value(u"content"_s).toString();
    const QJsonObject asChunk{
        {u"model"_s, whole.value(u"model"_s)},
        {u"usage"_s, whole.value(u"usage"_s)},
        {u"choices"_s,
         QJsonArray{QJsonObject{{u"index"_s, 0},
                                {u"delta"_s, QJsonObject{{u"content"_s, text}}},
                                {u"logprobs"_s, choice.value(u"logprobs"_s)},
                                {u"finish_reason"_s, choice.value(u"finish_reason"_s)}}}}};
    handleChunk(asChunk, deltas);
    m_done = true;
    return deltas;
}

QList<CompletionStream::Delta> CompletionStream::finish() {
    QList<Delta> deltas;
    if (m_format == Format::Undecided && !m_undecided.trimmed().isEmpty()) {
        // Too short to tell (an unfinished fence line): read as plain text.
        const QString start = std::exchange(m_undecided, {});
        m_format = Format::Plain;
        m_fields.reset();
        m_result.structured = false;
        appendPlain(start, deltas);
    }
    if (m_fields && m_format == Format::Json) {
        m_result.subject = m_fields->value(u"subject"_s);
        m_result.message = m_fields->value(u"message"_s);
        QString json = m_jsonText;
        if (m_fields->isObjectComplete())
            json.truncate(json.lastIndexOf(u'}') + 1);
        const QJsonDocument whole = QJsonDocument::fromJson(json.toUtf8());
        if (whole.isObject()) {
            const QJsonObject object = whole.object();
            m_result.subject = object.value(u"subject"_s).toString(m_result.subject);
            m_result.message = object.value(u"message"_s).toString(m_result.message);
            m_result.suggestedFollowUp = object.value(u"suggested_follow_up"_s).toString();
            for (const QJsonValue &id : object.value(u"used_context"_s).toArray())
                m_result.usedContext.append(id.toString());
        } else if (m_fields->failed() && !m_fields->isObjectComplete()) {
            m_unreadable = apiError(m_fields->errorString());
        }
    } else if (!m_plainHeaderDone) {
        // A short plain answer never reached the end of its first line.
        m_result.message = m_plainHeader;
        if (!m_plainHeader.isEmpty())
            deltas.append({Delta::Field::Message, m_plainHeader});
    }
    return deltas;
}

bool CompletionStream::isEndOfTextToken(const QJsonObject &token) {
    const QString text = token.value(u"token"_s).toString();
    if (text.isEmpty())
        return true;
    // ChatML, Llama 3, Phi, DeepSeek ("<｜end▁of▁sentence｜>"), Llama 2/Mistral and Gemma.
    static const QRegularExpression special(
        u"^(<[|\\x{FF5C}][^<>\\s]{1,48}[|\\x{FF5C}]>|</s>|<eos>|<end_of_turn>)$"_s);
    return special.match(text).hasMatch();
}
