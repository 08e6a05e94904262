// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/compose/PhonePreview.h"

#include "review/PhoneLayout.h"

#include <QEvent>
#include <QFontMetrics>
#include <QLabel>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {

constexpr int Margin = 12;

} // namespace

PhonePreview::PhonePreview(QWidget *parent)
    : QFrame(parent)
    , m_inboxSubject(new QLabel)
    , m_inboxPreview(new QLabel)
    , m_subjectLabel(new QLabel)
    , m_bodyLabel(new QLabel) {
    setObjectName(u"phonePreview"_s);
    setAccessibleName(tr("Phone preview"));
    setFrameShape(QFrame::StyledPanel);
    setFrameShadow(QFrame::Plain);
    setLineWidth(2);
    setFixedWidth(ScreenWidth);
    setBackgroundRole(QPalette::Base);
    setAutoFillBackground(true);

    auto *caption = new QLabel(tr("On a phone"));
    caption->setForegroundRole(QPalette::PlaceholderText);

    QFont bold = font();
    bold.setBold(true);
    m_inboxSubject->setObjectName(u"phoneInboxSubject"_s);
    m_inboxSubject->setFont(bold);
    m_inboxSubject->setTextFormat(Qt::PlainText);
    m_inboxPreview->setObjectName(u"phoneInboxPreview"_s);
    m_inboxPreview->setTextFormat(Qt::PlainText);
    m_inboxPreview->setWordWrap(true);
    m_inboxPreview->setForegroundRole(QPalette::PlaceholderText);
    // Two lines, as mail apps show under the subject.
    m_inboxPreview->setMaximumHeight(2 * fontMetrics().lineSpacing() + 2);
    m_inboxPreview->setAlignment(Qt::AlignLeft | Qt::AlignTop);

    auto *inbox = new QFrame;
    inbox->setObjectName(u"phoneInbox"_s);
    inbox->setFrameShape(QFrame::StyledPanel);
    auto *inboxLayout = new QVBoxLayout(inbox);
    inboxLayout->setContentsMargins(8, 6, 8, 6);
    inboxLayout->setSpacing(2);
    inboxLayout->addWidget(m_inboxSubject);
    inboxLayout->addWidget(m_inboxPreview);

    QFont larger = bold;
    larger.setPointSizeF(larger.pointSizeF() * 1.15);
    m_subjectLabel->setObjectName(u"phoneSubject"_s);
    m_subjectLabel->setFont(larger);
    m_subjectLabel->setTextFormat(Qt::PlainText);
    m_subjectLabel->setWordWrap(true);
    m_bodyLabel->setObjectName(u"phoneBody"_s);
    m_bodyLabel->setTextFormat(Qt::PlainText);
    m_bodyLabel->setWordWrap(true);
    m_bodyLabel->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_bodyLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(Margin, Margin, Margin, Margin);
    layout->addWidget(caption);
    layout->addWidget(inbox);
    layout->addSpacing(6);
    layout->addWidget(m_subjectLabel);
    layout->addWidget(m_bodyLabel);
    layout->addStretch(1);
}

void PhonePreview::showDraft(const QString &subject, const QString &body) {
    m_subject = subject.simplified();
    m_body = body.trimmed();
    m_subjectLabel->setText(m_subject.isEmpty() ? tr("(no subject)") : m_subject);
    m_bodyLabel->setText(m_body);
    m_inboxPreview->setText(PhoneLayout::opening(m_body, PhoneLayout::PreviewCharacters));
    layOutInbox();
}

void PhonePreview::layOutInbox() {
    // A phone shows one line of subject and cuts the rest: the rep sees where.
    const int width = ScreenWidth - 2 * Margin - 2 * frameWidth() - 16 - 4;
    const QString subject = m_subject.isEmpty() ? tr("(no subject)") : m_subject;
    m_inboxSubject->setText(
        QFontMetrics(m_inboxSubject->font()).elidedText(subject, Qt::ElideRight, width));
    m_inboxSubject->setToolTip(subject);
}

QString PhonePreview::inboxSubjectText() const {
    return m_inboxSubject->text();
}

QString PhonePreview::inboxPreviewText() const {
    return m_inboxPreview->text();
}

QString PhonePreview::bodyText() const {
    return m_bodyLabel->text();
}

void PhonePreview::changeEvent(QEvent *event) {
    QFrame::changeEvent(event);
    if (event->type() == QEvent::FontChange)
        layOutInbox();
}
