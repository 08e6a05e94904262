// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/compose/DraftChecker.h"

#include <QFutureWatcher>
#include <QtConcurrent>

DraftChecker::DraftChecker(QObject *parent)
    : QObject(parent) {}

void DraftChecker::check(const QString &subject, const QString &body,
                         const std::optional<OutreachContext> &context,
                         const ComplianceSettings &settings, const QList<ComplianceFinding> &kept,
                         const QString &repRequest) {
    const quint64 generation = ++m_generation;
    if (!context || (body.trimmed().isEmpty() && subject.trimmed().isEmpty())) {
        emit checked(kept); // nothing to check: no thread needed
        return;
    }
    auto *watcher = new QFutureWatcher<QList<ComplianceFinding>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, generation, kept] {
        watcher->deleteLater();
        if (generation != m_generation)
            return;
        emit checked(watcher->result() + kept);
    });
    watcher->setFuture(QtConcurrent::run([subject, body, context = *context, settings, repRequest] {
        return ComplianceChecker::check(subject, body, context, settings, repRequest);
    }));
}
