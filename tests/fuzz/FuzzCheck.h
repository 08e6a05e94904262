// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// What the fuzz targets share: a property check that stops the run the way a sanitizer does, so
// libFuzzer keeps the input as a crash artifact, and the same check when a regression corpus is
// replayed by ctest.

#include <QByteArray>
#include <QString>

#include <cstdio>
#include <cstdlib>

// Aborts with `what` and, when given, the two values that differ.
inline void fuzzCheck(bool holds, const char *what, const QString &expected = {},
                      const QString &actual = {}) {
    if (holds)
        return;
    std::fprintf(stderr, "fuzz property failed: %s\n", what);
    if (!expected.isNull() || !actual.isNull()) {
        std::fprintf(stderr, "  expected: %s\n  actual:   %s\n",
                     expected.left(400).toUtf8().constData(),
                     actual.left(400).toUtf8().constData());
    }
    std::abort();
}

// A small deterministic generator for split points, seeded from the input, so that a crash
// artifact replays exactly (libFuzzer's own randomness is not part of the input).
class FuzzSplitter {
public:
    explicit FuzzSplitter(unsigned seed)
        : m_state(seed * 2654435761u + 1u) {}
    // The length of the next piece, 1..max.
    qsizetype next(qsizetype max) {
        m_state = m_state * 1103515245u + 12345u;
        return max <= 1 ? 1 : qsizetype((m_state >> 16) % unsigned(max)) + 1;
    }

private:
    unsigned m_state;
};
