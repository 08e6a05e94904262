// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/compose/CoachingPanel.h"

#include "review/DraftCoach.h"
#include "ui/compose/ComposeSession.h"
#include "ui/compose/PhonePreview.h"
#include "ui/widgets/ThemeColors.h"

#include <QBoxLayout>
#include <QEvent>
#include <QGridLayout>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QStackedLayout>
#include <QTextDocument>
#include <QTimer>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {

// A symbol as well as a colour, so the status reads without colour vision too.
QString symbol(CoachingItem::Status status) {
    switch (status) {
    case CoachingItem::Status::Good:
        return u"✓"_s;
    case CoachingItem::Status::Consider:
        return u"!"_s;
    case CoachingItem::Status::Problem:
        return u"✕"_s;
    case CoachingItem::Status::NotMeasured:
        return u"–"_s;
    }
    return {};
}

ThemeColors::Tone tone(CoachingItem::Status status) {
    switch (status) {
    case CoachingItem::Status::Good:
        return ThemeColors::Tone::Success;
    case CoachingItem::Status::Consider:
        return ThemeColors::Tone::Caution;
    case CoachingItem::Status::Problem:
        return ThemeColors::Tone::Error;
    case CoachingItem::Status::NotMeasured:
        break;
    }
    return ThemeColors::Tone::Info;
}

} // namespace

CoachingPanel::CoachingPanel(QWidget *parent)
    : QWidget(parent)
    , m_debounce(new QTimer(this)) {
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(DebounceMs);
    connect(m_debounce, &QTimer::timeout, this, &CoachingPanel::updateNow);

    m_placeholder = new QLabel(tr("Coaching on the message appears here once there is one."));
    m_placeholder->setObjectName(u"coachingPlaceholder"_s);
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setWordWrap(true);
    m_placeholder->setForegroundRole(QPalette::PlaceholderText);

    m_rows = new QWidget;
    m_rows->setObjectName(u"coachingItems"_s);
    auto *rows = new QVBoxLayout(m_rows);
    rows->setContentsMargins(0, 0, 0, 0);
    rows->setSpacing(10);
    // One row per kind, in the coach's order, so nothing jumps about while the rep types.
    for (const CoachingItem::Kind kind : CoachingItem::Kinds)
        rowFor(kind);
    rows->addStretch(1);

    m_phone = new PhonePreview;

    auto *content = new QWidget;
    m_columns = new QBoxLayout(QBoxLayout::LeftToRight, content);
    m_columns->setContentsMargins(6, 6, 6, 6);
    m_columns->setSpacing(12);
    m_columns->addWidget(m_rows, 1);
    m_columns->addWidget(m_phone, 0, Qt::AlignTop | Qt::AlignHCenter);

    auto *scroll = new QScrollArea;
    scroll->setObjectName(u"coachingScroll"_s);
    scroll->setWidget(content);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);

    m_stack = new QStackedLayout(this);
    m_stack->addWidget(m_placeholder);
    m_stack->addWidget(scroll);
}

CoachingPanel::Row &CoachingPanel::rowFor(CoachingItem::Kind kind) {
    const auto found = m_rowByKind.find(kind);
    if (found != m_rowByKind.end())
        return *found;
    const QString id = CoachingItem::idOf(kind);
    Row row;
    auto *frame = new QWidget;
    frame->setObjectName(u"coaching-"_s + id);
    auto *grid = new QGridLayout(frame);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setHorizontalSpacing(8);
    grid->setVerticalSpacing(2);

    row.status = new QLabel;
    row.status->setObjectName(u"coachingStatus-"_s + id);
    row.status->setAlignment(Qt::AlignHCenter | Qt::AlignTop);
    row.status->setMinimumWidth(fontMetrics().horizontalAdvance(u"✕"_s) * 2);
    QFont bold = font();
    bold.setBold(true);
    row.status->setFont(bold);

    row.title = new QLabel;
    row.title->setObjectName(u"coachingValue-"_s + id);
    row.title->setWordWrap(true);
    row.title->setTextFormat(Qt::RichText);
    row.title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    row.reason = new QLabel;
    row.reason->setObjectName(u"coachingReason-"_s + id);
    row.reason->setWordWrap(true);
    row.reason->setTextFormat(Qt::PlainText);
    row.range = new QLabel;
    row.range->setObjectName(u"coachingRange-"_s + id);
    row.range->setWordWrap(true);
    row.range->setTextFormat(Qt::PlainText);
    row.range->setForegroundRole(QPalette::PlaceholderText);

    grid->addWidget(row.status, 0, 0, 4, 1);
    grid->addWidget(row.title, 0, 1);
    grid->addWidget(row.reason, 1, 1);
    grid->addWidget(row.range, 2, 1);
    grid->setColumnStretch(1, 1);

    if (kind == CoachingItem::Kind::SentenceLength) {
        row.select = new QPushButton(tr("Select in the Message"));
        row.select->setObjectName(u"coachingSelectSentence"_s);
        row.select->setToolTip(tr("Select the next sentence over the limit, longest first"));
        row.select->setFlat(true);
        connect(row.select, &QPushButton::clicked, this, &CoachingPanel::selectNextSpan);
        grid->addWidget(row.select, 3, 1, Qt::AlignLeft);
    }

    auto *rows = static_cast<QVBoxLayout *>(m_rows->layout());
    rows->insertWidget(int(m_rowByKind.size()), frame);
    return *m_rowByKind.insert(kind, row);
}

void CoachingPanel::setSession(ComposeSession *session) {
    if (m_session)
        disconnect(m_session, nullptr, this, nullptr);
    if (m_session && m_session->bodyDocument())
        disconnect(m_session->bodyDocument(), nullptr, this, nullptr);
    m_session = session;
    if (session) {
        connect(session->bodyDocument(), &QTextDocument::contentsChanged, this,
                &CoachingPanel::scheduleUpdate);
        // The subject the rep types is saved as it changes; a generation replaces it.
        connect(session, &ComposeSession::savedChanged, this, &CoachingPanel::scheduleUpdate);
        connect(session, &ComposeSession::subjectReplaced, this, &CoachingPanel::scheduleUpdate);
        connect(session, &ComposeSession::contextChanged, this, &CoachingPanel::scheduleUpdate);
        connect(session, &ComposeSession::stateChanged, this, [this] {
            if (m_session && !m_session->isRunning())
                updateNow();
        });
    }
    updateNow();
}

void CoachingPanel::scheduleUpdate() {
    m_debounce->start();
}

void CoachingPanel::updateNow() {
    m_debounce->stop();
    // Nobody reads a hidden tab: it is worked out when it is shown.
    m_stale = !isVisible();
    if (m_stale)
        return;
    CoachingDraft draft;
    if (m_session) {
        draft.subject = m_session->subject();
        draft.body = m_session->bodyDocument()->toPlainText();
        draft.length = m_session->length();
        if (const std::optional<OutreachContext> context = m_session->context())
            draft.locale = context->prospect.prospect.locale;
    }
    const bool empty = draft.body.trimmed().isEmpty() && draft.subject.trimmed().isEmpty();
    m_items = empty ? QList<CoachingItem>() : DraftCoach::coach(draft);
    m_nextSpan = 0;
    m_stack->setCurrentIndex(empty ? 0 : 1);
    m_phone->showDraft(draft.subject, draft.body);
    showItems();
}

void CoachingPanel::showItems() {
    for (const CoachingItem &item : std::as_const(m_items)) {
        Row &row = rowFor(item.kind);
        const QString status = CoachingItem::statusLabel(item.status);
        row.status->setText(symbol(item.status));
        row.status->setToolTip(status);
        row.status->setAccessibleName(status);
        QPalette palette = row.status->palette();
        palette.setColor(QPalette::WindowText,
                         ThemeColors::text(this->palette(), tone(item.status)));
        row.status->setPalette(palette);
        row.title->setText(
            u"<b>%1</b> · %2"_s.arg(item.label.toHtmlEscaped(), item.value.toHtmlEscaped()));
        row.title->setAccessibleName(item.label + u": "_s + status + u", "_s + item.value);
        row.reason->setText(item.reason);
        row.range->setText(tr("What works: %1").arg(item.range));
        if (row.select)
            row.select->setVisible(!item.spans.isEmpty());
    }
}

void CoachingPanel::selectNextSpan() {
    for (const CoachingItem &item : std::as_const(m_items)) {
        if (item.kind != CoachingItem::Kind::SentenceLength || item.spans.isEmpty())
            continue;
        const CoachingItem::Span span = item.spans.at(m_nextSpan % item.spans.size());
        ++m_nextSpan;
        emit selectionRequested(span.start, span.length);
        return;
    }
}

void CoachingPanel::showEvent(QShowEvent *event) {
    QWidget::showEvent(event);
    if (m_stale)
        updateNow();
}

void CoachingPanel::resizeEvent(QResizeEvent *event) {
    QWidget::resizeEvent(event);
    // Beside the items while both fit; below them in a narrow compose area, where the items
    // would otherwise be squeezed into a column of a few words.
    m_columns->setDirection(width() >= 2 * PhonePreview::ScreenWidth + 60
                                ? QBoxLayout::LeftToRight
                                : QBoxLayout::TopToBottom);
}

void CoachingPanel::changeEvent(QEvent *event) {
    QWidget::changeEvent(event);
    // The status colours follow the theme, which may switch while the app runs.
    if (event->type() == QEvent::PaletteChange)
        showItems();
}
