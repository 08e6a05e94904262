// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/main/TicketDetailPane.h"

#include "ui/itemmodels/InteractionListModel.h"
#include "ui/main/InteractionDelegate.h"
#include "ui/widgets/ThemeColors.h"

#include <QLabel>
#include <QListView>
#include <QLocale>
#include <QScrollBar>
#include <QSplitter>
#include <QTextBlock>
#include <QTextBrowser>
#include <QTimer>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {

// CRM text is written by outsiders: always escape it before it becomes HTML.
QString esc(const QString &text) {
    return text.toHtmlEscaped();
}

QString paragraphs(const QString &text) {
    QString html;
    for (const QString &paragraph : text.split(u"\n\n"_s, Qt::SkipEmptyParts))
        html += u"<p>"_s + esc(paragraph.trimmed()).replace(u'\n', u"<br>"_s) + u"</p>"_s;
    return html;
}

QString row(const QString &label, const QString &value) {
    if (value.isEmpty())
        return {};
    return u"<tr><td style='padding-right:12px'><b>%1</b></td><td>%2</td></tr>"_s.arg(esc(label),
                                                                                      value);
}

// "EUR 48,000": the ISO code is unambiguous where a symbol would not be ($ is several currencies).
QString money(double amount, const QString &currency) {
    const bool whole = amount == static_cast<double>(static_cast<qint64>(amount));
    return currency + u' ' + QLocale().toString(amount, 'f', whole ? 0 : 2);
}

// Section anchors in the details HTML, named after the context ids' first part.
QString anchor(const QString &name) {
    return u"<a name='ctx-%1'></a>"_s.arg(name);
}

// "prospect.preferences" -> "preferences", "ticket.description" -> "ticket".
QString sectionOf(const QString &contextId) {
    if (contextId.startsWith(u"prospect.preferences"_s))
        return u"preferences"_s;
    if (contextId.startsWith(u"prospect.past_outcomes"_s) || contextId.startsWith(u"outcome"_s))
        return u"outcomes"_s;
    for (const auto *section : {"ticket", "project", "prospect"}) {
        const QString name = QString::fromLatin1(section);
        if (contextId == name || contextId.startsWith(name + u'.'))
            return name;
    }
    return {};
}

QString when(const QDateTime &dateTime) {
    return QLocale().toString(dateTime.toLocalTime(), QLocale::ShortFormat);
}

} // namespace

TicketDetailPane::TicketDetailPane(QWidget *parent)
    : QWidget(parent) {
    m_details = new QTextBrowser(this);
    m_details->setObjectName(u"ticketDetails"_s);
    m_details->setAccessibleName(tr("Ticket details"));
    m_details->setOpenLinks(false);
    m_details->setFrameShape(QFrame::NoFrame);

    auto *timelineBox = new QWidget(this);
    m_timelineTitle = new QLabel(timelineBox);
    m_timelineTitle->setObjectName(u"timelineTitle"_s);
    m_interactions = new InteractionListModel(this);
    m_timeline = new QListView(timelineBox);
    m_timeline->setObjectName(u"interactionTimeline"_s);
    m_timeline->setAccessibleName(tr("Interaction timeline"));
    m_timeline->setModel(m_interactions);
    m_timeline->setItemDelegate(new InteractionDelegate(m_timeline));
    m_timeline->setResizeMode(QListView::Adjust);
    m_timeline->setWordWrap(true);
    m_timeline->setUniformItemSizes(false);
    m_timeline->setAlternatingRowColors(true);
    m_timeline->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_timeline->setSpacing(2);
    m_timelineTitle->setBuddy(m_timeline);
    // The view itself fetches only at the very end; a screen ahead, the next page is there
    // before the rep reaches it.
    connect(m_timeline->verticalScrollBar(), &QScrollBar::valueChanged, this,
            &TicketDetailPane::fetchNearTheEnd);
    connect(m_interactions, &QAbstractItemModel::rowsInserted, this, [this] {
        // Until the view lays the new rows out, the scroll bar still ends where they begin.
        m_staleMaximum = m_timeline->verticalScrollBar()->maximum();
        updateTimelineTitle();
    });
    connect(m_interactions, &QAbstractItemModel::modelReset, this,
            &TicketDetailPane::updateTimelineTitle);

    auto *timelineLayout = new QVBoxLayout(timelineBox);
    timelineLayout->setContentsMargins(0, 0, 0, 0);
    timelineLayout->addWidget(m_timelineTitle);
    timelineLayout->addWidget(m_timeline);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->setObjectName(u"detailSplitter"_s);
    splitter->addWidget(m_details);
    splitter->addWidget(timelineBox);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setChildrenCollapsible(false);

    m_source = new QLabel(this);
    m_source->setObjectName(u"contextSource"_s);
    m_source->setAccessibleName(tr("Context source"));
    m_source->setWordWrap(true);
    m_source->setTextFormat(Qt::PlainText);
    m_source->setContentsMargins(6, 4, 6, 4);
    m_source->hide();

    // A highlight fades after a few seconds, so the pane does not stay tinted.
    m_highlightTimer = new QTimer(this);
    m_highlightTimer->setSingleShot(true);
    m_highlightTimer->setInterval(4000);
    connect(m_highlightTimer, &QTimer::timeout, this, [this] {
        m_details->setExtraSelections({});
        m_highlighted.clear();
    });

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_source);
    layout->addWidget(splitter);
    clear();
}

void TicketDetailPane::setContextSource(const QString &text, bool warning) {
    m_source->setText(text);
    // Caution colours only when the rep should know the data may be stale or incomplete.
    m_source->setAutoFillBackground(warning);
    m_source->setPalette(warning ? ThemeColors::bannerPalette(palette(), ThemeColors::Tone::Caution)
                                 : palette());
    m_source->setForegroundRole(warning ? QPalette::WindowText : QPalette::PlaceholderText);
    m_source->setVisible(!text.isEmpty());
}

QString TicketDetailPane::contextSource() const {
    return m_source->isVisible() ? m_source->text() : QString();
}

void TicketDetailPane::clear() {
    m_ticketId.clear();
    if (m_source)
        m_source->hide();
    m_details->setHtml(u"<p style='color:gray'>%1</p>"_s.arg(
        esc(tr("Select a ticket to see its project, prospect and history."))));
    m_interactions->setInteractions({});
    updateTimelineTitle();
}

void TicketDetailPane::showDetails(const Ticket &ticket, const std::optional<Project> &project,
                                   const std::optional<ProspectHistory> &prospect) {
    if (ticket.id != m_ticketId)
        m_source->hide(); // the line described the previous ticket
    m_ticketId = ticket.id;
    m_details->setHtml(ticketHtml(ticket) + projectHtml(ticket.projectId, project)
                       + prospectHtml(ticket.prospectId, prospect));
}

void TicketDetailPane::showTicket(const Ticket &ticket, const std::optional<Project> &project,
                                  const std::optional<ProspectHistory> &prospect,
                                  const QList<Interaction> &interactions) {
    showDetails(ticket, project, prospect);
    m_interactions->setInteractions(interactions);
    m_timeline->scrollToTop();
}

void TicketDetailPane::showTicket(const Ticket &ticket, const std::optional<Project> &project,
                                  const std::optional<ProspectHistory> &prospect,
                                  InteractionListModel::PageReader history, int total) {
    const bool sameTicket = ticket.id == m_ticketId && m_interactions->isPaged();
    showDetails(ticket, project, prospect);
    if (sameTicket) {
        m_interactions->refresh(total);
        updateTimelineTitle();
        return;
    }
    m_staleMaximum = -1;
    m_interactions->setPageReader(std::move(history), total);
    m_timeline->scrollToTop();
}

void TicketDetailPane::updateTimelineTitle() {
    const int shown = m_interactions->rowCount();
    const int total = m_interactions->totalCount();
    if (m_ticketId.isEmpty())
        m_timelineTitle->setText(tr("Interactions"));
    else if (shown < total)
        m_timelineTitle->setText(tr("Interactions (%1 of %2)")
                                     .arg(QLocale().toString(shown), QLocale().toString(total)));
    else
        m_timelineTitle->setText(tr("Interactions (%n)", nullptr, total));
}

void TicketDetailPane::fetchNearTheEnd() {
    // No range yet: the list is being laid out (or reset), and nobody has scrolled.
    const QScrollBar *bar = m_timeline->verticalScrollBar();
    if (bar->maximum() > 0 && bar->maximum() != m_staleMaximum
        && bar->value() >= bar->maximum() - bar->pageStep()
        && m_interactions->canFetchMore(QModelIndex()))
        m_interactions->fetchMore(QModelIndex());
}

bool TicketDetailPane::highlightContext(const QString &contextId) {
    if (contextId.startsWith(u"interaction:"_s)) {
        const QString id = contextId.mid(12);
        // A cited interaction is among the newest that the context held (a thousand at most):
        // read on until it shows, but not through a whole long history.
        constexpr int MaxRowsSearched = 1000;
        for (int row = 0;; ++row) {
            if (row == m_interactions->rowCount()) {
                if (row >= MaxRowsSearched || !m_interactions->canFetchMore(QModelIndex()))
                    return false;
                m_interactions->fetchMore(QModelIndex());
                if (row == m_interactions->rowCount())
                    return false;
            }
            const QModelIndex index = m_interactions->index(row);
            if (index.data(InteractionListModel::InteractionIdRole).toString() == id) {
                m_timeline->setCurrentIndex(index);
                m_timeline->scrollTo(index, QAbstractItemView::PositionAtCenter);
                m_highlighted = contextId;
                return true;
            }
        }
    }
    const QString section = sectionOf(contextId);
    if (section.isEmpty())
        return false;
    // The section runs from its anchor to the next one.
    const QString name = u"ctx-"_s + section;
    QTextDocument *document = m_details->document();
    int start = -1;
    int end = -1;
    for (QTextBlock block = document->begin(); block.isValid(); block = block.next()) {
        bool anchorHere = false;
        QString anchorName;
        for (auto it = block.begin(); !it.atEnd(); ++it) {
            const QStringList names = it.fragment().charFormat().anchorNames();
            if (!names.isEmpty()) {
                anchorHere = true;
                anchorName = names.constFirst();
                break;
            }
        }
        if (anchorHere && start >= 0 && anchorName != name) {
            end = block.position() - 1;
            break;
        }
        if (anchorHere && anchorName == name && start < 0)
            start = block.position();
    }
    if (start < 0)
        return false;
    if (end < 0)
        end = document->characterCount() - 1;
    QTextEdit::ExtraSelection selection;
    selection.cursor = QTextCursor(document);
    selection.cursor.setPosition(start);
    selection.cursor.setPosition(end, QTextCursor::KeepAnchor);
    QColor tint = palette().color(QPalette::Highlight);
    tint.setAlpha(60);
    selection.format.setBackground(tint);
    m_details->setExtraSelections({selection});
    m_details->scrollToAnchor(name);
    m_highlighted = section;
    m_highlightTimer->start();
    return true;
}

QString TicketDetailPane::detailsText() const {
    return m_details->toPlainText();
}

QString TicketDetailPane::ticketHtml(const Ticket &ticket) {
    QStringList facts{esc(ticket.id), esc(Ticket::statusLabel(ticket.status)),
                      esc(tr("%1 priority").arg(Ticket::priorityLabel(ticket.priority)))};
    if (!ticket.category.isEmpty())
        facts.append(esc(ticket.category));
    QString html = anchor(u"ticket"_s)
                   + u"<h2>%1</h2><p>%2</p>"_s.arg(esc(ticket.title), facts.join(u" · "_s));
    html += u"<table>"_s;
    if (ticket.assignee)
        html +=
            row(tr("Assignee"), esc(ticket.assignee->name)
                                    + (ticket.assignee->email.isEmpty()
                                           ? QString()
                                           : u" &lt;%1&gt;"_s.arg(esc(ticket.assignee->email))));
    html += row(tr("Created"), esc(when(ticket.createdAt)));
    html += row(tr("Updated"), esc(when(ticket.updatedAt)));
    html += u"</table>"_s;
    html += paragraphs(ticket.description);
    return html;
}

QString TicketDetailPane::projectHtml(const QString &projectId,
                                      const std::optional<Project> &project) {
    QString html = u"<h3>%1%2</h3>"_s.arg(anchor(u"project"_s), esc(tr("Project")));
    if (!project)
        return html
               + u"<p><i>%1</i></p>"_s.arg(
                   esc(tr("Project %1 is not in the cache yet.").arg(projectId)));
    html += u"<p><b>%1</b></p><table>"_s.arg(esc(project->name));
    html += row(tr("Stage"), esc(project->stage));
    if (project->value)
        html += row(tr("Value"), esc(money(project->value->amount, project->value->currency)));
    html += row(tr("Products"), esc(project->products.join(u", "_s)));
    QStringList dates;
    for (auto it = project->keyDates.begin(); it != project->keyDates.end(); ++it)
        dates.append(esc(QString(it.key()).replace(u'_', u' ')) + u": "_s + esc(it.value()));
    html += row(tr("Key dates"), dates.join(u"<br>"_s));
    html += u"</table>"_s + paragraphs(project->description);
    return html;
}

QString TicketDetailPane::prospectHtml(const QString &prospectId,
                                       const std::optional<ProspectHistory> &prospect) {
    QString html = u"<h3>%1%2</h3>"_s.arg(anchor(u"prospect"_s), esc(tr("Prospect")));
    if (!prospect)
        return html
               + u"<p><i>%1</i></p>"_s.arg(
                   esc(tr("Prospect %1 is not in the cache yet.").arg(prospectId)));
    const auto &who = prospect->prospect;
    if (who.doNotContact)
        html += u"<p style='color:#c62828'><b>%1</b></p>"_s.arg(
            esc(tr("Do not contact: this prospect asked not to receive outreach.")));
    QStringList headline{esc(who.name)};
    if (!who.title.isEmpty())
        headline.append(esc(who.title));
    if (!who.company.isEmpty())
        headline.append(esc(who.company));
    html += u"<p><b>%1</b></p><table>"_s.arg(headline.join(u", "_s));
    html += row(tr("Email"), esc(who.email));
    html += row(tr("Time zone"), esc(who.timezone));
    html += row(tr("Locale"), esc(who.locale));
    const auto &preferences = prospect->preferences;
    html += u"</table><p>%1<b>%2</b></p><table>"_s.arg(anchor(u"preferences"_s),
                                                       esc(tr("Preferences")));
    html += row(tr("Channel"), esc(preferences.channel));
    html += row(tr("Tone"), esc(preferences.tone));
    html += row(tr("Best time"), esc(preferences.bestTime));
    html += row(tr("Topics"), esc(preferences.topics.join(u", "_s)));
    html += row(tr("Avoid"), esc(preferences.avoid.join(u", "_s)));
    html += u"</table>"_s;

    if (!prospect->pastOutcomes.isEmpty()) {
        html += u"<p>%1<b>%2</b></p><ul>"_s.arg(anchor(u"outcomes"_s), esc(tr("Past outcomes")));
        for (const auto &outcome : prospect->pastOutcomes) {
            QStringList result;
            result.append(outcome.replied ? tr("replied") : tr("no reply"));
            if (outcome.meetingBooked)
                result.append(tr("meeting booked"));
            html += u"<li>%1 — %2 (%3)</li>"_s.arg(
                esc(when(outcome.sentAt)), esc(result.join(u", "_s)), esc(outcome.messageId));
        }
        html += u"</ul>"_s;
    }
    if (!prospect->notes.isEmpty())
        html += u"<p><b>%1</b></p>"_s.arg(esc(tr("Notes"))) + paragraphs(prospect->notes);
    return html;
}
