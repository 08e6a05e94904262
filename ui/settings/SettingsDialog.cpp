// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/settings/SettingsDialog.h"

#include "generation/LocalServerScanner.h"
#include "generation/ModelEndpoint.h"
#include "generation/ModelServerProbe.h"
#include "platform/CredentialStore.h"
#include "ui/settings/ComplianceSettingsPage.h"
#include "ui/settings/ConnectionTestPanel.h"
#include "ui/settings/CrmSettingsPage.h"
#include "ui/settings/MailSettingsPage.h"
#include "ui/settings/ModelSettingsPage.h"
#include "ui/settings/SecretField.h"
#include "workspace/ConnectionTester.h"
#include "workspace/CrmSession.h"
#include "workspace/MailSettings.h"
#include "workspace/StorageUpkeep.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QPointer>
#include <QPushButton>
#include <QSettings>
#include <QTabWidget>
#include <QTimer>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {

using Verdict = ConnectionTester::Verdict;

Verdict keychainFailure(const OutreachError &error) {
    Verdict outcome;
    outcome.message =
        SettingsDialog::tr("Could not read the stored secret from the system keychain.");
    outcome.detail = error.message();
    outcome.error = error;
    return outcome;
}

Verdict stopped() {
    Verdict outcome;
    outcome.message = SettingsDialog::tr("Stopped.");
    outcome.error = OutreachError(OutreachError::Code::Cancelled, outcome.message);
    return outcome;
}

// The secret as typed, or else the one stored for `entry`; empty when there is neither.
QCoro::Task<Result<QString>> secretFor(CredentialStore *credentials, QString entry, QString typed) {
    if (!typed.isEmpty() || entry.isEmpty())
        co_return typed;
    QCoro::Task<Result<std::optional<QString>>> reading = credentials->read(entry);
    const Result<std::optional<QString>> stored = co_await reading;
    if (!stored.ok())
        co_return stored.error();
    co_return stored.value().value_or(QString());
}

// The tester is the dialog's child: watched, because the dialog may close while the keychain
// answers. Once the test runs, closing the dialog drops it and this never resumes.
QCoro::Task<Verdict> testModelWith(CredentialStore *credentials, QPointer<ConnectionTester> tester,
                                   ModelEndpoint endpoint, QString entry) {
    QCoro::Task<Result<QString>> finding = secretFor(credentials, entry, endpoint.apiKey);
    const Result<QString> key = co_await finding;
    if (!key.ok())
        co_return keychainFailure(key.error());
    if (!tester)
        co_return stopped();
    endpoint.apiKey = *key;
    QCoro::Task<Verdict> testing = tester->testModel(endpoint);
    const Verdict outcome = co_await testing;
    co_return outcome;
}

QCoro::Task<Verdict> testCrmWith(CredentialStore *credentials, QPointer<ConnectionTester> tester,
                                 CrmSession::Settings settings, QString entry, QString typed) {
    QCoro::Task<Result<QString>> finding = secretFor(credentials, entry, typed);
    const Result<QString> token = co_await finding;
    if (!token.ok())
        co_return keychainFailure(token.error());
    if (!tester)
        co_return stopped();
    QCoro::Task<Verdict> testing = settings.kind == CrmConnector::Kind::HubSpot
                                       ? tester->testHubSpot(settings.effectiveUrl(), *token)
                                       : tester->testCrm(settings.baseUrl, *token);
    const Verdict outcome = co_await testing;
    co_return outcome;
}

QCoro::Task<Verdict> testMailWith(CredentialStore *credentials, QPointer<ConnectionTester> tester,
                                  MailSettings settings, QString entry, QString typed) {
    QCoro::Task<Result<QString>> finding = secretFor(credentials, entry, typed);
    const Result<QString> password = co_await finding;
    if (!password.ok())
        co_return keychainFailure(password.error());
    if (!tester)
        co_return stopped();
    QCoro::Task<Verdict> testing = tester->testMail(settings, *password);
    const Verdict outcome = co_await testing;
    co_return outcome;
}

// The models of the endpoint in the form, asked with its key (typed or stored).
QCoro::Task<Result<ModelServerInfo>> listModelsWith(CredentialStore *credentials,
                                                    QPointer<ModelServerProbe> probe,
                                                    ModelEndpoint endpoint, QString entry) {
    QCoro::Task<Result<QString>> finding = secretFor(credentials, entry, endpoint.apiKey);
    const Result<QString> key = co_await finding;
    if (!key.ok())
        co_return OutreachError(key.error().code(),
                                SettingsDialog::tr("Could not read the stored API key from the "
                                                   "system keychain: %1")
                                    .arg(key.error().message()));
    if (!probe)
        co_return OutreachError(OutreachError::Code::Cancelled, SettingsDialog::tr("Stopped."));
    endpoint.apiKey = *key;
    QCoro::Task<Result<ModelServerInfo>> probing = probe->probe(endpoint);
    const Result<ModelServerInfo> info = co_await probing;
    co_return info;
}

struct PendingSecret {
    QString entry;
    QString secret;
    QString what; // "the API key", for the error
};

// Writes the secrets one after the other and stops at the first failure.
QCoro::Task<Result<void>> storeSecrets(CredentialStore *credentials, QList<PendingSecret> secrets) {
    for (const PendingSecret &pending : secrets) {
        QCoro::Task<Result<void>> writing = credentials->write(pending.entry, pending.secret);
        const Result<void> written = co_await writing;
        if (!written.ok())
            co_return OutreachError(
                written.error().code(),
                SettingsDialog::tr("Could not store %1 in the system keychain, so nothing "
                                   "was saved: %2")
                    .arg(pending.what, written.error().message()));
    }
    co_return Result<void>();
}

// The variables of `environment` that ModelEndpoint::load / CrmSession::Settings::load let win.
QStringList overriding(const QProcessEnvironment &environment, QList<const char *> names) {
    QStringList set;
    for (const char *name : names) {
        if (!environment.value(QString::fromLatin1(name)).trimmed().isEmpty())
            set.append(QString::fromLatin1(name));
    }
    return set;
}

QTimer *debounceTimer(QObject *parent) {
    auto *timer = new QTimer(parent);
    timer->setSingleShot(true);
    timer->setInterval(400);
    return timer;
}

} // namespace

SettingsDialog::SettingsDialog(QSettings &settings, CredentialStore &credentials, QWidget *parent)
    : QDialog(parent)
    , m_settings(settings)
    , m_credentials(credentials)
    , m_tester(new ConnectionTester(this))
    , m_probe(new ModelServerProbe(this))
    , m_scanner(new LocalServerScanner(this))
    , m_tabs(new QTabWidget(this))
    , m_modelPage(new ModelSettingsPage(m_tabs))
    , m_crmPage(new CrmSettingsPage(m_tabs))
    , m_compliancePage(new ComplianceSettingsPage(m_tabs))
    , m_mailPage(new MailSettingsPage(m_tabs))
    , m_error(new QLabel(this))
    , m_buttons(new QDialogButtonBox(
          QDialogButtonBox::Ok | QDialogButtonBox::Cancel | QDialogButtonBox::Apply, this))
    , m_modelKeyCheck(debounceTimer(this))
    , m_crmTokenCheck(debounceTimer(this))
    , m_mailPasswordCheck(debounceTimer(this)) {
    setObjectName(u"settingsDialog"_s);
    setWindowTitle(tr("Settings"));
    m_tabs->setObjectName(u"settingsTabs"_s);
    m_tabs->addTab(m_modelPage, tr("&Model"));
    m_tabs->addTab(m_crmPage, tr("&CRM"));
    m_tabs->addTab(m_compliancePage, tr("Comp&liance"));
    m_tabs->addTab(m_mailPage, tr("M&ail"));
    m_modelPage->setObjectName(u"modelPage"_s);
    m_crmPage->setObjectName(u"crmPage"_s);
    m_compliancePage->setObjectName(u"compliancePage"_s);
    m_mailPage->setObjectName(u"mailPage"_s);

    m_error->setObjectName(u"settingsError"_s);
    m_error->setWordWrap(true);
    m_error->setTextFormat(Qt::PlainText);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->hide();
    m_buttons->setObjectName(u"settingsButtons"_s);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_tabs);
    layout->addWidget(m_error);
    layout->addWidget(m_buttons);

    connect(m_buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);
    connect(m_buttons->button(QDialogButtonBox::Apply), &QPushButton::clicked, this,
            &SettingsDialog::apply);

    SecretField *key = m_modelPage->keyField();
    SecretField *token = m_crmPage->tokenField();
    SecretField *password = m_mailPage->passwordField();
    connect(m_modelPage, &ModelSettingsPage::addressEdited, this, [this, key] {
        key->setStored(SecretField::Stored::Checking);
        m_modelKeyCheck->start();
    });
    connect(m_crmPage, &CrmSettingsPage::addressEdited, this, [this, token] {
        token->setStored(SecretField::Stored::Checking);
        m_crmTokenCheck->start();
    });
    connect(m_mailPage, &MailSettingsPage::addressEdited, this, [this, password] {
        password->setStored(SecretField::Stored::Checking);
        m_mailPasswordCheck->start();
    });
    connect(m_modelKeyCheck, &QTimer::timeout, this, [this, key] { checkStored(key); });
    connect(m_crmTokenCheck, &QTimer::timeout, this, [this, token] { checkStored(token); });
    connect(m_mailPasswordCheck, &QTimer::timeout, this,
            [this, password] { checkStored(password); });
    connect(key, &SecretField::forgetRequested, this, [this, key] { forgetStored(key); });
    connect(token, &SecretField::forgetRequested, this, [this, token] { forgetStored(token); });
    connect(password, &SecretField::forgetRequested, this,
            [this, password] { forgetStored(password); });
    connect(m_modelPage, &ModelSettingsPage::edited, m_modelPage->testPanel(),
            &ConnectionTestPanel::clear);
    connect(m_crmPage, &CrmSettingsPage::edited, m_crmPage->testPanel(),
            &ConnectionTestPanel::clear);
    connect(m_mailPage, &MailSettingsPage::edited, m_mailPage->testPanel(),
            &ConnectionTestPanel::clear);
    connect(m_modelPage->testPanel(), &ConnectionTestPanel::testRequested, this,
            &SettingsDialog::testModel);
    connect(m_crmPage->testPanel(), &ConnectionTestPanel::testRequested, this,
            &SettingsDialog::testCrm);
    connect(m_mailPage->testPanel(), &ConnectionTestPanel::testRequested, this,
            &SettingsDialog::testMail);
    connect(m_modelPage, &ModelSettingsPage::modelListRequested, this, &SettingsDialog::listModels);
    connect(m_modelPage, &ModelSettingsPage::serverSearchRequested, this,
            &SettingsDialog::findLocalServers);

    load();
    setEnvironment(QProcessEnvironment::systemEnvironment());
    checkStored(key);
    checkStored(token);
    checkStored(password);
}

SettingsDialog::~SettingsDialog() = default;

void SettingsDialog::load() {
    // Without the environment: what the rep saved, not what a variable overrides for this run.
    const ModelEndpoint saved = ModelEndpoint::load(m_settings, QProcessEnvironment());
    m_modelPage->setEndpoint(saved);
    m_modelPage->setPrices(
        m_settings.value(ModelSettingsPage::priceKey(saved, u"input"_s)).toString(),
        m_settings.value(ModelSettingsPage::priceKey(saved, u"output"_s)).toString());
    m_crmPage->setSettings(CrmSession::Settings::load(m_settings, QProcessEnvironment()));
    m_crmPage->setRetentionDays(StorageUpkeep::Policy::load(m_settings).outboxRetentionDays);
    m_compliancePage->setSettings(ComplianceSettings::load(m_settings));
    m_mailPage->setSettings(MailSettings::load(m_settings));
}

void SettingsDialog::showPage(Page page) {
    switch (page) {
    case Page::Model:
        m_tabs->setCurrentWidget(m_modelPage);
        break;
    case Page::Crm:
        m_tabs->setCurrentWidget(m_crmPage);
        break;
    case Page::Compliance:
        m_tabs->setCurrentWidget(m_compliancePage);
        break;
    case Page::Mail:
        m_tabs->setCurrentWidget(m_mailPage);
        break;
    }
}

SettingsDialog::Page SettingsDialog::pageFromIndex(int page) {
    switch (page) {
    case int(Page::Crm):
        return Page::Crm;
    case int(Page::Compliance):
        return Page::Compliance;
    case int(Page::Mail):
        return Page::Mail;
    default:
        return Page::Model;
    }
}

SettingsDialog::Page SettingsDialog::currentPage() const {
    if (m_tabs->currentWidget() == m_crmPage)
        return Page::Crm;
    if (m_tabs->currentWidget() == m_compliancePage)
        return Page::Compliance;
    if (m_tabs->currentWidget() == m_mailPage)
        return Page::Mail;
    return Page::Model;
}

void SettingsDialog::setEnvironment(const QProcessEnvironment &environment) {
    m_modelPage->setOverriddenBy(
        overriding(environment, {"OPENAI_API_KEY", "OPENAI_BASE_URL", "AZURE_OPENAI_API_KEY",
                                 "AZURE_OPENAI_ENDPOINT", "OPENAI_API_VERSION"}));
    m_crmPage->setOverriddenBy(
        overriding(environment,
                   {CrmSession::KindVariable, CrmSession::UrlVariable, CrmSession::TokenVariable}));
    m_mailPage->setOverriddenBy(overriding(environment, {MailSettings::PasswordVariable}));
}

QString SettingsDialog::errorText() const {
    return m_error->text();
}

QString SettingsDialog::entryFor(const SecretField *field) const {
    if (field == m_modelPage->keyField()) {
        const ModelEndpoint endpoint = m_modelPage->endpoint();
        return endpoint.baseUrl.isValid() && !endpoint.baseUrl.host().isEmpty()
                   ? endpoint.credentialKey()
                   : QString();
    }
    if (field == m_mailPage->passwordField()) {
        // Stored per user, server and port: without a server or a user there is no mailbox.
        const MailSettings mail = m_mailPage->settings();
        return mail.configured() ? m_mailPage->passwordKey() : QString();
    }
    const QUrl url = m_crmPage->settings().effectiveUrl();
    return url.isValid() && !url.host().isEmpty() ? m_crmPage->tokenKey() : QString();
}

void SettingsDialog::checkStored(SecretField *field) {
    const QString entry = entryFor(field);
    if (entry.isEmpty()) {
        field->setStored(SecretField::Stored::No);
        return;
    }
    field->setStored(SecretField::Stored::Checking);
    QCoro::connect(m_credentials.read(entry), this,
                   [this, field, entry](const Result<std::optional<QString>> &stored) {
                       if (entryFor(field) != entry)
                           return; // the address changed meanwhile; a newer check runs
                       if (!stored.ok())
                           field->setStored(SecretField::Stored::Unknown, stored.error().message());
                       else
                           field->setStored(stored.value() ? SecretField::Stored::Yes
                                                           : SecretField::Stored::No);
                   });
}

void SettingsDialog::forgetStored(SecretField *field) {
    const QString entry = entryFor(field);
    if (entry.isEmpty())
        return;
    field->setForgetEnabled(false);
    QCoro::connect(m_credentials.remove(entry), this,
                   [this, field, entry](const Result<void> &removed) {
                       field->setForgetEnabled(true);
                       if (!removed.ok()) {
                           showError(tr("Could not remove the stored secret from the system "
                                        "keychain: %1")
                                         .arg(removed.error().message()));
                           return;
                       }
                       if (entryFor(field) == entry)
                           field->setStored(SecretField::Stored::No);
                   });
}

void SettingsDialog::testModel() {
    ConnectionTestPanel *panel = m_modelPage->testPanel();
    panel->showBusy();
    QCoro::connect(testModelWith(&m_credentials, m_tester, m_modelPage->endpoint(),
                                 entryFor(m_modelPage->keyField())),
                   panel, [panel](const Verdict &outcome) { panel->showOutcome(outcome); });
}

void SettingsDialog::listModels() {
    m_modelPage->showModelListBusy();
    ModelSettingsPage *page = m_modelPage;
    QCoro::connect(
        listModelsWith(&m_credentials, m_probe, m_modelPage->endpoint(),
                       entryFor(m_modelPage->keyField())),
        page, [page](const Result<ModelServerInfo> &info) {
            if (!info.ok()) {
                page->setServedModels({}, info.error().message());
                return;
            }
            page->setServedModels(
                info->models,
                info->models.isEmpty()
                    ? tr("%1 lists no models: type the model's name.").arg(info->kindName())
                    : tr("%1 serves %n model(s): pick one, or type another name.", nullptr,
                         int(info->models.size()))
                          .arg(info->kindName()));
        });
}

void SettingsDialog::findLocalServers() {
    showPage(Page::Model);
    m_modelPage->showServerSearchBusy();
    ModelSettingsPage *page = m_modelPage;
    QCoro::connect(m_scanner->scan(), page,
                   [page](const QList<ModelServerInfo> &found) { page->showServersFound(found); });
}

void SettingsDialog::testCrm() {
    ConnectionTestPanel *panel = m_crmPage->testPanel();
    panel->showBusy();
    QCoro::connect(testCrmWith(&m_credentials, m_tester, m_crmPage->settings(),
                               entryFor(m_crmPage->tokenField()), m_crmPage->typedToken()),
                   panel, [panel](const Verdict &outcome) { panel->showOutcome(outcome); });
}

void SettingsDialog::testMail() {
    ConnectionTestPanel *panel = m_mailPage->testPanel();
    panel->showBusy();
    QCoro::connect(testMailWith(&m_credentials, m_tester, m_mailPage->settings(),
                                entryFor(m_mailPage->passwordField()), m_mailPage->typedPassword()),
                   panel, [panel](const Verdict &outcome) { panel->showOutcome(outcome); });
}

void SettingsDialog::accept() {
    save(true);
}

void SettingsDialog::reject() {
    if (m_saving)
        return;
    m_tester->cancel();
    m_scanner->cancel();
    m_probe->cancel();
    QDialog::reject();
}

void SettingsDialog::apply() {
    save(false);
}

void SettingsDialog::save(bool closeWhenDone) {
    if (m_saving)
        return;
    showError(QString());
    if (const QString problem = m_modelPage->problem(); !problem.isEmpty()) {
        showPage(Page::Model);
        showError(problem);
        return;
    }
    if (const QString problem = m_crmPage->problem(); !problem.isEmpty()) {
        showPage(Page::Crm);
        showError(problem);
        return;
    }
    if (const QString problem = m_mailPage->problem(); !problem.isEmpty()) {
        showPage(Page::Mail);
        showError(problem);
        return;
    }

    // Secrets first: when the keychain fails nothing is saved, so the settings never point at
    // a key that is not there. Secrets never go anywhere else, failure or not.
    QList<PendingSecret> secrets;
    if (const QString key = m_modelPage->endpoint().apiKey; !key.isEmpty())
        secrets.append({entryFor(m_modelPage->keyField()), key, tr("the API key")});
    if (const QString token = m_crmPage->typedToken(); !token.isEmpty())
        secrets.append({entryFor(m_crmPage->tokenField()), token,
                        m_crmPage->kind() == CrmConnector::Kind::HubSpot
                            ? tr("the HubSpot access token")
                            : tr("the CRM token")});
    if (const QString password = m_mailPage->typedPassword(); !password.isEmpty())
        secrets.append(
            {entryFor(m_mailPage->passwordField()), password, tr("the mailbox password")});
    setSaving(true);
    QCoro::connect(
        storeSecrets(&m_credentials, secrets), this,
        [this, closeWhenDone](const Result<void> &stored) { finishSave(stored, closeWhenDone); });
}

void SettingsDialog::finishSave(const Result<void> &secretsStored, bool closeWhenDone) {
    setSaving(false);
    if (!secretsStored.ok()) {
        showError(secretsStored.error().message());
        return;
    }
    ModelEndpoint endpoint = m_modelPage->endpoint();
    endpoint.apiKey.clear(); // save() never writes it; nor does anything else here
    endpoint.save(m_settings);
    const std::pair<QString, QString> prices[] = {{u"input"_s, m_modelPage->inputPrice()},
                                                  {u"output"_s, m_modelPage->outputPrice()}};
    for (const auto &[kind, price] : prices) {
        if (price.isEmpty())
            m_settings.remove(ModelSettingsPage::priceKey(endpoint, kind));
        else
            m_settings.setValue(ModelSettingsPage::priceKey(endpoint, kind), price);
    }
    m_crmPage->settings().save(m_settings);
    StorageUpkeep::Policy upkeep = StorageUpkeep::Policy::load(m_settings);
    upkeep.outboxRetentionDays = m_crmPage->retentionDays();
    upkeep.save(m_settings);
    m_compliancePage->settings().save(m_settings);
    m_mailPage->settings().save(m_settings);
    m_settings.sync();
    for (SecretField *field :
         {m_modelPage->keyField(), m_crmPage->tokenField(), m_mailPage->passwordField()}) {
        if (!field->typed().isEmpty()) {
            field->clearTyped();
            field->setStored(SecretField::Stored::Yes);
        }
    }
    if (m_settings.status() != QSettings::NoError) {
        showError(tr("The keys are in the keychain, but the settings file %1 could not be "
                     "written.")
                      .arg(m_settings.fileName()));
        return;
    }
    emit settingsSaved();
    if (closeWhenDone) {
        m_tester->cancel();
        QDialog::accept();
    }
}

void SettingsDialog::setSaving(bool saving) {
    m_saving = saving;
    m_tabs->setEnabled(!saving);
    m_buttons->setEnabled(!saving);
}

void SettingsDialog::showError(const QString &text) {
    QPalette colours = palette();
    colours.setColor(QPalette::WindowText, ConnectionTestPanel::tone(palette(), 0));
    m_error->setPalette(colours);
    m_error->setText(text);
    m_error->setVisible(!text.isEmpty());
}
