// JsonFieldStream: the structured-output object fed in every split, one character at a time and
// in random pieces gives exactly what QJsonDocument reads from the whole text.
#include "JsonFieldStream.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

const QStringList Fields = {u"subject"_s, u"message"_s};

QString sample() {
    // Escapes of every kind, a surrogate pair written as \u escapes, decoy keys deeper down,
    // braces and quotes inside other strings, and the wanted fields after other values.
    // Kept out of raw string literals: moc mis-tokenises this one and then finds no class.
    return QString::fromUtf8(
        "{ \"used_context\" : [\"ticket\", \"interaction:I-5001\", "
        "\"{\\\"message\\\":\\\"no\\\"}\"],\n"
        "  \"meta\": {\"message\": \"decoy\", \"n\": [1, {\"subject\": \"decoy\"}]},\n"
        "  \"confidence\": 0.82, \"flag\": true, \"nothing\": null,\n"
        "  \"subject\": \"Re: \\\"pricing\\\" \\u00e9t\\u00e9 \\ud83d\\ude00\",\n"
        "  \"message\": \"Hi Lee,\\n\\tthe add-on is billed per seat \\\\ per workspace / 50 % "
        "\\u65e5\\u672c.\\r\\nBest\",\n"
        "  \"suggested_follow_up\": \"Call on Tuesday\" }\n");
}

QString expected(const QString &text, const QString &field) {
    return QJsonDocument::fromJson(text.toUtf8()).object().value(field).toString();
}

QString concatenated(const QList<JsonFieldStream::Delta> &deltas, const QString &field) {
    QString text;
    for (const JsonFieldStream::Delta &delta : deltas) {
        if (delta.field == field)
            text += delta.text;
    }
    return text;
}

} // namespace

class TestJsonFieldStream : public QObject {
    Q_OBJECT

private slots:
    void wholeText() {
        JsonFieldStream stream(Fields);
        const QList<JsonFieldStream::Delta> deltas = stream.feed(sample());
        QVERIFY(!stream.failed());
        for (const QString &field : Fields) {
            QCOMPARE(stream.value(field), expected(sample(), field));
            QCOMPARE(concatenated(deltas, field), expected(sample(), field));
            QVERIFY(stream.isComplete(field));
        }
        QVERIFY(stream.value(u"subject"_s).contains(u"😀"_s));
    }

    void everySplit() {
        const QString text = sample();
        for (qsizetype cut = 0; cut <= text.size(); ++cut) {
            JsonFieldStream stream(Fields);
            QList<JsonFieldStream::Delta> deltas = stream.feed(QStringView(text).first(cut));
            deltas += stream.feed(QStringView(text).sliced(cut));
            for (const QString &field : Fields)
                QCOMPARE(concatenated(deltas, field), expected(text, field));
        }
    }

    void oneCharacterAtATimeAndRandomPieces() {
        const QString text = sample();
        JsonFieldStream single(Fields);
        QList<JsonFieldStream::Delta> deltas;
        for (qsizetype i = 0; i < text.size(); ++i)
            deltas += single.feed(QStringView(text).sliced(i, 1));
        QCOMPARE(concatenated(deltas, u"message"_s), expected(text, u"message"_s));

        QRandomGenerator random(7);
        for (int round = 0; round < 300; ++round) {
            JsonFieldStream stream(Fields);
            for (qsizetype at = 0; at < text.size();) {
                const qsizetype size = std::min<qsizetype>(random.bounded(1, 9), text.size() - at);
                stream.feed(QStringView(text).sliced(at, size));
                at += size;
            }
            QCOMPARE(stream.value(u"message"_s), expected(text, u"message"_s));
            QCOMPARE(stream.value(u"subject"_s), expected(text, u"subject"_s));
        }
    }

    void textGrowsAsItArrives() {
        JsonFieldStream stream(Fields);
        QVERIFY(stream.feed(QString::fromUtf8("{\"message\": \"Hel")).constFirst().text
                == u"Hel"_s);
        QVERIFY(!stream.isComplete(u"message"_s));
        const QList<JsonFieldStream::Delta> more =
            stream.feed(QString::fromUtf8("lo\", \"subject\": \"x\"}"));
        QCOMPARE(more.size(), 2);
        QCOMPARE(more.at(0).text, u"lo"_s);
        QCOMPARE(more.at(1).field, u"subject"_s);
        QVERIFY(stream.isComplete(u"message"_s));
    }

    void nonStringValuesOfWantedFieldsAreSkipped() {
        JsonFieldStream stream(Fields);
        stream.feed(QString::fromUtf8("{\"message\": {\"text\": \"nested\"}, \"subject\": 42}"));
        QVERIFY(!stream.failed());
        QVERIFY(stream.value(u"message"_s).isEmpty());
        QVERIFY(!stream.isComplete(u"message"_s));
    }

    void notAnObjectFails() {
        JsonFieldStream stream(Fields);
        stream.feed(u"Subject: plain text"_s);
        QVERIFY(stream.failed());
        QVERIFY(!stream.errorString().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestJsonFieldStream)
#include "tst_jsonfieldstream.moc"
