// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/settings/CrmSettingsPage.h"

#include "crm/HubSpotConnector.h"
#include "net/HttpTransport.h"
#include "platform/CredentialStore.h"
#include "ui/settings/ConnectionTestPanel.h"
#include "ui/settings/SecretField.h"

#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSignalBlocker>
#include <QSpinBox>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

QLabel *hintLabel(const QString &objectName, QWidget *parent) {
    auto *hint = new QLabel(parent);
    hint->setObjectName(objectName);
    hint->setWordWrap(true);
    hint->setTextFormat(Qt::PlainText);
    hint->setForegroundRole(QPalette::PlaceholderText);
    return hint;
}

QString logAsName(HubSpotConnector::LogAs logAs) {
    return logAs == HubSpotConnector::LogAs::Note ? u"note"_s : u"email"_s;
}

} // namespace

CrmSettingsPage::CrmSettingsPage(QWidget *parent)
    : QWidget(parent)
    , m_kind(new QComboBox(this))
    , m_baseUrl(new QLineEdit(this))
    , m_baseUrlLabel(new QLabel(this))
    , m_baseUrlHint(hintLabel(u"crmBaseUrlHint"_s, this))
    , m_token(new SecretField(SecretField::Kind::Token, u"crmToken"_s, this))
    , m_tokenLabel(new QLabel(this))
    , m_tokenHint(hintLabel(u"crmTokenHint"_s, this))
    , m_logAs(new QComboBox(this))
    , m_syncInterval(new QSpinBox(this))
    , m_interactionLimit(new QSpinBox(this))
    , m_retention(new QSpinBox(this))
    , m_environmentNote(new QLabel(this))
    , m_test(new ConnectionTestPanel(u"crmTest"_s, this)) {
    m_kind->setObjectName(u"crmKind"_s);
    m_kind->setAccessibleName(tr("CRM"));
    m_kind->setToolTip(tr("Where the tickets come from and where saved messages are logged"));
    for (const CrmConnector::Kind kind : {CrmConnector::Kind::HubSpot, CrmConnector::Kind::RestV1})
        m_kind->addItem(CrmConnector::kindLabel(kind), CrmConnector::kindName(kind));

    m_baseUrl->setObjectName(u"crmBaseUrl"_s);
    m_baseUrlHint->setText(tr("Advanced: only for testing against another server. Leave it "
                              "empty for HubSpot itself."));
    m_tokenHint->setText(
        tr("In HubSpot: Settings → Integrations → Private apps → Create a private app with the "
           "scopes %1, then copy its access token here.")
            .arg(HubSpotConnector::requiredScopes().join(u", "_s)));

    m_logAs->setObjectName(u"hubspotLogAs"_s);
    m_logAs->setAccessibleName(tr("Log saved messages as"));
    m_logAs->setToolTip(tr("How a saved message appears on the HubSpot ticket and its contact"));
    m_logAs->addItem(tr("Email"), logAsName(HubSpotConnector::LogAs::Email));
    m_logAs->addItem(tr("Note"), logAsName(HubSpotConnector::LogAs::Note));

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
    addRow(tr("C&RM:"), m_kind);
    m_baseUrlLabel->setBuddy(m_baseUrl);
    form->addRow(m_baseUrlLabel, m_baseUrl);
    form->addRow(static_cast<QWidget *>(nullptr), m_baseUrlHint);
    m_tokenLabel->setBuddy(m_token);
    form->addRow(m_tokenLabel, m_token);
    form->addRow(static_cast<QWidget *>(nullptr), m_tokenHint);
    addRow(tr("&Log saved messages as:"), m_logAs);
    addRow(tr("S&ync every:"), m_syncInterval);
    addRow(tr("&Interactions per ticket:"), m_interactionLimit);
    addRow(tr("&Keep delivered writes:"), m_retention);
    form->addRow(static_cast<QWidget *>(nullptr), m_environmentNote);
    form->addRow(m_test);

    setTabOrder(m_kind, m_baseUrl);
    setTabOrder(m_baseUrl, m_token);
    setTabOrder(m_token, m_logAs);
    setTabOrder(m_logAs, m_syncInterval);
    setTabOrder(m_syncInterval, m_interactionLimit);
    setTabOrder(m_interactionLimit, m_retention);
    setTabOrder(m_retention, m_test);

    connect(m_kind, &QComboBox::currentIndexChanged, this, [this] {
        kindChanged();
        emit addressEdited();
        emit edited();
    });
    connect(m_baseUrl, &QLineEdit::textEdited, this, [this] {
        emit addressEdited();
        emit edited();
    });
    connect(m_logAs, &QComboBox::currentIndexChanged, this, &CrmSettingsPage::edited);
    connect(m_token, &SecretField::edited, this, &CrmSettingsPage::edited);

    setSettings(CrmSession::Settings());
}

void CrmSettingsPage::setSettings(const CrmSession::Settings &settings) {
    {
        const QSignalBlocker blocker(m_kind);
        m_kind->setCurrentIndex(
            std::max(0, m_kind->findData(CrmConnector::kindName(settings.kind))));
    }
    {
        const QSignalBlocker blocker(m_logAs);
        m_logAs->setCurrentIndex(std::max(0, m_logAs->findData(logAsName(settings.hubSpotLogAs))));
    }
    // The saved address belongs to the saved kind; the other kind starts with none.
    m_addressOfKind.clear();
    m_shownKind = settings.kind;
    m_baseUrl->setText(settings.baseUrl.toString());
    kindChanged();
    m_syncInterval->setValue(settings.syncIntervalMinutes);
    m_interactionLimit->setValue(settings.interactionLimit);
    m_token->clearTyped();
}

CrmSession::Settings CrmSettingsPage::settings() const {
    CrmSession::Settings settings;
    settings.kind = kind();
    settings.baseUrl = QUrl(m_baseUrl->text().trimmed(), QUrl::StrictMode);
    settings.hubSpotLogAs =
        m_logAs->currentData().toString() == logAsName(HubSpotConnector::LogAs::Note)
            ? HubSpotConnector::LogAs::Note
            : HubSpotConnector::LogAs::Email;
    settings.syncIntervalMinutes = m_syncInterval->value();
    settings.interactionLimit = m_interactionLimit->value();
    return settings;
}

CrmConnector::Kind CrmSettingsPage::kind() const {
    return CrmConnector::kindFromName(m_kind->currentData().toString())
        .value_or(CrmConnector::Kind::RestV1);
}

void CrmSettingsPage::kindChanged() {
    const CrmConnector::Kind kind = this->kind();
    if (kind != m_shownKind) {
        m_addressOfKind.insert(int(m_shownKind), m_baseUrl->text());
        m_baseUrl->setText(m_addressOfKind.value(int(kind)));
        m_shownKind = kind;
    }
    const bool hubSpot = kind == CrmConnector::Kind::HubSpot;
    m_baseUrlLabel->setText(hubSpot ? tr("API &address (optional):") : tr("Base &URL:"));
    m_baseUrl->setAccessibleName(hubSpot ? tr("HubSpot API address (optional)")
                                         : tr("CRM base URL"));
    m_baseUrl->setPlaceholderText(hubSpot ? QString::fromLatin1(HubSpotConnector::DefaultBaseUrl)
                                          : u"https://crm.example.com"_s);
    m_baseUrl->setToolTip(hubSpot ? tr("Empty: HubSpot's own API. Another address only to test "
                                       "against a server that answers like HubSpot.")
                                  : tr("The address of the CRM's REST API v1"));
    m_tokenLabel->setText(hubSpot ? tr("Private app access &token:") : tr("&Token:"));
    auto *form = static_cast<QFormLayout *>(layout());
    form->setRowVisible(m_baseUrlHint, hubSpot);
    form->setRowVisible(m_tokenHint, hubSpot);
    form->setRowVisible(m_logAs, hubSpot);
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
    return CredentialStore::entryKey(u"crm"_s, settings().effectiveUrl().toString());
}

QString CrmSettingsPage::problem() const {
    const QString text = m_baseUrl->text().trimmed();
    const QUrl url(text, QUrl::StrictMode);
    const bool hubSpot = kind() == CrmConnector::Kind::HubSpot;
    if (const Result<void> noUserInfo =
            HttpTransport::checkNoUserInfo(url, hubSpot ? tr("HubSpot") : tr("the CRM"));
        !noUserInfo.ok())
        return noUserInfo.error().message();
    if (!text.isEmpty()
        && (!url.isValid() || url.host().isEmpty()
            || (url.scheme() != u"https"_s && url.scheme() != u"http"_s)))
        return hubSpot ? tr("The HubSpot API address is not a web address (https://…); leave it "
                            "empty for HubSpot itself.")
                       : tr("The CRM's base URL is not a web address (https://…).");
    // HubSpot without an address means its public API, so only REST needs one for the token.
    if (!hubSpot && !typedToken().isEmpty() && text.isEmpty())
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
