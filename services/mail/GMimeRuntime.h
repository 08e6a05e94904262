// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Starts GMime once per process, before the first message is built or parsed.
class GMimeRuntime {
public:
    static void ensureStarted();
};
