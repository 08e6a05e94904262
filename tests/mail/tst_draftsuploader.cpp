// SPDX-License-Identifier: GPL-3.0-or-later
// Save to Drafts against a private Dovecot: the message lands in the folder marked \Drafts (or
// found by name) byte for byte, with \Draft, and where it went is remembered; what goes wrong
// says so and remembers nothing.
#include "MailRig.h"
#include "mail/MimeWriter.h"
#include "mail/ReceivedMail.h"
#include "storage/MailStore.h"
#include "support/AwaitTask.h"
#include "workspace/DraftsUploader.h"

#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;

namespace {

DraftsUploader::Upload upload(const QString &messageId) {
    DraftsUploader::Upload upload;
    upload.ticketId = u"T-1001"_s;
    upload.messageId = messageId;
    upload.draft.to = {u"Zoë Bäcker"_s, u"zoe.baecker@mueller-soehne.example"_s};
    upload.draft.subject = u"Ihr Angebot für Müller & Söhne – nächste Schritte"_s;
    upload.draft.text = u"Hallo Frau Bäcker,\n\nwie besprochen: 12 % Rabatt bis Freitag.\n"
                        "Grüße aus Zürich — Sam"_s;
    upload.draft.date = QDateTime(QDate(2026, 12, 7), QTime(14, 2, 11), QTimeZone::utc());
    upload.watch = true;
    return upload;
}

} // namespace

class TestDraftsUploader : public QObject {
    Q_OBJECT

private slots:
    void aDraftLandsInDraftsByteForByte() {
        MailRig rig;
        const QString problem = rig.start();
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        DraftsUploader uploader(*rig.crm.cache);
        const MailSettings settings = rig.settings();
        const Result<MailStore::Entry> entry =
            awaitTask(uploader.upload(settings, rig.dovecot->password(), upload(u"M-1"_s)));
        QVERIFY2(entry.ok(), qPrintable(entry.ok() ? QString() : entry.error().toString()));
        QCOMPARE(entry.value().mailbox, u"Drafts"_s);
        QVERIFY(entry.value().rfcMessageId.endsWith(u"@vendor.example"_s));

        // What MimeWriter makes of the draft, with the Message-ID the upload gave it.
        MailDraft expected = upload(u"M-1"_s).draft;
        expected.from = settings.from;
        expected.messageId = entry.value().rfcMessageId;
        const QByteArray bytes = MimeWriter::write(expected).value();
        const Result<QList<QByteArray>> stored = rig.dovecot->messages(u"Drafts"_s);
        QVERIFY(stored.ok());
        QCOMPARE(stored.value().size(), 1);
        QCOMPARE(stored.value().first(), bytes);
        const Result<ReceivedMail> read = ReceivedMail::parse(stored.value().first());
        QCOMPARE(read.value().subject, expected.subject);
        QCOMPARE(read.value().messageId, entry.value().rfcMessageId);
        QVERIFY(rig.dovecot->flags(u"Drafts"_s).value().first().contains(u"\\Draft"_s));

        const std::optional<MailStore::Entry> remembered =
            MailStore(*rig.crm.cache).entry(u"M-1"_s);
        QVERIFY(remembered);
        QCOMPARE(remembered->rfcMessageId, entry.value().rfcMessageId);
        QCOMPARE(remembered->recipient, u"zoe.baecker@mueller-soehne.example"_s);
        QCOMPARE(remembered->account, settings.accountName());
        QVERIFY(remembered->watched);
    }

    void withoutSpecialUseTheLocalisedNameIsFound() {
        MailRig rig;
        DovecotServer::Options options;
        options.specialUse = false;
        options.draftsName = u"Entwürfe"_s;
        const QString problem = rig.start(options);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        DraftsUploader uploader(*rig.crm.cache);
        const Result<MailStore::Entry> entry =
            awaitTask(uploader.upload(rig.settings(MailAccount::Security::StartTls),
                                      rig.dovecot->password(), upload(u"M-2"_s)));
        QVERIFY2(entry.ok(), qPrintable(entry.ok() ? QString() : entry.error().toString()));
        QCOMPARE(entry.value().mailbox, u"Entwürfe"_s);
        QCOMPARE(rig.dovecot->messages(u"Entwürfe"_s).value().size(), 1);
    }

    void anUntrustedCertificateStopsItAndNothingIsRemembered() {
        MailRig rig;
        const QString problem = rig.start();
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        MailSettings settings = rig.settings();
        settings.caFile.clear(); // the throwaway CA is not trusted now
        DraftsUploader uploader(*rig.crm.cache);
        const Result<MailStore::Entry> entry =
            awaitTask(uploader.upload(settings, rig.dovecot->password(), upload(u"M-3"_s)));
        QVERIFY(!entry.ok());
        QVERIFY2(entry.error().message().contains(u"certificate"_s, Qt::CaseInsensitive),
                 qPrintable(entry.error().message()));
        QVERIFY(!entry.error().message().contains(rig.dovecot->password()));
        QVERIFY(!MailStore(*rig.crm.cache).entry(u"M-3"_s));
        // Never logged in: the mailbox may not even exist yet.
        const Result<QList<QByteArray>> drafts = rig.dovecot->messages(u"Drafts"_s);
        QVERIFY(!drafts.ok() || drafts.value().isEmpty());
    }

    void aWrongPasswordSaysSoWithoutTheSecret() {
        MailRig rig;
        const QString problem = rig.start();
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        DraftsUploader uploader(*rig.crm.cache);
        const QString wrong = u"not-the-password-1234"_s;
        const Result<MailStore::Entry> entry =
            awaitTask(uploader.upload(rig.settings(), wrong, upload(u"M-4"_s)));
        QVERIFY(!entry.ok());
        QCOMPARE(entry.error().code(), OutreachError::Code::Auth);
        QVERIFY(!entry.error().toString().contains(wrong));
        QVERIFY(!MailStore(*rig.crm.cache).entry(u"M-4"_s));
    }
};

QTEST_GUILESS_MAIN(TestDraftsUploader)
#include "tst_draftsuploader.moc"
