// SPDX-License-Identifier: GPL-3.0-or-later
#include "platform/CredentialStore.h"

#include "platform/LogRedaction.h"

#include <QCoroSignal>
#include <QCoroTimer>
#include <QPointer>
#include <QUrl>
#include <qt6keychain/keychain.h>

#include <functional>
#include <memory>

using namespace Qt::StringLiterals;

namespace {

enum class Operation { Read, Write, Remove };

// What one QtKeychain job ended with. `secret` is set only by a successful read.
struct JobResult {
    QKeychain::Error error = QKeychain::NoError;
    QString errorString;
    std::optional<QString> secret;
};

// Runs one job to its end. The job is owned here, not parented to the store (a job deleted while
// libsecret still holds a pointer to it crashes in the callback) and not auto-deleted (its result
// is read after this coroutine resumes through a queued call; auto-delete's deleteLater() is
// another posted event, so the job's survival would hang on the order of the two).
QCoro::Task<JobResult> runJob(Operation operation, QString service, QString key, QString secret) {
    std::unique_ptr<QKeychain::Job> job;
    switch (operation) {
    case Operation::Read:
        job = std::make_unique<QKeychain::ReadPasswordJob>(service);
        break;
    case Operation::Write: {
        auto writeJob = std::make_unique<QKeychain::WritePasswordJob>(service);
        writeJob->setTextData(secret);
        job = std::move(writeJob);
        break;
    }
    case Operation::Remove:
        job = std::make_unique<QKeychain::DeletePasswordJob>(service);
        break;
    }
    job->setAutoDelete(false);
    // No plaintext fallback, ever. QtKeychain would otherwise keep the secret in a QSettings file
    // (readable by anything running as the user, copied by backups) whenever the keyring is
    // unavailable; a clear error the rep can act on is better than a token leaked to disk.
    job->setInsecureFallback(false);
    job->setKey(key);

    // Listen before starting: qCoro() is eager, so the connection exists before the job can end.
    auto finished = qCoro(job.get(), &QKeychain::Job::finished);
    job->start();
    co_await std::move(finished);

    JobResult outcome{job->error(), job->errorString(), std::nullopt};
    if (operation == Operation::Read && outcome.error == QKeychain::NoError)
        outcome.secret = static_cast<QKeychain::ReadPasswordJob *>(job.get())->textData();
    co_return outcome;
}

// Runs the job, and on Linux once more after `delay` when it failed the way a Secret Service that
// is not up yet fails: OtherError (no bus, no service) or AccessDenied (collection still locked).
// QtKeychain never reports NoBackendAvailable there, so this is the only sign of a slow start.
QCoro::Task<JobResult> runWithRetry(Operation operation, QString service, QString key,
                                    QString secret, std::chrono::milliseconds delay,
                                    std::function<void()> beforeRetry) {
    JobResult outcome = co_await runJob(operation, service, key, secret);
#ifdef Q_OS_LINUX
    if (outcome.error == QKeychain::OtherError || outcome.error == QKeychain::AccessDenied) {
        beforeRetry();
        co_await QCoro::sleepFor(delay);
        outcome = co_await runJob(operation, service, key, secret);
    }
#else
    Q_UNUSED(delay)
    Q_UNUSED(beforeRetry)
#endif
    co_return outcome;
}

// The error the rep sees. It names the entry (never the secret) and says what to do.
OutreachError errorFor(Operation operation, const QString &key, const JobResult &outcome) {
    const QString detail = outcome.errorString.trimmed().isEmpty()
                               ? CredentialStore::tr("unknown error")
                               : outcome.errorString.trimmed();
    switch (outcome.error) {
    case QKeychain::NoBackendAvailable:
#ifdef Q_OS_LINUX
        return OutreachError(
            OutreachError::Code::Storage,
            CredentialStore::tr(
                "No keyring is available to keep the credential \"%1\": install and start a Secret "
                "Service provider such as GNOME Keyring (package gnome-keyring) or KWallet, make "
                "sure it runs in your desktop session, then try again. (%2)")
                .arg(key, detail));
#else
        return OutreachError(
            OutreachError::Code::Storage,
            CredentialStore::tr("The system keychain is not available to keep the credential "
                                "\"%1\". (%2)")
                .arg(key, detail));
#endif
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
        return OutreachError(
            OutreachError::Code::Auth,
            CredentialStore::tr("The system keyring refused access to the credential \"%1\": it "
                                "is locked or access was denied. Unlock the keyring and try "
                                "again. (%2)")
                .arg(key, detail));
    default:
        break;
    }
    QString action;
    switch (operation) {
    case Operation::Read:
        action = CredentialStore::tr(
            "Could not read the credential \"%1\" from the system keyring: %2.");
        break;
    case Operation::Write:
        action =
            CredentialStore::tr("Could not save the credential \"%1\" in the system keyring: %2.");
        break;
    case Operation::Remove:
        action = CredentialStore::tr(
            "Could not remove the credential \"%1\" from the system keyring: %2.");
        break;
    }
    QString message = action.arg(key, detail);
#ifdef Q_OS_LINUX
    // What OtherError nearly always means on Linux: no session bus, or no Secret Service on it.
    message += u' '
               + CredentialStore::tr(
                   "Check that a Secret Service keyring (GNOME Keyring or KWallet) is running and "
                   "unlocked in this desktop session.");
#endif
    return OutreachError(OutreachError::Code::Storage, message);
}

OutreachError missingKeyError() {
    return OutreachError(
        OutreachError::Code::Storage,
        CredentialStore::tr("No credential name was given for the system keyring."));
}

// Normalises a server's base URL so that its spellings share one keychain entry.
QString normalisedAccount(const QString &account) {
    const QString trimmed = account.trimmed();
    QUrl url(trimmed, QUrl::StrictMode);
    if (!url.isValid() || url.isRelative() || url.host().isEmpty())
        return trimmed;
    url.setUserInfo({}); // a password in a URL must not end up in an entry's name
    url.setQuery(QString());
    url.setFragment(QString());
    const QString scheme = url.scheme(); // QUrl lower-cases scheme and host itself
    if ((scheme == u"https"_s && url.port() == 443) || (scheme == u"http"_s && url.port() == 80))
        url.setPort(-1);
    QString path = url.path(QUrl::FullyEncoded);
    while (path.endsWith(u'/'))
        path.chop(1);
    url.setPath(path, QUrl::StrictMode);
    return url.toString(QUrl::FullyEncoded);
}

} // namespace

CredentialStore::CredentialStore(QString service, QObject *parent)
    : QObject(parent)
    , m_service(std::move(service)) {}

QString CredentialStore::entryKey(const QString &endpoint, const QString &account) {
    return endpoint.trimmed().toLower() + u"-token@"_s + normalisedAccount(account);
}

// The coroutines below copy what they need from the store before their first suspension and reach
// the store afterwards only through a QPointer, so deleting the store mid-operation is safe.
//
// Every argument of a co_await'ed call is a named object, never a temporary: GCC 12 destroys some
// temporaries of a co_await expression twice (a lambda converted to std::function there corrupted
// the heap), see https://gcc.gnu.org/bugzilla/show_bug.cgi?id=100611.

namespace {

std::function<void()> retryNotifier(CredentialStore *store, const QString &key) {
    return [self = QPointer<CredentialStore>(store), key] {
        if (self)
            emit self->retrying(key);
    };
}

} // namespace

QCoro::Task<Result<std::optional<QString>>> CredentialStore::read(QString key) {
    using ReadResult = Result<std::optional<QString>>;
    if (key.isEmpty())
        co_return ReadResult(missingKeyError());
    std::function<void()> notify = retryNotifier(this, key);
    const QString noSecret;
    const JobResult outcome = co_await runWithRetry(Operation::Read, m_service, key, noSecret,
                                                    m_retryDelay, std::move(notify));
    if (outcome.error == QKeychain::NoError) {
        // From here on the secret is in memory: keep it out of every log line.
        LogRedaction::addSecret(outcome.secret.value_or(QString()));
        co_return ReadResult(outcome.secret);
    }
    if (outcome.error == QKeychain::EntryNotFound)
        co_return ReadResult(std::optional<QString>());
    co_return ReadResult(errorFor(Operation::Read, key, outcome));
}

QCoro::Task<Result<void>> CredentialStore::write(QString key, QString secret) {
    if (key.isEmpty())
        co_return Result<void>(missingKeyError());
    LogRedaction::addSecret(secret);
    std::function<void()> notify = retryNotifier(this, key);
    const JobResult outcome = co_await runWithRetry(
        Operation::Write, m_service, key, std::move(secret), m_retryDelay, std::move(notify));
    if (outcome.error == QKeychain::NoError)
        co_return Result<void>();
    co_return Result<void>(errorFor(Operation::Write, key, outcome));
}

QCoro::Task<Result<void>> CredentialStore::remove(QString key) {
    if (key.isEmpty())
        co_return Result<void>(missingKeyError());
    std::function<void()> notify = retryNotifier(this, key);
    const QString noSecret;
    const JobResult outcome = co_await runWithRetry(Operation::Remove, m_service, key, noSecret,
                                                    m_retryDelay, std::move(notify));
    // Removing what is not there leaves the keyring as asked.
    if (outcome.error == QKeychain::NoError || outcome.error == QKeychain::EntryNotFound)
        co_return Result<void>();
    co_return Result<void>(errorFor(Operation::Remove, key, outcome));
}
