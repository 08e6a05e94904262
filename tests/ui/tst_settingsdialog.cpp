// SPDX-License-Identifier: GPL-3.0-or-later
// The Settings dialog as a rep uses it: values to the settings file, secrets to the real system
// keychain (the throwaway gnome-keyring of scripts/test.sh's D-Bus session; a unique service per
// run, emptied at the end) and never to the file, Test connection against the fake model
// endpoint, the fake CRM and a scripted IMAP server, forgetting a key, and a keychain that fails
// (a second run of this binary without a session bus).
#include "FakeCrmServer.h"
#include "FakeHttpServer.h"
#include "FakeModelServer.h"
#include "HttpExchange.h"
#include "crm/HubSpotConnector.h"
#include "generation/LocalServerScanner.h"
#include "generation/ModelEndpoint.h"
#include "platform/CredentialStore.h"
#include "review/ComplianceChecker.h"
#include "support/AwaitTask.h"
#include "support/ClosedPort.h"
#include "support/ScriptedImapServer.h"
#include "ui/settings/ConnectionTestPanel.h"
#include "ui/settings/SecretField.h"
#include "ui/settings/SettingsDialog.h"
#include "workspace/CrmSession.h"
#include "workspace/MailSettings.h"
#include "workspace/StorageUpkeep.h"

#include <QAbstractButton>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabBar>
#include <QTabWidget>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTextStream>
#include <QToolButton>
#include <QUuid>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace {

// A hang guard, not a speed claim: QTRY_* returns as soon as its condition holds.
constexpr int KeychainTimeoutMs = 15000;
constexpr char probeVariable[] = "OUTREACH_SETTINGSDIALOG_PROBE";

template <typename T>
T *find(const QWidget &parent, const QString &name) {
    return parent.findChild<T *>(name);
}

// Types as a rep would, so the dialog sees textEdited.
void retype(QLineEdit *edit, const QString &text) {
    edit->selectAll();
    QTest::keyClick(edit, Qt::Key_Delete);
    QTest::keyClicks(edit, text);
}

QByteArray fileBytes(const QString &path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool waitUntilKnown(const SecretField *field) {
    return QTest::qWaitFor([field] { return field->stored() != SecretField::Stored::Checking; },
                           KeychainTimeoutMs);
}

// Presses a button of the dialog's button box and waits for the save to finish.
bool press(SettingsDialog &dialog, QDialogButtonBox::StandardButton which) {
    auto *buttons = find<QDialogButtonBox>(dialog, u"settingsButtons"_s);
    if (!buttons || !buttons->button(which))
        return false;
    QSignalSpy saved(&dialog, &SettingsDialog::settingsSaved);
    buttons->button(which)->click();
    return QTest::qWaitFor(
        [&] { return !dialog.isSaving() && (saved.count() > 0 || !dialog.errorText().isEmpty()); },
        KeychainTimeoutMs);
}

// The key typed into the dialog in the probe run; it must not reach the settings file.
const QString ProbeSecret = u"sk-probe-9d41c6"_s;

// The failure probe: this binary again, without a session bus, types a key, presses OK and
// reports what the dialog did as one JSON line.
int runProbe() {
    const QString iniPath = qEnvironmentVariable("OUTREACH_PROBE_INI");
    CredentialStore store(qEnvironmentVariable("OUTREACH_PROBE_SERVICE"));
    store.setRetryDelay(50ms);
    QSettings settings(iniPath, QSettings::IniFormat);
    SettingsDialog dialog(settings, store);
    dialog.show();
    QSignalSpy saved(&dialog, &SettingsDialog::settingsSaved);
    auto *provider = find<QComboBox>(dialog, u"modelProvider"_s);
    provider->setCurrentIndex(provider->findData(u"compatible"_s));
    retype(find<QLineEdit>(dialog, u"modelBaseUrl"_s), u"http://127.0.0.1:9/v1"_s);
    retype(find<QLineEdit>(dialog, u"modelApiKey"_s), ProbeSecret);
    const bool finished = press(dialog, QDialogButtonBox::Ok);
    settings.sync();
    const QByteArray written = fileBytes(iniPath);
    QTextStream(stdout)
        << QJsonDocument(QJsonObject{
                             {u"finished"_s, finished},
                             {u"visible"_s, dialog.isVisible()},
                             {u"error"_s, dialog.errorText()},
                             {u"saved"_s, saved.count()},
                             {u"fileHasSecret"_s, written.contains(ProbeSecret.toUtf8())},
                             {u"fileHasBaseUrl"_s, written.contains("9/v1")},
                             {u"keyStillTyped"_s,
                              find<QLineEdit>(dialog, u"modelApiKey"_s)->text() == ProbeSecret},
                         })
               .toJson(QJsonDocument::Compact)
        << '\n';
    return 0;
}

} // namespace

class TestSettingsDialog : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void cleanupTestCase();

    void modelKeyGoesToTheKeychainAndNeverToTheSettingsFile();
    void reopenedDialogRestoresTheModelPageAndTestsWithTheStoredKey();
    void testConnectionUsesTheFormNotTheSavedValues();
    void crmTokenToTheKeychainAndTestConnection();
    void hubSpotKindShowsItsFieldsAndSavesUnderItsKey();
    void hubSpotTestConnectionNamesMissingScopes();
    void forgetStoredKeyRemovesIt();
    void emptyKeyFieldKeepsTheStoredKeyAndApplyStaysOpen();
    void addressChangeRechecksTheKeychain();
    void azureFieldsOnlyForAzure();
    void complianceRoundTrip();
    void badAddressIsNotSaved();
    void credentialsInAnAddressAreNotSaved_data();
    void credentialsInAnAddressAreNotSaved();
    void outboxRetentionIsShownAndSaved();
    void environmentOverridesAreNamedWithoutValues();
    void showPageAndKeyboardAccess();
    void tonesFollowThePalette();
    void keychainFailureKeepsTheDialogOpenAndStoresNoSecret();
    void listModelsFillsThePickerWithContextSizes();
    void localServersFoundAndOneUsedFillsTheForm();
    void noLocalServerSaysSo();

    void mailPageLoadsAndSavesEveryKey();
    void mailPasswordGoesToTheKeychainOnlyAndCanBeForgotten();
    void mailPlainTextOnlyToThisComputer();
    void mailBadFromAddressOrMissingUserIsNotSaved();
    void mailSecurityChangeMovesADefaultPortOnly();
    void mailTestConnectionNamesAnUnreachableServer();
    void mailTestConnectionUsesTheStoredPassword();
    void mailPageKeyboardAccess();

private:
    std::unique_ptr<SettingsDialog> openDialog();
    QString modelEntry() const;
    QString crmEntry() const;
    static QString hubSpotEntry();

    QString m_service;
    std::unique_ptr<CredentialStore> m_store;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QSettings> m_settings;
    FakeModelServer m_model;
    FakeCrmServer m_crm;
    QStringList m_entries; // everything a test may have written, removed afterwards
};

void TestSettingsDialog::initTestCase() {
    m_service = u"OutreachGPT-test-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces);
    m_store = std::make_unique<CredentialStore>(m_service);
    QVERIFY(m_model.start());
    m_model.setApiKey("sk-settings-7f3a"_ba);
    QVERIFY(m_crm.start());
    m_entries = {modelEntry(), crmEntry(), hubSpotEntry()};
    // A keychain that works is the premise of every test but the last.
    const Result<void> probe = awaitTask(m_store->write(u"probe"_s, u"x"_s));
    QVERIFY2(probe.ok(), qPrintable(probe.ok() ? QString() : probe.error().toString()));
    m_entries.append(u"probe"_s);
}

void TestSettingsDialog::init() {
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_settings =
        std::make_unique<QSettings>(m_dir->filePath(u"settings.ini"_s), QSettings::IniFormat);
    m_model.clearFaults();
    m_model.setApiKey("sk-settings-7f3a"_ba);
    m_crm.clearFaults();
    m_crm.setToken("test-token"_ba);
}

void TestSettingsDialog::cleanup() {
    for (const QString &entry : std::as_const(m_entries)) {
        const Result<void> removed = awaitTask(m_store->remove(entry));
        QVERIFY(removed.ok());
    }
    m_settings.reset();
    m_dir.reset();
}

void TestSettingsDialog::cleanupTestCase() {
    for (const QString &entry : std::as_const(m_entries))
        [[maybe_unused]] const Result<void> removed = awaitTask(m_store->remove(entry));
}

QString TestSettingsDialog::modelEntry() const {
    ModelEndpoint endpoint;
    endpoint.baseUrl = m_model.openAiBaseUrl();
    return endpoint.credentialKey();
}

QString TestSettingsDialog::crmEntry() const {
    return CredentialStore::entryKey(u"crm"_s, m_crm.baseUrl().toString());
}

QString TestSettingsDialog::hubSpotEntry() {
    // HubSpot's public API, the effective address of a HubSpot CRM saved without one.
    return CredentialStore::entryKey(u"crm"_s,
                                     QString::fromLatin1(HubSpotConnector::DefaultBaseUrl));
}

std::unique_ptr<SettingsDialog> TestSettingsDialog::openDialog() {
    auto dialog = std::make_unique<SettingsDialog>(*m_settings, *m_store);
    dialog->setEnvironment(QProcessEnvironment());
    dialog->show();
    return dialog;
}

void TestSettingsDialog::modelKeyGoesToTheKeychainAndNeverToTheSettingsFile() {
    const QString secret = u"sk-settings-7f3a"_s;
    auto dialog = openDialog();
    auto *provider = find<QComboBox>(*dialog, u"modelProvider"_s);
    QVERIFY(provider);
    provider->setCurrentIndex(provider->findData(u"compatible"_s));
    retype(find<QLineEdit>(*dialog, u"modelBaseUrl"_s), m_model.openAiBaseUrl().toString());
    retype(find<QLineEdit>(*dialog, u"modelName"_s), u"llama-3.1-8b"_s);
    find<QDoubleSpinBox>(*dialog, u"modelTemperature"_s)->setValue(0.4);
    find<QSpinBox>(*dialog, u"modelMaxOutputTokens"_s)->setValue(1500);
    auto *key = find<QLineEdit>(*dialog, u"modelApiKey"_s);
    QCOMPARE(key->echoMode(), QLineEdit::Password);
    QCOMPARE(key->placeholderText(), u"Stored in the system keychain"_s);
    retype(key, secret);
    find<QToolButton>(*dialog, u"modelApiKeyShow"_s)->click();
    QCOMPARE(key->echoMode(), QLineEdit::Normal);

    QSignalSpy saved(dialog.get(), &SettingsDialog::settingsSaved);
    QVERIFY(press(*dialog, QDialogButtonBox::Ok));
    QVERIFY2(dialog->errorText().isEmpty(), qPrintable(dialog->errorText()));
    QCOMPARE(saved.count(), 1);
    QVERIFY(!dialog->isVisible());
    QCOMPARE(dialog->result(), int(QDialog::Accepted));

    // The key is in the keychain under the endpoint's entry...
    const Result<std::optional<QString>> stored = awaitTask(m_store->read(modelEntry()));
    QVERIFY(stored.ok());
    QCOMPARE(stored.value().value_or(QString()), secret);
    // ...the settings hold the rest, read back the way the app reads them...
    const ModelEndpoint loaded = ModelEndpoint::load(*m_settings, QProcessEnvironment());
    QCOMPARE(loaded.provider, ModelEndpoint::Provider::Compatible);
    QCOMPARE(loaded.baseUrl, m_model.openAiBaseUrl());
    QCOMPARE(loaded.model, u"llama-3.1-8b"_s);
    QCOMPARE(loaded.temperature, 0.4);
    QCOMPARE(loaded.maxOutputTokens, 1500);
    QVERIFY(loaded.apiKey.isEmpty());
    QCOMPARE(loaded.credentialKey(), modelEntry());
    // ...and the file has no trace of the key, in any spelling.
    m_settings->sync();
    const QByteArray written = fileBytes(m_settings->fileName());
    QVERIFY(written.contains("llama-3.1-8b"));
    QVERIFY(!written.contains(secret.toUtf8()));
    QVERIFY(!written.contains("7f3a"));
    QVERIFY(!written.contains(secret.toUtf8().toBase64()));
}

void TestSettingsDialog::reopenedDialogRestoresTheModelPageAndTestsWithTheStoredKey() {
    ModelEndpoint endpoint;
    endpoint.provider = ModelEndpoint::Provider::Compatible;
    endpoint.baseUrl = m_model.openAiBaseUrl();
    endpoint.model = u"llama-3.1-8b"_s;
    endpoint.temperature = 0.4;
    endpoint.save(*m_settings);
    QVERIFY(awaitTask(m_store->write(modelEntry(), u"sk-settings-7f3a"_s)).ok());

    auto dialog = openDialog();
    QCOMPARE(find<QComboBox>(*dialog, u"modelProvider"_s)->currentData().toString(),
             u"compatible"_s);
    QCOMPARE(find<QLineEdit>(*dialog, u"modelBaseUrl"_s)->text(),
             m_model.openAiBaseUrl().toString());
    QCOMPARE(find<QLineEdit>(*dialog, u"modelName"_s)->text(), u"llama-3.1-8b"_s);
    QCOMPARE(find<QDoubleSpinBox>(*dialog, u"modelTemperature"_s)->value(), 0.4);
    QVERIFY(find<QLineEdit>(*dialog, u"modelApiKey"_s)->text().isEmpty());
    auto *keyField = find<SecretField>(*dialog, u"modelApiKeyField"_s);
    QVERIFY(keyField);
    QVERIFY(waitUntilKnown(keyField));
    QCOMPARE(keyField->stored(), SecretField::Stored::Yes);
    QVERIFY2(find<QLabel>(*dialog, u"modelApiKeyStatus"_s)->text().contains(u"A key is stored"_s),
             qPrintable(find<QLabel>(*dialog, u"modelApiKeyStatus"_s)->text()));
    QVERIFY(find<QPushButton>(*dialog, u"modelApiKeyForget"_s)->isEnabled());

    // Test connection with the key field empty: the stored key is sent.
    auto *panel = find<ConnectionTestPanel>(*dialog, u"modelTestPanel"_s);
    QVERIFY(panel);
    find<QPushButton>(*dialog, u"modelTestButton"_s)->click();
    QCOMPARE(panel->statusText(), u"Testing the connection…"_s);
    QVERIFY(!find<QPushButton>(*dialog, u"modelTestButton"_s)->isEnabled());
    QTRY_VERIFY_WITH_TIMEOUT(panel->state() != ConnectionTestPanel::State::Busy, KeychainTimeoutMs);
    QCOMPARE(panel->state(), ConnectionTestPanel::State::Connected);
    QVERIFY2(panel->statusText().startsWith(u"Connected: "_s), qPrintable(panel->statusText()));
    QCOMPARE(m_model.requests().constLast().header("Authorization"), "Bearer sk-settings-7f3a"_ba);

    // The endpoint revokes the key: the refusal is shown, in the failure tone.
    m_model.setFault(FakeModelServer::Fault::unauthorized());
    find<QPushButton>(*dialog, u"modelTestButton"_s)->click();
    QTRY_VERIFY_WITH_TIMEOUT(panel->state() != ConnectionTestPanel::State::Busy, KeychainTimeoutMs);
    QCOMPARE(panel->state(), ConnectionTestPanel::State::Failed);
    QVERIFY2(panel->statusText().contains(u"refused the API key"_s),
             qPrintable(panel->statusText()));
    const QLabel *status = find<QLabel>(*dialog, u"modelTestStatus"_s);
    QCOMPARE(status->palette().color(QPalette::WindowText),
             ConnectionTestPanel::tone(panel->palette(), 0));
    QVERIFY(find<QLabel>(*dialog, u"modelTestDetail"_s)->isVisible());

    // Editing the form makes an old result meaningless: it goes.
    QTest::keyClicks(find<QLineEdit>(*dialog, u"modelName"_s), u"x"_s);
    QCOMPARE(panel->state(), ConnectionTestPanel::State::Idle);
    QVERIFY(panel->statusText().isEmpty());
}

void TestSettingsDialog::testConnectionUsesTheFormNotTheSavedValues() {
    // Saved: a server that does not exist. Typed: the fake, with a key. The typed ones are tested.
    ModelEndpoint saved;
    saved.provider = ModelEndpoint::Provider::Compatible;
    saved.baseUrl = QUrl(u"http://127.0.0.1:9/v1"_s);
    saved.model = u"saved-model"_s;
    saved.save(*m_settings);
    m_settings->sync();
    const QByteArray before = fileBytes(m_settings->fileName());

    auto dialog = openDialog();
    retype(find<QLineEdit>(*dialog, u"modelBaseUrl"_s), m_model.openAiBaseUrl().toString());
    retype(find<QLineEdit>(*dialog, u"modelName"_s), u"typed-model"_s);
    retype(find<QLineEdit>(*dialog, u"modelApiKey"_s), u"sk-settings-7f3a"_s);
    auto *panel = find<ConnectionTestPanel>(*dialog, u"modelTestPanel"_s);
    find<QPushButton>(*dialog, u"modelTestButton"_s)->click();
    QTRY_VERIFY_WITH_TIMEOUT(panel->state() != ConnectionTestPanel::State::Busy, KeychainTimeoutMs);
    QVERIFY2(panel->state() == ConnectionTestPanel::State::Connected,
             qPrintable(panel->statusText() + u" / "_s + panel->detailText()));
    QCOMPARE(m_model.lastRequestBody().value(u"model"_s).toString(), u"typed-model"_s);

    // Testing saved nothing, and wrote no key anywhere.
    m_settings->sync();
    QCOMPARE(fileBytes(m_settings->fileName()), before);
    const Result<std::optional<QString>> stored = awaitTask(m_store->read(modelEntry()));
    QVERIFY(stored.ok());
    QVERIFY(!stored.value());
    dialog->reject();
}

void TestSettingsDialog::crmTokenToTheKeychainAndTestConnection() {
    {
        auto dialog = openDialog();
        dialog->showPage(SettingsDialog::Page::Crm);
        QCOMPARE(dialog->currentPage(), SettingsDialog::Page::Crm);
        retype(find<QLineEdit>(*dialog, u"crmBaseUrl"_s), m_crm.baseUrl().toString());
        auto *token = find<QLineEdit>(*dialog, u"crmToken"_s);
        QCOMPARE(token->echoMode(), QLineEdit::Password);
        retype(token, u"test-token"_s);
        auto *interval = find<QSpinBox>(*dialog, u"crmSyncInterval"_s);
        QCOMPARE(interval->minimum(), 0);
        QCOMPARE(interval->maximum(), 1440);
        interval->setValue(0);
        QVERIFY(interval->text().contains(u"F5"_s)); // 0 reads "only at start-up and on F5"

        // Tested before saving: the typed token is used.
        auto *panel = find<ConnectionTestPanel>(*dialog, u"crmTestPanel"_s);
        find<QPushButton>(*dialog, u"crmTestButton"_s)->click();
        QTRY_VERIFY_WITH_TIMEOUT(panel->state() != ConnectionTestPanel::State::Busy,
                                 KeychainTimeoutMs);
        QCOMPARE(panel->statusText(), u"Connected to 127.0.0.1:%1."_s.arg(m_crm.port()));

        QVERIFY(press(*dialog, QDialogButtonBox::Ok));
        QVERIFY2(dialog->errorText().isEmpty(), qPrintable(dialog->errorText()));
    }
    const Result<std::optional<QString>> stored = awaitTask(m_store->read(crmEntry()));
    QVERIFY(stored.ok());
    QCOMPARE(stored.value().value_or(QString()), u"test-token"_s);
    m_settings->sync();
    QCOMPARE(m_settings->value(u"crm/baseUrl"_s).toString(), m_crm.baseUrl().toString());
    QCOMPARE(m_settings->value(u"crm/syncIntervalMinutes"_s).toInt(), 0);
    QVERIFY(!fileBytes(m_settings->fileName()).contains("test-token"));

    auto dialog = openDialog();
    QCOMPARE(find<QLineEdit>(*dialog, u"crmBaseUrl"_s)->text(), m_crm.baseUrl().toString());
    QVERIFY(find<QLineEdit>(*dialog, u"crmToken"_s)->text().isEmpty());
    auto *tokenField = find<SecretField>(*dialog, u"crmTokenField"_s);
    QVERIFY(tokenField);
    QVERIFY(waitUntilKnown(tokenField));
    QVERIFY2(tokenField->statusText().contains(u"A token is stored"_s),
             qPrintable(tokenField->statusText()));

    // The stored token is used, then the CRM rotates it and the refusal is shown.
    auto *panel = find<ConnectionTestPanel>(*dialog, u"crmTestPanel"_s);
    find<QPushButton>(*dialog, u"crmTestButton"_s)->click();
    QTRY_VERIFY_WITH_TIMEOUT(panel->state() != ConnectionTestPanel::State::Busy, KeychainTimeoutMs);
    QCOMPARE(panel->state(), ConnectionTestPanel::State::Connected);
    m_crm.setToken("rotated"_ba);
    find<QPushButton>(*dialog, u"crmTestButton"_s)->click();
    QTRY_VERIFY_WITH_TIMEOUT(panel->state() != ConnectionTestPanel::State::Busy, KeychainTimeoutMs);
    QCOMPARE(panel->state(), ConnectionTestPanel::State::Failed);
    QVERIFY2(panel->statusText().contains(u"refused the token"_s), qPrintable(panel->statusText()));
}

namespace {

// The label whose buddy is `field` (the form's labels have no object names of their own).
QString labelFor(const QWidget &dialog, const QWidget *field) {
    const QList<QLabel *> labels = dialog.findChildren<QLabel *>();
    for (const QLabel *label : labels) {
        if (label->buddy() == field)
            return label->text();
    }
    return {};
}

} // namespace

void TestSettingsDialog::hubSpotKindShowsItsFieldsAndSavesUnderItsKey() {
    const QString token = u"pat-na1-hubspot-5e21"_s;
    {
        auto dialog = openDialog();
        dialog->showPage(SettingsDialog::Page::Crm);
        auto *kind = find<QComboBox>(*dialog, u"crmKind"_s);
        auto *address = find<QLineEdit>(*dialog, u"crmBaseUrl"_s);
        auto *logAs = find<QComboBox>(*dialog, u"hubspotLogAs"_s);
        auto *tokenHint = find<QLabel>(*dialog, u"crmTokenHint"_s);
        auto *addressHint = find<QLabel>(*dialog, u"crmBaseUrlHint"_s);
        auto *tokenField = find<SecretField>(*dialog, u"crmTokenField"_s);
        QVERIFY(kind && address && logAs && tokenHint && addressHint && tokenField);
        QCOMPARE(kind->count(), 2);
        QCOMPARE(kind->itemText(0), u"HubSpot"_s);
        QCOMPARE(kind->itemText(1), u"REST API v1"_s);

        // REST API v1, the default, looks as it always did.
        QCOMPARE(kind->currentText(), u"REST API v1"_s);
        QVERIFY(!logAs->isVisible());
        QVERIFY(!tokenHint->isVisible());
        QVERIFY(!addressHint->isVisible());
        QCOMPARE(address->placeholderText(), u"https://crm.example.com"_s);
        QCOMPARE(labelFor(*dialog, tokenField), u"&Token:"_s);
        retype(address, m_crm.baseUrl().toString());

        // HubSpot: the address is optional, the token is a private app's, and its scopes are
        // named where to create it.
        kind->setCurrentIndex(kind->findText(u"HubSpot"_s));
        QVERIFY(logAs->isVisible());
        QVERIFY(tokenHint->isVisible());
        QVERIFY(addressHint->isVisible());
        QVERIFY(address->text().isEmpty()); // the REST server's address is not HubSpot's
        QCOMPARE(address->placeholderText(), u"https://api.hubapi.com"_s);
        QVERIFY(addressHint->text().contains(u"testing"_s));
        QCOMPARE(labelFor(*dialog, tokenField), u"Private app access &token:"_s);
        QVERIFY2(tokenHint->text().contains(u"Settings → Integrations → Private apps"_s),
                 qPrintable(tokenHint->text()));
        for (const QString &scope : HubSpotConnector::requiredScopes())
            QVERIFY2(tokenHint->text().contains(scope), qPrintable(scope));
        QCOMPARE(logAs->count(), 2);
        QCOMPARE(logAs->currentText(), u"Email"_s);

        // Back and forth keeps what was typed for each kind.
        kind->setCurrentIndex(kind->findText(u"REST API v1"_s));
        QVERIFY(!logAs->isVisible());
        QCOMPARE(address->text(), m_crm.baseUrl().toString());
        kind->setCurrentIndex(kind->findText(u"HubSpot"_s));
        QVERIFY(address->text().isEmpty());

        // Without an address the token still has its entry: HubSpot's public API.
        QVERIFY(waitUntilKnown(tokenField));
        QCOMPARE(tokenField->stored(), SecretField::Stored::No);
        retype(find<QLineEdit>(*dialog, u"crmToken"_s), token);
        logAs->setCurrentIndex(logAs->findText(u"Note"_s));
        QVERIFY(press(*dialog, QDialogButtonBox::Ok));
        QVERIFY2(dialog->errorText().isEmpty(), qPrintable(dialog->errorText()));
        QVERIFY(!dialog->isVisible());
    }
    m_settings->sync();
    QCOMPARE(m_settings->value(u"crm/kind"_s).toString(), u"hubspot"_s);
    QCOMPARE(m_settings->value(u"crm/hubspotLogAs"_s).toString(), u"note"_s);
    QVERIFY(m_settings->value(u"crm/baseUrl"_s).toString().isEmpty());
    QVERIFY(!fileBytes(m_settings->fileName()).contains(token.toUtf8()));
    const CrmSession::Settings loaded = CrmSession::Settings::load(*m_settings, {});
    QCOMPARE(loaded.kind, CrmConnector::Kind::HubSpot);
    QCOMPARE(loaded.hubSpotLogAs, HubSpotConnector::LogAs::Note);
    // The entry the app's session reads the token from.
    QCOMPARE(CredentialStore::entryKey(u"crm"_s, loaded.effectiveUrl().toString()), hubSpotEntry());
    const Result<std::optional<QString>> stored = awaitTask(m_store->read(hubSpotEntry()));
    QVERIFY(stored.ok());
    QCOMPARE(stored.value().value_or(QString()), token);
    const Result<std::optional<QString>> restEntry = awaitTask(m_store->read(crmEntry()));
    QVERIFY(restEntry.ok());
    QVERIFY(!restEntry.value());

    // Reopened: HubSpot, Note, and a token stored.
    auto dialog = openDialog();
    QCOMPARE(find<QComboBox>(*dialog, u"crmKind"_s)->currentText(), u"HubSpot"_s);
    QCOMPARE(find<QComboBox>(*dialog, u"hubspotLogAs"_s)->currentText(), u"Note"_s);
    auto *tokenField = find<SecretField>(*dialog, u"crmTokenField"_s);
    QVERIFY(waitUntilKnown(tokenField));
    QCOMPARE(tokenField->stored(), SecretField::Stored::Yes);
    // Another kind is another entry.
    find<QComboBox>(*dialog, u"crmKind"_s)->setCurrentIndex(1);
    QCOMPARE(tokenField->stored(), SecretField::Stored::Checking);
    QVERIFY(waitUntilKnown(tokenField));
    QCOMPARE(tokenField->stored(), SecretField::Stored::No);
}

void TestSettingsDialog::hubSpotTestConnectionNamesMissingScopes() {
    // Just enough of HubSpot for Test connection: the token's scopes, then one ticket search
    // with the owners, pipelines and account details it reads first.
    FakeHttpServer hubSpot;
    QVERIFY(hubSpot.listen());
    QJsonArray granted{u"tickets"_s, u"crm.objects.contacts.read"_s};
    auto json = [](const QByteArray &text) { return QJsonDocument::fromJson(text); };
    hubSpot.addRoute(u"tokenInfo"_s, "POST", u"/oauth/v2/private-apps/get/access-token-info"_s,
                     [&granted](HttpExchange &exchange) {
                         exchange.respondJson(200, QJsonDocument(QJsonObject{
                                                       {u"userId"_s, 1},
                                                       {u"hubId"_s, 2},
                                                       {u"appId"_s, 3},
                                                       {u"scopes"_s, granted},
                                                   }));
                     });
    hubSpot.addRoute(u"search"_s, "POST", u"/crm/v3/objects/tickets/search"_s,
                     [json](HttpExchange &exchange) {
                         exchange.respondJson(200, json(R"({"total":0,"results":[]})"));
                     });
    for (const QString &path :
         {u"/crm/v3/owners"_s, u"/crm/v3/pipelines/tickets"_s, u"/crm/v3/pipelines/deals"_s})
        hubSpot.addRoute(path, "GET", path, [json](HttpExchange &exchange) {
            exchange.respondJson(200, json(R"({"results":[]})"));
        });
    hubSpot.addRoute(u"account"_s, "GET", u"/account-info/v3/details"_s,
                     [json](HttpExchange &exchange) {
                         exchange.respondJson(200, json(R"({"companyCurrency":"EUR"})"));
                     });

    auto dialog = openDialog();
    dialog->showPage(SettingsDialog::Page::Crm);
    auto *kind = find<QComboBox>(*dialog, u"crmKind"_s);
    kind->setCurrentIndex(kind->findText(u"HubSpot"_s));
    retype(find<QLineEdit>(*dialog, u"crmBaseUrl"_s), hubSpot.baseUrl().toString());
    retype(find<QLineEdit>(*dialog, u"crmToken"_s), u"pat-na1-test"_s);
    auto *panel = find<ConnectionTestPanel>(*dialog, u"crmTestPanel"_s);
    find<QPushButton>(*dialog, u"crmTestButton"_s)->click();
    QTRY_VERIFY_WITH_TIMEOUT(panel->state() != ConnectionTestPanel::State::Busy, KeychainTimeoutMs);
    QCOMPARE(panel->state(), ConnectionTestPanel::State::Failed);
    const QString verdict = panel->statusText() + u'\n' + panel->detailText();
    for (const QString &scope : HubSpotConnector::requiredScopes()) {
        if (!granted.contains(scope))
            QVERIFY2(panel->statusText().contains(scope), qPrintable(verdict));
    }
    QVERIFY2(panel->statusText().contains(u"crm.objects.deals.read"_s), qPrintable(verdict));
    QVERIFY2(!panel->statusText().contains(u"crm.objects.contacts.read"_s), qPrintable(verdict));
    QCOMPARE(hubSpot.requests(u"tokenInfo"_s).size(), 1);
    QVERIFY(hubSpot.requests(u"search"_s).isEmpty()); // it stops at the scopes
    QVERIFY(hubSpot.requests(u"tokenInfo"_s).constFirst().body.contains("pat-na1-test"));

    // The private app gets every scope: connected, after one ticket search.
    granted = QJsonArray::fromStringList(HubSpotConnector::requiredScopes());
    find<QPushButton>(*dialog, u"crmTestButton"_s)->click();
    QTRY_VERIFY_WITH_TIMEOUT(panel->state() != ConnectionTestPanel::State::Busy, KeychainTimeoutMs);
    QVERIFY2(panel->state() == ConnectionTestPanel::State::Connected,
             qPrintable(panel->statusText() + u'\n' + panel->detailText()));
    QVERIFY2(panel->statusText().contains(u"HubSpot"_s), qPrintable(panel->statusText()));
    QCOMPARE(hubSpot.requests(u"search"_s).size(), 1);

    // Testing stored nothing and saved nothing.
    const Result<std::optional<QString>> stored =
        awaitTask(m_store->read(CredentialStore::entryKey(u"crm"_s, hubSpot.baseUrl().toString())));
    QVERIFY(stored.ok());
    QVERIFY(!stored.value());
    m_settings->sync();
    QVERIFY(!m_settings->contains(u"crm/kind"_s));
    dialog->reject();
}

void TestSettingsDialog::forgetStoredKeyRemovesIt() {
    ModelEndpoint endpoint;
    endpoint.provider = ModelEndpoint::Provider::Compatible;
    endpoint.baseUrl = m_model.openAiBaseUrl();
    endpoint.save(*m_settings);
    QVERIFY(awaitTask(m_store->write(modelEntry(), u"sk-forget-me"_s)).ok());

    auto dialog = openDialog();
    auto *keyField = find<SecretField>(*dialog, u"modelApiKeyField"_s);
    QVERIFY(waitUntilKnown(keyField));
    QCOMPARE(keyField->stored(), SecretField::Stored::Yes);
    auto *forget = find<QPushButton>(*dialog, u"modelApiKeyForget"_s);
    QVERIFY(forget->isEnabled());
    forget->click();
    QTRY_COMPARE_WITH_TIMEOUT(keyField->stored(), SecretField::Stored::No, KeychainTimeoutMs);
    QVERIFY(keyField->statusText().contains(u"No key is stored"_s));
    QVERIFY(!forget->isEnabled());
    const Result<std::optional<QString>> stored = awaitTask(m_store->read(modelEntry()));
    QVERIFY(stored.ok());
    QVERIFY(!stored.value());
}

void TestSettingsDialog::emptyKeyFieldKeepsTheStoredKeyAndApplyStaysOpen() {
    ModelEndpoint endpoint;
    endpoint.provider = ModelEndpoint::Provider::Compatible;
    endpoint.baseUrl = m_model.openAiBaseUrl();
    endpoint.save(*m_settings);
    QVERIFY(awaitTask(m_store->write(modelEntry(), u"sk-keep-me"_s)).ok());

    auto dialog = openDialog();
    retype(find<QLineEdit>(*dialog, u"modelName"_s), u"renamed"_s);
    QSignalSpy saved(dialog.get(), &SettingsDialog::settingsSaved);
    QVERIFY(press(*dialog, QDialogButtonBox::Apply));
    QCOMPARE(saved.count(), 1);
    QVERIFY(dialog->isVisible()); // Apply keeps the dialog open
    QCOMPARE(m_settings->value(u"model/name"_s).toString(), u"renamed"_s);
    const Result<std::optional<QString>> stored = awaitTask(m_store->read(modelEntry()));
    QCOMPARE(stored.value().value_or(QString()), u"sk-keep-me"_s);

    // A new key replaces it, and the field empties again.
    retype(find<QLineEdit>(*dialog, u"modelApiKey"_s), u"sk-replaced"_s);
    QVERIFY(press(*dialog, QDialogButtonBox::Apply));
    QCOMPARE(saved.count(), 2);
    QCOMPARE(awaitTask(m_store->read(modelEntry())).value().value_or(QString()), u"sk-replaced"_s);
    QVERIFY(find<QLineEdit>(*dialog, u"modelApiKey"_s)->text().isEmpty());
    QCOMPARE(find<SecretField>(*dialog, u"modelApiKeyField"_s)->stored(), SecretField::Stored::Yes);
}

void TestSettingsDialog::addressChangeRechecksTheKeychain() {
    ModelEndpoint endpoint;
    endpoint.provider = ModelEndpoint::Provider::Compatible;
    endpoint.baseUrl = m_model.openAiBaseUrl();
    endpoint.save(*m_settings);
    QVERIFY(awaitTask(m_store->write(modelEntry(), u"sk-here"_s)).ok());

    auto dialog = openDialog();
    auto *keyField = find<SecretField>(*dialog, u"modelApiKeyField"_s);
    QVERIFY(waitUntilKnown(keyField));
    QCOMPARE(keyField->stored(), SecretField::Stored::Yes);
    // The key belongs to its address: another address has none.
    retype(find<QLineEdit>(*dialog, u"modelBaseUrl"_s), u"http://localhost:11434/v1"_s);
    QTRY_COMPARE_WITH_TIMEOUT(keyField->stored(), SecretField::Stored::No, KeychainTimeoutMs);
    retype(find<QLineEdit>(*dialog, u"modelBaseUrl"_s), m_model.openAiBaseUrl().toString());
    QTRY_COMPARE_WITH_TIMEOUT(keyField->stored(), SecretField::Stored::Yes, KeychainTimeoutMs);
}

void TestSettingsDialog::azureFieldsOnlyForAzure() {
    auto dialog = openDialog();
    auto *provider = find<QComboBox>(*dialog, u"modelProvider"_s);
    auto *deployment = find<QLineEdit>(*dialog, u"modelDeployment"_s);
    auto *apiVersion = find<QLineEdit>(*dialog, u"modelApiVersion"_s);
    auto *hint = find<QLabel>(*dialog, u"modelProviderHint"_s);
    QCOMPARE(provider->currentData().toString(), u"openai"_s);
    QVERIFY(!deployment->isVisible());
    QVERIFY(!apiVersion->isVisible());

    provider->setCurrentIndex(provider->findData(u"azure"_s));
    QVERIFY(deployment->isVisible());
    QVERIFY(apiVersion->isVisible());
    retype(find<QLineEdit>(*dialog, u"modelBaseUrl"_s), u"https://contoso.openai.azure.com"_s);
    retype(deployment, u"outreach-prod"_s);
    retype(apiVersion, u"2024-10-21"_s);

    provider->setCurrentIndex(provider->findData(u"compatible"_s));
    QVERIFY(!deployment->isVisible());
    QVERIFY2(hint->text().contains(u"Ollama: http://localhost:11434/v1"_s),
             qPrintable(hint->text()));
    QVERIFY(hint->text().contains(u"llama.cpp server: http://localhost:8080/v1"_s));

    provider->setCurrentIndex(provider->findData(u"azure"_s));
    QVERIFY(press(*dialog, QDialogButtonBox::Ok));
    const ModelEndpoint loaded = ModelEndpoint::load(*m_settings, QProcessEnvironment());
    QCOMPARE(loaded.provider, ModelEndpoint::Provider::Azure);
    QCOMPARE(loaded.deployment, u"outreach-prod"_s);
    QCOMPARE(loaded.apiVersion, u"2024-10-21"_s);
    QVERIFY(loaded.isAzureDeployment());
}

void TestSettingsDialog::complianceRoundTrip() {
    {
        auto dialog = openDialog();
        dialog->showPage(SettingsDialog::Page::Compliance);
        auto *phrases = find<QPlainTextEdit>(*dialog, u"complianceBannedPhrases"_s);
        phrases->setPlainText(u"guaranteed results\n\n  risk-free \nGuaranteed Results\nact now"_s);
        retype(find<QLineEdit>(*dialog, u"complianceOptOutLine"_s), u"Reply STOP to opt out."_s);
        retype(find<QLineEdit>(*dialog, u"complianceSenderName"_s), u" Dana Ruiz "_s);
        find<QSpinBox>(*dialog, u"complianceMinLength"_s)->setValue(80);
        find<QSpinBox>(*dialog, u"complianceMaxLength"_s)->setValue(1200);
        QVERIFY(press(*dialog, QDialogButtonBox::Ok));
    }
    const ComplianceSettings saved = ComplianceSettings::load(*m_settings);
    QCOMPARE(saved.bannedPhrases,
             (QStringList{u"guaranteed results"_s, u"risk-free"_s, u"act now"_s}));
    QCOMPARE(saved.requiredOptOutLine, u"Reply STOP to opt out."_s);
    QCOMPARE(saved.senderName, u"Dana Ruiz"_s);
    QCOMPARE(saved.minLength, 80);
    QCOMPARE(saved.maxLength, 1200);

    auto dialog = openDialog();
    QCOMPARE(find<QPlainTextEdit>(*dialog, u"complianceBannedPhrases"_s)->toPlainText(),
             u"guaranteed results\nrisk-free\nact now"_s);
    QCOMPARE(find<QSpinBox>(*dialog, u"complianceMinLength"_s)->value(), 80);
    QCOMPARE(find<QLineEdit>(*dialog, u"complianceSenderName"_s)->text(), u"Dana Ruiz"_s);
    // The limits cannot cross.
    find<QSpinBox>(*dialog, u"complianceMinLength"_s)->setValue(2000);
    QVERIFY(find<QSpinBox>(*dialog, u"complianceMaxLength"_s)->value() >= 2000);
}

void TestSettingsDialog::badAddressIsNotSaved() {
    auto dialog = openDialog();
    dialog->showPage(SettingsDialog::Page::Crm);
    retype(find<QLineEdit>(*dialog, u"crmBaseUrl"_s), u"crm example com"_s);
    dialog->showPage(SettingsDialog::Page::Compliance);
    QSignalSpy saved(dialog.get(), &SettingsDialog::settingsSaved);
    find<QDialogButtonBox>(*dialog, u"settingsButtons"_s)->button(QDialogButtonBox::Ok)->click();
    QVERIFY(dialog->isVisible());
    QCOMPARE(saved.count(), 0);
    QCOMPARE(dialog->currentPage(), SettingsDialog::Page::Crm);
    QVERIFY2(dialog->errorText().contains(u"not a web address"_s), qPrintable(dialog->errorText()));
    QVERIFY(find<QLabel>(*dialog, u"settingsError"_s)->isVisible());
    m_settings->sync();
    QVERIFY(!m_settings->contains(u"crm/baseUrl"_s));
}

void TestSettingsDialog::credentialsInAnAddressAreNotSaved_data() {
    QTest::addColumn<SettingsDialog::Page>("page");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("key");
    QTest::newRow("crm") << SettingsDialog::Page::Crm << u"crmBaseUrl"_s << u"crm/baseUrl"_s;
    QTest::newRow("model") << SettingsDialog::Page::Model << u"modelBaseUrl"_s
                           << u"model/baseUrl"_s;
}

void TestSettingsDialog::credentialsInAnAddressAreNotSaved() {
    QFETCH(SettingsDialog::Page, page);
    QFETCH(QString, field);
    QFETCH(QString, key);
    auto dialog = openDialog();
    dialog->showPage(page);
    retype(find<QLineEdit>(*dialog, field), u"https://rep:hunter2-secret@host.example.com/v1"_s);
    QSignalSpy saved(dialog.get(), &SettingsDialog::settingsSaved);
    find<QDialogButtonBox>(*dialog, u"settingsButtons"_s)->button(QDialogButtonBox::Ok)->click();
    QVERIFY(dialog->isVisible());
    QCOMPARE(saved.count(), 0);
    QCOMPARE(dialog->currentPage(), page);
    QVERIFY2(dialog->errorText().contains(u"user name or password"_s),
             qPrintable(dialog->errorText()));
    QVERIFY(!dialog->errorText().contains(u"hunter2"_s));
    m_settings->sync();
    QVERIFY(!m_settings->contains(key));
    QFile file(m_settings->fileName());
    if (file.open(QIODevice::ReadOnly))
        QVERIFY(!file.readAll().contains("hunter2"));
}

void TestSettingsDialog::outboxRetentionIsShownAndSaved() {
    auto dialog = openDialog();
    dialog->showPage(SettingsDialog::Page::Crm);
    auto *retention = find<QSpinBox>(*dialog, u"outboxRetentionDays"_s);
    QCOMPARE(retention->value(), 30); // the default
    retention->setValue(45);
    find<QDialogButtonBox>(*dialog, u"settingsButtons"_s)->button(QDialogButtonBox::Ok)->click();
    QVERIFY(!dialog->isVisible());
    m_settings->sync();
    QCOMPARE(StorageUpkeep::Policy::load(*m_settings).outboxRetentionDays, 45);
    QCOMPARE(find<QSpinBox>(*openDialog(), u"outboxRetentionDays"_s)->value(), 45);
}

void TestSettingsDialog::environmentOverridesAreNamedWithoutValues() {
    auto dialog = openDialog();
    auto *modelNote = find<QLabel>(*dialog, u"modelEnvironmentNote"_s);
    auto *crmNote = find<QLabel>(*dialog, u"crmEnvironmentNote"_s);
    QVERIFY(!modelNote->isVisible());
    QProcessEnvironment environment;
    environment.insert(u"OPENAI_API_KEY"_s, u"sk-from-env-secret"_s);
    environment.insert(u"OUTREACHGPT_CRM_URL"_s, u"https://staging.example.com"_s);
    environment.insert(u"OUTREACHGPT_CRM_KIND"_s, u"hubspot"_s);
    environment.insert(u"OPENAI_BASE_URL"_s, u"  "_s); // blank: not an override
    dialog->setEnvironment(environment);
    QVERIFY(modelNote->isVisible());
    QVERIFY(modelNote->text().contains(u"OPENAI_API_KEY"_s));
    QVERIFY(!modelNote->text().contains(u"OPENAI_BASE_URL"_s));
    QVERIFY(!modelNote->text().contains(u"sk-from-env-secret"_s));
    dialog->showPage(SettingsDialog::Page::Crm);
    QVERIFY(crmNote->isVisible());
    QVERIFY(crmNote->text().contains(u"OUTREACHGPT_CRM_URL"_s));
    QVERIFY(crmNote->text().contains(u"OUTREACHGPT_CRM_KIND"_s));
    QVERIFY(!crmNote->text().contains(u"staging"_s));
    auto *mailNote = find<QLabel>(*dialog, u"mailEnvironmentNote"_s);
    environment.insert(u"OUTREACHGPT_MAIL_PASSWORD"_s, u"mail-from-env-secret"_s);
    dialog->setEnvironment(environment);
    dialog->showPage(SettingsDialog::Page::Mail);
    QVERIFY(mailNote->isVisible());
    QVERIFY(mailNote->text().contains(u"OUTREACHGPT_MAIL_PASSWORD"_s));
    QVERIFY(!mailNote->text().contains(u"mail-from-env-secret"_s));
    // The dialog edits what is saved, not what the environment says for this run.
    QVERIFY(find<QLineEdit>(*dialog, u"crmBaseUrl"_s)->text().isEmpty());
    QCOMPARE(find<QComboBox>(*dialog, u"crmKind"_s)->currentText(), u"REST API v1"_s);
}

void TestSettingsDialog::showPageAndKeyboardAccess() {
    auto dialog = openDialog();
    auto *tabs = find<QTabWidget>(*dialog, u"settingsTabs"_s);
    QCOMPARE(tabs->count(), 4);
    for (int i = 0; i < tabs->count(); ++i)
        QVERIFY2(tabs->tabText(i).contains(u'&'), qPrintable(tabs->tabText(i)));
    dialog->showPage(SettingsDialog::Page::Compliance);
    QCOMPARE(tabs->currentWidget()->objectName(), u"compliancePage"_s);
    dialog->showPage(SettingsDialog::Page::Mail);
    QCOMPARE(tabs->currentWidget()->objectName(), u"mailPage"_s);
    QCOMPARE(dialog->currentPage(), SettingsDialog::Page::Mail);
    // MainWindow::settingsRequested's numbers: 3 (the compose area's mail notices) is the mailbox.
    QCOMPARE(SettingsDialog::pageFromIndex(3), SettingsDialog::Page::Mail);
    QCOMPARE(SettingsDialog::pageFromIndex(1), SettingsDialog::Page::Crm);
    QCOMPARE(SettingsDialog::pageFromIndex(0), SettingsDialog::Page::Model);
    QCOMPARE(SettingsDialog::pageFromIndex(42), SettingsDialog::Page::Model);
    QCOMPARE(tabs->indexOf(tabs->currentWidget()), int(SettingsDialog::Page::Mail));
    dialog->showPage(SettingsDialog::Page::Model);
    QCOMPARE(dialog->currentPage(), SettingsDialog::Page::Model);

    // Every input is named for tests and for screen readers, and every label with a mnemonic
    // has a buddy.
    const QList<QWidget *> widgets = dialog->findChildren<QWidget *>();
    for (QWidget *widget : widgets) {
        if (qobject_cast<QLineEdit *>(widget) || qobject_cast<QAbstractSpinBox *>(widget)
            || qobject_cast<QComboBox *>(widget) || qobject_cast<QPlainTextEdit *>(widget)
            || qobject_cast<QAbstractButton *>(widget)) {
            if (widget->parentWidget() && qobject_cast<QAbstractSpinBox *>(widget->parentWidget()))
                continue; // a spin box's own line edit
            if (qobject_cast<QTabBar *>(widget->parentWidget()))
                continue; // the tab bar's scroll buttons
            QVERIFY2(!widget->objectName().isEmpty() || qobject_cast<QAbstractButton *>(widget),
                     widget->metaObject()->className());
            if (!qobject_cast<QAbstractButton *>(widget))
                QVERIFY2(!widget->accessibleName().isEmpty(), qPrintable(widget->objectName()));
        }
        if (auto *label = qobject_cast<QLabel *>(widget);
            label && label->text().contains(u'&') && !label->text().contains(u"&&"_s))
            QVERIFY2(label->buddy(), qPrintable(label->text()));
    }

    // Tab moves down the Model page in reading order.
    const QStringList order{
        u"modelProvider"_s,    u"modelBaseUrl"_s,         u"modelName"_s,
        u"modelTemperature"_s, u"modelMaxOutputTokens"_s, u"modelContextWindow"_s,
        u"modelApiKey"_s,      u"modelApiKeyShow"_s,      u"modelTestButton"_s};
    QWidget *first = find<QWidget>(*dialog, order.constFirst());
    QStringList visited;
    QWidget *widget = first;
    for (int steps = 0; steps < 1000; ++steps) {
        if (order.contains(widget->objectName()) && !visited.contains(widget->objectName()))
            visited.append(widget->objectName());
        widget = widget->nextInFocusChain();
        if (widget == first)
            break;
    }
    QCOMPARE(visited, order);
}

void TestSettingsDialog::tonesFollowThePalette() {
    QPalette light;
    light.setColor(QPalette::Window, Qt::white);
    light.setColor(QPalette::WindowText, Qt::black);
    QPalette dark;
    dark.setColor(QPalette::Window, QColor(0x20, 0x20, 0x20));
    dark.setColor(QPalette::WindowText, QColor(0xf0, 0xf0, 0xf0));
    for (int hue : {0, 35, 120}) {
        QVERIFY(ConnectionTestPanel::tone(light, hue).lightness() < 128);
        QVERIFY(ConnectionTestPanel::tone(dark, hue).lightness() > 128);
    }
    QVERIFY(ConnectionTestPanel::tone(light, 120).green()
            > ConnectionTestPanel::tone(light, 120).red());
    QVERIFY(ConnectionTestPanel::tone(dark, 0).red() > ConnectionTestPanel::tone(dark, 0).green());

    // A result already shown changes tone with the theme.
    ConnectionTestPanel panel(u"t"_s);
    panel.setPalette(light);
    ConnectionTester::Verdict outcome;
    outcome.ok = true;
    outcome.message = u"Connected."_s;
    panel.showOutcome(outcome);
    const auto *status = panel.findChild<QLabel *>(u"tStatus"_s);
    QCOMPARE(status->palette().color(QPalette::WindowText), ConnectionTestPanel::tone(light, 120));
    panel.setPalette(dark);
    QCOMPARE(status->palette().color(QPalette::WindowText), ConnectionTestPanel::tone(dark, 120));
}

void TestSettingsDialog::keychainFailureKeepsTheDialogOpenAndStoresNoSecret() {
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QString::fromLatin1(probeVariable), u"1"_s);
    environment.insert(u"OUTREACH_PROBE_SERVICE"_s, m_service);
    environment.insert(u"OUTREACH_PROBE_INI"_s, m_settings->fileName());
    environment.insert(u"DBUS_SESSION_BUS_ADDRESS"_s, u"unix:path=/nonexistent"_s);
    environment.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
    QProcess probe;
    probe.setProcessEnvironment(environment);
    probe.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    probe.start(QCoreApplication::applicationFilePath(), {});
    QVERIFY(probe.waitForFinished(60000));
    QCOMPARE(probe.exitStatus(), QProcess::NormalExit);
    QCOMPARE(probe.exitCode(), 0);
    const QByteArray line = probe.readAllStandardOutput().trimmed().split('\n').constLast();
    const QJsonObject report = QJsonDocument::fromJson(line).object();
    QVERIFY2(!report.isEmpty(), line.constData());
    QVERIFY2(report.value(u"finished"_s).toBool(), line.constData());
    QVERIFY2(report.value(u"visible"_s).toBool(), line.constData());
    QCOMPARE(report.value(u"saved"_s).toInt(), 0);
    QVERIFY2(report.value(u"error"_s).toString().contains(u"keychain"_s), line.constData());
    QVERIFY(!report.value(u"error"_s).toString().contains(ProbeSecret));
    QVERIFY(!report.value(u"fileHasSecret"_s).toBool());
    QVERIFY(!report.value(u"fileHasBaseUrl"_s).toBool()); // nothing saved, not just no key
    QVERIFY(report.value(u"keyStillTyped"_s).toBool());   // the rep can try again
    QVERIFY(!fileBytes(m_settings->fileName()).contains(ProbeSecret.toUtf8()));
}

void TestSettingsDialog::listModelsFillsThePickerWithContextSizes() {
    FakeModelServer llama;
    llama.setFlavour(FakeModelServer::Flavour::LlamaCpp);
    llama.setSlotCount(2);
    llama.setModels({{u"qwen2.5-7b"_s, 32768, 0, 0, u"llm"_s}});
    QVERIFY(llama.start());
    auto dialog = openDialog();
    auto *provider = find<QComboBox>(*dialog, u"modelProvider"_s);
    provider->setCurrentIndex(provider->findData(u"compatible"_s));
    retype(find<QLineEdit>(*dialog, u"modelBaseUrl"_s), llama.openAiBaseUrl().toString());
    retype(find<QLineEdit>(*dialog, u"modelName"_s), u"typed-first"_s);
    auto *status = find<QLabel>(*dialog, u"modelListStatus"_s);
    find<QPushButton>(*dialog, u"modelListButton"_s)->click();
    QTRY_VERIFY_WITH_TIMEOUT(status->text().contains(u"llama.cpp serves 1 model"_s), 5000);
    auto *picker = find<QComboBox>(*dialog, u"modelPicker"_s);
    QCOMPARE(picker->count(), 1);
    QCOMPARE(picker->itemText(0), u"qwen2.5-7b"_s);
    QVERIFY(picker->itemData(0, Qt::ToolTipRole).toString().contains(u"16384 tokens"_s));
    // Listing keeps what was typed; picking takes the model and its context size.
    QCOMPARE(find<QLineEdit>(*dialog, u"modelName"_s)->text(), u"typed-first"_s);
    picker->setCurrentIndex(0);
    emit picker->activated(0);
    QCOMPARE(find<QLineEdit>(*dialog, u"modelName"_s)->text(), u"qwen2.5-7b"_s);
    QCOMPARE(find<QSpinBox>(*dialog, u"modelContextWindow"_s)->value(), 16384);

    // A server that lists nothing still takes a typed name.
    llama.setModels({});
    find<QPushButton>(*dialog, u"modelListButton"_s)->click();
    QTRY_VERIFY_WITH_TIMEOUT(status->text().contains(u"lists no models"_s), 5000);
    QCOMPARE(picker->count(), 0);
    QCOMPARE(find<QLineEdit>(*dialog, u"modelName"_s)->text(), u"qwen2.5-7b"_s);
}

void TestSettingsDialog::localServersFoundAndOneUsedFillsTheForm() {
    FakeModelServer ollama;
    ollama.setFlavour(FakeModelServer::Flavour::Ollama);
    ollama.setModels(
        {{u"llama3.1"_s, 131072, 0, 8192, u"llm"_s}, {u"qwen2.5:7b"_s, 32768, 0, 0, u"llm"_s}});
    QVERIFY(ollama.start());
    auto dialog = openDialog();
    // Never the real servers' ports: only the fake's.
    dialog->serverScanner()->setPorts({ollama.port()});
    dialog->showPage(SettingsDialog::Page::Crm);
    dialog->findLocalServers();
    QCOMPARE(dialog->currentPage(), SettingsDialog::Page::Model);
    auto *list = find<QListWidget>(*dialog, u"modelServerList"_s);
    QTRY_VERIFY_WITH_TIMEOUT(list->count() == 2, 5000);
    QVERIFY2(list->item(0)->text().contains(u"Ollama at 127.0.0.1:%1"_s.arg(ollama.port())),
             qPrintable(list->item(0)->text()));
    QVERIFY(list->item(0)->text().contains(u"llama3.1:latest (8192 tokens"_s));
    QVERIFY(list->item(1)->text().contains(u"4096 tokens"_s)); // Ollama's default
    QVERIFY(find<QLabel>(*dialog, u"modelServerStatus"_s)->text().contains(u"Found 1"_s));

    list->setCurrentRow(1);
    find<QPushButton>(*dialog, u"modelUseServer"_s)->click();
    QCOMPARE(find<QComboBox>(*dialog, u"modelProvider"_s)->currentData().toString(),
             u"compatible"_s);
    QCOMPARE(find<QLineEdit>(*dialog, u"modelBaseUrl"_s)->text(),
             ollama.openAiBaseUrl().toString());
    QCOMPARE(find<QLineEdit>(*dialog, u"modelName"_s)->text(), u"qwen2.5:7b"_s);
    QCOMPARE(find<QSpinBox>(*dialog, u"modelContextWindow"_s)->value(), 4096);
    QCOMPARE(find<QComboBox>(*dialog, u"modelPicker"_s)->count(), 2);

    // The button on the page runs the same search.
    find<QPushButton>(*dialog, u"modelFindServers"_s)->click();
    QTRY_VERIFY_WITH_TIMEOUT(list->count() == 2, 5000);

    // Saved like anything typed.
    QVERIFY(press(*dialog, QDialogButtonBox::Apply));
    QVERIFY2(dialog->errorText().isEmpty(), qPrintable(dialog->errorText()));
    const ModelEndpoint saved = ModelEndpoint::load(*m_settings, QProcessEnvironment());
    QCOMPARE(saved.provider, ModelEndpoint::Provider::Compatible);
    QCOMPARE(saved.baseUrl, ollama.openAiBaseUrl());
    QCOMPARE(saved.model, u"qwen2.5:7b"_s);
    QCOMPARE(saved.contextWindowTokens, 4096);
}

void TestSettingsDialog::noLocalServerSaysSo() {
    QTcpServer taken;
    QVERIFY(taken.listen(QHostAddress::LocalHost, 0));
    const quint16 closed = taken.serverPort();
    taken.close();
    auto dialog = openDialog();
    dialog->serverScanner()->setPorts({closed});
    dialog->findLocalServers();
    auto *status = find<QLabel>(*dialog, u"modelServerStatus"_s);
    QTRY_VERIFY_WITH_TIMEOUT(status->text().contains(u"No model server is running"_s), 5000);
    QVERIFY(!find<QListWidget>(*dialog, u"modelServerList"_s)->isVisible());
    QVERIFY(find<QPushButton>(*dialog, u"modelFindServers"_s)->isEnabled());
}

namespace {

// The mnemonic of a label or button text ("Pass&word" → 'w'), or a null QChar.
QChar mnemonic(const QString &text) {
    for (qsizetype i = 0; i + 1 < text.size(); ++i) {
        if (text.at(i) != u'&')
            continue;
        if (text.at(i + 1) == u'&') {
            ++i;
            continue;
        }
        return text.at(i + 1).toLower();
    }
    return {};
}

MailSettings savedMailbox() {
    MailSettings mail;
    mail.account.host = u"imap.example.com"_s;
    mail.account.port = 10993;
    mail.account.security = MailAccount::Security::Tls;
    mail.account.user = u"sam@example.com"_s;
    mail.from = {u"Sam Rep"_s, u"sam@example.com"_s};
    mail.caFile = u"/etc/ssl/company-ca.pem"_s;
    mail.watchByDefault = true;
    mail.pollSeconds = 300;
    return mail;
}

} // namespace

void TestSettingsDialog::mailPageLoadsAndSavesEveryKey() {
    savedMailbox().save(*m_settings);
    m_settings->sync();
    auto dialog = openDialog();
    dialog->showPage(SettingsDialog::Page::Mail);
    QCOMPARE(find<QLineEdit>(*dialog, u"mailHost"_s)->text(), u"imap.example.com"_s);
    QCOMPARE(find<QComboBox>(*dialog, u"mailSecurity"_s)->currentData().toString(), u"tls"_s);
    QCOMPARE(find<QSpinBox>(*dialog, u"mailPort"_s)->value(), 10993);
    QCOMPARE(find<QLineEdit>(*dialog, u"mailUser"_s)->text(), u"sam@example.com"_s);
    QVERIFY(find<QLineEdit>(*dialog, u"mailPassword"_s)->text().isEmpty());
    QCOMPARE(find<QLineEdit>(*dialog, u"mailFromAddress"_s)->text(), u"sam@example.com"_s);
    QCOMPARE(find<QLineEdit>(*dialog, u"mailFromName"_s)->text(), u"Sam Rep"_s);
    QCOMPARE(find<QLineEdit>(*dialog, u"mailCaFile"_s)->text(), u"/etc/ssl/company-ca.pem"_s);
    QVERIFY(find<QCheckBox>(*dialog, u"mailWatchByDefault"_s)->isChecked());
    QCOMPARE(find<QSpinBox>(*dialog, u"mailPollSeconds"_s)->value(), 300);
    QVERIFY(find<QPushButton>(*dialog, u"mailCaFileBrowse"_s));
    QVERIFY(find<QLabel>(*dialog, u"mailDraftsHint"_s)->text().contains(u"Drafts"_s));
    QVERIFY(find<QLabel>(*dialog, u"mailCaFileHint"_s)->text().contains(u"never ignored"_s));
    QVERIFY(find<QLabel>(*dialog, u"mailPollHint"_s)->text().contains(u"IDLE"_s));

    // Every field changed, as a rep would.
    retype(find<QLineEdit>(*dialog, u"mailHost"_s), u"mail.example.org"_s);
    auto *security = find<QComboBox>(*dialog, u"mailSecurity"_s);
    security->setCurrentIndex(security->findData(u"starttls"_s));
    find<QSpinBox>(*dialog, u"mailPort"_s)->setValue(1143);
    retype(find<QLineEdit>(*dialog, u"mailUser"_s), u"srep"_s);
    retype(find<QLineEdit>(*dialog, u"mailFromAddress"_s), u"s.rep@example.org"_s);
    retype(find<QLineEdit>(*dialog, u"mailFromName"_s), u"S. Rep"_s);
    retype(find<QLineEdit>(*dialog, u"mailCaFile"_s), QString());
    find<QCheckBox>(*dialog, u"mailWatchByDefault"_s)->setChecked(false);
    find<QSpinBox>(*dialog, u"mailPollSeconds"_s)->setValue(45);
    QVERIFY(press(*dialog, QDialogButtonBox::Ok));
    QVERIFY2(dialog->errorText().isEmpty(), qPrintable(dialog->errorText()));

    m_settings->sync();
    QSettings reread(m_settings->fileName(), QSettings::IniFormat);
    const MailSettings loaded = MailSettings::load(reread);
    QCOMPARE(loaded.account.host, u"mail.example.org"_s);
    QCOMPARE(loaded.account.security, MailAccount::Security::StartTls);
    QCOMPARE(loaded.account.port, quint16(1143));
    QCOMPARE(loaded.account.user, u"srep"_s);
    QCOMPARE(loaded.from.address, u"s.rep@example.org"_s);
    QCOMPARE(loaded.from.name, u"S. Rep"_s);
    QVERIFY(loaded.caFile.isEmpty());
    QVERIFY(!loaded.watchByDefault);
    QCOMPARE(loaded.pollSeconds, 45);
    QCOMPARE(reread.value(u"mail/security"_s).toString(), u"starttls"_s);

    // An empty server means no mailbox, and saves as such.
    auto again = openDialog();
    retype(find<QLineEdit>(*again, u"mailHost"_s), QString());
    QVERIFY(press(*again, QDialogButtonBox::Ok));
    QVERIFY2(again->errorText().isEmpty(), qPrintable(again->errorText()));
    m_settings->sync();
    QVERIFY(!MailSettings::load(*m_settings).configured());
}

void TestSettingsDialog::mailPasswordGoesToTheKeychainOnlyAndCanBeForgotten() {
    const QString secret = u"imap-secret-5c1e"_s;
    MailSettings mail = savedMailbox();
    m_entries.append(mail.passwordKey());
    {
        auto dialog = openDialog();
        dialog->showPage(SettingsDialog::Page::Mail);
        retype(find<QLineEdit>(*dialog, u"mailHost"_s), mail.account.host);
        retype(find<QLineEdit>(*dialog, u"mailUser"_s), mail.account.user);
        find<QSpinBox>(*dialog, u"mailPort"_s)->setValue(mail.account.port);
        auto *password = find<QLineEdit>(*dialog, u"mailPassword"_s);
        QCOMPARE(password->echoMode(), QLineEdit::Password);
        QCOMPARE(password->accessibleName(), u"Mail password"_s);
        // A password is kept as typed: a space at its end is part of it.
        retype(password, secret + u' ');
        QVERIFY(press(*dialog, QDialogButtonBox::Ok));
        QVERIFY2(dialog->errorText().isEmpty(), qPrintable(dialog->errorText()));
    }
    const Result<std::optional<QString>> stored = awaitTask(m_store->read(mail.passwordKey()));
    QVERIFY(stored.ok());
    QCOMPARE(stored.value().value_or(QString()), secret + u' ');
    m_settings->sync();
    const QByteArray written = fileBytes(m_settings->fileName());
    QVERIFY(written.contains("imap.example.com"));
    QVERIFY(!written.contains(secret.toUtf8()));
    QVERIFY(!written.contains("5c1e"));
    QVERIFY(!written.contains(secret.toUtf8().toBase64()));

    // Reopened: the password is known to be stored, never shown, and Forget removes it.
    auto dialog = openDialog();
    dialog->showPage(SettingsDialog::Page::Mail);
    QVERIFY(find<QLineEdit>(*dialog, u"mailPassword"_s)->text().isEmpty());
    auto *field = find<SecretField>(*dialog, u"mailPasswordField"_s);
    QVERIFY(field);
    QVERIFY(waitUntilKnown(field));
    QCOMPARE(field->stored(), SecretField::Stored::Yes);
    QVERIFY2(field->statusText().contains(u"A password is stored"_s),
             qPrintable(field->statusText()));
    // Another user has another entry: none is stored for it.
    retype(find<QLineEdit>(*dialog, u"mailUser"_s), u"someone-else"_s);
    QCOMPARE(field->stored(), SecretField::Stored::Checking);
    QTRY_COMPARE_WITH_TIMEOUT(field->stored(), SecretField::Stored::No, KeychainTimeoutMs);
    retype(find<QLineEdit>(*dialog, u"mailUser"_s), mail.account.user);
    QTRY_COMPARE_WITH_TIMEOUT(field->stored(), SecretField::Stored::Yes, KeychainTimeoutMs);
    auto *forget = find<QPushButton>(*dialog, u"mailPasswordForget"_s);
    QVERIFY(forget->isEnabled());
    forget->click();
    QTRY_COMPARE_WITH_TIMEOUT(field->stored(), SecretField::Stored::No, KeychainTimeoutMs);
    QVERIFY(field->statusText().contains(u"No password is stored"_s));
    const Result<std::optional<QString>> forgotten = awaitTask(m_store->read(mail.passwordKey()));
    QVERIFY(forgotten.ok());
    QVERIFY(!forgotten.value());
}

void TestSettingsDialog::mailPlainTextOnlyToThisComputer() {
    MailSettings mail = savedMailbox();
    mail.account.security = MailAccount::Security::None;
    mail.account.port = 143;
    m_entries.append(mail.passwordKey());
    auto dialog = openDialog();
    dialog->showPage(SettingsDialog::Page::Mail);
    retype(find<QLineEdit>(*dialog, u"mailHost"_s), mail.account.host);
    retype(find<QLineEdit>(*dialog, u"mailUser"_s), mail.account.user);
    auto *security = find<QComboBox>(*dialog, u"mailSecurity"_s);
    security->setCurrentIndex(security->findData(u"none"_s));
    QCOMPARE(find<QSpinBox>(*dialog, u"mailPort"_s)->value(), 143);
    retype(find<QLineEdit>(*dialog, u"mailPassword"_s), u"imap-secret-5c1e"_s);
    dialog->showPage(SettingsDialog::Page::Model);
    QSignalSpy saved(dialog.get(), &SettingsDialog::settingsSaved);
    find<QDialogButtonBox>(*dialog, u"settingsButtons"_s)->button(QDialogButtonBox::Ok)->click();
    QVERIFY(dialog->isVisible());
    QVERIFY(!dialog->isSaving());
    QCOMPARE(saved.count(), 0);
    QCOMPARE(dialog->currentPage(), SettingsDialog::Page::Mail);
    QVERIFY2(dialog->errorText().contains(u"imap.example.com"_s), qPrintable(dialog->errorText()));
    QVERIFY2(dialog->errorText().contains(u"password would cross the network unencrypted"_s),
             qPrintable(dialog->errorText()));
    m_settings->sync();
    QVERIFY(!m_settings->contains(u"mail/host"_s));
    QVERIFY(!m_settings->contains(u"mail/security"_s));
    const Result<std::optional<QString>> stored = awaitTask(m_store->read(mail.passwordKey()));
    QVERIFY(stored.ok());
    QVERIFY(!stored.value());

    // To this computer it is allowed.
    for (const QString &loopback : {u"localhost"_s, u"127.0.0.1"_s}) {
        retype(find<QLineEdit>(*dialog, u"mailHost"_s), loopback);
        MailSettings local = mail;
        local.account.host = loopback;
        m_entries.append(local.passwordKey());
        QVERIFY(press(*dialog, QDialogButtonBox::Apply));
        QVERIFY2(dialog->errorText().isEmpty(), qPrintable(dialog->errorText()));
        m_settings->sync();
        QCOMPARE(m_settings->value(u"mail/host"_s).toString(), loopback);
        QCOMPARE(m_settings->value(u"mail/security"_s).toString(), u"none"_s);
        retype(find<QLineEdit>(*dialog, u"mailPassword"_s), u"imap-secret-5c1e"_s);
    }
}

void TestSettingsDialog::mailBadFromAddressOrMissingUserIsNotSaved() {
    auto dialog = openDialog();
    dialog->showPage(SettingsDialog::Page::Mail);
    retype(find<QLineEdit>(*dialog, u"mailHost"_s), u"imap.example.com"_s);
    retype(find<QLineEdit>(*dialog, u"mailUser"_s), u"sam"_s);
    for (const QString &bad :
         {u"sam"_s, u"@example.com"_s, u"sam@"_s, u"sam@@example.com"_s, u"sam @example.com"_s}) {
        retype(find<QLineEdit>(*dialog, u"mailFromAddress"_s), bad);
        find<QDialogButtonBox>(*dialog, u"settingsButtons"_s)
            ->button(QDialogButtonBox::Apply)
            ->click();
        QVERIFY2(dialog->errorText().contains(u"is not an email address"_s),
                 qPrintable(bad + u": "_s + dialog->errorText()));
    }
    retype(find<QLineEdit>(*dialog, u"mailFromAddress"_s), u"o'brien+sales@sub.example.co.uk"_s);
    retype(find<QLineEdit>(*dialog, u"mailUser"_s), QString());
    find<QDialogButtonBox>(*dialog, u"settingsButtons"_s)->button(QDialogButtonBox::Apply)->click();
    QVERIFY2(dialog->errorText().contains(u"user name"_s), qPrintable(dialog->errorText()));
    retype(find<QLineEdit>(*dialog, u"mailUser"_s), u"sam"_s);
    retype(find<QLineEdit>(*dialog, u"mailHost"_s), u"imaps://imap.example.com"_s);
    find<QDialogButtonBox>(*dialog, u"settingsButtons"_s)->button(QDialogButtonBox::Apply)->click();
    QVERIFY2(dialog->errorText().contains(u"host name"_s), qPrintable(dialog->errorText()));
    m_settings->sync();
    QVERIFY(!m_settings->contains(u"mail/host"_s));

    retype(find<QLineEdit>(*dialog, u"mailHost"_s), u"imap.example.com"_s);
    QVERIFY(press(*dialog, QDialogButtonBox::Apply));
    QVERIFY2(dialog->errorText().isEmpty(), qPrintable(dialog->errorText()));
    m_settings->sync();
    QCOMPARE(m_settings->value(u"mail/fromAddress"_s).toString(),
             u"o'brien+sales@sub.example.co.uk"_s);
}

void TestSettingsDialog::mailSecurityChangeMovesADefaultPortOnly() {
    auto dialog = openDialog();
    dialog->showPage(SettingsDialog::Page::Mail);
    auto *security = find<QComboBox>(*dialog, u"mailSecurity"_s);
    auto *port = find<QSpinBox>(*dialog, u"mailPort"_s);
    const auto choose = [security](const QString &name) {
        security->setCurrentIndex(security->findData(name));
    };
    QCOMPARE(security->currentData().toString(), u"tls"_s);
    QCOMPARE(port->value(), 993);
    choose(u"starttls"_s);
    QCOMPARE(port->value(), 143);
    choose(u"none"_s);
    QCOMPARE(port->value(), 143);
    choose(u"tls"_s);
    QCOMPARE(port->value(), 993);
    // A port the rep chose stays whatever the security.
    port->setValue(10993);
    choose(u"starttls"_s);
    QCOMPARE(port->value(), 10993);
    choose(u"tls"_s);
    QCOMPARE(port->value(), 10993);

    // A saved mailbox with its own port keeps it too.
    MailSettings mail = savedMailbox();
    mail.account.security = MailAccount::Security::StartTls;
    mail.account.port = 993; // TLS's usual port with STARTTLS: not STARTTLS's default
    mail.save(*m_settings);
    auto reopened = openDialog();
    auto *reopenedSecurity = find<QComboBox>(*reopened, u"mailSecurity"_s);
    QCOMPARE(reopenedSecurity->currentData().toString(), u"starttls"_s);
    reopenedSecurity->setCurrentIndex(reopenedSecurity->findData(u"tls"_s));
    QCOMPARE(find<QSpinBox>(*reopened, u"mailPort"_s)->value(), 993);
}

void TestSettingsDialog::mailTestConnectionNamesAnUnreachableServer() {
    const quint16 port = closedPort();
    QVERIFY(port != 0);
    auto dialog = openDialog();
    dialog->showPage(SettingsDialog::Page::Mail);
    retype(find<QLineEdit>(*dialog, u"mailHost"_s), u"127.0.0.1"_s);
    find<QSpinBox>(*dialog, u"mailPort"_s)->setValue(port);
    retype(find<QLineEdit>(*dialog, u"mailUser"_s), u"sam"_s);
    retype(find<QLineEdit>(*dialog, u"mailPassword"_s), u"imap-secret-5c1e"_s);
    auto *panel = find<ConnectionTestPanel>(*dialog, u"mailTestPanel"_s);
    QVERIFY(panel);
    find<QPushButton>(*dialog, u"mailTestButton"_s)->click();
    QTRY_VERIFY_WITH_TIMEOUT(panel->state() != ConnectionTestPanel::State::Busy, KeychainTimeoutMs);
    QCOMPARE(panel->state(), ConnectionTestPanel::State::Failed);
    QVERIFY2(panel->statusText().contains(u"127.0.0.1:%1"_s.arg(port)),
             qPrintable(panel->statusText()));
    QVERIFY(!panel->statusText().contains(u"imap-secret-5c1e"_s));
    QVERIFY(!panel->detailText().contains(u"imap-secret-5c1e"_s));
    // Testing saved nothing.
    m_settings->sync();
    QVERIFY(!m_settings->contains(u"mail/host"_s));
    // Editing the form clears the result.
    QTest::keyClicks(find<QLineEdit>(*dialog, u"mailUser"_s), u"x"_s);
    QCOMPARE(panel->state(), ConnectionTestPanel::State::Idle);
}

void TestSettingsDialog::mailTestConnectionUsesTheStoredPassword() {
    ScriptedImapServer server;
    QVERIFY(server.start());
    MailSettings mail;
    mail.account.host = u"127.0.0.1"_s;
    mail.account.port = server.port();
    mail.account.security = MailAccount::Security::None;
    mail.account.user = QString::fromLatin1(server.user);
    mail.save(*m_settings);
    m_entries.append(mail.passwordKey());
    QVERIFY(
        awaitTask(m_store->write(mail.passwordKey(), QString::fromLatin1(server.password))).ok());

    auto dialog = openDialog();
    dialog->showPage(SettingsDialog::Page::Mail);
    auto *field = find<SecretField>(*dialog, u"mailPasswordField"_s);
    QVERIFY(waitUntilKnown(field));
    QCOMPARE(field->stored(), SecretField::Stored::Yes);
    auto *panel = find<ConnectionTestPanel>(*dialog, u"mailTestPanel"_s);
    find<QPushButton>(*dialog, u"mailTestButton"_s)->click();
    QTRY_VERIFY_WITH_TIMEOUT(panel->state() != ConnectionTestPanel::State::Busy, KeychainTimeoutMs);
    QVERIFY2(panel->state() == ConnectionTestPanel::State::Connected,
             qPrintable(panel->statusText() + u" / "_s + panel->detailText()));
    QCOMPARE(panel->statusText(), u"Logged in as sam on 127.0.0.1; drafts go to “Drafts”; sent "
                                  u"mail is read from “Sent Items”; the server offers IDLE."_s);

    // A typed password wins over the stored one: a wrong one is refused, naming the server.
    retype(find<QLineEdit>(*dialog, u"mailPassword"_s), u"wrong-password-77"_s);
    find<QPushButton>(*dialog, u"mailTestButton"_s)->click();
    QTRY_VERIFY_WITH_TIMEOUT(panel->state() != ConnectionTestPanel::State::Busy, KeychainTimeoutMs);
    QCOMPARE(panel->state(), ConnectionTestPanel::State::Failed);
    QVERIFY2(panel->statusText().contains(u"127.0.0.1:%1"_s.arg(server.port())),
             qPrintable(panel->statusText()));
    QVERIFY2(panel->statusText().contains(u"did not accept the login of sam"_s),
             qPrintable(panel->statusText()));
    QVERIFY(!panel->statusText().contains(u"wrong-password-77"_s));
}

void TestSettingsDialog::mailPageKeyboardAccess() {
    auto dialog = openDialog();
    dialog->showPage(SettingsDialog::Page::Mail);
    QWidget *page = find<QWidget>(*dialog, u"mailPage"_s);
    QVERIFY(page && page->isVisible());
    // Each mnemonic that can act now (the tabs, the visible page, the buttons) is unique.
    QStringList taken;
    const auto take = [&taken](const QString &text) {
        if (const QChar key = mnemonic(text); !key.isNull())
            taken.append(QString(key) + u" ("_s + text + u')');
    };
    auto *tabs = find<QTabWidget>(*dialog, u"settingsTabs"_s);
    for (int i = 0; i < tabs->count(); ++i)
        take(tabs->tabText(i));
    for (QWidget *widget : dialog->findChildren<QWidget *>()) {
        if (!widget->isVisible())
            continue;
        if (auto *label = qobject_cast<QLabel *>(widget))
            take(label->text());
        else if (auto *button = qobject_cast<QAbstractButton *>(widget))
            take(button->text());
    }
    QStringList keys;
    for (const QString &entry : std::as_const(taken))
        keys.append(entry.left(1));
    keys.removeDuplicates();
    QVERIFY2(keys.size() == taken.size(), qPrintable(taken.join(u", "_s)));

    // Tab moves down the Mail page in reading order.
    const QStringList order{u"mailHost"_s,           u"mailSecurity"_s,    u"mailPort"_s,
                            u"mailUser"_s,           u"mailPassword"_s,    u"mailFromAddress"_s,
                            u"mailFromName"_s,       u"mailCaFile"_s,      u"mailCaFileBrowse"_s,
                            u"mailWatchByDefault"_s, u"mailPollSeconds"_s, u"mailTestButton"_s};
    QWidget *first = find<QWidget>(*dialog, order.constFirst());
    QStringList visited;
    QWidget *widget = first;
    for (int steps = 0; steps < 1000; ++steps) {
        if (order.contains(widget->objectName()) && !visited.contains(widget->objectName()))
            visited.append(widget->objectName());
        widget = widget->nextInFocusChain();
        if (widget == first)
            break;
    }
    QCOMPARE(visited, order);
}

int main(int argc, char **argv) {
    QApplication app(argc, argv);
    if (qEnvironmentVariableIsSet(probeVariable))
        return runProbe();
    TestSettingsDialog test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_settingsdialog.moc"
