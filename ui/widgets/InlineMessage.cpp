// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/widgets/InlineMessage.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QStyle>
#include <QToolButton>

using namespace Qt::StringLiterals;

InlineMessage::InlineMessage(QWidget *parent)
    : QWidget(parent)
    , m_text(new QLabel(this))
    , m_action(new QPushButton(this))
    , m_secondary(new QPushButton(this))
    , m_close(new QToolButton(this)) {
    setAutoFillBackground(true);
    m_text->setObjectName(u"inlineMessageText"_s);
    m_text->setWordWrap(true);
    m_text->setTextFormat(Qt::PlainText);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_action->setObjectName(u"inlineMessageAction"_s);
    m_secondary->setObjectName(u"inlineMessageSecondary"_s);
    m_close->setObjectName(u"inlineMessageClose"_s);
    m_close->setAutoRaise(true);
    m_close->setIcon(style()->standardIcon(QStyle::SP_TitleBarCloseButton));
    m_close->setToolTip(tr("Dismiss"));
    m_close->setAccessibleName(tr("Dismiss message"));

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 6, 4, 6);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_action, 0, Qt::AlignVCenter);
    layout->addWidget(m_secondary, 0, Qt::AlignVCenter);
    layout->addWidget(m_close, 0, Qt::AlignTop);
    m_action->hide();
    m_secondary->hide();
    connect(m_action, &QPushButton::clicked, this, &InlineMessage::actionTriggered);
    connect(m_secondary, &QPushButton::clicked, this, &InlineMessage::secondaryActionTriggered);
    connect(m_close, &QToolButton::clicked, this, [this] {
        dismiss();
        emit dismissed();
    });
    hide();
}

void InlineMessage::showMessage(const QString &text, ThemeColors::Tone tone) {
    m_tone = tone;
    m_text->setText(text);
    setAccessibleDescription(text);
    applyPalette();
    show();
}

void InlineMessage::setAction(const QString &text) {
    m_action->setText(text);
    m_action->setVisible(!text.isEmpty());
}

void InlineMessage::setSecondaryAction(const QString &text) {
    m_secondary->setText(text);
    m_secondary->setVisible(!text.isEmpty());
}

void InlineMessage::dismiss() {
    hide();
    setAction({});
    setSecondaryAction({});
}

QString InlineMessage::text() const {
    return isHidden() ? QString() : m_text->text();
}

void InlineMessage::applyPalette() {
    m_applying = true;
    setPalette(ThemeColors::bannerPalette(parentWidget() ? parentWidget()->palette() : QPalette(),
                                          m_tone));
    m_applying = false;
}

void InlineMessage::changeEvent(QEvent *event) {
    // The system switched between light and dark: recompute the tint.
    if (!m_applying
        && (event->type() == QEvent::PaletteChange || event->type() == QEvent::StyleChange))
        applyPalette();
    QWidget::changeEvent(event);
}
