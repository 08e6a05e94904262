// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>

// Parses the command line without needing a QApplication, so --help and --version work on a
// machine with no display.
class CommandLine {
public:
    struct Options {
        QString dataDir;            // --data-dir: all state (database, settings) lives here
        bool demo = false;          // --demo: start on the demo workspace in a fresh data dir
        bool quitWhenShown = false; // --quit-when-shown (hidden): benchmarks' start-up probe
        QString crmUrl;             // --crm-url: the CRM for this run (not saved)
        QString crmKind;            // --crm: "hubspot" or "rest" for this run (not saved)
        bool sync = false;          // --sync: one ticket sync, then exit (no window)
        bool flushOutbox = false;   // --flush-outbox: deliver queued writes, then exit
        QString generateTicket;     // --generate TICKET: draft a message for it, then exit
        QString prompt;             // --prompt: the rep's request for --generate
        QString tone;               // --tone: concise, warm, formal, friendly, direct
        QString length;             // --length: short, medium, long
        bool json = false;          // --json: print the result as one JSON object
        QString templateId;         // --template: fill an offline template instead
        QString eml;                // --eml FILE: also write the draft as an .eml message
        bool generateBatch = false; // --generate-batch: draft many tickets, then exit
        bool resumeBatch = false;   // --resume-batch: finish the newest interrupted batch
        QString filter;             // --filter: the tickets the list shows for this search
        QStringList tickets;        // --tickets: ticket ids, comma-separated
        QString ticketsFile;        // --tickets-file: one ticket id per line
        int maxConcurrency = 0;     // --max-concurrency: requests in flight at most; 0: automatic
        QString jsonl;              // --jsonl: one JSON line per ticket into this file
        // Not a flag: the keychain service the app's secrets live under (tests use their own).
        QString keychainService = QStringLiteral("OutreachGPT");

        bool headless() const {
            return sync || flushOutbox || !generateTicket.isEmpty() || generateBatch || resumeBatch;
        }
    };

    enum class Action { Run, PrintAndExit, FailAndExit };

    struct Parsed {
        Action action = Action::Run;
        Options options;
        QString output; // what to print for PrintAndExit (stdout) and FailAndExit (stderr)
    };

    // `arguments` includes the program name first, as QCoreApplication::arguments() does.
    static Parsed parse(const QStringList &arguments);
};
