#pragma once

#include "CommandLine.h"

#include <QCoroTask>
#include <QProcessEnvironment>
#include <QTextStream>

// `outreachgpt --sync` and `--flush-outbox`: one sync and/or one delivery run against the CRM
// without a window (for scripts, cron jobs and tests), printing what happened.
class HeadlessRun {
public:
    HeadlessRun(CommandLine::Options options, QProcessEnvironment environment);

    // Resolves to the process exit code: 0 when everything asked for succeeded, 1 when the CRM
    // or the local store failed (the reason is printed), 2 when the run is misconfigured.
    QCoro::Task<int> run();

private:
    CommandLine::Options m_options;
    QProcessEnvironment m_environment;
    QTextStream m_out;
    QTextStream m_err;
};
