// SPDX-License-Identifier: GPL-3.0-or-later
// Longer than the other files on purpose: the snapshot, its cached sort orders and the incremental
// filter all work on the same packed row arrays and folded keys, laid out for 100,000 tickets
// (tests/bench/bench_ticketlist). Apart, they would reach those arrays through accessors in the
// hot loops; together, one file shows how a row is stored, sorted and matched.
#include "ui/itemmodels/TicketTableModel.h"

#include "domain/TextFolding.h"
#include "domain/Ticket.h"

#include <QDateTime>
#include <QLocale>

#include <algorithm>
#include <functional>
#include <numeric>
#include <string_view>

using namespace Qt::StringLiterals;

namespace {

// Ticket ids are opaque, but reps read "T-999" before "T-1000". This byte string compares
// naturally with a plain comparison: case folded, and each run of digits (leading zeros dropped)
// preceded by a byte that encodes its length, so longer numbers sort after shorter ones.
// `Id` is a QStringView, or a QLatin1StringView over an id that is all ASCII, which the model
// keeps as UTF-8 and can then read without decoding it.
template <typename Id>
std::string naturalKey(Id id) {
    std::string key;
    key.reserve(static_cast<std::size_t>(id.size()) + 4);
    auto at = [&id](qsizetype i) { return QChar(id[i]); };
    qsizetype i = 0;
    while (i < id.size()) {
        if (at(i).isDigit()) {
            while (i < id.size() && at(i) == u'0')
                ++i;
            qsizetype end = i;
            while (end < id.size() && at(end).isDigit())
                ++end;
            key.push_back(static_cast<char>('0' + std::min<qsizetype>(end - i, 40)));
            for (; i < end; ++i)
                key.push_back(static_cast<char>(at(i).unicode()));
            continue;
        }
        const char16_t c = at(i).unicode();
        if (c < 0x80) {
            key.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c));
        } else {
            const QByteArray folded = QString(at(i).toCaseFolded()).toUtf8();
            key.append(folded.constData(), static_cast<std::size_t>(folded.size()));
        }
        ++i;
    }
    return key;
}

std::string naturalKeyOfUtf8(QByteArrayView id) {
    const bool ascii = std::all_of(id.begin(), id.end(),
                                   [](char c) { return static_cast<unsigned char>(c) < 0x80; });
    if (ascii)
        return naturalKey(QLatin1StringView(id.data(), id.size()));
    const QString decoded = QString::fromUtf8(id);
    return naturalKey(QStringView(decoded));
}

// The first 16 bytes of a key as two numbers that compare like the bytes do.
std::pair<quint64, quint64> bigEndianPrefix(const char *bytes, quint32 length) {
    auto word = [&](quint32 from) {
        quint64 value = 0;
        for (quint32 i = from; i < from + 8; ++i)
            value = (value << 8) | (i < length ? static_cast<unsigned char>(bytes[i]) : 0u);
        return value;
    };
    return {word(0), word(8)};
}

// Finds one folded search term in a key: Boyer-Moore-Horspool skips ahead by up to the term's
// length, which beats a first-byte scan once the term has a few letters.
class TermSearcher {
public:
    explicit TermSearcher(const QByteArray &term)
        : m_term(term.constData(), static_cast<std::size_t>(term.size()))
        , m_searcher(m_term.begin(), m_term.end()) {}

    bool in(std::string_view key) const { return find(key, 0) != std::string_view::npos; }

    // The first occurrence at or after `from`, or npos.
    std::size_t find(std::string_view key, std::size_t from) const {
        if (m_term.size() < 4)
            return key.find(m_term, from);
        const auto found =
            std::search(key.begin() + static_cast<std::ptrdiff_t>(from), key.end(), m_searcher);
        return found == key.end() ? std::string_view::npos
                                  : static_cast<std::size_t>(found - key.begin());
    }

private:
    std::string_view m_term;
    std::boyer_moore_horspool_searcher<std::string_view::const_iterator> m_searcher;
};

std::vector<quint32> ranksOf(const std::vector<QByteArray> &keys) {
    std::vector<quint32> order(keys.size());
    std::iota(order.begin(), order.end(), 0u);
    std::stable_sort(order.begin(), order.end(),
                     [&](quint32 a, quint32 b) { return keys[a] < keys[b]; });
    // Equal keys share a rank (two prospects at the same company, "Upsell" and "upsell"), so that
    // the sort treats them as ties and lists the most recently updated ticket first.
    std::vector<quint32> rank(keys.size());
    quint32 current = 0;
    for (std::size_t position = 0; position < order.size(); ++position) {
        if (position > 0 && keys[order[position - 1]] != keys[order[position]])
            current = static_cast<quint32>(position);
        rank[order[position]] = current;
    }
    return rank;
}

} // namespace

quint32 TicketTableModel::Dictionary::intern(const QString &value, QHash<QString, quint32> &index) {
    const auto it = index.constFind(value);
    if (it != index.constEnd())
        return it.value();
    const auto id = static_cast<quint32>(values.size());
    values.append(value);
    index.insert(value, id);
    return id;
}

void TicketTableModel::Dictionary::computeRanks() {
    std::vector<QByteArray> keys;
    keys.reserve(values.size());
    for (const QString &value : std::as_const(values))
        keys.push_back(TextFolding::fold(value));
    rank = ranksOf(keys);
}

QString TicketTableModel::Snapshot::id(const Row &row) const {
    return QString::fromUtf8(idBytes(row));
}

QString TicketTableModel::Snapshot::title(const Row &row) const {
    return QString::fromUtf8(texts.constData() + row.textOffset + row.idSize, row.titleSize);
}

QByteArrayView TicketTableModel::Snapshot::idBytes(const Row &row) const {
    return QByteArrayView(texts.constData() + row.textOffset, row.idSize);
}

TicketTableModel::TicketTableModel(QObject *parent)
    : QAbstractTableModel(parent)
    , m_data(std::make_shared<const Snapshot>()) {}

Result<std::shared_ptr<const TicketTableModel::Snapshot>>
TicketTableModel::build(const RowSource &source) {
    std::vector<Row> rows;
    QByteArray texts;
    QByteArray keys;
    std::vector<Prospect> prospects;
    Dictionary categories;
    Dictionary assignees;
    QHash<QString, quint32> prospectIndex;
    QHash<QString, quint32> categoryIndex;
    QHash<QString, quint32> assigneeIndex;

    const Result<void> result = source([&](TicketRow &&ticket) {
        Row row;
        const QByteArray id = ticket.id.toUtf8();
        const QByteArray title = ticket.title.toUtf8();
        row.textOffset = static_cast<quint32>(texts.size());
        row.idSize = static_cast<quint32>(id.size());
        row.titleSize = static_cast<quint32>(title.size());
        texts.append(id).append(title);
        row.updatedAtMs = ticket.updatedAtMs;
        row.status = static_cast<quint8>(
            Ticket::statusFromName(ticket.status).value_or(Ticket::Status::Open));
        row.priority = static_cast<quint8>(
            Ticket::priorityFromName(ticket.priority).value_or(Ticket::Priority::Normal));
        row.category = categories.intern(ticket.category, categoryIndex);
        row.assignee = assignees.intern(ticket.assignee, assigneeIndex);

        auto prospect = prospectIndex.constFind(ticket.prospectId);
        if (prospect == prospectIndex.constEnd()) {
            prospect =
                prospectIndex.insert(ticket.prospectId, static_cast<quint32>(prospects.size()));
            prospects.push_back({std::move(ticket.prospectId), std::move(ticket.prospectName),
                                 std::move(ticket.company), std::move(ticket.prospectKey)});
        }
        row.prospect = prospect.value();

        // The search key starts with the folded title, so one copy serves search and title sort.
        row.keyOffset = static_cast<quint32>(keys.size());
        if (!ticket.searchKey.startsWith(ticket.titleKey))
            keys.append(ticket.titleKey).append(' ');
        row.titleLength = static_cast<quint32>(ticket.titleKey.size());
        keys.append(ticket.searchKey);
        // The id goes in too, after a separator no search term contains, so one byte search
        // per term covers title, description and id.
        keys.append('\x1f').append(TextFolding::fold(ticket.id));
        row.keyLength = static_cast<quint32>(keys.size()) - row.keyOffset;
        rows.push_back(std::move(row));
    });
    if (!result.ok())
        return result.error();

    auto snapshot = std::make_shared<Snapshot>();
    rows.shrink_to_fit();
    texts.squeeze();
    keys.squeeze();
    snapshot->rows = std::move(rows);
    snapshot->texts = std::move(texts);
    snapshot->keys = std::move(keys);
    snapshot->prospects = std::move(prospects);
    snapshot->categories = std::move(categories);
    snapshot->assignees = std::move(assignees);
    snapshot->categories.computeRanks();
    snapshot->assignees.computeRanks();

    std::vector<QByteArray> names;
    std::vector<QByteArray> companies;
    names.reserve(snapshot->prospects.size());
    companies.reserve(snapshot->prospects.size());
    for (const Prospect &prospect : snapshot->prospects) {
        names.push_back(TextFolding::fold(prospect.name));
        companies.push_back(TextFolding::fold(prospect.company));
    }
    snapshot->prospectNameRank = ranksOf(names);
    snapshot->companyRank = ranksOf(companies);
    return std::shared_ptr<const Snapshot>(std::move(snapshot));
}

Result<void> TicketTableModel::load(const RowSource &source) {
    auto snapshot = build(source);
    if (!snapshot.ok())
        return snapshot.error();
    adopt(std::move(snapshot).value());
    return {};
}

void TicketTableModel::adopt(std::shared_ptr<const Snapshot> snapshot) {
    beginResetModel();
    m_data = snapshot ? std::move(snapshot) : std::make_shared<const Snapshot>();
    for (auto &perColumn : m_orders) {
        for (Order &order : perColumn)
            Order().swap(order);
    }
    m_recentFilters.clear();
    m_hintTerm.clear();
    m_visible = filtered(sortedOrder(m_sortColumn, m_sortOrder), true);
    endResetModel();
    emit countsChanged(rowCount(), totalCount());
}

const TicketTableModel::Order &TicketTableModel::sortedOrder(int column, Qt::SortOrder order) {
    Order &cached = m_orders[column][order == Qt::DescendingOrder ? 1 : 0];
    if (cached.size() == m_data->rows.size())
        return cached;

    cached.resize(m_data->rows.size());
    std::iota(cached.begin(), cached.end(), 0u);
    const bool descending = order == Qt::DescendingOrder;
    // Ties (same status, same company…) list the most recently updated ticket first whichever
    // direction the column is sorted in, then fall back to load order so the result is total.
    auto sortBy = [&](auto primary) {
        std::sort(cached.begin(), cached.end(), [&](quint32 a, quint32 b) {
            if (const int c = primary(m_data->rows[a], m_data->rows[b]); c != 0)
                return descending ? c > 0 : c < 0;
            if (m_data->rows[a].updatedAtMs != m_data->rows[b].updatedAtMs)
                return m_data->rows[a].updatedAtMs > m_data->rows[b].updatedAtMs;
            return a < b;
        });
    };
    auto compareRank = [](quint32 a, quint32 b) { return a < b ? -1 : (a > b ? 1 : 0); };

    switch (column) {
    case IdColumn: {
        // Keys computed once per sort make each comparison a plain byte comparison.
        std::vector<std::string> idKeys;
        idKeys.reserve(m_data->rows.size());
        for (const Row &row : m_data->rows)
            idKeys.push_back(naturalKeyOfUtf8(m_data->idBytes(row)));
        const Row *base = m_data->rows.data();
        sortBy([&idKeys, base](const Row &a, const Row &b) {
            return idKeys[&a - base].compare(idKeys[&b - base]);
        });
        break;
    }
    case TitleColumn:
        sortByTitle(cached, descending);
        break;
    case StatusColumn:
        sortBy([&](const Row &a, const Row &b) { return compareRank(a.status, b.status); });
        break;
    case PriorityColumn:
        sortBy([&](const Row &a, const Row &b) { return compareRank(a.priority, b.priority); });
        break;
    case CategoryColumn:
        sortBy([&](const Row &a, const Row &b) {
            return compareRank(m_data->categories.rank[a.category],
                               m_data->categories.rank[b.category]);
        });
        break;
    case ProspectColumn:
        sortBy([&](const Row &a, const Row &b) {
            return compareRank(m_data->prospectNameRank[a.prospect],
                               m_data->prospectNameRank[b.prospect]);
        });
        break;
    case CompanyColumn:
        sortBy([&](const Row &a, const Row &b) {
            return compareRank(m_data->companyRank[a.prospect], m_data->companyRank[b.prospect]);
        });
        break;
    case AssigneeColumn:
        sortBy([&](const Row &a, const Row &b) {
            return compareRank(m_data->assignees.rank[a.assignee],
                               m_data->assignees.rank[b.assignee]);
        });
        break;
    case UpdatedColumn:
    default:
        sortBy([](const Row &a, const Row &b) {
            return a.updatedAtMs < b.updatedAtMs ? -1 : (a.updatedAtMs > b.updatedAtMs ? 1 : 0);
        });
        break;
    }
    return cached;
}

void TicketTableModel::sortByTitle(Order &order, bool descending) const {
    // Most-significant-chunk-first: sort by 16 bytes of the folded title held in registers, then
    // refine only the runs that tie. Comparing whole titles instead jumps around the key buffer
    // and misses the CPU cache on nearly every comparison.
    const char *keys = m_data->keys.constData();
    std::vector<std::pair<quint64, quint64>> chunk(m_data->rows.size());
    auto tieLess = [this](quint32 a, quint32 b) {
        if (m_data->rows[a].updatedAtMs != m_data->rows[b].updatedAtMs)
            return m_data->rows[a].updatedAtMs > m_data->rows[b].updatedAtMs;
        return a < b;
    };
    std::function<void(Order::iterator, Order::iterator, quint32)> refine =
        [&](Order::iterator first, Order::iterator last, quint32 offset) {
            bool longer = false;
            for (auto it = first; it != last; ++it) {
                const Row &row = m_data->rows[*it];
                chunk[*it] =
                    offset < row.titleLength
                        ? bigEndianPrefix(keys + row.keyOffset + offset, row.titleLength - offset)
                        : std::pair<quint64, quint64>{0, 0};
                longer = longer || row.titleLength > offset + 16;
            }
            std::sort(first, last, [&](quint32 a, quint32 b) {
                if (chunk[a] != chunk[b])
                    return descending ? chunk[b] < chunk[a] : chunk[a] < chunk[b];
                return false;
            });
            for (auto run = first; run != last;) {
                auto end = std::find_if(run + 1, last,
                                        [&](quint32 row) { return chunk[row] != chunk[*run]; });
                if (end - run > 1) {
                    if (longer)
                        refine(run, end, offset + 16);
                    else
                        std::sort(run, end, tieLess);
                }
                run = end;
            }
        };
    refine(order.begin(), order.end(), 0);
}

TicketTableModel::Order TicketTableModel::filtered(const Order &candidates, bool all) {
    if (m_filter.isEmpty()) {
        m_hintTerm.clear();
        return candidates;
    }

    const QByteArrayList &terms = m_filter.terms();
    std::vector<TermSearcher> searchers;
    searchers.reserve(static_cast<std::size_t>(terms.size()));
    for (const QByteArray &term : terms)
        searchers.emplace_back(term);

    // Prospects are few next to tickets: decide once per term which of them match.
    std::vector<std::vector<bool>> prospectHits;
    for (const QByteArray &term : terms) {
        std::vector<bool> hits(m_data->prospects.size());
        for (std::size_t p = 0; p < m_data->prospects.size(); ++p)
            hits[p] = m_data->prospects[p].key.contains(term);
        prospectHits.push_back(std::move(hits));
    }

    const char *keys = m_data->keys.constData();
    const quint32 statuses = m_filter.statuses();
    const quint32 priorities = m_filter.priorities();
    // Typing a word narrows one term letter by letter. Where the longer term occurs, the shorter
    // one does too, so the search can start where the shorter one was first found, and rows that
    // matched it only through their prospect need no key search at all.
    const bool oneTerm = terms.size() == 1;
    const bool useHints = oneTerm && !all && !m_hintTerm.isEmpty()
                          && terms.constFirst().startsWith(m_hintTerm)
                          && m_matchHints.size() == m_data->rows.size();
    std::vector<quint32> hints;
    if (oneTerm)
        hints.assign(m_data->rows.size(), NoMatch);
    auto matches = [&](std::size_t index) {
        const Row &row = m_data->rows[index];
        if (!(statuses & (1u << row.status)) || !(priorities & (1u << row.priority)))
            return false;
        const std::string_view key(keys + row.keyOffset, row.keyLength);
        if (oneTerm) {
            const quint32 from = useHints ? m_matchHints[index] : 0;
            if (from != NoMatch) {
                const std::size_t at = searchers.front().find(key, from);
                if (at != std::string_view::npos) {
                    hints[index] = static_cast<quint32>(at);
                    return true;
                }
            }
            return bool(prospectHits.front()[row.prospect]);
        }
        for (std::size_t i = 0; i < searchers.size(); ++i) {
            if (!prospectHits[i][row.prospect] && !searchers[i].in(key))
                return false;
        }
        return true;
    };

    // Test rows in storage order, which reads the key buffer front to back: visiting them in
    // display order instead misses the CPU cache on every row and costs several times more.
    std::vector<char> hit(m_data->rows.size(), all ? 1 : 0);
    if (!all) {
        for (const quint32 row : candidates)
            hit[row] = 1;
    }
    for (std::size_t row = 0; row < m_data->rows.size(); ++row) {
        if (hit[row])
            hit[row] = matches(row);
    }
    m_matchHints = std::move(hints);
    m_hintTerm = oneTerm ? terms.constFirst() : QByteArray();
    Order result;
    result.reserve(all ? candidates.size() / 4 : candidates.size());
    for (const quint32 row : candidates) {
        if (hit[row])
            result.push_back(row);
    }
    return result;
}

void TicketTableModel::rememberFilterResult(const Order &rows) {
    // A handful of recent results (at most 16 × 400 KB with 100k tickets) covers a typed word.
    constexpr std::size_t Kept = 16;
    if (m_recentFilters.size() == Kept)
        m_recentFilters.erase(m_recentFilters.begin());
    m_recentFilters.emplace_back(m_filter, rows);
}

void TicketTableModel::setFilter(const TicketFilter &filter) {
    if (filter == m_filter) {
        m_filter = filter;
        return;
    }
    const bool narrowing = m_filter.isRefinedBy(filter);
    m_filter = filter;
    // Backspacing returns to a filter seen a moment ago: reuse its rows instead of rescanning.
    for (const auto &[seen, rows] : m_recentFilters) {
        if (seen == filter) {
            m_hintTerm.clear(); // the hints describe the filter that was just left
            applyVisible(Order(rows), QAbstractItemModel::NoLayoutChangeHint);
            return;
        }
    }
    Order next = narrowing && m_visible.size() < m_data->rows.size()
                     ? filtered(m_visible, false)
                     : filtered(sortedOrder(m_sortColumn, m_sortOrder), true);
    rememberFilterResult(next);
    applyVisible(std::move(next), QAbstractItemModel::NoLayoutChangeHint);
}

void TicketTableModel::sort(int column, Qt::SortOrder order) {
    if (column < 0 || column >= ColumnCount)
        return;
    if (column == m_sortColumn && order == m_sortOrder)
        return;
    m_sortColumn = column;
    m_sortOrder = order;
    m_recentFilters.clear();
    const Order &full = sortedOrder(column, order);
    if (m_filter.isEmpty()) {
        applyVisible(Order(full), QAbstractItemModel::VerticalSortHint);
        return;
    }
    std::vector<bool> shown(m_data->rows.size());
    for (const quint32 row : m_visible)
        shown[row] = true;
    Order next;
    next.reserve(m_visible.size());
    for (const quint32 row : full) {
        if (shown[row])
            next.push_back(row);
    }
    applyVisible(std::move(next), QAbstractItemModel::VerticalSortHint);
}

void TicketTableModel::applyVisible(Order &&visible, QAbstractItemModel::LayoutChangeHint hint) {
    emit layoutAboutToBeChanged({}, hint);
    // Keep the selection and current ticket on the same tickets wherever they move.
    const QModelIndexList before = persistentIndexList();
    QModelIndexList after;
    if (!before.isEmpty()) {
        QHash<quint32, int> newPosition;
        for (const QModelIndex &index : before)
            newPosition.insert(m_visible[index.row()], -1);
        for (int position = 0; position < static_cast<int>(visible.size()); ++position) {
            const auto it = newPosition.find(visible[position]);
            if (it != newPosition.end())
                it.value() = position;
        }
        after.reserve(before.size());
        for (const QModelIndex &index : before) {
            const int position = newPosition.value(m_visible[index.row()]);
            after.append(position < 0 ? QModelIndex() : createIndex(position, index.column()));
        }
    }
    m_visible = std::move(visible);
    changePersistentIndexList(before, after);
    emit layoutChanged({}, hint);
    emit countsChanged(rowCount(), totalCount());
}

QString TicketTableModel::ticketId(int row) const {
    if (row < 0 || row >= rowCount())
        return {};
    return m_data->id(m_data->rows[m_visible[row]]);
}

int TicketTableModel::rowOfTicket(const QString &ticketId) const {
    const QByteArray utf8 = ticketId.toUtf8();
    const QByteArrayView wanted(utf8);
    for (int position = 0; position < static_cast<int>(m_visible.size()); ++position) {
        if (m_data->idBytes(m_data->rows[m_visible[position]]) == wanted)
            return position;
    }
    return -1;
}

int TicketTableModel::rowCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_visible.size());
}

int TicketTableModel::columnCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TicketTableModel::data(const QModelIndex &index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_data->rows[m_visible[index.row()]];
    const Prospect &prospect = m_data->prospects[row.prospect];
    const auto status = static_cast<Ticket::Status>(row.status);
    const auto priority = static_cast<Ticket::Priority>(row.priority);

    switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
        switch (index.column()) {
        case IdColumn:
            return m_data->id(row);
        case TitleColumn:
            return m_data->title(row);
        case StatusColumn:
            return Ticket::statusLabel(status);
        case PriorityColumn:
            return Ticket::priorityLabel(priority);
        case CategoryColumn:
            return m_data->categories.values.at(row.category);
        case ProspectColumn:
            return prospect.name;
        case CompanyColumn:
            return prospect.company;
        case AssigneeColumn:
            return m_data->assignees.values.at(row.assignee);
        case UpdatedColumn: {
            const QDateTime local = QDateTime::fromMSecsSinceEpoch(row.updatedAtMs).toLocalTime();
            return role == Qt::ToolTipRole ? QLocale().toString(local, QLocale::LongFormat)
                                           : QLocale().toString(local, QLocale::ShortFormat);
        }
        }
        return {};
    case TicketIdRole:
        return m_data->id(row);
    case StatusRole:
        return static_cast<int>(status);
    case PriorityRole:
        return static_cast<int>(priority);
    case UpdatedAtRole:
        return QDateTime::fromMSecsSinceEpoch(row.updatedAtMs, Qt::UTC);
    case ProspectIdRole:
        return prospect.id;
    default:
        return {};
    }
}

QVariant TicketTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case IdColumn:
        return tr("ID");
    case TitleColumn:
        return tr("Title");
    case StatusColumn:
        return tr("Status");
    case PriorityColumn:
        return tr("Priority");
    case CategoryColumn:
        return tr("Category");
    case ProspectColumn:
        return tr("Prospect");
    case CompanyColumn:
        return tr("Company");
    case AssigneeColumn:
        return tr("Assignee");
    case UpdatedColumn:
        return tr("Updated");
    }
    return {};
}

int TicketTableModel::totalCount() const {
    return static_cast<int>(m_data->rows.size());
}
