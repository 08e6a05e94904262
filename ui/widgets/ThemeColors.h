// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QColor>
#include <QPalette>

// Accent colours for notices, errors and success text, derived from the current palette so they
// read well on light and dark themes alike (the system decides, and may switch while running).
class ThemeColors {
public:
    enum class Tone { Caution, Error, Success, Info };

    static bool isDark(const QPalette &palette);
    // A tinted background and a matching, readable text colour for a banner of `tone`.
    static QColor background(const QPalette &palette, Tone tone);
    static QColor text(const QPalette &palette, Tone tone);
    // A palette for a banner widget: its Window and WindowText roles set for `tone`.
    static QPalette bannerPalette(const QPalette &base, Tone tone);
};
