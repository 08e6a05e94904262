// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;
class QToolButton;

// A masked entry for a secret kept in the system keychain (the model API key, the CRM token, the
// mailbox password),
// with a Show toggle, a line saying whether one is stored, and a Forget button. Left empty, the
// field means "keep the stored secret"; the field never shows a stored secret.
class SecretField : public QWidget {
    Q_OBJECT

public:
    enum class Kind { ApiKey, Token, Password };
    enum class Stored { Checking, Yes, No, Unknown };

    // Object names start with `objectNamePrefix`: "<prefix>Field" (this), "<prefix>" (the line
    // edit), "<prefix>Show", "<prefix>Status", "<prefix>Forget".
    SecretField(Kind kind, const QString &objectNamePrefix, QWidget *parent = nullptr);

    QLineEdit *lineEdit() const { return m_edit; }
    // Trimmed (a password as typed); empty means "keep the stored one".
    QString typed() const;
    void clearTyped();

    // What the keychain holds for the address now in the form; `problem` explains Unknown.
    void setStored(Stored stored, const QString &problem = {});
    Stored stored() const { return m_stored; }
    QString statusText() const;
    // Forget is unavailable while the dialog is busy with the keychain.
    void setForgetEnabled(bool enabled);

signals:
    void forgetRequested();
    void edited();

private:
    void updateForget();
    // The kind's own words, so each field reads as what it holds.
    QString pick(const QString &key, const QString &token, const QString &password) const;

    Kind m_kind;
    Stored m_stored = Stored::Checking;
    bool m_forgetAllowed = true;
    QLineEdit *m_edit;
    QToolButton *m_show;
    QLabel *m_status;
    QPushButton *m_forget;
};
