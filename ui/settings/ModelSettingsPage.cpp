// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/settings/ModelSettingsPage.h"

#include "net/HttpTransport.h"
#include "ui/settings/ConnectionTestPanel.h"
#include "ui/settings/SecretField.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QDoubleValidator>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSpinBox>
#include <QStyledItemDelegate>
#include <QVBoxLayout>

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

// The picker's items: the model's id (what the edit field takes) and a note shown beside it.
constexpr int NoteRole = Qt::UserRole + 1;
constexpr int ContextRole = Qt::UserRole + 2;

// Shows each model's note in the picker's list while the field itself gets the bare id.
class ModelItemDelegate : public QStyledItemDelegate {
public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override {
        QStyledItemDelegate::initStyleOption(option, index);
        const QString note = index.data(NoteRole).toString();
        if (!note.isEmpty())
            option->text += u"  —  "_s + note;
    }
};

// "8192 tokens, loaded", "context size unknown".
QString noteFor(const ServedModel &model) {
    QString note = model.contextTokens > 0
                       ? ModelSettingsPage::tr("%1 tokens").arg(model.contextTokens)
                       : ModelSettingsPage::tr("context size unknown");
    if (!model.detail.isEmpty())
        note += u", "_s + model.detail;
    return note;
}

// Editable at once, so that its line edit follows it in the focus chain (widgets join the chain
// in the order they are created).
QComboBox *editableCombo(QWidget *parent) {
    auto *combo = new QComboBox(parent);
    combo->setEditable(true);
    return combo;
}

QString hostLabel(const QUrl &url) {
    return url.port() == -1 ? url.host() : u"%1:%2"_s.arg(url.host()).arg(url.port());
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
    , m_model(editableCombo(this))
    , m_listModels(new QPushButton(tr("L&ist Models"), this))
    , m_modelStatus(noteLabel(u"modelListStatus"_s, this))
    , m_temperature(new QDoubleSpinBox(this))
    , m_maxOutputTokens(new QSpinBox(this))
    , m_contextWindow(new QSpinBox(this))
    , m_inputPrice(new QLineEdit(this))
    , m_outputPrice(new QLineEdit(this))
    , m_key(new SecretField(SecretField::Kind::ApiKey, u"modelApiKey"_s, this))
    , m_environmentNote(noteLabel(u"modelEnvironmentNote"_s, this))
    , m_test(new ConnectionTestPanel(u"modelTest"_s, this))
    , m_findServers(new QPushButton(tr("&Find Local Servers"), this))
    , m_serverStatus(noteLabel(u"modelServerStatus"_s, this))
    , m_servers(new QListWidget(this))
    , m_useServer(new QPushButton(tr("Us&e This Server"), this)) {
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
    m_model->setObjectName(u"modelPicker"_s);
    m_model->setAccessibleName(tr("Model"));
    // A name typed and confirmed with Enter is the setting, not a new entry of the server's list.
    m_model->setInsertPolicy(QComboBox::NoInsert);
    m_model->setItemDelegate(new ModelItemDelegate(m_model));
    m_model->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    m_model->lineEdit()->setObjectName(u"modelName"_s);
    m_model->lineEdit()->setAccessibleName(tr("Model name"));
    m_model->lineEdit()->setPlaceholderText(u"gpt-4o-mini"_s);
    m_listModels->setObjectName(u"modelListButton"_s);
    m_listModels->setToolTip(tr("Ask the server at the base URL which models it serves"));
    m_modelStatus->hide();

    m_findServers->setObjectName(u"modelFindServers"_s);
    m_findServers->setToolTip(tr("Look for Ollama, llama.cpp, LM Studio and vLLM on this "
                                 "computer"));
    m_servers->setObjectName(u"modelServerList"_s);
    m_servers->setAccessibleName(tr("Model servers found"));
    m_servers->setSelectionMode(QAbstractItemView::SingleSelection);
    m_servers->hide();
    m_serverStatus->hide();
    m_useServer->setObjectName(u"modelUseServer"_s);
    m_useServer->hide();

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

    for (QLineEdit *price : {m_inputPrice, m_outputPrice}) {
        auto *validator = new QDoubleValidator(0, 1e6, 4, price);
        validator->setNotation(QDoubleValidator::StandardNotation);
        validator->setLocale(QLocale::c());
        price->setValidator(validator);
        price->setPlaceholderText(tr("No cost shown"));
        price->setToolTip(tr("The price per million tokens, for the batch window's cost "
                             "estimate; blank shows no cost"));
        connect(price, &QLineEdit::textEdited, this, &ModelSettingsPage::edited);
    }
    m_inputPrice->setObjectName(u"modelInputPrice"_s);
    m_inputPrice->setAccessibleName(tr("Price per million input tokens"));
    m_outputPrice->setObjectName(u"modelOutputPrice"_s);
    m_outputPrice->setAccessibleName(tr("Price per million output tokens"));

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
    auto *modelRow = new QHBoxLayout;
    modelRow->setContentsMargins(0, 0, 0, 0);
    modelRow->addWidget(m_model, 1);
    modelRow->addWidget(m_listModels);
    auto *modelLabel = new QLabel(tr("Model &name:"), this);
    modelLabel->setBuddy(m_model);
    form->addRow(modelLabel, modelRow);
    form->addRow(static_cast<QWidget *>(nullptr), m_modelStatus);
    addRow(tr("&Temperature:"), m_temperature);
    addRow(tr("Max output t&okens:"), m_maxOutputTokens);
    addRow(tr("Conte&xt window:"), m_contextWindow);
    addRow(tr("Price per million &input tokens:"), m_inputPrice);
    addRow(tr("Price per million o&utput tokens:"), m_outputPrice);
    addRow(tr("API &key:"), m_key);
    form->addRow(static_cast<QWidget *>(nullptr), m_environmentNote);
    form->addRow(m_test);
    auto *servers = new QVBoxLayout;
    servers->setContentsMargins(0, 0, 0, 0);
    auto *findRow = new QHBoxLayout;
    findRow->addWidget(m_findServers);
    findRow->addStretch(1);
    servers->addLayout(findRow);
    servers->addWidget(m_serverStatus);
    servers->addWidget(m_servers);
    auto *useRow = new QHBoxLayout;
    useRow->addStretch(1);
    useRow->addWidget(m_useServer);
    servers->addLayout(useRow);
    form->addRow(servers);

    setTabOrder(m_provider, m_baseUrl);
    setTabOrder(m_baseUrl, m_deployment);
    setTabOrder(m_deployment, m_apiVersion);
    setTabOrder(m_apiVersion, m_model);
    setTabOrder(m_model, m_listModels);
    setTabOrder(m_listModels, m_temperature);
    setTabOrder(m_temperature, m_maxOutputTokens);
    setTabOrder(m_maxOutputTokens, m_contextWindow);
    setTabOrder(m_contextWindow, m_inputPrice);
    setTabOrder(m_inputPrice, m_outputPrice);
    setTabOrder(m_outputPrice, m_key);
    setTabOrder(m_key, m_test);
    setTabOrder(m_test, m_findServers);
    setTabOrder(m_findServers, m_servers);
    setTabOrder(m_servers, m_useServer);

    connect(m_provider, &QComboBox::currentIndexChanged, this, [this] {
        providerChanged();
        emit addressEdited();
        emit edited();
    });
    connect(m_baseUrl, &QLineEdit::textEdited, this, [this] {
        emit addressEdited();
        emit edited();
    });
    for (QLineEdit *line : {m_deployment, m_apiVersion, m_model->lineEdit()})
        connect(line, &QLineEdit::textEdited, this, &ModelSettingsPage::edited);
    connect(m_model, &QComboBox::activated, this, &ModelSettingsPage::modelPicked);
    connect(m_listModels, &QPushButton::clicked, this, &ModelSettingsPage::modelListRequested);
    connect(m_findServers, &QPushButton::clicked, this, &ModelSettingsPage::serverSearchRequested);
    connect(m_useServer, &QPushButton::clicked, this, &ModelSettingsPage::useSelectedServer);
    connect(m_servers, &QListWidget::itemActivated, this, &ModelSettingsPage::useSelectedServer);
    connect(m_servers, &QListWidget::currentRowChanged, this,
            [this](int row) { m_useServer->setEnabled(row >= 0); });
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
    m_model->setEditText(endpoint.model);
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
    endpoint.model = m_model->currentText().trimmed();
    endpoint.temperature = m_temperature->value();
    endpoint.maxOutputTokens = m_maxOutputTokens->value();
    endpoint.contextWindowTokens = m_contextWindow->value();
    endpoint.apiKey = m_key->typed();
    return endpoint;
}

QString ModelSettingsPage::problem() const {
    const QString text = m_baseUrl->text().trimmed();
    const QUrl url(text, QUrl::StrictMode);
    if (const Result<void> noUserInfo =
            HttpTransport::checkNoUserInfo(url, tr("the model endpoint"));
        !noUserInfo.ok())
        return noUserInfo.error().message();
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
    m_model->lineEdit()->setPlaceholderText(azure ? tr("Optional with a deployment")
                                                  : u"gpt-4o-mini"_s);
}

void ModelSettingsPage::showModelListBusy() {
    m_listModels->setEnabled(false);
    m_modelStatus->setText(tr("Asking the server for its models…"));
    m_modelStatus->show();
}

void ModelSettingsPage::setServedModels(const QList<ServedModel> &models, const QString &status) {
    const QString typed = m_model->currentText();
    {
        const QSignalBlocker blocker(m_model);
        m_model->clear();
        for (const ServedModel &model : models) {
            m_model->addItem(model.id);
            const int row = m_model->count() - 1;
            m_model->setItemData(row, noteFor(model), NoteRole);
            m_model->setItemData(row, model.contextTokens, ContextRole);
            m_model->setItemData(row, noteFor(model), Qt::ToolTipRole);
        }
        m_model->setEditText(typed); // listing never changes the setting by itself
    }
    m_listModels->setEnabled(true);
    m_modelStatus->setText(status);
    m_modelStatus->setVisible(!status.isEmpty());
}

void ModelSettingsPage::modelPicked(int index) {
    const int context = m_model->itemData(index, ContextRole).toInt();
    if (context > 0)
        m_contextWindow->setValue(context);
    emit edited();
}

void ModelSettingsPage::showServerSearchBusy() {
    m_findServers->setEnabled(false);
    m_found.clear();
    m_servers->clear();
    m_servers->hide();
    m_useServer->hide();
    m_serverStatus->setText(tr("Looking for model servers on this computer…"));
    m_serverStatus->show();
}

void ModelSettingsPage::showServersFound(const QList<ModelServerInfo> &servers) {
    m_findServers->setEnabled(true);
    m_found = servers;
    m_servers->clear();
    for (qsizetype s = 0; s < servers.size(); ++s) {
        const ModelServerInfo &server = servers.at(s);
        const QString where = tr("%1 at %2").arg(server.kindName(), hostLabel(server.baseUrl));
        if (server.models.isEmpty()) {
            auto *item = new QListWidgetItem(tr("%1 — lists no models").arg(where), m_servers);
            item->setData(Qt::UserRole, int(s));
            item->setData(Qt::UserRole + 1, -1);
        }
        for (qsizetype m = 0; m < server.models.size(); ++m) {
            const ServedModel &model = server.models.at(m);
            auto *item = new QListWidgetItem(u"%1 — %2 (%3)"_s.arg(where, model.id, noteFor(model)),
                                             m_servers);
            item->setData(Qt::UserRole, int(s));
            item->setData(Qt::UserRole + 1, int(m));
        }
    }
    const bool any = m_servers->count() > 0;
    m_serverStatus->setText(
        any ? tr("Found %n model server(s) on this computer: pick a model and use it.", nullptr,
                 int(servers.size()))
            : tr("No model server is running on this computer. Start Ollama, llama.cpp, LM "
                 "Studio or vLLM, then look again."));
    m_serverStatus->show();
    m_servers->setVisible(any);
    m_useServer->setVisible(any);
    if (any)
        m_servers->setCurrentRow(0);
}

void ModelSettingsPage::useSelectedServer() {
    const QListWidgetItem *item = m_servers->currentItem();
    if (!item)
        return;
    const int s = item->data(Qt::UserRole).toInt();
    const int m = item->data(Qt::UserRole + 1).toInt();
    if (s < 0 || s >= m_found.size())
        return;
    const ModelServerInfo &server = m_found.at(s);
    useServer(server, m >= 0 && m < server.models.size() ? server.models.at(m) : ServedModel());
}

void ModelSettingsPage::useServer(const ModelServerInfo &server, const ServedModel &model) {
    {
        const QSignalBlocker blocker(m_provider);
        m_provider->setCurrentIndex(
            m_provider->findData(ModelEndpoint::providerName(Provider::Compatible)));
    }
    providerChanged();
    m_baseUrl->setText(server.baseUrl.toString());
    setServedModels(server.models, tr("The models %1 serves.").arg(server.kindName()));
    if (!model.id.isEmpty())
        m_model->setEditText(model.id);
    if (model.contextTokens > 0)
        m_contextWindow->setValue(model.contextTokens);
    emit addressEdited();
    emit edited();
}

void ModelSettingsPage::setPrices(const QString &input, const QString &output) {
    m_inputPrice->setText(input);
    m_outputPrice->setText(output);
}

QString ModelSettingsPage::inputPrice() const {
    return m_inputPrice->text().trimmed();
}

QString ModelSettingsPage::outputPrice() const {
    return m_outputPrice->text().trimmed();
}

QString ModelSettingsPage::priceKey(const ModelEndpoint &endpoint, const QString &kind) {
    const QString model = endpoint.isAzureDeployment() ? endpoint.deployment : endpoint.model;
    return u"model/prices/%1/%2"_s.arg(model, kind);
}
