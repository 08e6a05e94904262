// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/compose/ComposeController.h"

#include "activity/ActivityTracker.h"
#include "crm/ContextAssembler.h"
#include "storage/CacheStore.h"
#include "storage/DraftStore.h"
#include "ui/compose/ComposeSession.h"
#include "workspace/DraftsUploader.h"
#include "workspace/MailOutcomeWatcher.h"

#include <QSettings>

ComposeController::ComposeController(CacheStore &cache, QSettings &settings, QObject *parent)
    : QObject(parent)
    , m_cache(cache)
    , m_settings(settings)
    , m_drafts(std::make_unique<DraftStore>(cache))
    , m_localAssembler(std::make_unique<ContextAssembler>(cache, nullptr))
    , m_localTracker(std::make_unique<ActivityTracker>(cache))
    , m_assembler(m_localAssembler.get())
    , m_tracker(m_localTracker.get())
    , m_compliance(ComplianceSettings::load(settings))
    , m_mailSettings(MailSettings::load(settings))
    , m_uploader(new DraftsUploader(cache, this))
    , m_watcher(new MailOutcomeWatcher(cache, this)) {
    m_watcher->setTracker(m_tracker);
}

ComposeController::~ComposeController() {
    m_watcher->stop();
    flushAll();
    // Sessions first: a running generation refers to the assembler and tracker.
    qDeleteAll(m_sessions);
    m_sessions.clear();
}

ComposeSession *ComposeController::session(const QString &ticketId) {
    if (ComposeSession *existing = m_sessions.value(ticketId))
        return existing;
    auto *created = new ComposeSession(ticketId, *this);
    m_sessions.insert(ticketId, created);
    return created;
}

ComposeSession *ComposeController::existingSession(const QString &ticketId) const {
    return m_sessions.value(ticketId);
}

QList<ComposeSession *> ComposeController::sessions() const {
    return m_sessions.values();
}

void ComposeController::setCrm(ContextAssembler *assembler, ActivityTracker *tracker) {
    emit crmChanging();
    m_assembler = assembler ? assembler : m_localAssembler.get();
    m_tracker = tracker ? tracker : m_localTracker.get();
    m_watcher->setTracker(m_tracker);
}

void ComposeController::setMailbox(const MailSettings &settings, const QString &password) {
    m_mailSettings = settings;
    m_mailPassword = password;
    m_watcher->setSettings(settings, password);
    if (settings.configured() && !password.isEmpty())
        m_watcher->start();
    else
        m_watcher->stop();
}

ContextAssembler &ComposeController::assembler() const {
    return *m_assembler;
}

ActivityTracker &ComposeController::tracker() const {
    return *m_tracker;
}

void ComposeController::setEndpoint(const ModelEndpoint &endpoint) {
    m_endpoint = endpoint;
    emit configurationChanged();
}

bool ComposeController::hasModel() const {
    return m_endpoint.validate().ok();
}

void ComposeController::reloadCompliance() {
    m_compliance = ComplianceSettings::load(m_settings);
    emit configurationChanged();
}

void ComposeController::flushAll() {
    for (ComposeSession *session : std::as_const(m_sessions))
        session->flush();
}
