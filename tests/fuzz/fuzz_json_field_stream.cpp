// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target for JsonFieldStream, the incremental extractor of `subject` and `message` from
// a model's streamed JSON: UTF-8 text fed once whole and once in pieces of pseudo-random sizes.
// Properties: no crash, no undefined behaviour, no leak; the same result either way; the deltas
// add up to the value; and where the stream accepts a complete object that QJsonDocument also
// parses, both read the same strings.
#include "FuzzCheck.h"
#include "generation/JsonFieldStream.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <cstdint>

using namespace Qt::StringLiterals;

namespace {

const QStringList Fields = {u"subject"_s, u"message"_s};

QString joined(const QList<JsonFieldStream::Delta> &deltas, const QString &field) {
    QString text;
    for (const JsonFieldStream::Delta &delta : deltas) {
        if (delta.field == field)
            text += delta.text;
    }
    return text;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    if (size < 1)
        return 0;
    const unsigned seed = data[0];
    const QString text =
        QString::fromUtf8(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));

    JsonFieldStream whole(Fields);
    const QList<JsonFieldStream::Delta> wholeDeltas = whole.feed(text);

    JsonFieldStream pieces(Fields);
    QList<JsonFieldStream::Delta> pieceDeltas;
    FuzzSplitter splitter(seed);
    for (qsizetype at = 0; at < text.size();) {
        const qsizetype length = std::min(splitter.next(6), text.size() - at);
        pieceDeltas += pieces.feed(QStringView(text).sliced(at, length));
        at += length;
    }

    fuzzCheck(whole.failed() == pieces.failed(), "the same failure whole and in pieces",
              whole.errorString(), pieces.errorString());
    if (whole.failed())
        return 0;
    fuzzCheck(whole.isObjectComplete() == pieces.isObjectComplete(),
              "the same completeness whole and in pieces");
    for (const QString &field : Fields) {
        const QString value = whole.value(field);
        fuzzCheck(pieces.value(field) == value, "the same value whole and in pieces", value,
                  pieces.value(field));
        fuzzCheck(whole.isComplete(field) == pieces.isComplete(field),
                  "the same field completeness whole and in pieces");
        // What went out as deltas is what the value holds (all of it once the string is closed;
        // an open one may hold back half a surrogate pair).
        for (const QString &streamed : {joined(wholeDeltas, field), joined(pieceDeltas, field)}) {
            fuzzCheck(value.startsWith(streamed), "deltas are a prefix of the value", value,
                      streamed);
            fuzzCheck(!whole.isComplete(field) || streamed == value,
                      "deltas add up to a complete value", value, streamed);
            fuzzCheck(streamed.size() + 1 >= value.size(), "at most one unit held back", value,
                      streamed);
        }
    }

    if (!whole.isObjectComplete())
        return 0;
    const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8());
    if (!document.isObject())
        return 0;
    for (const QString &field : Fields) {
        const QJsonValue expected = document.object().value(field);
        if (expected.isString()) {
            // Qt's parser drops U+FEFF (a byte order mark) wherever it appears, even inside a
            // string, where JSON makes it an ordinary character: JsonFieldStream keeps it (the
            // fuzzer found this; regression-bom-inside-a-string). Compare without it.
            QString ours = whole.value(field);
            QString theirs = expected.toString();
            ours.remove(QChar(0xfeff));
            theirs.remove(QChar(0xfeff));
            fuzzCheck(ours == theirs, "the same string as QJsonDocument", expected.toString(),
                      whole.value(field));
        } else if (expected.isNull()) {
            fuzzCheck(whole.value(field).isEmpty() && whole.isComplete(field),
                      "null reads as an empty complete value");
        } else if (expected.isUndefined()) {
            fuzzCheck(!whole.isComplete(field) && whole.value(field).isEmpty(),
                      "an absent field stays empty");
        }
    }
    return 0;
}
