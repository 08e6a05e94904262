// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/compose/PromptPanel.h"

#include "domain/PromptPreset.h"
#include "ui/widgets/ActionButton.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QTextCursor>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

PromptPanel::PromptPanel(QAction *generate, QAction *stop, QMenu *templates, QWidget *parent)
    : QWidget(parent)
    , m_preset(new QComboBox)
    , m_tone(new QComboBox)
    , m_length(new QComboBox)
    , m_prompt(new QPlainTextEdit) {
    m_preset->setObjectName(u"presetBox"_s);
    m_preset->setAccessibleName(tr("Request preset"));
    m_preset->addItem(tr("Your own request"), QString());
    for (const PromptPreset::Kind kind : PromptPreset::all())
        m_preset->addItem(PromptPreset::label(kind), PromptPreset::name(kind));
    connect(m_preset, &QComboBox::activated, this, &PromptPanel::applyPreset);

    m_tone->setObjectName(u"toneBox"_s);
    m_tone->setAccessibleName(tr("Tone"));
    for (const MessageTone tone : MessageStyle::Tones)
        m_tone->addItem(MessageStyle::label(tone), int(tone));
    connect(m_tone, &QComboBox::activated, this,
            [this] { emit toneChosen(MessageTone(m_tone->currentData().toInt())); });

    m_length->setObjectName(u"lengthBox"_s);
    m_length->setAccessibleName(tr("Length"));
    for (const MessageLength length : MessageStyle::Lengths)
        m_length->addItem(MessageStyle::label(length), int(length));
    connect(m_length, &QComboBox::activated, this,
            [this] { emit lengthChosen(MessageLength(m_length->currentData().toInt())); });

    auto *presetLabel = new QLabel(tr("&Request:"));
    presetLabel->setBuddy(m_preset);
    auto *toneLabel = new QLabel(tr("T&one:"));
    toneLabel->setBuddy(m_tone);
    auto *lengthLabel = new QLabel(tr("&Length:"));
    lengthLabel->setBuddy(m_length);
    auto *options = new QHBoxLayout;
    options->addWidget(presetLabel);
    options->addWidget(m_preset, 2);
    options->addWidget(toneLabel);
    options->addWidget(m_tone, 1);
    options->addWidget(lengthLabel);
    options->addWidget(m_length, 1);

    m_prompt->setObjectName(u"promptEdit"_s);
    m_prompt->setAccessibleName(tr("Request to the model"));
    m_prompt->setPlaceholderText(
        tr("What should the message do? E.g. \"Follow up on the pricing question and propose a "
           "call next week.\" Pick a preset above to start from a common request."));
    m_prompt->setTabChangesFocus(true);
    m_prompt->setMaximumHeight(fontMetrics().lineSpacing() * 5 + 12);

    auto *generateButton = new ActionButton(generate, u"generateButton"_s);
    auto *stopButton = new ActionButton(stop, u"stopButton"_s);
    m_templateButton = new QToolButton;
    m_templateButton->setObjectName(u"templateButton"_s);
    m_templateButton->setText(tr("Template"));
    m_templateButton->setIcon(templates->icon());
    m_templateButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_templateButton->setAutoRaise(true);
    m_templateButton->setPopupMode(QToolButton::InstantPopup);
    m_templateButton->setMenu(templates);
    m_templateButton->setToolTip(tr("Fill in a template from the ticket's context (no model)"));
    m_busy = new QProgressBar;
    m_busy->setObjectName(u"busyIndicator"_s);
    m_busy->setAccessibleName(tr("Generation in progress"));
    m_busy->setRange(0, 0);
    m_busy->setMaximumWidth(80);
    m_busy->setMaximumHeight(fontMetrics().height());
    m_busy->setTextVisible(false);
    m_progressText = new QLabel;
    m_progressText->setObjectName(u"progressText"_s);
    auto *run = new QHBoxLayout;
    run->addWidget(generateButton);
    run->addWidget(stopButton);
    run->addWidget(m_templateButton);
    run->addSpacing(8);
    run->addWidget(m_busy);
    run->addWidget(m_progressText, 1);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(options);
    layout->addWidget(m_prompt);
    layout->addLayout(run);

    setTabOrder(m_preset, m_tone);
    setTabOrder(m_tone, m_length);
    setTabOrder(m_length, m_prompt);
    setTabOrder(m_prompt, generateButton);
    setTabOrder(generateButton, stopButton);
    setTabOrder(stopButton, m_templateButton);
}

void PromptPanel::showRequest(QTextDocument *prompt, const QString &preset, MessageTone tone,
                              MessageLength length) {
    m_prompt->setDocument(prompt);
    m_preset->setCurrentIndex(std::max(0, m_preset->findData(preset)));
    m_tone->setCurrentIndex(std::max(0, m_tone->findData(int(tone))));
    m_length->setCurrentIndex(std::max(0, m_length->findData(int(length))));
}

void PromptPanel::setTemplatesEnabled(bool enabled) {
    m_templateButton->setEnabled(enabled);
}

void PromptPanel::showProgress(bool busy, const QString &text) {
    m_busy->setVisible(busy);
    m_progressText->setText(text);
}

void PromptPanel::focusPrompt(Qt::FocusReason reason) {
    m_prompt->setFocus(reason);
}

QWidget *PromptPanel::lastInTabOrder() const {
    return m_templateButton;
}

void PromptPanel::applyPreset(int index) {
    const QString name = m_preset->itemData(index).toString();
    emit presetChosen(name);
    const auto preset = PromptPreset::fromName(name);
    if (!preset)
        return;
    // Through a cursor, so Ctrl+Z brings back what the rep had typed.
    QTextCursor cursor(m_prompt->document());
    cursor.select(QTextCursor::Document);
    cursor.insertText(PromptPreset::request(*preset));
    m_prompt->setFocus(Qt::OtherFocusReason);
    m_prompt->moveCursor(QTextCursor::End);
}
