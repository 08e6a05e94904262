// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "activity/EffectivenessStats.h"

#include <QObject>
#include <QString>

// The effectiveness figures of one cache file (EffectivenessStats::load), read on a worker
// thread with a connection of its own, so that going through every stored message never holds
// up the window. Figures are read only when asked for (the records changed); asking again while
// a read runs gets one more read after it, and the older read's figures are dropped: what
// summaryReady delivers is never older than the last request.
class EffectivenessFeed : public QObject {
    Q_OBJECT

public:
    // `databasePath` is the cache file (CacheStore::path()). Nothing is read until refresh().
    explicit EffectivenessFeed(QString databasePath, QObject *parent = nullptr);
    ~EffectivenessFeed() override;

    // Asks for figures from the records as they are now; returns at once.
    void refresh();
    // True from refresh() until the figures it asked for arrive (or fail).
    bool isLoading() const { return m_running || m_pending; }
    // How many times the records have been read, for the tests and the benchmark.
    int readsStarted() const { return m_readsStarted; }

signals:
    void summaryReady(const EffectivenessStats::Summary &summary);
    void loadFailed(const QString &message);

private:
    void start();

    QString m_databasePath;
    bool m_running = false;
    bool m_pending = false; // asked for again while a read runs
    int m_readsStarted = 0;
};
