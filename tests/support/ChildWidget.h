// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Finds the widget (or action) a test drives by its object name: the windows keep their parts
// to themselves, and a test reaches them the way a style sheet or an accessibility tool would.
// A missing one ends the test run on the spot, naming what was looked for.

#include <QObject>
#include <QString>
#include <QtGlobal>

template <typename T>
T *child(const QObject *parent, const QString &name) {
    T *found = parent->findChild<T *>(name);
    if (!found)
        qFatal("%s has no %s named \"%s\"", qPrintable(parent->objectName()),
               T::staticMetaObject.className(), qPrintable(name));
    return found;
}
