// SPDX-License-Identifier: GPL-3.0-or-later
// ModelEndpoint: URLs and auth headers per provider, settings and the SDKs' environment
// variables, and what counts as configured.
#include "generation/ModelEndpoint.h"

#include <QFile>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

class TestModelEndpoint : public QObject {
    Q_OBJECT

private slots:
    void openAiByDefault() {
        ModelEndpoint endpoint;
        endpoint.apiKey = u"sk-test"_s;
        QCOMPARE(endpoint.chatCompletionsUrl().toString(),
                 u"https://api.openai.com/v1/chat/completions"_s);
        QCOMPARE(endpoint.authHeaders().size(), 1);
        QCOMPARE(endpoint.authHeaders().constFirst().first, "Authorization"_ba);
        QCOMPARE(endpoint.authHeaders().constFirst().second, "Bearer sk-test"_ba);
        QCOMPARE(endpoint.temperature, 0.7);
        QCOMPARE(endpoint.maxOutputTokens, 4000);
        QVERIFY(endpoint.validate().ok());
    }

    void azureDeploymentsUseApiKeyAndApiVersion() {
        ModelEndpoint endpoint;
        endpoint.provider = ModelEndpoint::Provider::Azure;
        endpoint.baseUrl = QUrl(u"https://contoso.openai.azure.com/"_s);
        endpoint.deployment = u"gpt-4o prod"_s;
        endpoint.apiVersion = u"2024-10-21"_s;
        endpoint.apiKey = u"azure-key"_s;
        QCOMPARE(endpoint.chatCompletionsUrl().toString(QUrl::FullyEncoded),
                 u"https://contoso.openai.azure.com/openai/deployments/gpt-4o%20prod/chat/"
                 "completions?api-version=2024-10-21"_s);
        QCOMPARE(endpoint.authHeaders().constFirst().first, "api-key"_ba);
        QVERIFY(endpoint.validate().ok());
        endpoint.apiVersion.clear();
        QVERIFY(!endpoint.validate().ok());
    }

    void azureV1Base() {
        ModelEndpoint endpoint;
        endpoint.provider = ModelEndpoint::Provider::Azure;
        endpoint.baseUrl = QUrl(u"https://contoso.openai.azure.com"_s);
        endpoint.apiKey = u"k"_s;
        QCOMPARE(endpoint.chatCompletionsUrl().toString(),
                 u"https://contoso.openai.azure.com/openai/v1/chat/completions"_s);
        endpoint.baseUrl = QUrl(u"https://contoso.openai.azure.com/openai/v1/"_s);
        QCOMPARE(endpoint.chatCompletionsUrl().toString(),
                 u"https://contoso.openai.azure.com/openai/v1/chat/completions"_s);
        QCOMPARE(endpoint.authHeaders().constFirst().first, "Authorization"_ba);
    }

    void aLocalServerNeedsNoKeyButARemoteOneDoes() {
        ModelEndpoint endpoint;
        endpoint.provider = ModelEndpoint::Provider::Compatible;
        endpoint.baseUrl = QUrl(u"http://127.0.0.1:8080/v1"_s);
        endpoint.model = u"llama"_s;
        QVERIFY(endpoint.validate().ok());
        QVERIFY(endpoint.authHeaders().isEmpty());
        endpoint.baseUrl = QUrl(u"https://llm.example.com/v1"_s);
        const Result<void> remote = endpoint.validate();
        QVERIFY(!remote.ok());
        QCOMPARE(remote.error().code(), OutreachError::Code::Auth);
        QVERIFY(remote.error().message().contains(u"OPENAI_API_KEY"_s));
        // Plain HTTP to anything but this computer is refused before a key is ever sent.
        endpoint.baseUrl = QUrl(u"http://llm.example.com/v1"_s);
        endpoint.apiKey = u"k"_s;
        QVERIFY(!endpoint.validate().ok());
    }

    void settingsThenEnvironment() {
        QTemporaryDir dir;
        QSettings settings(dir.filePath(u"s.ini"_s), QSettings::IniFormat);
        settings.setValue(u"model/provider"_s, u"compatible"_s);
        settings.setValue(u"model/baseUrl"_s, u"http://localhost:11434/v1"_s);
        settings.setValue(u"model/name"_s, u"llama3.1"_s);
        settings.setValue(u"model/temperature"_s, 0.2);
        settings.setValue(u"model/maxOutputTokens"_s, 900);
        ModelEndpoint endpoint = ModelEndpoint::load(settings, QProcessEnvironment());
        QCOMPARE(endpoint.provider, ModelEndpoint::Provider::Compatible);
        QCOMPARE(endpoint.model, u"llama3.1"_s);
        QCOMPARE(endpoint.temperature, 0.2);
        QCOMPARE(endpoint.maxOutputTokens, 900);
        QVERIFY(endpoint.apiKey.isEmpty());

        QProcessEnvironment environment;
        environment.insert(u"OPENAI_API_KEY"_s, u"sk-env"_s);
        environment.insert(u"OPENAI_BASE_URL"_s, u"http://127.0.0.1:9999/v1"_s);
        endpoint = ModelEndpoint::load(settings, environment);
        QCOMPARE(endpoint.apiKey, u"sk-env"_s);
        QCOMPARE(endpoint.chatCompletionsUrl().toString(),
                 u"http://127.0.0.1:9999/v1/chat/completions"_s);
        QCOMPARE(endpoint.provider, ModelEndpoint::Provider::Compatible);
        environment.insert(u"OPENAI_BASE_URL"_s, u"https://api.openai.com/v1"_s);
        QCOMPARE(ModelEndpoint::load(settings, environment).provider,
                 ModelEndpoint::Provider::OpenAI);

        QProcessEnvironment azure;
        azure.insert(u"AZURE_OPENAI_ENDPOINT"_s, u"https://contoso.openai.azure.com"_s);
        azure.insert(u"AZURE_OPENAI_API_KEY"_s, u"az"_s);
        azure.insert(u"OPENAI_API_VERSION"_s, u"2024-10-21"_s);
        endpoint = ModelEndpoint::load(settings, azure);
        QCOMPARE(endpoint.provider, ModelEndpoint::Provider::Azure);
        QCOMPARE(endpoint.apiKey, u"az"_s);
        QCOMPARE(endpoint.apiVersion, u"2024-10-21"_s);

        // Nothing from the environment was written back.
        settings.sync();
        QFile file(dir.filePath(u"s.ini"_s));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray written = file.readAll();
        QVERIFY(!written.contains("sk-env"));
        QVERIFY(!written.contains("az"));
    }

    void saveWritesWhatLoadReadsButNeverTheKey() {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"s.ini"_s);
        ModelEndpoint azure;
        azure.provider = ModelEndpoint::Provider::Azure;
        azure.baseUrl = QUrl(u"https://contoso.openai.azure.com"_s);
        azure.deployment = u"gpt-4o-prod"_s;
        azure.apiVersion = u"2024-10-21"_s;
        azure.model = u"gpt-4o"_s;
        azure.temperature = 0.3;
        azure.maxOutputTokens = 1200;
        azure.contextWindowTokens = 64000;
        azure.apiKey = u"azure-secret-5f1c"_s;
        {
            QSettings settings(path, QSettings::IniFormat);
            azure.save(settings);
            settings.beginGroup(u"model"_s);
            QStringList keys = settings.childKeys();
            keys.sort();
            QCOMPARE(keys, (QStringList{u"apiVersion"_s, u"baseUrl"_s, u"contextWindow"_s,
                                        u"deployment"_s, u"maxOutputTokens"_s, u"name"_s,
                                        u"provider"_s, u"temperature"_s}));
            settings.endGroup();
            QVERIFY(settings.childGroups() == QStringList{u"model"_s});
        }
        QSettings reread(path, QSettings::IniFormat);
        const ModelEndpoint loaded = ModelEndpoint::load(reread, QProcessEnvironment());
        QCOMPARE(loaded.provider, azure.provider);
        QCOMPARE(loaded.baseUrl, azure.baseUrl);
        QCOMPARE(loaded.deployment, azure.deployment);
        QCOMPARE(loaded.apiVersion, azure.apiVersion);
        QCOMPARE(loaded.model, azure.model);
        QCOMPARE(loaded.temperature, azure.temperature);
        QCOMPARE(loaded.maxOutputTokens, azure.maxOutputTokens);
        QCOMPARE(loaded.contextWindowTokens, azure.contextWindowTokens);
        QVERIFY(loaded.apiKey.isEmpty());
        QCOMPARE(loaded.credentialKey(), azure.credentialKey());
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(!file.readAll().contains("azure-secret-5f1c"));

        // The defaults survive a round trip too, the OpenAI base URL included.
        QSettings defaults(dir.filePath(u"d.ini"_s), QSettings::IniFormat);
        ModelEndpoint().save(defaults);
        const ModelEndpoint openai = ModelEndpoint::load(defaults, QProcessEnvironment());
        QCOMPARE(openai.provider, ModelEndpoint::Provider::OpenAI);
        QCOMPARE(openai.baseUrl, ModelEndpoint().baseUrl);
        QCOMPARE(openai.model, ModelEndpoint().model);
        QCOMPARE(openai.temperature, ModelEndpoint().temperature);

        // A local server without a key, and an emptied Azure field, are saved as they are.
        ModelEndpoint local;
        local.provider = ModelEndpoint::Provider::Compatible;
        local.baseUrl = QUrl(u"http://localhost:11434/v1"_s);
        local.model = u"llama3.1:8b"_s;
        local.save(reread);
        const ModelEndpoint reloaded = ModelEndpoint::load(reread, QProcessEnvironment());
        QCOMPARE(reloaded.provider, ModelEndpoint::Provider::Compatible);
        QCOMPARE(reloaded.baseUrl, local.baseUrl);
        QCOMPARE(reloaded.model, local.model);
        QVERIFY(reloaded.deployment.isEmpty());
        QVERIFY(!reloaded.isAzureDeployment());
    }

    void quirkKeysDifferPerEndpointAndModel() {
        ModelEndpoint a;
        ModelEndpoint b = a;
        b.model = u"o3-mini"_s;
        QVERIFY(a.quirkKey() != b.quirkKey());
        QCOMPARE(a.quirkKey(), ModelEndpoint().quirkKey());
        QVERIFY(!a.quirkKey().contains(u'/'));
    }
};

QTEST_GUILESS_MAIN(TestModelEndpoint)
#include "tst_modelendpoint.moc"
