// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QStringView>

// Folds text for case- and accent-insensitive matching: "Ångström Müller" -> "angstrom muller".
// The result is UTF-8, so a search is a plain byte search; ASCII takes a fast path.
class TextFolding {
public:
    static QByteArray fold(QStringView text);
};
