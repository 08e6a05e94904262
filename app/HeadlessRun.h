// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/CommandLine.h"
#include "domain/ComplianceFinding.h"

#include <QCoreApplication>
#include <QCoroTask>
#include <QList>
#include <QProcessEnvironment>

class CacheStore;
class QSettings;
#include <QTextStream>

// `outreachgpt --sync`, `--flush-outbox` and `--generate`: one sync, one delivery run and/or one
// drafted message without a window (for scripts, cron jobs and tests), printing what happened.
class HeadlessRun {
public:
    Q_DECLARE_TR_FUNCTIONS(HeadlessRun)

public:
    HeadlessRun(CommandLine::Options options, QProcessEnvironment environment);

    // Resolves to the process exit code: 0 when everything asked for succeeded, 1 when the CRM
    // or the local store failed (the reason is printed), 2 when the run is misconfigured.
    QCoro::Task<int> run();

private:
    // --generate: assembles the ticket's context, streams the draft to the terminal (or prints
    // it as JSON) with its metadata and findings.
    QCoro::Task<int> generate(CacheStore &cache, QSettings &settings);
    // One line per compliance finding: severity, kind, the offending text and what to do.
    void printFindings(const QList<ComplianceFinding> &findings);

    CommandLine::Options m_options;
    QProcessEnvironment m_environment;
    QTextStream m_out;
    QTextStream m_err;
};
