// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/Result.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QList>
#include <QPair>
#include <QProcessEnvironment>
#include <QString>
#include <QUrl>

class QSettings;

// Where and how to reach an OpenAI-compatible Chat Completions endpoint: OpenAI itself, Azure
// OpenAI (deployment URLs with api-version, or the newer /openai/v1 base) or any compatible
// server by base URL (llama.cpp, Ollama, vLLM, LM Studio). The API key is held in memory only.
struct ModelEndpoint {
    Q_DECLARE_TR_FUNCTIONS(ModelEndpoint)

public:
    enum class Provider { OpenAI, Azure, Compatible };

    Provider provider = Provider::OpenAI;
    // OpenAI and compatible servers: the base that /chat/completions goes after
    // ("https://api.openai.com/v1", "http://localhost:8080/v1"). Azure: the resource
    // ("https://contoso.openai.azure.com") for deployment URLs, or its "/openai/v1" base.
    QUrl baseUrl = QUrl(QStringLiteral("https://api.openai.com/v1"));
    QString deployment; // Azure deployment URLs only
    QString apiVersion; // Azure deployment URLs only ("2024-10-21")
    QString model = QStringLiteral("gpt-4o-mini");
    double temperature = 0.7;
    int maxOutputTokens = 4000;
    int contextWindowTokens = 128000;
    QString apiKey; // never written anywhere by this type

    static QString providerName(Provider provider); // "openai", "azure", "compatible"
    static std::optional<Provider> providerFromName(const QString &name);

    // From the settings ("model/provider", "model/baseUrl", "model/deployment",
    // "model/apiVersion", "model/name", "model/temperature", "model/maxOutputTokens",
    // "model/contextWindow"), then the official SDKs' variables for this run only:
    // OPENAI_API_KEY, OPENAI_BASE_URL (another host than api.openai.com selects a compatible
    // server); AZURE_OPENAI_API_KEY, AZURE_OPENAI_ENDPOINT,
    // OPENAI_API_VERSION (which select Azure).
    static ModelEndpoint load(const QSettings &settings, const QProcessEnvironment &environment);
    // Writes exactly the settings keys load() reads, never the API key (that belongs in the
    // keychain, under credentialKey()). Save only an endpoint loaded with an empty environment,
    // or the variables' values become permanent settings.
    void save(QSettings &settings) const;

    // Configured enough to send a request: a valid URL, a model or deployment, and a key where
    // the provider needs one (not for a compatible server on this computer).
    Result<void> validate() const;
    bool isAzureDeployment() const { return provider == Provider::Azure && !deployment.isEmpty(); }

    QUrl chatCompletionsUrl() const;
    // "Authorization: Bearer …" (OpenAI, compatible servers, Azure's v1 base with a key) or
    // "api-key: …" (Azure deployments). Empty without a key.
    QList<QPair<QByteArray, QByteArray>> authHeaders() const;
    // The keychain entry of this endpoint's key ("model-token@https://api.openai.com/v1").
    QString credentialKey() const;
    // Identifies endpoint + model for remembered quirks (parameters it rejects).
    QString quirkKey() const;
};
