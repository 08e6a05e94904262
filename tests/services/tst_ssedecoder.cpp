// SseDecoder: a recorded Chat Completions stream split at every byte boundary, in every line-end
// style, gives the same events; comments, multi-line data, BOM, cut streams and the size bound.
#include "SseDecoder.h"

#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

// As OpenAI and Azure send it: an empty first chunk, multi-byte text, a keep-alive, usage, DONE.
QByteArray recordedStream(const QByteArray &lineEnd) {
    const QList<QByteArray> lines = {
        R"(data: {"choices":[],"prompt_filter_results":[]})"_ba,
        ""_ba,
        R"(data: {"choices":[{"index":0,"delta":{"role":"assistant","content":""}}]})"_ba,
        ""_ba,
        R"(data: {"choices":[{"index":0,"delta":{"content":"Grüße aus 日本 "}}]})"_ba,
        ""_ba,
        ": keep-alive"_ba,
        ""_ba,
        R"(data: {"choices":[{"index":0,"delta":{"content":"🙂 done"}}]})"_ba,
        ""_ba,
        R"(data: {"choices":[],"usage":{"prompt_tokens":9,"completion_tokens":4}})"_ba,
        ""_ba,
        "data: [DONE]"_ba,
        ""_ba,
    };
    QByteArray stream;
    for (const QByteArray &line : lines)
        stream += line + lineEnd;
    return stream;
}

QStringList texts(const QList<SseEvent> &events) {
    QStringList result;
    for (const SseEvent &event : events)
        result.append(QString::fromUtf8(event.data));
    return result;
}

} // namespace

class TestSseDecoder : public QObject {
    Q_OBJECT

private slots:
    void everySplitGivesTheSameEvents_data() {
        QTest::addColumn<QByteArray>("lineEnd");
        QTest::newRow("LF") << "\n"_ba;
        QTest::newRow("CRLF") << "\r\n"_ba;
        QTest::newRow("CR") << "\r"_ba;
    }
    void everySplitGivesTheSameEvents() {
        QFETCH(QByteArray, lineEnd);
        const QByteArray stream = recordedStream(lineEnd);
        SseDecoder whole;
        const QList<SseEvent> expected = whole.feed(stream);
        QCOMPARE(expected.size(), 6);
        QCOMPARE(expected.constLast().data, "[DONE]"_ba);
        QVERIFY(QString::fromUtf8(expected.at(2).data).contains(u"Grüße aus 日本"_s));
        QCOMPARE(whole.commentCount(), 1);
        QVERIFY(!whole.hasPartialEvent());

        for (qsizetype cut = 0; cut <= stream.size(); ++cut) {
            SseDecoder decoder;
            QList<SseEvent> events = decoder.feed(QByteArrayView(stream).first(cut));
            events += decoder.feed(QByteArrayView(stream).sliced(cut));
            QCOMPARE(texts(events), texts(expected));
        }
        SseDecoder byteByByte;
        QList<SseEvent> events;
        for (char c : stream)
            events += byteByByte.feed(QByteArrayView(&c, 1));
        QCOMPARE(texts(events), texts(expected));

        QRandomGenerator random(42);
        for (int round = 0; round < 200; ++round) {
            SseDecoder decoder;
            QList<SseEvent> pieces;
            for (qsizetype at = 0; at < stream.size();) {
                const qsizetype size = random.bounded(1, 17);
                pieces += decoder.feed(
                    QByteArrayView(stream).sliced(at).first(std::min(size, stream.size() - at)));
                at += size;
            }
            QCOMPARE(texts(pieces), texts(expected));
        }
    }

    void fieldsAndValues() {
        SseDecoder decoder;
        const QList<SseEvent> events = decoder.feed(
            "event: update\nid: 7\ndata:no space\ndata:  two spaces\nretry: 10\nunknown: x\n"
            "data\n\n"_ba);
        QCOMPARE(events.size(), 1);
        QCOMPARE(events.constFirst().event, "update"_ba);
        QCOMPARE(events.constFirst().id, "7"_ba);
        // One optional space is removed; a field without a colon has an empty value.
        QCOMPARE(events.constFirst().data, "no space\n two spaces\n"_ba);
    }

    void eventsWithoutDataAreNotDispatched() {
        SseDecoder decoder;
        QVERIFY(decoder.feed("event: ping\n\n: comment\n\n"_ba).isEmpty());
        QCOMPARE(decoder.commentCount(), 1);
    }

    void aByteOrderMarkIsSkippedEvenWhenSplit() {
        const QByteArray stream = QByteArray("\xEF\xBB\xBF"_ba + "data: x\n\n"_ba);
        for (qsizetype cut = 0; cut <= stream.size(); ++cut) {
            SseDecoder decoder;
            QList<SseEvent> events = decoder.feed(QByteArrayView(stream).first(cut));
            events += decoder.feed(QByteArrayView(stream).sliced(cut));
            QCOMPARE(events.size(), 1);
            QCOMPARE(events.constFirst().data, "x"_ba);
        }
    }

    void aCutStreamShowsAPartialEvent() {
        SseDecoder decoder;
        QCOMPARE(decoder.feed("data: {\"a\":1}\n\ndata: {\"b\""_ba).size(), 1);
        QVERIFY(decoder.hasPartialEvent());
        SseDecoder fieldOnly;
        QVERIFY(fieldOnly.feed("data: x\n"_ba).isEmpty());
        QVERIFY(fieldOnly.hasPartialEvent());
    }

    void oversizedLinesAndEventsFail() {
        SseDecoder decoder;
        decoder.setMaxSize(64);
        decoder.feed(QByteArray("data: "_ba + QByteArray(100, 'x')));
        QVERIFY(decoder.failed());
        QVERIFY(!decoder.errorString().isEmpty());
        QVERIFY(decoder.feed("\n\n"_ba).isEmpty());

        SseDecoder manyLines;
        manyLines.setMaxSize(64);
        for (int i = 0; i < 20; ++i)
            manyLines.feed("data: 0123456789\n"_ba);
        QVERIFY(manyLines.failed());
    }

    void aLongLineInSmallReadsIsLinear() {
        // 4 MiB in 1-byte reads would take minutes if each read rescanned the buffer.
        SseDecoder decoder;
        const QByteArray line = QByteArray("data: "_ba + QByteArray(512 * 1024, 'x'));
        QElapsedTimer timer;
        timer.start();
        for (qsizetype at = 0; at < line.size(); at += 7)
            decoder.feed(
                QByteArrayView(line).sliced(at).first(std::min<qsizetype>(7, line.size() - at)));
        const QList<SseEvent> events = decoder.feed("\n\n"_ba);
        QCOMPARE(events.size(), 1);
        QCOMPARE(events.constFirst().data.size(), 512 * 1024);
        QVERIFY2(timer.elapsed() < 5000, qPrintable(QString::number(timer.elapsed())));
    }
};

QTEST_GUILESS_MAIN(TestSseDecoder)
#include "tst_ssedecoder.moc"
