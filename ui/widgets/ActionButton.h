// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QToolButton>

class QAction;

// A flat button for an action, its text beside its icon: the button follows the action's text,
// tooltip and enabled state, so a blocked action shows why on its button too.
class ActionButton : public QToolButton {
    Q_OBJECT
public:
    ActionButton(QAction *action, const QString &objectName, QWidget *parent = nullptr);
};
