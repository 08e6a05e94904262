// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/settings/ModelSettingsPage.h"

#include "ui/settings/ConnectionTestPanel.h"
#include "ui/settings/SecretField.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>

using namespace Qt::StringLiterals;

namespace {

using Provider = ModelEndpoint::Provider;

QString defaultOpenAiUrl() {
    return ModelEndpoint().baseUrl.toString();
}

QLabel *noteLabel(const QString &objectName, QWidget *parent) {
    auto *label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    label->setForegroundRole(QPalette::PlaceholderText); // secondary text on any theme
    return label;
}

} // namespace

ModelSettingsPage::ModelSettingsPage(QWidget *parent)
    : QWidget(parent)
    , m_provider(new QComboBox(this))
    , m_hint(noteLabel(u"modelProviderHint"_s, this))
    , m_baseUrl(new QLineEdit(this))
    , m_deploymentLabel(new QLabel(tr("&Deployment:"), this))
    , m_deployment(new QLineEdit(this))
    , m_apiVersionLabel(new QLabel(tr("API &version:"), this))
    , m_apiVersion(new QLineEdit(this))
    , m_model(new QLineEdit(this))
    , m_temperature(new QDoubleSpinBox(this))
    , m_maxOutputTokens(new QSpinBox(this))
    , m_contextWindow(new QSpinBox(this))
    , m_key(new SecretField(SecretField::Kind::ApiKey, u"modelApiKey"_s, this))
    , m_environmentNote(noteLabel(u"modelEnvironmentNote"_s, this))
    , m_test(new ConnectionTestPanel(u"modelTest"_s, this)) {
    m_provider->setObjectName(u"modelProvider"_s);
    m_provider->addItem(tr("OpenAI"), ModelEndpoint::providerName(Provider::OpenAI));
    m_provider->addItem(tr("Azure OpenAI"), ModelEndpoint::providerName(Provider::Azure));
    m_provider->addItem(tr("OpenAI-compatible server"),
                        ModelEndpoint::providerName(Provider::Compatible));
    m_provider->setAccessibleName(tr("Provider"));

    m_baseUrl->setObjectName(u"modelBaseUrl"_s);
    m_baseUrl->setAccessibleName(tr("Base URL"));
    m_deployment->setObjectName(u"modelDeployment"_s);
    m_deployment->setAccessibleName(tr("Azure deployment"));
    m_deployment->setPlaceholderText(tr("Empty: the /openai/v1 API with the model below"));
    m_apiVersion->setObjectName(u"modelApiVersion"_s);
    m_apiVersion->setAccessibleName(tr("Azure API version"));
    m_apiVersion->setPlaceholderText(u"2024-10-21"_s);
    m_model->setObjectName(u"modelName"_s);
    m_model->setAccessibleName(tr("Model"));
    m_model->setPlaceholderText(u"gpt-4o-mini"_s);

    m_temperature->setObjectName(u"modelTemperature"_s);
    m_temperature->setAccessibleName(tr("Temperature"));
    m_temperature->setRange(0.0, 2.0);
    m_temperature->setSingleStep(0.1);
    m_temperature->setDecimals(2);
    m_temperature->setToolTip(tr("Lower is more predictable, higher more varied"));
    // The same limits as ModelEndpoint::load, so what is saved loads back unchanged.
    m_maxOutputTokens->setObjectName(u"modelMaxOutputTokens"_s);
    m_maxOutputTokens->setAccessibleName(tr("Maximum output tokens"));
    m_maxOutputTokens->setRange(16, 200000);
    m_maxOutputTokens->setSingleStep(100);
    m_contextWindow->setObjectName(u"modelContextWindow"_s);
    m_contextWindow->setAccessibleName(tr("Context window in tokens"));
    m_contextWindow->setRange(1024, 10'000'000);
    m_contextWindow->setSingleStep(1024);
    m_contextWindow->setToolTip(tr("How much the model reads at once; the prompt is cut to fit"));
    m_environmentNote->hide();

    auto *form = new QFormLayout(this);
    auto addRow = [&](const QString &text, QWidget *field) {
        auto *label = new QLabel(text, this);
        label->setBuddy(field);
        form->addRow(label, field);
    };
    addRow(tr("&Provider:"), m_provider);
    form->addRow(static_cast<QWidget *>(nullptr), m_hint);
    addRow(tr("Base &URL:"), m_baseUrl);
    m_deploymentLabel->setBuddy(m_deployment);
    form->addRow(m_deploymentLabel, m_deployment);
    m_apiVersionLabel->setBuddy(m_apiVersion);
    form->addRow(m_apiVersionLabel, m_apiVersion);
    addRow(tr("Model &name:"), m_model);
    addRow(tr("&Temperature:"), m_temperature);
    addRow(tr("Max output t&okens:"), m_maxOutputTokens);
    addRow(tr("Conte&xt window:"), m_contextWindow);
    addRow(tr("API &key:"), m_key);
    form->addRow(static_cast<QWidget *>(nullptr), m_environmentNote);
    form->addRow(m_test);

    setTabOrder(m_provider, m_baseUrl);
    setTabOrder(m_baseUrl, m_deployment);
    setTabOrder(m_deployment, m_apiVersion);
    setTabOrder(m_apiVersion, m_model);
    setTabOrder(m_model, m_temperature);
    setTabOrder(m_temperature, m_maxOutputTokens);
    setTabOrder(m_maxOutputTokens, m_contextWindow);
    setTabOrder(m_contextWindow, m_key);
    setTabOrder(m_key, m_test);

    connect(m_provider, &QComboBox::currentIndexChanged, this, [this] {
        providerChanged();
        emit addressEdited();
        emit edited();
    });
    connect(m_baseUrl, &QLineEdit::textEdited, this, [this] {
        emit addressEdited();
        emit edited();
    });
    for (QLineEdit *line : {m_deployment, m_apiVersion, m_model})
        connect(line, &QLineEdit::textEdited, this, &ModelSettingsPage::edited);
    connect(m_key, &SecretField::edited, this, &ModelSettingsPage::edited);

    setEndpoint(ModelEndpoint());
}

void ModelSettingsPage::setEndpoint(const ModelEndpoint &endpoint) {
    const QSignalBlocker blocker(m_provider);
    m_provider->setCurrentIndex(
        std::max(0, m_provider->findData(ModelEndpoint::providerName(endpoint.provider))));
    const QString url = endpoint.baseUrl.toString();
    // The default OpenAI address stays a placeholder, so that switching provider starts clean.
    m_baseUrl->setText(
        endpoint.provider == Provider::OpenAI && url == defaultOpenAiUrl() ? QString() : url);
    m_deployment->setText(endpoint.deployment);
    m_apiVersion->setText(endpoint.apiVersion);
    m_model->setText(endpoint.model);
    m_temperature->setValue(endpoint.temperature);
    m_maxOutputTokens->setValue(endpoint.maxOutputTokens);
    m_contextWindow->setValue(endpoint.contextWindowTokens);
    m_key->clearTyped();
    providerChanged();
}

ModelEndpoint ModelSettingsPage::endpoint() const {
    ModelEndpoint endpoint;
    endpoint.provider = ModelEndpoint::providerFromName(m_provider->currentData().toString())
                            .value_or(Provider::OpenAI);
    const QString text = m_baseUrl->text().trimmed();
    endpoint.baseUrl = !text.isEmpty()                         ? QUrl(text, QUrl::StrictMode)
                       : endpoint.provider == Provider::OpenAI ? ModelEndpoint().baseUrl
                                                               : QUrl();
    endpoint.deployment = m_deployment->text().trimmed();
    endpoint.apiVersion = m_apiVersion->text().trimmed();
    endpoint.model = m_model->text().trimmed();
    endpoint.temperature = m_temperature->value();
    endpoint.maxOutputTokens = m_maxOutputTokens->value();
    endpoint.contextWindowTokens = m_contextWindow->value();
    endpoint.apiKey = m_key->typed();
    return endpoint;
}

QString ModelSettingsPage::problem() const {
    const QString text = m_baseUrl->text().trimmed();
    const QUrl url(text, QUrl::StrictMode);
    if (!text.isEmpty()
        && (!url.isValid() || url.host().isEmpty()
            || (url.scheme() != u"https"_s && url.scheme() != u"http"_s)))
        return tr("The model's base URL is not a web address (https://…).");
    if (!m_key->typed().isEmpty() && endpoint().baseUrl.isEmpty())
        return tr("Enter the model's base URL: the API key is stored for that address.");
    return {};
}

void ModelSettingsPage::setOverriddenBy(const QStringList &variables) {
    m_environmentNote->setText(
        tr("Set in this program's environment, and used instead of these settings while it "
           "runs: %1.")
            .arg(variables.join(u", "_s)));
    m_environmentNote->setVisible(!variables.isEmpty());
}

void ModelSettingsPage::providerChanged() {
    const auto provider = ModelEndpoint::providerFromName(m_provider->currentData().toString())
                              .value_or(Provider::OpenAI);
    const bool azure = provider == Provider::Azure;
    auto *form = static_cast<QFormLayout *>(layout());
    form->setRowVisible(m_deployment, azure);
    form->setRowVisible(m_apiVersion, azure);
    // Another provider's default address would be wrong here; an address typed by hand stays.
    if (m_baseUrl->text().trimmed() == defaultOpenAiUrl())
        m_baseUrl->clear();
    switch (provider) {
    case Provider::OpenAI:
        m_baseUrl->setPlaceholderText(defaultOpenAiUrl());
        m_hint->setText(tr("Leave the base URL empty for api.openai.com. Create a key at "
                           "platform.openai.com."));
        break;
    case Provider::Azure:
        m_baseUrl->setPlaceholderText(u"https://contoso.openai.azure.com"_s);
        m_hint->setText(tr("The base URL is your Azure OpenAI resource. With a deployment name "
                           "an API version is needed too; without one the /openai/v1 API is "
                           "used with the model name."));
        break;
    case Provider::Compatible:
        m_baseUrl->setPlaceholderText(u"http://localhost:11434/v1"_s);
        m_hint->setText(tr("Ollama: http://localhost:11434/v1 — llama.cpp server: "
                           "http://localhost:8080/v1. A server on this computer needs no key."));
        break;
    }
    m_model->setPlaceholderText(azure ? tr("Optional with a deployment") : u"gpt-4o-mini"_s);
}
