// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/settings/ComplianceSettingsPage.h"

#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSet>
#include <QSpinBox>

using namespace Qt::StringLiterals;

ComplianceSettingsPage::ComplianceSettingsPage(QWidget *parent)
    : QWidget(parent)
    , m_bannedPhrases(new QPlainTextEdit(this))
    , m_optOutLine(new QLineEdit(this))
    , m_senderName(new QLineEdit(this))
    , m_minLength(new QSpinBox(this))
    , m_maxLength(new QSpinBox(this)) {
    m_bannedPhrases->setObjectName(u"complianceBannedPhrases"_s);
    m_bannedPhrases->setAccessibleName(tr("Banned phrases, one per line"));
    m_bannedPhrases->setPlaceholderText(tr("None yet. One phrase per line, for example:\n"
                                           "guaranteed results"));
    m_bannedPhrases->setTabChangesFocus(true); // Tab moves on; a phrase never holds a tab
    m_bannedPhrases->setLineWrapMode(QPlainTextEdit::NoWrap);

    m_optOutLine->setObjectName(u"complianceOptOutLine"_s);
    m_optOutLine->setAccessibleName(tr("Required opt-out line"));
    m_optOutLine->setPlaceholderText(tr("Empty: no opt-out line is required"));

    m_senderName->setObjectName(u"complianceSenderName"_s);
    m_senderName->setAccessibleName(tr("Your name, as you sign your messages"));
    m_senderName->setPlaceholderText(tr("Empty: the ticket's assignee"));

    m_minLength->setObjectName(u"complianceMinLength"_s);
    m_minLength->setAccessibleName(tr("Minimum message length in characters"));
    m_minLength->setRange(0, 100000);
    m_minLength->setSuffix(tr(" characters"));
    m_maxLength->setObjectName(u"complianceMaxLength"_s);
    m_maxLength->setAccessibleName(tr("Maximum message length in characters"));
    m_maxLength->setRange(1, 100000);
    m_maxLength->setSuffix(tr(" characters"));
    // The limits cannot cross: each bounds the other.
    connect(m_minLength, &QSpinBox::valueChanged, m_maxLength,
            [this](int minimum) { m_maxLength->setMinimum(std::max(1, minimum)); });

    auto *form = new QFormLayout(this);
    auto addRow = [&](const QString &text, QWidget *field) {
        auto *label = new QLabel(text, this);
        label->setBuddy(field);
        form->addRow(label, field);
    };
    addRow(tr("&Banned phrases:"), m_bannedPhrases);
    auto *phrasesHint = new QLabel(tr("One per line. Matched as whole words, ignoring case, "
                                      "accents and punctuation; a draft that uses one is "
                                      "blocked."),
                                   this);
    phrasesHint->setWordWrap(true);
    phrasesHint->setForegroundRole(QPalette::PlaceholderText);
    form->addRow(static_cast<QWidget *>(nullptr), phrasesHint);
    addRow(tr("Required &opt-out line:"), m_optOutLine);
    addRow(tr("Your &name:"), m_senderName);
    auto *senderHint = new QLabel(tr("How you sign. A draft signed with a name that is neither "
                                     "yours nor a colleague's on the ticket is blocked."),
                                  this);
    senderHint->setWordWrap(true);
    senderHint->setForegroundRole(QPalette::PlaceholderText);
    form->addRow(static_cast<QWidget *>(nullptr), senderHint);
    addRow(tr("Mi&nimum length:"), m_minLength);
    addRow(tr("Ma&ximum length:"), m_maxLength);

    setTabOrder(m_bannedPhrases, m_optOutLine);
    setTabOrder(m_optOutLine, m_senderName);
    setTabOrder(m_senderName, m_minLength);
    setTabOrder(m_minLength, m_maxLength);

    setSettings(ComplianceSettings());
}

void ComplianceSettingsPage::setSettings(const ComplianceSettings &settings) {
    m_bannedPhrases->setPlainText(settings.bannedPhrases.join(u'\n'));
    m_optOutLine->setText(settings.requiredOptOutLine);
    m_senderName->setText(settings.senderName);
    m_maxLength->setMinimum(1);
    m_minLength->setValue(settings.minLength);
    m_maxLength->setValue(std::max(settings.maxLength, settings.minLength));
}

ComplianceSettings ComplianceSettingsPage::settings() const {
    ComplianceSettings settings;
    QSet<QString> seen;
    const QStringList lines = m_bannedPhrases->toPlainText().split(u'\n');
    for (const QString &line : lines) {
        const QString phrase = line.simplified();
        if (phrase.isEmpty() || seen.contains(phrase.toCaseFolded()))
            continue;
        seen.insert(phrase.toCaseFolded());
        settings.bannedPhrases.append(phrase);
    }
    settings.requiredOptOutLine = m_optOutLine->text().trimmed();
    settings.senderName = m_senderName->text().trimmed();
    settings.minLength = m_minLength->value();
    settings.maxLength = m_maxLength->value();
    return settings;
}
