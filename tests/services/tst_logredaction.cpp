// SPDX-License-Identifier: GPL-3.0-or-later
// LogRedaction: credentials masked in every spelling a log line or a server's text may carry
// them, registered secrets masked anywhere, and the installed handler doing it for every category.
#include "platform/LogCategories.h"
#include "platform/LogRedaction.h"

#include <QTest>

using namespace Qt::StringLiterals;

namespace {

QStringList captured;
QtMessageHandler downstream = nullptr;

void capture(QtMsgType, const QMessageLogContext &, const QString &message) {
    captured.append(message);
}

} // namespace

class TestLogRedaction : public QObject {
    Q_OBJECT

private slots:
    void init() { LogRedaction::clearSecrets(); }

    void masksCredentialSpellings_data() {
        QTest::addColumn<QString>("line");
        QTest::addColumn<QString>("secret");
        QTest::addColumn<QString>("kept");
        QTest::newRow("header") << u"Authorization: Bearer abc.DEF-123_x"_s << u"abc.DEF"_s
                                << u"Authorization: "_s;
        QTest::newRow("header lower case")
            << u"authorization: Basic dXNlcjpwYXNz"_s << u"dXNlcjpwYXNz"_s << u"authorization: "_s;
        QTest::newRow("json") << u"{\"Authorization\":\"Bearer tok-9f8e7d\",\"Accept\":\"x\"}"_s
                              << u"tok-9f8e7d"_s << u"\"Accept\":\"x\""_s;
        QTest::newRow("header list")
            << u"GET /v1 headers: Authorization: Bearer zz99yy; Accept: a"_s << u"zz99yy"_s
            << u"; Accept: a"_s;
        QTest::newRow("proxy") << u"Proxy-Authorization: Basic cHJveHk="_s << u"cHJveHk"_s
                               << u"Proxy-Authorization: "_s;
        QTest::newRow("api-key header")
            << u"api-key: 0123456789abcdef"_s << u"0123456789abcdef"_s << u"api-key: "_s;
        QTest::newRow("x-api-key") << u"X-Api-Key=k3y-v4lue&x=1"_s << u"k3y-v4lue"_s << u"&x=1"_s;
        QTest::newRow("api_key json") << u"{\"api_key\": \"azure-secret-1\"}"_s
                                      << u"azure-secret-1"_s << u"{\"api_key\": \""_s;
        QTest::newRow("query") << u"https://x.example/v1?api-key=qs-secret-77&api-version=1"_s
                               << u"qs-secret-77"_s << u"&api-version=1"_s;
        QTest::newRow("bearer in prose")
            << u"curl -H 'x: Bearer eyJhbGciOi.J9.sig' fails"_s << u"eyJhbGciOi"_s << u"fails"_s;
        QTest::newRow("openai key")
            << u"Incorrect API key provided: sk-proj-ABCDEFGHIJKLMNOP1234."_s
            << u"sk-proj-ABCDEFGHIJKLMNOP1234"_s << u"Incorrect API key provided: "_s;
    }

    void masksCredentialSpellings() {
        QFETCH(QString, line);
        QFETCH(QString, secret);
        QFETCH(QString, kept);
        const QString redacted = LogRedaction::redact(line);
        QVERIFY2(!redacted.contains(secret), qPrintable(redacted));
        QVERIFY2(redacted.contains(LogRedaction::Mask), qPrintable(redacted));
        QVERIFY2(redacted.contains(kept), qPrintable(redacted));
    }

    void leavesOrdinaryTextAlone_data() {
        QTest::addColumn<QString>("line");
        QTest::newRow("status")
            << u"GET http://127.0.0.1:4000/v1/tickets answered 200 after 3 ms"_s;
        QTest::newRow("prose") << u"The CRM rejected the token (authorization failed)."_s;
        QTest::newRow("words") << u"Skipped an invalid ticket: ticket T-1: field \"title\""_s;
    }

    void leavesOrdinaryTextAlone() {
        QFETCH(QString, line);
        QCOMPARE(LogRedaction::redact(line), line);
    }

    void registeredSecretsAreMaskedAnywhere() {
        const QString token = u"crm-token-5b7f2c9e"_s;
        QVERIFY(!LogRedaction::redact(u"echo: "_s + token).contains(LogRedaction::Mask));
        LogRedaction::addSecret(token);
        LogRedaction::addSecret(u"short"_s); // too short to be masked everywhere
        QCOMPARE(LogRedaction::redact(u"echo: "_s + token + u"!"_s),
                 u"echo: "_s + LogRedaction::Mask.toString() + u"!"_s);
        QCOMPARE(LogRedaction::redact(u"a short line"_s), u"a short line"_s);
        // A secret containing another is masked whole.
        LogRedaction::addSecret(token + u"-longer"_s);
        QCOMPARE(LogRedaction::redact(token + u"-longer"_s), LogRedaction::Mask.toString());
    }

    void headerForLogMasksOnlySensitiveHeaders() {
        QCOMPARE(LogRedaction::headerForLog("Authorization"_ba, "Bearer x"_ba),
                 "Authorization: [redacted]"_ba);
        QCOMPARE(LogRedaction::headerForLog("API-KEY"_ba, "x"_ba), "API-KEY: [redacted]"_ba);
        QCOMPARE(LogRedaction::headerForLog("Accept"_ba, "application/json"_ba),
                 "Accept: application/json"_ba);
    }

    void installedHandlerRedactsEveryCategory() {
        downstream = qInstallMessageHandler(capture);
        LogRedaction::install();
        LogRedaction::install(); // idempotent: not chained to itself
        LogRedaction::addSecret(u"model-key-31415926"_s);
        QLoggingCategory::setFilterRules(u"outreach.*.debug=true"_s);
        captured.clear();
        qCDebug(lcHttp) << "Authorization: Bearer abcdef123456";
        qCInfo(lcModel) << "key model-key-31415926 in a message";
        qWarning("api-key=plain-warning-secret");
        QCOMPARE(captured.size(), 3);
        for (const QString &line : std::as_const(captured)) {
            QVERIFY2(line.contains(LogRedaction::Mask), qPrintable(line));
            QVERIFY2(!line.contains(u"abcdef123456"_s) && !line.contains(u"31415926"_s)
                         && !line.contains(u"plain-warning-secret"_s),
                     qPrintable(line));
        }
        QLoggingCategory::setFilterRules(QString());
    }
};

QTEST_GUILESS_MAIN(TestLogRedaction)
#include "tst_logredaction.moc"
