// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/Draft.h"
#include "domain/DraftVersion.h"
#include "domain/OutreachResponse.h"

#include <QObject>
#include <QString>

#include <functional>
#include <optional>

class DraftStore;
class QTimer;

// Keeps one ticket's draft safe: autosaves it within a second of a change (bursts share one
// write) and stores its versions, the one way a version is made.
class DraftKeeper : public QObject {
    Q_OBJECT
public:
    // Within a second of a change, as promised; a stream or steady typing saves twice a second.
    static constexpr int AutosaveDelayMs = 500;

    // `current` gives the draft as it stands when it is written.
    DraftKeeper(QString ticketId, DraftStore &store, std::function<Draft()> current,
                QObject *parent = nullptr);
    // Writes a pending autosave.
    ~DraftKeeper() override;

    // The draft autosaved last time, if any.
    std::optional<Draft> restore() const;
    // Saves within AutosaveDelayMs. Not restarted by later changes: a long stream or steady
    // typing still saves every half second instead of waiting for a pause.
    void schedule();
    // Writes the draft now.
    void flush();

    // Stores a version of the ticket's text; its id, or nullopt when the store failed (reported
    // through storageFailed).
    std::optional<qint64> addVersion(DraftVersion::Status status, const QString &prompt,
                                     const OutreachResponse &response);
    QList<DraftVersion> versions() const;
    // The version `id` of this ticket; nullopt when it is gone or belongs to another ticket.
    std::optional<DraftVersion> version(qint64 id) const;

signals:
    void versionsChanged();
    // The draft or a version could not be written: the message says what and why.
    void storageFailed(const QString &message);

private:
    QString m_ticketId;
    DraftStore &m_store;
    std::function<Draft()> m_current;
    QTimer *m_autosave;
};
