// SPDX-License-Identifier: GPL-3.0-or-later
// What the compose area's message line says, in which tone, and what its buttons are labelled
// and do, for every error and every state the pane shows: the line and its buttons read the
// same notice, so these are also what a click does.
#include "ui/compose/ErrorNotice.h"

#include <QTest>

using namespace Qt::StringLiterals;
using Action = ErrorNotice::Action;
using Button = ErrorNotice::Button;
using Code = OutreachError::Code;
using Facts = ErrorNotice::Facts;
using Tone = ThemeColors::Tone;

Q_DECLARE_METATYPE(ErrorNotice::Action)
Q_DECLARE_METATYPE(OutreachError::Code)
Q_DECLARE_METATYPE(ThemeColors::Tone)

namespace {

const QString Kept = u"The text written so far stays in the editor."_s;

OutreachError quotaSpent() {
    OutreachError error(Code::RateLimit, u"You exceeded your current quota"_s);
    error.setServerCode(u"insufficient_quota"_s);
    return error;
}

} // namespace

// What QCOMPARE prints for a button that is not the expected one.
char *toString(const ErrorNotice::Button &button) {
    return QTest::toString(u"{\"%1\", action %2}"_s.arg(button.label).arg(int(button.action)));
}

class TestErrorNotice : public QObject {
    Q_OBJECT

private slots:
    void everyErrorCodeHasItsWordsToneAndButton_data();
    void everyErrorCodeHasItsWordsToneAndButton();
    void aSpentQuotaIsBillingWithSettingsAndNoRetry();
    void anApiErrorNamesTheRequestIdWhenThereIsOne();
    void keptTextIsSaidAfterTheReason();
    void aCountdownSaysWhyAndHasNoButtons();
    void aCountdownComesBeforeEverythingElse();
    void noModelOffersTemplatesAndALocalServer();
    void aStopIsSaidOnlyWithoutAnError();
    void nothingToSayIsEmpty();
    void failuresAndTheMissingMailClientHaveNoButtons();
};

void TestErrorNotice::everyErrorCodeHasItsWordsToneAndButton_data() {
    QTest::addColumn<Code>("code");
    QTest::addColumn<QString>("says");
    QTest::addColumn<Tone>("tone");
    QTest::addColumn<QString>("primary");
    QTest::addColumn<Action>("action");

    QTest::newRow("CONTEXT_INVALID") << Code::ContextInvalid << u"Ticket T-7 cannot be used"_s
                                     << Tone::Error << u"Retry"_s << Action::Retry;
    QTest::newRow("RATE_LIMIT") << Code::RateLimit << u"still limiting requests"_s << Tone::Error
                                << u"Retry"_s << Action::Retry;
    QTest::newRow("AUTH") << Code::Auth << u"refused the API key"_s << Tone::Error
                          << u"Open Settings"_s << Action::OpenModelSettings;
    QTest::newRow("NETWORK") << Code::Network << u"Offline"_s << Tone::Caution << u"Retry"_s
                             << Action::Retry;
    QTest::newRow("API_ERROR") << Code::ApiError << u"returned an error"_s << Tone::Error
                               << u"Retry"_s << Action::Retry;
    QTest::newRow("STORAGE") << Code::Storage << QString() << Tone::Error << QString()
                             << Action::None;
    QTest::newRow("CANCELLED") << Code::Cancelled << QString() << Tone::Error << QString()
                               << Action::None;
}

void TestErrorNotice::everyErrorCodeHasItsWordsToneAndButton() {
    QFETCH(Code, code);
    QFETCH(QString, says);
    QFETCH(Tone, tone);
    QFETCH(QString, primary);
    QFETCH(Action, action);

    const OutreachError error(code, u"the reason given"_s);
    const ErrorNotice notice = ErrorNotice::forError(error, u"T-7"_s, false);
    QVERIFY2(notice.text.contains(says), qPrintable(notice.text));
    // The error's own message is always in the text, so the rep sees what the endpoint said.
    QVERIFY2(notice.text.contains(u"the reason given"_s), qPrintable(notice.text));
    if (says.isEmpty())
        QCOMPARE(notice.text, u"the reason given"_s);
    QCOMPARE(notice.tone, tone);
    QCOMPARE(notice.primary, (Button{primary, action}));
    QCOMPARE(notice.secondary, Button{});
    QVERIFY(!notice.text.contains(Kept));

    // Through the session's facts the same error gives the same notice.
    Facts facts;
    facts.ticketId = u"T-7"_s;
    facts.error = error;
    facts.stopped = true; // an error outranks the stop
    const ErrorNotice viaFacts = ErrorNotice::forFacts(facts);
    QCOMPARE(viaFacts.text, notice.text);
    QCOMPARE(viaFacts.tone, notice.tone);
    QCOMPARE(viaFacts.primary, notice.primary);
    QCOMPARE(viaFacts.secondary, notice.secondary);
}

void TestErrorNotice::aSpentQuotaIsBillingWithSettingsAndNoRetry() {
    const ErrorNotice notice = ErrorNotice::forError(quotaSpent(), u"T-7"_s, false);
    QVERIFY2(notice.text.contains(u"billing"_s), qPrintable(notice.text));
    QVERIFY(notice.text.contains(u"waiting will not help"_s));
    QCOMPARE(notice.tone, Tone::Error);
    QCOMPARE(notice.primary, Button{});
    QCOMPARE(notice.secondary, (Button{u"Open Settings"_s, Action::OpenModelSettings}));
}

void TestErrorNotice::anApiErrorNamesTheRequestIdWhenThereIsOne() {
    OutreachError error(Code::ApiError, u"bad gateway"_s);
    QCOMPARE(ErrorNotice::forError(error, {}, false).text,
             u"The model endpoint returned an error: bad gateway"_s);
    error.setRequestId(u"req-42"_s);
    QCOMPARE(ErrorNotice::forError(error, {}, false).text,
             u"The model endpoint returned an error: bad gateway (request id req-42)"_s);
}

void TestErrorNotice::keptTextIsSaidAfterTheReason() {
    const OutreachError network(Code::Network, u"connection refused"_s);
    const ErrorNotice notice = ErrorNotice::forError(network, u"T-7"_s, true);
    QVERIFY2(notice.text.endsWith(u"local cache. "_s + Kept), qPrintable(notice.text));
    QCOMPARE(notice.primary.action, Action::Retry);

    const ErrorNotice storage =
        ErrorNotice::forError(OutreachError(Code::Storage, u"Disk full."_s), {}, true);
    QCOMPARE(storage.text, u"Disk full. "_s + Kept);
}

void TestErrorNotice::aCountdownSaysWhyAndHasNoButtons() {
    Facts facts;
    facts.waiting = true;
    facts.retrySecondsLeft = 12;
    facts.waitReason = OutreachError(Code::RateLimit, u"slow down"_s);
    facts.partialKept = true; // the countdown does not mention the kept text
    ErrorNotice notice = ErrorNotice::forFacts(facts);
    QCOMPARE(notice.text, u"The model endpoint is limiting how fast requests may come. Trying "
                          "again by itself in 12 second(s). Esc stops."_s);
    QCOMPARE(notice.tone, Tone::Caution);
    QCOMPARE(notice.primary, Button{});
    QCOMPARE(notice.secondary, Button{});

    facts.waitReason = OutreachError(Code::ApiError, u"HTTP 503"_s);
    notice = ErrorNotice::forFacts(facts);
    QVERIFY2(notice.text.startsWith(u"The model endpoint is having trouble (HTTP 503). Trying "
                                    "again by itself in 12"_s),
             qPrintable(notice.text));

    // Without a reason of its own, the countdown reads the error, and else is a rate limit.
    facts.waitReason.reset();
    facts.error = OutreachError(Code::Network, u"timed out"_s);
    QVERIFY(ErrorNotice::forFacts(facts).text.contains(u"having trouble (timed out)"_s));
    facts.error.reset();
    QVERIFY(ErrorNotice::forFacts(facts).text.contains(u"limiting how fast"_s));
}

void TestErrorNotice::aCountdownComesBeforeEverythingElse() {
    Facts facts;
    facts.waiting = true;
    facts.needsModel = true;
    facts.error = OutreachError(Code::Auth, u"bad key"_s);
    facts.stopped = true;
    const ErrorNotice notice = ErrorNotice::forFacts(facts);
    QVERIFY2(notice.text.contains(u"Trying again by itself"_s), qPrintable(notice.text));
    QCOMPARE(notice.primary, Button{});
}

void TestErrorNotice::noModelOffersTemplatesAndALocalServer() {
    Facts facts;
    facts.needsModel = true;
    facts.error = OutreachError(Code::Network, u"down"_s); // the missing model outranks it
    const ErrorNotice notice = ErrorNotice::forFacts(facts);
    QVERIFY2(notice.text.startsWith(u"No model endpoint is configured"_s), qPrintable(notice.text));
    QVERIFY(notice.text.contains(u"template draft"_s));
    QCOMPARE(notice.tone, Tone::Info);
    QCOMPARE(notice.primary, (Button{u"Use a Template…"_s, Action::ChooseTemplate}));
    QVERIFY(notice.text.contains(u"find a model server"_s));
    QCOMPARE(notice.secondary, (Button{u"Find a Local Server…"_s, Action::FindLocalServer}));
}

void TestErrorNotice::aStopIsSaidOnlyWithoutAnError() {
    Facts facts;
    facts.stopped = true;
    ErrorNotice notice = ErrorNotice::forFacts(facts);
    QCOMPARE(notice.text, u"Stopped."_s);
    QCOMPARE(notice.tone, Tone::Info);
    QCOMPARE(notice.primary, Button{});
    QCOMPARE(notice.secondary, Button{});

    facts.partialKept = true;
    QCOMPARE(ErrorNotice::forFacts(facts).text, u"Stopped. "_s + Kept);

    facts.error = OutreachError(Code::Storage, u"Disk full."_s);
    QCOMPARE(ErrorNotice::forFacts(facts).text, u"Disk full. "_s + Kept);
}

void TestErrorNotice::nothingToSayIsEmpty() {
    Facts facts;
    facts.ticketId = u"T-7"_s;
    facts.partialKept = true;
    const ErrorNotice notice = ErrorNotice::forFacts(facts);
    QVERIFY(notice.isEmpty());
    QCOMPARE(notice.primary, Button{});
    QCOMPARE(notice.secondary, Button{});
}

void TestErrorNotice::failuresAndTheMissingMailClientHaveNoButtons() {
    const ErrorNotice failed = ErrorNotice::failure(u"The CRM refused the write."_s);
    QCOMPARE(failed.text, u"The CRM refused the write."_s);
    QCOMPARE(failed.tone, Tone::Error);
    QCOMPARE(failed.primary, Button{});
    QCOMPARE(failed.secondary, Button{});

    const ErrorNotice mail = ErrorNotice::noMailClient();
    QVERIFY2(mail.text.contains(u"No mail client"_s), qPrintable(mail.text));
    QVERIFY(mail.text.contains(u"Ctrl+Shift+C"_s));
    QCOMPARE(mail.tone, Tone::Caution);
    QCOMPARE(mail.primary, Button{});
    QCOMPARE(mail.secondary, Button{});
}

QTEST_APPLESS_MAIN(TestErrorNotice)
#include "tst_errornotice.moc"
