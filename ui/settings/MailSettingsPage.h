// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "workspace/MailSettings.h"

#include <QWidget>

class ConnectionTestPanel;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class SecretField;

// The Settings dialog's Mail page: the rep's IMAP mailbox (server, security, port, user, the
// password kept in the keychain), the address drafts are sent from, an extra certificate
// authority, whether new drafts are watched for outcomes and how often, and Test connection.
// Only a form: the dialog does the keychain and network work.
class MailSettingsPage : public QWidget {
    Q_OBJECT

public:
    explicit MailSettingsPage(QWidget *parent = nullptr);

    void setSettings(const MailSettings &settings);
    MailSettings settings() const;
    QString typedPassword() const; // empty when none was typed
    // The keychain entry of the password for the mailbox in the form (MailSettings::passwordKey()).
    QString passwordKey() const;
    // What is wrong with the form so that it cannot be saved; empty when nothing. An empty server
    // means "no mailbox" and is fine.
    QString problem() const;

    // The variables set in the environment that override this page, named in a note.
    void setOverriddenBy(const QStringList &variables);

    SecretField *passwordField() const { return m_password; }
    ConnectionTestPanel *testPanel() const { return m_test; }

    // Loose on purpose (mail systems accept far more than any pattern): one @ with text on both
    // sides and no spaces.
    static bool looksLikeAddress(const QString &address);

signals:
    void addressEdited(); // the password's keychain entry depends on the user, server and port
    void edited();

private:
    MailAccount::Security security() const;
    void securityChanged();
    void browseCaFile();

    QLineEdit *m_host;
    QComboBox *m_security;
    QSpinBox *m_port;
    QLineEdit *m_user;
    SecretField *m_password;
    QLineEdit *m_fromAddress;
    QLineEdit *m_fromName;
    QLineEdit *m_caFile;
    QPushButton *m_caBrowse;
    QCheckBox *m_watch;
    QSpinBox *m_poll;
    QLabel *m_environmentNote;
    ConnectionTestPanel *m_test;
    // The security the port was last chosen for: its default port follows a change of security.
    MailAccount::Security m_shownSecurity = MailAccount::Security::Tls;
};
