// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/MessageStyle.h"

#include <QWidget>

class QAction;
class QComboBox;
class QLabel;
class QMenu;
class QPlainTextEdit;
class QProgressBar;
class QTextDocument;
class QToolButton;

// The request to the model: a preset, tone and length, the prompt itself, the buttons that start
// and stop a generation or fill in a template instead, and how far the generation has got.
class PromptPanel : public QWidget {
    Q_OBJECT
public:
    // The actions and the menu are the compose area's (they carry its shortcuts); the panel shows
    // them as buttons.
    PromptPanel(QAction *generate, QAction *stop, QMenu *templates, QWidget *parent = nullptr);

    // Shows a ticket's request: its prompt document, edited in place, and its choices.
    void showRequest(QTextDocument *prompt, const QString &preset, MessageTone tone,
                     MessageLength length);
    void setTemplatesEnabled(bool enabled);
    // The busy indicator and the line beside it ("Writing… 2.1 s · 40 tokens"); empty clears it.
    void showProgress(bool busy, const QString &text);
    void focusPrompt(Qt::FocusReason reason);
    // The last widget Tab reaches in the panel, for the compose area to continue from.
    QWidget *lastInTabOrder() const;

signals:
    // The rep chose a preset (empty: their own request). Its request then replaces the prompt,
    // as an edit Ctrl+Z takes back.
    void presetChosen(const QString &name);
    void toneChosen(MessageTone tone);
    void lengthChosen(MessageLength length);

private:
    void applyPreset(int index);

    QComboBox *m_preset;
    QComboBox *m_tone;
    QComboBox *m_length;
    QPlainTextEdit *m_prompt;
    QToolButton *m_templateButton;
    QProgressBar *m_busy;
    QLabel *m_progressText;
};
