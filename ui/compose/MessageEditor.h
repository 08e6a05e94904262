// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

class EditorSpelling;
class QAction;
class QLineEdit;
class QMenu;
class QPlainTextEdit;
class QPoint;
class QSettings;
class QTextDocument;

// The message a generation streams into and the rep edits: its subject line, its body, and the
// buttons that share or record it.
class MessageEditor : public QWidget {
    Q_OBJECT
public:
    // The actions are the compose area's (they carry its shortcuts); the editor shows them as
    // buttons, sharing on the left, recording on the right. `settings` keeps the spelling
    // choices and must outlive the editor.
    MessageEditor(QSettings &settings, QAction *copy, QAction *mail, QAction *save,
                  QAction *markSent, QWidget *parent = nullptr);

    // Shows a ticket's message: its body document, edited in place, and its subject.
    void showMessage(QTextDocument *body, const QString &subject);
    // The subject was replaced by a generation, template or restored version. The line keeps
    // its cursor when the text is already the same.
    void setSubject(const QString &subject);
    void focusBody(Qt::FocusReason reason);
    // Tab goes from `previous` to the subject, then the body, then to what followed `previous`.
    void followInTabOrder(QWidget *previous);
    QPlainTextEdit *body() const { return m_body; }
    // Added to the end of the body's context menu, after the spelling section (the compose
    // area's Rewrite menu); optional.
    void setRewriteMenu(QMenu *menu) { m_rewriteMenu = menu; }

    // The body is spell checked in `locale`, the prospect's (BCP-47, empty when unknown), and
    // `names`, the ticket's names from the CRM, are never marked.
    void setSpellingContext(const QString &locale, const QStringList &names);
    EditorSpelling *spelling() const { return m_spelling; }
    // The body's context menu for a right-click at `viewportPos` (the body's viewport
    // coordinates); the caller owns it.
    QMenu *createBodyContextMenu(const QPoint &viewportPos);

signals:
    // The rep typed in the subject line.
    void subjectEdited(const QString &subject);

private:
    QLineEdit *m_subject;
    QPlainTextEdit *m_body;
    EditorSpelling *m_spelling;
    QMenu *m_rewriteMenu = nullptr;
};
