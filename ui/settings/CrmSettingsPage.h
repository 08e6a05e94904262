// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "workspace/CrmSession.h"

#include <QHash>
#include <QWidget>

class ConnectionTestPanel;
class QComboBox;
class QLabel;
class QLineEdit;
class QSpinBox;
class SecretField;

// The Settings dialog's CRM page: which CRM (HubSpot or REST API v1), its address, its token
// (kept in the keychain), how HubSpot logs saved messages, how often to sync, how many
// interactions a context keeps, and Test connection. Only a form: the dialog does the keychain
// and network work.
class CrmSettingsPage : public QWidget {
    Q_OBJECT

public:
    explicit CrmSettingsPage(QWidget *parent = nullptr);

    void setSettings(const CrmSession::Settings &settings);
    CrmSession::Settings settings() const;
    CrmConnector::Kind kind() const;
    // How long delivered writes stay in the local file (StorageUpkeep::Policy).
    void setRetentionDays(int days);
    int retentionDays() const;
    QString typedToken() const; // empty when none was typed
    // The keychain entry of the token for the CRM in the form (CrmSession::tokenKey()): keyed by
    // the effective address, so HubSpot without an address has a stable entry too.
    QString tokenKey() const;
    // What is wrong with the form so that it cannot be saved; empty when nothing.
    QString problem() const;

    // The variables set in the environment that override this page, named in a note.
    void setOverriddenBy(const QStringList &variables);

    SecretField *tokenField() const { return m_token; }
    ConnectionTestPanel *testPanel() const { return m_test; }

signals:
    void addressEdited(); // the token's keychain entry depends on the kind and the address
    void edited();

private:
    void kindChanged();

    QComboBox *m_kind;
    QLineEdit *m_baseUrl;
    QLabel *m_baseUrlLabel;
    QLabel *m_baseUrlHint;
    SecretField *m_token;
    QLabel *m_tokenLabel;
    QLabel *m_tokenHint;
    QComboBox *m_logAs;
    QSpinBox *m_syncInterval;
    QSpinBox *m_interactionLimit;
    QSpinBox *m_retention;
    QLabel *m_environmentNote;
    ConnectionTestPanel *m_test;
    // The address typed for each kind, so switching back and forth loses none and a REST
    // server's address never becomes HubSpot's by accident.
    QHash<int, QString> m_addressOfKind;
    CrmConnector::Kind m_shownKind = CrmConnector::Kind::RestV1;
};
