// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "generation/ModelEndpoint.h"

#include <QWidget>

class ConnectionTestPanel;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QSpinBox;
class SecretField;

// The Settings dialog's Model page: provider, address, Azure deployment and API version, model,
// temperature and limits, the API key (kept in the keychain) and Test connection. Only a form:
// the dialog does the keychain and network work.
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

    // The variables set in the environment that override this page, named in a note.
    void setOverriddenBy(const QStringList &variables);

    SecretField *keyField() const { return m_key; }
    ConnectionTestPanel *testPanel() const { return m_test; }

signals:
    // A field that the stored key's keychain entry depends on changed (provider or address).
    void addressEdited();
    // Anything in the form changed (an earlier test result no longer applies).
    void edited();

private:
    void providerChanged();

    QComboBox *m_provider;
    QLabel *m_hint;
    QLineEdit *m_baseUrl;
    QLabel *m_deploymentLabel;
    QLineEdit *m_deployment;
    QLabel *m_apiVersionLabel;
    QLineEdit *m_apiVersion;
    QLineEdit *m_model;
    QDoubleSpinBox *m_temperature;
    QSpinBox *m_maxOutputTokens;
    QSpinBox *m_contextWindow;
    SecretField *m_key;
    QLabel *m_environmentNote;
    ConnectionTestPanel *m_test;
};
