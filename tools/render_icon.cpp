// SPDX-License-Identifier: GPL-3.0-or-later
// Build-time host tool: renders an SVG to a square PNG of the given size.
// Usage: render_icon <input.svg> <output.png> <size>
#include <QImage>
#include <QPainter>
#include <QString>
#include <QSvgRenderer>
#include <QTextStream>

int main(int argc, char *argv[]) {
    QTextStream err(stderr);
    if (argc != 4) {
        err << "usage: render_icon <input.svg> <output.png> <size>\n";
        return 2;
    }
    const QString input = QString::fromLocal8Bit(argv[1]);
    const QString output = QString::fromLocal8Bit(argv[2]);
    bool sizeOk = false;
    const int size = QString::fromLocal8Bit(argv[3]).toInt(&sizeOk);
    if (!sizeOk || size <= 0 || size > 4096) {
        err << "render_icon: bad size " << QString::fromLocal8Bit(argv[3]) << '\n';
        return 2;
    }

    QSvgRenderer renderer(input);
    if (!renderer.isValid()) {
        err << "render_icon: cannot read SVG " << input << '\n';
        return 1;
    }
    QImage image(size, size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    {
        QPainter painter(&image);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setRenderHint(QPainter::SmoothPixmapTransform);
        renderer.render(&painter, QRectF(0, 0, size, size));
    }
    if (!image.save(output, "PNG")) {
        err << "render_icon: cannot write " << output << '\n';
        return 1;
    }
    return 0;
}
