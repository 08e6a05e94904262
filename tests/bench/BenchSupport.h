// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Small helpers shared by the benchmark programs.

#include <QByteArray>
#include <QFile>
#include <QString>

#ifdef __GLIBC__
#include <malloc.h>
#endif

namespace bench {

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

} // namespace bench
