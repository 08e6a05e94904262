// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/OutreachError.h"

#include <QDateTime>
#include <QObject>
#include <QString>

#include <chrono>
#include <optional>

class CacheStore;
class QSettings;
class QThread;

// Keeps the local file from growing for ever: removes outbox rows the CRM has had for longer
// than the retention, bounds the draft version history, and gives the freed pages back. Runs on
// a connection of its own, off the UI thread.
class StorageUpkeep : public QObject {
    Q_OBJECT
public:
    struct Policy {
        int outboxRetentionDays = 30; // delivered (and dropped) writes, kept for the outbox view
        int versionsPerTicket = 20;   // a ticket's newest generated versions
        int versionMaxAgeDays = 90;   // older versions go once their draft is this old

        // "storage/outboxRetentionDays", "storage/versionsPerTicket", "storage/versionMaxAgeDays".
        static Policy load(const QSettings &settings);
        void save(QSettings &settings) const;
    };

    struct Report {
        int outboxRowsRemoved = 0;
        int versionsRemoved = 0;
        qint64 bytesBefore = 0;
        qint64 bytesAfter = 0;
        bool converted = false; // an older file was switched to incremental vacuum
        std::optional<OutreachError> error;
    };

    explicit StorageUpkeep(QObject *parent = nullptr);
    ~StorageUpkeep() override;

    // One pass on `cache`, on the calling thread, as of `now`.
    static Report run(CacheStore &cache, const Policy &policy, const QDateTime &now);

    // One pass on the database at `path`, in a thread of its own with its own connection; emits
    // finished() here when done. A call while one runs is ignored (returns false).
    bool start(const QString &path, const Policy &policy);
    bool isRunning() const { return m_thread != nullptr; }

signals:
    void finished(const StorageUpkeep::Report &report);

private:
    QThread *m_thread = nullptr;
};
