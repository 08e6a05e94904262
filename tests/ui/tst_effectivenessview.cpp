// SPDX-License-Identifier: GPL-3.0-or-later
// EffectivenessView: the charts render (grabbed to an image: not blank) with zero, one and many
// weeks of data, the figures on screen are the service's, the breakdown follows the selector,
// the charts follow a dark palette, and the export writes the service's CSV. The figures are read
// on a worker: requests made during a read fold into one more read whose figures alone are shown,
// and a hidden view reads only once it is shown.
//
// With OUTREACH_SCREENSHOT_DIR set, the "many" case also saves effectiveness.png there (the
// README's screenshot).
#include "activity/EffectivenessFeed.h"
#include "support/LocalRecords.h"
#include "ui/effectiveness/EffectivenessView.h"

#include <QAreaSeries>
#include <QBoxPlotSeries>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineSeries>
#include <QPushButton>
#include <QSet>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QTableWidget>
#include <QTest>

using namespace Qt::StringLiterals;
using Stats = EffectivenessStats;
using Milestone = ActivityTracker::Milestone;

namespace {

int distinctColours(const QImage &image) {
    const QImage argb = image.convertToFormat(QImage::Format_ARGB32);
    QSet<QRgb> colours;
    for (int y = 0; y < argb.height(); ++y) {
        const auto *line = reinterpret_cast<const QRgb *>(argb.constScanLine(y));
        for (int x = 0; x < argb.width(); ++x)
            colours.insert(line[x]);
    }
    return int(colours.size());
}

// The share of pixels that differ from the most common one: how much is drawn on the backdrop.
double inkShare(const QImage &image) {
    const QImage argb = image.convertToFormat(QImage::Format_ARGB32);
    QHash<QRgb, int> counts;
    for (int y = 0; y < argb.height(); ++y) {
        const auto *line = reinterpret_cast<const QRgb *>(argb.constScanLine(y));
        for (int x = 0; x < argb.width(); ++x)
            ++counts[line[x]];
    }
    int most = 0;
    for (const int count : std::as_const(counts))
        most = std::max(most, count);
    const int total = argb.width() * argb.height();
    return total == 0 ? 0.0 : 1.0 - double(most) / total;
}

int averageLightness(const QImage &image) {
    qint64 sum = 0;
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x)
            sum += image.pixelColor(x, y).lightness();
    }
    return int(sum / std::max(1, image.width() * image.height()));
}

QLineSeries *lineSeries(QChartView *view, const QString &name) {
    for (QAbstractSeries *series : view->chart()->series()) {
        if (series->name() == name)
            return qobject_cast<QLineSeries *>(series);
    }
    return nullptr;
}

struct Shown {
    EffectivenessView *view;
    QStackedWidget *pages() const {
        return view->findChild<QStackedWidget *>(u"effectivenessPages"_s);
    }
    QLabel *label(const QString &name) const { return view->findChild<QLabel *>(name); }
    QChartView *chart(const QString &name) const { return view->findChild<QChartView *>(name); }
    QTableWidget *table() const {
        return view->findChild<QTableWidget *>(u"effectivenessBreakdownTable"_s);
    }
    QPushButton *exportButton() const {
        return view->findChild<QPushButton *>(u"effectivenessExportButton"_s);
    }
};

// The figures are read on a worker thread: true once the ones asked for are on screen.
bool figuresArrive(const EffectivenessView &view) {
    return QTest::qWaitFor([&] { return !view.isLoading(); }, 20000);
}

void showAndSettle(EffectivenessView &widget) {
    widget.resize(1100, 950);
    widget.show();
    QVERIFY(QTest::qWaitForWindowExposed(&widget));
    QVERIFY(figuresArrive(widget));
    QCoreApplication::processEvents();
}

void verifyTableMatches(const Shown &shown, const QList<Stats::Group> &groups) {
    QTableWidget *table = shown.table();
    QCOMPARE(table->rowCount(), groups.size());
    QCOMPARE(table->columnCount(), 3 + int(Stats::AllRates.size()));
    QCOMPARE(table->horizontalHeaderItem(6)->text(), Stats::rateLabel(Stats::Rate::Open));
    for (int row = 0; row < groups.size(); ++row) {
        const Stats::Group &group = groups.at(row);
        QCOMPARE(table->item(row, 0)->text(), group.label);
        QCOMPARE(table->item(row, 1)->text(), QLocale().toString(group.sent));
        QCOMPARE(table->item(row, 2)->text(), QLocale().toString(group.bounced));
        for (int r = 0; r < int(Stats::AllRates.size()); ++r)
            QCOMPARE(table->item(row, 3 + r)->text(),
                     Stats::formatProportion(group.rate(Stats::AllRates[std::size_t(r)])));
    }
}

} // namespace

class TestEffectivenessView : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { QLocale::setDefault(QLocale::c()); }

    void zeroDataPointsShowsWhatToDo() {
        LocalRecords records;
        QVERIFY(records.open());
        EffectivenessView view(*records.cache);
        showAndSettle(view);
        const Shown shown{&view};
        QCOMPARE(shown.pages()->currentIndex(), 0);
        QLabel *empty = shown.label(u"effectivenessEmptyState"_s);
        QVERIFY(empty->isVisible());
        QVERIFY2(empty->text().contains(u"No sent messages yet"_s), qPrintable(empty->text()));
        QVERIFY(empty->text().contains(u"mark messages as sent"_s));
        QVERIFY(!shown.exportButton()->isEnabled());
        const QImage image = view.grab().toImage();
        QVERIFY(distinctColours(image) > 8); // the text is drawn (anti-aliased)
        QVERIFY(inkShare(image) > 0.001);

        // Saved but not sent: still empty, and it says so.
        QVERIFY(records.addMessage(u"M-1"_s, u"T-1"_s, LocalRecords::day(0)));
        view.reload();
        QVERIFY(figuresArrive(view));
        QCOMPARE(shown.pages()->currentIndex(), 0);
        QVERIFY2(empty->text().contains(u"not marked as sent yet: 1"_s), qPrintable(empty->text()));

        // The charts themselves also draw with nothing in them (axes, title), without crashing.
        QChartView *trend = shown.chart(u"effectivenessTrendChart"_s);
        trend->resize(600, 300);
        QVERIFY(distinctColours(trend->grab().toImage()) > 8);
        for (QAbstractSeries *series : trend->chart()->series()) {
            if (auto *line = qobject_cast<QLineSeries *>(series))
                QCOMPARE(line->count(), 0);
        }
    }

    void oneDataPoint() {
        LocalRecords records;
        QVERIFY(records.open());
        QVERIFY(records.addTicket(u"T-1"_s, u"C-1"_s, u"renewal"_s));
        QVERIFY(records.addMessage(u"M-1"_s, u"T-1"_s, LocalRecords::day(0), u"follow_up"_s,
                                   u"warm"_s));
        QVERIFY(
            records.record(u"T-1"_s, u"M-1"_s, Milestone::RepliedPositive, LocalRecords::day(1)));
        EffectivenessView view(*records.cache);
        showAndSettle(view);
        const Shown shown{&view};
        QCOMPARE(shown.pages()->currentIndex(), 1);
        QVERIFY(shown.exportButton()->isEnabled());

        const Stats::Summary &summary = view.summary();
        QCOMPARE(summary.weeks.size(), 1);
        QChartView *trend = shown.chart(u"effectivenessTrendChart"_s);
        QLineSeries *reply = lineSeries(trend, Stats::rateLabel(Stats::Rate::Reply));
        QVERIFY(reply);
        QCOMPARE(reply->count(), 1);
        QCOMPARE(reply->at(0).y(), 100.0);
        QVERIFY(reply->pointsVisible()); // one point is a dot, not an invisible line
        QCOMPARE(lineSeries(trend, Stats::rateLabel(Stats::Rate::Meeting))->at(0).y(), 0.0);

        const QImage trendImage = trend->grab().toImage();
        QVERIFY2(distinctColours(trendImage) > 20,
                 qPrintable(QString::number(distinctColours(trendImage))));
        QVERIFY(inkShare(trendImage) > 0.01);
        const QImage breakdownImage =
            shown.chart(u"effectivenessBreakdownChart"_s)->grab().toImage();
        QVERIFY(distinctColours(breakdownImage) > 20);

        // 1/1: 100 % (21–100 %, n = 1).
        const QString expected = Stats::formatProportion({1, 1});
        QCOMPARE(expected, u"100 % (21–100 %, n = 1)"_s);
        QVERIFY2(shown.label(u"effectivenessSummary"_s)->text().contains(expected),
                 qPrintable(shown.label(u"effectivenessSummary"_s)->text()));
        verifyTableMatches(shown, summary.byPreset);
    }

    void manyDataPoints() {
        LocalRecords records;
        QVERIFY(records.open());
        QVERIFY(records.seedHistory(260, 12));
        EffectivenessView view(*records.cache);
        showAndSettle(view);
        const Shown shown{&view};
        const Stats::Summary &summary = view.summary();
        QCOMPARE(summary, Stats::load(*records.cache).value());
        QVERIFY(summary.weeks.size() >= 10);

        // The trend: a point per week for each rate, at the service's figures.
        QChartView *trend = shown.chart(u"effectivenessTrendChart"_s);
        for (const Stats::Rate rate : Stats::AllRates) {
            QLineSeries *series = lineSeries(trend, Stats::rateLabel(rate));
            QVERIFY(series);
            QCOMPARE(series->count(), summary.weeks.size());
            for (int i = 0; i < series->count(); ++i)
                QCOMPARE(series->at(i).y(), *summary.weeks.at(i).rate(rate).value() * 100);
            // The unreliable one is drawn differently.
            QCOMPARE(series->pen().style() == Qt::DashLine, !Stats::isReliable(rate));
        }
        QVERIFY(std::any_of(trend->chart()->series().cbegin(), trend->chart()->series().cend(),
                            [](QAbstractSeries *series) {
                                return qobject_cast<QAreaSeries *>(series) != nullptr;
                            }));

        // The breakdown: the selector, the chart and the table agree with the service.
        verifyTableMatches(shown, summary.byPreset);
        auto *boxes = qobject_cast<QBoxPlotSeries *>(
            shown.chart(u"effectivenessBreakdownChart"_s)->chart()->series().constFirst());
        QVERIFY(boxes);
        QCOMPARE(boxes->count(), summary.byPreset.size());
        const Stats::Proportion first = summary.byPreset.constFirst().rate(Stats::Rate::Reply);
        QCOMPARE(boxes->boxSets().constFirst()->at(QBoxSet::Median), *first.value() * 100);
        QCOMPARE(boxes->boxSets().constFirst()->at(QBoxSet::LowerExtreme),
                 first.interval().low * 100);
        QCOMPARE(boxes->boxSets().constFirst()->at(QBoxSet::UpperExtreme),
                 first.interval().high * 100);
        view.setBreakdown(Stats::Dimension::Category);
        verifyTableMatches(shown, summary.byCategory);
        auto *selector = view.findChild<QComboBox *>(u"effectivenessBreakdownSelector"_s);
        selector->setCurrentIndex(selector->findData(int(Stats::Dimension::Tone)));
        QCOMPARE(view.breakdown(), Stats::Dimension::Tone);
        verifyTableMatches(shown, summary.byTone);
        auto *rates = view.findChild<QComboBox *>(u"effectivenessRateSelector"_s);
        rates->setCurrentIndex(rates->findData(int(Stats::Rate::Meeting)));
        QVERIFY(shown.chart(u"effectivenessBreakdownChart"_s)
                    ->chart()
                    ->title()
                    .startsWith(Stats::rateLabel(Stats::Rate::Meeting)));
        view.setBreakdown(Stats::Dimension::Preset);
        rates->setCurrentIndex(rates->findData(int(Stats::Rate::Reply)));
        QCoreApplication::processEvents();

        const QImage trendImage = trend->grab().toImage();
        QVERIFY(distinctColours(trendImage) > 50);
        QVERIFY(inkShare(trendImage) > 0.02);
        const QImage whole = view.grab().toImage();
        QVERIFY(distinctColours(whole) > 100);
        if (const QString dir = qEnvironmentVariable("OUTREACH_SCREENSHOT_DIR"); !dir.isEmpty())
            QVERIFY(whole.save(QDir(dir).filePath(u"effectiveness.png"_s)));

        // A new outcome shows after a reload.
        const int replies = summary.overall.replies;
        QVERIFY(records.addMessage(u"M-new"_s, u"T-1"_s, LocalRecords::day(80)));
        QVERIFY(
            records.record(u"T-1"_s, u"M-new"_s, Milestone::RepliedNeutral, LocalRecords::day(81)));
        view.reload();
        QVERIFY(figuresArrive(view));
        QCOMPARE(view.summary().overall.replies, replies + 1);
    }

    void chartsFollowADarkPalette() {
        LocalRecords records;
        QVERIFY(records.open());
        QVERIFY(records.seedHistory(40, 4));
        EffectivenessView view(*records.cache);
        showAndSettle(view);
        const Shown shown{&view};
        QChartView *trend = shown.chart(u"effectivenessTrendChart"_s);
        const QColor lightBase = view.palette().color(QPalette::Base);
        QCOMPARE(trend->chart()->backgroundBrush().color(), lightBase);
        QCOMPARE(trend->chart()->theme(), QChart::ChartThemeLight);
        QVERIFY(averageLightness(trend->grab().toImage()) > 170);

        QPalette dark;
        dark.setColor(QPalette::Window, QColor(0x20, 0x22, 0x25));
        dark.setColor(QPalette::Base, QColor(0x18, 0x19, 0x1b));
        dark.setColor(QPalette::Text, QColor(0xe8, 0xe8, 0xe8));
        dark.setColor(QPalette::WindowText, QColor(0xe8, 0xe8, 0xe8));
        dark.setColor(QPalette::Mid, QColor(0x50, 0x50, 0x50));
        view.setPalette(dark);
        QCoreApplication::processEvents();
        QCOMPARE(trend->chart()->theme(), QChart::ChartThemeDark);
        QCOMPARE(trend->chart()->backgroundBrush().color(), QColor(0x18, 0x19, 0x1b));
        QCOMPARE(shown.chart(u"effectivenessBreakdownChart"_s)->chart()->theme(),
                 QChart::ChartThemeDark);
        // The unreliable open rate is muted, yet readable on the dark background.
        const QColor open = shown.table()->item(0, 6)->foreground().color();
        QVERIFY(open.lightness() > 110);
        QVERIFY(open.lightness() < QColor(0xe8, 0xe8, 0xe8).lightness());
        // Mostly dark, and still drawn.
        const QImage image = trend->grab().toImage();
        QVERIFY(averageLightness(image) < 80);
        QVERIFY(distinctColours(image) > 20);
    }

    void requestsDuringAReadFoldIntoOneAndTheOlderFiguresAreDropped() {
        LocalRecords records;
        QVERIFY(records.open());
        QVERIFY(records.seedHistory(200, 8));
        EffectivenessView view(*records.cache);
        QSignalSpy shownFigures(&view, &EffectivenessView::figuresShown);
        QCOMPARE(view.feed().readsStarted(), 1);
        QVERIFY(view.isLoading());
        // Before the first read can finish (its result comes through this thread's event
        // loop): a new outcome, and the view asked three times.
        QVERIFY(records.addMessage(u"M-late"_s, u"T-1"_s, LocalRecords::day(60)));
        QVERIFY(records.record(u"T-1"_s, u"M-late"_s, Milestone::RepliedPositive,
                               LocalRecords::day(61)));
        view.reload();
        view.reload();
        view.reload();
        QCOMPARE(view.feed().readsStarted(), 1);
        QVERIFY(figuresArrive(view));
        // One more read, and only its figures shown: the first read's may miss the outcome.
        QCOMPARE(view.feed().readsStarted(), 2);
        QCOMPARE(shownFigures.count(), 1);
        QCOMPARE(view.summary(), Stats::load(*records.cache).value());
        QVERIFY(view.summary().byPreset.size() >= 3);
    }

    void aHiddenViewReadsOnceItIsShown() {
        LocalRecords records;
        QVERIFY(records.open());
        QVERIFY(records.seedHistory(60, 4));
        EffectivenessView view(*records.cache);
        QVERIFY(figuresArrive(view));
        QCOMPARE(view.feed().readsStarted(), 1);
        const int replies = view.summary().overall.replies;
        QVERIFY(records.addMessage(u"M-late"_s, u"T-2"_s, LocalRecords::day(30)));
        QVERIFY(records.record(u"T-2"_s, u"M-late"_s, Milestone::RepliedNeutral,
                               LocalRecords::day(31)));
        view.reload();
        view.reload();
        QCOMPARE(view.feed().readsStarted(), 1); // nobody sees it: nothing read
        QVERIFY(view.isLoading());
        showAndSettle(view);
        QCOMPARE(view.feed().readsStarted(), 2);
        QCOMPARE(view.summary().overall.replies, replies + 1);
        QCOMPARE(view.summary(), Stats::load(*records.cache).value());
    }

    void exportWritesTheServicesCsv() {
        LocalRecords records;
        QVERIFY(records.open());
        QVERIFY(records.seedHistory(30, 3));
        EffectivenessView view(*records.cache);
        QVERIFY(figuresArrive(view));
        QCOMPARE(view.summary(), Stats::load(*records.cache).value());
        QTemporaryDir dir;
        const QString path = dir.filePath(u"out.csv"_s);
        QVERIFY(view.exportCsv(path).ok());
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(QString::fromUtf8(file.readAll()), Stats::toCsv(view.summary()));
    }
};

QTEST_MAIN(TestEffectivenessView)
#include "tst_effectivenessview.moc"
