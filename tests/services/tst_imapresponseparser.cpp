// SPDX-License-Identifier: GPL-3.0-or-later
// The IMAP response parser on every response shape the client reads (status with codes,
// capabilities, EXISTS, LIST, SEARCH, FETCH with literals), fed whole and one byte at a time;
// garbage and oversized literals end in a clear error; the modified UTF-7 mailbox names; the
// search key builder.
#include "mail/ImapConnection.h"
#include "mail/ImapMailboxName.h"
#include "mail/ImapResponseParser.h"
#include "mail/ImapSearch.h"
#include "mail/MailAccount.h"

#include <QTest>

using namespace Qt::StringLiterals;

namespace {

QList<ImapResponse> parseAll(const QByteArray &bytes, bool byteByByte, QString *error = nullptr) {
    ImapResponseParser parser;
    QList<ImapResponse> responses;
    if (byteByByte) {
        for (qsizetype i = 0; i < bytes.size(); ++i) {
            parser.feed(QByteArrayView(bytes.constData() + i, 1));
            while (parser.hasResponse())
                responses.append(parser.takeResponse());
        }
    } else {
        parser.feed(bytes);
        while (parser.hasResponse())
            responses.append(parser.takeResponse());
    }
    if (error)
        *error = parser.errorString();
    return responses;
}

} // namespace

class TestImapResponseParser : public QObject {
    Q_OBJECT
private slots:
    void responses_data();
    void responses();
    void fetchWithLiterals();
    void fetchSplitEverywhere();
    void quotedEscapesAndNil();
    void continuation();
    void garbageIsAnError_data();
    void garbageIsAnError();
    void oversizedLiteralIsAnError();
    void overlongLineIsAnError();
    void stopsAfterAnError();
    void mailboxNames_data();
    void mailboxNames();
    void invalidMailboxNames();
    void searchKeys();
    void internalDates();
    void uidSets();
    void accounts();
};

void TestImapResponseParser::responses_data() {
    QTest::addColumn<bool>("byteByByte");
    QTest::newRow("whole") << false;
    QTest::newRow("byte by byte") << true;
}

void TestImapResponseParser::responses() {
    QFETCH(bool, byteByByte);
    const QByteArray wire = "* OK [CAPABILITY IMAP4rev1 STARTTLS AUTH=PLAIN] Dovecot ready.\r\n"
                            "a1 OK [APPENDUID 38505 3955] Append completed.\r\n"
                            "* OK [UIDVALIDITY 3857529045] UIDs valid\r\n"
                            "* 172 EXISTS\r\n"
                            "* LIST (\\HasNoChildren \\Drafts) \"/\" Drafts\r\n"
                            "* LIST (\\HasNoChildren) \"/\" \"Entw&APw-rfe\"\r\n"
                            "* SEARCH 1 2 3\r\n"
                            "* SEARCH\r\n"
                            "* CAPABILITY IMAP4rev1 IDLE LITERAL+\r\n"
                            "a2 NO [AUTHENTICATIONFAILED] Authentication failed.\r\n"
                            "a3 BAD Error in IMAP command received by server.\r\n"
                            "* OK [PERMANENTFLAGS (\\Answered \\Draft \\*)] Flags permitted.\r\n"
                            "* BYE Logging out\r\n";
    QString error;
    const QList<ImapResponse> r = parseAll(wire, byteByByte, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(r.size(), 13);

    QCOMPARE(r[0].kind, ImapResponse::Kind::Untagged);
    QCOMPARE(r[0].status, "OK");
    QCOMPARE(r[0].code, "CAPABILITY");
    QCOMPARE(r[0].codeArgs.size(), 3);
    QCOMPARE(r[0].codeArgs[2].bytes, "AUTH=PLAIN");
    QCOMPARE(r[0].text, u"Dovecot ready."_s);

    QCOMPARE(r[1].kind, ImapResponse::Kind::Tagged);
    QCOMPARE(r[1].tag, "a1");
    QCOMPARE(r[1].status, "OK");
    QCOMPARE(r[1].code, "APPENDUID");
    QCOMPARE(r[1].codeArgs[0].number(), std::optional<quint32>(38505));
    QCOMPARE(r[1].codeArgs[1].number(), std::optional<quint32>(3955));
    QCOMPARE(r[1].text, u"Append completed."_s);

    QCOMPARE(r[2].code, "UIDVALIDITY");
    QCOMPARE(r[2].codeArgs[0].number(), std::optional<quint32>(3857529045u));

    QCOMPARE(r[3].number, std::optional<quint32>(172));
    QCOMPARE(r[3].name, "EXISTS");
    QVERIFY(!r[3].isStatus());

    QCOMPARE(r[4].name, "LIST");
    QCOMPARE(r[4].data.size(), 3);
    QVERIFY(r[4].data[0].isList());
    QCOMPARE(r[4].data[0].items.size(), 2);
    QCOMPARE(r[4].data[0].items[1].bytes, "\\Drafts");
    QCOMPARE(r[4].data[1].kind, ImapValue::Kind::Quoted);
    QCOMPARE(r[4].data[1].bytes, "/");
    QCOMPARE(r[4].data[2].bytes, "Drafts");
    QCOMPARE(ImapMailboxName::decodeLenient(r[5].data[2].bytes), u"Entwürfe"_s);

    QCOMPARE(r[6].name, "SEARCH");
    QCOMPARE(r[6].data.size(), 3);
    QCOMPARE(r[6].data[2].number(), std::optional<quint32>(3));
    QCOMPARE(r[7].name, "SEARCH");
    QVERIFY(r[7].data.isEmpty());

    QCOMPARE(r[8].name, "CAPABILITY");
    QCOMPARE(r[8].data.size(), 3);
    QVERIFY(r[8].data[1].isAtom("idle"));

    QCOMPARE(r[9].status, "NO");
    QCOMPARE(r[9].code, "AUTHENTICATIONFAILED");
    QVERIFY(r[9].codeArgs.isEmpty());
    QCOMPARE(r[9].text, u"Authentication failed."_s);
    QCOMPARE(r[10].status, "BAD");
    QCOMPARE(r[10].text, u"Error in IMAP command received by server."_s);

    QCOMPARE(r[11].code, "PERMANENTFLAGS");
    QCOMPARE(r[11].codeArgs.size(), 1);
    QCOMPARE(r[11].codeArgs[0].items.size(), 3);
    QCOMPARE(r[11].codeArgs[0].items[2].bytes, "\\*");
    QCOMPARE(r[12].status, "BYE");
}

void TestImapResponseParser::fetchWithLiterals() {
    const QByteArray header = "Message-ID: <a@b>\r\nSubject: (unbalanced \"quote\r\n\r\n";
    const QByteArray body = "line one\r\n{5}\r\n) ] \" *\r\n";
    const QByteArray wire = "* 12 FETCH (UID 7 INTERNALDATE \"07-Dec-2026 14:02:11 +0000\" "
                            "BODY[HEADER.FIELDS (MESSAGE-ID SUBJECT)] {"
                            + QByteArray::number(header.size()) + "}\r\n" + header + " BODY[] {"
                            + QByteArray::number(body.size()) + "}\r\n" + body
                            + " FLAGS (\\Seen))\r\na4 OK Fetch completed.\r\n";
    for (const bool byteByByte : {false, true}) {
        QString error;
        const QList<ImapResponse> r = parseAll(wire, byteByByte, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(r.size(), 2);
        QCOMPARE(r[0].number, std::optional<quint32>(12));
        QCOMPARE(r[0].name, "FETCH");
        QCOMPARE(r[0].data.size(), 1);
        const QList<ImapValue> &items = r[0].data[0].items;
        QCOMPARE(items.size(), 10);
        QVERIFY(items[0].isAtom("UID"));
        QCOMPARE(items[1].number(), std::optional<quint32>(7));
        QVERIFY(items[2].isAtom("INTERNALDATE"));
        QCOMPARE(items[3].bytes, "07-Dec-2026 14:02:11 +0000");
        QCOMPARE(items[4].bytes, "BODY[HEADER.FIELDS (MESSAGE-ID SUBJECT)]");
        QCOMPARE(items[5].kind, ImapValue::Kind::Literal);
        QCOMPARE(items[5].bytes, header);
        QCOMPARE(items[6].bytes, "BODY[]");
        QCOMPARE(items[7].bytes, body);
        QVERIFY(items[8].isAtom("FLAGS"));
        QCOMPARE(items[9].items[0].bytes, "\\Seen");
        QCOMPARE(r[1].tag, "a4");
    }
}

void TestImapResponseParser::fetchSplitEverywhere() {
    // Every split point of a response with a literal gives the same result.
    const QByteArray wire =
        "* 1 FETCH (UID 3 BODY[HEADER] {4}\r\nab\r\n)\r\n* 2 FETCH (UID 4 BODY[TEXT] {0}\r\n)\r\n";
    for (qsizetype split = 0; split <= wire.size(); ++split) {
        ImapResponseParser parser;
        parser.feed(QByteArrayView(wire).first(split));
        parser.feed(QByteArrayView(wire).sliced(split));
        QVERIFY2(!parser.hasError(), qPrintable(parser.errorString()));
        QVERIFY(parser.hasResponse());
        const ImapResponse first = parser.takeResponse();
        QCOMPARE(first.data[0].items[3].bytes, "ab\r\n");
        QVERIFY(parser.hasResponse());
        const ImapResponse second = parser.takeResponse();
        QCOMPARE(second.data[0].items[3].kind, ImapValue::Kind::Literal);
        QVERIFY(second.data[0].items[3].bytes.isEmpty());
        QVERIFY(!parser.hasResponse());
        QVERIFY(!parser.hasPendingBytes());
    }
}

void TestImapResponseParser::quotedEscapesAndNil() {
    const QList<ImapResponse> r =
        parseAll("* LIST (\\Noselect) NIL \"a \\\"quoted\\\" \\\\ name\"\r\n"
                 "* 3 FETCH (BODY[HEADER] NIL ENVELOPE (NIL \"x\" ((NIL NIL \"a\" \"b\"))))\r\n",
                 false);
    QCOMPARE(r.size(), 2);
    QVERIFY(r[0].data[1].isNil());
    QCOMPARE(r[0].data[2].bytes, "a \"quoted\" \\ name");
    QVERIFY(r[1].data[0].items[1].isNil());
    QCOMPARE(r[1].data[0].items[3].items[2].items[0].items[3].bytes, "b");
}

void TestImapResponseParser::continuation() {
    const QList<ImapResponse> r = parseAll("+ Ready for literal data\r\n+\r\n+ idling\r\n", true);
    QCOMPARE(r.size(), 3);
    QCOMPARE(r[0].kind, ImapResponse::Kind::Continuation);
    QCOMPARE(r[0].text, u"Ready for literal data"_s);
    QCOMPARE(r[1].kind, ImapResponse::Kind::Continuation);
    QVERIFY(r[1].text.isEmpty());
    QCOMPARE(r[2].text, u"idling"_s);
}

void TestImapResponseParser::garbageIsAnError_data() {
    QTest::addColumn<QByteArray>("wire");
    QTest::newRow("http") << QByteArray("HTTP/1.1 400 Bad Request\r\n");
    QTest::newRow("no tag") << QByteArray(" OK hello\r\n");
    QTest::newRow("unterminated quote") << QByteArray("* LIST () \"/\" \"Drafts\r\n");
    QTest::newRow("unbalanced list") << QByteArray("* 1 FETCH (UID 3\r\n");
    QTest::newRow("unterminated section") << QByteArray("* 1 FETCH (BODY[HEADER)\r\n");
    QTest::newRow("binary") << QByteArray("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n", 13);
    QTest::newRow("unterminated code") << QByteArray("a1 OK [APPENDUID 1 2\r\n");
    QTest::newRow("deep nesting") << QByteArray("* X " + QByteArray(200, '(') + "\r\n");
    QTest::newRow("tagged data") << QByteArray("a1 EXISTS\r\n");
}

void TestImapResponseParser::garbageIsAnError() {
    QFETCH(QByteArray, wire);
    for (const bool byteByByte : {false, true}) {
        QString error;
        const QList<ImapResponse> r = parseAll(wire, byteByByte, &error);
        QVERIFY(r.isEmpty());
        QVERIFY2(error.contains(u"not IMAP"_s), qPrintable(error));
    }
}

void TestImapResponseParser::oversizedLiteralIsAnError() {
    ImapResponseParser parser;
    // Announced, not sent: the parser refuses before a single byte of it is buffered.
    parser.feed("* 1 FETCH (BODY[] {67108865}\r\n");
    QVERIFY(parser.hasError());
    QVERIFY2(parser.errorString().contains(u"67108865"_s), qPrintable(parser.errorString()));
    QVERIFY(!parser.hasPendingBytes());

    ImapResponseParser huge;
    huge.feed("* 1 FETCH (BODY[] {99999999999999999999999}\r\n");
    QVERIFY(huge.hasError());

    ImapResponseParser small(16);
    small.feed("* 1 FETCH (BODY[] {16}\r\n0123456789abcdef)\r\n");
    QVERIFY2(!small.hasError(), qPrintable(small.errorString()));
    QVERIFY(small.hasResponse());
    small.feed("* 2 FETCH (BODY[] {17}\r\n");
    QVERIFY(small.hasError());
}

void TestImapResponseParser::overlongLineIsAnError() {
    ImapResponseParser parser(1024, 100);
    parser.feed(QByteArray("* OK " + QByteArray(200, 'x')));
    QVERIFY(parser.hasError());
    QVERIFY2(parser.errorString().contains(u"100"_s), qPrintable(parser.errorString()));
    QVERIFY(!parser.hasPendingBytes());

    // Line length counts per line: a response with a literal may be longer in total.
    ImapResponseParser lines(1024, 40);
    lines.feed(
        QByteArray("* 1 FETCH (UID 1 BODY[] {30}\r\n" + QByteArray(30, 'y') + " FLAGS ())\r\n"));
    QVERIFY2(!lines.hasError(), qPrintable(lines.errorString()));
    QVERIFY(lines.hasResponse());
}

void TestImapResponseParser::stopsAfterAnError() {
    ImapResponseParser parser;
    parser.feed("garbage\x01\r\n");
    QVERIFY(parser.hasError());
    parser.feed("* 1 EXISTS\r\n");
    QVERIFY(!parser.hasResponse());
}

void TestImapResponseParser::mailboxNames_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("wire");
    QTest::newRow("ascii") << u"Drafts"_s << QByteArray("Drafts");
    QTest::newRow("umlaut") << u"Entwürfe"_s << QByteArray("Entw&APw-rfe");
    QTest::newRow("ampersand") << u"Tom & Jerry"_s << QByteArray("Tom &- Jerry");
    QTest::newRow("rfc example") << u"~peter/mail/台北/日本語"_s
                                 << QByteArray("~peter/mail/&U,BTFw-/&ZeVnLIqe-");
    QTest::newRow("emoji") << u"Mail 📬"_s << QByteArray("Mail &2D3c7A-");
    QTest::newRow("french") << u"Éléments envoyés"_s << QByteArray("&AMk-l&AOk-ments envoy&AOk-s");
}

void TestImapResponseParser::mailboxNames() {
    QFETCH(QString, name);
    QFETCH(QByteArray, wire);
    QCOMPARE(ImapMailboxName::encode(name), wire);
    QCOMPARE(ImapMailboxName::decode(wire), std::optional<QString>(name));
}

void TestImapResponseParser::invalidMailboxNames() {
    QVERIFY(!ImapMailboxName::decode("Entw&APw").has_value()); // no closing '-'
    QVERIFY(!ImapMailboxName::decode("a&A!w-b").has_value());  // not base64
    QVERIFY(!ImapMailboxName::decode("Entwürfe").has_value()); // 8-bit
    QCOMPARE(ImapMailboxName::decodeLenient("Entwürfe"), u"Entwürfe"_s);
}

void TestImapResponseParser::searchKeys() {
    QCOMPARE(ImapSearch::all().toDisplayBytes(), "ALL");
    QCOMPARE(ImapSearch::header(u"Message-ID"_s, u"<a\"b@x>"_s).toDisplayBytes(),
             "HEADER \"Message-ID\" \"<a\\\"b@x>\"");
    const ImapSearch either = ImapSearch::orOf(ImapSearch::header(u"In-Reply-To"_s, u"<m@x>"_s),
                                               ImapSearch::header(u"References"_s, u"<m@x>"_s));
    QCOMPARE(either.toDisplayBytes(),
             "OR (HEADER \"In-Reply-To\" \"<m@x>\") (HEADER \"References\" \"<m@x>\")");
    QVERIFY(!either.needsUtf8());

    const ImapSearch both =
        ImapSearch::from(u"anna@example.com"_s) && ImapSearch::subject(u"Grüße"_s);
    QVERIFY(both.needsUtf8());
    const QList<ImapSearch::Part> parts = both.parts();
    QCOMPARE(parts.size(), 2);
    QCOMPARE(parts[0].bytes, "CHARSET UTF-8 FROM \"anna@example.com\" SUBJECT ");
    QVERIFY(!parts[0].literal);
    QVERIFY(parts[1].literal);
    QCOMPARE(parts[1].bytes, u"Grüße"_s.toUtf8());

    const ImapSearch later = ImapSearch::since(QDate(2026, 12, 7)) && ImapSearch::uidAbove(41);
    QCOMPARE(later.toDisplayBytes(), "SINCE 7-Dec-2026 UID 42:*");
    QCOMPARE(later.uidFloor(), std::optional<quint32>(41));
    QVERIFY(!ImapSearch::orOf(ImapSearch::uidAbove(3), ImapSearch::all()).uidFloor());

    // A literal in the middle: the text after it goes on in the next part.
    const ImapSearch middle = ImapSearch::body(u"naïve"_s) && ImapSearch::all();
    const QList<ImapSearch::Part> middleParts = middle.parts();
    QCOMPARE(middleParts.size(), 3);
    QCOMPARE(middleParts[0].bytes, "CHARSET UTF-8 BODY ");
    QCOMPARE(middleParts[2].bytes, " ALL");
    // CR/LF never go out quoted.
    QVERIFY(ImapSearch::subject(u"a\r\nb"_s).needsUtf8());
}

void TestImapResponseParser::internalDates() {
    const QDateTime date(QDate(2026, 12, 7), QTime(14, 2, 11), Qt::UTC);
    QCOMPARE(ImapConnection::formatInternalDate(date), "07-Dec-2026 14:02:11 +0000");
    QCOMPARE(ImapConnection::parseInternalDate("07-Dec-2026 14:02:11 +0000"), date);
    QCOMPARE(ImapConnection::parseInternalDate(" 7-Dec-2026 15:02:11 +0100"), date);
    QCOMPARE(ImapConnection::parseInternalDate("07-Dec-2026 09:32:11 -0430"), date);
    QVERIFY(!ImapConnection::parseInternalDate("07-Foo-2026 14:02:11 +0000").isValid());
    QVERIFY(!ImapConnection::parseInternalDate("yesterday").isValid());
}

void TestImapResponseParser::uidSets() {
    QCOMPARE(ImapConnection::uidSet({7, 1, 2, 3, 9, 10, 3}), "1:3,7,9:10");
    QCOMPARE(ImapConnection::uidSet({5}), "5");
    QCOMPARE(ImapConnection::stringArgument(u"p\"w\\"_s).bytes, "\"p\\\"w\\\\\"");
    QVERIFY(ImapConnection::stringArgument(u"pässword"_s).literal);
}

void TestImapResponseParser::accounts() {
    QCOMPARE(MailAccount::defaultPort(MailAccount::Security::Tls), quint16(993));
    QCOMPARE(MailAccount::defaultPort(MailAccount::Security::StartTls), quint16(143));
    QCOMPARE(MailAccount::defaultPort(MailAccount::Security::None), quint16(143));
    QVERIFY(MailAccount::isLoopback(u"localhost"_s));
    QVERIFY(MailAccount::isLoopback(u"127.0.0.1"_s));
    QVERIFY(MailAccount::isLoopback(u"127.8.9.10"_s));
    QVERIFY(MailAccount::isLoopback(u"::1"_s));
    QVERIFY(!MailAccount::isLoopback(u"192.0.2.1"_s));
    QVERIFY(!MailAccount::isLoopback(u"localhost.example.com"_s));
    QVERIFY(!MailAccount::isLoopback(u"128.0.0.1"_s));
    for (const auto security :
         {MailAccount::Security::Tls, MailAccount::Security::StartTls, MailAccount::Security::None})
        QCOMPARE(MailAccount::securityFromName(MailAccount::securityName(security)),
                 std::optional(security));
    QCOMPARE(MailAccount::securityName(MailAccount::Security::StartTls), u"starttls"_s);
    QVERIFY(!MailAccount::securityFromName(u"ssl3"_s));
    MailAccount account;
    QVERIFY(!account.isComplete());
    account.host = u"mail.example.com"_s;
    account.user = u"anna"_s;
    QVERIFY(account.isComplete());
    MailAccount other = account;
    QVERIFY(other == account);
    other.port = 143;
    QVERIFY(!(other == account));
}

QTEST_GUILESS_MAIN(TestImapResponseParser)
#include "tst_imapresponseparser.moc"
