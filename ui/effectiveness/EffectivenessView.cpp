// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/effectiveness/EffectivenessView.h"

#include "activity/EffectivenessFeed.h"
#include "storage/CacheStore.h"

#include <QAreaSeries>
#include <QBarCategoryAxis>
#include <QBoxPlotSeries>
#include <QBoxSet>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QCursor>
#include <QDateTimeAxis>
#include <QEvent>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLegend>
#include <QLineSeries>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollArea>
#include <QShowEvent>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTimeZone>
#include <QToolTip>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

using Stats = EffectivenessStats;

// The breakdown chart stays readable with this many groups; the table lists them all.
constexpr qsizetype MaxChartGroups = 12;
constexpr qint64 HalfWeekMs = qint64(3) * 24 * 3600 * 1000 + 12 * 3600 * 1000;

enum Page { EmptyPage = 0, FiguresPage = 1 };

qreal weekMs(const Stats::Group &week) {
    return qreal(QDateTime(week.weekStart, QTime(0, 0), QTimeZone::utc()).toMSecsSinceEpoch());
}

bool isDark(const QPalette &palette) {
    return palette.color(QPalette::Window).lightness() < 128;
}

// A chart view whose old chart is deleted when a new one comes (setChart only lets go of it).
void replaceChart(QChartView *view, QChart *chart) {
    QChart *old = view->chart();
    view->setChart(chart);
    delete old;
}

} // namespace

EffectivenessView::EffectivenessView(CacheStore &cache, QWidget *parent)
    : QWidget(parent)
    , m_feed(new EffectivenessFeed(cache.path(), this)) {
    setObjectName(u"effectivenessView"_s);
    setWindowTitle(tr("Effectiveness"));

    m_emptyState = new QLabel(this);
    m_emptyState->setObjectName(u"effectivenessEmptyState"_s);
    m_emptyState->setAlignment(Qt::AlignCenter);
    m_emptyState->setWordWrap(true);
    m_emptyState->setTextFormat(Qt::PlainText);
    m_emptyState->setMargin(24);

    auto *figures = new QWidget(this);
    figures->setObjectName(u"effectivenessFigures"_s);
    auto *figuresLayout = new QVBoxLayout(figures);

    m_summaryLabel = new QLabel(figures);
    m_summaryLabel->setObjectName(u"effectivenessSummary"_s);
    m_summaryLabel->setTextFormat(Qt::PlainText);
    m_summaryLabel->setWordWrap(true);
    m_summaryLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    figuresLayout->addWidget(m_summaryLabel);

    m_trendView = new QChartView(new QChart, figures);
    m_trendView->setObjectName(u"effectivenessTrendChart"_s);
    m_trendView->setRenderHint(QPainter::Antialiasing);
    m_trendView->setMinimumHeight(260);
    figuresLayout->addWidget(m_trendView, 3);

    auto *selectors = new QHBoxLayout;
    auto *breakdownLabel = new QLabel(tr("&Compare by:"), figures);
    m_breakdownSelector = new QComboBox(figures);
    m_breakdownSelector->setObjectName(u"effectivenessBreakdownSelector"_s);
    for (const Stats::Dimension dimension : Stats::Breakdowns)
        m_breakdownSelector->addItem(Stats::dimensionLabel(dimension), int(dimension));
    breakdownLabel->setBuddy(m_breakdownSelector);
    auto *rateLabel = new QLabel(tr("&Rate in the chart:"), figures);
    m_rateSelector = new QComboBox(figures);
    m_rateSelector->setObjectName(u"effectivenessRateSelector"_s);
    for (const Stats::Rate rate : Stats::AllRates)
        m_rateSelector->addItem(Stats::rateLabel(rate), int(rate));
    rateLabel->setBuddy(m_rateSelector);
    selectors->addWidget(breakdownLabel);
    selectors->addWidget(m_breakdownSelector);
    selectors->addSpacing(16);
    selectors->addWidget(rateLabel);
    selectors->addWidget(m_rateSelector);
    selectors->addStretch();
    figuresLayout->addLayout(selectors);

    m_breakdownView = new QChartView(new QChart, figures);
    m_breakdownView->setObjectName(u"effectivenessBreakdownChart"_s);
    m_breakdownView->setRenderHint(QPainter::Antialiasing);
    m_breakdownView->setMinimumHeight(240);
    figuresLayout->addWidget(m_breakdownView, 2);

    m_table = new QTableWidget(figures);
    m_table->setObjectName(u"effectivenessBreakdownTable"_s);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->verticalHeader()->setVisible(false);
    m_table->setMinimumHeight(160);
    figuresLayout->addWidget(m_table, 2);

    auto *note = new QLabel(
        tr("Rates are shares of the delivered messages (sent and not bounced), with their 95 % "
           "Wilson interval and the number of messages n. Where two intervals overlap, the "
           "difference may be chance. The open rate is unreliable: mail clients' privacy "
           "protection loads tracking images without anyone reading the message."),
        figures);
    note->setObjectName(u"effectivenessNote"_s);
    note->setWordWrap(true);
    note->setTextFormat(Qt::PlainText);
    figuresLayout->addWidget(note);

    auto *scroll = new QScrollArea(this);
    scroll->setObjectName(u"effectivenessScrollArea"_s);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(figures);

    m_pages = new QStackedWidget(this);
    m_pages->setObjectName(u"effectivenessPages"_s);
    m_pages->insertWidget(EmptyPage, m_emptyState);
    m_pages->insertWidget(FiguresPage, scroll);

    m_exportButton = new QPushButton(tr("&Export CSV…"), this);
    m_exportButton->setObjectName(u"effectivenessExportButton"_s);
    auto *reloadButton = new QPushButton(tr("Re&load"), this);
    reloadButton->setObjectName(u"effectivenessReloadButton"_s);
    auto *buttons = new QHBoxLayout;
    buttons->addStretch();
    buttons->addWidget(reloadButton);
    buttons->addWidget(m_exportButton);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_pages, 1);
    layout->addLayout(buttons);

    connect(m_exportButton, &QPushButton::clicked, this, &EffectivenessView::exportWithDialog);
    connect(reloadButton, &QPushButton::clicked, this, &EffectivenessView::reload);
    connect(m_breakdownSelector, &QComboBox::currentIndexChanged, this,
            &EffectivenessView::rebuildBreakdown);
    connect(m_rateSelector, &QComboBox::currentIndexChanged, this,
            &EffectivenessView::rebuildBreakdown);

    connect(m_feed, &EffectivenessFeed::summaryReady, this,
            [this](const Stats::Summary &summary) { adopt(summary, {}); });
    connect(m_feed, &EffectivenessFeed::loadFailed, this,
            [this](const QString &error) { adopt({}, error); });

    rebuild();
    m_feed->refresh();
}

EffectivenessView::~EffectivenessView() = default;

void EffectivenessView::reload() {
    // Hidden, the figures would be read for nobody, maybe many times over: once, when shown.
    if (!isVisible() && !m_feed->isLoading() && m_feed->readsStarted() > 0) {
        m_stale = true;
        return;
    }
    m_stale = false;
    m_feed->refresh();
}

bool EffectivenessView::isLoading() const {
    return m_feed->isLoading() || m_stale;
}

void EffectivenessView::showEvent(QShowEvent *event) {
    QWidget::showEvent(event);
    if (m_stale)
        reload();
}

void EffectivenessView::adopt(const EffectivenessStats::Summary &summary, const QString &error) {
    m_summary = summary;
    m_loadError = error;
    rebuild();
    emit figuresShown();
}

EffectivenessStats::Dimension EffectivenessView::breakdown() const {
    return Stats::Dimension(m_breakdownSelector->currentData().toInt());
}

void EffectivenessView::setBreakdown(EffectivenessStats::Dimension dimension) {
    const int index = m_breakdownSelector->findData(int(dimension));
    if (index >= 0)
        m_breakdownSelector->setCurrentIndex(index);
}

Result<void> EffectivenessView::exportCsv(const QString &path) const {
    return Stats::exportCsv(m_summary, path);
}

void EffectivenessView::changeEvent(QEvent *event) {
    QWidget::changeEvent(event);
    // Charts do not follow the palette by themselves: rebuild them in the new colours.
    if ((event->type() == QEvent::PaletteChange || event->type() == QEvent::StyleChange) && m_pages
        && !m_restyling) {
        m_restyling = true;
        rebuild();
        m_restyling = false;
    }
}

void EffectivenessView::rebuild() {
    if (!m_loadError.isEmpty()) {
        m_emptyState->setText(tr("Could not read the stored messages: %1").arg(m_loadError));
    } else if (m_feed->readsStarted() == 0 || (m_summary.isEmpty() && m_feed->isLoading())) {
        m_emptyState->setText(tr("Reading the stored messages…"));
    } else if (m_summary.isEmpty()) {
        QString text =
            tr("No sent messages yet — save and mark messages as sent to see how they do.");
        if (m_summary.notSent > 0)
            text += u"\n\n"_s + tr("Saved but not marked as sent yet: %1.").arg(m_summary.notSent);
        m_emptyState->setText(text);
    }
    const bool empty = m_summary.isEmpty();
    m_pages->setCurrentIndex(empty ? EmptyPage : FiguresPage);
    m_exportButton->setEnabled(!empty);

    const Stats::Group &all = m_summary.overall;
    QStringList lines{tr("Sent: %1, bounced: %2, delivered (n): %3")
                          .arg(all.sent)
                          .arg(all.bounced)
                          .arg(all.delivered)};
    for (const Stats::Rate rate : Stats::AllRates)
        lines.append(Stats::rateLabel(rate) + u": "_s + Stats::formatProportion(all.rate(rate)));
    if (m_summary.notSent > 0)
        lines.append(tr("Saved but not marked as sent yet: %1.").arg(m_summary.notSent));
    m_summaryLabel->setText(lines.join(u'\n'));

    rebuildTrend();
    rebuildBreakdown();
}

void EffectivenessView::styleChart(QChart *chart) const {
    const QPalette &palette = this->palette();
    chart->setTheme(isDark(palette) ? QChart::ChartThemeDark : QChart::ChartThemeLight);
    // The theme's own backdrop (a gradient, a blue-grey) would stand out from the window.
    chart->setBackgroundBrush(palette.color(QPalette::Base));
    chart->setBackgroundPen(Qt::NoPen);
    chart->setTitleBrush(palette.color(QPalette::Text));
    chart->legend()->setLabelColor(palette.color(QPalette::Text));
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->setMargins(QMargins(4, 4, 4, 4));
}

void EffectivenessView::rebuildTrend() {
    auto *chart = new QChart;
    styleChart(chart);
    chart->setTitle(tr("Rates by week sent"));
    const QPalette &palette = this->palette();
    const QList<Stats::Group> &weeks = m_summary.weeks;

    auto *xAxis = new QDateTimeAxis;
    xAxis->setFormat(u"d MMM yy"_s);
    xAxis->setTitleText(tr("Week"));
    auto *yAxis = new QValueAxis;
    yAxis->setRange(0, 100);
    yAxis->setLabelFormat(u"%.0f %%"_s);
    for (QAbstractAxis *axis :
         {static_cast<QAbstractAxis *>(xAxis), static_cast<QAbstractAxis *>(yAxis)}) {
        axis->setLabelsColor(palette.color(QPalette::Text));
        axis->setTitleBrush(palette.color(QPalette::Text));
        axis->setGridLineColor(palette.color(QPalette::Mid));
        axis->setLinePenColor(palette.color(QPalette::Mid));
    }
    chart->addAxis(xAxis, Qt::AlignBottom);
    chart->addAxis(yAxis, Qt::AlignLeft);
    if (!weeks.isEmpty()) {
        // Padded by half a week, so one week is a point in the middle rather than no range.
        xAxis->setRange(
            QDateTime::fromMSecsSinceEpoch(qint64(weekMs(weeks.constFirst())) - HalfWeekMs),
            QDateTime::fromMSecsSinceEpoch(qint64(weekMs(weeks.constLast())) + HalfWeekMs));
        xAxis->setTickCount(int(std::clamp<qsizetype>(weeks.size() + 2, 3, 8)));
    }

    QLineSeries *replyLine = nullptr;
    for (const Stats::Rate rate : Stats::AllRates) {
        auto *series = new QLineSeries;
        series->setName(Stats::rateLabel(rate));
        series->setPointsVisible(true); // one week is a dot, not an invisible line
        for (const Stats::Group &week : weeks) {
            if (const std::optional<double> value = week.rate(rate).value())
                series->append(weekMs(week), *value * 100);
        }
        chart->addSeries(series);
        series->attachAxis(xAxis);
        series->attachAxis(yAxis);
        QPen pen = series->pen();
        pen.setWidthF(2.0);
        if (!Stats::isReliable(rate))
            pen.setStyle(Qt::DashLine); // shown, but not to be read like the others
        series->setPen(pen);
        if (rate == Stats::Rate::Reply)
            replyLine = series;
        connect(series, &QLineSeries::hovered, this, [this, rate](const QPointF &point, bool on) {
            if (!on)
                return;
            const auto nearest = std::min_element(
                m_summary.weeks.cbegin(), m_summary.weeks.cend(),
                [&](const Stats::Group &a, const Stats::Group &b) {
                    return std::abs(weekMs(a) - point.x()) < std::abs(weekMs(b) - point.x());
                });
            if (nearest == m_summary.weeks.cend())
                return;
            QToolTip::showText(QCursor::pos(),
                               tr("Week of %1\n%2: %3")
                                   .arg(nearest->label, Stats::rateLabel(rate),
                                        Stats::formatProportion(nearest->rate(rate))),
                               m_trendView);
        });
    }

    // The reply rate's interval as a band: how sure each week's figure is.
    if (replyLine && weeks.size() > 1) {
        // QAreaSeries does not take ownership of its bounding lines: the chart does, so they go
        // when replaceChart deletes it.
        auto *upper = new QLineSeries(chart);
        auto *lower = new QLineSeries(chart);
        for (const Stats::Group &week : weeks) {
            const Stats::Proportion proportion = week.rate(Stats::Rate::Reply);
            if (!proportion.value())
                continue;
            upper->append(weekMs(week), proportion.interval().high * 100);
            lower->append(weekMs(week), proportion.interval().low * 100);
        }
        auto *band = new QAreaSeries(upper, lower);
        band->setName(tr("Reply rate, 95 % interval"));
        chart->addSeries(band);
        band->attachAxis(xAxis);
        band->attachAxis(yAxis);
        QColor fill = replyLine->color();
        fill.setAlpha(50);
        band->setBrush(fill);
        band->setPen(Qt::NoPen);
    }
    replaceChart(m_trendView, chart);
}

void EffectivenessView::rebuildBreakdown() {
    if (!m_table || !m_breakdownView)
        return;
    const Stats::Dimension dimension = breakdown();
    const Stats::Rate chartRate = Stats::Rate(m_rateSelector->currentData().toInt());
    const QList<Stats::Group> &groups = m_summary.breakdown(dimension);
    const QPalette &palette = this->palette();

    // The chart: each group's rate as a line across its box, its interval as the whiskers.
    auto *chart = new QChart;
    styleChart(chart);
    chart->setTitle(
        tr("%1 by %2 (whiskers: 95 % interval)")
            .arg(Stats::rateLabel(chartRate), Stats::dimensionLabel(dimension).toLower()));
    chart->legend()->hide();
    auto *series = new QBoxPlotSeries;
    series->setName(Stats::rateLabel(chartRate));
    series->setBoxWidth(0.4);
    QStringList categories;
    for (const Stats::Group &group : groups) {
        if (categories.size() >= MaxChartGroups)
            break;
        const Stats::Proportion proportion = group.rate(chartRate);
        const std::optional<double> value = proportion.value();
        if (!value)
            continue; // everything bounced: no rate to draw
        const WilsonInterval interval = proportion.interval();
        const QString category = tr("%1 (n = %2)").arg(group.label).arg(proportion.n);
        auto *set = new QBoxSet(interval.low * 100, *value * 100, *value * 100, *value * 100,
                                interval.high * 100, category);
        series->append(set);
        categories.append(category);
    }
    chart->addSeries(series);
    auto *xAxis = new QBarCategoryAxis;
    xAxis->append(categories);
    auto *yAxis = new QValueAxis;
    yAxis->setRange(0, 100);
    yAxis->setLabelFormat(u"%.0f %%"_s);
    for (QAbstractAxis *axis :
         {static_cast<QAbstractAxis *>(xAxis), static_cast<QAbstractAxis *>(yAxis)}) {
        axis->setLabelsColor(palette.color(QPalette::Text));
        axis->setGridLineColor(palette.color(QPalette::Mid));
        axis->setLinePenColor(palette.color(QPalette::Mid));
    }
    chart->addAxis(xAxis, Qt::AlignBottom);
    chart->addAxis(yAxis, Qt::AlignLeft);
    series->attachAxis(xAxis);
    series->attachAxis(yAxis);
    QPen whiskers = series->pen();
    whiskers.setWidthF(2.0);
    series->setPen(whiskers);
    replaceChart(m_breakdownView, chart);

    // The table: every group, every rate, with interval and n.
    QStringList headers{Stats::dimensionLabel(dimension), tr("Sent"), tr("Bounced")};
    for (const Stats::Rate rate : Stats::AllRates)
        headers.append(Stats::rateLabel(rate));
    m_table->clear();
    m_table->setColumnCount(int(headers.size()));
    m_table->setHorizontalHeaderLabels(headers);
    const int openColumn = 3 + int(Stats::AllRates.size()) - 1;
    if (QTableWidgetItem *header = m_table->horizontalHeaderItem(openColumn))
        header->setToolTip(tr("Unreliable: mail clients' privacy protection loads tracking "
                              "images without anyone reading the message."));
    m_table->setRowCount(int(groups.size()));
    // Between text and background: readable, but visibly not like the other figures. Mixed
    // rather than PlaceholderText, which many hand-made dark palettes leave dark grey.
    const QColor text = palette.color(QPalette::Text);
    const QColor base = palette.color(QPalette::Base);
    const QColor muted((text.red() * 3 + base.red() * 2) / 5,
                       (text.green() * 3 + base.green() * 2) / 5,
                       (text.blue() * 3 + base.blue() * 2) / 5);
    for (int row = 0; row < groups.size(); ++row) {
        const Stats::Group &group = groups.at(row);
        int column = 0;
        m_table->setItem(row, column++, new QTableWidgetItem(group.label));
        for (const int count : {group.sent, group.bounced}) {
            auto *item = new QTableWidgetItem(QLocale().toString(count));
            item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            m_table->setItem(row, column++, item);
        }
        for (const Stats::Rate rate : Stats::AllRates) {
            auto *item = new QTableWidgetItem(Stats::formatProportion(group.rate(rate)));
            item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            if (!Stats::isReliable(rate))
                item->setForeground(muted);
            m_table->setItem(row, column++, item);
        }
    }
    m_table->resizeColumnsToContents();
}

void EffectivenessView::exportWithDialog() {
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    const QString suggested = folder + u"/outreach-effectiveness-"_s
                              + QDate::currentDate().toString(Qt::ISODate) + u".csv"_s;
    const QString path = QFileDialog::getSaveFileName(this, tr("Export effectiveness as CSV"),
                                                      suggested, tr("CSV files (*.csv)"));
    if (path.isEmpty())
        return;
    if (const Result<void> written = exportCsv(path); !written.ok())
        QMessageBox::warning(this, tr("Export failed"), written.error().message());
}
