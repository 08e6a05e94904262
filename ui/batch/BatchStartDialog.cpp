// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/batch/BatchStartDialog.h"

#include "domain/MessageStyle.h"
#include "domain/PromptPreset.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

BatchStartDialog::BatchStartDialog(int ticketCount, const QString &scope, QWidget *parent)
    : QDialog(parent)
    , m_scope(scope)
    , m_preset(new QComboBox)
    , m_request(new QPlainTextEdit)
    , m_tone(new QComboBox)
    , m_length(new QComboBox) {
    setObjectName(u"batchStartDialog"_s);
    setWindowTitle(tr("Draft a Batch"));

    m_preset->setObjectName(u"batchPresetBox"_s);
    m_preset->setAccessibleName(tr("Request preset"));
    m_preset->addItem(tr("Your own request"), QString());
    for (const PromptPreset::Kind kind : PromptPreset::all())
        m_preset->addItem(PromptPreset::label(kind), PromptPreset::name(kind));
    connect(m_preset, &QComboBox::activated, this, &BatchStartDialog::applyPreset);

    m_request->setObjectName(u"batchRequestEdit"_s);
    m_request->setAccessibleName(tr("Request"));
    m_request->setPlaceholderText(tr("What every message should do, e.g. follow up on the "
                                     "renewal and propose a call"));
    m_request->setTabChangesFocus(true);
    connect(m_request, &QPlainTextEdit::textChanged, this, &BatchStartDialog::updateStart);

    m_tone->setObjectName(u"batchToneBox"_s);
    for (const MessageTone tone : MessageStyle::Tones)
        m_tone->addItem(MessageStyle::label(tone), int(tone));
    m_length->setObjectName(u"batchLengthBox"_s);
    for (const MessageLength length : MessageStyle::Lengths)
        m_length->addItem(MessageStyle::label(length), int(length));
    m_length->setCurrentIndex(m_length->findData(int(MessageLength::Medium)));

    auto *count = new QLabel(tr("%n ticket(s) — %1", nullptr, ticketCount).arg(scope));
    count->setObjectName(u"batchTicketCount"_s);

    auto *form = new QFormLayout;
    form->addRow(tr("&Preset:"), m_preset);
    form->addRow(tr("&Request:"), m_request);
    form->addRow(tr("T&one:"), m_tone);
    form->addRow(tr("&Length:"), m_length);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel);
    m_start = buttons->addButton(tr("&Start"), QDialogButtonBox::AcceptRole);
    m_start->setObjectName(u"batchStartButton"_s);
    m_start->setDefault(true);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(count);
    layout->addLayout(form);
    layout->addWidget(buttons);
    updateStart();
}

void BatchStartDialog::applyPreset() {
    const std::optional<PromptPreset::Kind> kind =
        PromptPreset::fromName(m_preset->currentData().toString());
    if (kind)
        m_request->setPlainText(PromptPreset::request(*kind));
}

void BatchStartDialog::setRequest(const QString &request) {
    m_request->setPlainText(request);
}

void BatchStartDialog::updateStart() {
    const bool ready = !m_request->toPlainText().trimmed().isEmpty();
    m_start->setEnabled(ready);
    m_start->setToolTip(ready ? QString() : tr("Say what the messages should do first."));
}

BatchJob BatchStartDialog::job() const {
    BatchJob job;
    job.prompt = m_request->toPlainText().trimmed();
    // A preset whose text the rep changed is a request of their own.
    const std::optional<PromptPreset::Kind> kind =
        PromptPreset::fromName(m_preset->currentData().toString());
    if (kind && PromptPreset::request(*kind).trimmed() == job.prompt)
        job.preset = PromptPreset::name(*kind);
    job.tone = MessageTone(m_tone->currentData().toInt());
    job.length = MessageLength(m_length->currentData().toInt());
    job.scope = m_scope;
    job.createdAt = QDateTime::currentDateTimeUtc();
    return job;
}
