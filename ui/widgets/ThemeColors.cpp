// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/widgets/ThemeColors.h"

namespace {

QColor accent(ThemeColors::Tone tone) {
    switch (tone) {
    case ThemeColors::Tone::Caution:
        return QColor(0xe0, 0xa8, 0x00);
    case ThemeColors::Tone::Error:
        return QColor(0xd3, 0x2f, 0x2f);
    case ThemeColors::Tone::Success:
        return QColor(0x2e, 0x7d, 0x32);
    case ThemeColors::Tone::Info:
        return QColor(0x19, 0x76, 0xd2);
    }
    return {};
}

QColor mix(const QColor &a, const QColor &b, double share) {
    return QColor::fromRgbF(float(a.redF() * (1 - share) + b.redF() * share),
                            float(a.greenF() * (1 - share) + b.greenF() * share),
                            float(a.blueF() * (1 - share) + b.blueF() * share));
}

} // namespace

bool ThemeColors::isDark(const QPalette &palette) {
    return palette.color(QPalette::Window).lightnessF() < 0.5;
}

QColor ThemeColors::background(const QPalette &palette, Tone tone) {
    // A light wash of the accent over the window colour: visible, never shouting.
    return mix(palette.color(QPalette::Window), accent(tone), isDark(palette) ? 0.28 : 0.16);
}

QColor ThemeColors::text(const QPalette &palette, Tone tone) {
    // Darker than the accent on light themes, lighter on dark ones, for contrast with both.
    const QColor base = accent(tone);
    return isDark(palette) ? mix(base, Qt::white, 0.45) : mix(base, Qt::black, 0.35);
}

QPalette ThemeColors::bannerPalette(const QPalette &base, Tone tone) {
    QPalette palette = base;
    palette.setColor(QPalette::Window, background(base, tone));
    palette.setColor(QPalette::WindowText, base.color(QPalette::WindowText));
    return palette;
}
