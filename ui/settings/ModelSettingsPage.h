// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/ModelServerInfo.h"
#include "generation/ModelEndpoint.h"

#include <QWidget>

class ConnectionTestPanel;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QSpinBox;
class SecretField;

// The Settings dialog's Model page: provider, address, Azure deployment and API version, model
// (typed, or picked from the server's list with each model's context size), temperature and
// limits, the API key (kept in the keychain), Test connection, and the model servers found on
// this computer. Only a form: the dialog does the keychain and network work.
class ModelSettingsPage : public QWidget {
    Q_OBJECT

public:
    explicit ModelSettingsPage(QWidget *parent = nullptr);

    // Fills the form; the key field stays empty (a stored key is never shown).
    void setEndpoint(const ModelEndpoint &endpoint);
    // The form's values, with the typed key (empty when none was typed).
    ModelEndpoint endpoint() const;
    // What is wrong with the form so that it cannot be saved; empty when nothing.
    QString problem() const;

    // Prices per million input and output tokens for the batch window's cost estimate, as
    // typed: blank shows no cost.
    void setPrices(const QString &input, const QString &output);
    QString inputPrice() const;
    QString outputPrice() const;
    // Where a model's price is kept: "model/prices/<model>/input" or ".../output"; the model is
    // the deployment for Azure deployment URLs.
    static QString priceKey(const ModelEndpoint &endpoint, const QString &kind);

    // The variables set in the environment that override this page, named in a note.
    void setOverriddenBy(const QStringList &variables);

    SecretField *keyField() const { return m_key; }
    ConnectionTestPanel *testPanel() const { return m_test; }

    // The server's models for the picker (typing any other name stays possible); picking one
    // whose context size is known puts it in the context window field. `status` says how the
    // listing went, under the picker.
    void setServedModels(const QList<ServedModel> &models, const QString &status);
    void showModelListBusy();

    // The local server search: busy, then what was found, one line per model; "Use" (or a
    // double click) fills the form with that server and model.
    void showServerSearchBusy();
    void showServersFound(const QList<ModelServerInfo> &servers);
    // Provider OpenAI-compatible, the server's base URL, the model and its context size.
    void useServer(const ModelServerInfo &server, const ServedModel &model);

signals:
    // A field that the stored key's keychain entry depends on changed (provider or address).
    void addressEdited();
    // Anything in the form changed (an earlier test result no longer applies).
    void edited();
    // "List models": the dialog asks the endpoint in the form for its models.
    void modelListRequested();
    // "Find local servers": the dialog scans this computer.
    void serverSearchRequested();

private:
    void providerChanged();
    void modelPicked(int index);
    void useSelectedServer();

    QComboBox *m_provider;
    QLabel *m_hint;
    QLineEdit *m_baseUrl;
    QLabel *m_deploymentLabel;
    QLineEdit *m_deployment;
    QLabel *m_apiVersionLabel;
    QLineEdit *m_apiVersion;
    QComboBox *m_model; // editable: a name from the server's list or any typed one
    QPushButton *m_listModels;
    QLabel *m_modelStatus;
    QDoubleSpinBox *m_temperature;
    QSpinBox *m_maxOutputTokens;
    QSpinBox *m_contextWindow;
    QLineEdit *m_inputPrice;
    QLineEdit *m_outputPrice;
    SecretField *m_key;
    QLabel *m_environmentNote;
    ConnectionTestPanel *m_test;
    QPushButton *m_findServers;
    QLabel *m_serverStatus;
    QListWidget *m_servers;
    QPushButton *m_useServer;
    QList<ModelServerInfo> m_found; // what m_servers shows
};
