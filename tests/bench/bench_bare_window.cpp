// SPDX-License-Identifier: GPL-3.0-or-later
// The floor for start-up time and memory: a QMainWindow holding an empty QTableView, nothing
// else. With --quit-when-shown it prints "shown rss_kib=K" once the table's viewport has been
// painted for the first time, then quits, exactly like `outreachgpt --quit-when-shown`.
#include "BenchSupport.h"

#include <QApplication>
#include <QEvent>
#include <QMainWindow>
#include <QTableView>
#include <QTextStream>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace {

class FirstPaintProbe : public QObject {
public:
    using QObject::QObject;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override {
        if (!m_seen && event->type() == QEvent::Paint) {
            m_seen = true;
            // Queued, so the report comes after this paint has been handled, as in the app.
            QMetaObject::invokeMethod(
                this,
                [] {
                    QTextStream(stdout) << "shown rss_kib=" << bench::residentKiB() << Qt::endl;
                    QCoreApplication::quit();
                },
                Qt::QueuedConnection);
        }
        return QObject::eventFilter(watched, event);
    }

private:
    bool m_seen = false;
};

} // namespace

int main(int argc, char *argv[]) {
    QApplication app(argc, argv);
    const bool quitWhenShown = app.arguments().contains(u"--quit-when-shown"_s);

    QMainWindow window;
    window.setWindowTitle(u"bench_bare_window"_s);
    auto *table = new QTableView;
    window.setCentralWidget(table);
    window.resize(1280, 800); // the main window's default size

    FirstPaintProbe probe;
    if (quitWhenShown)
        table->viewport()->installEventFilter(&probe);
    window.show();
    return app.exec();
}
