// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/widgets/ActionButton.h"

ActionButton::ActionButton(QAction *action, const QString &objectName, QWidget *parent)
    : QToolButton(parent) {
    setObjectName(objectName);
    setDefaultAction(action);
    setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    setAutoRaise(true);
}
