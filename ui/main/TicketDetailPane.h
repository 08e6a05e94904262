// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/Interaction.h"
#include "domain/Project.h"
#include "domain/ProspectHistory.h"
#include "domain/Ticket.h"
#include "ui/itemmodels/InteractionListModel.h"

#include <QList>
#include <QWidget>

#include <optional>

class QLabel;
class QListView;
class QTimer;
class QTextBrowser;

// The right-hand pane: the selected ticket's fields, its project, the prospect with their
// preferences and past outcomes, and the interaction timeline newest first.
class TicketDetailPane : public QWidget {
    Q_OBJECT

public:
    explicit TicketDetailPane(QWidget *parent = nullptr);

    // Shows one ticket. Project and prospect may be missing from the cache; the pane says so.
    void showTicket(const Ticket &ticket, const std::optional<Project> &project,
                    const std::optional<ProspectHistory> &prospect,
                    const QList<Interaction> &interactions);
    // Shows one ticket with its history read page by page, newest first: the first page now,
    // the next ones as the rep scrolls near the end. `total` is the history's length, for the
    // title. Shown again for the same ticket, the history keeps its place unless it changed.
    void showTicket(const Ticket &ticket, const std::optional<Project> &project,
                    const std::optional<ProspectHistory> &prospect,
                    InteractionListModel::PageReader history, int total);
    void clear();
    // One line above the details: where the shown context came from ("Live from the CRM",
    // "From cache, as of …") or why it could not be refreshed; `warning` styles it as a caution.
    void setContextSource(const QString &text, bool warning);
    QString contextSource() const;

    // Shows where a cited context id comes from: scrolls to the ticket, project, prospect or
    // preferences section and tints it, or selects the interaction in the timeline. False when
    // the id is not shown here.
    bool highlightContext(const QString &contextId);
    // The section tinted by highlightContext ("project"), or empty.
    QString highlightedSection() const { return m_highlighted; }

    QString ticketId() const { return m_ticketId; }
    QString detailsText() const; // plain text of the details, for tests and accessibility
    InteractionListModel *interactionModel() const { return m_interactions; }

private:
    void showDetails(const Ticket &ticket, const std::optional<Project> &project,
                     const std::optional<ProspectHistory> &prospect);
    void updateTimelineTitle();
    void fetchNearTheEnd();
    static QString ticketHtml(const Ticket &ticket);
    static QString projectHtml(const QString &projectId, const std::optional<Project> &project);
    static QString prospectHtml(const QString &prospectId,
                                const std::optional<ProspectHistory> &prospect);

    QString m_ticketId;
    QString m_highlighted;
    QLabel *m_source = nullptr;
    QTextBrowser *m_details = nullptr;
    QLabel *m_timelineTitle = nullptr;
    QListView *m_timeline = nullptr;
    InteractionListModel *m_interactions = nullptr;
    QTimer *m_highlightTimer = nullptr;
    // The scroll bar's end when rows were last appended, before the view laid them out.
    int m_staleMaximum = -1;
};
