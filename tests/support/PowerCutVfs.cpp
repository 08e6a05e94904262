// SPDX-License-Identifier: GPL-3.0-or-later
#include "support/PowerCutVfs.h"

#include <QFile>

#include <map>
#include <mutex>
#include <new>
#include <optional>
#include <sqlite3.h>
#include <string>

namespace {

// What a power cut leaves of one file: its bytes at the last sync, or nothing when it was
// created and never synced.
struct FileState {
    std::optional<QByteArray> durable;
    bool written = false;
};

struct Power {
    std::mutex mutex;
    sqlite3_vfs vfs{};
    sqlite3_vfs *real = nullptr;
    std::map<std::string, FileState> files;
    bool off = false;
    int syncs = 0;
};

Power *power = nullptr;

// Our file object, followed in the same allocation by the real VFS's own.
struct alignas(8) WrappedFile {
    sqlite3_file base;
    sqlite3_file *real;
    std::string *path; // null for temporary files, which a power cut does not concern
};

sqlite3_file *realOf(sqlite3_file *file) {
    return reinterpret_cast<WrappedFile *>(file)->real;
}

std::optional<QByteArray> readFile(const std::string &path) {
    QFile file(QString::fromStdString(path));
    if (!file.exists() || !file.open(QIODevice::ReadOnly))
        return std::nullopt;
    return file.readAll();
}

int xClose(sqlite3_file *file) {
    auto *wrapped = reinterpret_cast<WrappedFile *>(file);
    const int rc =
        wrapped->real->pMethods ? wrapped->real->pMethods->xClose(wrapped->real) : SQLITE_OK;
    delete wrapped->path;
    wrapped->path = nullptr;
    return rc;
}

int xRead(sqlite3_file *file, void *buffer, int amount, sqlite3_int64 offset) {
    return realOf(file)->pMethods->xRead(realOf(file), buffer, amount, offset);
}

// Before a change to a file: false while the power is off (the change is then ignored), else
// notes that the file differs from what is on disk.
bool beforeChange(const WrappedFile *wrapped) {
    const std::lock_guard lock(power->mutex);
    if (power->off)
        return false;
    if (wrapped->path)
        power->files[*wrapped->path].written = true;
    return true;
}

int xWrite(sqlite3_file *file, const void *buffer, int amount, sqlite3_int64 offset) {
    if (!beforeChange(reinterpret_cast<WrappedFile *>(file)))
        return SQLITE_OK;
    return realOf(file)->pMethods->xWrite(realOf(file), buffer, amount, offset);
}

int xTruncate(sqlite3_file *file, sqlite3_int64 size) {
    if (!beforeChange(reinterpret_cast<WrappedFile *>(file)))
        return SQLITE_OK;
    return realOf(file)->pMethods->xTruncate(realOf(file), size);
}

int xSync(sqlite3_file *file, int flags) {
    auto *wrapped = reinterpret_cast<WrappedFile *>(file);
    const std::lock_guard lock(power->mutex);
    if (power->off)
        return SQLITE_OK;
    const int rc = wrapped->real->pMethods->xSync(wrapped->real, flags);
    if (rc == SQLITE_OK && wrapped->path) {
        power->files[*wrapped->path].durable = readFile(*wrapped->path);
        ++power->syncs;
    }
    return rc;
}

int xFileSize(sqlite3_file *file, sqlite3_int64 *size) {
    return realOf(file)->pMethods->xFileSize(realOf(file), size);
}
int xLock(sqlite3_file *file, int level) {
    return realOf(file)->pMethods->xLock(realOf(file), level);
}
int xUnlock(sqlite3_file *file, int level) {
    return realOf(file)->pMethods->xUnlock(realOf(file), level);
}
int xCheckReservedLock(sqlite3_file *file, int *out) {
    return realOf(file)->pMethods->xCheckReservedLock(realOf(file), out);
}
int xFileControl(sqlite3_file *file, int op, void *arg) {
    return realOf(file)->pMethods->xFileControl(realOf(file), op, arg);
}
int xSectorSize(sqlite3_file *file) {
    return realOf(file)->pMethods->xSectorSize(realOf(file));
}
int xDeviceCharacteristics(sqlite3_file *file) {
    return realOf(file)->pMethods->xDeviceCharacteristics(realOf(file));
}
// The WAL index (-shm) is shared memory, not durable data: SQLite rebuilds it from the log
// when the first connection opens the file again.
int xShmMap(sqlite3_file *file, int region, int size, int extend, void volatile **out) {
    return realOf(file)->pMethods->xShmMap(realOf(file), region, size, extend, out);
}
int xShmLock(sqlite3_file *file, int offset, int n, int flags) {
    return realOf(file)->pMethods->xShmLock(realOf(file), offset, n, flags);
}
void xShmBarrier(sqlite3_file *file) {
    realOf(file)->pMethods->xShmBarrier(realOf(file));
}
int xShmUnmap(sqlite3_file *file, int deleteFlag) {
    return realOf(file)->pMethods->xShmUnmap(realOf(file), deleteFlag);
}
int xFetch(sqlite3_file *file, sqlite3_int64 offset, int amount, void **out) {
    return realOf(file)->pMethods->xFetch(realOf(file), offset, amount, out);
}
int xUnfetch(sqlite3_file *file, sqlite3_int64 offset, void *pointer) {
    return realOf(file)->pMethods->xUnfetch(realOf(file), offset, pointer);
}

const sqlite3_io_methods ioMethods = {
    3,
    xClose,
    xRead,
    xWrite,
    xTruncate,
    xSync,
    xFileSize,
    xLock,
    xUnlock,
    xCheckReservedLock,
    xFileControl,
    xSectorSize,
    xDeviceCharacteristics,
    xShmMap,
    xShmLock,
    xShmBarrier,
    xShmUnmap,
    xFetch,
    xUnfetch,
};

int xOpen(sqlite3_vfs *, const char *name, sqlite3_file *file, int flags, int *outFlags) {
    auto *wrapped = reinterpret_cast<WrappedFile *>(file);
    wrapped->base.pMethods = nullptr;
    wrapped->real = reinterpret_cast<sqlite3_file *>(wrapped + 1);
    wrapped->path = nullptr;
    if (name) {
        const std::string path(name);
        const std::lock_guard lock(power->mutex);
        // A file that is there before anything of ours wrote it is as durable as it is now.
        if (!power->files.contains(path))
            power->files[path].durable = readFile(path);
        wrapped->path = new std::string(path);
    }
    const int rc = power->real->xOpen(power->real, name, wrapped->real, flags, outFlags);
    if (rc != SQLITE_OK) {
        delete wrapped->path;
        wrapped->path = nullptr;
        // SQLite calls xClose only when pMethods is set; the real file may have set its own.
        if (wrapped->real->pMethods)
            wrapped->real->pMethods->xClose(wrapped->real);
        return rc;
    }
    wrapped->base.pMethods = &ioMethods;
    return SQLITE_OK;
}

int xDelete(sqlite3_vfs *, const char *name, int syncDir) {
    {
        const std::lock_guard lock(power->mutex);
        if (power->off)
            return SQLITE_OK;
        if (const auto it = power->files.find(name); it != power->files.end()) {
            it->second.durable.reset();
            it->second.written = true;
        }
    }
    return power->real->xDelete(power->real, name, syncDir);
}

int xAccess(sqlite3_vfs *, const char *name, int flags, int *out) {
    return power->real->xAccess(power->real, name, flags, out);
}
int xFullPathname(sqlite3_vfs *, const char *name, int size, char *out) {
    return power->real->xFullPathname(power->real, name, size, out);
}
void *xDlOpen(sqlite3_vfs *, const char *name) {
    return power->real->xDlOpen(power->real, name);
}
void xDlError(sqlite3_vfs *, int size, char *out) {
    power->real->xDlError(power->real, size, out);
}
void (*xDlSym(sqlite3_vfs *, void *handle, const char *symbol))() {
    return power->real->xDlSym(power->real, handle, symbol);
}
void xDlClose(sqlite3_vfs *, void *handle) {
    power->real->xDlClose(power->real, handle);
}
int xRandomness(sqlite3_vfs *, int size, char *out) {
    return power->real->xRandomness(power->real, size, out);
}
int xSleep(sqlite3_vfs *, int microseconds) {
    return power->real->xSleep(power->real, microseconds);
}
int xCurrentTime(sqlite3_vfs *, double *out) {
    return power->real->xCurrentTime(power->real, out);
}
int xGetLastError(sqlite3_vfs *, int size, char *out) {
    return power->real->xGetLastError(power->real, size, out);
}
int xCurrentTimeInt64(sqlite3_vfs *, sqlite3_int64 *out) {
    return power->real->xCurrentTimeInt64(power->real, out);
}

} // namespace

PowerCutVfs::PowerCutVfs() {
    Q_ASSERT(!power);
    power = new Power;
    power->real = sqlite3_vfs_find(nullptr);
    sqlite3_vfs &vfs = power->vfs;
    vfs.iVersion = 2; // no system-call overrides: those are the real VFS's business
    vfs.szOsFile = int(sizeof(WrappedFile)) + power->real->szOsFile;
    vfs.mxPathname = power->real->mxPathname;
    vfs.zName = "powercut";
    vfs.xOpen = xOpen;
    vfs.xDelete = xDelete;
    vfs.xAccess = xAccess;
    vfs.xFullPathname = xFullPathname;
    vfs.xDlOpen = xDlOpen;
    vfs.xDlError = xDlError;
    vfs.xDlSym = xDlSym;
    vfs.xDlClose = xDlClose;
    vfs.xRandomness = xRandomness;
    vfs.xSleep = xSleep;
    vfs.xCurrentTime = xCurrentTime;
    vfs.xGetLastError = xGetLastError;
    vfs.xCurrentTimeInt64 = xCurrentTimeInt64;
    sqlite3_vfs_register(&vfs, 1);
}

PowerCutVfs::~PowerCutVfs() {
    sqlite3_vfs_unregister(&power->vfs);
    delete power;
    power = nullptr;
}

void PowerCutVfs::cut() {
    const std::lock_guard lock(power->mutex);
    power->off = true;
}

int PowerCutVfs::restore() {
    const std::lock_guard lock(power->mutex);
    int restored = 0;
    for (const auto &[path, state] : power->files) {
        if (!state.written)
            continue;
        QFile file(QString::fromStdString(path));
        if (!state.durable) {
            file.remove();
        } else if (file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
            file.write(*state.durable);
        }
        ++restored;
    }
    power->files.clear();
    power->off = false;
    return restored;
}

int PowerCutVfs::syncCount() const {
    const std::lock_guard lock(power->mutex);
    return power->syncs;
}
