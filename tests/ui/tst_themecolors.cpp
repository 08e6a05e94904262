// SPDX-License-Identifier: GPL-3.0-or-later
// The accent colours stay readable on light and dark palettes: text against its banner
// background keeps a contrast ratio a reader can use (WCAG's 4.5:1 for body text).
#include "ui/widgets/ThemeColors.h"

#include <QTest>

#include <cmath>

namespace {

double luminance(const QColor &colour) {
    const auto channel = [](double c) {
        return c <= 0.03928 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF())
           + 0.0722 * channel(colour.blueF());
}

double contrast(const QColor &a, const QColor &b) {
    const double la = luminance(a);
    const double lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

QPalette palette(bool dark) {
    QPalette p;
    p.setColor(QPalette::Window, dark ? QColor(0x2b, 0x2b, 0x2b) : QColor(0xef, 0xef, 0xef));
    p.setColor(QPalette::WindowText, dark ? QColor(0xee, 0xee, 0xee) : QColor(0x10, 0x10, 0x10));
    return p;
}

} // namespace

class TestThemeColors : public QObject {
    Q_OBJECT

private slots:
    void readableOnLightAndDark_data() {
        QTest::addColumn<bool>("dark");
        QTest::addColumn<int>("tone");
        for (const bool dark : {false, true}) {
            for (const auto tone : {ThemeColors::Tone::Caution, ThemeColors::Tone::Error,
                                    ThemeColors::Tone::Success, ThemeColors::Tone::Info}) {
                QTest::addRow("%s/%d", dark ? "dark" : "light", int(tone)) << dark << int(tone);
            }
        }
    }

    void readableOnLightAndDark() {
        QFETCH(bool, dark);
        QFETCH(int, tone);
        const QPalette base = palette(dark);
        QCOMPARE(ThemeColors::isDark(base), dark);
        const auto t = ThemeColors::Tone(tone);
        const QPalette banner = ThemeColors::bannerPalette(base, t);
        // Banner text is the palette's own text on the tinted background.
        QVERIFY2(contrast(banner.color(QPalette::WindowText), banner.color(QPalette::Window))
                     >= 4.5,
                 qPrintable(QString::number(contrast(banner.color(QPalette::WindowText),
                                                     banner.color(QPalette::Window)))));
        // Accent text (findings, test results) against the window.
        const double accent = contrast(ThemeColors::text(base, t), base.color(QPalette::Window));
        QVERIFY2(accent >= 3.0, qPrintable(QString::number(accent)));
        // The tint is visible: the banner is not the window colour.
        QVERIFY(ThemeColors::background(base, t) != base.color(QPalette::Window));
    }
};

QTEST_MAIN(TestThemeColors)
#include "tst_themecolors.moc"
