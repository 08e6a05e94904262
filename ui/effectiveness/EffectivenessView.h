// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "activity/EffectivenessStats.h"
#include "domain/Result.h"

#include <QWidget>

class CacheStore;
class EffectivenessFeed;
class QChart;
class QChartView;
class QComboBox;
class QLabel;
class QPushButton;
class QStackedWidget;
class QTableWidget;

// How the rep's messages do (EffectivenessStats): the reply, positive-reply, meeting and open
// rates week by week in a line chart (the reply rate with its 95 % interval as a band), and a
// breakdown by prompt preset, ticket category or tone as a chart of rates with their intervals
// as whiskers and a table of every rate with its interval and n, so that a difference between
// two presets that is only noise shows as overlapping intervals. The open rate is shown but
// marked unreliable. "Export CSV…" writes the figures through EffectivenessStats::exportCsv.
// The charts follow the palette (light or dark theme), also when it changes. The figures are read
// off the UI thread (EffectivenessFeed) and only when asked for, while the view is shown.
class EffectivenessView : public QWidget {
    Q_OBJECT

public:
    // Starts reading the figures from `cache`'s file at once; they show when they arrive.
    explicit EffectivenessView(CacheStore &cache, QWidget *parent = nullptr);
    ~EffectivenessView() override;

    // Reads the local records again (after an outcome was recorded or a sync brought some), on a
    // worker thread; while the view is hidden, only once it is shown again.
    void reload();
    // True while figures that were asked for have not arrived yet.
    bool isLoading() const;
    // The feed that reads the figures (its readsStarted() counts the reads).
    const EffectivenessFeed &feed() const { return *m_feed; }

    const EffectivenessStats::Summary &summary() const { return m_summary; }
    // Which breakdown the chart and table show.
    EffectivenessStats::Dimension breakdown() const;
    void setBreakdown(EffectivenessStats::Dimension dimension);
    // What "Export CSV…" does after asking for the file.
    Result<void> exportCsv(const QString &path) const;

signals:
    // New figures (or the error reading them) are on screen.
    void figuresShown();

protected:
    void changeEvent(QEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    void rebuild();
    void adopt(const EffectivenessStats::Summary &summary, const QString &error);
    void rebuildTrend();
    void rebuildBreakdown();
    void styleChart(QChart *chart) const;
    void exportWithDialog();

    EffectivenessFeed *m_feed = nullptr;
    bool m_stale = false; // the records changed while the view was hidden
    EffectivenessStats::Summary m_summary;
    QString m_loadError;
    QStackedWidget *m_pages = nullptr;
    QLabel *m_emptyState = nullptr;
    QLabel *m_summaryLabel = nullptr;
    QChartView *m_trendView = nullptr;
    QComboBox *m_breakdownSelector = nullptr;
    QComboBox *m_rateSelector = nullptr;
    QChartView *m_breakdownView = nullptr;
    QTableWidget *m_table = nullptr;
    QPushButton *m_exportButton = nullptr;
    bool m_restyling = false;
};
