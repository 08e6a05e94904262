// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target for SseDecoder: bytes of an event stream, decoded once in one read and once
// cut into reads of pseudo-random sizes (as a socket delivers them). Properties: no crash, no
// undefined behaviour, no leak; the same events, the same failure and the same leftovers either
// way; no event larger than the limit.
#include "FuzzCheck.h"
#include "generation/SseDecoder.h"

#include <algorithm>
#include <cstdint>

namespace {

QString describe(const QList<SseEvent> &events) {
    QString text;
    for (const SseEvent &event : events) {
        text += QString::fromLatin1(event.event.toPercentEncoding()) + u'|'
                + QString::fromLatin1(event.data.toPercentEncoding()) + u'|'
                + QString::fromLatin1(event.id.toPercentEncoding()) + u';';
    }
    return text;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    if (size < 2)
        return 0;
    // A small limit now and then, so the refusal paths are reached too.
    const qsizetype limit = data[0] < 64 ? qsizetype(data[0]) + 1 : SseDecoder::DefaultLimit;
    const unsigned seed = data[1];
    const QByteArrayView stream(reinterpret_cast<const char *>(data + 2), qsizetype(size - 2));

    SseDecoder whole;
    whole.setLimit(limit);
    const QList<SseEvent> wholeEvents = whole.feed(stream);

    SseDecoder pieces;
    pieces.setLimit(limit);
    QList<SseEvent> pieceEvents;
    FuzzSplitter splitter(seed);
    for (qsizetype at = 0; at < stream.size();) {
        const qsizetype length = std::min(splitter.next(8), stream.size() - at);
        pieceEvents += pieces.feed(stream.sliced(at, length));
        at += length;
    }

    fuzzCheck(whole.failed() == pieces.failed(), "the same failure in one read and in many",
              whole.errorString(), pieces.errorString());
    fuzzCheck(wholeEvents == pieceEvents, "the same events in one read and in many",
              describe(wholeEvents), describe(pieceEvents));
    if (!whole.failed()) {
        fuzzCheck(whole.hasPartialEvent() == pieces.hasPartialEvent(),
                  "the same partial event in one read and in many");
        fuzzCheck(whole.commentCount() == pieces.commentCount(), "the same comment count");
        fuzzCheck(whole.lastEventId() == pieces.lastEventId(), "the same last event id");
    }
    for (const SseEvent &event : wholeEvents)
        fuzzCheck(event.data.size() <= limit, "no event is larger than the limit");

    // After a reset the decoder is as new.
    whole.reset();
    fuzzCheck(!whole.failed() && !whole.hasPartialEvent() && whole.limit() == limit,
              "reset gives a fresh decoder");
    return 0;
}
