// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/Result.h"

#include <QDialog>
#include <QProcessEnvironment>

class ComplianceSettingsPage;
class ConnectionTester;
class CredentialStore;
class CrmSettingsPage;
class LocalServerScanner;
class MailSettingsPage;
class ModelServerProbe;
class ModelSettingsPage;
class QDialogButtonBox;
class QLabel;
class QSettings;
class QTabWidget;
class QTimer;
class SecretField;

// Settings → Model, CRM, Compliance and Mail: edits what the app keeps in QSettings and puts the
// model API key, the CRM token and the mailbox password in the system keychain (never in
// QSettings), with a Test connection button per endpoint that tries the values as typed.
class SettingsDialog : public QDialog {
    Q_OBJECT

public:
    // The values are the tabs' indexes, and the page numbers of MainWindow::settingsRequested.
    enum class Page { Model = 0, Crm = 1, Compliance = 2, Mail = 3 };
    // The page numbered `page`, the model page for a number that names none.
    static Page pageFromIndex(int page);

    // `settings` and `credentials` must outlive the dialog. The form is filled from `settings`
    // at once; whether a key and a token are stored is asked of the keychain in the background.
    SettingsDialog(QSettings &settings, CredentialStore &credentials, QWidget *parent = nullptr);
    ~SettingsDialog() override;

    void showPage(Page page);
    Page currentPage() const;

    // The variables that override the settings while the app runs (OPENAI_API_KEY,
    // OUTREACHGPT_CRM_URL, …) are named in a note on their page, never with their values. The
    // system environment unless set.
    void setEnvironment(const QProcessEnvironment &environment);

    // Saving goes to the keychain first, asynchronously; the dialog is locked meanwhile.
    bool isSaving() const { return m_saving; }
    // The last problem shown above the buttons (a keychain failure, a form error); empty if none.
    QString errorText() const;

    // Shows the model page and looks for model servers on this computer (the compose area's
    // no-model notice starts here).
    void findLocalServers();
    // What the search and the model list use (tests point the scanner's ports at their fakes).
    LocalServerScanner *serverScanner() const { return m_scanner; }
    ModelServerProbe *modelProbe() const { return m_probe; }

public slots:
    // Saves, then closes once everything is stored. On a failure the dialog stays open.
    void accept() override;
    // Closes without saving (ignored while a save is under way).
    void reject() override;
    // Saves and stays open.
    void apply();

signals:
    // Everything was stored: the keychain entries and the settings file. The app reloads its
    // endpoints then.
    void settingsSaved();

private:
    void load();
    void save(bool closeWhenDone);
    void finishSave(const Result<void> &secretsStored, bool closeWhenDone);
    void setSaving(bool saving);
    void showError(const QString &text);

    // The keychain entry that `field` stands for, from the address now in the form (empty when
    // the form has no usable address).
    QString entryFor(const SecretField *field) const;
    void checkStored(SecretField *field);
    void forgetStored(SecretField *field);
    void testModel();
    void listModels();
    void testCrm();
    void testMail();

    QSettings &m_settings;
    CredentialStore &m_credentials;
    ConnectionTester *m_tester;
    ModelServerProbe *m_probe;
    LocalServerScanner *m_scanner;
    QTabWidget *m_tabs;
    ModelSettingsPage *m_modelPage;
    CrmSettingsPage *m_crmPage;
    ComplianceSettingsPage *m_compliancePage;
    MailSettingsPage *m_mailPage;
    QLabel *m_error;
    QDialogButtonBox *m_buttons;
    // The address is checked against the keychain once typing pauses, not on every key.
    QTimer *m_modelKeyCheck;
    QTimer *m_crmTokenCheck;
    QTimer *m_mailPasswordCheck;
    bool m_saving = false;
};
