// SPDX-License-Identifier: GPL-3.0-or-later
#include "mail/GMimeRuntime.h"

// GLib's headers use "signals" as a name, which Qt defines as a keyword.
#pragma push_macro("signals")
#undef signals
#include <gmime/gmime.h>
#pragma pop_macro("signals")

#include <mutex>

void GMimeRuntime::ensureStarted() {
    static std::once_flag started;
    // Never shut down: g_mime_shutdown() at exit would race threads still parsing.
    std::call_once(started, [] { g_mime_init(); });
}
