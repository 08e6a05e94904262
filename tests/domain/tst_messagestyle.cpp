// SPDX-License-Identifier: GPL-3.0-or-later
// MessageStyle: the tone and length names a draft, the command line and the CRM metadata use, the
// labels the UI shows, and a draft that keeps both through its stored JSON.
#include "domain/Draft.h"
#include "domain/MessageStyle.h"

#include <QSet>
#include <QTest>

using namespace Qt::StringLiterals;

class TestMessageStyle : public QObject {
    Q_OBJECT

private slots:
    void wireNamesAreTheOnesStoredSoFar() {
        // Drafts and sent messages written by earlier versions hold these names.
        QCOMPARE(MessageStyle::name(MessageTone::Concise), u"concise"_s);
        QCOMPARE(MessageStyle::name(MessageTone::Warm), u"warm"_s);
        QCOMPARE(MessageStyle::name(MessageTone::Formal), u"formal"_s);
        QCOMPARE(MessageStyle::name(MessageTone::Friendly), u"friendly"_s);
        QCOMPARE(MessageStyle::name(MessageTone::Direct), u"direct"_s);
        QCOMPARE(MessageStyle::name(MessageLength::Short), u"short"_s);
        QCOMPARE(MessageStyle::name(MessageLength::Medium), u"medium"_s);
        QCOMPARE(MessageStyle::name(MessageLength::Long), u"long"_s);
    }

    void everyValueRoundTripsAndHasItsOwnLabel() {
        QSet<QString> toneLabels;
        for (const MessageTone tone : MessageStyle::Tones) {
            QCOMPARE(MessageStyle::toneFromName(MessageStyle::name(tone)), std::optional(tone));
            QVERIFY(!MessageStyle::label(tone).isEmpty());
            toneLabels.insert(MessageStyle::label(tone));
        }
        QCOMPARE(toneLabels.size(), qsizetype(MessageStyle::Tones.size()));
        QSet<QString> lengthLabels;
        for (const MessageLength length : MessageStyle::Lengths) {
            QCOMPARE(MessageStyle::lengthFromName(MessageStyle::name(length)),
                     std::optional(length));
            lengthLabels.insert(MessageStyle::label(length));
        }
        QCOMPARE(lengthLabels.size(), qsizetype(MessageStyle::Lengths.size()));
    }

    void unknownNamesAreRejected() {
        QCOMPARE(MessageStyle::toneFromName(u"Warm"), std::nullopt); // names are exact
        QCOMPARE(MessageStyle::toneFromName(u""), std::nullopt);
        QCOMPARE(MessageStyle::toneFromName(u"medium"), std::nullopt);
        QCOMPARE(MessageStyle::lengthFromName(u"warm"), std::nullopt);
        QCOMPARE(MessageStyle::lengthFromName(u"very long"), std::nullopt);
    }

    void aDraftKeepsItsToneAndLengthThroughItsJson() {
        Draft draft;
        draft.ticketId = u"T-1"_s;
        draft.tone = MessageTone::Friendly;
        draft.length = MessageLength::Long;
        const QJsonObject json = draft.toJson();
        QCOMPARE(json.value(u"tone"_s).toString(), u"friendly"_s);
        QCOMPARE(json.value(u"length"_s).toString(), u"long"_s);
        const Draft restored = Draft::fromJson(u"T-1"_s, json);
        QCOMPARE(restored.tone, MessageTone::Friendly);
        QCOMPARE(restored.length, MessageLength::Long);
    }

    void aDraftWithAnUnknownOrMissingStyleGetsTheDefaults() {
        const Draft unknown =
            Draft::fromJson(u"T-1"_s, QJsonObject{{u"tone"_s, u"sarcastic"_s}, {u"length"_s, 3}});
        QCOMPARE(unknown.tone, MessageTone::Concise);
        QCOMPARE(unknown.length, MessageLength::Medium);
        const Draft missing = Draft::fromJson(u"T-1"_s, QJsonObject{{u"prompt"_s, u"Hi"_s}});
        QCOMPARE(missing.tone, MessageTone::Concise);
        QCOMPARE(missing.length, MessageLength::Medium);
        QCOMPARE(missing.prompt, u"Hi"_s);
    }
};

QTEST_GUILESS_MAIN(TestMessageStyle)
#include "tst_messagestyle.moc"
