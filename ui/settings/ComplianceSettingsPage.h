// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "review/ComplianceChecker.h"

#include <QWidget>

class QLineEdit;
class QPlainTextEdit;
class QSpinBox;

// The Settings dialog's Compliance page: what a draft must not say (banned phrases, one per
// line), the opt-out line it must carry, and its length limits.
class ComplianceSettingsPage : public QWidget {
    Q_OBJECT

public:
    explicit ComplianceSettingsPage(QWidget *parent = nullptr);

    void setSettings(const ComplianceSettings &settings);
    // Phrases trimmed, blank lines and repeats (ignoring case) dropped.
    ComplianceSettings settings() const;

private:
    QPlainTextEdit *m_bannedPhrases;
    QLineEdit *m_optOutLine;
    QLineEdit *m_senderName;
    QSpinBox *m_minLength;
    QSpinBox *m_maxLength;
};
