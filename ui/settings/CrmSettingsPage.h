// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "workspace/CrmSession.h"

#include <QWidget>

class ConnectionTestPanel;
class QLabel;
class QLineEdit;
class QSpinBox;
class SecretField;

// The Settings dialog's CRM page: the CRM's address, its token (kept in the keychain), how often
// to sync, how many interactions a context keeps, and Test connection. Only a form: the dialog
// does the keychain and network work.
class CrmSettingsPage : public QWidget {
    Q_OBJECT

public:
    explicit CrmSettingsPage(QWidget *parent = nullptr);

    void setSettings(const CrmSession::Settings &settings);
    CrmSession::Settings settings() const;
    // How long delivered writes stay in the local file (StorageUpkeep::Policy).
    void setRetentionDays(int days);
    int retentionDays() const;
    QString typedToken() const; // empty when none was typed
    // The keychain entry of the token for the address in the form (CrmSession::tokenKey()).
    QString tokenKey() const;
    // What is wrong with the form so that it cannot be saved; empty when nothing.
    QString problem() const;

    // The variables set in the environment that override this page, named in a note.
    void setOverriddenBy(const QStringList &variables);

    SecretField *tokenField() const { return m_token; }
    ConnectionTestPanel *testPanel() const { return m_test; }

signals:
    void addressEdited(); // the token's keychain entry depends on the address
    void edited();

private:
    QLineEdit *m_baseUrl;
    SecretField *m_token;
    QSpinBox *m_syncInterval;
    QSpinBox *m_interactionLimit;
    QSpinBox *m_retention;
    QLabel *m_environmentNote;
    ConnectionTestPanel *m_test;
};
