// SPDX-License-Identifier: GPL-3.0-or-later
// JsonFieldStream: a model's structured output fed in every split, byte by byte and at random,
// always decoding to what QJsonDocument reads from the whole text; decoys, escapes, bad input.
#include "generation/JsonFieldStream.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTest>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

const QStringList wanted = {u"subject"_s, u"message"_s, u"suggested_follow_up"_s};

// Structured output as a model streams it: escapes of every kind, a surrogate pair written as
// two escapes and one raw, the wanted keys repeated as decoys inside other values, and strings
// that hold braces and quotes.
const QString structured =
    u"{\n"
    u"  \"subject\": \"Re: \\\"Nordlicht\\\" rollout \\u2013 next steps \\ud83d\\ude80\",\n"
    u"  \"used_context\": [\"ticket:T-1042\", \"interaction:{\\\"message\\\":\\\"decoy\\\"}\",\n"
    u"                   {\"message\": \"nested decoy\", \"subject\": [\"x\", {\"message\": "
    u"1}]}],\n"
    u"  \"meta\" : { \"message\" : \"object decoy\", \"deep\": [[{\"suggested_follow_up\": "
    u"\"no\"}]],\n"
    u"             \"n\": -1.5e+3, \"m\": 0, \"f\": 12.25E-2, \"ok\": true, \"no\": false, "
    u"\"none\": null },\n"
    u"  \"message\":\"Hallo Frau Müller,\\n\\nvielen Dank f\\u00fcr Ihr Feedback zu \\\"Projekt "
    u"Nordlicht\\\"\\u2014Grüße aus 日本 😀\\\\ C:\\\\temp\\\\ a\\/b \\b\\f\\r\\t}{][,: "
    u"\\ud83d\\ude00\\u0041\\u00E9\",\n"
    u"\t\"suggested_follow_up\"\t:\t\"Call on Tuesday {10:00}\"\n"
    u"}\n"_s;

QJsonObject reference(const QString &text) {
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        qFatal("test input is not a JSON object: %s", qPrintable(error.errorString()));
    return document.object();
}

struct FeedResult {
    QHash<QString, QString> streamed; // the deltas joined per field
    bool ok = true;                   // every delta non-empty, none ends in half a pair
};

FeedResult feedPieces(JsonFieldStream &stream, const QList<QStringView> &pieces) {
    FeedResult outcome;
    for (QStringView piece : pieces) {
        for (const JsonFieldStream::Delta &delta : stream.feed(piece)) {
            if (delta.text.isEmpty() || delta.text.back().isHighSurrogate())
                outcome.ok = false;
            outcome.streamed[delta.field] += delta.text;
        }
    }
    return outcome;
}

// Null when everything matches QJsonDocument, else what differs.
QString mismatch(const JsonFieldStream &stream, const FeedResult &outcome,
                 const QJsonObject &object, const QStringList &fields) {
    if (stream.failed())
        return stream.errorString();
    if (!outcome.ok)
        return u"an empty delta or one ending in half a surrogate pair"_s;
    if (!stream.isObjectComplete())
        return u"object not complete"_s;
    for (const QString &field : fields) {
        const QString expected = object.value(field).toString();
        if (stream.value(field) != expected)
            return u"value of %1: %2"_s.arg(field, stream.value(field));
        if (outcome.streamed.value(field) != expected)
            return u"deltas of %1: %2"_s.arg(field, outcome.streamed.value(field));
        if (stream.isComplete(field) != object.contains(field))
            return u"completeness of %1"_s.arg(field);
    }
    return {};
}

QList<QStringView> randomPieces(QStringView text, QRandomGenerator &random, int maxLength) {
    QList<QStringView> pieces;
    for (qsizetype at = 0; at < text.size();) {
        const qsizetype length =
            std::min<qsizetype>(random.bounded(1, maxLength + 1), text.size() - at);
        pieces.append(text.sliced(at, length));
        at += length;
    }
    return pieces;
}

// Random structured output. Keys come in random order (QJsonObject would sort them), strings mix
// raw and escaped characters, decoys repeat the wanted keys at depth 2 and below.
class Generator {
public:
    explicit Generator(quint32 seed)
        : m_random(seed) {}

    QString object() {
        QStringList members;
        for (const QString &field : wanted)
            if (m_random.bounded(4) != 0)
                members.append(string(field) + ws() + u':' + ws() + string(text()));
        const int others = m_random.bounded(4);
        for (int i = 0; i < others; ++i)
            members.append(string(u"k%1"_s.arg(i)) + ws() + u':' + ws() + value(0));
        std::shuffle(members.begin(), members.end(), Shuffler{m_random});
        return ws() + u'{' + ws() + members.join(ws() + u',' + ws()) + ws() + u'}' + ws();
    }

private:
    struct Shuffler {
        QRandomGenerator &random;
        using result_type = quint32;
        static constexpr quint32 min() { return 0; }
        static constexpr quint32 max() { return 0xFFFFFFFF; }
        quint32 operator()() { return random.generate(); }
    };

    QString ws() {
        static const char16_t spaces[] = {u' ', u'\t', u'\n', u'\r'};
        QString out;
        for (int n = m_random.bounded(3); n > 0; --n)
            out += QChar(spaces[m_random.bounded(4)]);
        return out;
    }

    QString text() {
        static const char32_t pool[] = {
            u'a', u'Z',   u' ',   u'"',   u'\\', u'/',  u'{',   u'}',    u'[',    u']',
            u':', u',',   u'\n',  u'\t',  u'\b', u'\f', u'\r',  0x01,    0x1F,    0xE9,
            0xFC, 0x65E5, 0x2014, 0xFEFF, u'u',  0x7F,  0xFFFD, 0x1F600, 0x1F680, 0x10FFFF};
        QString out;
        for (int n = m_random.bounded(25); n > 0; --n) {
            const char32_t c = pool[m_random.bounded(int(std::size(pool)))];
            out += QString::fromUcs4(&c, 1);
        }
        return out;
    }

    QString string(const QString &content) {
        QString out = u"\""_s;
        bool rawPair = false; // both halves of a surrogate pair go out raw, or both escaped
        for (QChar c : content) {
            const char16_t u = c.unicode();
            const bool mustEscape = u == u'"' || u == u'\\' || u < 0x20;
            if (c.isLowSurrogate() ? rawPair : (!mustEscape && m_random.bounded(3) != 0)) {
                rawPair = c.isHighSurrogate();
                out += c;
                continue;
            }
            rawPair = false;
            switch (m_random.bounded(2) == 0 ? u : 0xFFFF) {
            case u'"':
                out += u"\\\""_s;
                break;
            case u'\\':
                out += u"\\\\"_s;
                break;
            case u'/':
                out += u"\\/"_s;
                break;
            case u'\b':
                out += u"\\b"_s;
                break;
            case u'\f':
                out += u"\\f"_s;
                break;
            case u'\n':
                out += u"\\n"_s;
                break;
            case u'\r':
                out += u"\\r"_s;
                break;
            case u'\t':
                out += u"\\t"_s;
                break;
            default: { // \uXXXX, one code unit at a time (so a pair becomes two escapes)
                QString hex = QString::number(u, 16).rightJustified(4, u'0');
                out += u"\\u"_s + (m_random.bounded(2) ? hex.toUpper() : hex);
            }
            }
        }
        return out + u'"';
    }

    QString value(int depth) {
        static const QString numbers[] = {u"0"_s,    u"-0"_s,    u"42"_s,  u"-1.5e+3"_s,
                                          u"3E-2"_s, u"0.125"_s, u"12."_s, u"1e9"_s};
        static const QString literals[] = {u"true"_s, u"false"_s, u"null"_s};
        switch (depth >= 3 ? m_random.bounded(3) : m_random.bounded(5)) {
        case 0:
            return string(text());
        case 1:
            return numbers[m_random.bounded(int(std::size(numbers)))];
        case 2:
            return literals[m_random.bounded(3)];
        case 3: {
            QStringList items;
            for (int n = m_random.bounded(4); n > 0; --n)
                items.append(value(depth + 1));
            return u'[' + ws() + items.join(ws() + u',' + ws()) + ws() + u']';
        }
        default: {
            QStringList members;
            for (int n = m_random.bounded(4); n > 0; --n) {
                // A decoy: a wanted name, nested, which must not count.
                const QString key = m_random.bounded(2) ? wanted[m_random.bounded(3)] : text();
                members.append(string(key) + ws() + u':' + ws() + value(depth + 1));
            }
            return u'{' + ws() + members.join(ws() + u',' + ws()) + ws() + u'}';
        }
        }
    }

    QRandomGenerator m_random;
};

} // namespace

class TestJsonFieldStream : public QObject {
    Q_OBJECT

private slots:
    void wholeText() {
        const QJsonObject object = reference(structured);
        JsonFieldStream stream(wanted);
        const FeedResult outcome = feedPieces(stream, {structured});
        QCOMPARE(mismatch(stream, outcome, object, wanted), QString());
        QCOMPARE(stream.value(u"message"_s).left(19), u"Hallo Frau Müller,\n"_s);
        QVERIFY(stream.value(u"message"_s).endsWith(u"😀Aé"_s));
        QCOMPARE(stream.value(u"suggested_follow_up"_s), u"Call on Tuesday {10:00}"_s);
    }

    void splitAtEveryBoundary() {
        const QJsonObject object = reference(structured);
        for (qsizetype cut = 0; cut <= structured.size(); ++cut) {
            JsonFieldStream stream(wanted);
            const QStringView all(structured);
            const FeedResult outcome = feedPieces(stream, {all.first(cut), all.sliced(cut)});
            const QString problem = mismatch(stream, outcome, object, wanted);
            QVERIFY2(problem.isEmpty(), qPrintable(u"cut %1: %2"_s.arg(cut).arg(problem)));
        }
    }

    void splitAtEveryPairOfBoundaries() {
        // Three pieces: an escape can be cut twice (after '\' and again inside \uXXXX).
        const QString text = u"{\"message\":\"a\\u00e9\\ud83d\\ude00\\\"\\\\b\"}"_s;
        const QJsonObject object = reference(text);
        for (qsizetype first = 0; first <= text.size(); ++first) {
            for (qsizetype second = first; second <= text.size(); ++second) {
                JsonFieldStream stream(wanted);
                const QStringView all(text);
                const FeedResult outcome =
                    feedPieces(stream, {all.first(first), all.sliced(first, second - first),
                                        all.sliced(second)});
                const QString problem = mismatch(stream, outcome, object, wanted);
                QVERIFY2(problem.isEmpty(),
                         qPrintable(u"cuts %1 %2: %3"_s.arg(first).arg(second).arg(problem)));
            }
        }
    }

    void oneCharacterAtATime() {
        const QJsonObject object = reference(structured);
        JsonFieldStream stream(wanted);
        QList<QStringView> pieces;
        for (qsizetype i = 0; i < structured.size(); ++i)
            pieces.append(QStringView(structured).sliced(i, 1));
        const FeedResult outcome = feedPieces(stream, pieces);
        QCOMPARE(mismatch(stream, outcome, object, wanted), QString());
    }

    void randomSplits() {
        const QJsonObject object = reference(structured);
        QRandomGenerator random(424242);
        for (int round = 0; round < 500; ++round) {
            JsonFieldStream stream(wanted);
            const FeedResult outcome = feedPieces(stream, randomPieces(structured, random, 12));
            const QString problem = mismatch(stream, outcome, object, wanted);
            QVERIFY2(problem.isEmpty(), qPrintable(u"round %1: %2"_s.arg(round).arg(problem)));
        }
    }

    void randomDocuments() {
        // Generated objects: fields in any order or missing, decoys, whitespace everywhere,
        // every escape, each fed whole, one character at a time and at random.
        QRandomGenerator random(7);
        for (quint32 seed = 1; seed <= 400; ++seed) {
            const QString text = Generator(seed).object();
            const QJsonObject object = reference(text);
            const QList<QList<QStringView>> feeds = {{text},
                                                     randomPieces(text, random, 1),
                                                     randomPieces(text, random, 6),
                                                     randomPieces(text, random, 40)};
            for (const QList<QStringView> &pieces : feeds) {
                JsonFieldStream stream(wanted);
                const FeedResult outcome = feedPieces(stream, pieces);
                const QString problem = mismatch(stream, outcome, object, wanted);
                QVERIFY2(problem.isEmpty(),
                         qPrintable(u"seed %1: %2\n%3"_s.arg(seed).arg(problem, text)));
            }
        }
    }

    void fieldOrderDoesNotMatter_data() {
        QTest::addColumn<QString>("text");
        QTest::newRow("message first") << u"{\"message\":\"m\",\"subject\":\"s\",\"x\":[1]}"_s;
        QTest::newRow("message last")
            << u"{\"x\":{\"a\":\"}\"},\"subject\":\"s\",\"message\":\"m\"}"_s;
        QTest::newRow("message only") << u"{\"message\":\"m\"}"_s;
        QTest::newRow("spaced") << u" \r\n{ \"subject\" :\t\"s\" ,\n\"message\" : \"m\" } \n"_s;
    }
    void fieldOrderDoesNotMatter() {
        QFETCH(QString, text);
        JsonFieldStream stream(wanted);
        const FeedResult outcome = feedPieces(stream, {text});
        QCOMPARE(mismatch(stream, outcome, reference(text), wanted), QString());
        QCOMPARE(stream.value(u"message"_s), u"m"_s);
    }

    void deltasArriveAsTheMessageGrows() {
        JsonFieldStream stream({u"message"_s});
        QCOMPARE(stream.feed(u"{\"subject\":\"Hi\",\"mess"), QList<JsonFieldStream::Delta>());
        QCOMPARE(stream.feed(u"age\": \"Dear Ana"),
                 (QList<JsonFieldStream::Delta>{{u"message"_s, u"Dear Ana"_s}}));
        QVERIFY(!stream.isComplete(u"message"_s));
        QCOMPARE(stream.feed(u",\\n"), (QList<JsonFieldStream::Delta>{{u"message"_s, u",\n"_s}}));
        // The chunk ends inside an escape: nothing yet, then the whole character.
        QCOMPARE(stream.feed(u"\\"), QList<JsonFieldStream::Delta>());
        QCOMPARE(stream.feed(u"u00"), QList<JsonFieldStream::Delta>());
        QCOMPARE(stream.feed(u"fc"), (QList<JsonFieldStream::Delta>{{u"message"_s, u"ü"_s}}));
        // Half a surrogate pair is held back until its other half.
        QCOMPARE(stream.feed(u"x\\ud83d"), (QList<JsonFieldStream::Delta>{{u"message"_s, u"x"_s}}));
        QCOMPARE(stream.feed(u"\\ude00\""),
                 (QList<JsonFieldStream::Delta>{{u"message"_s, u"😀"_s}}));
        QVERIFY(stream.isComplete(u"message"_s));
        QVERIFY(!stream.isObjectComplete());
        QCOMPARE(stream.feed(u", \"message_2\": \"no\"}"), QList<JsonFieldStream::Delta>());
        QVERIFY(stream.isObjectComplete());
        QCOMPARE(stream.value(u"message"_s), u"Dear Ana,\nüx😀"_s);
        QVERIFY(!stream.failed());
    }

    void twoFieldsInOneChunkComeInOrder() {
        JsonFieldStream stream(wanted);
        QCOMPARE(stream.feed(u"{\"subject\":\"S\",\"message\":\"M1"),
                 (QList<JsonFieldStream::Delta>{{u"subject"_s, u"S"_s}, {u"message"_s, u"M1"_s}}));
        QCOMPARE(stream.feed(u"M2\",\"suggested_follow_up\":\"F\"}"),
                 (QList<JsonFieldStream::Delta>{{u"message"_s, u"M2"_s},
                                                {u"suggested_follow_up"_s, u"F"_s}}));
    }

    void nestedKeysAreDecoys_data() {
        QTest::addColumn<QString>("text");
        QTest::newRow("object") << u"{\"meta\":{\"message\":\"no\"},\"message\":\"yes\"}"_s;
        QTest::newRow("array")
            << u"{\"list\":[{\"message\":\"no\"},\"message\"],\"message\":\"yes\"}"_s;
        QTest::newRow("deep") << u"{\"a\":[[{\"b\":{\"message\":\"no\"}}]],\"message\":\"yes\"}"_s;
        QTest::newRow("in a string")
            << u"{\"s\":\"{\\\"message\\\":\\\"no\\\"}\",\"message\":\"yes\"}"_s;
        QTest::newRow("as a value") << u"{\"message\":\"yes\",\"k\":\"message\"}"_s;
        QTest::newRow("after") << u"{\"message\":\"yes\",\"meta\":{\"message\":\"no\"}}"_s;
    }
    void nestedKeysAreDecoys() {
        QFETCH(QString, text);
        JsonFieldStream stream({u"message"_s});
        QString streamed;
        for (const JsonFieldStream::Delta &delta : stream.feed(text))
            streamed += delta.text;
        QCOMPARE(streamed, u"yes"_s);
        QCOMPARE(stream.value(u"message"_s), reference(text).value(u"message"_s).toString());
        QVERIFY(!stream.failed());
    }

    void otherValuesAreSkipped() {
        const QString text =
            u"{\"n\":-0.5e-7,\"t\":true,\"f\":false,\"z\":null,\"e\":{},\"a\":[],\"q\":\"\\\"}{][\\\\\",\"o\":{\"k\":[1,{\"x\":\"]\"}]},\"message\":\"ok\"}"_s;
        JsonFieldStream stream({u"message"_s});
        const FeedResult outcome = feedPieces(stream, {text});
        QCOMPARE(mismatch(stream, outcome, reference(text), {u"message"_s}), QString());
    }

    void wantedFieldThatIsNotAString_data() {
        QTest::addColumn<QString>("text");
        QTest::newRow("number") << u"{\"message\":42}"_s;
        QTest::newRow("object") << u"{\"message\":{\"text\":\"hi\"}}"_s;
        QTest::newRow("array") << u"{\"message\":[\"hi\"]}"_s;
        QTest::newRow("true") << u"{\"message\":true}"_s;
    }
    void wantedFieldThatIsNotAString() {
        // The schema says string: anything else means the output cannot be shown as a message.
        QFETCH(QString, text);
        JsonFieldStream stream({u"message"_s});
        QVERIFY(stream.feed(text).isEmpty());
        QVERIFY(stream.failed());
        QVERIFY2(stream.errorString().contains(u"message"_s), qPrintable(stream.errorString()));
        QVERIFY(!stream.isComplete(u"message"_s));
    }

    void wantedFieldThatIsNull() {
        // How strict schemas spell an optional string: complete, and empty.
        JsonFieldStream stream(wanted);
        QCOMPARE(stream.feed(u"{\"suggested_follow_up\": null, \"message\":\"m\"}"),
                 (QList<JsonFieldStream::Delta>{{u"message"_s, u"m"_s}}));
        QVERIFY(!stream.failed());
        QVERIFY(stream.isComplete(u"suggested_follow_up"_s));
        QVERIFY(stream.value(u"suggested_follow_up"_s).isEmpty());
        QVERIFY(!stream.isComplete(u"subject"_s));
    }

    void notAJsonObject_data() {
        QTest::addColumn<QString>("text");
        QTest::newRow("prose") << u"Dear Ana, thanks for"_s;
        QTest::newRow("code fence") << u"```json\n{\"message\":\"m\"}\n```"_s;
        QTest::newRow("array") << u"[{\"message\":\"m\"}]"_s;
        QTest::newRow("string") << u"\"message\""_s;
        QTest::newRow("missing colon") << u"{\"message\" \"m\"}"_s;
        QTest::newRow("missing comma") << u"{\"a\":1 \"message\":\"m\"}"_s;
        QTest::newRow("trailing comma") << u"{\"a\":1,}"_s;
        QTest::newRow("trailing comma in array") << u"{\"a\":[1,]}"_s;
        QTest::newRow("leading zero") << u"{\"a\":01}"_s;
        QTest::newRow("bare minus") << u"{\"a\":-}"_s;
        QTest::newRow("bad exponent") << u"{\"a\":1e}"_s;
        QTest::newRow("bad literal") << u"{\"a\":tru}"_s;
        QTest::newRow("unquoted key") << u"{message:\"m\"}"_s;
        QTest::newRow("single quotes") << u"{'message':'m'}"_s;
        QTest::newRow("bad unicode escape") << u"{\"message\":\"\\u00zz\"}"_s;
        QTest::newRow("mismatched bracket") << u"{\"a\":[1}}"_s;
        QTest::newRow("text after") << u"{\"message\":\"m\"} and more"_s;
        QTest::newRow("second object") << u"{\"message\":\"m\"}{\"message\":\"n\"}"_s;
    }
    void notAJsonObject() {
        QFETCH(QString, text);
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8(), &error);
        QVERIFY(error.error != QJsonParseError::NoError || !document.isObject());
        // Whole and one character at a time: failed either way, with a reason.
        for (int perCharacter = 0; perCharacter < 2; ++perCharacter) {
            JsonFieldStream stream({u"message"_s});
            QList<QStringView> pieces{text};
            if (perCharacter) {
                pieces.clear();
                for (qsizetype i = 0; i < text.size(); ++i)
                    pieces.append(QStringView(text).sliced(i, 1));
            }
            feedPieces(stream, pieces);
            QVERIFY(stream.failed());
            QVERIFY(!stream.errorString().isEmpty());
            // Failed stays failed.
            QVERIFY(stream.feed(u"\"more\"}").isEmpty());
        }
    }

    void textBeforeTheFailureIsKept() {
        JsonFieldStream stream({u"message"_s});
        QCOMPARE(stream.feed(u"{\"message\":\"partial\"} oops"),
                 (QList<JsonFieldStream::Delta>{{u"message"_s, u"partial"_s}}));
        QVERIFY(stream.failed());
        QCOMPARE(stream.value(u"message"_s), u"partial"_s);
    }

    void repeatedWantedKeyFails() {
        // QJsonDocument keeps the last; the first has been streamed and cannot be taken back.
        JsonFieldStream stream({u"message"_s});
        stream.feed(u"{\"message\":\"one\",\"message\":\"two\"}");
        QVERIFY(stream.failed());
        QCOMPARE(stream.value(u"message"_s), u"one"_s);
        // Repeated keys that are not wanted are fine.
        JsonFieldStream other({u"message"_s});
        other.feed(u"{\"x\":1,\"x\":2,\"message\":\"m\"}");
        QVERIFY(!other.failed());
    }

    void lenientWhereQJsonDocumentIs_data() {
        QTest::addColumn<QString>("text");
        QTest::newRow("raw newline") << u"{\"message\":\"a\nb\tc\"}"_s;
        QTest::newRow("unknown escape") << u"{\"message\":\"\\x\\q\"}"_s;
        QTest::newRow("number ending in a dot") << u"{\"a\":12.,\"message\":\"m\"}"_s;
        QTest::newRow("byte order mark") << u"\uFEFF{\"message\":\"m\"}"_s;
        QTest::newRow("lone surrogate escape") << u"{\"message\":\"\\ud800x\"}"_s;
        QTest::newRow("NUL escape") << u"{\"message\":\"a\\u0000b\"}"_s;
    }
    void lenientWhereQJsonDocumentIs() {
        QFETCH(QString, text);
        JsonFieldStream stream({u"message"_s});
        QList<QStringView> pieces;
        for (qsizetype i = 0; i < text.size(); ++i)
            pieces.append(QStringView(text).sliced(i, 1));
        const FeedResult outcome = feedPieces(stream, pieces);
        QVERIFY2(!stream.failed(), qPrintable(stream.errorString()));
        QCOMPARE(stream.value(u"message"_s), reference(text).value(u"message"_s).toString());
        QCOMPARE(outcome.streamed.value(u"message"_s), stream.value(u"message"_s));
    }

    void unknownFieldNames() {
        JsonFieldStream stream({u"message"_s, u"message"_s});
        const QList<JsonFieldStream::Delta> deltas = stream.feed(u"{\"message\":\"m\"}");
        QCOMPARE(deltas, (QList<JsonFieldStream::Delta>{{u"message"_s, u"m"_s}}));
        QVERIFY(stream.value(u"other"_s).isNull());
        QVERIFY(!stream.isComplete(u"other"_s));
    }

    void truncatedOutput() {
        JsonFieldStream stream(wanted);
        stream.feed(u"{\"subject\":\"S\",\"message\":\"Dear Ana, the offer");
        QVERIFY(!stream.failed());
        QVERIFY(!stream.isObjectComplete());
        QVERIFY(stream.isComplete(u"subject"_s));
        QVERIFY(!stream.isComplete(u"message"_s));
        QCOMPARE(stream.value(u"message"_s), u"Dear Ana, the offer"_s);
    }

    void deepNestingIsBounded() {
        JsonFieldStream stream({u"message"_s});
        const QString deep = u"{\"a\":"_s + QString(5000, u'[');
        stream.feed(deep);
        QVERIFY(stream.failed());
    }

    void longMessageOneCharacterAtATime() {
        // Linear: a 1 MiB message fed character by character.
        const QString body = QString(1 << 20, u'x');
        const QString text = u"{\"message\":\""_s + body + u"\"}"_s;
        JsonFieldStream stream({u"message"_s});
        qsizetype streamed = 0;
        for (qsizetype i = 0; i < text.size(); ++i)
            for (const JsonFieldStream::Delta &delta : stream.feed(QStringView(text).sliced(i, 1)))
                streamed += delta.text.size();
        QCOMPARE(streamed, body.size());
        QCOMPARE(stream.value(u"message"_s), body);
    }
};

QTEST_GUILESS_MAIN(TestJsonFieldStream)
#include "tst_jsonfieldstream.moc"
