// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/main/TicketListPane.h"

#include "storage/CacheStore.h"
#include "ui/itemmodels/TicketFilter.h"
#include "ui/main/TicketTableDelegate.h"
#include "ui/widgets/ThemeColors.h"

#include <QComboBox>
#include <QEvent>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>
#include <QtConcurrent>

#ifdef __GLIBC__
#include <malloc.h>
#endif

using namespace Qt::StringLiterals;

TicketListPane::TicketListPane(CacheStore &cache, QWidget *parent)
    : QWidget(parent)
    , m_cache(cache) {
    m_model = new TicketTableModel(this);

    m_search = new QLineEdit;
    m_search->setObjectName(u"ticketSearch"_s);
    m_search->setPlaceholderText(tr("Search title, description, prospect, company or ID"));
    m_search->setAccessibleName(tr("Search tickets"));
    m_search->setClearButtonEnabled(true);
    connect(m_search, &QLineEdit::textChanged, this, &TicketListPane::applyFilter);

    m_statusFilter = new QComboBox;
    m_statusFilter->setObjectName(u"statusFilter"_s);
    m_statusFilter->setAccessibleName(tr("Status filter"));
    m_statusFilter->addItem(tr("Any status"), TicketFilter::allStatuses);
    m_statusFilter->addItem(tr("Open or pending"),
                            TicketFilter::bit(Ticket::Status::Open)
                                | TicketFilter::bit(Ticket::Status::Pending));
    for (const auto status : {Ticket::Status::Open, Ticket::Status::Pending, Ticket::Status::Won,
                              Ticket::Status::Lost, Ticket::Status::Closed})
        m_statusFilter->addItem(Ticket::statusLabel(status), TicketFilter::bit(status));
    connect(m_statusFilter, &QComboBox::currentIndexChanged, this, &TicketListPane::applyFilter);

    m_priorityFilter = new QComboBox;
    m_priorityFilter->setObjectName(u"priorityFilter"_s);
    m_priorityFilter->setAccessibleName(tr("Priority filter"));
    m_priorityFilter->addItem(tr("Any priority"), TicketFilter::allPriorities);
    m_priorityFilter->addItem(tr("High or urgent"),
                              TicketFilter::bit(Ticket::Priority::High)
                                  | TicketFilter::bit(Ticket::Priority::Urgent));
    for (const auto priority : {Ticket::Priority::Urgent, Ticket::Priority::High,
                                Ticket::Priority::Normal, Ticket::Priority::Low})
        m_priorityFilter->addItem(Ticket::priorityLabel(priority), TicketFilter::bit(priority));
    connect(m_priorityFilter, &QComboBox::currentIndexChanged, this, &TicketListPane::applyFilter);

    connect(m_model, &TicketTableModel::countsChanged, this, &TicketListPane::updateCounts);

    auto *filterBar = new QHBoxLayout;
    filterBar->addWidget(m_search, 1);
    filterBar->addWidget(m_statusFilter);
    filterBar->addWidget(m_priorityFilter);

    m_table = new QTableView;
    m_table->setObjectName(u"ticketTable"_s);
    m_table->setAccessibleName(tr("Tickets"));
    m_table->setModel(m_model);
    m_table->setItemDelegate(new TicketTableDelegate(m_table));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    // Several at once for a batch; a plain click still selects just the ticket it makes current.
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->setShowGrid(false);
    m_table->setTabKeyNavigation(false);
    m_table->verticalHeader()->hide();
    // Fixed row heights keep layout O(1) per row, which matters with 100,000 tickets.
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
    QHeaderView *header = m_table->horizontalHeader();
    header->setSectionsMovable(true);
    header->setHighlightSections(false);
    header->setStretchLastSection(false);
    // Set the indicator before enabling sorting, which sorts by whatever the indicator says.
    header->setSortIndicator(m_model->sortColumn(), m_model->sortOrder());
    m_table->setSortingEnabled(true);
    const int charWidth = fontMetrics().averageCharWidth();
    const std::pair<int, int> widths[] = {
        {TicketTableModel::IdColumn, 9},        {TicketTableModel::TitleColumn, 44},
        {TicketTableModel::StatusColumn, 10},   {TicketTableModel::PriorityColumn, 10},
        {TicketTableModel::CategoryColumn, 16}, {TicketTableModel::ProspectColumn, 20},
        {TicketTableModel::CompanyColumn, 24},  {TicketTableModel::AssigneeColumn, 16},
        {TicketTableModel::UpdatedColumn, 18},
    };
    for (const auto &[column, chars] : widths)
        header->resizeSection(column, chars * charWidth);
    m_table->viewport()->installEventFilter(this);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this] { emit currentRowChanged(selectedTicketId()); });

    m_noticeText = new QLabel;
    m_noticeText->setObjectName(u"noticeText"_s);
    m_noticeText->setWordWrap(true);
    m_noticeText->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *dismiss = new QToolButton;
    dismiss->setText(tr("Dismiss"));
    dismiss->setAutoRaise(true);
    m_noticeBar = new QWidget;
    m_noticeBar->setObjectName(u"noticeBar"_s);
    m_noticeBar->setAutoFillBackground(true);
    applyNoticePalette();
    auto *noticeLayout = new QHBoxLayout(m_noticeBar);
    noticeLayout->addWidget(m_noticeText, 1);
    noticeLayout->addWidget(dismiss);
    m_noticeBar->hide();
    connect(dismiss, &QToolButton::clicked, m_noticeBar, &QWidget::hide);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 0, 0);
    layout->addWidget(m_noticeBar);
    layout->addLayout(filterBar);
    layout->addWidget(m_table, 1);

    setTabOrder(m_search, m_statusFilter);
    setTabOrder(m_statusFilter, m_priorityFilter);
    setTabOrder(m_priorityFilter, m_table);
}

TicketListPane::~TicketListPane() = default;

namespace {

struct LoadedTickets {
    std::shared_ptr<const TicketTableModel::Snapshot> snapshot;
    QString error;
};

// Runs on a worker thread, so it opens its own connection: Qt Sql connections are per thread.
LoadedTickets readAllTickets(const QString &databasePath) {
    auto cache = CacheStore::open(databasePath);
    if (!cache.ok())
        return {nullptr, cache.error().message()};
    const CacheStore &store = *cache.value();
    auto built = TicketTableModel::build(
        [&store](const auto &sink) { return store.forEachTicketRow(sink); });
    if (!built.ok())
        return {nullptr, built.error().message()};
    return {std::move(built).value(), {}};
}

} // namespace

void TicketListPane::reloadTickets() {
    const QString selected = selectedTicketId();
    const int generation = ++m_loadGeneration;
    // Reading 100k tickets takes most of a second: paint the newest ones first.
    const Result<void> firstPage = m_model->load(
        [this](const auto &sink) { return m_cache.forEachTicketRow(sink, FirstPageSize); });
    if (!firstPage.ok()) {
        showNotice(tr("The ticket list could not be read from the local cache: %1")
                       .arg(firstPage.error().message()));
        return;
    }
    if (!selected.isEmpty() && !selectTicket(selected))
        m_pendingSelection = selected;
    if (m_model->totalCount() < FirstPageSize) {
        m_pendingSelection.clear();
        setLoading(false);
        emit ticketsLoaded();
        return;
    }

    setLoading(true);
    auto *watcher = new QFutureWatcher<LoadedTickets>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, generation] {
        watcher->deleteLater();
        if (generation != m_loadGeneration)
            return; // a newer reload is under way
        const LoadedTickets loaded = watcher->result();
        adoptFullList(loaded.snapshot, loaded.error);
    });
    watcher->setFuture(QtConcurrent::run(readAllTickets, m_cache.path()));
}

void TicketListPane::adoptFullList(
    const std::shared_ptr<const TicketTableModel::Snapshot> &snapshot, const QString &error) {
    setLoading(false);
    if (!snapshot) {
        showNotice(tr("Only the %n newest ticket(s) could be read from the local cache: %1",
                      nullptr, m_model->totalCount())
                       .arg(error));
        return;
    }
    // The rep may have picked a ticket while the rest loaded; otherwise reopen the one the
    // window was closed on, which may not have been among the newest.
    QString selected = selectedTicketId();
    if (!m_pendingSelection.isEmpty() && selected == m_provisionalSelection)
        selected = m_pendingSelection;
    m_pendingSelection.clear();
    m_model->adopt(snapshot);
#ifdef __GLIBC__
    // The worker's arena still holds the load's scratch memory (query buffers, growing vectors);
    // give it back so the idle app stays small.
    malloc_trim(0);
#endif
    if (!selected.isEmpty())
        selectTicket(selected);
    emit ticketsLoaded();
}

void TicketListPane::setLoading(bool loading) {
    m_loading = loading;
    if (loading)
        emit summaryChanged(tr("Loading tickets…"));
    else
        updateCounts(m_model->rowCount(), m_model->totalCount());
}

void TicketListPane::updateCounts(int visible, int total) {
    if (m_loading)
        return;
    emit summaryChanged(visible == total ? tr("%n ticket(s)", nullptr, total)
                                         : tr("%1 of %n ticket(s)", nullptr, total).arg(visible));
}

void TicketListPane::showNotice(const QString &text) {
    m_noticeText->setText(text);
    m_noticeBar->show();
}

QString TicketListPane::selectedTicketId() const {
    const QModelIndex current = m_table->selectionModel()->currentIndex();
    return current.isValid() ? m_model->ticketId(current.row()) : QString();
}

bool TicketListPane::selectTicket(const QString &ticketId) {
    const int row = m_model->rowOfTicket(ticketId);
    if (row < 0)
        return false;
    const QModelIndex index = m_model->index(row, TicketTableModel::TitleColumn);
    m_table->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect
                                                          | QItemSelectionModel::Rows);
    m_table->scrollTo(index);
    return true;
}

QStringList TicketListPane::selectedTicketIds() const {
    QList<int> rows;
    for (const QModelIndex &index : m_table->selectionModel()->selectedRows())
        rows.append(index.row());
    std::sort(rows.begin(), rows.end());
    QStringList ids;
    for (const int row : rows)
        ids.append(m_model->ticketId(row));
    if (ids.isEmpty() && !selectedTicketId().isEmpty())
        ids.append(selectedTicketId());
    return ids;
}

QStringList TicketListPane::shownTicketIds() const {
    QStringList ids;
    const int rows = m_model->rowCount();
    ids.reserve(rows);
    for (int row = 0; row < rows; ++row)
        ids.append(m_model->ticketId(row));
    return ids;
}

QString TicketListPane::filterDescription() const {
    QStringList parts;
    if (const QString text = m_search->text().trimmed(); !text.isEmpty())
        parts.append(text);
    if (m_statusFilter->currentIndex() > 0)
        parts.append(m_statusFilter->currentText());
    if (m_priorityFilter->currentIndex() > 0)
        parts.append(m_priorityFilter->currentText());
    return parts.join(u", "_s);
}

void TicketListPane::addContextActions(const QList<QAction *> &actions) {
    m_table->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_table->addActions(actions);
}

void TicketListPane::reopenTicket(const QString &ticketId) {
    if ((ticketId.isEmpty() || !selectTicket(ticketId)) && m_model->rowCount() > 0) {
        if (m_loading && !ticketId.isEmpty())
            m_pendingSelection = ticketId;
        m_provisionalSelection = m_model->ticketId(0);
        selectTicket(m_provisionalSelection);
    }
}

void TicketListPane::applyFilter() {
    TicketFilter filter;
    filter.setText(m_search->text());
    filter.setStatuses(m_statusFilter->currentData().toUInt());
    filter.setPriorities(m_priorityFilter->currentData().toUInt());
    m_model->setFilter(filter);
    emit filterChanged();
}

void TicketListPane::resetFilters() {
    m_search->clear();
    m_statusFilter->setCurrentIndex(0);
    m_priorityFilter->setCurrentIndex(0);
}

void TicketListPane::focusSearch() {
    m_search->setFocus(Qt::ShortcutFocusReason);
    m_search->selectAll();
}

void TicketListPane::focusTable() {
    m_table->setFocus(Qt::ShortcutFocusReason);
}

QByteArray TicketListPane::headerState() const {
    return m_table->horizontalHeader()->saveState();
}

void TicketListPane::restoreHeaderState(const QByteArray &state) {
    QHeaderView *header = m_table->horizontalHeader();
    if (header->restoreState(state))
        m_table->sortByColumn(header->sortIndicatorSection(), header->sortIndicatorOrder());
}

void TicketListPane::applyNoticePalette() {
    m_noticeBar->setPalette(ThemeColors::bannerPalette(palette(), ThemeColors::Tone::Caution));
}

void TicketListPane::changeEvent(QEvent *event) {
    // Light and dark follow the system, also when it switches while the app runs.
    if (event->type() == QEvent::PaletteChange && m_noticeBar)
        applyNoticePalette();
    QWidget::changeEvent(event);
}

bool TicketListPane::eventFilter(QObject *watched, QEvent *event) {
    if (!m_listShown && watched == m_table->viewport() && event->type() == QEvent::Paint) {
        m_listShown = true;
        // Emitted after this paint has been handled, so "shown" means on screen.
        QMetaObject::invokeMethod(this, &TicketListPane::ticketListShown, Qt::QueuedConnection);
    }
    return QWidget::eventFilter(watched, event);
}
