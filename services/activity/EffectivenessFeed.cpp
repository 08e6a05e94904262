// SPDX-License-Identifier: GPL-3.0-or-later
#include "activity/EffectivenessFeed.h"

#include "storage/CacheStore.h"

#include <QFutureWatcher>
#include <QtConcurrent>

namespace {

struct Loaded {
    EffectivenessStats::Summary summary;
    QString error; // empty when the figures were read
};

// Runs on a worker thread, so it opens its own connection: Qt Sql connections are per thread.
Loaded readSummary(const QString &databasePath) {
    auto cache = CacheStore::open(databasePath);
    if (!cache.ok())
        return {{}, cache.error().message()};
    Result<EffectivenessStats::Summary> summary = EffectivenessStats::load(*cache.value());
    if (!summary.ok())
        return {{}, summary.error().message()};
    return {std::move(summary).value(), {}};
}

} // namespace

EffectivenessFeed::EffectivenessFeed(QString databasePath, QObject *parent)
    : QObject(parent)
    , m_databasePath(std::move(databasePath)) {}

// A read still running finishes on its own: it holds nothing of this object, and its watcher,
// a child, goes with it, so the result is never delivered.
EffectivenessFeed::~EffectivenessFeed() = default;

void EffectivenessFeed::refresh() {
    if (m_running) {
        m_pending = true;
        return;
    }
    start();
}

void EffectivenessFeed::start() {
    m_running = true;
    m_pending = false;
    ++m_readsStarted;
    auto *watcher = new QFutureWatcher<Loaded>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
        watcher->deleteLater();
        m_running = false;
        if (m_pending) {
            // The records changed while this read ran: its figures may miss that change.
            start();
            return;
        }
        const Loaded loaded = watcher->result();
        if (loaded.error.isEmpty())
            emit summaryReady(loaded.summary);
        else
            emit loadFailed(loaded.error);
    });
    watcher->setFuture(QtConcurrent::run(readSummary, m_databasePath));
}
