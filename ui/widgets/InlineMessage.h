// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ui/widgets/ThemeColors.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QToolButton;

// A message shown in place, above the editor, for an error or a notice: what
// happened, what the app is doing about it, and up to two buttons to act on it. Its colours
// follow the palette.
class InlineMessage : public QWidget {
    Q_OBJECT
public:
    explicit InlineMessage(QWidget *parent = nullptr);

    // Shows `text` (plain text) with `tone`; the buttons are hidden until set.
    void showMessage(const QString &text, ThemeColors::Tone tone);
    // The action button ("Retry", "Open settings"); empty text hides it.
    void setAction(const QString &text);
    void setSecondaryAction(const QString &text);
    void dismiss();

    QString text() const;
    ThemeColors::Tone tone() const { return m_tone; }
    QPushButton *actionButton() const { return m_action; }
    QPushButton *secondaryButton() const { return m_secondary; }

signals:
    void actionTriggered();
    void secondaryActionTriggered();
    void dismissed();

protected:
    void changeEvent(QEvent *event) override;

private:
    void applyPalette();

    ThemeColors::Tone m_tone = ThemeColors::Tone::Info;
    QLabel *m_text;
    QPushButton *m_action;
    QPushButton *m_secondary;
    QToolButton *m_close;
    bool m_applying = false;
};
