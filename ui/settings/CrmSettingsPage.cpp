// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/settings/CrmSettingsPage.h"

#include "net/HttpTransport.h"
#include "platform/CredentialStore.h"
#include "ui/settings/ConnectionTestPanel.h"
#include "ui/settings/SecretField.h"

#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>

using namespace Qt::StringLiterals;

CrmSettingsPage::CrmSettingsPage(QWidget *parent)
    : QWidget(parent)
    , m_baseUrl(new QLineEdit(this))
    , m_token(new SecretField(SecretField::Kind::Token, u"crmToken"_s, this))
    , m_syncInterval(new QSpinBox(this))
    , m_interactionLimit(new QSpinBox(this))
    , m_retention(new QSpinBox(this))
    , m_environmentNote(new QLabel(this))
    , m_test(new ConnectionTestPanel(u"crmTest"_s, this)) {
    m_baseUrl->setObjectName(u"crmBaseUrl"_s);
    m_baseUrl->setAccessibleName(tr("CRM base URL"));
    m_baseUrl->setPlaceholderText(u"https://crm.example.com"_s);

    m_syncInterval->setObjectName(u"crmSyncInterval"_s);
    m_syncInterval->setAccessibleName(tr("Sync interval in minutes"));
    m_syncInterval->setRange(0, 24 * 60);
    m_syncInterval->setSuffix(tr(" min"));
    m_syncInterval->setSpecialValueText(tr("Only at start-up and on F5"));
    m_syncInterval->setToolTip(tr("0: sync only at start-up and when you press F5"));

    m_interactionLimit->setObjectName(u"crmInteractionLimit"_s);
    m_interactionLimit->setAccessibleName(tr("Interactions per context"));
    m_interactionLimit->setRange(1, 1000); // CrmSession::Settings::load's limits
    m_interactionLimit->setToolTip(tr("The newest interactions of a ticket that are read and "
                                      "given to the model"));

    m_retention->setObjectName(u"outboxRetentionDays"_s);
    m_retention->setAccessibleName(tr("Days to keep delivered writes"));
    m_retention->setRange(1, 3650); // StorageUpkeep::Policy::load's limits
    m_retention->setSuffix(tr(" days"));
    m_retention->setToolTip(tr("Writes the CRM has accepted are removed from this computer after "
                               "this many days. Your own copy of each message stays."));

    m_environmentNote->setObjectName(u"crmEnvironmentNote"_s);
    m_environmentNote->setWordWrap(true);
    m_environmentNote->setTextFormat(Qt::PlainText);
    m_environmentNote->setForegroundRole(QPalette::PlaceholderText);
    m_environmentNote->hide();

    auto *form = new QFormLayout(this);
    auto addRow = [&](const QString &text, QWidget *field) {
        auto *label = new QLabel(text, this);
        label->setBuddy(field);
        form->addRow(label, field);
    };
    addRow(tr("Base &URL:"), m_baseUrl);
    addRow(tr("&Token:"), m_token);
    addRow(tr("S&ync every:"), m_syncInterval);
    addRow(tr("&Interactions per ticket:"), m_interactionLimit);
    addRow(tr("&Keep delivered writes:"), m_retention);
    form->addRow(static_cast<QWidget *>(nullptr), m_environmentNote);
    form->addRow(m_test);

    setTabOrder(m_baseUrl, m_token);
    setTabOrder(m_token, m_syncInterval);
    setTabOrder(m_syncInterval, m_interactionLimit);
    setTabOrder(m_interactionLimit, m_retention);
    setTabOrder(m_retention, m_test);

    connect(m_baseUrl, &QLineEdit::textEdited, this, [this] {
        emit addressEdited();
        emit edited();
    });
    connect(m_token, &SecretField::edited, this, &CrmSettingsPage::edited);

    setSettings(CrmSession::Settings());
}

void CrmSettingsPage::setSettings(const CrmSession::Settings &settings) {
    m_baseUrl->setText(settings.baseUrl.toString());
    m_syncInterval->setValue(settings.syncIntervalMinutes);
    m_interactionLimit->setValue(settings.interactionLimit);
    m_token->clearTyped();
}

CrmSession::Settings CrmSettingsPage::settings() const {
    CrmSession::Settings settings;
    settings.baseUrl = QUrl(m_baseUrl->text().trimmed(), QUrl::StrictMode);
    settings.syncIntervalMinutes = m_syncInterval->value();
    settings.interactionLimit = m_interactionLimit->value();
    return settings;
}

void CrmSettingsPage::setRetentionDays(int days) {
    m_retention->setValue(days);
}

int CrmSettingsPage::retentionDays() const {
    return m_retention->value();
}

QString CrmSettingsPage::typedToken() const {
    return m_token->typed();
}

QString CrmSettingsPage::tokenKey() const {
    // What CrmSession::tokenKey() computes for these settings, without building a session.
    return CredentialStore::entryKey(u"crm"_s, settings().baseUrl.toString());
}

QString CrmSettingsPage::problem() const {
    const QString text = m_baseUrl->text().trimmed();
    const QUrl url(text, QUrl::StrictMode);
    if (const Result<void> noUserInfo = HttpTransport::checkNoUserInfo(url, tr("the CRM"));
        !noUserInfo.ok())
        return noUserInfo.error().message();
    if (!text.isEmpty()
        && (!url.isValid() || url.host().isEmpty()
            || (url.scheme() != u"https"_s && url.scheme() != u"http"_s)))
        return tr("The CRM's base URL is not a web address (https://…).");
    if (!typedToken().isEmpty() && text.isEmpty())
        return tr("Enter the CRM's base URL: the token is stored for that address.");
    return {};
}

void CrmSettingsPage::setOverriddenBy(const QStringList &variables) {
    m_environmentNote->setText(
        tr("Set in this program's environment, and used instead of these settings while it "
           "runs: %1.")
            .arg(variables.join(u", "_s)));
    m_environmentNote->setVisible(!variables.isEmpty());
}
