// SPDX-License-Identifier: GPL-3.0-or-later
#include "workspace/StorageUpkeep.h"

#include "crm/Outbox.h"
#include "storage/CacheStore.h"
#include "storage/DraftStore.h"
#include "storage/SpaceReclaimer.h"

#include <QLoggingCategory>
#include <QSettings>
#include <QThread>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

Q_LOGGING_CATEGORY(lcUpkeep, "outreach.cache.upkeep")

std::chrono::milliseconds days(int count) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::days(count));
}

} // namespace

StorageUpkeep::Policy StorageUpkeep::Policy::load(const QSettings &settings) {
    Policy policy;
    policy.outboxRetentionDays = std::clamp(
        settings.value(u"storage/outboxRetentionDays"_s, policy.outboxRetentionDays).toInt(), 1,
        3650);
    policy.versionsPerTicket = std::clamp(
        settings.value(u"storage/versionsPerTicket"_s, policy.versionsPerTicket).toInt(), 1, 1000);
    policy.versionMaxAgeDays = std::clamp(
        settings.value(u"storage/versionMaxAgeDays"_s, policy.versionMaxAgeDays).toInt(), 1, 3650);
    return policy;
}

void StorageUpkeep::Policy::save(QSettings &settings) const {
    settings.setValue(u"storage/outboxRetentionDays"_s, outboxRetentionDays);
    settings.setValue(u"storage/versionsPerTicket"_s, versionsPerTicket);
    settings.setValue(u"storage/versionMaxAgeDays"_s, versionMaxAgeDays);
}

StorageUpkeep::StorageUpkeep(QObject *parent)
    : QObject(parent) {}

StorageUpkeep::~StorageUpkeep() {
    // A pass in flight finishes (it is short, and stopping it halfway would only waste it).
    if (m_thread) {
        m_thread->wait();
        delete m_thread;
    }
}

StorageUpkeep::Report StorageUpkeep::run(CacheStore &cache, const Policy &policy,
                                         const QDateTime &now) {
    Report report;
    // Each step its own transaction: a rep's autosave waits for one short step, not the pass.
    const Result<int> pruned = Outbox::pruneFinished(cache, days(policy.outboxRetentionDays), now);
    if (!pruned.ok()) {
        report.error = pruned.error();
        return report;
    }
    report.outboxRowsRemoved = pruned.value();
    const Result<int> trimmed = DraftStore(cache).trimVersions(policy.versionsPerTicket,
                                                               days(policy.versionMaxAgeDays), now);
    if (!trimmed.ok()) {
        report.error = trimmed.error();
        return report;
    }
    report.versionsRemoved = trimmed.value();
    const Result<SpaceReclaimer::Report> space =
        SpaceReclaimer::reclaim(cache.database(), cache.path());
    if (!space.ok()) {
        report.error = space.error();
        return report;
    }
    report.bytesBefore = space->bytesBefore;
    report.bytesAfter = space->bytesAfter;
    report.converted = space->converted;
    return report;
}

bool StorageUpkeep::start(const QString &path, const Policy &policy) {
    if (m_thread)
        return false;
    m_thread = QThread::create([this, path, policy] {
        Report report;
        {
            Result<std::unique_ptr<CacheStore>> cache = CacheStore::open(path);
            if (cache.ok())
                report = run(*cache.value(), policy, QDateTime::currentDateTimeUtc());
            else
                report.error = cache.error();
        }
        QMetaObject::invokeMethod(
            this,
            [this, report] {
                m_thread->wait();
                delete m_thread;
                m_thread = nullptr;
                if (report.error) {
                    qCWarning(lcUpkeep).noquote() << report.error->message();
                } else {
                    qCInfo(lcUpkeep,
                           "removed %d outbox rows and %d draft versions; file %lld -> %lld bytes",
                           report.outboxRowsRemoved, report.versionsRemoved, report.bytesBefore,
                           report.bytesAfter);
                }
                emit finished(report);
            },
            Qt::QueuedConnection);
    });
    m_thread->setObjectName(u"StorageUpkeep"_s);
    m_thread->start(QThread::LowPriority);
    return true;
}
