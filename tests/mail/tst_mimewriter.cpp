// SPDX-License-Identifier: GPL-3.0-or-later
// Drafts as MIME: what GMime writes, checked on the bytes and read back with GMime.
#include "mail/MimeWriter.h"
#include "mail/ReceivedMail.h"

#include <QRegularExpression>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;

namespace {

MailDraft sample() {
    MailDraft draft;
    draft.from = {u"Sam Rivera"_s, u"sam@vendor.example"_s};
    draft.to = {u"Zoë Bäcker"_s, u"zoe.baecker@mueller-soehne.example"_s};
    draft.subject = u"Ihr Angebot für Müller & Söhne – nächste Schritte"_s;
    draft.text =
        u"Hallo Frau Bäcker,\n\nwie besprochen: 12 % Rabatt bis Freitag. Grüße aus Zürich!\n\n"
        "Sam"_s;
    draft.messageId = u"20261207.abc123@vendor.example"_s;
    draft.date = QDateTime(QDate(2026, 12, 7), QTime(14, 2, 11), QTimeZone::utc());
    return draft;
}

QByteArray header(const QByteArray &message, const QByteArray &name) {
    const qsizetype end = message.indexOf("\r\n\r\n");
    const QList<QByteArray> lines = message.left(end).split('\n');
    QByteArray value;
    bool in = false;
    for (QByteArray line : lines) {
        line = line.chopped(line.endsWith('\r') ? 1 : 0);
        if (in && (line.startsWith(' ') || line.startsWith('\t'))) {
            value += line;
            continue;
        }
        in = line.toLower().startsWith(QByteArray(name.toLower() + ':'));
        if (in)
            value = line.mid(name.size() + 1).trimmed();
    }
    return value;
}

} // namespace

class TestMimeWriter : public QObject {
    Q_OBJECT

private slots:
    void writesAnRfc5322DraftWithEncodedHeadersAndQuotedPrintableUtf8() {
        const Result<QByteArray> written = MimeWriter::write(sample());
        QVERIFY2(written.ok(), qPrintable(written.ok() ? QString() : written.error().message()));
        const QByteArray &bytes = written.value();
        // 7-bit clean with CRLF line ends throughout.
        for (char c : bytes)
            QVERIFY2(static_cast<unsigned char>(c) < 128, "8-bit byte in the message");
        QCOMPARE(bytes.count("\n"), bytes.count("\r\n"));
        QCOMPARE(header(bytes, "X-Unsent"), QByteArray("1"));
        QCOMPARE(header(bytes, "Message-Id"), QByteArray("<20261207.abc123@vendor.example>"));
        QCOMPARE(header(bytes, "MIME-Version"), QByteArray("1.0"));
        QVERIFY(header(bytes, "Content-Type").startsWith("text/plain; charset=utf-8"));
        QCOMPARE(header(bytes, "Content-Transfer-Encoding"), QByteArray("quoted-printable"));
        QVERIFY2(header(bytes, "Subject").toLower().contains("=?utf-8?"),
                 header(bytes, "Subject").constData());
        QVERIFY(header(bytes, "To").contains("<zoe.baecker@mueller-soehne.example>"));
        QVERIFY(header(bytes, "From").contains("Sam Rivera <sam@vendor.example>"));
        QVERIFY(header(bytes, "Date").contains("07 Dec 2026 14:02:11 +0000"));
        // "ü" in UTF-8, quoted-printable.
        QVERIFY(bytes.contains("Gr=C3=BC=C3=9Fe aus Z=C3=BCrich!"));
    }

    void readsBackTheSameSubjectSenderAndText() {
        const MailDraft draft = sample();
        const Result<QByteArray> written = MimeWriter::write(draft);
        QVERIFY(written.ok());
        const Result<ReceivedMail> read = ReceivedMail::parse(written.value());
        QVERIFY(read.ok());
        QCOMPARE(read.value().subject, draft.subject);
        QCOMPARE(read.value().messageId, draft.messageId);
        QCOMPARE(read.value().from, draft.from);
        QCOMPARE(read.value().date, draft.date);
        QCOMPARE(read.value().text, draft.text + u'\n');
        QVERIFY(!read.value().isDeliveryReport);
    }

    void aLongSubjectIsFoldedAndSurvives() {
        MailDraft draft = sample();
        draft.subject =
            QString(u"Sehr lange Betreffzeile über Preisgestaltung "_s).repeated(6).trimmed();
        const Result<QByteArray> written = MimeWriter::write(draft);
        QVERIFY(written.ok());
        for (const QByteArray &line : written.value().split('\n'))
            QVERIFY2(line.size() <= 998, "a line longer than RFC 5322 allows");
        QCOMPARE(ReceivedMail::parse(written.value()).value().subject, draft.subject);
    }

    void anHtmlAlternativeMakesAMultipartAlternative() {
        MailDraft draft = sample();
        draft.html = u"<p>Hallo Frau Bäcker,</p><p>wie besprochen.</p>"_s;
        const Result<QByteArray> written = MimeWriter::write(draft);
        QVERIFY(written.ok());
        QVERIFY(header(written.value(), "Content-Type").startsWith("multipart/alternative"));
        QVERIFY(written.value().contains("Content-Type: text/plain; charset=utf-8"));
        QVERIFY(written.value().contains("Content-Type: text/html; charset=utf-8"));
    }

    void withoutASenderTheClientsDefaultAccountIsLeftToChoose() {
        MailDraft draft = sample();
        draft.from = {};
        const Result<QByteArray> written = MimeWriter::write(draft);
        QVERIFY(written.ok());
        QVERIFY(header(written.value(), "From").isEmpty());
    }

    void refusesADraftWithoutRecipientOrText() {
        MailDraft noRecipient = sample();
        noRecipient.to = {};
        QVERIFY(!MimeWriter::write(noRecipient).ok());
        QCOMPARE(MimeWriter::write(noRecipient).error().code(),
                 OutreachError::Code::ContextInvalid);
        MailDraft noText = sample();
        noText.text = u"  \n"_s;
        QVERIFY(!MimeWriter::write(noText).ok());
    }

    void messageIdsAreUniqueAndInTheSendersDomain() {
        const QString a = MimeWriter::newMessageId(u"sam@Vendor.Example"_s);
        const QString b = MimeWriter::newMessageId(u"sam@vendor.example"_s);
        QVERIFY(a != b);
        QVERIFY2(a.endsWith(u"@vendor.example"_s), qPrintable(a));
        QVERIFY(!a.contains(u'<'));
        QVERIFY(MimeWriter::newMessageId(QString()).endsWith(u"@outreachgpt.invalid"_s));
        QVERIFY(MimeWriter::newMessageId(u"x@bad domain"_s).endsWith(u"@outreachgpt.invalid"_s));
    }
};

QTEST_GUILESS_MAIN(TestMimeWriter)
#include "tst_mimewriter.moc"
