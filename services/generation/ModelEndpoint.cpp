// SPDX-License-Identifier: GPL-3.0-or-later
#include "generation/ModelEndpoint.h"

#include "net/HttpTransport.h"
#include "platform/CredentialStore.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QSettings>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace {

QString withoutTrailingSlash(QString text) {
    while (text.endsWith(u'/'))
        text.chop(1);
    return text;
}

} // namespace

QString ModelEndpoint::providerName(Provider provider) {
    switch (provider) {
    case Provider::OpenAI:
        return u"openai"_s;
    case Provider::Azure:
        return u"azure"_s;
    case Provider::Compatible:
        return u"compatible"_s;
    }
    return {};
}

std::optional<ModelEndpoint::Provider> ModelEndpoint::providerFromName(const QString &name) {
    for (Provider provider : {Provider::OpenAI, Provider::Azure, Provider::Compatible}) {
        if (providerName(provider) == name.trimmed().toLower())
            return provider;
    }
    return std::nullopt;
}

ModelEndpoint ModelEndpoint::load(const QSettings &settings,
                                  const QProcessEnvironment &environment) {
    ModelEndpoint endpoint;
    if (const auto provider = providerFromName(settings.value(u"model/provider"_s).toString()))
        endpoint.provider = *provider;
    const QString base = settings.value(u"model/baseUrl"_s).toString().trimmed();
    if (!base.isEmpty())
        endpoint.baseUrl = QUrl(base, QUrl::StrictMode);
    else if (endpoint.provider != Provider::OpenAI)
        endpoint.baseUrl = QUrl();
    endpoint.deployment = settings.value(u"model/deployment"_s).toString().trimmed();
    endpoint.apiVersion = settings.value(u"model/apiVersion"_s).toString().trimmed();
    endpoint.model = settings.value(u"model/name"_s, endpoint.model).toString().trimmed();
    endpoint.temperature = std::clamp(
        settings.value(u"model/temperature"_s, endpoint.temperature).toDouble(), 0.0, 2.0);
    endpoint.maxOutputTokens = std::clamp(
        settings.value(u"model/maxOutputTokens"_s, endpoint.maxOutputTokens).toInt(), 16, 200000);
    endpoint.contextWindowTokens =
        std::clamp(settings.value(u"model/contextWindow"_s, endpoint.contextWindowTokens).toInt(),
                   1024, 10'000'000);

    // The official SDKs' variables win for this run, as they do for the SDKs themselves.
    const auto variable = [&](const char *name) {
        return environment.value(QString::fromLatin1(name)).trimmed();
    };
    if (const QString azure = variable("AZURE_OPENAI_ENDPOINT"); !azure.isEmpty()) {
        endpoint.provider = Provider::Azure;
        endpoint.baseUrl = QUrl(azure, QUrl::StrictMode);
        if (const QString key = variable("AZURE_OPENAI_API_KEY"); !key.isEmpty())
            endpoint.apiKey = key;
        if (const QString version = variable("OPENAI_API_VERSION"); !version.isEmpty())
            endpoint.apiVersion = version;
    } else if (const QString openaiBase = variable("OPENAI_BASE_URL"); !openaiBase.isEmpty()) {
        endpoint.baseUrl = QUrl(openaiBase, QUrl::StrictMode);
        // Anything but OpenAI's own host is a compatible server (llama.cpp, Ollama, vLLM, a
        // proxy): it gets max_tokens, the tokenizer margin and, on loopback, no key.
        endpoint.provider =
            endpoint.baseUrl.host().compare(u"api.openai.com"_s, Qt::CaseInsensitive) == 0
                ? Provider::OpenAI
                : Provider::Compatible;
    }
    if (endpoint.provider != Provider::Azure) {
        if (const QString key = variable("OPENAI_API_KEY"); !key.isEmpty())
            endpoint.apiKey = key;
    } else if (endpoint.apiKey.isEmpty()) {
        endpoint.apiKey = variable("AZURE_OPENAI_API_KEY");
    }
    return endpoint;
}

void ModelEndpoint::save(QSettings &settings) const {
    settings.setValue(u"model/provider"_s, providerName(provider));
    // A user name or password in the address is refused before it gets here; should one slip
    // through, it still never reaches the file.
    settings.setValue(u"model/baseUrl"_s, baseUrl.toString(QUrl::RemoveUserInfo));
    settings.setValue(u"model/deployment"_s, deployment);
    settings.setValue(u"model/apiVersion"_s, apiVersion);
    settings.setValue(u"model/name"_s, model);
    settings.setValue(u"model/temperature"_s, temperature);
    settings.setValue(u"model/maxOutputTokens"_s, maxOutputTokens);
    settings.setValue(u"model/contextWindow"_s, contextWindowTokens);
}

Result<void> ModelEndpoint::validate() const {
    if (!baseUrl.isValid() || baseUrl.host().isEmpty())
        return OutreachError(OutreachError::Code::Auth,
                             tr("No model endpoint is configured: set its address in Settings → "
                                "Model (or OPENAI_BASE_URL / AZURE_OPENAI_ENDPOINT)."));
    if (const Result<void> secure =
            HttpTransport::checkTransportSecurity(chatCompletionsUrl(), tr("the model endpoint"));
        !secure.ok())
        return secure;
    if (isAzureDeployment() && apiVersion.isEmpty())
        return OutreachError(OutreachError::Code::Auth,
                             tr("An Azure OpenAI deployment needs an API version "
                                "(OPENAI_API_VERSION, e.g. 2024-10-21)."));
    if (!isAzureDeployment() && model.isEmpty())
        return OutreachError(OutreachError::Code::Auth, tr("No model name is configured."));
    // A local server usually needs no key; anything else does.
    if (apiKey.isEmpty()
        && !(provider == Provider::Compatible && HttpTransport::isLoopback(baseUrl)))
        return OutreachError(OutreachError::Code::Auth,
                             tr("No API key is set for %1. Add it in Settings → Model (it is "
                                "kept in the system keychain) or set %2.")
                                 .arg(baseUrl.host(), provider == Provider::Azure
                                                          ? u"AZURE_OPENAI_API_KEY"_s
                                                          : u"OPENAI_API_KEY"_s));
    return {};
}

QUrl ModelEndpoint::chatCompletionsUrl() const {
    const QString base = withoutTrailingSlash(
        baseUrl.toString(QUrl::FullyEncoded | QUrl::RemoveQuery | QUrl::RemoveFragment));
    if (isAzureDeployment()) {
        QString root = base;
        // Accept the resource URL with or without a trailing "/openai".
        if (root.endsWith(u"/openai"_s))
            root.chop(7);
        QUrl url = QUrl::fromEncoded((root + u"/openai/deployments/"_s
                                      + QString::fromLatin1(QUrl::toPercentEncoding(deployment))
                                      + u"/chat/completions"_s)
                                         .toLatin1());
        QUrlQuery query;
        query.addQueryItem(u"api-version"_s, apiVersion);
        url.setQuery(query);
        return url;
    }
    if (provider == Provider::Azure && !base.endsWith(u"/openai/v1"_s))
        return QUrl::fromEncoded((base + u"/openai/v1/chat/completions"_s).toLatin1());
    return QUrl::fromEncoded((base + u"/chat/completions"_s).toLatin1());
}

QList<QPair<QByteArray, QByteArray>> ModelEndpoint::authHeaders() const {
    if (apiKey.isEmpty())
        return {};
    if (isAzureDeployment())
        return {{"api-key"_ba, apiKey.toUtf8()}};
    return {{"Authorization"_ba, "Bearer "_ba + apiKey.toUtf8()}};
}

QString ModelEndpoint::credentialKey() const {
    return CredentialStore::entryKey(u"model"_s, baseUrl.toString());
}

QString ModelEndpoint::quirkKey() const {
    // Settings keys must not carry URL punctuation; a short hash of endpoint + model is stable.
    const QByteArray identity =
        (chatCompletionsUrl().toString(QUrl::RemoveQuery) + u'|' + model).toUtf8();
    return QString::fromLatin1(
        QCryptographicHash::hash(identity, QCryptographicHash::Sha256).toHex().left(16));
}
