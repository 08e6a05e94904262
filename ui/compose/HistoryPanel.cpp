// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/compose/HistoryPanel.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLocale>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {

constexpr int VersionIdRole = Qt::UserRole + 1;
constexpr int MessageIdRole = Qt::UserRole + 2;

QString when(const QDateTime &at) {
    return QLocale().toString(at.toLocalTime(), QLocale::ShortFormat);
}

QString excerpt(const QString &text) {
    const QString flat = text.simplified();
    return flat.size() > 90 ? flat.left(89) + u'…' : flat;
}

} // namespace

HistoryPanel::HistoryPanel(QWidget *parent)
    : QWidget(parent)
    , m_tree(new QTreeWidget(this))
    , m_restore(new QPushButton(tr("&Put Back in Editor"), this)) {
    m_tree->setObjectName(u"historyTree"_s);
    m_tree->setAccessibleName(tr("Message history"));
    m_tree->setColumnCount(3);
    m_tree->setHeaderLabels({tr("When"), tr("What"), tr("Message")});
    m_tree->setRootIsDecorated(true);
    m_tree->setUniformRowHeights(true);
    m_tree->header()->setStretchLastSection(true);
    m_tree->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_tree->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_restore->setObjectName(u"restoreVersionButton"_s);
    m_restore->setToolTip(tr("Put the selected version back into the editor. The text it "
                             "replaces is kept as a version."));

    // One click per outcome of the selected saved message.
    auto *buttons = new QHBoxLayout;
    const std::pair<ActivityTracker::Milestone, QString> outcomes[] = {
        {ActivityTracker::Milestone::RepliedPositive, tr("Replied +")},
        {ActivityTracker::Milestone::RepliedNeutral, tr("Replied =")},
        {ActivityTracker::Milestone::RepliedNegative, tr("Replied −")},
        {ActivityTracker::Milestone::MeetingBooked, tr("Meeting")},
        {ActivityTracker::Milestone::Bounced, tr("Bounced")},
    };
    const QString tips[] = {tr("The prospect replied, positively"),
                            tr("The prospect replied, neither positive nor negative"),
                            tr("The prospect replied, negatively"),
                            tr("A meeting was booked from this message"),
                            tr("The message bounced: it never reached the prospect")};
    int tip = 0;
    for (const auto &[outcome, label] : outcomes) {
        auto *button = new QPushButton(label, this);
        button->setObjectName(u"outcome%1"_s.arg(int(outcome)));
        button->setToolTip(tips[tip]);
        button->setAccessibleName(tips[tip++]);
        buttons->addWidget(button);
        m_outcomeButtons.insert(int(outcome), button);
        connect(button, &QPushButton::clicked, this, [this, outcome] {
            if (const QString id = selectedMessageId(); !id.isEmpty())
                emit outcomeRequested(id, outcome);
        });
    }
    buttons->addStretch(1);
    buttons->addWidget(m_restore);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_tree, 1);
    layout->addLayout(buttons);

    connect(m_tree, &QTreeWidget::currentItemChanged, this, &HistoryPanel::updateButton);
    connect(m_restore, &QPushButton::clicked, this, [this] {
        if (const qint64 id = selectedVersionId(); id > 0)
            emit restoreRequested(id);
    });
    connect(m_tree, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem *item) {
        const qint64 id = item->data(0, VersionIdRole).toLongLong();
        if (id > 0 && m_restoreAllowed)
            emit restoreRequested(id);
    });
    updateButton();
}

void HistoryPanel::setHistory(const QList<SavedMessage> &saved, const QList<DraftVersion> &versions,
                              bool restoreAllowed) {
    const qint64 selected = selectedVersionId();
    const QString selectedMessage = selectedMessageId();
    m_restoreAllowed = restoreAllowed;
    m_tree->clear();
    m_savedCount = int(saved.size());
    m_versionCount = int(versions.size());

    m_savedRoot = new QTreeWidgetItem(
        m_tree, {tr("Saved to the ticket's history (%n)", nullptr, m_savedCount)});
    m_savedRoot->setFirstColumnSpanned(true);
    QTreeWidgetItem *reselect = nullptr;
    for (const SavedMessage &message : saved) {
        auto *item = new QTreeWidgetItem(
            m_savedRoot,
            {when(message.activity.createdAt), outcomeText(message),
             excerpt(message.activity.subject.isEmpty()
                         ? message.activity.content
                         : message.activity.subject + u" — "_s + message.activity.content)});
        item->setToolTip(2, message.activity.content.left(2000));
        item->setData(0, MessageIdRole, message.activity.messageId);
        if (message.activity.messageId == selectedMessage)
            reselect = item;
        for (const MailNote &note : message.mail) {
            auto *noteItem = new QTreeWidgetItem(item, {when(note.at), note.what, note.where});
            noteItem->setToolTip(2, note.where);
            noteItem->setFlags(Qt::ItemIsEnabled);
        }
    }

    m_versionRoot = new QTreeWidgetItem(m_tree, {tr("Versions (%n)", nullptr, m_versionCount)});
    m_versionRoot->setFirstColumnSpanned(true);
    for (const DraftVersion &version : versions) {
        QStringList what{DraftVersion::statusLabel(version.status)};
        const auto &meta = version.response.metadata;
        if (!meta.model.isEmpty() && version.status != DraftVersion::Status::Template)
            what.append(meta.model);
        if (version.status == DraftVersion::Status::Complete)
            what.append(u"%1 %"_s.arg(qRound(meta.confidence * 100)));
        auto *item = new QTreeWidgetItem(
            m_versionRoot,
            {when(version.createdAt), what.join(u" · "_s),
             excerpt(version.response.subject.isEmpty()
                         ? version.response.message
                         : version.response.subject + u" — "_s + version.response.message)});
        item->setData(0, VersionIdRole, version.id);
        item->setToolTip(
            2, tr("Request: %1\n\n%2").arg(version.prompt, version.response.message.left(2000)));
        if (version.id == selected)
            reselect = item;
    }
    m_tree->expandAll();
    if (reselect)
        m_tree->setCurrentItem(reselect);
    updateButton();
}

QString HistoryPanel::outcomeText(const SavedMessage &message) {
    QStringList parts{tr("Saved")};
    if (const std::optional<MessageOutcome> &outcome = message.outcome) {
        if (outcome->bounced)
            parts.append(tr("bounced"));
        else if (outcome->isSent())
            parts.append(tr("sent"));
        if (outcome->replied) {
            switch (outcome->sentiment) {
            case EffectivenessMetrics::Sentiment::Positive:
                parts.append(tr("replied (positive)"));
                break;
            case EffectivenessMetrics::Sentiment::Neutral:
                parts.append(tr("replied (neutral)"));
                break;
            case EffectivenessMetrics::Sentiment::Negative:
                parts.append(tr("replied (negative)"));
                break;
            default:
                parts.append(tr("replied (set the sentiment)"));
                break;
            }
        }
        if (outcome->meetingBooked)
            parts.append(tr("meeting booked"));
    }
    return parts.join(u" · "_s);
}

bool HistoryPanel::selectSavedMessage(const QString &messageId) {
    if (!m_savedRoot)
        return false;
    for (int i = 0; i < m_savedRoot->childCount(); ++i) {
        if (m_savedRoot->child(i)->data(0, MessageIdRole).toString() == messageId) {
            m_tree->setCurrentItem(m_savedRoot->child(i));
            return true;
        }
    }
    return false;
}

QPushButton *HistoryPanel::outcomeButton(ActivityTracker::Milestone outcome) const {
    return m_outcomeButtons.value(int(outcome));
}

QString HistoryPanel::selectedMessageId() const {
    const QTreeWidgetItem *item = m_tree->currentItem();
    return item ? item->data(0, MessageIdRole).toString() : QString();
}

qint64 HistoryPanel::versionIdAt(int row) const {
    if (!m_versionRoot || row < 0 || row >= m_versionRoot->childCount())
        return 0;
    return m_versionRoot->child(row)->data(0, VersionIdRole).toLongLong();
}

qint64 HistoryPanel::selectedVersionId() const {
    const QTreeWidgetItem *item = m_tree->currentItem();
    return item ? item->data(0, VersionIdRole).toLongLong() : 0;
}

void HistoryPanel::updateButton() {
    const bool enabled = m_restoreAllowed && selectedVersionId() > 0;
    m_restore->setEnabled(enabled);
    const bool message = !selectedMessageId().isEmpty();
    for (QPushButton *button : std::as_const(m_outcomeButtons))
        button->setEnabled(message);
}
