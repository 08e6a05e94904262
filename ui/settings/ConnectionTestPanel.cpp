// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/settings/ConnectionTestPanel.h"

#include <QEvent>
#include <QGridLayout>
#include <QLabel>
#include <QPushButton>

using namespace Qt::StringLiterals;

ConnectionTestPanel::ConnectionTestPanel(const QString &objectNamePrefix, QWidget *parent)
    : QWidget(parent)
    , m_button(new QPushButton(tr("Test conn&ection"), this))
    , m_status(new QLabel(this))
    , m_detail(new QLabel(this)) {
    setObjectName(objectNamePrefix + u"Panel"_s);
    m_button->setObjectName(objectNamePrefix + u"Button"_s);
    m_button->setToolTip(tr("Sends one small request with the values in this form, saved or "
                            "not"));
    connect(m_button, &QPushButton::clicked, this, &ConnectionTestPanel::testRequested);

    m_status->setObjectName(objectNamePrefix + u"Status"_s);
    m_detail->setObjectName(objectNamePrefix + u"Detail"_s);
    for (QLabel *label : {m_status, m_detail}) {
        label->setWordWrap(true);
        label->setTextFormat(Qt::PlainText); // servers' words are not markup
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    }
    QFont small = m_detail->font();
    small.setPointSizeF(small.pointSizeF() * 0.9);
    m_detail->setFont(small);
    m_detail->hide();

    auto *layout = new QGridLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_button, 0, 0, Qt::AlignTop);
    layout->addWidget(m_status, 0, 1);
    layout->addWidget(m_detail, 1, 1);
    layout->setColumnStretch(1, 1);
    setFocusProxy(m_button);
}

QString ConnectionTestPanel::statusText() const {
    return m_status->text();
}

QString ConnectionTestPanel::detailText() const {
    return m_detail->text();
}

void ConnectionTestPanel::showBusy() {
    m_state = State::Busy;
    m_button->setEnabled(false);
    m_status->setText(tr("Testing the connection…"));
    m_detail->clear();
    m_detail->hide();
    applyTone();
}

void ConnectionTestPanel::showOutcome(const ConnectionTester::Verdict &outcome) {
    m_state = !outcome.ok ? State::Failed : outcome.warning ? State::Warning : State::Connected;
    m_button->setEnabled(true);
    m_status->setText(outcome.message);
    m_detail->setText(outcome.detail);
    m_detail->setVisible(!outcome.detail.isEmpty());
    applyTone();
}

void ConnectionTestPanel::clear() {
    if (m_state == State::Busy)
        return; // the running test's answer still comes
    m_state = State::Idle;
    m_status->clear();
    m_detail->clear();
    m_detail->hide();
}

QColor ConnectionTestPanel::tone(const QPalette &palette, int hue) {
    const QColor text = palette.color(QPalette::Active, QPalette::WindowText).toRgb();
    const QColor pure = QColor::fromHsv(hue, 255, 255).toRgb();
    return QColor((text.red() + pure.red()) / 2, (text.green() + pure.green()) / 2,
                  (text.blue() + pure.blue()) / 2);
}

void ConnectionTestPanel::changeEvent(QEvent *event) {
    QWidget::changeEvent(event);
    // The theme changed (light to dark): the tones follow. Only the child label's palette is
    // ever set, so this does not loop.
    if (event->type() == QEvent::PaletteChange)
        applyTone();
}

void ConnectionTestPanel::applyTone() {
    QPalette colours = palette();
    switch (m_state) {
    case State::Idle:
    case State::Busy:
        break; // the palette's own text colour
    case State::Connected:
        colours.setColor(QPalette::WindowText, tone(palette(), 120));
        break;
    case State::Warning:
        colours.setColor(QPalette::WindowText, tone(palette(), 35));
        break;
    case State::Failed:
        colours.setColor(QPalette::WindowText, tone(palette(), 0));
        break;
    }
    m_status->setPalette(colours);
}
