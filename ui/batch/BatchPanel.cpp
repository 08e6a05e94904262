// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/batch/BatchPanel.h"

#include "storage/CacheStore.h"
#include "ui/batch/BatchController.h"
#include "ui/compose/ComposeController.h"
#include "ui/compose/ComposeSession.h"
#include "ui/itemmodels/BatchItemListModel.h"
#include "ui/settings/ModelSettingsPage.h"
#include "ui/widgets/ThemeColors.h"

#include <QAction>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QSettings>
#include <QSplitter>
#include <QTextDocument>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <cmath>

using namespace Qt::StringLiterals;

namespace {

QToolButton *buttonFor(QAction *action) {
    auto *button = new QToolButton;
    button->setDefaultAction(action);
    button->setToolButtonStyle(Qt::ToolButtonTextOnly);
    button->setObjectName(action->objectName() + u"Button"_s);
    return button;
}

std::optional<double> price(const QSettings &settings, const ModelEndpoint &endpoint,
                            const QString &kind) {
    const QString text = settings.value(ModelSettingsPage::priceKey(endpoint, kind)).toString();
    bool ok = false;
    const double value = text.trimmed().toDouble(&ok);
    return ok && value >= 0 ? std::optional(value) : std::nullopt;
}

} // namespace

BatchPanel::BatchPanel(BatchController &controller, QWidget *parent)
    : QWidget(parent, Qt::Window)
    , m_controller(controller)
    , m_model(new BatchItemListModel(this)) {
    setObjectName(u"batchPanel"_s);
    setWindowTitle(tr("Batch — OutreachGPT"));

    m_next = makeAction(u"batchNextAction"_s, tr("Next"), QKeySequence(Qt::ALT | Qt::Key_Down),
                        tr("Show the next draft"));
    m_previous = makeAction(u"batchPreviousAction"_s, tr("Previous"),
                            QKeySequence(Qt::ALT | Qt::Key_Up), tr("Show the previous draft"));
    m_approve =
        makeAction(u"batchApproveAction"_s, tr("Approve"), QKeySequence(Qt::CTRL | Qt::Key_Return),
                   tr("Store the message on the ticket's history and queue it for the "
                      "CRM, then show the next unreviewed draft"));
    m_regenerate =
        makeAction(u"batchRegenerateAction"_s, tr("Regenerate"), QKeySequence(Qt::CTRL | Qt::Key_R),
                   tr("Draft this ticket again with the request below"));
    m_skip = makeAction(u"batchSkipAction"_s, tr("Skip"), QKeySequence(Qt::ALT | Qt::Key_S),
                        tr("Leave this draft for later and show the next one"));
    m_reject =
        makeAction(u"batchRejectAction"_s, tr("Reject"), QKeySequence(Qt::ALT | Qt::Key_Delete),
                   tr("Discard this draft (its version stays in the history)"));
    m_approveAll = makeAction(u"batchApproveAllAction"_s, tr("Approve All Without Findings"),
                              QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Return),
                              tr("Approve every unreviewed draft in which the checks found "
                                 "nothing at all"));
    m_pause = makeAction(u"batchPauseAction"_s, tr("Pause"), {},
                         tr("Let the drafts in flight finish and start no new one"));
    m_resume =
        makeAction(u"batchResumeAction"_s, tr("Resume"), {}, tr("Draft the tickets that are left"));
    m_cancel = makeAction(u"batchCancelAction"_s, tr("Cancel"), {},
                          tr("Stop the batch; what is finished stays"));

    connect(m_next, &QAction::triggered, this, [this] { step(1); });
    connect(m_previous, &QAction::triggered, this, [this] { step(-1); });
    connect(m_approve, &QAction::triggered, this, [this] {
        const std::optional<BatchItem> item = currentItem();
        if (!item)
            return;
        const Result<void> approved = m_controller.approve(item->position);
        report(approved);
        if (approved.ok())
            moveToNextUnreviewed();
    });
    connect(m_skip, &QAction::triggered, this, [this] {
        if (const std::optional<BatchItem> item = currentItem()) {
            report(m_controller.skip(item->position));
            moveToNextUnreviewed();
        }
    });
    connect(m_reject, &QAction::triggered, this, [this] {
        if (const std::optional<BatchItem> item = currentItem()) {
            report(m_controller.reject(item->position));
            moveToNextUnreviewed();
        }
    });
    connect(m_regenerate, &QAction::triggered, this, [this] {
        if (!m_session)
            return;
        const QString request = m_request->text().trimmed();
        if (!request.isEmpty() && request != m_session->promptDocument()->toPlainText().trimmed())
            m_session->promptDocument()->setPlainText(request);
        m_session->generate();
        updateActions();
    });
    connect(m_approveAll, &QAction::triggered, this, [this] {
        const BatchController::BulkResult result = m_controller.approveAllWithoutFindings();
        const QString text = tr("Approved %n draft(s) without findings", nullptr, result.approved)
                             + u"; "_s + tr("%n left for review.", nullptr, result.left);
        m_itemHeader->setText(text);
        emit statusMessage(text);
        moveToNextUnreviewed();
    });
    connect(m_pause, &QAction::triggered, &m_controller, &BatchController::pause);
    connect(m_resume, &QAction::triggered, this, [this] {
        if (m_controller.jobId() > 0)
            m_controller.resume(m_controller.jobId());
    });
    connect(m_cancel, &QAction::triggered, &m_controller, &BatchController::cancel);

    // --- Resume offer --------------------------------------------------------------------------
    m_resumeBar = new QWidget;
    m_resumeBar->setObjectName(u"batchResumeBar"_s);
    m_resumeBar->setAutoFillBackground(true);
    m_resumeBar->setPalette(ThemeColors::bannerPalette(palette(), ThemeColors::Tone::Caution));
    m_resumeText = new QLabel;
    m_resumeText->setWordWrap(true);
    auto *resumeLayout = new QHBoxLayout(m_resumeBar);
    resumeLayout->addWidget(m_resumeText, 1);
    resumeLayout->addWidget(buttonFor(m_resume));
    m_resumeBar->hide();

    // --- Progress ------------------------------------------------------------------------------
    m_scope = new QLabel;
    m_scope->setObjectName(u"batchScope"_s);
    m_bar = new QProgressBar;
    m_bar->setObjectName(u"batchProgress"_s);
    m_counts = new QLabel;
    m_counts->setObjectName(u"batchCounts"_s);
    m_times = new QLabel;
    m_times->setObjectName(u"batchTimes"_s);
    m_tokens = new QLabel;
    m_tokens->setObjectName(u"batchTokens"_s);
    m_rateLimit = new QLabel;
    m_rateLimit->setObjectName(u"batchRateLimit"_s);
    m_rateLimit->hide();
    auto *controls = new QHBoxLayout;
    controls->addWidget(m_bar, 1);
    for (QAction *action : {m_pause, m_resume, m_cancel})
        controls->addWidget(buttonFor(action));

    // --- Queue and review ----------------------------------------------------------------------
    m_queue = new QListView;
    m_queue->setObjectName(u"batchQueue"_s);
    m_queue->setAccessibleName(tr("Review queue"));
    m_queue->setModel(m_model);
    m_queue->setSelectionMode(QAbstractItemView::SingleSelection);
    m_queue->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_queue->setUniformItemSizes(true);
    connect(m_queue->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &BatchPanel::showCurrent);

    m_itemHeader = new QLabel;
    m_itemHeader->setObjectName(u"batchItemHeader"_s);
    m_itemHeader->setWordWrap(true);
    m_reason = new QLabel;
    m_reason->setObjectName(u"batchItemReason"_s);
    m_reason->setWordWrap(true);
    m_reason->hide();
    m_subject = new QLineEdit;
    m_subject->setObjectName(u"batchSubjectEdit"_s);
    m_subject->setAccessibleName(tr("Subject"));
    connect(m_subject, &QLineEdit::textEdited, this, [this](const QString &text) {
        if (m_session)
            m_session->setSubject(text);
    });
    m_body = new QPlainTextEdit;
    m_body->setObjectName(u"batchBodyEdit"_s);
    m_body->setAccessibleName(tr("Message"));
    m_body->setTabChangesFocus(true);
    m_findings = new QLabel;
    m_findings->setObjectName(u"batchFindings"_s);
    m_findings->setWordWrap(true);
    m_findings->setTextFormat(Qt::PlainText);
    m_metadata = new QLabel;
    m_metadata->setObjectName(u"batchMetadata"_s);
    m_metadata->setWordWrap(true);
    m_metadata->setTextFormat(Qt::PlainText);
    m_request = new QLineEdit;
    m_request->setObjectName(u"batchRegenerateRequest"_s);
    m_request->setAccessibleName(tr("Request for Regenerate"));

    auto *reviewButtons = new QHBoxLayout;
    for (QAction *action : {m_previous, m_next, m_approve, m_regenerate, m_skip, m_reject})
        reviewButtons->addWidget(buttonFor(action));
    reviewButtons->addStretch(1);
    reviewButtons->addWidget(buttonFor(m_approveAll));

    auto *review = new QWidget;
    auto *reviewLayout = new QVBoxLayout(review);
    reviewLayout->setContentsMargins(0, 0, 0, 0);
    reviewLayout->addWidget(m_itemHeader);
    reviewLayout->addWidget(m_reason);
    auto *form = new QFormLayout;
    form->addRow(tr("Subject:"), m_subject);
    reviewLayout->addLayout(form);
    reviewLayout->addWidget(m_body, 1);
    reviewLayout->addWidget(m_findings);
    reviewLayout->addWidget(m_metadata);
    auto *requestForm = new QFormLayout;
    requestForm->addRow(tr("Request:"), m_request);
    reviewLayout->addLayout(requestForm);
    reviewLayout->addLayout(reviewButtons);

    auto *splitter = new QSplitter(Qt::Horizontal);
    splitter->setObjectName(u"batchSplitter"_s);
    splitter->addWidget(m_queue);
    splitter->addWidget(review);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);
    splitter->setChildrenCollapsible(false);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_resumeBar);
    layout->addWidget(m_scope);
    layout->addLayout(controls);
    layout->addWidget(m_counts);
    layout->addWidget(m_times);
    layout->addWidget(m_tokens);
    layout->addWidget(m_rateLimit);
    layout->addWidget(splitter, 1);

    // Elapsed time and the rate-limit countdown move on without the runner reporting anything.
    m_tick = new QTimer(this);
    m_tick->setInterval(1000);
    connect(m_tick, &QTimer::timeout, this, &BatchPanel::refreshProgress);

    connect(&m_controller, &BatchController::jobChanged, this, &BatchPanel::reloadItems);
    connect(&m_controller, &BatchController::progressChanged, this, &BatchPanel::refreshProgress);
    connect(&m_controller, &BatchController::itemChanged, this, [this](const BatchItem &item) {
        m_model->updateItem(item);
        if (const std::optional<BatchItem> shown = currentItem();
            shown && shown->position == item.position)
            updateReview();
    });
    connect(&m_controller, &BatchController::runningChanged, this, [this](bool running) {
        if (running) {
            m_resumeBar->hide();
            m_tick->start();
        } else {
            m_tick->stop();
        }
        refreshProgress();
    });
    resize(1100, 760);
    reloadItems();
}

QAction *BatchPanel::makeAction(const QString &name, const QString &text,
                                const QKeySequence &shortcut, const QString &what) {
    auto *action = new QAction(text, this);
    action->setObjectName(name);
    action->setShortcut(shortcut);
    action->setShortcutContext(Qt::WindowShortcut);
    action->setToolTip(shortcut.isEmpty()
                           ? what
                           : u"%1 (%2)"_s.arg(what, shortcut.toString(QKeySequence::NativeText)));
    addAction(action);
    return action;
}

QString BatchPanel::duration(qint64 ms) {
    const qint64 seconds = std::max<qint64>(0, (ms + 500) / 1000);
    if (seconds < 60)
        return tr("%1 s").arg(seconds);
    const qint64 minutes = (seconds + 30) / 60;
    if (minutes < 60)
        return tr("%1 min").arg(minutes);
    return tr("%1 h %2 min").arg(minutes / 60).arg(minutes % 60);
}

QString BatchPanel::statusLine(const BatchRunner::Progress &progress) {
    QString line =
        tr("Batch: %1 of %2 done").arg(progress.counts.done()).arg(progress.counts.total);
    if (progress.pausing)
        line += u" · "_s + tr("pausing");
    else if (progress.etaMs)
        line += u" · "_s + tr("%1 left").arg(duration(*progress.etaMs));
    return line;
}

void BatchPanel::offerResume(const BatchJob &job) {
    m_offeredJob = job.id;
    const BatchStore::Counts counts = m_controller.store().counts(job.id);
    m_resumeText->setText(
        tr("A batch (%1) was left with %n ticket(s) to draft.", nullptr, counts.pending)
            .arg(job.scope));
    m_resumeBar->show();
    if (m_controller.jobId() != job.id)
        m_controller.open(job.id);
}

std::optional<BatchItem> BatchPanel::currentItem() const {
    const QModelIndex current = m_queue->currentIndex();
    if (!current.isValid())
        return std::nullopt;
    return m_model->item(current.row());
}

void BatchPanel::reloadItems() {
    const int position = currentItem() ? currentItem()->position : -1;
    const qint64 jobId = m_controller.jobId();
    QList<BatchItem> items = jobId > 0 ? m_controller.store().items(jobId) : QList<BatchItem>();
    QHash<QString, QString> titles;
    const CacheStore &cache = m_controller.compose().cache();
    for (const BatchItem &item : items) {
        if (const std::optional<Ticket> ticket = cache.ticket(item.ticketId))
            titles.insert(item.ticketId, ticket->title);
    }
    m_model->setItems(std::move(items), std::move(titles));
    if (const std::optional<BatchJob> job = m_controller.job())
        m_scope->setText(tr("“%1” for %2").arg(job->prompt.left(80), job->scope));
    else
        m_scope->setText(tr("No batch yet: choose tickets and Batch → Draft for Selected "
                            "Tickets…"));
    const int row = position >= 0 ? m_model->rowOfPosition(position) : -1;
    if (row >= 0)
        m_queue->setCurrentIndex(m_model->index(row));
    else if (m_model->rowCount() > 0)
        m_queue->setCurrentIndex(m_model->index(0));
    else
        showCurrent();
    refreshProgress();
}

void BatchPanel::refreshProgress() {
    const BatchRunner::Progress progress = m_controller.progress();
    const BatchStore::Counts &counts = progress.counts;
    m_bar->setRange(0, std::max(1, counts.total));
    m_bar->setValue(counts.done());
    m_counts->setText(tr("Done %1 · Skipped %2 · Failed %3 · Left %4 — reviewed %5 "
                         "(approved %6, rejected %7)")
                          .arg(counts.drafted)
                          .arg(counts.skipped)
                          .arg(counts.failed)
                          .arg(counts.pending)
                          .arg(counts.reviewed)
                          .arg(counts.approved)
                          .arg(counts.rejected));
    QString times = tr("Elapsed %1").arg(duration(progress.elapsedMs));
    if (progress.running && progress.etaMs)
        times += u" · "_s + tr("about %1 left").arg(duration(*progress.etaMs));
    if (progress.pausing)
        times += u" · "_s + tr("pausing after the drafts in flight");
    else if (progress.running && progress.inFlight > 0)
        times += u" · "_s + tr("%n in flight", nullptr, progress.inFlight);
    m_times->setText(times);

    QString tokens = tr("Tokens: %1 in, %2 out")
                         .arg(QLocale().toString(counts.promptTokens),
                              QLocale().toString(counts.completionTokens));
    const ModelEndpoint &endpoint = m_controller.compose().endpoint();
    const QSettings &settings = m_controller.compose().settings();
    const std::optional<double> input = price(settings, endpoint, u"input"_s);
    const std::optional<double> output = price(settings, endpoint, u"output"_s);
    if (input || output) {
        const double cost = double(counts.promptTokens) / 1e6 * input.value_or(0)
                            + double(counts.completionTokens) / 1e6 * output.value_or(0);
        tokens += u" · "_s + tr("about %1").arg(QLocale().toString(cost, 'f', 2));
    }
    m_tokens->setText(tokens);

    const int waiting = m_controller.rateLimitSecondsLeft();
    m_rateLimit->setText(tr("Waiting for the rate limit (%n s)", nullptr, waiting));
    m_rateLimit->setVisible(waiting > 0);
    updateActions();
}

void BatchPanel::step(int delta) {
    const int rows = m_model->rowCount();
    if (rows == 0)
        return;
    const QModelIndex current = m_queue->currentIndex();
    const int row = current.isValid() ? std::clamp(current.row() + delta, 0, rows - 1) : 0;
    m_queue->setCurrentIndex(m_model->index(row));
}

void BatchPanel::moveToNextUnreviewed() {
    const QModelIndex current = m_queue->currentIndex();
    const int row = m_model->nextUnreviewed(current.isValid() ? current.row() : -1);
    if (row >= 0)
        m_queue->setCurrentIndex(m_model->index(row));
    else
        updateReview();
}

void BatchPanel::showCurrent() {
    const std::optional<BatchItem> item = currentItem();
    bindSession(item && item->status == BatchItem::Status::Drafted
                    ? m_controller.session(item->ticketId)
                    : nullptr);
    updateReview();
}

void BatchPanel::bindSession(ComposeSession *session) {
    if (session && session == m_session)
        return;
    for (const QMetaObject::Connection &connection : m_sessionConnections)
        disconnect(connection);
    m_sessionConnections.clear();
    m_session = session;
    if (!session) {
        // An editor of its own, so that nothing typed here lands in a ticket's draft.
        m_body->setDocument(nullptr);
        m_body->setReadOnly(true);
        m_subject->clear();
        m_subject->setReadOnly(true);
        m_request->clear();
        return;
    }
    m_body->setDocument(session->bodyDocument());
    m_body->setReadOnly(false);
    m_subject->setReadOnly(false);
    m_subject->setText(session->subject());
    const QString prompt = session->promptDocument()->toPlainText().trimmed();
    const std::optional<BatchJob> job = m_controller.job();
    m_request->setText(!prompt.isEmpty() ? prompt : job ? job->prompt : QString());
    m_sessionConnections = {
        connect(session, &ComposeSession::subjectReplaced, this,
                [this] {
                    if (m_session)
                        m_subject->setText(m_session->subject());
                }),
        connect(session, &ComposeSession::findingsChanged, this, &BatchPanel::updateReview),
        connect(session, &ComposeSession::responseChanged, this, &BatchPanel::updateReview),
        connect(session, &ComposeSession::savedChanged, this, &BatchPanel::updateActions),
        connect(session, &ComposeSession::stateChanged, this, &BatchPanel::updateActions),
        // Sessions go with the compose controller, maybe before this window: the editor must
        // not keep a document that is about to be deleted.
        connect(session, &QObject::destroyed, this, [this] { bindSession(nullptr); }),
    };
}

void BatchPanel::updateReview() {
    const std::optional<BatchItem> item = currentItem();
    if (!item) {
        m_itemHeader->setText(m_model->rowCount() > 0 ? tr("Select a draft to review it.")
                                                      : QString());
        m_reason->hide();
        m_findings->clear();
        m_metadata->clear();
        updateActions();
        return;
    }
    m_itemHeader->setText(m_model->summary(m_model->rowOfPosition(item->position)));
    m_reason->setVisible(!item->reason.isEmpty());
    m_reason->setText(item->status == BatchItem::Status::Skipped
                          ? tr("Skipped: %1").arg(item->reason)
                          : tr("Failed: %1").arg(item->reason));
    if (!m_session) {
        m_findings->clear();
        m_metadata->clear();
        updateActions();
        return;
    }
    QStringList findings;
    for (const ComplianceFinding &finding : m_session->findings())
        findings.append(u"%1 — %2: %3"_s.arg(ComplianceFinding::severityLabel(finding.severity),
                                             ComplianceFinding::kindLabel(finding.kind),
                                             finding.advice));
    m_findings->setText(findings.isEmpty() ? tr("The checks found nothing.")
                                           : findings.join(u'\n'));
    QStringList metadata;
    if (const std::optional<OutreachResponse> &response = m_session->response()) {
        const OutreachResponse::Metadata &meta = response->metadata;
        metadata.append(tr("Confidence %1%").arg(std::lround(meta.confidence * 100)));
        if (!meta.usedContext.isEmpty())
            metadata.append(tr("Used context: %1").arg(meta.usedContext.join(u", "_s)));
    }
    m_metadata->setText(metadata.join(u" · "_s));
    updateActions();
}

void BatchPanel::updateActions() {
    const std::optional<BatchItem> item = currentItem();
    const bool running = m_controller.isRunning();
    const std::optional<BatchJob> job = m_controller.job();
    m_pause->setEnabled(running && !m_controller.isPausing());
    m_resume->setEnabled(!running && job && job->isOpen());
    m_cancel->setEnabled((running || (job && job->isOpen())));
    m_next->setEnabled(m_model->rowCount() > 0);
    m_previous->setEnabled(m_model->rowCount() > 0);

    const QString approveTip =
        tr("Store the message on the ticket's history and queue it for the CRM, then show the "
           "next unreviewed draft (%1)")
            .arg(m_approve->shortcut().toString(QKeySequence::NativeText));
    const QString blocked = item ? m_controller.approveBlockedReason(*item) : QString();
    m_approve->setEnabled(item && blocked.isEmpty());
    m_approve->setToolTip(blocked.isEmpty() ? approveTip : blocked);
    const bool drafted = item && item->status == BatchItem::Status::Drafted;
    m_regenerate->setEnabled(drafted && m_session && !m_session->isRunning()
                             && m_session->generateBlockedReason().isEmpty());
    m_skip->setEnabled(drafted);
    m_reject->setEnabled(drafted);
    m_approveAll->setEnabled(m_model->nextUnreviewed(-1) >= 0);
}

void BatchPanel::report(const Result<void> &result) {
    if (!result.ok())
        emit statusMessage(result.error().message());
}
