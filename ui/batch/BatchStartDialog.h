// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/BatchJob.h"

#include <QDialog>

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;

// Asks what a batch should draft before it starts: the request (a preset or the rep's own
// words), tone and length, with the number of tickets it will go to.
class BatchStartDialog : public QDialog {
    Q_OBJECT

public:
    // `scope` says how the tickets were chosen ("3 selected tickets", "filter: acme").
    BatchStartDialog(int ticketCount, const QString &scope, QWidget *parent = nullptr);

    // The job as asked for: request, preset, tone, length and scope (no id yet).
    BatchJob job() const;
    void setRequest(const QString &request);
    QPushButton *startButton() const { return m_start; }

private:
    void applyPreset();
    void updateStart();

    QString m_scope;
    QComboBox *m_preset;
    QPlainTextEdit *m_request;
    QComboBox *m_tone;
    QComboBox *m_length;
    QPushButton *m_start = nullptr;
};
