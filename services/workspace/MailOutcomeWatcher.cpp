// SPDX-License-Identifier: GPL-3.0-or-later
#include "workspace/MailOutcomeWatcher.h"

#include "activity/ActivityTracker.h"
#include "mail/ImapConnection.h"
#include "mail/ImapSearch.h"
#include "mail/OutcomeMatcher.h"
#include "mail/ReceivedMail.h"
#include "platform/LogCategories.h"
#include "storage/CacheStore.h"

#include <QCoreApplication>
#include <QTimer>

#include <utility>

using namespace Qt::StringLiterals;

namespace {

QString translate(const char *text) {
    return QCoreApplication::translate("MailOutcomeWatcher", text);
}

QString bracketed(const QString &messageId) {
    return u'<' + messageId + u'>';
}

ActivityTracker::Milestone milestoneOf(MailStore::Outcome outcome) {
    switch (outcome) {
    case MailStore::Outcome::Sent:
        return ActivityTracker::Milestone::Sent;
    case MailStore::Outcome::Replied:
        return ActivityTracker::Milestone::Replied;
    case MailStore::Outcome::Bounced:
        return ActivityTracker::Milestone::Bounced;
    }
    return ActivityTracker::Milestone::Sent;
}

// A found message's time: its Date header, or when the server received it.
QDateTime foundAt(const ReceivedMail &mail, const ImapConnection::FetchedMessage &fetched) {
    if (mail.date.isValid())
        return mail.date;
    if (fetched.internalDate.isValid())
        return fetched.internalDate.toUTC();
    return QDateTime::currentDateTimeUtc();
}

} // namespace

MailOutcomeWatcher::MailOutcomeWatcher(CacheStore &cache, QObject *parent)
    : QObject(parent)
    , m_cache(cache)
    , m_sleepTimer(new QTimer(this)) {
    m_sleepTimer->setSingleShot(true);
    connect(m_sleepTimer, &QTimer::timeout, this, &MailOutcomeWatcher::endSleep);
}

void MailOutcomeWatcher::Sleep::await_suspend(std::coroutine_handle<> handle) {
    watcher->m_sleeper = handle;
    watcher->m_sleepTimer->start(duration);
}

void MailOutcomeWatcher::endSleep() {
    m_sleepTimer->stop();
    if (m_sleeper)
        std::exchange(m_sleeper, nullptr).resume();
}

MailOutcomeWatcher::~MailOutcomeWatcher() {
    stop();
}

void MailOutcomeWatcher::setSettings(const MailSettings &settings, const QString &password) {
    const bool changed = !(settings.account == m_settings.account) || password != m_password
                         || settings.caFile != m_settings.caFile;
    m_settings = settings;
    m_password = password;
    m_interval = std::chrono::seconds(settings.pollSeconds);
    // A check in progress keeps its connection; the next one opens a new one.
    if (changed)
        m_reconnect = true;
    requestCheck();
}

void MailOutcomeWatcher::requestCheck() {
    if (!m_running)
        return;
    m_checkRequested = true;
    // Ends IDLE (the loop then checks again) or the wait between polls.
    if (m_idling && m_connection)
        m_connection->abort();
    else
        endSleep();
}

QStringList MailOutcomeWatcher::sentFallbackNames() {
    return {u"Sent"_s,
            u"Sent Items"_s,
            u"Sent Messages"_s,
            u"Sent Mail"_s,
            u"Gesendet"_s,
            u"Gesendete Elemente"_s,
            u"Gesendete Objekte"_s,
            u"Envoyés"_s,
            u"Éléments envoyés"_s,
            u"Enviados"_s,
            u"Elementos enviados"_s,
            u"Posta inviata"_s,
            u"Skickat"_s,
            u"Skickade objekt"_s,
            u"Sendt"_s,
            u"Sendte elementer"_s,
            u"Wysłane"_s,
            u"Verzonden"_s};
}

QCoro::Task<Result<void>> MailOutcomeWatcher::ensureOpen() {
    if (m_connection && m_connection->isOpen() && !m_reconnect)
        co_return Result<void>();
    m_reconnect = false;
    Result<ImapConnection::Options> options = m_settings.connectionOptions();
    if (!options.ok())
        co_return options.error();
    m_connection = std::make_unique<ImapConnection>(options.value());
    ImapConnection *connection = m_connection.get();
    QCoro::Task<Result<void>> opening = connection->open(m_settings.account, m_password);
    const Result<void> opened = co_await opening;
    co_return opened;
}

Result<bool> MailOutcomeWatcher::record(const MailStore::Entry &entry, MailStore::Outcome outcome,
                                        const QDateTime &occurredAt, const QString &source) {
    if (!m_tracker)
        return OutreachError(OutreachError::Code::Cancelled,
                             translate("Outcomes cannot be recorded while the CRM is changing."));
    MailStore store(m_cache);
    if (store.hasDetection(entry.messageId, outcome))
        return false;
    MailStore::Detection detection;
    detection.messageId = entry.messageId;
    detection.outcome = outcome;
    detection.occurredAt = occurredAt.toUTC();
    detection.source = source;
    detection.detectedAt = QDateTime::currentDateTimeUtc();
    bool added = false;
    const Result<QList<QByteArray>> recorded = m_tracker->recordOutcome(
        entry.ticketId, entry.messageId, milestoneOf(outcome), occurredAt, [&]() -> Result<void> {
            const Result<bool> stored = store.addDetection(detection);
            if (!stored.ok())
                return stored.error();
            added = stored.value();
            return {};
        });
    if (!recorded.ok())
        return recorded.error();
    if (added) {
        qCInfo(lcMail) << "Recorded" << MailStore::outcomeName(outcome) << "of message"
                       << entry.messageId << "from the mailbox";
        emit outcomeRecorded(entry.ticketId, entry.messageId, outcome);
    }
    return added;
}

QCoro::Task<Result<QList<ImapConnection::FetchedMessage>>>
MailOutcomeWatcher::findMessages(ImapConnection *connection, ImapSearch search, bool withText) {
    QPointer<MailOutcomeWatcher> self(this);
    QCoro::Task<Result<QList<quint32>>> searching = connection->uidSearch(search);
    const Result<QList<quint32>> uids = co_await searching;
    if (!uids.ok())
        co_return uids.error();
    if (!self || uids.value().isEmpty())
        co_return QList<ImapConnection::FetchedMessage>();
    const QList<quint32> found = uids.value();
    QCoro::Task<Result<QList<ImapConnection::FetchedMessage>>> fetching =
        connection->uidFetch(found, withText);
    const Result<QList<ImapConnection::FetchedMessage>> fetched = co_await fetching;
    co_return fetched;
}

QCoro::Task<Result<int>> MailOutcomeWatcher::checkSent(const QList<MailStore::Entry> &entries) {
    QList<MailStore::Entry> unsent;
    MailStore store(m_cache);
    for (const MailStore::Entry &entry : entries) {
        if (!store.hasDetection(entry.messageId, MailStore::Outcome::Sent))
            unsent.append(entry);
    }
    if (unsent.isEmpty())
        co_return 0;
    QPointer<MailOutcomeWatcher> self(this);
    ImapConnection *connection = m_connection.get();
    QCoro::Task<Result<QString>> finding =
        connection->findMailbox(u"\\Sent"_s, sentFallbackNames());
    const Result<QString> sent = co_await finding;
    if (!self)
        co_return 0;
    if (!sent.ok())
        co_return sent.error();
    QCoro::Task<Result<ImapConnection::Selected>> examining = connection->examine(sent.value());
    const Result<ImapConnection::Selected> selected = co_await examining;
    if (!self)
        co_return 0;
    if (!selected.ok())
        co_return selected.error();
    int recorded = 0;
    for (const MailStore::Entry &entry : unsent) {
        // By its Message-ID; a client that gave it a new one on sending (Thunderbird, Outlook)
        // filed it to the prospect under the same subject.
        const ImapSearch byId = ImapSearch::header(u"Message-ID"_s, bracketed(entry.rfcMessageId));
        ImapSearch search = byId;
        if (!entry.subject.trimmed().isEmpty())
            search =
                ImapSearch::orOf(byId, ImapSearch::since(entry.savedAt.toUTC().date().addDays(-1))
                                           && ImapSearch::header(u"To"_s, entry.recipient)
                                           && ImapSearch::subject(entry.subject.trimmed()));
        QCoro::Task<Result<QList<ImapConnection::FetchedMessage>>> finding =
            findMessages(connection, search, false);
        const Result<QList<ImapConnection::FetchedMessage>> fetched = co_await finding;
        if (!self)
            co_return recorded;
        if (!fetched.ok())
            co_return fetched.error();
        const OutcomeMatcher::Sent draft{entry.rfcMessageId,      entry.recipient, entry.subject,
                                         m_settings.from.address, entry.savedAt,   {}};
        for (const ImapConnection::FetchedMessage &message : fetched.value()) {
            const Result<ReceivedMail> mail = ReceivedMail::parse(message.header);
            if (!mail.ok() || !OutcomeMatcher::isSentCopy(mail.value(), draft))
                continue;
            if (const QString copyId = mail.value().messageId;
                !copyId.isEmpty() && copyId != entry.rfcMessageId) {
                if (const Result<void> noted =
                        MailStore(m_cache).setSentMessageId(entry.messageId, copyId);
                    !noted.ok())
                    co_return noted.error();
            }
            const Result<bool> added =
                record(entry, MailStore::Outcome::Sent, foundAt(mail.value(), message),
                       translate("seen in the Sent folder “%1” of %2")
                           .arg(sent.value(), m_settings.accountName()));
            if (!added.ok())
                co_return added.error();
            recorded += added.value() ? 1 : 0;
            break;
        }
    }
    co_return recorded;
}

QCoro::Task<Result<int>> MailOutcomeWatcher::checkInbox(const QList<MailStore::Entry> &entries) {
    QPointer<MailOutcomeWatcher> self(this);
    ImapConnection *connection = m_connection.get();
    const QString inbox = u"INBOX"_s;
    QCoro::Task<Result<ImapConnection::Selected>> examining = connection->examine(inbox);
    const Result<ImapConnection::Selected> selected = co_await examining;
    if (!self)
        co_return 0;
    if (!selected.ok())
        co_return selected.error();
    int recorded = 0;
    for (const MailStore::Entry &entry : entries) {
        const OutcomeMatcher::Sent sent{entry.rfcMessageId, entry.recipient,
                                        entry.subject,      m_settings.from.address,
                                        entry.savedAt,      entry.sentMessageId};
        const QDate since = entry.savedAt.toUTC().date().addDays(-1);
        const QString id = bracketed(entry.rfcMessageId);
        // Replies: naming the message, or from the prospect under its subject.
        ImapSearch replies = ImapSearch::orOf(ImapSearch::header(u"In-Reply-To"_s, id),
                                              ImapSearch::header(u"References"_s, id));
        ImapSearch quoted = ImapSearch::body(entry.rfcMessageId);
        if (!entry.sentMessageId.isEmpty()) {
            const QString copy = bracketed(entry.sentMessageId);
            replies = ImapSearch::orOf(replies,
                                       ImapSearch::orOf(ImapSearch::header(u"In-Reply-To"_s, copy),
                                                        ImapSearch::header(u"References"_s, copy)));
            quoted = ImapSearch::orOf(quoted, ImapSearch::body(entry.sentMessageId));
        }
        if (!entry.subject.trimmed().isEmpty())
            replies =
                ImapSearch::orOf(replies, ImapSearch::from(entry.recipient)
                                              && ImapSearch::subject(entry.subject.trimmed()));
        // Bounces: a report quotes the original's header, so its body holds the Message-ID.
        const ImapSearch search = ImapSearch::since(since) && ImapSearch::orOf(replies, quoted);
        QCoro::Task<Result<QList<ImapConnection::FetchedMessage>>> finding =
            findMessages(connection, search, true);
        const Result<QList<ImapConnection::FetchedMessage>> fetched = co_await finding;
        if (!self)
            co_return recorded;
        if (!fetched.ok())
            co_return fetched.error();
        for (const ImapConnection::FetchedMessage &message : fetched.value()) {
            const Result<ReceivedMail> mail = ReceivedMail::parse(message.header + message.text);
            if (!mail.ok())
                continue;
            const OutcomeMatcher::Finding finding = OutcomeMatcher::classify(mail.value(), sent);
            if (finding == OutcomeMatcher::Finding::Nothing)
                continue;
            const bool bounce = finding == OutcomeMatcher::Finding::Bounce;
            const MailStore::Outcome outcome =
                bounce ? MailStore::Outcome::Bounced : MailStore::Outcome::Replied;
            const QString source =
                bounce ? translate("delivery report in “%1” of %2")
                             .arg(inbox, m_settings.accountName())
                       : translate("reply from %1 in “%2” of %3")
                             .arg(mail.value().from.display(), inbox, m_settings.accountName());
            const Result<bool> added =
                record(entry, outcome, foundAt(mail.value(), message), source);
            if (!added.ok())
                co_return added.error();
            recorded += added.value() ? 1 : 0;
        }
    }
    co_return recorded;
}

QCoro::Task<Result<MailOutcomeWatcher::Report>> MailOutcomeWatcher::checkNow() {
    if (m_checking)
        co_return OutreachError(OutreachError::Code::Cancelled,
                                translate("The mailbox is being checked already."));
    if (!m_settings.configured())
        co_return OutreachError(OutreachError::Code::ContextInvalid,
                                translate("No mailbox is set up: fill in Settings → Mail."));
    QPointer<MailOutcomeWatcher> self(this);
    m_checking = true;
    Report report;
    const QList<MailStore::Entry> entries = MailStore(m_cache).watchedEntries();
    report.checked = static_cast<int>(entries.size());
    Result<Report> result = report;
    if (!entries.isEmpty()) {
        QCoro::Task<Result<void>> opening = ensureOpen();
        const Result<void> opened = co_await opening;
        if (!self)
            co_return report;
        if (!opened.ok()) {
            result = opened.error();
        } else {
            QCoro::Task<Result<int>> checkingSent = checkSent(entries);
            const Result<int> sent = co_await checkingSent;
            if (!self)
                co_return report;
            Result<int> inbox = sent;
            if (sent.ok()) {
                // Read again: finding the Sent copy may have noted its own Message-ID.
                const QList<MailStore::Entry> current = MailStore(m_cache).watchedEntries();
                QCoro::Task<Result<int>> checkingInbox = checkInbox(current);
                inbox = co_await checkingInbox;
                if (!self)
                    co_return report;
            }
            if (!inbox.ok()) {
                result = inbox.error(); // a broken connection is opened again next time
            } else {
                report.recorded = sent.value() + inbox.value();
                result = report;
            }
        }
    }
    m_checking = false;
    co_return result;
}

void MailOutcomeWatcher::start() {
    if (m_running)
        return;
    m_running = true;
    m_stopping = false;
    // A loop told to stop that has not returned yet simply carries on.
    if (!m_looping)
        loop();
}

QCoro::Task<void> MailOutcomeWatcher::loop() {
    QPointer<MailOutcomeWatcher> self(this);
    m_looping = true;
    while (!m_stopping) {
        m_checkRequested = false;
        QCoro::Task<Result<Report>> checking = checkNow();
        const Result<Report> report = co_await checking;
        if (!self)
            co_return;
        if (!report.ok() && report.error().code() != OutreachError::Code::Cancelled)
            emit checkFailed(report.error());
        if (m_stopping)
            break;
        bool waited = false;
        ImapConnection *connection = m_connection.get();
        if (report.ok() && connection && connection->isOpen()
            && connection->hasCapability(u"IDLE")) {
            const QString inbox = u"INBOX"_s;
            QCoro::Task<Result<ImapConnection::Selected>> examining = connection->examine(inbox);
            const Result<ImapConnection::Selected> selected = co_await examining;
            if (!self)
                co_return;
            if (selected.ok() && !m_stopping) {
                const std::chrono::milliseconds longest = m_interval;
                m_idling = true;
                QCoro::Task<Result<bool>> idling = connection->idle(longest);
                const Result<bool> idled = co_await idling;
                if (!self)
                    co_return;
                m_idling = false;
                waited = idled.ok();
                if (m_stopping)
                    break;
                // An abort resumes this from inside the connection: leave its stack before the
                // next check may replace it.
                co_await Sleep{this, std::chrono::milliseconds(0)};
                if (!self)
                    co_return;
            }
        }
        if (!waited && !m_stopping && !m_checkRequested)
            co_await Sleep{this, m_interval};
        if (!self)
            co_return;
    }
    m_looping = false;
    m_running = false;
}

void MailOutcomeWatcher::stop() {
    if (!m_running && !m_connection)
        return;
    m_stopping = true;
    // Both resume the loop where it waits, at once, and it returns seeing m_stopping.
    if (m_connection)
        m_connection->abort();
    endSleep();
    m_running = false;
}
