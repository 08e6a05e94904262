// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

// An SQLite VFS for tests that can cut the power: it wraps the default VFS and remembers, per
// file, what was on it at its last xSync. cut() throws away every write since, as a power cut
// that loses the disk's write cache would, so a test sees exactly what SQLite made durable.
class PowerCutVfs {
public:
    // Registers the VFS as SQLite's default (for every connection opened from now on, Qt's
    // included) and makes it the current instance. One at a time.
    PowerCutVfs();
    // Unregisters it; the previous default VFS is the default again.
    ~PowerCutVfs();
    PowerCutVfs(const PowerCutVfs &) = delete;
    PowerCutVfs &operator=(const PowerCutVfs &) = delete;

    // From now on every write, truncation and deletion through the VFS is ignored (the machine
    // is off), so the connections can be closed without writing anything more.
    void cut();
    // Puts each file that was written through the VFS back to its content at its last sync (or
    // removes it if it was created and never synced), and switches the power back on.
    // Call after every connection to the files is closed. Returns the files restored.
    int restore();

    int syncCount() const;
};
