// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "workspace/ConnectionTester.h"

#include <QWidget>

class QLabel;
class QPushButton;

// A settings page's "Test connection" button with the result beside it: busy text while the
// test runs, then one plain sentence in green, amber or red (tones taken from the palette, so
// they read on light and dark themes alike) and the technical detail under it.
class ConnectionTestPanel : public QWidget {
    Q_OBJECT

public:
    enum class State { Idle, Busy, Connected, Warning, Failed };

    // Object names: "<prefix>Panel" (this), "<prefix>Button", "<prefix>Status", "<prefix>Detail".
    explicit ConnectionTestPanel(const QString &objectNamePrefix, QWidget *parent = nullptr);

    QPushButton *button() const { return m_button; }
    State state() const { return m_state; }
    QString statusText() const;
    QString detailText() const;

    void showBusy();
    void showOutcome(const ConnectionTester::Verdict &outcome);
    // Forgets a result that no longer matches the form (a field was edited since).
    void clear();

    // `hue` (0 red, 120 green, …) mixed half and half with the palette's text colour: dark on a
    // light window, light on a dark one, always as legible as the text itself.
    static QColor tone(const QPalette &palette, int hue);

signals:
    void testRequested();

protected:
    void changeEvent(QEvent *event) override;

private:
    void applyTone();

    State m_state = State::Idle;
    QPushButton *m_button;
    QLabel *m_status;
    QLabel *m_detail;
};
