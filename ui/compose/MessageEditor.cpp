// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/compose/MessageEditor.h"

#include "ui/compose/EditorSpelling.h"
#include "ui/widgets/ActionButton.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPlainTextEdit>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

MessageEditor::MessageEditor(QSettings &settings, QAction *copy, QAction *mail, QAction *save,
                             QAction *markSent, QWidget *parent)
    : QWidget(parent)
    , m_subject(new QLineEdit)
    , m_body(new QPlainTextEdit)
    , m_spelling(new EditorSpelling(m_body, settings)) {
    m_subject->setObjectName(u"subjectEdit"_s);
    m_subject->setAccessibleName(tr("Subject"));
    m_subject->setPlaceholderText(tr("Subject"));
    connect(m_subject, &QLineEdit::textEdited, this, &MessageEditor::subjectEdited);
    m_body->setObjectName(u"bodyEdit"_s);
    m_body->setAccessibleName(tr("Message"));
    m_body->setPlaceholderText(tr("The message appears here as it is written. You can edit it "
                                  "at any time, even while it is being written."));
    m_body->setTabChangesFocus(true);
    m_body->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_body, &QWidget::customContextMenuRequested, this, [this](const QPoint &position) {
        // Not exec(): the menu must not hold a nested event loop while a draft streams in.
        QMenu *menu = createBodyContextMenu(position);
        menu->setAttribute(Qt::WA_DeleteOnClose);
        menu->popup(m_body->viewport()->mapToGlobal(position));
    });
    auto *subjectLabel = new QLabel(tr("S&ubject:"));
    subjectLabel->setBuddy(m_subject);
    auto *subjectRow = new QHBoxLayout;
    subjectRow->addWidget(subjectLabel);
    subjectRow->addWidget(m_subject, 1);

    auto *actions = new QHBoxLayout;
    actions->addWidget(new ActionButton(copy, u"copyButton"_s));
    actions->addWidget(new ActionButton(mail, u"mailButton"_s));
    actions->addStretch(1);
    actions->addWidget(new ActionButton(save, u"saveButton"_s));
    actions->addWidget(new ActionButton(markSent, u"markSentButton"_s));

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(subjectRow);
    layout->addWidget(m_body, 1);
    layout->addLayout(actions);
}

void MessageEditor::showMessage(QTextDocument *body, const QString &subject) {
    m_body->setDocument(body);
    m_spelling->setDocument(body);
    m_subject->setText(subject);
}

void MessageEditor::setSubject(const QString &subject) {
    if (m_subject->text() != subject)
        m_subject->setText(subject);
}

void MessageEditor::focusBody(Qt::FocusReason reason) {
    m_body->setFocus(reason);
}

void MessageEditor::followInTabOrder(QWidget *previous) {
    setTabOrder(previous, m_subject);
    setTabOrder(m_subject, m_body);
}

void MessageEditor::setSpellingContext(const QString &locale, const QStringList &names) {
    m_spelling->setProspect(locale, names);
}

QMenu *MessageEditor::createBodyContextMenu(const QPoint &viewportPos) {
    QMenu *menu = m_body->createStandardContextMenu(viewportPos);
    m_spelling->addToContextMenu(menu, viewportPos);
    if (m_rewriteMenu) {
        menu->addSeparator();
        menu->addMenu(m_rewriteMenu);
    }
    return menu;
}
