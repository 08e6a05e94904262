// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/GenerationResult.h"
#include "domain/OutreachError.h"
#include "generation/JsonFieldStream.h"
#include "generation/SseDecoder.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

// Reads one Chat Completions answer as its bytes arrive: the event stream's chunks (or the one
// JSON object of a server that ignored `stream: true`) into subject and message text, usage,
// log-probabilities and the finish reason. No network: MessageGenerator feeds it and aborts the
// connection when it asks to.
class CompletionStream {
    Q_DECLARE_TR_FUNCTIONS(CompletionStream)

public:
    struct Delta {
        enum class Field { Subject, Message };
        Field field = Field::Message;
        QString text;
    };

    // `structured`: the JSON object of the output schema was asked for, else plain text with an
    // optional "Subject:" first line. A server that ignores the schema answers in plain text
    // anyway (perhaps in a ``` fence): the first characters tell, and result().structured says
    // what the answer really was. An answer past `maxCharacters` is stopped.
    CompletionStream(bool structured, qsizetype maxCharacters);

    // The text deltas these bytes complete. After a stream error, bytes are ignored.
    QList<Delta> feed(const QByteArray &bytes);
    // The body ended with a success status: an answer that was not streamed is read now.
    QList<Delta> endOfBody();
    // The connection is over, however it ended: what is still held back (a short plain answer
    // that never finished its first line) is handed out, and the fields are read into result().
    QList<Delta> finish();

    // The stream itself must be cut (an unreadable event, an answer too long): the caller aborts
    // the connection, and error() — not the CANCELLED that aborting gives — is what the rep sees.
    bool abortRequested() const { return m_abortRequested; }
    // What the stream said went wrong: an error event, an unreadable event, a runaway answer.
    const std::optional<OutreachError> &error() const { return m_error; }
    // The answer is complete: "data: [DONE]", or a whole unstreamed answer.
    bool done() const { return m_done; }
    // After finish(): a structured answer that neither the incremental reader nor a whole parse
    // could read (plain text despite json_schema, junk); nullopt when it was readable.
    const std::optional<OutreachError> &unreadableAnswer() const { return m_unreadable; }

    // What was read so far: model, usage, log-probabilities, finish reason; after finish() also
    // subject, message, cited context and the suggested follow-up.
    GenerationResult &result() { return m_result; }

    // A token that only marks the end of the text (`<|im_end|>`, `</s>`, or an empty piece, as
    // llama.cpp reports the end-of-text token): it says nothing about the text's confidence.
    static bool isEndOfTextToken(const QJsonObject &token);

private:
    void handleEvent(const QByteArray &data, QList<Delta> &deltas);
    void handleChunk(const QJsonObject &chunk, QList<Delta> &deltas);
    void handleUnknownField(const SseField &field);
    void appendContent(const QString &piece, QList<Delta> &deltas);
    // Decides, from the first characters, whether an answer asked for as JSON really is JSON.
    void decideFormat(QList<Delta> &deltas);
    void appendJson(const QString &piece, QList<Delta> &deltas);
    void appendPlain(const QString &piece, QList<Delta> &deltas);
    void fail(const QString &message, bool abort);

    enum class Format { Undecided, Json, Plain };

    SseDecoder m_decoder;
    std::optional<JsonFieldStream> m_fields;
    qsizetype m_maxCharacters;
    Format m_format = Format::Plain;
    QString m_undecided;   // the answer's start while its format is not known yet
    QString m_jsonText;    // what went to the JSON reader: the object, without a fence around it
    QString m_content;     // every content delta, joined
    QString m_plainHeader; // plain-text mode: the start, until the subject line is known
    bool m_plainHeaderDone = false;
    bool m_done = false;
    bool m_abortRequested = false;
    bool m_sawEvent = false;
    // The first bytes, kept until an event shows this is a stream.
    QByteArray m_unstreamed;
    std::optional<OutreachError> m_error;
    std::optional<OutreachError> m_unreadable;
    GenerationResult m_result;
};
