// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Small helpers shared by the benchmark programs.

#include <QByteArray>
#include <QFile>
#include <QString>
#include <QTextStream>
#include <QtGlobal>

#ifdef __GLIBC__
#include <malloc.h>
#endif

namespace bench {

// The report: stdout carries the figures only.
inline QTextStream &out() {
    static QTextStream stream(stdout);
    return stream;
}

// Progress goes to stderr so that stdout is just the report.
inline void progress(const QString &text) {
    QTextStream(stderr) << "  … " << text << Qt::endl;
}

// Resident memory of this process in KiB (VmRSS), or -1 where /proc is not available.
inline qint64 residentKiB() {
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').constFirst().toLongLong();
    }
    return -1;
}

// Hands freed heap pages back to the system, so that an RSS reading taken next is not flattered
// (or inflated) by memory an earlier step freed but glibc kept.
inline void releaseFreedMemory() {
#ifdef __GLIBC__
    malloc_trim(0);
#endif
}

// The system's load average over 1, 5 and 15 minutes ("0.87 2.31 3.40"), to print beside the
// figures it colours; "n/a" where /proc is not available.
inline QString loadAverage() {
    QFile file(QStringLiteral("/proc/loadavg"));
    if (!file.open(QIODevice::ReadOnly))
        return QStringLiteral("n/a");
    return QString::fromUtf8(file.readAll()).section(QLatin1Char(' '), 0, 2);
}

namespace detail {
inline QtMessageHandler previousHandler = nullptr;
inline void quietHandler(QtMsgType type, const QMessageLogContext &context, const QString &text) {
    if (text.contains(QLatin1StringView("propagateSizeHints")))
        return;
    if (previousHandler)
        previousHandler(type, context, text);
}
} // namespace detail

// For a widget benchmark, before its QApplication: the offscreen platform unless one is chosen,
// and the offscreen platform's harmless "propagateSizeHints" warning silenced.
inline void useOffscreenQuietly() {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    detail::previousHandler = qInstallMessageHandler(detail::quietHandler);
}

} // namespace bench
