// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/ComplianceFinding.h"
#include "domain/OutreachContext.h"
#include "review/ComplianceChecker.h"

#include <QList>
#include <QObject>
#include <QString>

#include <optional>

// Checks a draft against the compliance rules on a worker thread, as often as it changes: the
// checks scan the whole text (a runaway answer is megabytes) and the window must not wait for
// them. Only the newest check's answer is told.
class DraftChecker : public QObject {
    Q_OBJECT
public:
    explicit DraftChecker(QObject *parent = nullptr);

    // Checks `subject` and `body` against `context` and the rep's request; `kept` (findings about
    // the generation, not the text) are added to the answer. Without a context or any text there is
    // nothing to check: `kept` is the answer, told at once. Any check still running is superseded.
    void check(const QString &subject, const QString &body,
               const std::optional<OutreachContext> &context, const ComplianceSettings &settings,
               const QList<ComplianceFinding> &kept, const QString &repRequest = {});

signals:
    void checked(const QList<ComplianceFinding> &findings);

private:
    quint64 m_generation = 0;
};
