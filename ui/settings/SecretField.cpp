// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/settings/SecretField.h"

#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QToolButton>

using namespace Qt::StringLiterals;

SecretField::SecretField(Kind kind, const QString &objectNamePrefix, QWidget *parent)
    : QWidget(parent)
    , m_kind(kind)
    , m_edit(new QLineEdit(this))
    , m_show(new QToolButton(this))
    , m_status(new QLabel(this))
    , m_forget(new QPushButton(this)) {
    setObjectName(objectNamePrefix + u"Field"_s);
    m_edit->setObjectName(objectNamePrefix);
    m_edit->setEchoMode(QLineEdit::Password);
    m_edit->setPlaceholderText(tr("Stored in the system keychain"));
    m_edit->setAccessibleName(pick(tr("API key"), tr("CRM token"), tr("Mail password")));
    m_edit->setAccessibleDescription(pick(tr("Leave empty to keep the stored key."),
                                          tr("Leave empty to keep the stored token."),
                                          tr("Leave empty to keep the stored password.")));
    connect(m_edit, &QLineEdit::textEdited, this, &SecretField::edited);

    m_show->setObjectName(objectNamePrefix + u"Show"_s);
    m_show->setText(tr("&Show"));
    m_show->setCheckable(true);
    m_show->setAccessibleName(
        pick(tr("Show the API key"), tr("Show the CRM token"), tr("Show the mail password")));
    m_show->setToolTip(pick(tr("Show the key as you type it"), tr("Show the token as you type it"),
                            tr("Show the password as you type it")));
    connect(m_show, &QToolButton::toggled, this, [this](bool shown) {
        m_edit->setEchoMode(shown ? QLineEdit::Normal : QLineEdit::Password);
    });

    m_status->setObjectName(objectNamePrefix + u"Status"_s);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_forget->setObjectName(objectNamePrefix + u"Forget"_s);
    m_forget->setText(
        pick(tr("&Forget stored key"), tr("&Forget stored token"), tr("&Forget stored password")));
    m_forget->setToolTip(pick(tr("Removes the key for this address from the system keychain now"),
                              tr("Removes the token for this address from the system keychain "
                                 "now"),
                              tr("Removes the password for this mailbox from the system "
                                 "keychain now")));
    connect(m_forget, &QPushButton::clicked, this, &SecretField::forgetRequested);

    auto *layout = new QGridLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_edit, 0, 0);
    layout->addWidget(m_show, 0, 1);
    layout->addWidget(m_status, 1, 0);
    layout->addWidget(m_forget, 1, 1, Qt::AlignTop);
    setFocusProxy(m_edit);
    setTabOrder(m_edit, m_show);
    setTabOrder(m_show, m_forget);

    setStored(Stored::Checking);
}

QString SecretField::typed() const {
    const QString text = m_edit->text();
    if (text.trimmed().isEmpty())
        return {};
    // A password may begin or end with a space; a pasted key or token only picks one up.
    return m_kind == Kind::Password ? text : text.trimmed();
}

void SecretField::clearTyped() {
    m_edit->clear();
    m_show->setChecked(false);
}

void SecretField::setStored(Stored stored, const QString &problem) {
    m_stored = stored;
    switch (stored) {
    case Stored::Checking:
        m_status->setText(tr("Checking the system keychain…"));
        break;
    case Stored::Yes:
        m_status->setText(pick(tr("A key is stored in the system keychain; leave the field "
                                  "empty to keep it."),
                               tr("A token is stored in the system keychain; leave the field "
                                  "empty to keep it."),
                               tr("A password is stored in the system keychain; leave the "
                                  "field empty to keep it.")));
        break;
    case Stored::No:
        m_status->setText(pick(tr("No key is stored for this address."),
                               tr("No token is stored for this address."),
                               tr("No password is stored for this mailbox.")));
        break;
    case Stored::Unknown:
        m_status->setText(tr("Could not read the system keychain: %1").arg(problem));
        break;
    }
    updateForget();
}

QString SecretField::pick(const QString &key, const QString &token, const QString &password) const {
    switch (m_kind) {
    case Kind::ApiKey:
        return key;
    case Kind::Token:
        return token;
    case Kind::Password:
        break;
    }
    return password;
}

QString SecretField::statusText() const {
    return m_status->text();
}

void SecretField::setForgetEnabled(bool enabled) {
    m_forgetAllowed = enabled;
    updateForget();
}

void SecretField::updateForget() {
    m_forget->setEnabled(m_forgetAllowed && m_stored == Stored::Yes);
}
