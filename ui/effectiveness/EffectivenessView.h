// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "activity/EffectivenessStats.h"
#include "domain/Result.h"

#include <QWidget>

class CacheStore;
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
// The charts follow the palette (light or dark theme), also when it changes.
class EffectivenessView : public QWidget {
    Q_OBJECT

public:
    explicit EffectivenessView(CacheStore &cache, QWidget *parent = nullptr);

    // Reads the local records again (after an outcome was recorded or a sync brought some).
    void reload();

    const EffectivenessStats::Summary &summary() const { return m_summary; }
    // Which breakdown the chart and table show.
    EffectivenessStats::Dimension breakdown() const;
    void setBreakdown(EffectivenessStats::Dimension dimension);
    // What "Export CSV…" does after asking for the file.
    Result<void> exportCsv(const QString &path) const;

protected:
    void changeEvent(QEvent *event) override;

private:
    void rebuild();
    void rebuildTrend();
    void rebuildBreakdown();
    void styleChart(QChart *chart) const;
    void exportWithDialog();

    CacheStore &m_cache;
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
