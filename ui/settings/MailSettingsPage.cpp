// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/settings/MailSettingsPage.h"

#include "ui/settings/ConnectionTestPanel.h"
#include "ui/settings/SecretField.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSpinBox>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

QLabel *hintLabel(const QString &objectName, const QString &text, QWidget *parent) {
    auto *hint = new QLabel(text, parent);
    hint->setObjectName(objectName);
    hint->setWordWrap(true);
    hint->setTextFormat(Qt::PlainText);
    hint->setForegroundRole(QPalette::PlaceholderText);
    return hint;
}

} // namespace

MailSettingsPage::MailSettingsPage(QWidget *parent)
    : QWidget(parent)
    , m_host(new QLineEdit(this))
    , m_security(new QComboBox(this))
    , m_port(new QSpinBox(this))
    , m_user(new QLineEdit(this))
    , m_password(new SecretField(SecretField::Kind::Password, u"mailPassword"_s, this))
    , m_fromAddress(new QLineEdit(this))
    , m_fromName(new QLineEdit(this))
    , m_caFile(new QLineEdit(this))
    , m_caBrowse(new QPushButton(tr("&Browse…"), this))
    , m_watch(new QCheckBox(tr("Watch new drafts for sent, &replies and bounces"), this))
    , m_poll(new QSpinBox(this))
    , m_environmentNote(hintLabel(u"mailEnvironmentNote"_s, QString(), this))
    , m_test(new ConnectionTestPanel(u"mailTest"_s, this)) {
    m_host->setObjectName(u"mailHost"_s);
    m_host->setAccessibleName(tr("IMAP server"));
    m_host->setPlaceholderText(u"imap.example.com"_s);
    m_host->setToolTip(tr("Your mailbox's IMAP server. Leave it empty to use no mailbox."));

    m_security->setObjectName(u"mailSecurity"_s);
    m_security->setAccessibleName(tr("Connection security"));
    m_security->setToolTip(tr("How the connection to the server is encrypted"));
    m_security->addItem(tr("TLS"), MailAccount::securityName(MailAccount::Security::Tls));
    m_security->addItem(tr("STARTTLS"), MailAccount::securityName(MailAccount::Security::StartTls));
    m_security->addItem(tr("None (this computer only)"),
                        MailAccount::securityName(MailAccount::Security::None));

    m_port->setObjectName(u"mailPort"_s);
    m_port->setAccessibleName(tr("IMAP port"));
    m_port->setRange(1, 65535);
    m_port->setToolTip(tr("Usually 993 for TLS and 143 for STARTTLS"));

    m_user->setObjectName(u"mailUser"_s);
    m_user->setAccessibleName(tr("Mail user name"));
    m_user->setToolTip(tr("The name you sign in to the mailbox with, often your address"));

    m_fromAddress->setObjectName(u"mailFromAddress"_s);
    m_fromAddress->setAccessibleName(tr("Send from address"));
    m_fromAddress->setPlaceholderText(u"sam@example.com"_s);
    m_fromAddress->setToolTip(tr("The From address of the drafts"));
    m_fromName->setObjectName(u"mailFromName"_s);
    m_fromName->setAccessibleName(tr("Send from name"));
    m_fromName->setToolTip(tr("The name shown with the From address (optional)"));

    m_caFile->setObjectName(u"mailCaFile"_s);
    m_caFile->setAccessibleName(tr("Certificate authority file"));
    m_caFile->setPlaceholderText(tr("Optional: a PEM file"));
    m_caFile->setToolTip(tr("A company's own certificate authority, trusted besides the "
                            "system's"));
    m_caBrowse->setObjectName(u"mailCaFileBrowse"_s);
    m_caBrowse->setToolTip(tr("Choose the certificate authority's PEM file"));
    auto *caRow = new QWidget(this);
    auto *caLayout = new QHBoxLayout(caRow);
    caLayout->setContentsMargins(0, 0, 0, 0);
    caLayout->addWidget(m_caFile, 1);
    caLayout->addWidget(m_caBrowse);
    caRow->setFocusProxy(m_caFile);

    m_watch->setObjectName(u"mailWatchByDefault"_s);
    m_watch->setToolTip(tr("Whether Save to Drafts watches the message unless you say otherwise"));

    m_poll->setObjectName(u"mailPollSeconds"_s);
    m_poll->setAccessibleName(tr("Check the mailbox every, in seconds"));
    m_poll->setRange(5, 3600); // MailSettings::load's limits
    m_poll->setSuffix(tr(" s"));

    // Mnemonics: the tabs take M, C, L and A, the secret field S and F, the test button E.
    auto *form = new QFormLayout(this);
    auto addRow = [&](const QString &text, QWidget *field, QWidget *buddy = nullptr) {
        auto *label = new QLabel(text, this);
        label->setBuddy(buddy ? buddy : field);
        form->addRow(label, field);
    };
    form->addRow(hintLabel(u"mailDraftsHint"_s,
                           tr("Save to Drafts puts a message in your mailbox's Drafts folder. You "
                              "check it and send it from your own mail client, so it is in your "
                              "Sent folder and replies come to you."),
                           this));
    addRow(tr("IMAP ser&ver:"), m_host);
    addRow(tr("Securit&y:"), m_security);
    addRow(tr("&Port:"), m_port);
    addRow(tr("&User name:"), m_user);
    addRow(tr("Pass&word:"), m_password);
    addRow(tr("Send from a&ddress:"), m_fromAddress);
    addRow(tr("Send from &name:"), m_fromName);
    addRow(tr("&Trust this certificate authority:"), caRow, m_caFile);
    form->addRow(static_cast<QWidget *>(nullptr),
                 hintLabel(u"mailCaFileHint"_s,
                           tr("Only for a server whose certificate comes from your company's own "
                              "authority. Certificate errors are never ignored."),
                           this));
    form->addRow(static_cast<QWidget *>(nullptr), m_watch);
    addRow(tr("C&heck every:"), m_poll);
    form->addRow(static_cast<QWidget *>(nullptr),
                 hintLabel(u"mailPollHint"_s,
                           tr("When the server offers IDLE, news arrives at once and this is only "
                              "how often the connection is renewed."),
                           this));
    form->addRow(static_cast<QWidget *>(nullptr), m_environmentNote);
    form->addRow(m_test);
    m_environmentNote->hide();

    setTabOrder(m_host, m_security);
    setTabOrder(m_security, m_port);
    setTabOrder(m_port, m_user);
    setTabOrder(m_user, m_password);
    setTabOrder(m_password, m_fromAddress);
    setTabOrder(m_fromAddress, m_fromName);
    setTabOrder(m_fromName, m_caFile);
    setTabOrder(m_caFile, m_caBrowse);
    setTabOrder(m_caBrowse, m_watch);
    setTabOrder(m_watch, m_poll);
    setTabOrder(m_poll, m_test);

    const auto addressChanged = [this] {
        emit addressEdited();
        emit edited();
    };
    connect(m_host, &QLineEdit::textEdited, this, addressChanged);
    connect(m_user, &QLineEdit::textEdited, this, addressChanged);
    connect(m_port, &QSpinBox::valueChanged, this, addressChanged);
    connect(m_security, &QComboBox::currentIndexChanged, this, [this, addressChanged] {
        securityChanged();
        addressChanged();
    });
    connect(m_password, &SecretField::edited, this, &MailSettingsPage::edited);
    connect(m_caFile, &QLineEdit::textEdited, this, &MailSettingsPage::edited);
    connect(m_caBrowse, &QPushButton::clicked, this, &MailSettingsPage::browseCaFile);

    setSettings(MailSettings());
}

void MailSettingsPage::setSettings(const MailSettings &settings) {
    const QSignalBlocker hostBlocker(m_host);
    const QSignalBlocker securityBlocker(m_security);
    const QSignalBlocker portBlocker(m_port);
    const QSignalBlocker userBlocker(m_user);
    m_host->setText(settings.account.host);
    m_security->setCurrentIndex(
        std::max(0, m_security->findData(MailAccount::securityName(settings.account.security))));
    m_shownSecurity = settings.account.security;
    m_port->setValue(settings.account.port);
    m_user->setText(settings.account.user);
    m_fromAddress->setText(settings.from.address);
    m_fromName->setText(settings.from.name);
    m_caFile->setText(settings.caFile);
    m_watch->setChecked(settings.watchByDefault);
    m_poll->setValue(settings.pollSeconds);
    m_password->clearTyped();
}

MailSettings MailSettingsPage::settings() const {
    MailSettings settings;
    settings.account.host = m_host->text().trimmed();
    settings.account.security = security();
    settings.account.port = static_cast<quint16>(m_port->value());
    settings.account.user = m_user->text().trimmed();
    settings.from.address = m_fromAddress->text().trimmed();
    settings.from.name = m_fromName->text().trimmed();
    settings.caFile = m_caFile->text().trimmed();
    settings.watchByDefault = m_watch->isChecked();
    settings.pollSeconds = m_poll->value();
    return settings;
}

MailAccount::Security MailSettingsPage::security() const {
    return MailAccount::securityFromName(m_security->currentData().toString())
        .value_or(MailAccount::Security::Tls);
}

void MailSettingsPage::securityChanged() {
    const MailAccount::Security now = security();
    // A port the rep chose stays; the previous security's usual port becomes the new one's.
    if (m_port->value() == MailAccount::defaultPort(m_shownSecurity)) {
        const QSignalBlocker blocker(m_port); // the caller announces the change once
        m_port->setValue(MailAccount::defaultPort(now));
    }
    m_shownSecurity = now;
}

void MailSettingsPage::browseCaFile() {
    const QString current = m_caFile->text().trimmed();
    const QString chosen = QFileDialog::getOpenFileName(
        this, tr("Trust this certificate authority"),
        current.isEmpty() ? QString() : QFileInfo(current).absolutePath(),
        tr("Certificates (*.pem *.crt *.cer);;All files (*)"));
    if (chosen.isEmpty())
        return;
    m_caFile->setText(chosen);
    emit edited();
}

QString MailSettingsPage::typedPassword() const {
    return m_password->typed();
}

QString MailSettingsPage::passwordKey() const {
    return settings().passwordKey();
}

bool MailSettingsPage::looksLikeAddress(const QString &address) {
    const qsizetype at = address.indexOf(u'@');
    return at > 0 && at < address.size() - 1 && address.count(u'@') == 1
           && std::none_of(address.cbegin(), address.cend(), [](QChar c) { return c.isSpace(); });
}

QString MailSettingsPage::problem() const {
    const MailSettings mail = settings();
    const QString &host = mail.account.host;
    if (!mail.from.address.isEmpty() && !looksLikeAddress(mail.from.address))
        return tr("The “Send from” address %1 is not an email address (name@example.com).")
            .arg(mail.from.address);
    if (host.isEmpty()) {
        // No mailbox; but a password needs a mailbox to be stored for.
        if (!typedPassword().isEmpty())
            return tr("Enter the IMAP server: the password is stored for that mailbox.");
        return {};
    }
    if (host.contains(u"://"_s) || host.contains(u'/')
        || std::any_of(host.cbegin(), host.cend(), [](QChar c) { return c.isSpace(); }))
        return tr("The IMAP server is a host name such as imap.example.com, without imap:// and "
                  "without a path.");
    if (mail.account.user.isEmpty())
        return tr("Enter the user name you sign in to %1 with.").arg(host);
    if (mail.account.security == MailAccount::Security::None && !MailAccount::isLoopback(host))
        return tr("Security “None” is only allowed for a mail server on this computer: to %1 "
                  "the password would cross the network unencrypted. Choose TLS or STARTTLS.")
            .arg(host);
    return {};
}

void MailSettingsPage::setOverriddenBy(const QStringList &variables) {
    m_environmentNote->setText(
        tr("Set in this program's environment, and used instead of these settings while it "
           "runs: %1.")
            .arg(variables.join(u", "_s)));
    m_environmentNote->setVisible(!variables.isEmpty());
}
