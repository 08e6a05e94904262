// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/compose/DraftKeeper.h"

#include "storage/DraftStore.h"

#include <QTimer>

DraftKeeper::DraftKeeper(QString ticketId, DraftStore &store, std::function<Draft()> current,
                         QObject *parent)
    : QObject(parent)
    , m_ticketId(std::move(ticketId))
    , m_store(store)
    , m_current(std::move(current))
    , m_autosave(new QTimer(this)) {
    m_autosave->setSingleShot(true);
    m_autosave->setInterval(AutosaveDelayMs);
    connect(m_autosave, &QTimer::timeout, this, &DraftKeeper::flush);
}

DraftKeeper::~DraftKeeper() {
    if (m_autosave->isActive())
        flush();
}

std::optional<Draft> DraftKeeper::restore() const {
    return m_store.load(m_ticketId);
}

void DraftKeeper::schedule() {
    if (!m_autosave->isActive())
        m_autosave->start();
}

void DraftKeeper::flush() {
    m_autosave->stop();
    const Result<void> saved = m_store.save(m_current());
    if (!saved.ok())
        emit storageFailed(saved.error().message());
}

std::optional<qint64> DraftKeeper::addVersion(DraftVersion::Status status, const QString &prompt,
                                              const OutreachResponse &response) {
    DraftVersion version;
    version.ticketId = m_ticketId;
    version.createdAt = QDateTime::currentDateTimeUtc();
    version.status = status;
    version.prompt = prompt;
    version.response = response;
    const Result<qint64> stored = m_store.addVersion(version);
    if (!stored.ok()) {
        emit storageFailed(stored.error().message());
        return std::nullopt;
    }
    emit versionsChanged();
    return stored.value();
}

QList<DraftVersion> DraftKeeper::versions() const {
    return m_store.versions(m_ticketId);
}

std::optional<DraftVersion> DraftKeeper::version(qint64 id) const {
    std::optional<DraftVersion> found = m_store.version(id);
    if (!found || found->ticketId != m_ticketId)
        return std::nullopt;
    return found;
}
